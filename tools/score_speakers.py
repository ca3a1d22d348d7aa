"""Score nominal-speaker resolution against a hand-labelled gold set (figures only, no text).

Gold: ``tools/data/nominal_speakers.tsv`` (doc_id, start, end of a PolNeAR train source span that
is a definite description such as "the senator", and the person it refers to).  Each article
is run through :func:`analysis.extract.quotes.doc_quotes`; the quote whose speaker mention
overlaps the gold span is looked up.  Resolution precision: of the gold mentions the extractor
resolved to a person (``speaker`` differs from the mention), the share with the referent's
surname; recall: of all gold mentions found as a speaker, the share resolved to the referent.

    python tools/score_speakers.py [--polnear ../shared/data/polnear/train]
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.extract.quotes import doc_quotes  # noqa: E402
from analysis.nlp import load_pipeline  # noqa: E402


def _surname(name: str) -> str:
    return name.split()[-1].lower().strip("'’s") if name and name.split() else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", default=str(ROOT.parent / "shared/data/polnear/train"))
    ap.add_argument("--gold", default=str(ROOT / "tools/data/nominal_speakers.tsv"))
    args = ap.parse_args()
    rows = list(csv.DictReader((line for line in open(args.gold, encoding="utf-8") if not line.startswith("#")),
                               delimiter="\t"))
    by_doc = defaultdict(list)
    for r in rows:
        by_doc[r["doc_id"]].append(r)
    nlp = load_pipeline()
    found = resolved = right = 0
    for doc_id, gold in sorted(by_doc.items()):
        text = (Path(args.polnear) / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")
        qs = doc_quotes(nlp(text))
        for g in gold:
            s, e = int(g["start"]), int(g["end"])
            hit = [q for q in qs if q.speaker_start is not None and min(q.speaker_end, e) > max(q.speaker_start, s)]
            if not hit:
                continue
            found += 1
            q = hit[0]
            if q.speaker and q.speaker != q.speaker_mention:
                resolved += 1
                right += _surname(q.speaker) == _surname(g["referent"])
    p = right / resolved if resolved else 0.0
    r = right / found if found else 0.0
    print(f"nominal speakers: gold {len(rows)}, found as speaker {found}, resolved {resolved}, right {right}; "
          f"precision {p:.3f}, recall {r:.3f}")


if __name__ == "__main__":
    main()
