"""Run every benchmarks/bench_*.py in turn (``python -m benchmarks``)."""
from __future__ import annotations

import runpy
import sys
from pathlib import Path

if __name__ == "__main__":
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        mod = runpy.run_path(str(path))
        if "main" in mod:
            mod["main"]()
    sys.exit(0)
