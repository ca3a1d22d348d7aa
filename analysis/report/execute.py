"""Executing a report notebook: parameters injected (papermill), cells run (nbclient), HTML and PDF made.

A job runs its notebook in a kernel of its own.  A ``for_each`` job runs
every page in ONE kernel that stays up (:class:`Kernel`): each page is the
notebook with that page's parameters injected, executed after the kernel's
namespace is reset, so imports and the loaded corpus (kept by
:func:`analysis.store.open_corpus`) are paid once, while every page is still
a whole, real execution of the notebook: cells numbered from 1 as in a fresh
kernel, outputs as a fresh kernel gives them.

HTML comes from nbconvert with the package's template (self-contained: no
CDN, code hidden); the PDF from that HTML (WeasyPrint, only ``data:`` URLs).
"""
from __future__ import annotations

import copy
import logging
import re
import subprocess
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import nbformat

from .display import SCREEN_ONLY

__all__ = ["ExecutionFailed", "Kernel", "execute_notebook", "declared_parameters", "notebook_to_html",
           "html_to_pdf"]

# Run before each page in a kernel that stays up: the page starts from an empty namespace.  This is
# ``%reset -f`` (``InteractiveShell.reset(new_session=False)``) without its output-cache flush, which
# ends in a full ``gc.collect()``: with a loaded corpus in the kernel that one collection cost about
# 0.25 s a page (article pages 0.38 s -> 0.14 s measured on 80 news_cluster articles).  The names the
# cache held (``_1``, ``Out``) go with the namespace; Python's own collector still runs.
_RESET = """\
def _outlet_lens_reset(ip=get_ipython()):
    cache = ip.displayhook.do_full_cache
    ip.displayhook.do_full_cache = 0
    try:
        ip.reset(new_session=False)
    finally:
        ip.displayhook.do_full_cache = cache
    ip.displayhook._ = ip.displayhook.__ = ip.displayhook.___ = ""  # no page keeps the last one's result
_outlet_lens_reset()
"""


class ExecutionFailed(Exception):
    """A cell raised: the executed notebook (with the error output), the cell's first line, the error."""

    def __init__(self, nb, cell: str, ename: str, evalue: str, exec_count: int | None):
        super().__init__(f"{ename}: {evalue}")
        self.nb, self.cell, self.ename, self.evalue, self.exec_count = nb, cell, ename, evalue, exec_count


@lru_cache(maxsize=32)
def _template(path: str, mtime_ns: int):
    from papermill.iorw import load_notebook_node

    return load_notebook_node(path)


def declared_parameters(notebook: Path) -> set[str]:
    """The names the notebook's ``parameters`` cell declares."""
    import papermill as pm

    return set(pm.inspect_notebook(str(notebook)))


class Kernel:
    """One Jupyter kernel that stays up for several executions (a for_each job's pages).

    Use as a context manager; the first execution starts the kernel.
    """

    def __init__(self, kernel_name: str = "python3", cwd: Path | None = None):
        self.kernel_name, self.cwd = kernel_name, cwd
        self.client = None  # the first NotebookClient: it owns the kernel manager and client

    def __enter__(self) -> "Kernel":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.client is not None:
            self.client._cleanup_kernel()  # shuts the kernel down and stops its channels
            self.client = None


def execute_notebook(notebook: Path, parameters: dict[str, Any], *, kernel: Kernel | None = None,
                     kernel_name: str = "python3", cwd: Path | None = None, timeout: int | None = None):
    """The notebook executed with ``parameters`` injected after its ``parameters`` cell.

    With ``kernel``, in that kernel (started on first use, kept up), its namespace reset first.
    Raises :class:`ExecutionFailed` when a cell raises.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from papermill.parameterize import parameterize_notebook

    notebook = Path(notebook)
    nb = copy.deepcopy(_template(str(notebook), notebook.stat().st_mtime_ns))
    nb = parameterize_notebook(nb, parameters, report_mode=False, kernel_name=kernel_name)
    resources = {"metadata": {"path": str(cwd or notebook.parent)}}
    options = dict(kernel_name=kernel_name, timeout=timeout, resources=resources, record_timing=False)
    reset_at = None
    if kernel is not None:
        reset_at = 0
        nb.cells.insert(0, nbformat.v4.new_code_cell(_RESET))
    # The kernel process's own stderr (jupyter_client's transport notice) is not the notebook's output.
    quiet = {"stderr": subprocess.DEVNULL}
    try:
        if kernel is None:
            NotebookClient(nb, **options).execute(**quiet)
        elif kernel.client is None:
            kernel.client = NotebookClient(nb, **options)
            kernel.client.execute(cleanup_kc=False, **quiet)
        else:
            client = NotebookClient(nb, km=kernel.client.km, **options)
            client.kc = kernel.client.kc
            client.execute(cleanup_kc=False)
    except CellExecutionError as exc:
        _drop_reset(nb, reset_at)
        cell = next((c for c in nb.cells if any(o.get("output_type") == "error" for o in c.get("outputs", []))),
                    None)
        first = (cell.source.strip().splitlines() or [""])[0][:80] if cell is not None else ""
        count = cell.get("execution_count") if cell is not None else None
        raise ExecutionFailed(nb, first, exc.ename, exc.evalue, count) from None
    _drop_reset(nb, reset_at)
    return nb


def _drop_reset(nb, at: int | None) -> None:
    """Remove the reset cell and number the code cells from 1, as a fresh kernel would."""
    if at is None:
        return
    del nb.cells[at]
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("execution_count"):
            cell.execution_count -= 1
            for out in cell.get("outputs", []):
                if "execution_count" in out and out["execution_count"]:
                    out["execution_count"] -= 1


# --------------------------------------------------------------------------- conversion

def _template_dir() -> Path:
    return Path(str(resources.files("analysis.report").joinpath("templates")))


_LOCAL = threading.local()


_NO_ALT = re.compile(r"<img(?![^>]*\salt=)")
_FOCUSABLE = re.compile(r'(<div class="[^"]*\b(?:jp-OutputArea-output|jp-Cell-inputWrapper)\b[^"]*")'
                        r'(?![^>]*\stabindex=)')


def _lean_html_exporter():
    """nbconvert's HTMLExporter without its BeautifulSoup pass over the finished page.

    That pass only gives an image without ``alt`` a placeholder text and makes outputs focusable
    (``tabindex``); parsing and re-serialising the whole page with bs4 cost 80 ms of an article
    page's 130 ms of conversion (PolNeAR train).  The same two edits are made here with regular
    expressions on the template's own markup (article text is escaped: '<' is '&lt;' in it).
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.exporters.html import Highlight2HTML, WidgetsDataTypeFilter

    class LeanHTMLExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            page = _NO_ALT.sub('<img alt="No description has been provided for this image"', page)
            return _FOCUSABLE.sub(r'\1 tabindex="0"', page), resources

    return LeanHTMLExporter


def _exporter():
    """One HTML exporter per thread (jobs run in threads): loading the template costs more than
    converting a page."""
    exporter = getattr(_LOCAL, "exporter", None)
    if exporter is None:
        exporter = _LOCAL.exporter = _lean_html_exporter()(
            template_name="outlet_lens", extra_template_basedirs=[str(_template_dir())],
            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    return exporter


def notebook_to_html(nb) -> str:
    """Self-contained HTML of an executed notebook: code hidden, no external script or stylesheet."""
    body, _ = _exporter().from_notebook_node(nb)
    return body


def html_to_pdf(html_text: str, target: Path) -> None:
    """A4 PDF of a report's HTML (print styles in the template: page numbers, no split figures)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    start, end = (re.escape(m) for m in SCREEN_ONLY)
    html_text = re.sub(f"{start}.*?{end}", "", html_text, flags=re.S)  # what print hides anyway
    # Only inline data: URLs resolve; a report never fetches anything.
    HTML(string=html_text, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf(target)
