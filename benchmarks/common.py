"""What every benchmark shares: where the PolNeAR texts are, and timing a bare ``nlp.pipe``."""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"


def text_files(folder: Path, *, limit: int = 0) -> list[Path]:
    """The ``*.txt`` files of ``folder`` in name order (the first ``limit``; 0: all); [] when it is absent."""
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    return files[:limit] if limit else files


def pipe_seconds(nlp, texts: list[str], *, batch_size: int, n_process: int = 1) -> float:
    """Seconds ``nlp.pipe`` takes to parse ``texts``, the Docs consumed and dropped."""
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - t0


def text_bench_parser(prog: str, *, limit: int, limit_help: str) -> argparse.ArgumentParser:
    """The options of the benchmarks over PolNeAR texts: texts, limit, batch size, model, dictionary."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--texts", type=Path, default=POLNEAR)
    parser.add_argument("--limit", type=int, default=limit, help=limit_help)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--model", default=None)
    parser.add_argument("--dictionary", type=Path, default=ROOT / "seeds" / "actors.yml")
    return parser
