"""Run report jobs: the one orchestrator (papermill's ``execute.py`` is the model).

A run, for one corpus:

1. loads the corpus once and, when a notebook takes a ``store`` parameter,
   extracts it into its store once (every available core), before any
   notebook starts; every notebook gets the store, so no notebook parses,
   and a run on a corpus already in the store parses nothing;
2. expands ``for_each`` jobs into pages (:mod:`analysis.report.values`);
3. runs the jobs in parallel on the available cores: a plain job in a kernel
   of its own, the pages of a ``for_each`` job in one kernel that stays up
   (:class:`analysis.report.execute.Kernel`), or, for a job of many pages,
   in one such kernel per core, each taking the next page as it comes free;
4. skips a page whose fingerprint (notebook, parameters, formats, corpus,
   package code, model) matches the one recorded when its files were made:
   it is up to date (``force=True`` makes everything again);
5. writes ``<output_dir>/<corpus>/<job>/<output>.{ipynb,html,pdf}``, the
   corpus's ``index.json`` and ``<output_dir>/index.html``, and removes the
   pages of values that left the corpus.

Safety: outputs are written to temporary files and renamed into place, so an
interrupted or failed run never destroys the previous good report; a failed
job keeps its executed notebook as ``<output>.failed.ipynb`` and names the
failing cell; a lock file stops two runs from writing one output folder.
A run killed outright (SIGKILL, power loss) can leave only hidden temporary
files (``.<name>.*.tmp``, ``.<job>.*/``); the next run, holding the lock,
removes them.  A job that cannot run on this corpus (an actor it does not
hold: the notebook raises ``NotInCorpusError``) is reported as skipped, with
the reason, not as a failure.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import threading
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

import nbformat

from ..core import __version__
from ..core.corpus import Corpus, load_corpus
from ..core.memory import ApartError, run_apart
from ..nlp import model_name
from ..store import available_cores, corpus_fingerprint, extract, package_digest
from .config import (FORMATS, PDF_LIMIT, JobResult, ReportConfig, ReportError, ReportJob, file_part,
                     load_config)
from .execute import ExecutionFailed, Kernel, declared_parameters, execute_notebook, html_to_pdf, notebook_to_html
from .index import PageIndex, write_index
from .values import FOR_EACH

__all__ = ["ReportJob", "ReportConfig", "ReportError", "JobResult", "load_config", "expand_jobs", "run_reports",
           "run_job", "notebook_to_html", "html_to_pdf", "write_index", "remove_leftovers", "corpus_folder",
           "FORMATS", "PDF_LIMIT"]

LOCK_NAME = ".report.lock"
# The error a notebook raises for a value its corpus does not hold: the job is skipped, not failed.
NOT_IN_CORPUS = "NotInCorpusError"


def corpus_folder(output_dir: Path, corpus: Corpus) -> Path:
    """``<output_dir>/<corpus name>``: each corpus's reports apart."""
    return output_dir / file_part(corpus.name)


def expand_jobs(jobs: list[ReportJob], corpus: "Corpus | Path") -> list[ReportJob]:
    """Replace each ``for_each`` job by one job per value (:data:`analysis.report.values.FOR_EACH`),
    others kept as they are.

    ``for_each: doc_id`` gives one page per article, output ``<output>_<doc_id>``, with the
    notebook parameter ``doc_id`` set; all pages go to the job's folder.
    """
    if not any(j.for_each for j in jobs):
        return list(jobs)
    if not isinstance(corpus, Corpus):
        corpus = load_corpus(corpus)
    out = []
    for job in jobs:
        if not job.for_each or job.expanded_from is not None:
            out.append(job)
            continue
        source = FOR_EACH[job.for_each]
        for value in source.values(corpus, job.top or source.default_top):
            out.append(ReportJob(job.name, job.notebook, f"{job.output}_{file_part(value)}", job.formats,
                                 {**job.parameters, source.parameter: value}, job.for_each, job.top,
                                 expanded_from=value))
    return out


def _apart(func: Callable, *args):
    """``func(*args)`` run in a forked child process where there is fork (Linux), else here
    (:func:`analysis.core.memory.run_apart`).

    The values of ``for_each`` jobs come from corpus-wide tables (the most quoted actors, the
    largest stories), which the child makes and leaves in the store for the notebooks to read.
    Made in the runner itself, they stayed in its memory for the whole run, under every
    conversion to HTML and PDF after (PolNeAR train filed four times: the runner held 985 MiB
    after the expansion and reached 1,161 MiB).  The child's memory goes back when it exits.
    """
    try:
        return run_apart(func, *args)
    except ApartError as exc:
        raise ReportError(str(exc)) from None


def remove_leftovers(output_dir: Path, jobs: list[ReportJob]) -> list[Path]:
    """Delete the temporary files a killed run left behind; call only while holding the lock.

    Only names this package creates are touched: ``.<file>.<random>.tmp`` from
    :func:`analysis.core.files.atomic_write` (in the output folder, each corpus
    folder and each job folder) and the ``.<job>.<random>`` folders jobs execute in.
    """
    removed = []
    folders = [output_dir] + [p for p in output_dir.iterdir() if p.is_dir() and not p.name.startswith(".")] \
        if output_dir.is_dir() else []
    for base in folders:
        for folder in [base, *(base / j.name for j in jobs)]:
            if not folder.is_dir():
                continue
            prefix = f".{folder.name}." if folder != base else None
            for entry in folder.iterdir():
                if entry.is_file() and entry.name.startswith(".") and entry.name.endswith(".tmp"):
                    entry.unlink(missing_ok=True)
                elif prefix and entry.is_dir() and not entry.is_symlink() and entry.name.startswith(prefix):
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    continue
                removed.append(entry)
    return removed


# --------------------------------------------------------------------------- one job

class _Run:
    """What every job of one run shares: the corpus, its folder, the store, the fingerprint."""

    def __init__(self, corpus: Corpus, corpus_path: Path, folder: Path, store: Path | None, *, force: bool,
                 formats: tuple[str, ...] | None, pdf_limit: int, progress: bool, echo: Callable[[str], None]):
        self.corpus, self.corpus_path, self.folder, self.store = corpus, corpus_path, folder, store
        self.force, self.formats, self.pdf_limit, self.progress, self.echo = force, formats, pdf_limit, progress, echo
        self.fingerprint = hashlib.blake2b("|".join([
            corpus_fingerprint(corpus), package_digest(), model_name(), __version__]).encode(),
            digest_size=16).hexdigest()
        self.declared: dict[Path, set[str]] = {}
        self.index = PageIndex(folder)
        self.pages: Counter = Counter()  # pages per job name, set once the jobs are expanded
        self.lock = threading.Lock()
        self.told: set[str] = set()  # jobs whose PDFs were left out, said once

    def parameters(self, job: ReportJob) -> dict:
        """The job's parameters plus the corpus, and the store for a notebook that takes one."""
        if job.notebook not in self.declared:
            self.declared[job.notebook] = declared_parameters(job.notebook)
        params = {**job.parameters, "corpus": str(self.corpus_path)}
        if self.store is not None and "store" in self.declared[job.notebook] and "store" not in job.parameters:
            params["store"] = str(self.store)
        return params

    def page_fingerprint(self, job: ReportJob, params: dict, wanted: tuple[str, ...]) -> str:
        h = hashlib.blake2b(digest_size=16)
        h.update(job.notebook.read_bytes())
        h.update(json.dumps({k: v for k, v in params.items() if k not in ("corpus", "store")}, sort_keys=True,
                            default=str).encode())
        h.update(repr(wanted).encode())
        h.update(self.fingerprint.encode())
        return h.hexdigest()


def run_job(job: ReportJob, run: _Run, *, formats: tuple[str, ...] | None = None, kernel: Kernel | None = None,
            kernel_name: str = "python3") -> JobResult:
    """Execute one job (or one page of a for_each job in ``kernel``); on failure keep
    ``<output>.failed.ipynb`` and leave old outputs untouched."""
    start = time.monotonic()
    folder = run.folder / job.name
    folder.mkdir(parents=True, exist_ok=True)
    params = run.parameters(job)
    wanted = tuple(formats if formats is not None else (run.formats or job.formats))
    failed_nb = folder / f"{job.output}.failed.ipynb"
    fingerprint = run.page_fingerprint(job, params, wanted)
    outputs = [folder / f"{job.output}.{ext}" for ext in ("ipynb", *[f for f in FORMATS if f in wanted])]
    previous = run.index.get(job.key)
    if not run.force and previous.get("fingerprint") == fingerprint and all(p.exists() for p in outputs):
        return JobResult(job.key, True, outputs, seconds=time.monotonic() - start, skipped="up to date")
    # The .<job name>. prefix is what remove_leftovers looks for after a killed run.
    with tempfile.TemporaryDirectory(prefix=f".{job.name}.", dir=folder) as tmp:
        try:
            nb = execute_notebook(job.notebook, params, kernel=kernel, kernel_name=kernel_name,
                                  cwd=job.notebook.parent)
        except ExecutionFailed as exc:
            if exc.ename == NOT_IN_CORPUS:
                return JobResult(job.key, True, [], seconds=time.monotonic() - start,
                                 skipped=f"cannot run on this corpus: {exc.evalue}")
            staged = Path(tmp) / failed_nb.name
            nbformat.write(exc.nb, staged)
            os.replace(staged, failed_nb)
            return JobResult(job.key, False, [failed_nb],
                             f"job {job.key}: the cell starting {exc.cell!r} (execution count "
                             f"{exc.exec_count}) raised {exc.ename}: {exc.evalue}; "
                             f"the executed notebook is kept in {failed_nb}", time.monotonic() - start)
        except Exception as exc:  # kernel died, notebook unreadable, bad parameters...
            return JobResult(job.key, False, [], f"job {job.key}: {type(exc).__name__}: {exc}",
                             time.monotonic() - start)
        staged = {outputs[0]: Path(tmp) / outputs[0].name}
        nbformat.write(nb, staged[outputs[0]])
        try:
            if "html" in wanted or "pdf" in wanted:
                page = notebook_to_html(nb)
                if "html" in wanted:
                    staged[folder / f"{job.output}.html"] = Path(tmp) / "report.html"
                    staged[folder / f"{job.output}.html"].write_text(page, encoding="utf-8")
                if "pdf" in wanted:
                    staged[folder / f"{job.output}.pdf"] = Path(tmp) / "report.pdf"
                    html_to_pdf(page, staged[folder / f"{job.output}.pdf"])
        except Exception as exc:
            return JobResult(job.key, False, [], f"job {job.key}: conversion failed: {type(exc).__name__}: {exc}",
                             time.monotonic() - start)
        # All outputs exist in the temporary folder: now rename them into place.
        # Each rename is atomic; a failure part-way (disk full, permissions)
        # leaves every output either the old or the new version, never half.
        moved: list[Path] = []
        try:
            for target, source in staged.items():
                os.replace(source, target)
                moved.append(target)
        except OSError as exc:
            return JobResult(job.key, False, moved, f"job {job.key}: could not move the outputs into {folder} "
                             f"({exc}); updated: {[p.name for p in moved]}, the others are the previous run's",
                             time.monotonic() - start)
    failed_nb.unlink(missing_ok=True)
    run.index.record(job.key, job=job.name, notebook=job.notebook.name, corpus=run.corpus_path,
           corpus_name=run.corpus.name, params=params, files=outputs, fingerprint=fingerprint)
    return JobResult(job.key, True, outputs, seconds=time.monotonic() - start)


# A for_each job of at least this many pages per worker is shared by several kernels (one per
# worker): starting a kernel (imports, store tables) costs a few seconds, a page a few tenths.
SHARD_PAGES = 40


def kernels_for(pages: int, workers: int) -> int:
    """Kernels that share a for_each job of ``pages`` pages: one per worker when there are at
    least :data:`SHARD_PAGES` pages per worker, else one."""
    return max(1, min(workers, pages // SHARD_PAGES))


class _Queue:
    """The pages of one for_each job, taken one at a time by the kernels that share the job: a
    kernel that finishes its other work early takes more pages (dynamic, not fixed, shares)."""

    def __init__(self, pages: list[ReportJob]):
        self._pages = deque(pages)
        self._lock = threading.Lock()

    def __iter__(self):
        while True:
            with self._lock:
                if not self._pages:
                    return
                page = self._pages.popleft()
            yield page


def _run_group(group: Iterable[ReportJob], run: _Run, total: int, counter: list[int]) -> list[JobResult]:
    """A plain job, or pages of one for_each job (a list, or a :class:`_Queue` shared with other
    kernels) in one kernel that stays up."""
    results = []
    kernel = formats = None
    try:
        for job in group:
            if job.expanded_from is not None and kernel is None:
                kernel = Kernel(cwd=job.notebook.parent)
                pages = run.pages[job.name]
                base = run.formats or job.formats
                if pages > run.pdf_limit and "pdf" in base:
                    formats = tuple(f for f in base if f != "pdf")
                    with run.lock:
                        if job.name not in run.told:
                            run.told.add(job.name)
                            run.echo(f"{job.name}: {pages} pages, over pdf_limit {run.pdf_limit}: HTML only")
            with run.lock:
                counter[0] += 1
                i = counter[0]
            what = f" ({job.for_each}={job.expanded_from})" if job.expanded_from is not None else ""
            if run.progress:
                run.echo(f"[{i}/{total}] {job.key}: running {job.notebook.name}{what} on {run.corpus.name}")
            result = run_job(job, run, formats=formats, kernel=kernel)
            run.echo(f"[{i}/{total}] {job.key}: " + (
                f"skipped ({result.skipped})" if result.skipped else
                f"done in {result.seconds:.2f}s -> " + ", ".join(str(p) for p in result.outputs)
                if result.ok else f"FAILED: {result.error}"))
            results.append(result)
    finally:
        if kernel is not None:
            kernel.close()
    return results


# --------------------------------------------------------------------------- a run

def run_reports(config: ReportConfig, *, only: list[str] | None = None, formats: tuple[str, ...] | None = None,
                corpus: Path | None = None, wait: float = 0, progress: bool = True, force: bool = False,
                workers: int | None = None,
                echo: Callable[[str], None] = lambda s: print(s, file=sys.stderr)) -> list[JobResult]:
    """Run the config's jobs (or ``only`` those) on one corpus under a lock; one result per page.

    ``workers``: jobs run at the same time (default: the available cores).  ``force``: make every
    page again, up to date or not.
    """
    from filelock import FileLock, Timeout

    jobs = config.jobs
    if only:
        unknown = set(only) - {j.name for j in jobs}
        if unknown:
            raise ReportError(f"no job named {sorted(unknown)} in {config.path}; jobs: {[j.name for j in jobs]}")
        jobs = [j for j in jobs if j.name in only]
    corpus_path = (corpus or config.corpus).resolve()
    if not corpus_path.exists():
        raise ReportError(f"{corpus_path}: corpus not found")
    config.output_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(config.output_dir / LOCK_NAME))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise ReportError(f"another report run is writing to {config.output_dir} (lock {LOCK_NAME}); "
                          f"wait for it to finish, or pass --wait SECONDS to queue behind it") from None
    run = None
    try:
        leftovers = remove_leftovers(config.output_dir, config.jobs)
        if leftovers:
            echo(f"removed {len(leftovers)} temporary file(s) left by an interrupted run in {config.output_dir}")
        loaded = load_corpus(corpus_path)
        folder = corpus_folder(config.output_dir, loaded)
        store = None
        if any("store" in declared_parameters(j.notebook) for j in jobs) or \
                any(j.for_each and FOR_EACH[j.for_each].needs_tables for j in jobs):
            started = time.monotonic()
            st = extract(loaded, store=config.store, progress=progress)
            store = st.path
            echo(f"extraction store of {loaded.name}: {st.path} ({time.monotonic() - started:.1f}s)")
        run = _Run(loaded, corpus_path, folder, store, force=force, formats=formats, pdf_limit=config.pdf_limit,
                   progress=progress, echo=echo)
        runs = _apart(expand_jobs, jobs, loaded)
        workers = max(1, workers or available_cores())
        run.pages = Counter(r.name for r in runs)
        groups: list = []
        shared: list = []
        for job in jobs:
            pages = [r for r in runs if r.name == job.name] if job.for_each else [job]
            n = kernels_for(len(pages), workers) if job.for_each else 1
            if n > 1:
                # queued last: the other jobs take the workers first and the kernels of this job share
                # its pages among them as the workers come free, so that no worker idles at the end
                queue = _Queue(pages)
                shared.extend([queue] * n)
            elif pages:
                groups.append(pages)
        counter = [0]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_run_group, g, run, len(runs), counter) for g in groups + shared]
            done = [r for f in futures for r in f.result()]
        order = {r.key: i for i, r in enumerate(runs)}
        results = sorted(done, key=lambda r: order.get(r.job, len(order)))
        for job in jobs:
            if job.for_each and not any(r.name == job.name for r in runs):
                results.append(JobResult(job.name, True, [], skipped=f"no {job.for_each} values in this corpus"))
                echo(f"{job.name}: skipped (no {job.for_each} values in this corpus)")
            if job.for_each:
                _remove_stale_pages(run.index, job, {r.key for r in runs if r.name == job.name})
        run.index.flush()
        write_index(config.output_dir)
        return results
    finally:
        if run is not None:
            run.index.flush()  # an interrupted run keeps the records of the pages it made
        lock.release()


def _remove_stale_pages(index: PageIndex, job: ReportJob, keep: set[str]) -> None:
    """Pages of values that left the corpus go: their index records and their files."""
    folder = index.folder
    stale_files = index.forget(job.name, keep)
    kept_stems = {k.split("/", 1)[1] for k in keep}
    for name in stale_files:
        path = folder / job.name / name
        if path.stem not in kept_stems:
            path.unlink(missing_ok=True)
    for failed in (folder / job.name).glob(f"{job.output}_*.failed.ipynb") if (folder / job.name).is_dir() else []:
        if failed.name[:-len(".failed.ipynb")] not in kept_stems:
            failed.unlink(missing_ok=True)
