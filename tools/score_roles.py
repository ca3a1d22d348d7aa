"""Score speaker roles and affiliations against a hand-labelled gold set (figures only, no text).

Gold: ``tools/data/speaker_roles.tsv`` (doc_id, start, end of a PolNeAR train source span or of a
speaker mention in a seed article; the role class and the affiliation the article states; its
header is the labelling guide).  Each article is parsed and run through
:func:`analysis.extract.quotes.doc_quotes`; a gold row is *found* when an extracted quote's speaker
mention overlaps its span (the first such quote is scored).

- role accuracy: of the gold rows found, the share whose ``speaker_role`` equals the gold role;
- affiliation accuracy: of the gold rows found that have an affiliation, the share whose
  ``speaker_affiliation`` matches one of the gold's alternatives compared by
  :func:`analysis.extract.quotes.roles.affiliation_key`;
- a confusion summary of roles (gold -> extracted, the off-diagonal cells).

Split: gold articles whose id sorts in the first two thirds are the development part (rules were
checked there), the last third is held out; both and the whole are reported.

With ``--corpus DIR`` the rows are scored on what an analyst reads instead: the quotes table
(:func:`analysis.tables.quotes.quotes`) of the PolNeAR train corpus in ``DIR`` (as
``python -m benchmarks.polnear_corpus DIR`` builds it; extracted into its store when it is not yet)
and of ``seeds/``, where a named speaker's unstated role and affiliation come from the other articles
that quote the same actor.

    python tools/score_roles.py [--polnear ../shared/data/polnear/train] [--corpus DIR] [--json FILE]
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import load_corpus  # noqa: E402
from analysis.extract.quotes import doc_quotes  # noqa: E402
from analysis.extract.quotes.roles import affiliation_key  # noqa: E402
from analysis.nlp import load_pipeline  # noqa: E402

GOLD = ROOT / "tools/data/speaker_roles.tsv"
SEEDS = ROOT / "seeds"

def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Z][A-Za-z]+", name))


def affiliation_matches(system: str | None, gold: str) -> bool:
    """Whether the extracted affiliation matches one of the gold's '|'-separated alternatives: the
    same normalised form, one's words all among the other's ('Rice University' and 'Rice
    University in Houston'), or an acronym and the name it abbreviates ('SDF' and 'Syrian
    Democratic Forces')."""
    n = affiliation_key(system)
    if not n:
        return False
    a = set(n.split())
    for alt in gold.split("|"):
        g = affiliation_key(alt)
        b = set(g.split())
        if g and (g == n or a <= b or b <= a):
            return True
        short, long_ = sorted((system.strip(), alt.strip()), key=len)
        if short.isupper() and len(short) >= 2 and _initials(long_) == short:
            return True
    return False


def read_gold(path: Path = GOLD) -> list[dict]:
    return list(csv.DictReader((line for line in open(path, encoding="utf-8") if not line.startswith("#")),
                               delimiter="\t"))


def texts(doc_ids: set[str], polnear: Path) -> dict[str, str]:
    out = {}
    seeds = {d for d in doc_ids if not (polnear / "text" / f"{d}.txt").exists()}
    if seeds:
        arts = load_corpus(SEEDS).articles
        out.update({d: t for d, t in zip(arts.doc_id, arts.text) if d in seeds})
    for d in doc_ids - seeds:
        out[d] = (polnear / "text" / f"{d}.txt").read_text(encoding="utf-8")
    return out


def offset_map(raw: str, clean: str):
    """A function taking an offset into ``raw`` to the same character in ``clean`` (the loader may
    drop a title line the manifest repeats, or a stray no-break space), None where it was dropped."""
    import difflib

    blocks = difflib.SequenceMatcher(None, raw, clean, autojunk=False).get_matching_blocks()

    def to_clean(i: int) -> int | None:
        for a, b, n in blocks:
            if a <= i < a + n or (i == a + n and n):
                return b + i - a
        return None
    return to_clean


def table_quotes(folders: list[Path], body: dict[str, str]) -> dict[str, tuple]:
    """The quotes table's rows per gold article of the corpora in ``folders`` (extracted first where
    the store lacks them), each with :func:`offset_map` from the raw text to the corpus's."""
    import pandas as pd

    from analysis.store import extract
    from analysis.tables.quotes import quotes

    out: dict[str, list] = {}
    for folder in folders:
        corpus = load_corpus(folder)
        extract(corpus, progress=False)
        mine = {d: offset_map(body[d], t) for d, t in zip(corpus.articles.doc_id, corpus.articles.text) if d in body}
        rows: dict[str, list] = {d: [] for d in mine}
        for q in quotes(corpus).itertuples(index=False):
            if q.doc_id in mine and pd.notna(q.speaker_start):
                rows[q.doc_id].append(q)
        out.update({d: (rows[d], mine[d]) for d in mine})
    return out


def score(rows: list[dict], polnear: Path, corpus: Path | None = None) -> dict:
    """Per-row outcomes and the figures of the development part, the held-out part and the whole;
    with ``corpus``, of the quotes table (see the module's docstring) instead of one article's quotes."""
    by_doc = defaultdict(list)
    for r in rows:
        by_doc[r["doc_id"]].append(r)
    ids = sorted(by_doc)
    dev = set(ids[:len(ids) * 2 // 3])
    body = texts(set(ids), polnear)
    if corpus is not None:
        tabled = table_quotes([corpus, SEEDS], body)
        missing = sorted(set(ids) - set(tabled))
        if missing:
            raise SystemExit(f"{len(missing)} gold articles are not in {corpus}, e.g. {missing[0]}")
    else:
        nlp = load_pipeline()
    outcomes, dropped = [], 0
    for doc_id in ids:
        qs, to_clean = tabled[doc_id] if corpus is not None else (doc_quotes(nlp(body[doc_id])), int)
        for g in by_doc[doc_id]:
            s, e = to_clean(int(g["start"])), to_clean(int(g["end"]))
            if s is None or e is None:  # in a title line the loader took off as the manifest's title
                dropped += 1
                continue
            hit = [q for q in qs if q.speaker_start is not None and min(q.speaker_end, e) > max(q.speaker_start, s)]
            q = hit[0] if hit else None
            outcomes.append({"part": "dev" if doc_id in dev else "held-out", "gold_role": g["role"],
                             "found": q is not None, "role": q.speaker_role if q else None,
                             "gold_affiliation": bool(g["affiliation"]),
                             "affiliation_right": bool(q and g["affiliation"]
                                                       and affiliation_matches(q.speaker_affiliation, g["affiliation"]))})
    figures = {"not_in_text": dropped}
    for part in ("dev", "held-out", "all"):
        o = [x for x in outcomes if part == "all" or x["part"] == part]
        found = [x for x in o if x["found"]]
        with_aff = [x for x in found if x["gold_affiliation"]]
        figures[part] = {
            "gold": len(o), "found": len(found),
            "role_accuracy": round(sum(x["role"] == x["gold_role"] for x in found) / len(found), 3) if found else 0.0,
            "affiliation_gold": len(with_aff),
            "affiliation_accuracy": round(sum(x["affiliation_right"] for x in with_aff) / len(with_aff), 3)
            if with_aff else 0.0}
    confusion = Counter((x["gold_role"], x["role"]) for x in outcomes if x["found"] and x["role"] != x["gold_role"])
    figures["confusion"] = {f"{g} -> {s}": n for (g, s), n in confusion.most_common()}
    figures["per_role"] = {role: f"{sum(x['role'] == role for x in outcomes if x['found'] and x['gold_role'] == role)}"
                                 f"/{sum(1 for x in outcomes if x['found'] and x['gold_role'] == role)}"
                           for role in sorted({x["gold_role"] for x in outcomes})}
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", default=str(ROOT.parent / "shared/data/polnear/train"))
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--corpus", help="score the quotes table of this PolNeAR train corpus folder (and seeds/)")
    ap.add_argument("--json", help="write the figures to this file too")
    args = ap.parse_args()
    figures = score(read_gold(Path(args.gold)), Path(args.polnear), Path(args.corpus) if args.corpus else None)
    if figures["not_in_text"]:
        print(f"{figures['not_in_text']} gold rows left out: their words are not in the corpus's text")
    for part in ("dev", "held-out", "all"):
        f = figures[part]
        print(f"{part:9s} gold {f['gold']:4d}, found as speaker {f['found']:4d}; role accuracy {f['role_accuracy']:.3f}; "
              f"affiliation accuracy {f['affiliation_accuracy']:.3f} (of {f['affiliation_gold']} with one)")
    print("per role (right/found):", ", ".join(f"{k} {v}" for k, v in figures["per_role"].items()))
    print("confusions (gold -> extracted):")
    for k, n in figures["confusion"].items():
        print(f"  {n:3d}  {k}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
