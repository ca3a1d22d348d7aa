"""The extractor's floor on a PolNeAR dev slice, when ../shared is present."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ...conftest import ROOT, SHARED


@pytest.mark.skipif(not (SHARED / "data" / "polnear" / "dev").exists(), reason="PolNeAR not available")
def test_polnear_dev_slice_floor():
    cmd = f"{sys.executable} -m analysis quotes --raw --format jsonl"
    proc = subprocess.run([sys.executable, str(SHARED / "eval" / "score_quotes.py"), "--split",
                           str(SHARED / "data" / "polnear" / "dev"), "--limit", "12", "--cmd", cmd],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    figures = json.loads(proc.stdout.splitlines()[0])
    assert figures["f1"] >= 0.5 and figures["direct_recall"] >= 0.7 and figures["speaker_accuracy"] >= 0.65
