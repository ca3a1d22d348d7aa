"""Command line: a thin layer over the Python API (``python -m analysis --help``)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from .core.corpus import MAX_ARTICLE_CHARS, ArticleProblem, CorpusError, load_corpus, load_files
from .core.dictionary import DictionaryError

# Columns printed by `corpus`: the long text columns only with --text.
_TEXT_COLUMNS = ("raw_text", "text")


def _write_table(frame: pd.DataFrame, fmt: str) -> None:
    out = sys.stdout
    if fmt == "csv":
        frame.to_csv(out, index=False)
    elif fmt == "jsonl":
        lines = frame.to_json(orient="records", lines=True, force_ascii=False, date_format="iso") if len(frame) else ""
        # pandas ends JSON lines with a newline from 2.2 on, and not before.
        out.write(lines if lines.endswith("\n") or not lines else lines + "\n")
    else:
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                               "display.max_colwidth", 60):
            out.write(frame.to_string(index=False) + "\n")


def cmd_corpus(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.path, strict=args.strict, raw=args.raw, max_chars=args.max_chars)
    if args.removed:
        _write_table(corpus.removed, args.format)
    else:
        cols = [c for c in corpus.articles.columns if args.text or c not in _TEXT_COLUMNS]
        _write_table(corpus.articles[cols], args.format)
    for p in corpus.problems.itertuples():
        print(f"skipped {p.source}: {p.problem}" + (f" ({p.hint})" if p.hint else ""), file=sys.stderr)
    print(f"{len(corpus)} article(s) loaded, {len(corpus.problems)} skipped", file=sys.stderr)
    return 0


def cmd_actors(args: argparse.Namespace) -> int:
    from .tables.actors import actors  # lazy, as below: the tables load spaCy's code

    corpus = load_corpus(args.path, raw=args.raw, max_chars=args.max_chars)
    _write_table(actors(corpus, dictionary=args.dictionary, n_process=args.n_process), args.format)
    print(f"{len(corpus)} article(s) read", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .report.runner import load_config, run_reports

    config = load_config(args.config)
    if args.output_dir:
        config.output_dir = Path(args.output_dir).resolve()
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip()) if args.formats else None
    results = run_reports(config, only=args.only, formats=formats,
                          corpus=Path(args.corpus) if args.corpus else None, wait=args.wait,
                          progress=not args.quiet, force=args.force, workers=args.workers)
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"error: {r.error}", file=sys.stderr)
    fresh = sum(r.ok and not r.skipped for r in results)
    current = sum(r.skipped == "up to date" for r in results)
    cannot = [r for r in results if r.skipped and r.skipped != "up to date"]
    for r in cannot:
        print(f"skipped {r.job}: {r.skipped}", file=sys.stderr)
    print(f"{fresh} report page(s) made, {current} up to date, {len(cannot)} skipped, {len(failed)} failed; "
          f"index: {config.output_dir / 'index.html'}", file=sys.stderr)
    return 1 if failed else 0


def cmd_quotes(args: argparse.Namespace) -> int:
    from .tables.quotes import quotes

    paths = [Path(p) for p in args.paths]
    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if not p.is_dir()]
    corpora = [load_corpus(f, raw=args.raw, max_chars=args.max_chars) for f in folders]
    if files:
        corpora.append(load_files(files, raw=args.raw, max_chars=args.max_chars))
    frames = [quotes(c) for c in corpora]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    _write_table(frame, args.format)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from .store.extraction import extract, local_cluster

    corpus = load_corpus(args.path, raw=args.raw, max_chars=args.max_chars)
    options = dict(store=args.store, dictionary=args.dictionary, n_process=args.n_process,
                   batch_size=args.batch_size, chunk_size=args.chunk_size, progress=not args.quiet)
    if args.workers and not args.scheduler:
        from distributed import Client

        with local_cluster(args.workers) as cluster, Client(cluster) as client:
            store = extract(corpus, scheduler=client, **options)
    else:
        store = extract(corpus, scheduler=args.scheduler, **options)
    print(f"{len(corpus)} article(s) in the store: {store.root}", file=sys.stderr)
    return 0


def _add_max_chars(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-chars", type=int, default=MAX_ARTICLE_CHARS, metavar="N",
                   help="longest article accepted, in characters (default %(default)s)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis",
                                     description="Outlet Lens: how news outlets cover the same event.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("corpus", help="load a corpus and print its article table (or removed lines)")
    p.add_argument("path", help="corpus folder (with manifest.yml/.csv) or one article/export file")
    p.add_argument("--format", choices=["table", "csv", "jsonl"], default="table")
    p.add_argument("--strict", action="store_true", help="fail on the first bad article instead of skipping it")
    p.add_argument("--raw", action="store_true", help="skip boilerplate removal")
    _add_max_chars(p)
    p.add_argument("--text", action="store_true", help="include the raw_text and text columns")
    p.add_argument("--removed", action="store_true", help="print the lines removed as boilerplate instead")
    p.set_defaults(func=cmd_corpus)

    p = sub.add_parser("actors", help="print the actor mention table (one row per mention)")
    p.add_argument("path", help="corpus folder (with manifest and optional actors.yml) or one file")
    p.add_argument("--format", choices=["table", "csv", "jsonl"], default="csv")
    p.add_argument("--dictionary", help="actor dictionary YAML (default: actors.yml in the corpus folder)")
    p.add_argument("--n-process", type=int, default=1, help="spaCy worker processes (default 1)")
    p.add_argument("--raw", action="store_true", help="skip boilerplate removal")
    _add_max_chars(p)
    p.set_defaults(func=cmd_actors)

    p = sub.add_parser("report", help="run report jobs (papermill -> HTML and PDF)")
    p.add_argument("--config", default="reports.yml", help="report job list (default: reports.yml)")
    p.add_argument("--only", action="append", metavar="NAME", help="run only this job (repeatable)")
    p.add_argument("--formats", help="comma-separated formats to write: html,pdf (default: each job's)")
    p.add_argument("--corpus", help="corpus folder (default: the config's)")
    p.add_argument("--output-dir", help="where reports go (default: the config's output_dir)")
    p.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                   help="wait this long for another run's lock instead of refusing at once")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument("--force", action="store_true", help="make every page again, even those up to date")
    p.add_argument("--workers", type=int, default=None,
                   help="jobs run at the same time (default: the cores this process may use)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("quotes", help="extract quotes (speaker, reporting verb, content) as a table")
    p.add_argument("paths", nargs="+", metavar="PATH", help="corpus folder(s) and/or text file(s) (doc_id = stem)")
    p.add_argument("--format", choices=["table", "csv", "jsonl"], default="jsonl")
    p.add_argument("--raw", action="store_true", help="skip boilerplate removal (offsets = the file's text)")
    _add_max_chars(p)
    p.set_defaults(func=cmd_quotes)

    p = sub.add_parser("extract", help="parse every article once into the extraction store (Parquet), "
                                       "locally or on a Dask cluster")
    p.add_argument("path", help="corpus folder (with manifest and optional actors.yml) or one file")
    p.add_argument("--store", help="store folder (default: <corpus>/.outlet-lens-cache)")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786", help="Dask scheduler address (default: run here)")
    p.add_argument("--dictionary", help="actor dictionary YAML (default: actors.yml in the corpus folder)")
    p.add_argument("--workers", type=int, default=0, metavar="N",
                   help="start a local Dask cluster of N worker processes (without --scheduler)")
    p.add_argument("--n-process", type=int, default=None,
                   help="spaCy worker processes, without --scheduler (default: every available core, "
                        "one per 100 articles to parse at least)")
    p.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size (default 32)")
    p.add_argument("--chunk-size", type=int, default=256, help="articles per Parquet part / Dask task")
    p.add_argument("--raw", action="store_true", help="skip boilerplate removal")
    _add_max_chars(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .report.runner import ReportError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CorpusError, ArticleProblem, ReportError, DictionaryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `... | head` closed the pipe
        return 0


if __name__ == "__main__":
    sys.exit(main())
