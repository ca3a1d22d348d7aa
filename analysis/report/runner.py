"""Run report jobs: papermill executes a notebook, nbconvert makes HTML, WeasyPrint a PDF.

A config file (``reports.yml``) lists the jobs::

    corpus: seeds             # default corpus, relative to the config file
    output_dir: reports       # where reports go, relative to the config file
    jobs:
      - name: overview                      # job id: reports/<name>/...
        notebook: notebooks/corpus_overview.ipynb
        output: corpus_overview             # file stem of the outputs
        formats: [html, pdf]                # the executed .ipynb is always kept
        parameters: {title: Seed corpus overview}
      - name: article
        notebook: notebooks/article.ipynb
        output: article
        for_each: doc_id                    # one run per article: reports/article/article_<doc_id>.*

Safety: outputs are written to temporary files and renamed into place, so an
interrupted or failed run never destroys the previous good report; a failed
job keeps its executed notebook as ``<output>.failed.ipynb`` and names the
failing cell; a lock file stops two runs from writing one output folder.
A run killed outright (SIGKILL, power loss) can leave only hidden temporary
files (``.<name>.*.tmp``, ``.<job>.*/``); the next run, holding the lock,
removes them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

import yaml

from ..core import __version__
from ..core.corpus import load_corpus
from ..core.files import atomic_text

__all__ = ["ReportJob", "ReportConfig", "ReportError", "JobResult", "load_config", "expand_jobs", "run_reports",
           "notebook_to_html", "html_to_pdf", "write_index"]

FORMATS = ("html", "pdf")
# for_each: the corpus column a job is repeated over; each value goes to the notebook parameter of that name.
FOR_EACH = ("doc_id",)
LOCK_NAME = ".report.lock"
INDEX_JSON = "index.json"


class ReportError(RuntimeError):
    """A report job or run that could not complete; the message says which and why."""


@dataclass
class ReportJob:
    name: str
    notebook: Path
    output: str
    formats: tuple[str, ...] = FORMATS
    parameters: dict[str, Any] = field(default_factory=dict)
    for_each: str | None = None  # repeat over this corpus column (see expand_jobs)

    expanded_from: str | None = None  # set on the jobs expand_jobs makes: the for_each value

    @property
    def key(self) -> str:
        """The job's entry in the index: its name, or name/output for one run of a for_each job."""
        return f"{self.name}/{self.output}" if self.expanded_from is not None else self.name


@dataclass
class ReportConfig:
    path: Path | None
    corpus: Path
    output_dir: Path
    jobs: list[ReportJob]


@dataclass
class JobResult:
    job: str
    ok: bool
    outputs: list[Path]
    error: str = ""
    seconds: float = 0.0


def _check_name(value: Any, what: str, where: str) -> str:
    """A job or output name: becomes a file name, so no separators or dots at the start."""
    if not isinstance(value, str) or not value or value.startswith(".") or any(c in value for c in "/\\\0"):
        raise ReportError(f"{where}: {what} must be a plain file name (got {value!r})")
    return value


def load_config(path: str | Path) -> ReportConfig:
    """Read and check a reports.yml file (safe YAML loader; every error names the field)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ReportError(f"{path}: report config not found") from None
    except yaml.YAMLError as exc:
        raise ReportError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("jobs"), list) or not raw["jobs"]:
        raise ReportError(f"{path}: expected a mapping with a non-empty 'jobs' list")
    base = path.parent.resolve()
    jobs, names = [], set()
    for i, entry in enumerate(raw["jobs"], start=1):
        where = f"{path}: job {i}"
        if not isinstance(entry, dict):
            raise ReportError(f"{where}: expected a mapping with name, notebook, output")
        name = _check_name(entry.get("name"), "'name'", where)
        if name in names:
            raise ReportError(f"{where}: duplicate job name {name!r}")
        names.add(name)
        notebook = base / str(entry.get("notebook", ""))
        if not notebook.is_file() or notebook.suffix != ".ipynb":
            raise ReportError(f"{where} ({name}): notebook {entry.get('notebook')!r} not found")
        formats = entry.get("formats", list(FORMATS))
        if not isinstance(formats, list) or any(f not in FORMATS for f in formats):
            raise ReportError(f"{where} ({name}): formats must be a list drawn from {list(FORMATS)}")
        params = entry.get("parameters") or {}
        if not isinstance(params, dict):
            raise ReportError(f"{where} ({name}): parameters must be a mapping")
        for_each = entry.get("for_each")
        if for_each is not None and for_each not in FOR_EACH:
            raise ReportError(f"{where} ({name}): for_each must be one of {list(FOR_EACH)} (got {for_each!r})")
        if for_each is not None and for_each in params:
            raise ReportError(f"{where} ({name}): parameter {for_each!r} is set by for_each; remove it")
        jobs.append(ReportJob(name, notebook, _check_name(entry.get("output", name), "'output'", where),
                              tuple(formats), params, for_each))
    return ReportConfig(path, base / str(raw.get("corpus", "seeds")), base / str(raw.get("output_dir", "reports")),
                        jobs)


def _file_part(value: str) -> str:
    """A corpus value (a doc_id) as part of a file name: safe characters, plus a hash when any was replaced.

    doc_ids come from manifests (untrusted): "../x" or "a/b" must not become paths, and two
    ids that differ only in unsafe characters must not share a file.
    """
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", value).strip("_")[:60]
    if safe != value:
        safe = f"{safe}_{hashlib.sha1(value.encode('utf-8')).hexdigest()[:8]}".lstrip("_")
    return safe


def expand_jobs(jobs: list[ReportJob], corpus: Path) -> list[ReportJob]:
    """Replace each ``for_each`` job by one job per value in the corpus (sorted), others kept as they are.

    ``for_each: doc_id`` gives one run per article, output ``<output>_<doc_id>``, with the
    notebook parameter ``doc_id`` set; all runs write to the job's folder.
    """
    if not any(j.for_each for j in jobs):
        return list(jobs)
    articles = load_corpus(corpus).articles
    out = []
    for job in jobs:
        if not job.for_each or job.expanded_from is not None:
            out.append(job)
            continue
        for value in sorted(str(v) for v in articles[job.for_each].unique()):
            out.append(ReportJob(job.name, job.notebook, f"{job.output}_{_file_part(value)}", job.formats,
                                 {**job.parameters, job.for_each: value}, job.for_each, expanded_from=value))
    return out


# --------------------------------------------------------------------------- conversion

def _template_dir() -> Path:
    return Path(str(resources.files("analysis.report").joinpath("templates")))


def notebook_to_html(nb) -> str:
    """Self-contained HTML of an executed notebook: code hidden, no external script or stylesheet."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="outlet_lens", extra_template_basedirs=[str(_template_dir())],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    return body


def html_to_pdf(html_text: str, target: Path) -> None:
    """A4 PDF of a report's HTML (print styles in the template: page numbers, no split figures)."""
    import logging

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # Only inline data: URLs resolve; a report never fetches anything.
    HTML(string=html_text, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf(target)


# --------------------------------------------------------------------------- writing

def write_index(output_dir: Path) -> Path:
    """reports/index.html: every report with its corpus, parameters, date and package version."""
    records = _read_index(output_dir)
    rows = []
    for name in sorted(records):
        r = records[name]
        links = " ".join(f'<a href="{html.escape(quote(r["job"]))}/{html.escape(quote(f))}">'
                         f'{html.escape(Path(f).suffix[1:])}</a>' for f in r["files"])
        params = html.escape(json.dumps(r["parameters"], sort_keys=True, ensure_ascii=False))
        rows.append(f"<tr><td>{html.escape(r['job'])}</td><td>{html.escape(r['notebook'])}</td>"
                    f"<td title=\"{html.escape(r.get('corpus_path', ''))}\">{html.escape(r['corpus'])}</td>"
                    f"<td><code>{params}</code></td>"
                    f"<td>{html.escape(r['finished'])}</td><td>{html.escape(r['version'])}</td><td>{links}</td></tr>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Outlet Lens reports</title>
<style>body{{font-family:sans-serif;margin:2rem}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}}th{{background:#eee}}</style>
</head><body><h1>Outlet Lens reports</h1>
<table><thead><tr><th>job</th><th>notebook</th><th>corpus</th><th>parameters</th><th>finished (UTC)</th>
<th>package version</th><th>files</th></tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""
    target = output_dir / "index.html"
    atomic_text(target, page)
    return target


def _forget(output_dir: Path, name: str, keep: set[str]) -> None:
    """Drop index entries of job ``name``'s earlier for_each runs that this run did not make (articles gone)."""
    records = _read_index(output_dir)
    stale = [k for k, r in records.items() if r.get("job") == name and k not in keep]
    for k in stale:
        del records[k]
    if stale:
        atomic_text(output_dir / INDEX_JSON, json.dumps(records, indent=2, sort_keys=True))


def _read_index(output_dir: Path) -> dict[str, dict]:
    path = output_dir / INDEX_JSON
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (FileNotFoundError, json.JSONDecodeError):
        return {}  # a missing or half-written index is rebuilt from the jobs that run


def _record(output_dir: Path, job: ReportJob, corpus: Path, params: dict, files: list[Path]) -> None:
    records = _read_index(output_dir)
    records[job.key] = {
        "job": job.name, "notebook": job.notebook.name, "corpus": corpus.name, "corpus_path": str(corpus),
        "parameters": {k: v for k, v in params.items() if k != "corpus"},
        "finished": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
        "version": __version__, "files": [f.name for f in files],
    }
    atomic_text(output_dir / INDEX_JSON, json.dumps(records, indent=2, sort_keys=True))


# --------------------------------------------------------------------------- running

def remove_leftovers(output_dir: Path, jobs: list[ReportJob]) -> list[Path]:
    """Delete the temporary files a killed run left behind; call only while holding the lock.

    Only names this module creates are touched: ``.<file>.<random>.tmp``
    from :func:`analysis.core.files.atomic_write` (in the output folder and each job folder) and
    the ``.<job>.<random>`` folders :func:`run_job` executes in.
    """
    removed = []
    for folder in [output_dir, *(output_dir / j.name for j in jobs)]:
        if not folder.is_dir():
            continue
        prefix = f".{folder.name}." if folder != output_dir else None
        for entry in folder.iterdir():
            if entry.is_file() and entry.name.startswith(".") and entry.name.endswith(".tmp"):
                entry.unlink(missing_ok=True)
            elif prefix and entry.is_dir() and not entry.is_symlink() and entry.name.startswith(prefix):
                shutil.rmtree(entry, ignore_errors=True)
            else:
                continue
            removed.append(entry)
    return removed


def run_job(job: ReportJob, corpus: Path, output_dir: Path, *, formats: tuple[str, ...] | None = None,
            progress: bool = True, kernel_name: str = "python3") -> JobResult:
    """Execute one job; on failure keep ``<output>.failed.ipynb`` and leave old outputs untouched."""
    import time

    import nbformat
    import papermill as pm

    start = time.monotonic()
    folder = output_dir / job.name
    folder.mkdir(parents=True, exist_ok=True)
    params = {**job.parameters, "corpus": str(corpus)}
    wanted = formats or job.formats
    failed_nb = folder / f"{job.output}.failed.ipynb"
    # The .<job name>. prefix is what remove_leftovers looks for after a killed run.
    with tempfile.TemporaryDirectory(prefix=f".{job.name}.", dir=folder) as tmp:
        executed = Path(tmp) / f"{job.output}.ipynb"
        try:
            pm.execute_notebook(str(job.notebook), str(executed), parameters=params, kernel_name=kernel_name,
                                cwd=str(job.notebook.parent), progress_bar=progress, log_output=False,
                                report_mode=False)
        except pm.PapermillExecutionError as exc:
            first_line = ""
            if executed.exists():
                # Papermill adds a banner cell on failure; find the cell by its error output.
                for cell in nbformat.read(executed, as_version=4).cells:
                    if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                        first_line = (cell.source.strip().splitlines() or [""])[0][:80]
                os.replace(executed, failed_nb)
            return JobResult(job.key, False, [failed_nb],
                             f"job {job.key}: the cell starting {first_line!r} (execution count "
                             f"{exc.exec_count}) raised {exc.ename}: {exc.evalue}; "
                             f"the executed notebook is kept in {failed_nb}", time.monotonic() - start)
        except Exception as exc:  # kernel died, notebook unreadable, bad parameters...
            return JobResult(job.key, False, [], f"job {job.key}: {type(exc).__name__}: {exc}",
                             time.monotonic() - start)
        nb = nbformat.read(executed, as_version=4)
        outputs = [folder / f"{job.output}.ipynb"]
        staged = {outputs[0]: executed}
        try:
            if "html" in wanted or "pdf" in wanted:
                page = notebook_to_html(nb)
                html_tmp = Path(tmp) / "report.html"
                html_tmp.write_text(page, encoding="utf-8")
                if "html" in wanted:
                    outputs.append(folder / f"{job.output}.html")
                    staged[outputs[-1]] = html_tmp
                if "pdf" in wanted:
                    pdf_tmp = Path(tmp) / "report.pdf"
                    html_to_pdf(page, pdf_tmp)
                    outputs.append(folder / f"{job.output}.pdf")
                    staged[outputs[-1]] = pdf_tmp
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
    _record(output_dir, job, corpus, params, outputs)
    return JobResult(job.key, True, outputs, seconds=time.monotonic() - start)


def run_reports(config: ReportConfig, *, only: list[str] | None = None, formats: tuple[str, ...] | None = None,
                corpus: Path | None = None, wait: float = 0, progress: bool = True,
                echo: Callable[[str], None] = lambda s: print(s, file=sys.stderr)) -> list[JobResult]:
    """Run the config's jobs (or ``only`` those) under a lock; returns one result per job."""
    from filelock import FileLock, Timeout

    jobs = config.jobs
    if only:
        unknown = set(only) - {j.name for j in jobs}
        if unknown:
            raise ReportError(f"no job named {sorted(unknown)} in {config.path}; jobs: {[j.name for j in jobs]}")
        jobs = [j for j in jobs if j.name in only]
    corpus = (corpus or config.corpus).resolve()
    if not corpus.exists():
        raise ReportError(f"{corpus}: corpus not found")
    config.output_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(config.output_dir / LOCK_NAME))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise ReportError(f"another report run is writing to {config.output_dir} (lock {LOCK_NAME}); "
                          f"wait for it to finish, or pass --wait SECONDS to queue behind it") from None
    try:
        leftovers = remove_leftovers(config.output_dir, config.jobs)
        if leftovers:
            echo(f"removed {len(leftovers)} temporary file(s) left by an interrupted run in {config.output_dir}")
        runs = expand_jobs(jobs, corpus)
        results = []
        for i, job in enumerate(runs, start=1):
            what = f" ({job.for_each}={job.expanded_from})" if job.expanded_from is not None else ""
            echo(f"[{i}/{len(runs)}] {job.key}: running {job.notebook.name}{what} on {corpus.name}")
            result = run_job(job, corpus, config.output_dir, formats=formats, progress=progress)
            echo(f"[{i}/{len(runs)}] {job.key}: " + (
                f"done in {result.seconds:.1f}s -> " + ", ".join(str(p) for p in result.outputs)
                if result.ok else f"FAILED: {result.error}"))
            results.append(result)
        for job in jobs:
            if job.for_each:
                _forget(config.output_dir, job.name, {r.key for r in runs if r.name == job.name})
        write_index(config.output_dir)
        return results
    finally:
        lock.release()
