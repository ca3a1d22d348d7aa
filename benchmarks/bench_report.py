"""A new user's corpus, end to end: the default report run on PolNeAR train as a corpus.

Measured in one run, each figure against a baseline of the same run:

* the bare parse: a two-process ``nlp.pipe`` of the corpus's cleaned texts
  (the model loaded before timing);
* **cold**: ``python -m analysis report --corpus DIR`` with the default
  ``reports.yml`` and an empty store (target: at most 5x the bare parse);
* **warm**: the same command again, store filled and nothing changed
  (target: at most 1x);
* the cost of each article page after the first (HTML; target 0.3 s), read
  off the run's own ``done in`` lines;
* **scale**: the corpus repeated 4x with new ids (every copy a new text), cold:
  peak memory at most 1.2x the 1x run's, time at most 4.4x;
* ``make report`` on the seeds, warm (target 30 s).

Peak memory is the largest resident set of any process of the run (the
runner, its spaCy workers and kernels: ``RUSAGE_CHILDREN`` of a wrapper).
The PolNeAR texts are built into a temporary folder; skipped when
``../shared`` is absent.

    python -m benchmarks.bench_report [--scale 4] [--no-scale] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import ROOT, pipe_seconds
from .machine import describe
from .polnear_corpus import build

REPORT = [sys.executable, "-m", "analysis", "report", "--config", str(ROOT / "reports.yml"), "--quiet"]
_DONE = re.compile(r"\] article/\S+: done in ([\d.]+)s")


def _child(argv: list[str]) -> int:
    """Run one command, its stderr into the file ``argv[0]``; print its wall time and the peak memory
    of its process tree as JSON."""
    log, argv = argv[0], argv[1:]
    t0 = time.perf_counter()
    with open(log, "w", encoding="utf-8") as err:
        proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=err, text=True)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "returncode": proc.returncode}))
    return 0


def measure(argv: list[str]) -> dict:
    """``argv`` run in a wrapper process: seconds, peak MiB (largest process of the tree), stderr
    (whole: a run of thousands of pages writes megabytes of progress lines)."""
    with tempfile.NamedTemporaryFile("r", suffix=".log", encoding="utf-8") as log:
        out = subprocess.run([sys.executable, "-m", "benchmarks.bench_report", "--child", log.name, *argv],
                             capture_output=True, text=True, cwd=ROOT, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["stderr"] = Path(log.name).read_text(encoding="utf-8")
    if result["returncode"] != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {result['returncode']}: {result['stderr'][-2000:]}")
    return result


def bare_parse(folder: Path) -> tuple[float, int]:
    """Seconds of a two-process ``nlp.pipe`` over the corpus's cleaned texts, and its words."""
    from analysis import load_corpus
    from analysis.nlp import load_pipeline

    corpus = load_corpus(folder)
    texts = list(corpus.articles["text"])
    nlp = load_pipeline()
    for _ in nlp.pipe(texts[:4]):  # warm-up
        pass
    return pipe_seconds(nlp, texts, batch_size=32, n_process=2), int(corpus.articles["n_words"].sum())


def report_run(folder: Path, out: Path) -> dict:
    result = measure([*REPORT, "--corpus", str(folder), "--output-dir", str(out)])
    pages = [float(s) for s in _DONE.findall(result["stderr"])]
    result["pages"] = len(pages)
    result["page_mean"] = statistics.fmean(pages[1:]) if len(pages) > 1 else float("nan")
    result["page_median"] = statistics.median(pages[1:]) if len(pages) > 1 else float("nan")
    return result


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return _child(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_report")
    parser.add_argument("--scale", type=int, default=4, help="copies of the corpus for the scale run")
    parser.add_argument("--no-scale", action="store_true", help="leave out the scale run")
    parser.add_argument("--limit", type=int, default=0, help="first N PolNeAR train articles (0: all 840)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        tmp = Path(tmp)
        folder = build(tmp / "polnear", limit=args.limit)
        if folder is None:
            print("bench_report: skipped (no PolNeAR at ../shared)")
            return 0
        print(f"machine: {describe()}")
        bare, words = bare_parse(folder)
        cold = report_run(folder, tmp / "out")
        warm = report_run(folder, tmp / "out")
        n = len(list(folder.glob("*.txt")))
        print(f"corpus: {n} PolNeAR train articles, {words:,} words (cleaned)")
        print(f"bare two-process nlp.pipe: {bare:.1f} s")
        print(f"cold report run: {cold['seconds']:.1f} s = {cold['seconds'] / bare:.2f}x bare (target <= 5x); "
              f"peak {cold['peak_mib']:.0f} MiB; {cold['pages']} article pages, after the first "
              f"mean {cold['page_mean']:.3f} s, median {cold['page_median']:.3f} s (target <= 0.3 s)")
        print(f"warm report run: {warm['seconds']:.1f} s = {warm['seconds'] / bare:.2f}x bare (target <= 1x)")
        if not args.no_scale and args.scale > 1:
            big = build(tmp / f"polnear-x{args.scale}", copies=args.scale, limit=args.limit)
            scaled = report_run(big, tmp / "out-big")
            print(f"scale x{args.scale} cold run: {scaled['seconds']:.1f} s = "
                  f"{scaled['seconds'] / cold['seconds']:.2f}x the 1x run (target <= 4.4x); peak "
                  f"{scaled['peak_mib']:.0f} MiB = {scaled['peak_mib'] / cold['peak_mib']:.2f}x (target <= 1.2x)")
        seeds = [*REPORT[:-1], "--quiet"]
        measure(seeds)  # the seeds' reports made (or already up to date)
        again = measure(seeds)
        print(f"make report on the seeds, warm: {again['seconds']:.1f} s (target <= 30 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
