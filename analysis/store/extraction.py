"""Extraction: parse every article once and keep its rows in the store, locally or on Dask.

:func:`extract` parses each article the store does not hold yet (in chunks,
in ``n_process`` worker processes or on a Dask cluster) and writes the rows
of :func:`analysis.extract.rows.doc_rows` as Parquet parts
(:class:`~.parquet.Store`); :func:`open_corpus` loads a corpus, extracts what
is missing and attaches the store, after which the tables never parse.
"""
from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import uuid
from concurrent.futures import ProcessPoolExecutor, as_completed as futures_completed
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import pyarrow as pa
import pyarrow.compute as pc

from ..core.corpus import Corpus, load_corpus
from ..core.dictionary import corpus_dictionary
from ..core.memory import release_memory
from ..extract.rows import TABLES, doc_rows
from ..nlp import analysed, build_pipeline, fit_max_length, model_name, pipe_within, set_doc_text
from .cache import attach, share_tables
from .parquet import Store, _writer_gone, default_store_path, dictionary_digest, pipeline_key, text_sha, tmp_path, to_arrow

if TYPE_CHECKING:
    from ..core.dictionary import ActorDictionary

__all__ = ["extract", "local_cluster", "open_corpus", "available_cores", "default_processes"]

log = logging.getLogger(__name__)

# Worker processes are worth their start-up (imports, the pipeline loaded in each)
# only with this many articles each to parse.
ARTICLES_PER_PROCESS = 100


def available_cores() -> int:
    """The cores this process may run on (``os.sched_getaffinity``; ``os.cpu_count`` where that is missing)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_processes(n_articles: int) -> int:
    """spaCy processes for parsing ``n_articles``: every available core, one per
    :data:`ARTICLES_PER_PROCESS` articles at least."""
    return max(1, min(available_cores(), n_articles // ARTICLES_PER_PROCESS))


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
    key = pipeline_key(model)
    if expect is not None and key != expect:
        return key, None
    nlp = build_pipeline(dictionary, model=model)
    fit_max_length(nlp, [text for _, text in items])
    docs = pipe_within(nlp, (text for _, text in items), batch_size=batch_size)
    results = []
    for (sha, text), doc in zip(items, docs):
        set_doc_text(doc, text)
        results.append((sha, doc_rows(doc, dictionary=dictionary)))
    out: dict[str, Any] = {t: to_arrow(t, results) for t in TABLES}
    del docs, results
    if probe is not None and need is not None and _sees_store(*probe):
        store = Store(Path(probe[0]).parent, model)
        _write_chunk(store, digest, out, [sha for sha, _ in items], {t: set(v) for t, v in need.items()})
        out = {t: len(v) for t, v in need.items()}
    release_memory()  # a worker parses chunk after chunk: each starts from the pipeline's own memory
    return key, out


@lru_cache(maxsize=8)
def _sees_store(probe_path: str, token: str) -> bool:
    """Whether this process sees the store folder the caller wrote ``probe_path`` into (same or shared disk)."""
    try:
        return Path(probe_path).read_text(encoding="utf-8") == token
    except OSError:
        return False


def _warm_worker(dictionary: "ActorDictionary | None", model: str) -> str:
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
            scheduler: Any = None, batch_size: int = 32, n_process: int | None = None, chunk_size: int = 256,
            progress: bool = True) -> Store:
    """Parse and table every article the store does not hold yet; attach the store to the corpus.

    Articles go through ``nlp.pipe`` in a stream and are written as one part
    per ``chunk_size`` articles, so memory holds at most a chunk of results
    and an interrupted run keeps every finished chunk.  A tqdm bar shows
    articles per second and the time left.

    Args:
        corpus: a loaded :class:`~analysis.core.corpus.Corpus` or a corpus folder.
        store: the store folder (default ``<corpus>/.outlet-lens-cache``).
        dictionary: the actor dictionary (default the corpus's ``actors.yml``).
        scheduler: a Dask scheduler address (``"tcp://host:8786"``) or a
            ``distributed.Client``: partitions of ``chunk_size`` articles run on
            the cluster's workers; a worker that sees the store folder writes
            its parts there, any other sends them back to be written here, so
            workers need the package and model but no shared folder.
            None: run on this machine (``n_process``).
        batch_size: passed to ``nlp.pipe``.
        n_process: worker processes (spawned, each parsing and writing chunks of at most
            ``chunk_size`` articles: :func:`_extract_in_processes`); 1 parses here.  None: every
            core this process may use (:func:`default_processes`: one process per 100 articles to
            parse at least, so a handful of articles is not split across processes).

    Returns:
        The :class:`Store` (``store.root`` is the folder the parts are in).
    """
    if not isinstance(corpus, Corpus):
        corpus = load_corpus(corpus)
    st = Store(Path(store) if store else default_store_path(corpus), model_name(model))
    actor_dict = corpus_dictionary(corpus, dictionary)
    digest = dictionary_digest(actor_dict)
    ids = set(analysed(corpus, model=model))  # other languages are never parsed (nlp.analysed)
    arts = corpus.articles[corpus.articles["doc_id"].isin(ids)]
    texts = dict(zip(map(text_sha, arts["text"]), arts["text"]))
    need = {t: set(texts) - st.covered(t, digest) for t in TABLES}
    todo = [s for s in texts if any(s in need[t] for t in TABLES)]
    if progress and todo:
        from tqdm.auto import tqdm
    else:
        # No bar to show: the plain class, disabled.  tqdm.auto warns on import in a notebook
        # without ipywidgets ('IProgress not found'), and a report's notebook recorded that warning
        # among the corpus's load warnings although nothing was extracted.
        from tqdm import tqdm
    bar = tqdm(total=len(todo), unit="article", desc="extract", disable=not progress or not todo,
               smoothing=0.05)
    try:
        processes = default_processes(len(todo)) if n_process is None else n_process
        if todo and scheduler is None and processes > 1:
            _extract_in_processes(st, digest, actor_dict, texts, todo, need, processes, batch_size=batch_size,
                                  chunk_size=chunk_size, bar=bar)
        elif todo and scheduler is None:
            nlp = build_pipeline(actor_dict, model=st.model)
            fit_max_length(nlp, [texts[s] for s in todo])
            docs = pipe_within(nlp, (texts[s] for s in todo), batch_size=batch_size)
            chunk: list[tuple[str, dict]] = []
            for sha, doc in zip(todo, docs):
                set_doc_text(doc, texts[sha])
                chunk.append((sha, doc_rows(doc, dictionary=actor_dict)))
                bar.update()
                if len(chunk) >= chunk_size or sha == todo[-1]:
                    _write_chunk(st, digest, {t: to_arrow(t, chunk) for t in TABLES}, [s for s, _ in chunk], need)
                    chunk = []
                    release_memory()
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


def _take(st: Store, digest: str, need: dict[str, set[str]], part: list[str], key: str, result: dict, *,
          bar, worker: str, fix: str = "") -> None:
    """A worker's answer for ``part`` (:func:`_worker_extract`): refused if it ran another pipeline,
    its Arrow tables written here if it did not see the store, the bar moved on."""
    if key != st.root.name:
        raise RuntimeError(f"{worker} runs another model or package version ({key}) than this process "
                           f"({st.root.name}){fix}")
    if any(isinstance(v, pa.Table) for v in result.values()):  # it did not see the store
        _write_chunk(st, digest, result, part, need)
    bar.update(len(part))


@contextlib.contextmanager
def _probe(st: Store):
    """A file with a random token in the store folder, for ``(path, token)`` while the block runs: a
    worker that reads the token back sees the store and writes its parts there itself."""
    st.path.mkdir(parents=True, exist_ok=True)
    for old in st.path.glob(".tmp-*.probe"):  # left by a killed run
        if _writer_gone(old):
            old.unlink(missing_ok=True)
    # Named like the parts' temporary files, so a killed run's probe is recognised and removed.
    probe = tmp_path(st.path.resolve(), ".probe")
    token = uuid.uuid4().hex
    probe.write_text(token, encoding="utf-8")
    try:
        yield str(probe), token
    finally:
        probe.unlink(missing_ok=True)


# A local extraction's chunks: at least this many per worker process, so that the last to finish
# leave a core idle only briefly, and at most LOCAL_CHUNK articles each, so that a worker's memory
# (the pipeline and one chunk's rows) is the same on a corpus of any size.
CHUNKS_PER_PROCESS, LOCAL_CHUNK = 4, 64


def _extract_in_processes(st: Store, digest: str, actor_dict, texts: dict[str, str], todo: list[str],
                          need: dict[str, set[str]], processes: int, *, batch_size: int, chunk_size: int,
                          bar) -> None:
    """Chunks of articles on ``processes`` spawned worker processes, each building the pipeline once,
    parsing, making the rows and writing its parts itself (:func:`_worker_extract`).

    Not spaCy's own ``nlp.pipe(n_process=...)``: its workers are forks of this process, so each
    starts with everything this process holds (a report runner's corpus: on PolNeAR train filed
    four times each worker reached 1.3 GB, against 1.0 GB at 1x), and it sends every Doc back here,
    where the rows were then made by this one process while the parsers waited.  Spawned workers
    hold the pipeline and one chunk, whatever the corpus's size.
    """
    size = max(1, min(chunk_size, LOCAL_CHUNK, -(-len(todo) // (processes * CHUNKS_PER_PROCESS))))
    parts = [todo[i:i + size] for i in range(0, len(todo), size)]
    with _probe(st) as probe, ProcessPoolExecutor(max_workers=processes,
                                                  mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(_worker_extract, [(s, texts[s]) for s in part], actor_dict, st.model, batch_size,
                               expect=st.root.name, probe=probe, digest=digest,
                               need={t: [s for s in part if s in need[t]] for t in TABLES}): part
                   for part in parts}
        for fut in futures_completed(futures):
            _take(st, digest, need, futures[fut], *fut.result(), bar=bar, worker="a worker process")


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
    try:
        with _probe(st) as probe:
            parts = [todo[i:i + chunk_size] for i in range(0, len(todo), chunk_size)]
            window = max(2, 2 * len(client.scheduler_info().get("workers", {})))
            pending = iter(parts)

            def submit(part: list[str]):
                fut = client.submit(_worker_extract, [(s, texts[s]) for s in part], actor_dict, st.model,
                                    batch_size, expect=st.root.name, probe=probe, digest=digest,
                                    need={t: [s for s in part if s in need[t]] for t in TABLES}, pure=False)
                shas_of[fut.key] = part
                return fut

            shas_of: dict[str, list[str]] = {}
            # Every worker builds its pipeline now, in parallel, and keeps it for all its partitions.
            client.run(_warm_worker, actor_dict, st.model)
            running = as_completed([submit(p) for _, p in zip(range(window), pending)])
            for fut in running:
                _take(st, digest, need, shas_of.pop(fut.key), *fut.result(), bar=bar,
                      worker="a Dask worker", fix=": install the same outlet-lens and model on the workers")
                nxt = next(pending, None)
                if nxt is not None:
                    running.add(submit(nxt))
    finally:
        if client is not scheduler:
            client.close()


def open_corpus(path: "str | os.PathLike", *, store: "str | os.PathLike | None" = None,
                outlets: Iterable[str] | None = None, dictionary=None, model: str | None = None,
                progress: bool = False, **extract_options) -> "Corpus":
    """Load a corpus (only ``outlets`` if given) and, with ``store``, attach it.

    Articles the store does not hold yet are extracted into it first, so the
    table functions never parse; over an unchanged, extracted corpus this only
    reads Parquet.  Without ``store`` this is ``load_corpus(path).filter(outlets)``.

    With a store, the loaded articles are kept for the process while the
    corpus folder's files are unchanged (names, sizes, modification times):
    the pages of a for_each report job, run one after another in one kernel,
    share one load and the tables made from it (each call still returns a
    corpus of its own; a table asked for again is a copy of the kept one).
    """
    key = None
    if store and not dictionary and not extract_options:
        key = (_folder_signature(Path(path)), tuple(sorted(outlets or ())), str(Path(store).resolve()),
               model_name(model))
        if key in _OPENED:
            loaded = _OPENED[key]
            corpus = Corpus(loaded.path, loaded.articles, loaded.removed, loaded.problems, title=loaded.title)
            share_tables(corpus, loaded)
            return corpus
    corpus = load_corpus(path).filter(outlets)
    if store:
        extract(corpus, store=store, dictionary=dictionary, model=model, progress=progress, **extract_options)
    if key is not None:
        _OPENED.clear()  # one corpus at a time: a kernel that moves on lets the last one go
        _OPENED[key] = corpus
    return corpus


_OPENED: dict[tuple, "Corpus"] = {}


def _folder_signature(path: Path) -> tuple:
    """What a corpus folder (or file) holds, cheaply: every file's name, size and modification time."""
    path = path.resolve()
    entries = [path] if path.is_file() else sorted(p for p in path.iterdir() if p.is_file())
    return (str(path), tuple((p.name, st.st_size, st.st_mtime_ns) for p in entries for st in [p.stat()]))
