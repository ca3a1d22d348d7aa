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
import multiprocessing
import sys
from functools import lru_cache
from typing import Any, Callable

__all__ = ["ApartError", "can_fork", "release_memory", "run_apart"]


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
    milliseconds), and what Arrow's memory pool keeps for reuse (mimalloc or jemalloc: the
    buffers of Parquet reads and conversions to pandas).  False where there is no ``malloc_trim``
    (not glibc): only Arrow's pool is released."""
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        arrow.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


# --------------------------------------------------------------------------- work done in a child

class ApartError(RuntimeError):
    """A child of :func:`run_apart` ended without an answer, or its answer could not be sent back."""


def can_fork() -> bool:
    """Whether :func:`run_apart` forks (Linux) or runs in this process."""
    return sys.platform.startswith("linux")


def run_apart(func: Callable[..., Any], *args: Any) -> Any:
    """``func(*args)`` in a forked child process (Linux), else here: its result, or its exception raised here.

    A large step (a corpus-wide table, the values of for_each jobs) leaves behind, in a
    long-lived process, its peak as heap that ``malloc_trim`` cannot hand back (objects still
    alive scattered over it) and the caches its helpers filled.  Made in a child, all of it
    goes when the child exits; what the parent needs comes back pickled, or through files
    the child wrote (the table store).  The child starts with the parent's memory shared
    (copy on write), so the parent should hold little when it forks.
    """
    if not can_fork():
        return func(*args)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, func, args), name=f"outlet-lens {func.__name__}")
    child.start()
    send.close()
    try:
        status, value = receive.recv()
    except EOFError:
        child.join()
        raise ApartError(f"the process running {func.__name__} ended without an answer (exit code "
                         f"{child.exitcode})") from None
    finally:
        receive.close()
    child.join()
    if status == "error":
        raise value
    return value


def _child(send, func: Callable[..., Any], args: tuple) -> None:
    try:
        result = ("ok", func(*args))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent, which raises it
        result = ("error", exc)
    try:
        send.send(result)
    except Exception as exc:  # a value that cannot be pickled: say what it was
        what = f"{type(result[1]).__name__}: {result[1]}" if result[0] == "error" else \
            f"its result could not be sent back ({exc})"
        send.send(("error", ApartError(f"{func.__name__}: {what}")))
    finally:
        send.close()
