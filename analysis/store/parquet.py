"""Parse once: a persistent per-article store of extraction results, in Parquet part files.

:func:`extract` parses each article once (in chunks, locally or on a Dask
cluster) and writes what the table functions need from the parse;
:func:`open_corpus` loads a corpus and attaches a store, after which
``analysis.actors``, ``quotes``, ``shared_statements``, ``hedges``,
``loaded_terms`` and ``scare_quotes`` read the stored rows instead of parsing.  The corpus-wide
steps (clustering discovered names, linking speakers to actors, the
aggregations) run over the stored rows, and each public table is then kept
whole (:func:`cached_table`, ``<pipeline>/tables/``) under a key of the
corpus's articles and metadata, the dictionary, the package code and the
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
import typing
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .corpus import Corpus
    from .dictionary import ActorDictionary

__all__ = ["STORE_DIR", "TABLES", "DICTIONARY_TABLES", "Store", "text_sha", "pipeline_key", "doc_tables",
           "extract", "local_cluster", "attach", "open_corpus", "default_store_path", "cached_table"]

log = logging.getLogger(__name__)

STORE_DIR = ".outlet-lens-cache"
TABLES = ("sentences", "spans", "mentions", "quotes")
DICTIONARY_TABLES = frozenset({"mentions", "quotes"})
_ATTACHED = "store.attached"
_COVERED = b"outlet_lens.covered"
# The modules whose content decides what extraction produces; every data file counts too
# (a lexicon or learned table added later must not be forgotten here).
_CODE_FILES = ("nlp.py", "actors.py", "quotes.py", "quotemarks.py", "dictionary.py", "framing.py", "store.py")
_README = """Outlet Lens extraction store (a cache).

Written by `python -m analysis extract` / analysis.extract(): per-article
sentences, quoted spans, actor mentions and quotes as Parquet part files, so reports over
an unchanged corpus do not parse it again.  Safe to delete: it is rebuilt on
the next extraction.  See analysis/store.py for the layout.
"""


# --------------------------------------------------------------------------- keys

def text_sha(text: str) -> str:
    """The key of an article's text (BLAKE2b, 128 bits, hex)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the extraction code and data files (changes whenever their content does)."""
    here = Path(__file__).parent
    return _digest([here / name for name in _CODE_FILES] + sorted(here.glob("data/*")))


def _digest(paths: list[Path]) -> str:
    h = hashlib.blake2b(digest_size=6)
    for path in paths:
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=8)
def pipeline_key(model: str | None = None) -> str:
    """Folder name for one model, model version, spaCy version, package version and code digest."""
    from importlib.metadata import PackageNotFoundError, version

    from .nlp import load_pipeline, model_name

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


def _fields_of(named_tuple: type) -> list[tuple[str, pa.DataType]]:
    """Arrow fields from a NamedTuple's annotations, so the store follows the tuples as they grow."""
    out = []
    for name, hint in typing.get_type_hints(named_tuple).items():
        base = next((a for a in typing.get_args(hint) if a is not type(None)), hint)
        out.append((name, _ARROW[base]))
    return out


@lru_cache(maxsize=None)
def schema(table: str) -> pa.Schema:
    """The Arrow schema of a stored table (``text_sha`` first)."""
    from .actors import Mention
    from .quotes import Quote

    if table == "sentences":
        fields = [("sentence", pa.int64()), ("start", pa.int64()), ("end", pa.int64())]
    elif table == "spans":
        fields = [("start", pa.int64()), ("end", pa.int64()), ("scare", pa.bool_()), ("head", pa.string())]
    elif table == "mentions":
        fields = _fields_of(Mention) + [("sentence", pa.int64()), ("in_quote", pa.bool_())]
    elif table == "quotes":
        fields = [("rank", pa.int64())] + _fields_of(Quote) + [("statement_key", pa.string())]
    else:
        raise ValueError(f"unknown store table {table!r}; tables: {', '.join(TABLES)}")
    return pa.schema([("text_sha", pa.string())] + fields)


# --------------------------------------------------------------------------- one article

def doc_tables(doc: "Doc", *, dictionary: "ActorDictionary | None" = None) -> dict[str, list[dict[str, Any]]]:
    """Everything the table functions need from one parsed article, as rows per stored table."""
    from .actors import doc_mention_rows
    from .framing import _head_word
    from .quotes import _statement_key, _text, doc_quotes, is_scare_quote, quoted_spans

    text = _text(doc)
    return {
        "sentences": [{"sentence": i, "start": s.start_char, "end": s.end_char} for i, s in enumerate(doc.sents)],
        # The parse-dependent tests analysis.scare_quotes makes on every quoted span (default max_words).
        "spans": [{"start": q.start, "end": q.end, "scare": is_scare_quote(doc, q.start, q.end),
                   "head": _head_word(doc, q.start, q.end)} for q in quoted_spans(text, nested=True)],
        "mentions": [{**m._asdict(), "sentence": sentence, "in_quote": in_quote}
                     for m, sentence, in_quote in doc_mention_rows(doc, text, dictionary=dictionary)],
        "quotes": [{"rank": i, **q._asdict(), "statement_key": _statement_key(doc, q.start, q.end)}
                   for i, q in enumerate(doc_quotes(doc))],
    }


def _arrow(table: str, results: Iterable[tuple[str, dict[str, list[dict]]]]) -> pa.Table:
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
            _atomic(readme, lambda p: p.write_text(_README, encoding="utf-8"))
        meta = {**(data.schema.metadata or {}), _COVERED: json.dumps(sorted(covered)).encode()}
        target = folder / f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.parquet"
        _atomic(target, lambda p: pq.write_table(data.replace_schema_metadata(meta), p, compression="zstd"))
        return target

    def read(self, table: str, digest: str, wanted: set[str]) -> dict[str, list[dict]] | None:
        """``{text_sha: rows}`` for every wanted article, rows in stored order; None if any is missing."""
        found: dict[str, list[dict]] = {}
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
            data = data.filter(pc.is_in(data["text_sha"], value_set=pa.array(sorted(take), pa.string())))
            for row in data.to_pylist():
                found.setdefault(row.pop("text_sha"), []).append(row)
        if wanted - assigned:
            return None
        return {sha: found.get(sha, []) for sha in wanted}


def _tmp_path(folder: Path, suffix: str) -> Path:
    """``folder/.tmp-<host>-<pid>-<uuid><suffix>``: a name :func:`_writer_gone` can judge."""
    return folder / f".tmp-{_host()}-{os.getpid()}-{uuid.uuid4().hex[:8]}{suffix}"


def _host() -> str:
    return socket.gethostname().replace("-", "_")  # no "-": it separates the name's fields


def _atomic(target: Path, write: Callable[[Path], Any]) -> None:
    """Write via a temporary file (:func:`_tmp_path`) beside the target, fsync, then rename over it."""
    tmp = _tmp_path(target.parent, target.suffix)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def default_store_path(corpus: "Corpus") -> Path:
    """``<corpus folder>/.outlet-lens-cache``."""
    if corpus.path is None:
        raise ValueError("this corpus has no folder: give a store path (store=... / --store DIR)")
    return Path(corpus.path) / STORE_DIR


# --------------------------------------------------------------------------- extraction

def _worker_extract(items: list[tuple[str, str]], dictionary: "ActorDictionary | None", model: str,
                    batch_size: int, *, expect: str | None = None, probe: tuple[str, str] | None = None,
                    need: dict[str, list[str]] | None = None, digest: str = "") -> tuple[str, Any]:
    """One partition on one worker: the pipeline is built once per process
    (:func:`analysis.nlp.build_pipeline` keeps it), every text parsed and tabled.

    Returns ``(pipeline key, result)``.  When the worker sees the caller's store
    (``probe``: a file the caller wrote there and its content), it writes the
    parts itself and the result is ``{table: articles written}``, so only a few
    bytes travel back and the caller's process stays idle; otherwise the result
    is ``{table: Arrow table}`` for the caller to write.  A worker whose
    pipeline key is not ``expect`` does nothing and returns its key.
    """
    from .nlp import build_pipeline, fit_max_length

    key = pipeline_key(model)
    if expect is not None and key != expect:
        return key, None
    nlp = build_pipeline(dictionary, model=model)
    fit_max_length(nlp, [text for _, text in items])
    docs = nlp.pipe((text for _, text in items), batch_size=batch_size)
    results = []
    for (sha, text), doc in zip(items, docs):
        doc.user_data.setdefault("_outlet_lens_text", text)  # as quotes() does: no rebuild from tokens
        results.append((sha, doc_tables(doc, dictionary=dictionary)))
    tables = {t: _arrow(t, results) for t in TABLES}
    if probe is not None and need is not None and _sees_store(*probe):
        store = Store(Path(probe[0]).parent, model)
        _write_chunk(store, digest, tables, [sha for sha, _ in items], {t: set(v) for t, v in need.items()})
        return key, {t: len(v) for t, v in need.items()}
    return key, tables


@lru_cache(maxsize=8)
def _sees_store(probe_path: str, token: str) -> bool:
    """Whether this process sees the store folder the caller wrote ``probe_path`` into (same or shared disk)."""
    try:
        return Path(probe_path).read_text(encoding="utf-8") == token
    except OSError:
        return False


def _warm_worker(dictionary: "ActorDictionary | None", model: str) -> str:
    from .nlp import build_pipeline

    build_pipeline(dictionary, model=model)
    return pipeline_key(model)


def _write_chunk(store: Store, digest: str, tables: dict[str, pa.Table], shas: list[str],
                 need: dict[str, set[str]]) -> None:
    for table in TABLES:
        todo = [s for s in shas if s in need[table]]
        if todo:
            data = tables[table]
            if len(todo) < len(shas):
                data = data.filter(pc.is_in(data["text_sha"], value_set=pa.array(todo, pa.string())))
            store.write(table, digest, data, todo)


def extract(corpus: "Corpus | str | os.PathLike", *, store: "str | os.PathLike | None" = None,
            dictionary: "ActorDictionary | str | os.PathLike | None" = None, model: str | None = None,
            scheduler: Any = None, batch_size: int = 32, n_process: int = 1, chunk_size: int = 256,
            progress: bool = True) -> Store:
    """Parse and table every article the store does not hold yet; attach the store to the corpus.

    Articles go through ``nlp.pipe`` in a stream and are written as one part
    per ``chunk_size`` articles, so memory holds at most a chunk of results
    and an interrupted run keeps every finished chunk.  A tqdm bar shows
    articles per second and the time left.

    Args:
        corpus: a loaded :class:`~analysis.corpus.Corpus` or a corpus folder.
        store: the store folder (default ``<corpus>/.outlet-lens-cache``).
        dictionary: the actor dictionary (default the corpus's ``actors.yml``).
        scheduler: a Dask scheduler address (``"tcp://host:8786"``) or a
            ``distributed.Client``: partitions of ``chunk_size`` articles run on
            the cluster's workers; a worker that sees the store folder writes
            its parts there, any other sends them back to be written here, so
            workers need the package and model but no shared folder.
            None: run in this process (``n_process`` spaCy workers).
        batch_size, n_process: passed to ``nlp.pipe``.

    Returns:
        The :class:`Store` (``store.root`` is the folder the parts are in).
    """
    from tqdm.auto import tqdm

    from .corpus import Corpus, load_corpus
    from .dictionary import corpus_dictionary
    from .nlp import build_pipeline, fit_max_length, model_name

    if not isinstance(corpus, Corpus):
        corpus = load_corpus(corpus)
    st = Store(Path(store) if store else default_store_path(corpus), model_name(model))
    actor_dict = corpus_dictionary(corpus, dictionary)
    digest = dictionary_digest(actor_dict)
    texts = dict(zip(map(text_sha, corpus.articles["text"]), corpus.articles["text"]))
    need = {t: set(texts) - st.covered(t, digest) for t in TABLES}
    todo = [s for s in texts if any(s in need[t] for t in TABLES)]
    bar = tqdm(total=len(todo), unit="article", desc="extract", disable=not progress or not todo,
               smoothing=0.05)
    try:
        if todo and scheduler is None:
            nlp = build_pipeline(actor_dict, model=st.model)
            fit_max_length(nlp, [texts[s] for s in todo])
            docs = nlp.pipe((texts[s] for s in todo), batch_size=batch_size, n_process=n_process)
            chunk: list[tuple[str, dict]] = []
            for sha, doc in zip(todo, docs):
                doc.user_data.setdefault("_outlet_lens_text", texts[sha])  # as quotes() does: no rebuild
                chunk.append((sha, doc_tables(doc, dictionary=actor_dict)))
                bar.update()
                if len(chunk) >= chunk_size or sha == todo[-1]:
                    _write_chunk(st, digest, {t: _arrow(t, chunk) for t in TABLES}, [s for s, _ in chunk], need)
                    chunk = []
        elif todo:
            _extract_on_cluster(st, digest, actor_dict, texts, todo, need, scheduler, batch_size=batch_size,
                                chunk_size=chunk_size, bar=bar)
    finally:
        bar.close()
    attach(corpus, st)
    return st


def local_cluster(n_workers: int = 2, **kwargs: Any):
    """A ``distributed.LocalCluster`` set up for this CPU-bound extraction.

    One thread per worker process (spaCy holds the GIL), no dashboard, and two
    defaults of dask.distributed turned off for its workers because they cost
    CPU on this workload: the statistical profiler, which samples the running
    task's stack every 10 ms, and ``MALLOC_TRIM_THRESHOLD_=65536``, which makes
    glibc hand memory back to the system after almost every batch of spaCy's
    arrays.  Keyword arguments go to ``LocalCluster``.  Use it as a context
    manager and pass ``distributed.Client(cluster)`` as ``scheduler``.
    """
    import dask
    from distributed import LocalCluster

    environ = {k: v for k, v in (dask.config.get("distributed.nanny.pre-spawn-environ") or {}).items()
               if k != "MALLOC_TRIM_THRESHOLD_"}
    with dask.config.set({"distributed.worker.profile.enabled": False,
                          "distributed.nanny.pre-spawn-environ": environ}):
        return LocalCluster(**{"n_workers": n_workers, "threads_per_worker": 1, "processes": True,
                               "dashboard_address": None, **kwargs})


def _extract_on_cluster(st: Store, digest: str, actor_dict, texts: dict[str, str], todo: list[str],
                        need: dict[str, set[str]], scheduler: Any, *, batch_size: int, chunk_size: int,
                        bar) -> None:
    """Partitions on a dask.distributed cluster; at most two per worker in flight, so memory stays bounded.

    Workers that see the store folder (same machine, or a shared disk) write
    their parts themselves; the others send Arrow tables back to be written
    here.  Either way each part is written atomically.
    """
    from distributed import Client, as_completed

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    st.path.mkdir(parents=True, exist_ok=True)
    for old in st.path.glob(".tmp-*.probe"):  # left by a killed run
        if _writer_gone(old):
            old.unlink(missing_ok=True)
    # Named like the parts' temporary files, so a killed run's probe is recognised and removed.
    probe = _tmp_path(st.path.resolve(), ".probe")
    token = uuid.uuid4().hex
    probe.write_text(token, encoding="utf-8")
    try:
        parts = [todo[i:i + chunk_size] for i in range(0, len(todo), chunk_size)]
        window = max(2, 2 * len(client.scheduler_info().get("workers", {})))
        pending = iter(parts)

        def submit(part: list[str]):
            fut = client.submit(_worker_extract, [(s, texts[s]) for s in part], actor_dict, st.model, batch_size,
                                expect=st.root.name, probe=(str(probe), token), digest=digest,
                                need={t: [s for s in part if s in need[t]] for t in TABLES}, pure=False)
            shas_of[fut.key] = part
            return fut

        shas_of: dict[str, list[str]] = {}
        # Every worker builds its pipeline now, in parallel, and keeps it for all its partitions.
        client.run(_warm_worker, actor_dict, st.model)
        running = as_completed([submit(p) for _, p in zip(range(window), pending)])
        for fut in running:
            key, result = fut.result()
            if key != st.root.name:
                raise RuntimeError(f"a Dask worker runs another model or package version ({key}) than this "
                                   f"process ({st.root.name}): install the same outlet-lens and model on the workers")
            part = shas_of.pop(fut.key)
            if any(isinstance(v, pa.Table) for v in result.values()):
                _write_chunk(st, digest, result, part, need)
            bar.update(len(part))
            nxt = next(pending, None)
            if nxt is not None:
                running.add(submit(nxt))
    finally:
        probe.unlink(missing_ok=True)
        if client is not scheduler:
            client.close()


# --------------------------------------------------------------------------- reading back

@dataclass
class _Attached:
    store: Store
    shas: dict[str, str]                    # doc_id -> text_sha, in article order
    loaded: dict[tuple[str, str], Any] = field(default_factory=dict)


def attach(corpus: "Corpus", store: "Store | str | os.PathLike", *, model: str | None = None) -> Store:
    """Let the table functions of ``corpus`` read from ``store`` (nothing is read until a table is asked for)."""
    from .nlp import model_name

    st = store if isinstance(store, Store) else Store(Path(store), model_name(model))
    corpus.cache[_ATTACHED] = _Attached(st, dict(zip(corpus.articles["doc_id"],
                                                     map(text_sha, corpus.articles["text"]))))
    return st


def _stored(corpus: "Corpus", table: str, digest: str, model: str | None) -> dict[str, list[dict]] | None:
    """``{doc_id: rows}`` of a stored table for every article, or None (no store, other model, gaps)."""
    from .nlp import model_name

    att: _Attached | None = corpus.cache.get(_ATTACHED)
    if att is None or att.store.model != model_name(model):
        return None
    key = (table, digest if table in DICTIONARY_TABLES else "")
    if key not in att.loaded:
        att.loaded[key] = att.store.read(table, digest, set(att.shas.values()))
    by_sha = att.loaded[key]
    if by_sha is None:
        return None
    return {doc_id: by_sha[sha] for doc_id, sha in att.shas.items()}


def _corpus_digest(corpus: "Corpus", dictionary=None) -> str:
    from .dictionary import corpus_dictionary

    return dictionary_digest(corpus_dictionary(corpus, dictionary))


def stored_mentions(corpus: "Corpus", dictionary: "ActorDictionary | None", *, model: str | None = None):
    """Hook for :func:`analysis.actors._extract`: ``{doc_id: [(Mention, sentence, in_quote)]}`` or None."""
    from .actors import Mention

    rows = _stored(corpus, "mentions", dictionary_digest(dictionary), model)
    if rows is None:
        return None
    return {d: [(Mention(*(r[f] for f in Mention._fields)), r["sentence"], r["in_quote"]) for r in rs]
            for d, rs in rows.items()}


def stored_quotes(corpus: "Corpus", *, model: str | None = None):
    """Hook for :func:`analysis.quotes.quotes`: ``[(text, [Quote])]`` in article order, or None."""
    from .quotes import Quote

    rows = _stored(corpus, "quotes", _corpus_digest(corpus), model)
    if rows is None:
        return None
    return [(text, [Quote(*(r[f] for f in Quote._fields)) for r in sorted(rows[d], key=lambda r: r["rank"])])
            for d, text in corpus.articles[["doc_id", "text"]].itertuples(index=False)]


def stored_statement_keys(corpus: "Corpus", quotes_table) -> list[str] | None:
    """Hook for :func:`analysis.quotes.shared_statements`: each quote row's statement key, or None."""
    rows = _stored(corpus, "quotes", _corpus_digest(corpus), None)
    if rows is None:
        return None
    keys = {(d, r["start"], r["end"]): r["statement_key"] for d, rs in rows.items() for r in rs}
    try:
        return [keys[(q.doc_id, q.start, q.end)] for q in quotes_table.itertuples()]
    except KeyError:
        return None


def stored_sentence_bounds(corpus: "Corpus") -> dict[str, list[tuple[int, int]]] | None:
    """Hook for :mod:`analysis.framing`: ``{doc_id: [(start_char, end_char)]}`` of the sentences, or None."""
    rows = _stored(corpus, "sentences", "", None)
    if rows is None:
        return None
    return {d: [(r["start"], r["end"]) for r in rs] for d, rs in rows.items()}


def stored_scare_spans(corpus: "Corpus", *, max_words: int) -> dict[str, dict[tuple[int, int], tuple]] | None:
    """Hook for :func:`analysis.framing.scare_quotes`: ``{doc_id: {(start, end): (scare, head)}}`` of the
    quoted spans, or None (no store, or ``max_words`` other than the stored default)."""
    import inspect

    from .quotes import is_scare_quote

    if max_words != inspect.signature(is_scare_quote).parameters["max_words"].default:
        return None
    rows = _stored(corpus, "spans", "", None)
    if rows is None:
        return None
    return {d: {(r["start"], r["end"]): (r["scare"], r["head"]) for r in rs} for d, rs in rows.items()}


# --------------------------------------------------------------------------- whole tables

@lru_cache(maxsize=1)
def package_digest() -> str:
    """A digest of every module and data file of the package: any edit can change a table."""
    here = Path(__file__).parent
    return _digest(sorted([*here.glob("*.py"), *here.glob("data/*")]))


_PLAIN = (str, int, float, bool, type(None), os.PathLike)


def _plain(value: Any) -> bool:
    if isinstance(value, (list, tuple, frozenset, set)):
        return all(_plain(v) for v in value)
    return isinstance(value, _PLAIN)


def _table_key(corpus: "Corpus", att: _Attached, name: str, args: tuple, kwargs: dict) -> str | None:
    """What a whole table depends on: articles (metadata and text keys), removed lines, dictionary,
    model, package code and the call's arguments.  None when something cannot be keyed."""
    import pandas as pd

    from .nlp import model_name

    try:
        meta = corpus.articles.drop(columns=["raw_text", "text"], errors="ignore")
        h = hashlib.blake2b(digest_size=16)
        for frame in (meta, corpus.removed):
            h.update(pd.util.hash_pandas_object(frame, index=True).values.tobytes())
            h.update(repr(list(frame.columns)).encode())
    except TypeError:
        return None
    call = repr((name, [str(a) for a in args], sorted((k, str(v)) for k, v in kwargs.items())))
    h.update("|".join([call, *att.shas.values(), _corpus_digest(corpus, kwargs.get("dictionary")),
                       model_name(kwargs.get("model")), package_digest()]).encode())
    return h.hexdigest()


def cached_table(func: Callable) -> Callable:
    """Keep ``func(corpus, ...)``'s whole table in the corpus's attached store.

    A report over an unchanged corpus then reads each table back instead of
    recomputing the corpus-wide steps (clustering, speaker linking, pairwise
    matching).  Without an attached store, or with arguments that are not
    plain values (an ActorDictionary object), this is ``func`` itself.  A
    table that does not survive the Parquet round trip unchanged (a column
    of Python objects) is marked and always recomputed.  Files live in
    ``<store>/<pipeline>/tables/`` and are never cleaned up (delete the folder).
    """
    import functools

    @functools.wraps(func)
    def wrapper(corpus, *args, **kwargs):
        att = getattr(corpus, "cache", {}).get(_ATTACHED)
        if att is None or not _plain(args) or not _plain(list(kwargs.values())):
            return func(corpus, *args, **kwargs)
        key = _table_key(corpus, att, func.__name__, args, kwargs)
        if key is None:
            return func(corpus, *args, **kwargs)
        path = att.store.root / "tables" / f"{func.__name__}-{key}.parquet"
        skip = path.with_suffix(".uncacheable")
        if path.exists():
            try:
                return pq.read_table(path).to_pandas()
            except Exception as exc:
                log.warning("%s: unreadable cached table removed (%s)", path, exc)
                path.unlink(missing_ok=True)
        frame = func(corpus, *args, **kwargs)
        if not skip.exists():
            _save_table(path, frame)
        return frame
    return wrapper


def _save_table(path: Path, frame) -> None:
    import pandas as pd

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
        _atomic(path.with_suffix(".uncacheable"), lambda p: p.write_text("recomputed: no exact Parquet round trip\n"))
        return
    _atomic(path, lambda p: pq.write_table(data, p, compression="zstd"))


def open_corpus(path: "str | os.PathLike", *, store: "str | os.PathLike | None" = None,
                outlets: Iterable[str] | None = None, dictionary=None, model: str | None = None,
                progress: bool = False, **extract_options) -> "Corpus":
    """Load a corpus (only ``outlets`` if given) and, with ``store``, attach it.

    Articles the store does not hold yet are extracted into it first, so the
    table functions never parse; over an unchanged, extracted corpus this only
    reads Parquet.  Without ``store`` this is ``load_corpus(path).filter(outlets)``.
    """
    from .corpus import load_corpus

    corpus = load_corpus(path).filter(outlets)
    if store:
        extract(corpus, store=store, dictionary=dictionary, model=model, progress=progress, **extract_options)
    return corpus
