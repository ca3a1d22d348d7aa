"""Build a corpus folder from PolNeAR (Newell, Margolin & Ruths 2018): a new user's multi-outlet corpus.

PolNeAR train is 840 US political news articles from seven publishers with
``metadata.tsv`` (publisher, date, title).  :func:`build` copies the texts into
a folder with a ``manifest.csv`` (outlet = publisher), the shape of corpus an
analyst brings.  ``copies=k`` repeats the corpus k times with new doc ids and
a distinct closing line per copy, so every copy is a new text to parse (the
store keys articles by text), for scale runs.

The texts are PolNeAR's: build into a temporary folder, never into the
project.  Skipped (None) when ``../shared`` is absent.

    python -m benchmarks.polnear_corpus OUT [--copies K] [--limit N]
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from .common import ROOT

POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


def metadata(split: str = "train") -> list[dict[str, str]]:
    """PolNeAR's metadata rows of one split, in file-name order ([] when ``../shared`` is absent)."""
    path = POLNEAR / "metadata.tsv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["compartment"] == split]
    return sorted(rows, key=lambda r: r["filename"])


def build(out: Path, *, split: str = "train", copies: int = 1, limit: int = 0) -> Path | None:
    """Write ``out/`` (articles + ``manifest.csv``) from a PolNeAR split; None when it is absent."""
    rows = metadata(split)
    if limit:
        rows = rows[:limit]
    texts = POLNEAR / split / "text"
    if not rows or not texts.is_dir():
        return None
    out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for k in range(copies):
        for r in rows:
            text = (texts / f"{r['filename']}.txt").read_text(encoding="utf-8")
            doc_id = r["filename"] if k == 0 else f"{r['filename']}-copy{k + 1}"
            if k:
                # A sentence of its own, so the copy is a new text to parse, not a stored one.
                text = text.rstrip() + f"\n\nThis article was filed again as copy number {k + 1} for the archive.\n"
            name = f"{doc_id}.txt"
            (out / name).write_text(text, encoding="utf-8")
            manifest.append({"doc_id": doc_id, "file": name, "outlet": r["publisher"],
                             "date": r["publication_date"], "title": r["title"]})
    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["doc_id", "file", "outlet", "date", "title"])
        writer.writeheader()
        writer.writerows(manifest)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.polnear_corpus")
    parser.add_argument("out", type=Path)
    parser.add_argument("--split", default="train")
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args(argv)
    folder = build(args.out, split=args.split, copies=args.copies, limit=args.limit)
    print(f"skipped: {POLNEAR} not found" if folder is None else f"wrote {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
