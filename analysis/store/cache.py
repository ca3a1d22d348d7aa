"""Reading back: per-article rows from the attached store (or the shared parse), and the one table cache.

Two things every table goes through:

* :func:`article_rows` -- ``{doc_id: rows}`` of a per-article table
  (:mod:`analysis.extract.rows`): read from the extraction store attached to
  the corpus when it holds every article, else built once from the shared
  parse (:func:`analysis.nlp.parse`).  A table never parses by itself.
* :func:`table` -- the cache decorator every public table wears where it is
  defined, so every caller (another table, a view, a notebook) gets the cached
  table.  The table is kept in memory on the corpus (``corpus.cache``) and,
  with a store attached, whole in ``<store>/<pipeline>/tables/`` under a key
  of the corpus's articles and metadata, the dictionary, the model, the
  package code (:func:`~.parquet.package_digest`) and the call's arguments,
  so a report over an unchanged corpus reads Parquet only.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..core.dictionary import corpus_dictionary
from ..core.files import atomic_write
from ..core.memory import can_fork, release_memory, run_apart
from ..extract.rows import DICTIONARY_TABLES, doc_rows
from ..nlp import analysed, model_name, parse
from .parquet import Store, dictionary_digest, package_digest, text_sha, tmp_path

if TYPE_CHECKING:
    from ..core.corpus import Corpus
    from ..core.dictionary import ActorDictionary

__all__ = ["attach", "attached_store", "share_tables", "subset", "article_rows", "table", "corpus_digest",
           "corpus_fingerprint"]

log = logging.getLogger(__name__)

_ATTACHED = "store.attached"
_ROWS = "store.rows"      # corpus.cache: rows built from the parse, per (table, model, dictionary)
_TABLES = "store.tables"  # corpus.cache: the tables @table keeps in memory


# --------------------------------------------------------------------------- the attached store

@dataclass
class _Attached:
    store: Store
    shas: dict[str, str]                    # doc_id -> text_sha, in article order
    loaded: dict[tuple[str, str], Any] = field(default_factory=dict)
    keep_tables: bool = True                # whole tables are written to the store


def attach(corpus: "Corpus", store: "Store | str | os.PathLike", *, model: str | None = None,
           keep_tables: bool = True) -> Store:
    """Let the table functions of ``corpus`` read from ``store`` (nothing is read until a table is asked for).

    ``keep_tables=False``: the per-article rows are read from the store, but whole tables are
    not written to it (a part of a corpus: one article's view, one story).
    """
    st = store if isinstance(store, Store) else Store(Path(store), model_name(model))
    corpus.cache[_ATTACHED] = _Attached(st, dict(zip(corpus.articles["doc_id"],
                                                     map(text_sha, corpus.articles["text"]))),
                                        keep_tables=keep_tables)
    return st


def attached_store(corpus: "Corpus") -> Store | None:
    """The store attached to ``corpus`` (:func:`attach`), or None."""
    att = corpus.cache.get(_ATTACHED)
    return att.store if att is not None else None


def share_tables(corpus: "Corpus", source: "Corpus") -> None:
    """Let ``corpus`` (the same articles as ``source``, a corpus of its own) use ``source``'s attached
    store and the tables and rows ``source`` holds in memory: the pages of a for_each job, run one
    after another in one kernel, read each corpus-wide table once (callers get copies, as ever)."""
    if corpus.articles is not source.articles:
        raise ValueError("share_tables: the two corpora must hold the same articles")
    if _ATTACHED in source.cache:
        corpus.cache[_ATTACHED] = source.cache[_ATTACHED]
    for key in (_TABLES, _ROWS):
        corpus.cache[key] = source.cache.setdefault(key, {})


def subset(corpus: "Corpus", doc_ids) -> "Corpus":
    """A corpus of the articles ``doc_ids`` (in ``corpus``'s order), its removed lines, and the same
    attached store: a per-article or per-story view reads its rows without parsing."""
    wanted = {str(d) for d in doc_ids}
    arts = corpus.articles[corpus.articles["doc_id"].astype(str).isin(wanted)].reset_index(drop=True)
    removed = corpus.removed[corpus.removed["doc_id"].astype(str).isin(wanted)].reset_index(drop=True)
    part = type(corpus)(corpus.path, arts, removed, corpus.problems.iloc[0:0], title=corpus.title)
    store = attached_store(corpus)
    if store is not None:  # its tables are cheap and many (a page each): kept in memory only
        attach(part, store, keep_tables=False)
    return part


def corpus_digest(corpus: "Corpus", dictionary: "ActorDictionary | str | os.PathLike | None" = None) -> str:
    """The digest of the actor dictionary ``corpus`` is read with (its ``actors.yml`` by default)."""
    return dictionary_digest(corpus_dictionary(corpus, dictionary))


def corpus_fingerprint(corpus: "Corpus") -> str:
    """A digest of everything a corpus's tables are made from: the articles (metadata and texts), the
    removed lines and the actor dictionary (with the package code and the model, the key of a report)."""
    h = hashlib.blake2b(digest_size=16)
    meta = corpus.articles.drop(columns=["raw_text", "text"], errors="ignore")
    for frame in (meta, corpus.removed):
        h.update(pd.util.hash_pandas_object(frame.astype(str), index=True).values.tobytes())
        h.update(repr(list(frame.columns)).encode())
    h.update("|".join(map(text_sha, corpus.articles["text"])).encode())
    h.update(corpus_digest(corpus).encode())
    return h.hexdigest()


def _stored(corpus: "Corpus", table: str, digest: str, model: str | None) -> "Mapping[str, list[dict]] | None":
    """``{doc_id: rows}`` of a stored table for every article, or None (no store, other model, gaps).
    Each article's rows are made when asked for (:class:`~.parquet.StoredRows`)."""
    att: _Attached | None = corpus.cache.get(_ATTACHED)
    if att is None or att.store.model != model_name(model):
        return None
    shas = {d: att.shas[d] for d in analysed(corpus, model=model)}
    key = (table, digest if table in DICTIONARY_TABLES else "", frozenset(shas.values()))
    if key not in att.loaded:
        att.loaded[key] = att.store.read(table, digest, set(shas.values()))
    by_sha = att.loaded[key]
    if by_sha is None:
        return None
    return _DocRows(att.shas, shas, by_sha)


class _DocRows(Mapping):
    """``{doc_id: rows}`` in article order over stored rows keyed by text: an article the pipeline
    did not analyse (another language) has none."""

    def __init__(self, order: dict[str, str], shas: dict[str, str], by_sha: Mapping[str, list[dict]]):
        self._order, self._shas, self._by_sha = order, shas, by_sha

    def __getitem__(self, doc_id: str) -> list[dict]:
        if doc_id not in self._order:
            raise KeyError(doc_id)
        return self._by_sha.get(self._shas[doc_id], []) if doc_id in self._shas else []

    def __iter__(self):
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)


def article_rows(corpus: "Corpus", table: str, *, dictionary: "ActorDictionary | str | os.PathLike | None" = None,
                 model: str | None = None, n_process: int = 1, batch_size: int = 32) -> Mapping[str, list[dict]]:
    """``{doc_id: rows}`` of one per-article table (:mod:`analysis.extract.rows`) for every article.

    Read from the attached store when it holds every article; otherwise built
    from the corpus's shared parse (parsed once, with ``n_process`` and
    ``batch_size``, and kept with the rows on the corpus).  The dictionary
    defaults to the corpus's ``actors.yml``.
    """
    actor_dict = corpus_dictionary(corpus, dictionary)
    digest = dictionary_digest(actor_dict)
    rows = _stored(corpus, table, digest, model)
    if rows is not None:
        return rows
    ids = tuple(corpus.articles["doc_id"])
    key = (table, model_name(model), digest if table in DICTIONARY_TABLES else "")
    memo = corpus.cache.setdefault(_ROWS, {})
    if key in memo and memo[key][0] == ids:
        return memo[key][1]
    docs = parse(corpus, dictionary=actor_dict, model=model, n_process=n_process, batch_size=batch_size)
    # Articles the pipeline does not analyse (another language: nlp.analysed) have no rows.
    out = {d: doc_rows(docs[d], dictionary=actor_dict, tables=(table,))[table] if d in docs else [] for d in ids}
    memo[key] = (ids, out)
    return out


# --------------------------------------------------------------------------- the table cache

_PLAIN = (str, int, float, bool, type(None), os.PathLike)


def _plain(value: Any) -> bool:
    if isinstance(value, (list, tuple, frozenset, set)):
        return all(_plain(v) for v in value)
    return isinstance(value, _PLAIN)


def _memo_value(value: Any) -> Any:
    """A hashable stand-in for an argument (an actor dictionary by its digest), or raise TypeError."""
    if hasattr(value, "digest") and callable(value.digest):
        return ("digest", value.digest())
    if isinstance(value, (list, tuple)):
        return tuple(_memo_value(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(_memo_value(v) for v in value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    hash(value)
    if not isinstance(value, _PLAIN):
        raise TypeError(type(value).__name__)
    return value


def _table_key(corpus: "Corpus", att: _Attached, name: str, args: tuple, kwargs: dict) -> str | None:
    """What a whole table depends on: articles (metadata and text keys), removed lines, dictionary,
    model, package code and the call's arguments.  None when something cannot be keyed."""
    try:
        meta = corpus.articles.drop(columns=["raw_text", "text"], errors="ignore")
        h = hashlib.blake2b(digest_size=16)
        for frame in (meta, corpus.removed):
            h.update(pd.util.hash_pandas_object(frame, index=True).values.tobytes())
            h.update(repr(list(frame.columns)).encode())
    except TypeError:
        return None
    call = repr((name, [str(a) for a in args], sorted((k, str(v)) for k, v in kwargs.items())))
    h.update("|".join([call, *att.shas.values(), corpus_digest(corpus, kwargs.get("dictionary")),
                       model_name(kwargs.get("model")), package_digest()]).encode())
    return h.hexdigest()


def _copy(value: Any) -> Any:
    return value.copy() if isinstance(value, pd.DataFrame) else value


def table(func: Callable | None = None, *, persist: bool = True) -> Callable:
    """Cache ``func(corpus, ...)``'s table: in memory on the corpus, and whole in its attached store.

    Use as ``@table`` on every public table where it is defined.  A repeated
    call with the same arguments returns a copy of the kept table (callers may
    change it).  Arguments that cannot be keyed (a DataFrame) bypass the cache.
    With ``persist`` (the default) and a store attached, the table is also
    written to ``<store>/<pipeline>/tables/<name>-<key>.parquet`` and read from
    there by later runs; a table that does not survive the Parquet round trip
    unchanged (a column of Python objects) is marked and always recomputed.
    ``persist=False`` keeps intermediate results (not DataFrames) in memory only.

    A table kept in the store is made in a forked child where there is fork
    (:func:`_made_apart`) and read back.  ``f.prepare(corpus, ...)`` makes it
    there without reading it: a table built from several others prepares
    them first, so that each is made in a child of a process that holds none
    of them yet (a child starts with its parent's memory).
    """
    if func is None:
        return functools.partial(table, persist=persist)
    name = f"{func.__module__.rsplit('.', 1)[-1]}.{func.__qualname__}"

    def memo_key(corpus, args: tuple, kwargs: dict) -> tuple | None:
        """The call's key in the corpus's memory; None when it cannot be keyed (a DataFrame argument)
        or the corpus keeps no cache."""
        if getattr(corpus, "cache", None) is None:
            return None
        try:
            return (name, _memo_value(args), tuple(sorted((k, _memo_value(v)) for k, v in kwargs.items())),
                    id(corpus.articles), tuple(corpus.articles["doc_id"]))
        except TypeError:
            return None

    def kept_path(corpus, args: tuple, kwargs: dict) -> Path | None:
        """Where the table is kept in the attached store; None when it is not kept there.  Hashes the
        corpus's metadata: asked for only when the table is not in memory."""
        att = corpus.cache.get(_ATTACHED)
        if not (persist and att is not None and att.keep_tables and _plain(args) and _plain(list(kwargs.values()))):
            return None
        digest = _table_key(corpus, att, func.__name__, args, kwargs)
        return None if digest is None else att.store.root / "tables" / f"{func.__name__}-{digest}.parquet"

    @functools.wraps(func)
    def wrapper(corpus, *args, **kwargs):
        key = memo_key(corpus, args, kwargs)
        if key is None:
            return func(corpus, *args, **kwargs)
        memo = corpus.cache.setdefault(_TABLES, {})
        if key in memo:
            return _copy(memo[key])
        path = kept_path(corpus, args, kwargs)
        frame = _read_table(path) if path is not None else None
        if frame is None:
            with _making(path):
                frame = _read_table(path) if path is not None else None  # made by another process meanwhile
                if frame is None and _apart(path):
                    frame = _made_apart(path, func, corpus, args, kwargs)
                elif frame is None:
                    frame = func(corpus, *args, **kwargs)
                    if path is not None and not path.with_suffix(".uncacheable").exists():
                        _save_table(path, frame)
                    # What making the table freed goes back to the system, so the next table's
                    # working set does not come on top of this one's (analysis.core.memory).
                    release_memory()
        memo[key] = frame
        return _copy(frame)

    def prepare(corpus, *args, **kwargs) -> None:
        """Make the table in the attached store, in a child process, without reading it here; nothing
        when it is there already or is not kept there (no store, not on Linux)."""
        key = memo_key(corpus, args, kwargs)
        if key is None or key in corpus.cache.get(_TABLES, {}):
            return
        path = kept_path(corpus, args, kwargs)
        if not _apart(path) or path.exists():
            return
        with _making(path):
            if not path.exists():
                made = run_apart(_make_and_save, path, func, corpus, args, kwargs)
                if made is not None:  # no exact Parquet form: it came back, keep it
                    corpus.cache.setdefault(_TABLES, {})[key] = made

    wrapper.prepare = prepare
    wrapper.__wrapped_table__ = True
    return wrapper


def _apart(path: Path | None) -> bool:
    """Whether a table kept at ``path`` is made in a child process (see :func:`_made_apart`)."""
    return path is not None and can_fork() and not path.with_suffix(".uncacheable").exists()


def _made_apart(path: Path, func: Callable, corpus: "Corpus", args: tuple, kwargs: dict) -> Any:
    """A table made in a forked child (:func:`~analysis.core.memory.run_apart`) that writes it to
    ``path``; read back here.  A table with no exact Parquet form comes back pickled.

    The child takes with it everything making the table left: the tables and intermediate
    results its helpers cached, the per-article rows it read, and a heap grown to the step's
    peak.  Made in the report kernel, each corpus-wide table stacked these on the ones before
    (PolNeAR train filed four times: the comparison kernel held 1,217 MiB at its end, of
    which 265 MiB were the tables themselves)."""
    made = run_apart(_make_and_save, path, func, corpus, args, kwargs)
    if made is not None:
        return made
    frame = _read_table(path)
    if frame is None:
        raise RuntimeError(f"{path}: the table made in a child process could not be read back")
    release_memory()  # the Arrow buffers of the read
    return frame


def _make_and_save(path: Path, func: Callable, corpus: "Corpus", args: tuple, kwargs: dict) -> Any:
    frame = func(corpus, *args, **kwargs)
    _save_table(path, frame)
    return None if path.exists() else frame


# How long a process waits for another that is making the same table before making it itself.
_MAKING_WAIT = 900.0


@contextlib.contextmanager
def _making(path: Path | None):
    """Hold a lock file while a table is made, so that report kernels started together (the
    comparison and an actor profile both need the actors and quotes tables) make each table once:
    the second waits and reads what the first wrote.  Tables depend on tables without cycles, so
    two processes never wait on each other.  No store, a store that cannot be written, or a wait
    over :data:`_MAKING_WAIT`: the table is made without the lock."""
    if path is None:
        yield
        return
    from filelock import FileLock, Timeout

    lock = FileLock(str(path.with_suffix(".lock")))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=_MAKING_WAIT)
    except (OSError, Timeout):
        yield
        return
    try:
        yield
    finally:
        lock.release()


def _read_table(path: Path) -> pd.DataFrame | None:
    if not path.exists():
        return None
    try:
        return pq.read_table(path).to_pandas()
    except Exception as exc:
        log.warning("%s: unreadable cached table removed (%s)", path, exc)
        path.unlink(missing_ok=True)
        return None


def _save_table(path: Path, frame) -> None:
    if not isinstance(frame, pd.DataFrame):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = pa.Table.from_pandas(frame)
        back = data.to_pandas()
        pd.testing.assert_frame_equal(frame, back)
        # Equal is not enough: a Counter comes back a dict, a NaN a None.
        for col in frame.columns[frame.dtypes == object]:
            if any(type(a) is not type(b) for a, b in zip(frame[col], back[col])):
                raise TypeError(col)
    except (pa.ArrowException, AssertionError, TypeError, ValueError):
        marker = path.with_suffix(".uncacheable")
        atomic_write(marker, lambda p: p.write_text("recomputed: no exact Parquet round trip\n"),
                     tmp=tmp_path(path.parent, ".uncacheable"))
        return
    atomic_write(path, lambda p: pq.write_table(data, p, compression="zstd"), tmp=tmp_path(path.parent, ".parquet"))
