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
from pathlib import Path
from urllib.parse import quote

from ..core import __version__
from ..core.files import atomic_text

__all__ = ["INDEX_JSON", "read_index", "record", "forget", "write_index"]

INDEX_JSON = "index.json"
_LOCK = threading.Lock()  # jobs run in threads; each index update is read-modify-write


def read_index(folder: Path) -> dict[str, dict]:
    """The records of one corpus folder ({} when missing or half-written: rebuilt by the jobs that run)."""
    try:
        data = json.loads((folder / INDEX_JSON).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def record(folder: Path, key: str, *, job: str, notebook: str, corpus: Path, corpus_name: str, params: dict,
           files: list[Path], fingerprint: str) -> None:
    """Add or replace one page's record in ``folder``'s index."""
    with _LOCK:
        records = read_index(folder)
        records[key] = {
            "job": job, "notebook": notebook, "corpus": corpus_name, "corpus_path": str(corpus),
            "parameters": {k: v for k, v in params.items() if k not in ("corpus", "store")},
            "finished": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
            "version": __version__, "files": [f.name for f in files], "fingerprint": fingerprint,
        }
        atomic_text(folder / INDEX_JSON, json.dumps(records, indent=2, sort_keys=True))


def forget(folder: Path, job: str, keep: set[str]) -> list[str]:
    """Drop the records of ``job``'s pages that this run did not make (their value left the corpus);
    returns the files those records listed."""
    with _LOCK:
        records = read_index(folder)
        stale = [k for k, r in records.items() if r.get("job") == job and k not in keep]
        files = [f for k in stale for f in records[k].get("files", [])]
        for k in stale:
            del records[k]
        if stale:
            atomic_text(folder / INDEX_JSON, json.dumps(records, indent=2, sort_keys=True))
    return files


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
