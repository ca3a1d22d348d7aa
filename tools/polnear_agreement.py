"""How far PolNeAR's own annotators agree, measured the way ``score_quotes.py`` measures the extractor.

Some PolNeAR articles were annotated twice, by two annotators (two ``.ann``
files for one text; ``score_quotes.py`` reads the first by name, "A").  For
each such article this scores annotator B's attributions against A's with the
official scorer's own reader, Dice and one-to-one matching (content Dice >=
0.5, each side matched once, best first; a speaker is right when its span
overlaps the other's source), then the extractor's output on the same
articles against A and against B.  Annotator B against A is the agreement a
quote extractor's F1 on this data can be read against: where two trained
annotators match each other at F1 0.82, an extractor scored against one of them
is near the ceiling of what this annotation can confirm.

Figures only (counts, P/R/F1), never PolNeAR text.  Skipped (exit 0) when
``../shared`` is absent.  A ``.ann`` that the official reader cannot parse is
skipped and counted.

    python tools/polnear_agreement.py [--split DIR ...] [--no-extractor] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_attributions import SHARED, _prf, _scorer, matched_pairs  # noqa: E402  (tools/ is no package)

SPLITS = [SHARED / "data" / "polnear" / "dev", SHARED / "data" / "polnear" / "train"]


def doubly_annotated(split: Path) -> tuple[list[tuple[Path, list[dict], list[dict]]], int]:
    """``(text file, A's attributions, B's attributions)`` for every article of ``split`` with two
    annotations (A: the file score_quotes.py reads, the first by name), and how many were skipped
    because a ``.ann`` could not be read."""
    by_text = defaultdict(list)
    for ann in sorted((split / "attributions").glob("*.ann")):
        by_text[ann.stem.rsplit("_", 1)[0]].append(ann)
    pairs, skipped = [], 0
    for stem, anns in sorted(by_text.items()):
        text = split / "text" / f"{stem}.txt"
        if len(anns) < 2 or not text.exists():
            continue
        try:
            pairs.append((text, _scorer().read_gold(anns[0]), _scorer().read_gold(anns[1])))
        except ValueError:
            skipped += 1
    return pairs, skipped


class Tally:
    """Counts of one comparison over many articles: gold, system, matched, speakers checked and right."""

    def __init__(self) -> None:
        self.gold = self.system = self.matched = self.speakers = self.speakers_right = 0

    def add(self, golds: list[dict], outs: list[dict]) -> None:
        """Score one article: ``golds`` as read_gold gives them, ``outs`` with ``content`` and ``source``
        (character spans, ``source`` None when unknown; another annotator's read_gold dicts qualify)."""
        sq = _scorer()
        pairs = matched_pairs([g["content"] for g in golds], [o["content"] for o in outs])
        self.gold += len(golds)
        self.system += len(outs)
        self.matched += len(pairs)
        for gi, oi in pairs:
            if golds[gi]["source"] is not None:
                self.speakers += 1
                self.speakers_right += sq.overlaps(golds[gi]["source"], outs[oi]["source"])

    def figures(self) -> dict:
        p, r, f1 = _prf(self.gold, self.system, self.matched)
        return {"gold": self.gold, "system": self.system, "matched": self.matched, "precision": round(p, 4),
                "recall": round(r, 4), "f1": round(f1, 4),
                "speaker": round(self.speakers_right / self.speakers, 4) if self.speakers else None}


def extractor_output(texts: list[Path]) -> dict[str, list[dict]]:
    """The extractor's quotes per text stem, as ``python -m analysis quotes --raw`` gives them."""
    import pandas as pd

    from analysis import quotes
    from analysis.core.corpus import load_files

    found: dict[str, list[dict]] = defaultdict(list)
    for row in quotes(load_files(texts, raw=True)).itertuples(index=False):
        source = None if pd.isna(row.speaker_start) else (int(row.speaker_start), int(row.speaker_end))
        found[str(row.doc_id)].append({"content": (int(row.start), int(row.end)), "source": source})
    return found


def agreement(splits: list[Path], *, extractor: bool = True) -> dict:
    """Figures of annotator B against A, and of the extractor against A and against B, on the
    doubly annotated articles of ``splits``."""
    articles, skipped = [], 0
    for split in splits:
        found, n_bad = doubly_annotated(split)
        articles += found
        skipped += n_bad
    tallies = {"annotator B vs A": Tally()}
    for _, a, b in articles:
        tallies["annotator B vs A"].add(a, b)
    if extractor and articles:
        output = extractor_output([text for text, _, _ in articles])
        tallies["extractor vs A"], tallies["extractor vs B"] = Tally(), Tally()
        for text, a, b in articles:
            tallies["extractor vs A"].add(a, output.get(text.stem, []))
            tallies["extractor vs B"].add(b, output.get(text.stem, []))
    return {"articles": len(articles), "skipped": skipped,
            "comparisons": {name: t.figures() for name, t in tallies.items()}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", type=Path, nargs="+", default=SPLITS, help="PolNeAR split folders (text/, attributions/)")
    ap.add_argument("--no-extractor", action="store_true", help="only the annotators against each other")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    splits = [s for s in args.split if (s / "attributions").is_dir()]
    if not splits:
        print(f"skipped: no PolNeAR split at {', '.join(map(str, args.split))}")
        return 0
    result = agreement(splits, extractor=not args.no_extractor)
    print(f"articles with two annotations: {result['articles']} (skipped, unreadable .ann: {result['skipped']})")
    print(f"{'':18} {'gold':>6} {'system':>6} {'matched':>7} {'P':>6} {'R':>6} {'F1':>6} {'speaker':>7}")
    for name, f in result["comparisons"].items():
        speaker = "-" if f["speaker"] is None else f"{f['speaker']:.3f}"
        print(f"{name:18} {f['gold']:6d} {f['system']:6d} {f['matched']:7d} {f['precision']:6.3f} "
              f"{f['recall']:6.3f} {f['f1']:6.3f} {speaker:>7}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
