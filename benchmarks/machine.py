"""One description of the machine for every benchmark's output (CPU model, cores, RAM, Python, spaCy, load)."""
from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def ram_gib() -> float:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        return float("nan")


def describe() -> str:
    """``CPU, N cores, RAM, OS, Python, spaCy; load average`` (the load says how shared the machine was)."""
    from importlib.metadata import version

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu_model()}, {os.cpu_count()} cores, {ram_gib():.0f} GiB RAM, {platform.system()} "
            f"{platform.machine()}, Python {platform.python_version()}, spaCy {version('spacy')}; "
            f"load average {load:.1f} at start")
