"""A corpus folder the user may not write (a shared drive, a read-only mount, ../shared in CI) still
runs: its store goes to the user's cache directory.  Checked as a user other than root, since root
ignores write bits: a forked child drops to ``nobody`` after the package and model are loaded."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import traceback
from pathlib import Path

import pytest

from analysis import load_corpus
from analysis.core.clean import detect_language
from analysis.nlp import load_pipeline
from analysis.store import STORE_DIR, default_store_path, extract

from ..conftest import article, write_manifest

NOBODY = 65534


def _world_folder(prefix: str, mode: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    folder.chmod(mode)
    return folder


@pytest.fixture
def read_only_corpus():
    base = _world_folder("outlet-lens-ro-", 0o755)
    corpus = base / "shared corpus"
    corpus.mkdir()
    for i in range(2):
        (corpus / f"{i}.txt").write_text(article(story=[f"Story {i}: the minister said on Tuesday that the talks "
                                                        "on the crossing would go on next week."]), encoding="utf-8")
    write_manifest(corpus, [{"doc_id": str(i), "file": f"{i}.txt", "outlet": "Example", "date": "2020-01-01"}
                            for i in range(2)])
    for p in corpus.iterdir():
        p.chmod(0o444)
    corpus.chmod(0o555)
    yield corpus
    corpus.chmod(0o755)
    shutil.rmtree(base, ignore_errors=True)


def test_a_writable_corpus_keeps_its_store_inside(tmp_path):
    (tmp_path / "a.txt").write_text(article(), encoding="utf-8")
    write_manifest(tmp_path, [{"doc_id": "a", "file": "a.txt", "outlet": "Example", "date": "2020-01-01"}])
    assert default_store_path(load_corpus(tmp_path)) == tmp_path.resolve() / STORE_DIR


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork to drop privileges")
def test_a_read_only_corpus_gets_its_store_in_the_users_cache_as_a_non_root_user(read_only_corpus):
    cache = _world_folder("outlet-lens-cache-", 0o777)
    result = cache / "result.json"
    load_pipeline()  # loaded before the fork: the child may not read the model's files
    detect_language("the")  # jusText's stop lists too (a clone in a 0700 folder: nobody reads the venv)
    pid = os.fork()
    if pid == 0:  # the child: a plain user from here on
        try:
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            os.environ["XDG_CACHE_HOME"] = str(cache)
            corpus = load_corpus(read_only_corpus)
            assert not os.access(read_only_corpus, os.W_OK)
            st = extract(corpus, progress=False, n_process=1)
            result.write_text(json.dumps({"store": str(st.path), "uid": os.geteuid(), "articles": len(corpus),
                                          "parts": len(list(st.path.rglob("part-*.parquet")))}))
            os._exit(0)
        except BaseException:
            (cache / "error.txt").write_text(traceback.format_exc())
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    try:
        assert os.waitstatus_to_exitcode(status) == 0, (cache / "error.txt").read_text()
        got = json.loads(result.read_text())
        assert got["uid"] != 0 and got["articles"] == 2 and got["parts"] > 0
        assert got["store"].startswith(str(cache / "outlet-lens" / "stores")), got["store"]
        assert not (read_only_corpus / STORE_DIR).exists()
    finally:
        shutil.rmtree(cache, ignore_errors=True)
