"""The comparison report on a new user's corpus: 300 articles, three outlets (tests/report/synthetic.py).

SLOW: about three minutes on two shared cores (extraction, the notebook, WeasyPrint); kept in the
suite (CI runs everything).  No pytest marker: the project registers none yet.  Checks what issue 22 promised: a PDF of at most 25 pages with no article ids or
character offsets in it, findings first, three outlets (aliases merged), and HTML evidence tables that
sort and filter in headless Chromium with no request outside the file.
"""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from analysis.report.runner import load_config, run_reports

from ..conftest import ROOT
from .synthetic import write_corpus

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("comparison")
    write_corpus(root / "corpus")
    config = {"corpus": "corpus", "output_dir": "out", "jobs": [
        {"name": "comparison", "notebook": str(ROOT / "notebooks" / "outlet_comparison.ipynb"),
         "output": "outlet_comparison", "formats": ["html", "pdf"]}]}
    (root / "reports.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    results = run_reports(load_config(root / "reports.yml"), progress=False, workers=1)
    assert [r.ok for r in results] == [True], [r.error for r in results]
    return {p.suffix: p for p in results[0].outputs}


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
def test_pdf_is_short_and_has_no_ids_or_offsets(report):
    info = subprocess.run(["pdfinfo", str(report[".pdf"])], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages <= 25, pages
    text = subprocess.run(["pdftotext", "-layout", str(report[".pdf"]), "-"], capture_output=True, text=True,
                          check=True).stdout
    # doc ids (a000..a299) and offset columns never reach print
    assert not re.search(r"\ba\d{3}\b(?!\.txt)", text), re.search(r".{40}\ba\d{3}\b.{40}", text)
    for header in ("Start", "End", "Article id", "Doc id", "Start b", "Speaker start"):
        assert not re.search(rf"(^|\s){header}(\s|$)", text, flags=re.M), header
    # findings first, in plain words; three outlets, the merged names listed
    assert text.index("What differs") < text.index("1. Coverage")
    assert "Morning Post: direct quotes are" in text and "higher than the other outlets" in text
    assert "Daily Ledger: hedges come" in text
    assert "no reliable difference at this size" in text.lower()
    assert "The Morning Post" in text and "DL" in text and "3 outlets" in text


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_html_tables_sort_and_filter_offline(report):
    sync_api = pytest.importorskip("playwright.sync_api")
    errors, requests = [], []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report[".html"].as_uri(), wait_until="load")
            n_tables = page.evaluate("() => document.querySelectorAll('.ol-dt').length")
            assert n_tables >= 8
            box = page.locator(".ol-dt").filter(has_text="Every quote").first
            rows = box.locator("tbody tr")
            total = rows.count()
            assert total > 100
            box.locator("input").fill("Morning Post")
            visible = box.locator("tbody tr:visible").count()
            assert 0 < visible < total
            assert f"{visible} of {total} rows" in box.locator(".ol-count").inner_text()
            box.locator("input").fill("")
            header = box.locator("thead th", has_text="Words").first
            header.click()
            column = page.evaluate("""(i) => {
                const t = [...document.querySelectorAll('.ol-dt')].find(d => d.textContent.includes('Every quote'));
                const idx = [...t.querySelectorAll('thead th')].findIndex(h => h.textContent.trim().startsWith('Words'));
                return [...t.querySelectorAll('tbody tr')].map(r => parseFloat(r.cells[idx].textContent));
            }""", 0)
            assert column == sorted(column) and column[0] < column[-1]
            header.click()
            column2 = page.evaluate("""() => {
                const t = [...document.querySelectorAll('.ol-dt')].find(d => d.textContent.includes('Every quote'));
                const idx = [...t.querySelectorAll('thead th')].findIndex(h => h.textContent.trim().startsWith('Words'));
                return [...t.querySelectorAll('tbody tr')].map(r => parseFloat(r.cells[idx].textContent));
            }""")
            assert column2 == sorted(column2, reverse=True)
            href = box.locator("a.ol-csv").get_attribute("href")
            assert href.startswith("data:application/gzip;base64,")  # the CSV, gzip-compressed
        finally:
            browser.close()
    assert errors == []
    assert [u for u in requests if not u.startswith(("file://", "data:", "about:"))] == []
