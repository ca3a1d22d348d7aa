"""Interrupted and concurrent report runs: a killed or failing run keeps the previous report, the lock
queues or refuses a second run (analysis.report.runner)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import yaml

from ..conftest import ROOT

GATE_CELL = """import os, pathlib, time
if started:  # tell the test the run is under way (and which process to stop)
    pathlib.Path(started).write_text(str(os.getpid()))
deadline = time.monotonic() + 60
while release and not pathlib.Path(release).exists() and time.monotonic() < deadline:
    time.sleep(0.1)
print("report body")"""


def _report_project(folder: Path, **parameters) -> Path:
    """A tiny report: one code cell (no analysis import), HTML only; returns reports.yml."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corpus").mkdir(exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('corpus = "."\nstarted = ""\nrelease = ""',
                                          metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(GATE_CELL)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "nb.ipynb")
    config = {"corpus": "corpus", "output_dir": "out", "jobs": [
        {"name": "demo", "notebook": "nb.ipynb", "output": "demo", "formats": ["html"],
         "parameters": {k: str(v) for k, v in parameters.items()}}]}
    (folder / "reports.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return folder / "reports.yml"


def _start_cli(config: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "analysis", "report", "--config", str(config), "--quiet", *args],
                            cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _wait_for(path: Path, proc: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if proc.poll() is not None:
            pytest.fail(f"the report run ended before starting its notebook: {proc.communicate()}")
        assert time.monotonic() < deadline, "the report run did not start its notebook in time"
        time.sleep(0.1)


def _snapshot(out: Path) -> dict[str, bytes]:
    """Every visible file under the output folder (hidden temporary files and the lock excluded)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def _assert_readable(out: Path) -> None:
    import json

    nb = nbformat.read(out / "corpus" / "demo" / "demo.ipynb", as_version=4)
    assert "report body" in str(nb.cells[-1].outputs)
    page = (out / "corpus" / "demo" / "demo.html").read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>") and "report body" in page
    assert "demo" in json.loads((out / "corpus" / "index.json").read_text(encoding="utf-8"))


def test_killed_run_keeps_previous_report_and_next_run_cleans_up(tmp_path):
    from analysis.report.runner import load_config, run_reports

    config = _report_project(tmp_path)
    out = tmp_path / "out"
    assert run_reports(load_config(config), progress=False)[0].ok
    before = _snapshot(out)
    assert set(before) == {"corpus/demo/demo.ipynb", "corpus/demo/demo.html", "index.html", "corpus/index.json"}

    started = tmp_path / "started"
    proc = _start_cli(_report_project(tmp_path, started=started, release=tmp_path / "never"))
    _wait_for(started, proc)
    os.killpg(proc.pid, signal.SIGKILL)  # the runner, mid-job, without any chance to clean up
    proc.wait(timeout=30)
    try:
        os.kill(int(started.read_text()), signal.SIGKILL)  # its kernel runs in a session of its own
    except ProcessLookupError:
        pass

    assert _snapshot(out) == before  # previous report intact, nothing half-written under a final name
    leftovers = [p.name for p in (out / "corpus" / "demo").iterdir() if p.name.startswith(".")]
    assert leftovers  # the killed run's temporary folder: proof the kill came mid-job

    messages = []
    results = run_reports(load_config(_report_project(tmp_path)), progress=False, echo=messages.append)
    assert results[0].ok
    assert any("removed 1 temporary file(s) left by an interrupted run" in m for m in messages)
    assert [p.name for p in (out / "corpus" / "demo").iterdir() if p.name.startswith(".")] == []
    _assert_readable(out)


def test_failure_while_writing_outputs_keeps_previous_files(tmp_path, monkeypatch):
    import analysis.report.runner as report
    from analysis.core.files import atomic_write

    config = _report_project(tmp_path)
    out = tmp_path / "out"
    assert report.run_reports(report.load_config(config), progress=False)[0].ok
    before = _snapshot(out)

    # A writer that dies half-way through a file.
    def half_then_fail(path: Path) -> None:
        path.write_text("<html><body>half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        atomic_write(out / "corpus" / "demo" / "demo.html", half_then_fail)
    # Conversion failing, then the rename of the second output failing.
    monkeypatch.setattr(report, "notebook_to_html", lambda nb: 1 / 0)
    result = report.run_reports(report.load_config(config), progress=False, force=True)[0]
    assert not result.ok and "conversion failed: ZeroDivisionError" in result.error
    monkeypatch.undo()
    real_replace = os.replace

    def replace_fails_on_html(src, dst):
        if str(dst).endswith(".html") and "demo" in Path(dst).parent.name:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(report.os, "replace", replace_fails_on_html)
    result = report.run_reports(report.load_config(config), progress=False, force=True)[0]
    monkeypatch.undo()
    assert not result.ok and "could not move the outputs" in result.error and "demo.ipynb" in result.error
    after = _snapshot(out)
    assert after["corpus/demo/demo.html"] == before["corpus/demo/demo.html"]  # the old HTML, whole
    nbformat.read(out / "corpus" / "demo" / "demo.ipynb", as_version=4)  # the new notebook, whole
    assert not [p for p in out.rglob(".*") if p.name != ".report.lock"]  # no temporary files left


def test_concurrent_runs_refuse_or_wait_and_never_corrupt(tmp_path):
    started, release = tmp_path / "started", tmp_path / "release"
    config = _report_project(tmp_path, started=started, release=release)
    first = _start_cli(config)
    _wait_for(started, first)  # the first run holds the lock and is executing

    second = _start_cli(config)
    _, err = second.communicate(timeout=60)
    assert second.returncode == 2  # the CLI's exit status for a clear error
    assert "another report run is writing to" in err and "--wait SECONDS" in err
    assert first.poll() is None  # the refusal did not disturb the running job

    third = _start_cli(config, "--wait", "120")
    time.sleep(2)
    assert third.poll() is None  # queued behind the first
    release.write_text("go")
    assert first.wait(timeout=90) == 0, first.communicate()
    _, err = third.communicate(timeout=90)
    assert third.returncode == 0, err
    out = tmp_path / "out"
    _assert_readable(out)
    assert not [p for p in out.rglob(".*") if p.name != ".report.lock"]
