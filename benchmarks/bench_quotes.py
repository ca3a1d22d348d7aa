"""Quote extraction time over a bare ``nlp.pipe`` on the same texts (target: total <= 1.15x the parse).

Uses the PolNeAR train texts in ../shared (skipped when absent):
    PYTHONPATH=. python -m benchmarks            # or: python benchmarks/bench_quotes.py [N]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"


def main(n: int = 200) -> int:
    if not TRAIN.exists():
        print(f"bench_quotes: skipped ({TRAIN} not found)")
        return 0
    sys.path.insert(0, str(ROOT))
    from analysis.clean import normalize_text
    from analysis.nlp import load_pipeline
    from analysis.quotes import doc_quotes

    texts = [normalize_text(p.read_text(encoding="utf-8")) for p in sorted(TRAIN.glob("*.txt"))[:n]]
    nlp = load_pipeline()
    list(nlp.pipe(texts[:5]))  # warm-up
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_quotes = sum(len(doc_quotes(d)) for d in docs)
    t_quotes = time.perf_counter() - t0
    ratio = (t_parse + t_quotes) / t_parse
    print(f"bench_quotes: {len(texts)} texts, {sum(len(t) for t in texts) / 1e6:.2f} M chars; "
          f"nlp.pipe {t_parse:.2f}s, quotes {t_quotes:.2f}s ({n_quotes} quotes); "
          f"(parse+quotes)/parse = {ratio:.3f} (target <= 1.15)")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
