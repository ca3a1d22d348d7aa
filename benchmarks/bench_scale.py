"""Scale benchmarks: extraction throughput, the store, streaming memory, Dask, report run time.

Texts: the PolNeAR train split (``../shared/data/polnear/train/text``, 840
articles; never committed), replicated for the larger sizes with a line
"(Copy k.)" appended, so every copy has its own text key and is parsed.  The
articles are spread over four pseudo-outlets in a corpus folder with a
manifest and ``seeds/actors.yml`` as its dictionary.  Every figure is a ratio
of two runs made here, in the same invocation:

a. extraction throughput: ``analysis.extract`` into an empty store (dictionary
   pipeline, per-article tables, Parquet writes) against a bare ``nlp.pipe``
   of the plain model over the same texts, same batch size and processes;
   target >= 0.85;
b. a report (every table the notebooks show) over an unchanged, extracted
   corpus against the same report parsing in memory, each in a fresh
   process (Python start-up and imports excluded, model loading included):
   the first report after extraction, and the same report again (whole
   tables kept in the store); target >= 20x;
c. peak resident memory (``ru_maxrss`` of a child process) of load + extract
   at 1x, 4x and 16x the base size (the base articles replicated, so the
   batches are alike and only retained memory can grow); target: 16x within
   1.5x of 1x;
d. Dask: ``extract`` on ``analysis.store.local_cluster(2)`` (2 single-threaded
   worker processes, dask's profiler and forced malloc trim off) against one
   local process, and on a LocalCluster with dask's default worker settings
   for comparison (workers started and their pipelines loaded before timing);
   target >= 1.6x;
e. papermill: the outlet comparison notebook on the seeds (the corpus
   overview while that notebook does not exist) against an empty notebook,
   i.e. kernel start-up; reported.

Sizes (articles) come from the environment or the command line:
``OUTLET_LENS_BENCH_N`` (a, b, d; default 300) and ``OUTLET_LENS_BENCH_MEMORY_BASE``
(c; default 100).  Results are printed and written to ``benchmarks/RESULTS.md``
(``--results PATH``; ``--results -``: print only).

    python -m benchmarks.bench_scale [--n 300] [--memory-base 100] [--only a,b,c,d,e]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import POLNEAR, ROOT, pipe_seconds, text_files
from .machine import describe
OUTLETS = ["Outlet A", "Outlet B", "Outlet C", "Outlet D"]
TARGETS = {"a": ">= 0.85", "b": ">= 20x", "c": "<= 1.5", "d": ">= 1.6x", "e": "reported"}


# --------------------------------------------------------------------------- set-up

def make_corpus(folder: Path, texts: list[str], n: int) -> Path:
    """A corpus folder of ``n`` articles cycled from ``texts`` (copies made unique), with a manifest."""
    import csv
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(n):
        copy, j = divmod(i, len(texts))
        text = texts[j] + (f"\n\n(Copy {copy}.)\n" if copy else "")
        name = f"a{i:06d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        rows.append({"doc_id": f"a{i:06d}", "file": name, "outlet": OUTLETS[i % len(OUTLETS)],
                     "date": "2017-01-01", "title": "", "url": "", "wire": "", "language": "en"})
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    shutil.copy(ROOT / "seeds" / "actors.yml", folder / "actors.yml")
    return folder


def child(*args: str) -> dict:
    """Run this module's child mode in a fresh interpreter; returns its JSON answer."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-m", "benchmarks.bench_scale", "--child", *args], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


REPORT_TABLES = ["actors", "actor_coverage", "naming", "cooccurrence", "discovered_actors", "quotes",
                 "share_of_voice", "verb_profile", "shared_statements", "hedges", "loaded_terms"]


def child_main(argv: list[str]) -> int:
    """Child modes: ``report FOLDER [STORE]`` and ``memory FOLDER STORE``; prints one JSON line."""
    import resource

    mode, folder, *rest = argv
    t0 = time.perf_counter()
    import analysis

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    if mode == "report":
        corpus = analysis.open_corpus(folder, store=rest[0] if rest else None)
        rows = sum(len(getattr(analysis, name)(corpus)) for name in REPORT_TABLES)
        answer = {"seconds": time.perf_counter() - t0, "rows": rows, "parsed": "nlp.docs" in corpus.cache}
    else:
        analysis.extract(folder, store=rest[0], progress=False, chunk_size=64)
        answer = {"seconds": time.perf_counter() - t0}
    answer["import_seconds"] = t_import
    answer["maxrss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(answer))
    return 0


# --------------------------------------------------------------------------- the benchmarks

def bench_throughput(folder: Path, tmp: Path, *, batch_size: int, n_process: int) -> dict:
    from analysis import load_corpus
    from analysis.core.dictionary import corpus_dictionary
    from analysis.nlp import build_pipeline, load_pipeline
    from analysis.store import extract

    corpus = load_corpus(folder)
    texts = list(corpus.articles["text"])
    words = int(corpus.articles["n_words"].sum())
    bare_nlp = load_pipeline()
    for nlp in (bare_nlp, build_pipeline(corpus_dictionary(corpus))):  # loading is not what is measured
        list(nlp.pipe(texts[:5]))
    def run_bare() -> float:
        return pipe_seconds(bare_nlp, texts, batch_size=batch_size, n_process=n_process)

    # bare, extract, bare: the mean of the two bare runs cancels a drift in the machine's load.
    bare = run_bare()
    t0 = time.perf_counter()
    extract(corpus, store=tmp / "store-a", batch_size=batch_size, n_process=n_process, progress=False)
    full = time.perf_counter() - t0
    bare = (bare + run_bare()) / 2
    return {"articles": len(texts), "words": words, "bare_s": bare, "extract_s": full,
            "bare_wps": words / bare, "extract_wps": words / full, "ratio": bare / full}


def bench_cached_report(folder: Path, tmp: Path) -> dict:
    store = tmp / "store-b"
    child("memory", str(folder), str(store))  # fill the store (not timed)
    cold = child("report", str(folder))
    parts = set(store.rglob("part-*.parquet"))
    first = child("report", str(folder), str(store))   # per-article rows read, tables computed and kept
    again = child("report", str(folder), str(store))   # the same report again: whole tables read
    for warm in (first, again):
        if warm["parsed"] or warm["rows"] != cold["rows"] or set(store.rglob("part-*.parquet")) != parts:
            raise RuntimeError(f"the cached report parsed, extracted or differs (did the code change during "
                               f"the run?): {warm} vs {cold}")
    return {"cold_s": cold["seconds"], "first_s": first["seconds"], "warm_s": again["seconds"],
            "rows": cold["rows"], "first_ratio": cold["seconds"] / first["seconds"],
            "ratio": cold["seconds"] / again["seconds"]}


def bench_memory(texts: list[str], tmp: Path, base: int) -> dict:
    # The k-x corpus is the 1x articles k times over (copies made unique), so every size has the
    # same longest article and batch: what grows is only what the run keeps.
    out = {}
    for factor in (1, 4, 16):
        folder = make_corpus(tmp / f"mem{factor}", texts[:base], base * factor)
        answer = child("memory", str(folder), str(tmp / f"store-c{factor}"))
        out[factor] = {"articles": base * factor, "maxrss_mib": answer["maxrss_mib"], "seconds": answer["seconds"]}
    out["ratio"] = out[16]["maxrss_mib"] / out[1]["maxrss_mib"]
    return out


def bench_dask(folder: Path, tmp: Path, *, batch_size: int) -> dict:
    """One process, then ``analysis.store.local_cluster(2)`` (the figure), then a LocalCluster with dask's
    default worker settings (for comparison); every cluster's workers warmed up before timing."""
    from distributed import Client, LocalCluster

    from analysis import load_corpus
    from analysis.store import extract, local_cluster

    corpus = load_corpus(folder)
    chunk = max(1, len(corpus) // 16)
    extract(load_corpus(folder), store=tmp / "store-d-warm", progress=False, chunk_size=5)  # model loaded here
    t0 = time.perf_counter()
    extract(corpus, store=tmp / "store-d1", batch_size=batch_size, chunk_size=chunk, progress=False)
    single = time.perf_counter() - t0
    warm = make_corpus(tmp / "dask-warm", [f"Warm-up article {i} from Reuters." for i in range(4)], 4)
    seconds = {}
    for name, make in (("tuned", lambda: local_cluster(2)),
                       ("default", lambda: LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                                        dashboard_address=None))):
        with make() as cluster, Client(cluster) as client:
            extract(warm, store=tmp / f"store-d-warm-{name}", scheduler=client, chunk_size=1, progress=False)
            corpus = load_corpus(folder)
            t0 = time.perf_counter()
            extract(corpus, store=tmp / f"store-d-{name}", scheduler=client, batch_size=batch_size,
                    chunk_size=chunk, progress=False)
            seconds[name] = time.perf_counter() - t0
    return {"articles": len(corpus), "single_s": single, "dask_s": seconds["tuned"],
            "default_s": seconds["default"], "ratio": single / seconds["tuned"],
            "default_ratio": single / seconds["default"]}


def bench_papermill(tmp: Path) -> dict:
    import nbformat
    import papermill as pm

    notebook = ROOT / "notebooks" / "outlet_comparison.ipynb"
    if not notebook.exists():
        notebook = ROOT / "notebooks" / "corpus_overview.ipynb"
    empty = tmp / "empty.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, empty)
    times = {}
    for name, path, params in (("empty", empty, {}), ("report", notebook, {"corpus": str(ROOT / "seeds")})):
        t0 = time.perf_counter()
        pm.execute_notebook(str(path), str(tmp / f"out-{name}.ipynb"), parameters=params, cwd=str(path.parent),
                            progress_bar=False, kernel_name="python3")
        times[name] = time.perf_counter() - t0
    return {"notebook": notebook.name, "empty_s": times["empty"], "report_s": times["report"],
            "ratio": times["report"] / times["empty"]}


# --------------------------------------------------------------------------- main

def _command(argv: list[str]) -> str:
    env = " ".join(f"{k}={os.environ[k]}" for k in ("OUTLET_LENS_BENCH_N", "OUTLET_LENS_BENCH_MEMORY_BASE")
                   if k in os.environ)
    via_main = Path(sys.argv[0]).name == "__main__.py" and Path(sys.argv[0]).parent.name == "benchmarks"
    cmd = "python -m benchmarks" if via_main else "python -m benchmarks.bench_scale " + " ".join(argv)
    return f"{env} {cmd}".strip()


NOTES = """Notes. a: the dictionary pipeline (EntityRuler) plus per-article tables and Parquet writes against
the plain model; the bare time is the mean of a run before and one after. b: each run in a fresh
process, Python imports excluded, model loading included; all load the corpus.  The first report over
the store reads per-article rows and runs every corpus-wide step (clustering, speaker linking,
rapidfuzz pairs), then keeps the tables; the repeated report (the ratio) reads them whole.
c: the 4x and 16x corpora repeat the 1x articles, so batches are alike and only what a run retains can grow
(the peak is the model plus one batch of parses); a real corpus also grows spaCy's string store (Heaps' law). d: two worker
processes can only beat one process when two cores are free. The workers write their own Parquet parts (they
see the store folder), so the calling process only schedules. `local_cluster` turns off two dask defaults that
cost the workers CPU on this workload (the 10 ms sampling profiler and the forced `MALLOC_TRIM_THRESHOLD_`);
the LocalCluster with dask's defaults is measured in the same run for comparison."""

# benchmark -> (what, what was measured, the ratio) for the results table
ROWS = {
    "a": lambda r: (f"extraction vs bare `nlp.pipe` ({r['articles']} articles, {r['words']:,} words, batch "
                    f"{r['batch_size']}, {r['n_process']} process)",
                    f"bare {r['bare_wps']:,.0f} words/s, extract {r['extract_wps']:,.0f} words/s", f"{r['ratio']:.2f}"),
    "b": lambda r: (f"report over an unchanged, extracted corpus vs parsing ({r['rows']:,} table rows)",
                    f"cold {r['cold_s']:.1f} s; first report over the store {r['first_s']:.2f} s "
                    f"({r['first_ratio']:.1f}x); repeated {r['warm_s']:.2f} s", f"{r['ratio']:.0f}x"),
    "c": lambda r: ("peak memory of load + extract, 1x/4x/16x",
                    ", ".join(f"{r[f]['articles']} art. {r[f]['maxrss_mib']:.0f} MiB" for f in (1, 4, 16)),
                    f"{r['ratio']:.2f} (16x/1x)"),
    "d": lambda r: (f"Dask LocalCluster, 2 workers vs 1 process ({r['articles']} articles)",
                    f"one process {r['single_s']:.1f} s, `local_cluster(2)` {r['dask_s']:.1f} s "
                    f"(dask's default worker settings: {r['default_s']:.1f} s, {r['default_ratio']:.2f}x)",
                    f"{r['ratio']:.2f}x"),
    "e": lambda r: (f"papermill `{r['notebook']}` on the seeds vs an empty notebook",
                    f"empty {r['empty_s']:.1f} s, report {r['report_s']:.1f} s", f"{r['ratio']:.1f}x"),
}


def render(results: dict, command: str, description: str, seconds: float) -> str:
    lines = ["# Scale benchmarks", "",
             "Produced by `make bench` / `benchmarks/bench_scale.py`; every figure is a ratio of two runs made",
             "in the same invocation.  The machine is shared, so absolute times are noisy; the ratios less so.",
             "", f"Command: `{command}` (from the project root, {seconds / 60:.1f} min)", "",
             f"Machine: {description}", "",
             "| benchmark | measured | ratio | target |", "|---|---|---|---|"]
    for key, row in ROWS.items():
        if key in results:
            label, measured, ratio = row(results[key])
            lines.append(f"| {key}. {label} | {measured} | {ratio} | {TARGETS[key]} |")
    for key, reason in results.get("skipped", {}).items():
        lines.append(f"| {key}. skipped | {reason} | | |")
    return "\n".join(lines + ["", NOTES]) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_scale")
    parser.add_argument("--texts", type=Path, default=POLNEAR)
    parser.add_argument("--n", type=int, default=int(os.environ.get("OUTLET_LENS_BENCH_N", 300)),
                        help="articles for a, b and d (default 300, $OUTLET_LENS_BENCH_N)")
    parser.add_argument("--memory-base", type=int,
                        default=int(os.environ.get("OUTLET_LENS_BENCH_MEMORY_BASE", 100)),
                        help="1x size for c (default 100, $OUTLET_LENS_BENCH_MEMORY_BASE)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--only", default="a,b,c,d,e", help="comma-separated benchmarks to run")
    parser.add_argument("--results", default=str(ROOT / "benchmarks" / "RESULTS.md"),
                        help="where to write the results ('-': print only)")
    args = parser.parse_args(argv if Path(sys.argv[0]).name != "__main__.py" else [])
    only = set(args.only.split(","))
    start = time.perf_counter()
    description = describe()
    print(f"machine: {description}", flush=True)
    results: dict = {"skipped": {}}
    files = text_files(args.texts)
    with tempfile.TemporaryDirectory(prefix="outlet-lens-bench-") as tmp_name:
        tmp = Path(tmp_name)
        if files:
            texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
            folder = make_corpus(tmp / "corpus", texts, args.n)
            if "a" in only:
                results["a"] = {**bench_throughput(folder, tmp, batch_size=args.batch_size,
                                                   n_process=args.n_process),
                                "batch_size": args.batch_size, "n_process": args.n_process}
                print("a.", results["a"], flush=True)
            if "b" in only:
                results["b"] = bench_cached_report(folder, tmp)
                print("b.", results["b"], flush=True)
            if "c" in only:
                results["c"] = bench_memory(texts, tmp, args.memory_base)
                print("c.", results["c"], flush=True)
            if "d" in only:
                results["d"] = bench_dask(folder, tmp, batch_size=args.batch_size)
                print("d.", results["d"], flush=True)
        else:
            message = f"no PolNeAR texts at {args.texts}"
            print(f"skipped a-d: {message}")
            results["skipped"].update({k: message for k in "abcd" if k in only})
        if "e" in only:
            results["e"] = bench_papermill(tmp)
            print("e.", results["e"], flush=True)
    text = render(results, _command(argv), description, time.perf_counter() - start)
    print(text)
    if args.results != "-":
        Path(args.results).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
