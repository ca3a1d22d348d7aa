"""The report config (``reports.yml``): which notebooks run, on what, into which files.

::

    corpus: seeds             # default corpus, relative to the config file (--corpus overrides it)
    output_dir: reports       # reports go to <output_dir>/<corpus name>/<job>/...
    store: ""                 # extraction store; empty: <corpus>/.outlet-lens-cache, or the user's
                              # cache directory when the corpus folder is read-only
    pdf_limit: 25             # a for_each job over more values than this writes HTML only
    jobs:
      - name: overview                      # job id: <output_dir>/<corpus>/<name>/...
        notebook: notebooks/corpus_overview.ipynb
        output: corpus_overview             # file stem of the outputs
        formats: [html, pdf]                # the executed .ipynb is always kept
        parameters: {outlets: []}
      - name: article
        notebook: notebooks/article.ipynb
        output: article
        for_each: doc_id                    # one page per value (see analysis.report.values)
        top: 50                             # only the first / largest values (default: the registry's)

Every field is checked on load; an error names the file, the job and the field.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .values import FOR_EACH

__all__ = ["FORMATS", "PDF_LIMIT", "ReportError", "ReportJob", "ReportConfig", "JobResult", "load_config",
           "file_part"]

FORMATS = ("html", "pdf")
# A for_each job over more values than this writes HTML pages only (a PDF costs about a second a
# page, and hundreds of article PDFs are rarely read); the config's pdf_limit changes it.
PDF_LIMIT = 25


class ReportError(RuntimeError):
    """A report job or run that could not complete; the message says which and why."""


@dataclass
class ReportJob:
    name: str
    notebook: Path
    output: str
    formats: tuple[str, ...] = FORMATS
    parameters: dict[str, Any] = field(default_factory=dict)
    for_each: str | None = None  # repeat over the values of this registry entry (analysis.report.values)
    top: int | None = None       # for_each: how many values (None: the registry entry's default)

    expanded_from: str | None = None  # set on the jobs expand_jobs makes: the for_each value

    @property
    def key(self) -> str:
        """The job's entry in the index: its name, or name/output for one page of a for_each job."""
        return f"{self.name}/{self.output}" if self.expanded_from is not None else self.name


@dataclass
class ReportConfig:
    path: Path | None
    corpus: Path
    output_dir: Path
    jobs: list[ReportJob]
    store: Path | None = None
    pdf_limit: int = PDF_LIMIT


@dataclass
class JobResult:
    job: str
    ok: bool
    outputs: list[Path]
    error: str = ""
    seconds: float = 0.0
    skipped: str = ""  # why the job did not run: "up to date", or why it cannot run on this corpus


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
            raise ReportError(f"{where} ({name}): for_each must be one of {sorted(FOR_EACH)} (got {for_each!r})")
        if for_each is not None and FOR_EACH[for_each].parameter in params:
            raise ReportError(f"{where} ({name}): parameter {FOR_EACH[for_each].parameter!r} is set by for_each; "
                              f"remove it")
        top = entry.get("top")
        if top is not None and (for_each is None or not isinstance(top, int) or isinstance(top, bool) or top < 1):
            raise ReportError(f"{where} ({name}): top must be a positive whole number, with for_each")
        jobs.append(ReportJob(name, notebook, _check_name(entry.get("output", name), "'output'", where),
                              tuple(formats), params, for_each, top))
    pdf_limit = raw.get("pdf_limit", PDF_LIMIT)
    if not isinstance(pdf_limit, int) or isinstance(pdf_limit, bool) or pdf_limit < 0:
        raise ReportError(f"{path}: pdf_limit must be a whole number >= 0 (got {pdf_limit!r})")
    store = raw.get("store") or None
    return ReportConfig(path, base / str(raw.get("corpus", "seeds")), base / str(raw.get("output_dir", "reports")),
                        jobs, store=base / str(store) if store else None, pdf_limit=pdf_limit)


def file_part(value: str) -> str:
    """A value (a doc_id, an actor id) as part of a file name: safe characters, plus a hash when any was
    replaced.

    Values come from manifests (untrusted): "../x" or "a/b" must not become paths, and two
    values that differ only in unsafe characters must not share a file.
    """
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", value).strip("_")[:60]
    if safe != value:
        safe = f"{safe}_{hashlib.sha1(value.encode('utf-8')).hexdigest()[:8]}".lstrip("_")
    return safe
