"""Atomic file writes: a reader sees the old file or the new one, never half of one.

The one home of the write-then-rename the extraction store (its Parquet parts
and cached tables) and the report runner (HTML, PDF, index) both rely on: the
content goes to a temporary file in the target's folder, is flushed to disk
(``fsync``) and renamed over the target (``os.replace`` is atomic on POSIX
and Windows within one file system).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Callable

__all__ = ["atomic_write", "atomic_text"]


def atomic_write(target: Path, write: Callable[[Path], Any], *, tmp: Path | None = None,
                 mode: int | None = None) -> None:
    """Write ``target`` through ``write(temporary path)``, fsync, then rename over ``target``.

    ``tmp`` names the temporary file (it must be in the target's folder); by
    default it is ``.<name>.<random>.tmp`` there.  ``mode`` sets the file's
    permissions before the rename (a temporary file is created 0600).  The
    temporary file never outlives a failed write.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if tmp is None:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        tmp = Path(name)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if mode is not None:
            tmp.chmod(mode)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_text(target: Path, text: str, *, mode: int | None = 0o644) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically, readable by all (0644) by default."""
    atomic_write(target, lambda p: p.write_text(text, encoding="utf-8"), mode=mode)
