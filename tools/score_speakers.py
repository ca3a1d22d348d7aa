"""Score nominal-speaker resolution against a hand-labelled gold set (figures only, no text).

Gold: ``tools/data/nominal_speakers.tsv`` (doc_id, start, end of a PolNeAR train source span that
is a definite description such as "the senator", and the person it refers to; an empty referent
when the article has not named that person before the span).  Each article is run through
:func:`analysis.extract.quotes.doc_quotes`; the quote whose speaker mention overlaps the gold span
is looked up.

* found: gold rows some quote has as its speaker mention;
* resolved: found rows whose ``speaker`` names someone: not the mention itself, nor an earlier
  description ('the man' -> 'One man in Manchester' is coreference, not a name);
* precision: of the resolved rows, the share resolved to the referent (a resolution on an
  empty-referent row is wrong);
* recall: of the found rows with a referent, the share resolved to it;
* unresolvable: the found empty-referent rows, and how many of them were (wrongly) resolved.

Split: the development rows are those of the articles whose doc_id sorts in the first two thirds
of the gold's articles; the last third is held out (rules were not written from it).

    python tools/score_speakers.py [--polnear ../shared/data/polnear/train]
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.extract.quotes import doc_quotes  # noqa: E402
from analysis.nlp import load_pipeline  # noqa: E402

GOLD = ROOT / "tools/data/nominal_speakers.tsv"
POLNEAR = ROOT.parent / "shared/data/polnear/train"
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def read_gold(path: Path = GOLD) -> list[dict]:
    """The gold rows (doc_id, start, end, referent), comment lines skipped."""
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


def split_docs(rows: list[dict]) -> tuple[set[str], set[str]]:
    """(development, held-out) doc_ids: the first two thirds of the sorted doc_ids, the rest."""
    docs = sorted({r["doc_id"] for r in rows})
    cut = (2 * len(docs) + 2) // 3
    return set(docs[:cut]), set(docs[cut:])


def _names(name: str) -> list[str]:
    words = [re.sub(r"(’s|'s)$", "", w).strip(".,'’").lower() for w in name.split()]
    return [w for w in words if w and w not in _SUFFIXES]


def same_referent(speaker: str, referent: str) -> bool:
    """Whether a resolved speaker names the referent: the last name of either is a name of the other
    ('Mr. Trump' / 'Donald J. Trump', 'Prince Alwaleed' / 'Alwaleed Bin Talal', 'Harris' / 'Harry B. Harris Jr.')."""
    s, r = _names(speaker), _names(referent)
    return bool(s and r) and (s[-1] in r or r[-1] in s)


def _names_someone(speaker: str | None, mention: str) -> bool:
    """Whether a speaker resolves its mention to a name: not the mention itself (in any case), nor
    an earlier description ('a narrator', 'One man in Manchester'), which names no one."""
    if not speaker or speaker.lower() == mention.lower():
        return False
    return speaker.split()[0].lower() not in _DESCRIBED


_DESCRIBED = {"a", "an", "one", "another", "the", "some", "two", "three", "several", "this", "that"}


def resolve_rows(rows: list[dict], polnear: Path = POLNEAR, nlp=None) -> list[dict]:
    """Each gold row with what the extractor did: ``found`` (a quote has it as speaker mention),
    ``speaker`` (the resolved speaker, None when unresolved or not found)."""
    by_doc = defaultdict(list)
    for r in rows:
        by_doc[r["doc_id"]].append(r)
    nlp = nlp or load_pipeline()
    out = []
    for doc_id, gold in sorted(by_doc.items()):
        text = (Path(polnear) / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")
        qs = doc_quotes(nlp(text))
        for g in gold:
            s, e = int(g["start"]), int(g["end"])
            hit = [q for q in qs if q.speaker_start is not None and min(q.speaker_end, e) > max(q.speaker_start, s)]
            q = hit[0] if hit else None
            speaker = q.speaker if q is not None and _names_someone(q.speaker, q.speaker_mention) else None
            out.append({**g, "found": q is not None, "speaker": speaker})
    return out


def figures(results: list[dict]) -> dict:
    """n, found, resolved, right, precision, recall, and the unresolvable rows (found, resolved)."""
    found = [r for r in results if r["found"]]
    named = [r for r in found if r["referent"]]
    resolved = [r for r in found if r["speaker"]]
    right = [r for r in resolved if r["referent"] and same_referent(r["speaker"], r["referent"])]
    empty = [r for r in found if not r["referent"]]
    return {"n": len(results), "found": len(found), "resolved": len(resolved), "right": len(right),
            "precision": len(right) / len(resolved) if resolved else 0.0,
            "recall": len(right) / len(named) if named else 0.0,
            "unresolvable": len(empty), "unresolvable_resolved": sum(1 for r in empty if r["speaker"])}


def _line(label: str, f: dict) -> str:
    return (f"{label:9s} gold {f['n']:3d}, found as speaker {f['found']:3d}, resolved {f['resolved']:3d}, "
            f"right {f['right']:3d}; precision {f['precision']:.3f}, recall {f['recall']:.3f}; "
            f"unresolvable {f['unresolvable']} (resolved anyway {f['unresolvable_resolved']})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", default=str(POLNEAR))
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--errors", action="store_true", help="list the wrong rows (ids, offsets and names only)")
    args = ap.parse_args()
    rows = read_gold(Path(args.gold))
    results = resolve_rows(rows, Path(args.polnear))
    dev, held = split_docs(rows)
    print("nominal speakers")
    for label, keep in (("dev", dev), ("held-out", held), ("all", dev | held)):
        print(_line(label, figures([r for r in results if r["doc_id"] in keep])))
    if args.errors:
        for r in results:
            if not r["found"]:
                print("not found", r["doc_id"], r["start"], r["end"], r["referent"] or "-")
            elif r["speaker"] and not (r["referent"] and same_referent(r["speaker"], r["referent"])) \
                    or not r["speaker"] and r["referent"]:
                print("wrong    ", r["doc_id"] in dev and "dev " or "held", r["doc_id"], r["start"], r["end"],
                      repr(r["referent"]), "->", repr(r["speaker"]))


if __name__ == "__main__":
    main()
