"""Giving freed memory back to the system between large steps.

glibc's ``malloc`` keeps the memory a process frees for its own later
allocations instead of returning it, so a long-lived process (a spaCy worker
parsing chunk after chunk, a report kernel making one corpus-wide table after
another) holds its largest past working set, and every large step adds its own
peak on top of what the steps before it left behind.  Measured on PolNeAR
train: an extraction worker held 620-990 MiB between chunks of 50 articles, of
which ``malloc_trim`` handed back all but about 300 MiB.

Hand-written because no library of the stack exposes ``malloc_trim`` (Dask's
workers set ``MALLOC_TRIM_THRESHOLD_`` instead, which trims after almost every
``free`` and cost CPU on spaCy's arrays: :func:`analysis.store.local_cluster`).
"""
from __future__ import annotations

import ctypes
import sys
from functools import lru_cache

__all__ = ["release_memory"]


@lru_cache(maxsize=1)
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim  # glibc only: musl has no malloc_trim
    except (OSError, AttributeError):
        return None


def release_memory() -> bool:
    """Return the free memory of the process's heap to the system (glibc ``malloc_trim(0)``; a few
    milliseconds).  False where there is no such call (not glibc): nothing is done."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
