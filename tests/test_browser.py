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

from analysis.report import load_config, run_reports

from .conftest import ROOT
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
    errors, requests, pwned = _load(project / "out" / "demo" / "demo_report.html")
    assert pwned is None, "article text ran as script"
    assert errors == []
    assert _outside(requests) == []


def test_seed_overview_report_is_self_contained(tmp_path):
    config = load_config(ROOT / "reports.yml")
    config.output_dir = tmp_path
    results = run_reports(config, only=["overview"], formats=("html",), progress=False)
    assert results[0].ok, results[0].error
    html = tmp_path / "overview" / "corpus_overview.html"
    errors, requests, _ = _load(html)
    assert errors == []
    assert _outside(requests) == []
    # The index page too.
    errors, requests, _ = _load(tmp_path / "index.html")
    assert errors == [] and _outside(requests) == []
