"""Run every ``benchmarks/bench_*.py`` module's ``main()`` in turn (``python -m benchmarks``)."""
from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent
    status = 0
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda i: i.name):
        if info.name.startswith("bench_"):
            print(f"== {info.name}", flush=True)
            module = importlib.import_module(f"benchmarks.{info.name}")
            status |= module.main(argv or []) or 0
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
