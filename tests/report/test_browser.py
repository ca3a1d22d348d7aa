"""HTML reports in headless Chromium: they load with no console error, request
nothing outside the file, and an article's hostile HTML never runs.

Needs Debian's chromium (`.ci/run` installs it) and the playwright package
(driving it through executable_path, so no browser is downloaded); skipped
without them.
"""
from __future__ import annotations

import shutil

import pytest
import yaml

from analysis.report.runner import load_config, run_reports

from ..conftest import ROOT
from .test_report import project  # noqa: F401  (fixture: a corpus with hostile article text)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


def _load(path):
    """Open a local HTML file; return (console errors, URLs requested, window.pwned)."""
    errors, requests = [], []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.as_uri(), wait_until="load")
            pwned = page.evaluate("() => window.pwned === undefined ? null : window.pwned")
        finally:
            browser.close()
    return errors, requests, pwned


def _outside(requests):
    return [u for u in requests if not u.startswith(("file://", "data:", "about:"))]


def test_hostile_article_text_never_runs(project):  # noqa: F811
    run_reports(load_config(project / "reports.yml"), formats=("html",), progress=False)
    errors, requests, pwned = _load(project / "out" / "corpus" / "demo" / "demo_report.html")
    assert pwned is None, "article text ran as script"
    assert errors == []
    assert _outside(requests) == []


def test_seed_overview_report_is_self_contained(tmp_path):
    config = load_config(ROOT / "reports.yml")
    config.output_dir = tmp_path
    results = run_reports(config, only=["overview"], formats=("html",), progress=False)
    assert results[0].ok, results[0].error
    html = tmp_path / "seeds" / "overview" / "corpus_overview.html"
    errors, requests, _ = _load(html)
    assert errors == []
    assert _outside(requests) == []
    # The index page too.
    errors, requests, _ = _load(tmp_path / "index.html")
    assert errors == [] and _outside(requests) == []


HOSTILE_LINES = [
    'The Example Ministry said <script>window.pwned=1</script> was found in the "so-called" report on Tuesday.',
    '"We saw <img src=x onerror="window.pwned=1"> in the file," the Example Ministry told reporters on Tuesday.',
    'Officials allegedly shared <a href="javascript:window.pwned=1">x</a> and <iframe src="https://example.com/">'
    "</iframe> with the regime, the minister said.",
    "HTML-looking text: a < b && c > d, <b>bold</b>, &amp; &lt;tag&gt; <!-- comment --> <style>body{display:none}"
    "</style> and ]]> should all read as text.",
]


@pytest.fixture
def hostile_project(tmp_path):
    from ..conftest import write_manifest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "h.txt").write_text("\n\n".join(HOSTILE_LINES) + "\n", encoding="utf-8")
    write_manifest(corpus, [{"doc_id": "h<1>", "file": "h.txt", "outlet": "<b>Evil</b> Outlet", "date": "2020-01-01",
                             "title": "<script>window.pwned=3</script>", "url": "javascript:window.pwned=4"}])
    (corpus / "actors.yml").write_text(yaml.safe_dump({"actors": [
        {"id": "example-ministry", "name": "Example Ministry", "type": "government", "side": "<i>side</i>"}]}),
        encoding="utf-8")
    config = {"corpus": "corpus", "output_dir": "out", "jobs": [
        {"name": "article", "notebook": str(ROOT / "notebooks" / "article.ipynb"), "output": "article",
         "for_each": "doc_id", "formats": ["html", "pdf"]},
        {"name": "actor_profile", "notebook": str(ROOT / "notebooks" / "actor_profile.ipynb"),
         "output": "profile", "formats": ["html", "pdf"], "parameters": {"actor": "example-ministry"}},
    ]}
    (tmp_path / "reports.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return tmp_path


def _visible_text(path):
    """(the page's visible text, the highlighted article's text without its Q/S labels or None)."""
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(path.as_uri(), wait_until="load")
            article = page.evaluate("""() => {
                const a = document.querySelector('.ol-article');
                if (!a) return null;
                const copy = a.cloneNode(true);
                copy.querySelectorAll('.ol-tag').forEach(t => t.remove());
                return copy.textContent;
            }""")
            return page.inner_text("body"), article
        finally:
            browser.close()


def test_hostile_article_in_article_and_actor_reports(hostile_project):
    import subprocess

    results = run_reports(load_config(hostile_project / "reports.yml"), progress=False)
    assert [r.ok for r in results] == [True, True], [r.error for r in results]
    pages = [p for r in results for p in r.outputs if p.suffix == ".html"]
    assert len(pages) == 2
    for page in pages:
        errors, requests, pwned = _load(page)
        assert pwned is None, f"{page.name}: article text ran as script"
        assert errors == [], page.name
        assert _outside(requests) == [], page.name
    from analysis import load_corpus

    body, article = _visible_text(pages[0])
    # The highlighted article reads exactly as the cleaned text, markup as text ...
    assert article == load_corpus(hostile_project / "corpus").articles.text.iloc[0]
    for literal in ("<script>window.pwned=1</script>", '<img src=x onerror="window.pwned=1">',
                    '<a href="javascript:window.pwned=1">x</a>', "a < b && c > d, <b>bold</b>", "<!-- comment -->"):
        assert literal in article, literal
    # ... and so do the manifest's fields.
    for literal in ("<script>window.pwned=3</script>", "javascript:window.pwned=4", "<b>Evil</b> Outlet"):
        assert literal in body, literal
    assert "<i>side</i>" in _visible_text(pages[1])[0]

    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) not installed")
    from PIL import Image, ImageStat

    for pdf in (p for r in results for p in r.outputs if p.suffix == ".pdf"):
        prefix = hostile_project / f"png-{pdf.stem}"
        subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(prefix)], check=True)
        pngs = sorted(hostile_project.glob(f"png-{pdf.stem}*.png"))
        assert pngs, pdf.name
        for png in pngs:
            assert ImageStat.Stat(Image.open(png).convert("L")).stddev[0] > 1.0, f"{png.name} is blank"


def test_a_data_tables_csv_link_saves_the_plain_csv(tmp_path):
    """The gzip-compressed CSV of a data table saves as plain CSV on a click (DecompressionStream)."""
    import pandas as pd

    from analysis.report.display import data_table

    frame = pd.DataFrame({"outlet": ["A", "B"] * 30, "quote": ['"We will, of course," he said.'] * 60})
    page_file = tmp_path / "t.html"
    page_file.write_text(f"<!DOCTYPE html><html><body>{data_table(frame, name='quotes').data}</body></html>",
                         encoding="utf-8")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(accept_downloads=True)
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri(), wait_until="load")
            with page.expect_download() as download:
                page.click("a.ol-csv")
            saved = tmp_path / "saved.csv"
            download.value.save_as(saved)
            name = download.value.suggested_filename
        finally:
            browser.close()
    assert errors == []
    assert name == "quotes.csv"
    assert pd.read_csv(saved).equals(frame)
