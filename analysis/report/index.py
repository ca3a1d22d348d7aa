"""The reports' index: ``<output_dir>/<corpus>/index.json`` per corpus, ``<output_dir>/index.html`` for all.

Each record names a job's page: its notebook, corpus, parameters, the time it
finished, the package version, its files, and the fingerprint of everything
it was made from (notebook, parameters, formats, corpus, package code), so a
later run can tell a page that is up to date from one to make again.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import threading
import time
from pathlib import Path
from urllib.parse import quote

from ..core import __version__
from ..core.files import atomic_text

__all__ = ["INDEX_JSON", "read_index", "PageIndex", "write_index"]

INDEX_JSON = "index.json"


def read_index(folder: Path) -> dict[str, dict]:
    """The records of one corpus folder ({} when missing or half-written: rebuilt by the jobs that run)."""
    try:
        data = json.loads((folder / INDEX_JSON).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


class PageIndex:
    """One corpus folder's records for a run: read once, updated in memory, written to ``index.json``
    at most every ``every`` seconds and by :meth:`flush` at the end of the run.

    Reading and rewriting the whole file for each page made a run quadratic in its pages (840
    article pages: 840 reads and writes of a file that grows to 840 records).  A run killed between
    writes loses only the records of its last seconds: those pages are made again next time.
    """

    def __init__(self, folder: Path, *, every: float = 2.0):
        self.folder, self.every = folder, every
        self.records = read_index(folder)
        self._lock = threading.Lock()  # jobs run in threads
        self._written = time.monotonic()
        self._dirty = False

    def get(self, key: str) -> dict:
        return self.records.get(key, {})

    def record(self, key: str, *, job: str, notebook: str, corpus: Path, corpus_name: str, params: dict,
               files: list[Path], fingerprint: str) -> None:
        """Add or replace one page's record."""
        with self._lock:
            self.records[key] = {
                "job": job, "notebook": notebook, "corpus": corpus_name, "corpus_path": str(corpus),
                "parameters": {k: v for k, v in params.items() if k not in ("corpus", "store")},
                "finished": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
                "version": __version__, "files": [f.name for f in files], "fingerprint": fingerprint,
            }
            self._dirty = True
            if time.monotonic() - self._written >= self.every:
                self._write()

    def forget(self, job: str, keep: set[str]) -> list[str]:
        """Drop the records of ``job``'s pages that this run did not make (their value left the corpus);
        returns the files those records listed."""
        with self._lock:
            stale = [k for k, r in self.records.items() if r.get("job") == job and k not in keep]
            files = [f for k in stale for f in self.records[k].get("files", [])]
            for k in stale:
                del self.records[k]
            self._dirty = self._dirty or bool(stale)
        return files

    def flush(self) -> None:
        with self._lock:
            if self._dirty:
                self._write()

    def _write(self) -> None:
        atomic_text(self.folder / INDEX_JSON, json.dumps(self.records, indent=2, sort_keys=True))
        self._written, self._dirty = time.monotonic(), False


def write_index(output_dir: Path) -> Path:
    """``<output_dir>/index.html``: every corpus's reports with their parameters, date and package version."""
    rows = []
    corpora = sorted(p for p in output_dir.iterdir() if p.is_dir() and (p / INDEX_JSON).is_file()) \
        if output_dir.is_dir() else []
    for folder in corpora:
        records = read_index(folder)
        for key in sorted(records):
            r = records[key]
            links = " ".join(
                f'<a href="{html.escape(quote(folder.name))}/{html.escape(quote(r["job"]))}/{html.escape(quote(f))}">'
                f'{html.escape(Path(f).suffix[1:])}</a>' for f in r.get("files", []))
            params = html.escape(json.dumps(r.get("parameters", {}), sort_keys=True, ensure_ascii=False))
            rows.append(f"<tr><td>{html.escape(r.get('corpus', folder.name))}</td><td>{html.escape(r['job'])}</td>"
                        f"<td>{html.escape(r.get('notebook', ''))}</td><td><code>{params}</code></td>"
                        f"<td>{html.escape(r.get('finished', ''))}</td><td>{html.escape(r.get('version', ''))}</td>"
                        f"<td>{links}</td></tr>")
    names = ", ".join(html.escape(p.name) for p in corpora) or "none yet"
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Outlet Lens reports</title>
<style>body{{font-family:sans-serif;margin:2rem}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}}th{{background:#eee}}</style>
</head><body><h1>Outlet Lens reports</h1><p>Corpora: {names}.</p>
<table><thead><tr><th>corpus</th><th>job</th><th>notebook</th><th>parameters</th><th>finished (UTC)</th>
<th>package version</th><th>files</th></tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""
    target = output_dir / "index.html"
    atomic_text(target, page)
    return target
