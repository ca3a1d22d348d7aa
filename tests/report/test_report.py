"""Report jobs: config checks, HTML + PDF output, failures that keep the previous report, the lock."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml

from analysis.report.runner import ReportError, load_config, run_reports

from ..conftest import ROOT, article, write_manifest

HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'


def _notebook(path: Path, body: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Test report"),
        nbformat.v4.new_code_cell('corpus = "."  # corpus folder\nfail = False  # raise on purpose',
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(body),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def project(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article(story=[f"The minister said {HOSTILE} was not a threat to anyone "
                                                 "in the region or beyond it.", "He declined to comment."]),
                                  encoding="utf-8")
    write_manifest(corpus, [{"doc_id": "a", "file": "a.txt", "outlet": "Example", "date": "2020-01-01"}])
    _notebook(tmp_path / "nb.ipynb",
              "from analysis import load_corpus\nfrom analysis.report.display import table\n"
              "c = load_corpus(corpus)\nif fail:\n    raise ValueError('boom on purpose')\n"
              "table(c.articles[['doc_id', 'text']])")
    config = {"corpus": "corpus", "output_dir": "out",
              "jobs": [{"name": "demo", "notebook": "nb.ipynb", "output": "demo_report", "formats": ["html", "pdf"],
                        "parameters": {"fail": False}}]}
    (tmp_path / "reports.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return tmp_path


def test_job_writes_html_pdf_ipynb_and_index(project):
    results = run_reports(load_config(project / "reports.yml"), progress=False)
    assert [r.ok for r in results] == [True]
    out = project / "out" / "corpus" / "demo"
    assert sorted(p.name for p in out.iterdir()) == ["demo_report.html", "demo_report.ipynb", "demo_report.pdf"]
    page = (out / "demo_report.html").read_text(encoding="utf-8")
    # Self-contained: no external script, stylesheet, font or image.
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=[\"']?https?:", page)
    assert not re.search(r"@import\s+url\([\"']?https?:", page)
    # Code hidden; article text escaped, never live markup.
    assert "load_corpus(corpus)" not in page
    assert "<script>window.pwned" not in page and "&lt;script&gt;window.pwned" in page
    assert (out / "demo_report.pdf").read_bytes().startswith(b"%PDF")
    index = (project / "out" / "index.html").read_text(encoding="utf-8")
    assert "demo" in index and "corpus" in index and "fail" in index


def test_failed_job_keeps_previous_report_and_names_cell(project):
    config = load_config(project / "reports.yml")
    assert run_reports(config, progress=False)[0].ok
    out = project / "out" / "corpus" / "demo"
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    config.jobs[0].parameters["fail"] = True
    result = run_reports(config, progress=False)[0]
    assert not result.ok
    assert "'from analysis import load_corpus'" in result.error  # the failing cell, by its first line
    assert "ValueError: boom on purpose" in result.error
    assert (out / "demo_report.failed.ipynb").exists()
    for name, data in before.items():
        assert (out / name).read_bytes() == data  # previous good outputs untouched


def test_lock_refuses_a_second_run(project):
    from filelock import FileLock

    config = load_config(project / "reports.yml")
    config.output_dir.mkdir(parents=True)
    with FileLock(str(config.output_dir / ".report.lock")):
        with pytest.raises(ReportError, match="another report run"):
            run_reports(config, progress=False)


@pytest.mark.parametrize("jobs, message", [
    ([], "non-empty 'jobs' list"),
    ([{"name": "../x", "notebook": "nb.ipynb"}], "plain file name"),
    ([{"name": "a", "notebook": "missing.ipynb"}], "not found"),
    ([{"name": "a", "notebook": "nb.ipynb", "formats": ["docx"]}], "formats must be"),
    ([{"name": "a", "notebook": "nb.ipynb"}, {"name": "a", "notebook": "nb.ipynb"}], "duplicate job name"),
])
def test_config_errors(project, jobs, message):
    (project / "reports.yml").write_text(yaml.safe_dump({"jobs": jobs}), encoding="utf-8")
    with pytest.raises(ReportError, match=re.escape(message)):
        load_config(project / "reports.yml")


def test_default_config_lists_overview():
    config = load_config(ROOT / "reports.yml")
    assert "overview" in [j.name for j in config.jobs]
    assert config.corpus == ROOT / "seeds"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) not installed")
def test_pdf_pages_render_non_blank(project, tmp_path):
    from PIL import Image, ImageStat

    run_reports(load_config(project / "reports.yml"), progress=False)
    pdf = project / "out" / "corpus" / "demo" / "demo_report.pdf"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages
    for page in pages:
        stat = ImageStat.Stat(Image.open(page).convert("L"))
        assert stat.stddev[0] > 1.0, f"{page.name} is blank"


def _for_each_project(project: Path, doc_ids: list[str]) -> Path:
    """The project with one article per doc_id and a job repeated over them."""
    corpus = project / "corpus"
    for p in corpus.glob("*.txt"):
        p.unlink()
    rows = []
    for i, doc_id in enumerate(doc_ids):
        (corpus / f"{i}.txt").write_text(article(story=[f"Story number {i} says the minister spoke on Tuesday "
                                                        "about the crossing and the talks."]), encoding="utf-8")
        rows.append({"doc_id": doc_id, "file": f"{i}.txt", "outlet": "Example", "date": "2020-01-01"})
    write_manifest(corpus, rows)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('corpus = "."  # corpus folder\ndoc_id = ""  # article id',
                                          metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("from analysis import load_corpus\n"
                                          "c = load_corpus(corpus)\n"
                                          "row = c.articles.set_index('doc_id').loc[doc_id]\n"
                                          "print('ARTICLE', doc_id, row.text.split()[2])")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, project / "each.ipynb")
    config = {"corpus": "corpus", "output_dir": "out",
              "jobs": [{"name": "per_article", "notebook": "each.ipynb", "output": "view", "for_each": "doc_id",
                        "formats": [], "parameters": {}}]}
    (project / "reports.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return project / "reports.yml"


def test_for_each_runs_the_notebook_once_per_article(project):
    import json

    from analysis.report.runner import expand_jobs

    doc_ids = ["x/y", "a", "../evil"]
    config = load_config(_for_each_project(project, doc_ids))
    runs = expand_jobs(config.jobs, config.corpus)
    assert [r.parameters["doc_id"] for r in runs] == sorted(doc_ids)
    outputs = [r.output for r in runs]
    assert len(set(outputs)) == len(outputs)
    assert all(re.fullmatch(r"view_[A-Za-z0-9_-]+", o) for o in outputs)  # no separators or dots from doc_ids
    results = run_reports(config, progress=False)
    assert all(r.ok for r in results), [r.error for r in results]
    folder = project / "out" / "corpus" / "per_article"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{o}.ipynb" for o in outputs)
    for run in runs:  # each executed notebook saw its own article
        executed = nbformat.read(folder / f"{run.output}.ipynb", as_version=4)
        printed = "".join(o.get("text", "") for o in executed.cells[-1].outputs)
        doc_id = run.parameters["doc_id"]
        assert printed == f"ARTICLE {doc_id} {doc_ids.index(doc_id)}\n"
    index = json.loads((project / "out" / "corpus" / "index.json").read_text(encoding="utf-8"))
    assert sorted(index) == sorted(f"per_article/{o}" for o in outputs)
    page = (project / "out" / "index.html").read_text(encoding="utf-8")
    assert page.count("<tr><td>corpus</td><td>per_article</td>") == len(doc_ids)
    assert "&quot;doc_id&quot;: &quot;../evil&quot;" in page

    # An article leaves the corpus: its index entry and its page go with the next run.
    config = load_config(_for_each_project(project, ["a"]))
    assert all(r.ok for r in run_reports(config, progress=False))
    index = json.loads((project / "out" / "corpus" / "index.json").read_text(encoding="utf-8"))
    assert sorted(index) == ["per_article/view_a"]
    assert sorted(p.name for p in folder.iterdir()) == ["view_a.ipynb"]


def test_for_each_failure_is_per_article(project):
    config = load_config(_for_each_project(project, ["a", "b"]))
    (project / "corpus" / "1.txt").write_text(article(story=["Story number 1 ok but FAIL here on purpose now."]),
                                              encoding="utf-8")
    nb = nbformat.read(project / "each.ipynb", as_version=4)
    nb.cells[-1].source += "\nassert 'FAIL' not in row.text, 'broken article'"
    nbformat.write(nb, project / "each.ipynb")
    results = run_reports(config, progress=False)
    assert [(r.job, r.ok) for r in results] == [("per_article/view_a", True), ("per_article/view_b", False)]
    assert "broken article" in results[1].error


@pytest.mark.parametrize("entry, message", [
    ({"for_each": "outlet"}, "for_each must be one of ['actor', 'doc_id', 'story_id']"),
    ({"for_each": "doc_id", "parameters": {"doc_id": "a"}}, "set by for_each"),
])
def test_for_each_config_errors(project, entry, message):
    job = {"name": "a", "notebook": "nb.ipynb", **entry}
    (project / "reports.yml").write_text(yaml.safe_dump({"jobs": [job]}), encoding="utf-8")
    with pytest.raises(ReportError, match=re.escape(message)):
        load_config(project / "reports.yml")


def test_default_config_has_article_and_actor_profile_jobs():
    import papermill as pm

    jobs = {j.name: j for j in load_config(ROOT / "reports.yml").jobs}
    assert jobs["article"].for_each == "doc_id"
    assert jobs["actor_profile"].for_each == "actor" and jobs["actor_profile"].top
    for job in jobs.values():  # every parameter a job sets is one the notebook declares
        declared = pm.inspect_notebook(str(job.notebook))
        assert set(job.parameters) <= set(declared), job.name


def _pages_project(project: Path, doc_ids: list[str], body: str, **job) -> Path:
    """A for_each project whose notebook cell is ``body``."""
    config_path = _for_each_project(project, doc_ids)
    nb = nbformat.read(project / "each.ipynb", as_version=4)
    nb.cells[-1].source = body
    nbformat.write(nb, project / "each.ipynb")
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["jobs"][0].update(job)
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return config_path


def test_for_each_pages_share_one_kernel_and_read_as_fresh_runs(project):
    """All pages of a for_each job run in one kernel that stays up, each from an empty namespace,
    numbered from 1 as in a fresh kernel: the same outputs as running the page alone."""
    body = ("import os\nprint('PID', os.getpid())\n"
            "print('LEFT OVER', 'seen' in dir())\nseen = doc_id\ndoc_id.upper()")
    config = load_config(_pages_project(project, ["a", "b", "c"], body))
    assert all(r.ok for r in run_reports(config, progress=False))
    folder = project / "out" / "corpus" / "per_article"
    pages = [nbformat.read(folder / f"view_{d}.ipynb", as_version=4) for d in "abc"]
    printed = ["".join(o.get("text", "") for o in nb.cells[-1].outputs) for nb in pages]
    assert len({p.split()[1] for p in printed}) == 1  # one kernel process for the three pages
    assert all("LEFT OVER False" in p for p in printed)  # each page starts from an empty namespace
    for doc_id, nb in zip("abc", pages):
        counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
        assert counts == list(range(1, len(counts) + 1))
        assert nb.cells[-1].outputs[-1]["data"]["text/plain"] == repr(doc_id.upper())


def test_kernels_for_a_for_each_job():
    from analysis.report.runner import SHARD_PAGES, kernels_for

    assert kernels_for(0, 2) == 1 and kernels_for(2 * SHARD_PAGES - 1, 2) == 1
    assert kernels_for(2 * SHARD_PAGES, 2) == 2 and kernels_for(100 * SHARD_PAGES, 3) == 3
    assert kernels_for(100 * SHARD_PAGES, 1) == 1


def test_a_long_for_each_job_is_shared_by_one_kernel_per_worker(project, monkeypatch):
    """Many pages: one kernel per worker, each taking the next page; every page still from an empty
    namespace; pdf_limit counts the job's pages; results in page order."""
    from analysis.report import runner

    monkeypatch.setattr(runner, "SHARD_PAGES", 2)
    body = ("import os, time\nprint('PID', os.getpid())\nprint('LEFT OVER', 'seen' in dir())\nseen = doc_id\n"
            "time.sleep(0.5)")
    ids = list("abcdefgh")
    config = load_config(_pages_project(project, ids, body, formats=["html", "pdf"]))
    config.pdf_limit = 7
    told = []
    results = run_reports(config, progress=False, workers=2, echo=told.append)
    assert [r.ok for r in results] == [True] * 8
    assert [r.job for r in results] == [f"per_article/view_{d}" for d in ids]
    folder = project / "out" / "corpus" / "per_article"
    printed = ["".join(o.get("text", "") for o in nbformat.read(folder / f"view_{d}.ipynb", as_version=4)
                       .cells[-1].outputs) for d in ids]
    assert len({p.split()[1] for p in printed}) == 2  # two kernels (8 pages of 0.5 s: both get some)
    assert all("LEFT OVER False" in p for p in printed)
    assert not list(folder.glob("*.pdf"))  # 8 pages > pdf_limit 7
    assert sum("over pdf_limit" in line for line in told) == 1


def test_an_unchanged_page_is_up_to_date_and_force_makes_it_again(project):
    config = load_config(project / "reports.yml")
    first = run_reports(config, progress=False)[0]
    assert first.ok and not first.skipped
    stamp = {p.name: p.stat().st_mtime_ns for p in first.outputs}
    again = run_reports(config, progress=False)[0]
    assert again.ok and again.skipped == "up to date"
    assert {p.name: p.stat().st_mtime_ns for p in again.outputs} == stamp  # nothing written
    forced = run_reports(config, progress=False, force=True)[0]
    assert forced.ok and not forced.skipped
    # A changed article is a changed corpus: the page is made again.
    with open(project / "corpus" / "a.txt", "a", encoding="utf-8") as fh:
        fh.write("\nThe minister added that talks would go on next week in the capital city.\n")
    changed = run_reports(config, progress=False)[0]
    assert changed.ok and not changed.skipped


def test_a_page_that_cannot_run_on_this_corpus_is_skipped_not_failed(project):
    body = ("from analysis.report.views import NotInCorpusError\n"
            "if doc_id == 'b':\n    raise NotInCorpusError('no actor x in this corpus')\nprint('ok')")
    config = load_config(_pages_project(project, ["a", "b"], body))
    results = run_reports(config, progress=False)
    assert [r.ok for r in results] == [True, True]
    assert results[1].skipped == "cannot run on this corpus: no actor x in this corpus"
    assert not (project / "out" / "corpus" / "per_article" / "view_b.ipynb").exists()


def test_pdf_limit_leaves_pdfs_out_of_long_for_each_jobs(project):
    config = load_config(_pages_project(project, ["a", "b", "c"], "print(doc_id)", formats=["html", "pdf"]))
    config.pdf_limit = 2
    assert all(r.ok for r in run_reports(config, progress=False))
    names = sorted(p.name for p in (project / "out" / "corpus" / "per_article").iterdir())
    assert names == [f"view_{d}.{ext}" for d in "abc" for ext in ("html", "ipynb")]


def test_reports_of_two_corpora_stay_apart_and_both_are_listed(project, tmp_path):
    other = tmp_path / "other corpus"
    shutil.copytree(project / "corpus", other)
    (other / "manifest.yml").write_text(yaml.safe_dump({"name": "Second export", "articles": [
        {"doc_id": "a", "file": "a.txt", "outlet": "Example", "date": "2020-01-01"}]}), encoding="utf-8")
    config = load_config(project / "reports.yml")
    assert run_reports(config, progress=False)[0].ok
    assert run_reports(config, progress=False, corpus=other)[0].ok
    out = project / "out"
    assert (out / "corpus" / "demo" / "demo_report.html").exists()
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert len(folders) == 2 and "corpus" in folders
    assert any(f.startswith("Second_export") for f in folders)  # the manifest's name
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<td>corpus</td><td>demo</td>" in page and "<td>Second export</td><td>demo</td>" in page


def test_no_default_names_a_seed_article_or_actor():
    """The default config and the notebooks' default parameters fit any corpus: none names an article
    or an actor of the seeds (their titles come from the corpus)."""
    import papermill as pm

    seeds = yaml.safe_load((ROOT / "seeds" / "manifest.yml").read_text(encoding="utf-8"))["articles"]
    actors = yaml.safe_load((ROOT / "seeds" / "actors.yml").read_text(encoding="utf-8"))
    actors = actors.get("actors", actors) if isinstance(actors, dict) else actors
    names = {str(a["doc_id"]) for a in seeds} | {str(a["id"]) for a in actors} | {str(a["name"]) for a in actors}
    names |= {w for a in actors for w in str(a["name"]).split() if len(w) > 3}  # surnames too
    config = load_config(ROOT / "reports.yml")
    defaults = [str(v) for job in config.jobs for v in job.parameters.values()]
    for job in config.jobs:
        defaults += [p["default"] for p in pm.inspect_notebook(str(job.notebook)).values() if p["name"] != "corpus"]
    for name in names:
        assert not any(re.search(rf"\b{re.escape(name)}\b", d) for d in defaults), name
    assert all("title" not in j.parameters for j in config.jobs)  # titles come from the corpus


def test_page_index_is_written_once_in_a_while_and_at_flush(tmp_path):
    """Records are kept in memory: index.json is not rewritten for every page, and a flush writes
    every record (an interrupted run keeps the pages it recorded)."""
    from analysis.report.index import INDEX_JSON, PageIndex, read_index

    index = PageIndex(tmp_path, every=3600)
    fields = dict(job="j", notebook="n.ipynb", corpus=tmp_path, corpus_name="c", params={"doc_id": "a"},
                  files=[tmp_path / "a.html"], fingerprint="f")
    index.record("j/a", **fields)
    index.record("j/b", **fields)
    assert not (tmp_path / INDEX_JSON).exists()
    index.flush()
    assert sorted(read_index(tmp_path)) == ["j/a", "j/b"]
    assert index.forget("j", keep={"j/a"}) == ["a.html"]
    index.flush()
    assert sorted(read_index(tmp_path)) == ["j/a"]
    assert PageIndex(tmp_path).get("j/a")["fingerprint"] == "f"
    eager = PageIndex(tmp_path, every=0)
    eager.record("j/c", **fields)
    assert sorted(read_index(tmp_path)) == ["j/a", "j/c"]


def _parent_and_own_pid(parent: int) -> tuple[int, int]:
    import os
    return parent, os.getpid()


def _fails(message: str):
    raise ValueError(message)


def _fails_unpicklably():
    class Local(Exception):  # a class pickle cannot find
        pass
    raise Local("not picklable")


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="fork: Linux only")
def test_the_for_each_values_are_worked_out_in_a_child_process_whose_errors_reach_the_run():
    """The runner expands for_each jobs in a forked child (the tables it makes leave with it); its
    result and its errors come back as if it had run here."""
    import os

    from analysis.report.runner import _apart

    parent, child = _apart(_parent_and_own_pid, os.getpid())
    assert parent == os.getpid() and child != parent
    with pytest.raises(ValueError, match="no such actor"):
        _apart(_fails, "no such actor")
    with pytest.raises(ReportError, match="Local: not picklable"):
        _apart(_fails_unpicklably)
