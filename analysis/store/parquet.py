"""The store's folder: per-article extraction rows in Parquet part files, and their keys.

:func:`analysis.store.extract` parses each article once (in chunks, locally
or on a Dask cluster) and writes the rows of :mod:`analysis.extract.rows`
here; with the store attached to a corpus, every table reads them
(:func:`analysis.store.article_rows`) instead of parsing.  The corpus-wide
steps (clustering discovered names, linking speakers to actors, the
aggregations) run over the stored rows, and each public table is then kept
whole (:func:`analysis.store.table`, ``<pipeline>/tables/``) under a key of
the corpus's articles and metadata, the dictionary, the package code and the
call's arguments, so a report over an unchanged corpus only reads Parquet.

Why Parquet: typed, columnar and compressed; readable without this package
(pandas, pyarrow, Dask, DuckDB); and a folder of part files is how Dask and
Spark write partitioned tables, so results are appended part by part, by
several writers, without a database or a lock.

Layout (everything under the store folder is a cache: safe to delete)::

    <store>/README.txt
    <store>/<pipeline>/sentences/part-*.parquet               keyed by article text only
    <store>/<pipeline>/spans/part-*.parquet                   (quoted spans: scare-quote test, head word)
    <store>/<pipeline>/dict-<digest>/mentions/part-*.parquet  ... and by the actor dictionary
    <store>/<pipeline>/dict-<digest>/quotes/part-*.parquet

``<pipeline>`` names the model and its version, the spaCy version, the package
version and a digest of the extraction code and its data files, so upgrading
any of them starts a fresh folder.  ``<digest>`` is the actor dictionary's
content hash.  Every row carries ``text_sha``, a hash of the article's cleaned
text, and each part lists the articles it covers in its Parquet metadata (an
article without quotes is still known to be done).  Articles are matched by
text, not doc_id: a renamed article is not parsed again, an edited one is.

Which tables depend on the dictionary: its EntityRuler runs inside the spaCy
pipeline before the NER, so it changes ``doc.ents``.  Mentions, and quotes
(speakers are resolved over entities), depend on it and are recomputed when it
changes; sentence boundaries and the quoted-span tests (tags and dependencies
only) do not and are kept.  The recomputation still
parses those articles again: the ruler is part of the parse.

Crash safety: a part is written to a hidden temporary file in its folder,
flushed to disk and renamed into place (``os.replace`` is atomic), so a reader
sees a whole part or none.  Temporary files whose writer process is gone are
deleted by the next run; a part that cannot be read (copied half-way, disk
full) is logged, deleted, and its articles are extracted again.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from collections.abc import Mapping
from typing import TYPE_CHECKING, Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..core.files import atomic_write
from ..extract.rows import DICTIONARY_TABLES, TABLES, row_fields
from ..nlp import load_pipeline, model_name

if TYPE_CHECKING:
    from ..core.corpus import Corpus
    from ..core.dictionary import ActorDictionary

__all__ = ["STORE_DIR", "TABLES", "DICTIONARY_TABLES", "Store", "text_sha", "pipeline_key", "code_digest",
           "package_digest", "package_files", "dictionary_digest", "schema", "to_arrow", "default_store_path",
           "tmp_path"]

log = logging.getLogger(__name__)

STORE_DIR = ".outlet-lens-cache"
_COVERED = b"outlet_lens.covered"
_README = """Outlet Lens extraction store (a cache).

Written by `python -m analysis extract` / analysis.extract(): per-article
sentences, quoted spans, actor mentions and quotes as Parquet part files, so reports over
an unchanged corpus do not parse it again.  Safe to delete: it is rebuilt on
the next extraction.  See analysis/store/ for the layout.
"""




# --------------------------------------------------------------------------- keys

def text_sha(text: str) -> str:
    """The key of an article's text (BLAKE2b, 128 bits, hex)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


PACKAGE = Path(__file__).resolve().parents[1]
# The layers whose code shapes the stored per-article rows (the tables' own code
# comes after them and keys the whole tables, :func:`package_digest`).
EXTRACTION_LAYERS = ("core", "nlp.py", "extract", "store", "data")


def package_files(*parts: str) -> list[Path]:
    """Every module and data file under the named parts of the package (all of it without
    parts), found by walking the folders, so a module added or moved is never left out."""
    roots = [PACKAGE / p for p in parts] if parts else [PACKAGE]
    files: set[Path] = set()
    for root in roots:
        if root.is_file():
            files.add(root)
        elif root.is_dir():
            files.update(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                         and p.suffix not in (".pyc", ".pyo"))
    return sorted(files)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the extraction code and data files (changes whenever their content does)."""
    return _digest(package_files(*EXTRACTION_LAYERS))


@lru_cache(maxsize=1)
def package_digest() -> str:
    """A digest of every module and data file of the package: any edit can change a table."""
    return _digest(package_files())


def _digest(paths: list[Path]) -> str:
    h = hashlib.blake2b(digest_size=6)
    for path in paths:
        if path.is_file():
            h.update(path.relative_to(PACKAGE).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=8)
def pipeline_key(model: str | None = None) -> str:
    """Folder name for one model, model version, spaCy version, package version and code digest."""
    def installed(dist: str) -> str | None:
        try:
            return version(dist)
        except PackageNotFoundError:
            return None

    # Package metadata, not `import spacy`: a report over the store should not pay for loading spaCy.
    name = model_name(model)
    model_version = installed(name) or load_pipeline(name).meta.get("version", "0")  # a model folder
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in Path(name).name)
    return (f"{safe}-{model_version}_spacy-{installed('spacy')}_outlet-lens-{installed('outlet-lens') or '0'}"
            f"_{code_digest()}")


def dictionary_digest(dictionary: "ActorDictionary | None") -> str:
    return dictionary.digest() if dictionary is not None and dictionary.actors else "none"


# --------------------------------------------------------------------------- schemas

_ARROW = {int: pa.int64(), bool: pa.bool_(), str: pa.string(), float: pa.float64()}


@lru_cache(maxsize=None)
def schema(table: str) -> pa.Schema:
    """The Arrow schema of a stored table (``text_sha`` first, then :func:`analysis.extract.rows.row_fields`)."""
    return pa.schema([("text_sha", pa.string())] + [(name, _ARROW[kind]) for name, kind in row_fields(table)])


def to_arrow(table: str, results: Iterable[tuple[str, dict[str, list[dict]]]]) -> pa.Table:
    """One table's rows of several articles (``(text_sha, {table: rows})``) as an Arrow table."""
    rows = [{"text_sha": sha, **row} for sha, tables in results for row in tables[table]]
    return pa.Table.from_pylist(rows, schema=schema(table))


# --------------------------------------------------------------------------- the store folder

def _writer_gone(tmp: Path) -> bool:
    """Whether the process that wrote ``.tmp-<host>-<pid>-...`` on this host has exited."""
    try:
        _, host, pid, _ = tmp.name.split("-", 3)
        if host != _host():
            return False  # another machine's run: not ours to judge
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (ValueError, PermissionError, OSError):
        return False
    return False


@dataclass
class Store:
    """One store folder, for one pipeline (model, versions, extraction code).

    Attributes:
        path: the store folder the user named.
        model: the spaCy model name.
        root: ``path / pipeline_key(model)``, where the tables live.
    """

    path: Path
    model: str
    root: Path = field(init=False)

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        self.root = self.path / pipeline_key(self.model)

    def folder(self, table: str, digest: str) -> Path:
        return self.root / table if table not in DICTIONARY_TABLES else self.root / f"dict-{digest}" / table

    def parts(self, table: str, digest: str) -> list[tuple[Path, frozenset[str]]]:
        """The readable parts of a table with the articles each covers, oldest first.

        Deletes temporary files of writers that are gone and parts whose
        footer cannot be read, so their articles are extracted again.
        """
        folder = self.folder(table, digest)
        if not folder.is_dir():
            return []
        for tmp in folder.glob(".tmp-*"):
            if _writer_gone(tmp):
                log.warning("%s: removing a temporary file left by an interrupted run", tmp)
                tmp.unlink(missing_ok=True)
        out = []
        for part in sorted(folder.glob("part-*.parquet")):
            try:
                covered = frozenset(json.loads(pq.read_schema(part).metadata[_COVERED]))
            except Exception as exc:  # truncated, not Parquet, no coverage list: all mean "redo"
                log.warning("%s: unreadable store part removed, its articles will be extracted again (%s)",
                            part, exc)
                part.unlink(missing_ok=True)
                continue
            out.append((part, covered))
        return out

    def covered(self, table: str, digest: str) -> set[str]:
        """Text keys of the articles this table holds."""
        return set().union(*(c for _, c in self.parts(table, digest)))

    def write(self, table: str, digest: str, data: pa.Table, covered: Iterable[str]) -> Path:
        """Write one part atomically: temporary file, fsync, rename."""
        folder = self.folder(table, digest)
        folder.mkdir(parents=True, exist_ok=True)
        readme = self.path / "README.txt"
        if not readme.exists():
            atomic_write(readme, lambda p: p.write_text(_README, encoding="utf-8"), tmp=tmp_path(self.path, ".txt"))
        meta = {**(data.schema.metadata or {}), _COVERED: json.dumps(sorted(covered)).encode()}
        target = folder / f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.parquet"
        atomic_write(target, lambda p: pq.write_table(data.replace_schema_metadata(meta), p, compression="zstd"),
                     tmp=tmp_path(folder, ".parquet"))
        return target

    def read(self, table: str, digest: str, wanted: set[str]) -> "StoredRows | None":
        """``{text_sha: rows}`` for every wanted article, rows in stored order; None if any is missing.

        The rows stay columnar (:class:`StoredRows`) and become dicts only when an article's are
        asked for: as dicts the rows of 3,360 articles held 760 MB for the life of a kernel."""
        pieces = []
        assigned: set[str] = set()
        for part, covered in self.parts(table, digest):
            take = (covered & wanted) - assigned
            if not take:
                continue
            try:
                data = pq.read_table(part)
            except Exception as exc:
                log.warning("%s: unreadable store part removed (%s)", part, exc)
                part.unlink(missing_ok=True)
                return None
            assigned |= take  # the oldest part covering an article wins; duplicates are equal anyway
            pieces.append(data.filter(pc.is_in(data["text_sha"], value_set=pa.array(sorted(take), pa.string()))))
        if wanted - assigned:
            return None
        return StoredRows(pieces, wanted)


class StoredRows(Mapping):
    """``{text_sha: rows}`` over an Arrow table: an article's rows (dicts, in stored order, without
    ``text_sha``) are made each time they are asked for, so they live only as long as their caller
    keeps them; articles without rows give []."""

    def __init__(self, pieces: list[pa.Table], shas: Iterable[str]):
        data = pa.concat_tables(pieces, promote_options="default") if len(pieces) > 1 else \
            pieces[0] if pieces else None
        self._shas = frozenset(shas)
        self._at: dict[str, tuple[int, int]] = {}
        self._data = None
        if data is not None and data.num_rows:
            data = data.take(pc.sort_indices(data, [("text_sha", "ascending")]))  # a stable sort
            counts = pc.value_counts(data["text_sha"])  # in order of first appearance: sorted
            start = 0
            for sha, n in zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist()):
                self._at[sha] = (start, n)
                start += n
            self._data = data.drop_columns(["text_sha"])

    def __getitem__(self, sha: str) -> list[dict]:
        if sha not in self._shas:
            raise KeyError(sha)
        at = self._at.get(sha)
        return self._data.slice(*at).to_pylist() if at else []

    def __iter__(self):
        return iter(self._shas)

    def __len__(self) -> int:
        return len(self._shas)


def tmp_path(folder: Path, suffix: str) -> Path:
    """``folder/.tmp-<host>-<pid>-<uuid><suffix>``: a name :func:`_writer_gone` can judge (:func:`analysis.core.files.atomic_write` writes through it)."""
    return folder / f".tmp-{_host()}-{os.getpid()}-{uuid.uuid4().hex[:8]}{suffix}"


def _host() -> str:
    return socket.gethostname().replace("-", "_")  # no "-": it separates the name's fields


def default_store_path(corpus: "Corpus") -> Path:
    """``<corpus folder>/.outlet-lens-cache`` where the folder may be written, else a folder in the
    user's cache directory (platformdirs: ``~/.cache/outlet-lens/stores/<name>-<hash of the
    corpus's resolved path>`` on Linux), so a read-only corpus (a shared drive, a read-only mount)
    still gets a store of its own."""
    if corpus.path is None:
        raise ValueError("this corpus has no folder: give a store path (store=... / --store DIR)")
    folder = Path(corpus.path).resolve()
    local = folder / STORE_DIR
    if _writable(local):
        return local
    from platformdirs import user_cache_path

    key = hashlib.blake2b(str(folder).encode("utf-8"), digest_size=6).hexdigest()
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in folder.name) or "corpus"
    return user_cache_path("outlet-lens", appauthor=False) / "stores" / f"{safe}-{key}"


def _writable(store: Path) -> bool:
    """Whether ``store`` exists and may be written, or may be created in its parent."""
    if store.exists():
        return os.access(store, os.W_OK | os.X_OK)
    return os.access(store.parent, os.W_OK | os.X_OK)


