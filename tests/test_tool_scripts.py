"""Every script of tools/ runs as the README shows it (`python tools/<name>.py`) from any folder:
the project's packages (analysis, benchmarks) import after the script's own set-up."""
from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

TOOLS = sorted((ROOT / "tools").glob("*.py"))


@pytest.mark.parametrize("tool", TOOLS, ids=[t.name for t in TOOLS])
def test_a_tool_script_finds_the_project_packages(tool, tmp_path):
    # a tool that uses the benchmarks package (not installed, it lives beside analysis) must put the
    # project on sys.path itself
    wanted = "analysis, benchmarks.polnear_corpus" if "benchmarks" in tool.read_text(encoding="utf-8") else "analysis"
    code = f"import runpy, sys; runpy.run_path({str(tool)!r}, run_name='not_main'); import {wanted}; print('ok')"
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert proc.returncode == 0 and proc.stdout.strip().endswith("ok"), proc.stderr[-2000:]
