"""Stories at scale: :func:`analysis.stories` on 10,000 articles against loading them, and its memory.

The corpus: ``../shared/data/news_cluster/articles.jsonl`` (383 articles;
never committed) repeated as one Media Cloud export in a temporary folder,
each copy with fresh ids and its dates shifted by ``SHIFT_DAYS`` (so a copy's
stories are new stories, as in a corpus collected over a long time), cut to
the size wanted.  For each size, in a fresh child process:

* ``load_corpus`` of the folder, timed;
* ``stories`` on the loaded corpus (the table cache bypassed), timed: target
  at most 2x the load time at 10,000 articles;
* memory: the peak of Python-tracked allocations (tracemalloc, which numpy
  and scipy report to) during a second ``stories`` run, and the process's
  peak RSS; target: flat, i.e. the stories' peak per article at 10,000
  within 1.5x of that at 1x (no all-pairs matrix).

Figures are printed (a Markdown table row per size).  Skipped when ``../shared`` is absent.

    python -m benchmarks.bench_stories [--sizes 383,1532,10000]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import ROOT
from .machine import describe

DATA = ROOT.parent / "shared" / "data" / "news_cluster" / "articles.jsonl"
SHIFT_DAYS = 2000  # more than the corpus's own span (2013-2018) plus stories' max_days
SIZES = (383, 1532, 10_000)


def make_export(folder: Path, n: int) -> Path:
    """A corpus folder holding ``export.jsonl``: the news_cluster rows repeated to ``n`` articles."""
    import pandas as pd

    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "export.jsonl").open("w", encoding="utf-8") as fh:
        for k in range(n):
            copy, row = divmod(k, len(rows))
            out = dict(rows[row])
            out["id"] = f"{out['id']}-{copy}"
            date = pd.Timestamp(out["publish_date"]) + pd.Timedelta(days=SHIFT_DAYS * copy)
            out["publish_date"] = date.isoformat()
            fh.write(json.dumps(out) + "\n")
    return folder


def child(folder: Path) -> dict:
    """Load, time ``stories``, then trace its memory (a second run), in this process."""
    import tracemalloc
    import warnings

    warnings.filterwarnings("ignore")
    from analysis import load_corpus
    from analysis.tables.stories import stories

    raw = stories.__wrapped__  # the table itself, not the cache
    t0 = time.perf_counter()
    corpus = load_corpus(folder)
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    table = raw(corpus)
    t_stories = time.perf_counter() - t0
    tracemalloc.start()
    raw(corpus)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sizes = table["story_id"].value_counts()
    return {"n": len(corpus), "load_s": t_load, "stories_s": t_stories, "traced_peak_mib": peak / 2**20,
            "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "stories": int(len(sizes)), "alone": int((sizes == 1).sum()), "largest": int(sizes.max())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_stories")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="articles per run, comma-separated")
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child)))
        return 0
    if not DATA.exists():
        print(f"skipped: {DATA} not found")
        return 0
    print(describe())
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            folder = make_export(Path(tmp) / f"n{n}", n)
            out = subprocess.run([sys.executable, "-m", "benchmarks.bench_stories", "--child", str(folder)],
                                 cwd=ROOT, capture_output=True, text=True, check=True)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            r = results[-1]
            print(f"{r['n']:>6} articles: load {r['load_s']:.1f} s, stories {r['stories_s']:.1f} s "
                  f"({r['stories_s'] / r['load_s']:.2f}x load); stories' traced peak {r['traced_peak_mib']:.0f} MiB "
                  f"({1024 * r['traced_peak_mib'] / r['n']:.0f} KiB/article), process peak RSS "
                  f"{r['maxrss_mib']:.0f} MiB; {r['stories']} stories, {r['alone']} alone, largest {r['largest']}",
                  flush=True)
    first, last = results[0], results[-1]
    per = [r["traced_peak_mib"] / r["n"] for r in (first, last)]
    print("| benchmark | measured | ratio | target |\n|---|---|---|---|")
    print(f"| stories vs load_corpus ({last['n']:,} articles, news_cluster repeated) | load {last['load_s']:.1f} s, "
          f"stories {last['stories_s']:.1f} s | {last['stories_s'] / last['load_s']:.2f}x | <= 2x |")
    print(f"| stories' peak memory per article, {last['n']:,} vs {first['n']:,} articles | "
          + ", ".join(f"{r['n']:,} art. {r['traced_peak_mib']:.0f} MiB traced / {r['maxrss_mib']:.0f} MiB RSS"
                      for r in results)
          + f" | {per[1] / per[0]:.2f} | <= 1.5 |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
