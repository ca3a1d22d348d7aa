"""The CLI is a thin layer over the API: help, corpus printing, errors."""
from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT, SEEDS


def _run(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=ROOT)


def test_help_lists_subcommands():
    out = _run("--help")
    assert out.returncode == 0
    for command in ("corpus", "report"):
        assert command in out.stdout


def test_corpus_jsonl():
    out = _run("corpus", str(SEEDS), "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    assert out.stdout.endswith("}\n")  # one object per line, no blank line at the end
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["doc_id"] for r in rows] == ["000", "001", "002", "003"]
    assert "text" not in rows[0]
    assert "4 article(s) loaded, 0 skipped" in out.stderr


def test_corpus_removed_lines_csv():
    out = _run("corpus", str(SEEDS), "--removed", "--format", "csv")
    assert out.returncode == 0
    assert out.stdout.splitlines()[0] == "doc_id,line_no,text,reason"
    assert "Source: AFP" in out.stdout


def test_missing_corpus_is_a_clear_error(tmp_path):
    out = _run("corpus", str(tmp_path / "nope"))
    assert out.returncode == 2
    assert "no such corpus folder" in out.stderr and "Traceback" not in out.stderr
