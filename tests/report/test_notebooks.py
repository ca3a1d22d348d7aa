"""Every report notebook documents its parameters: papermill --help-notebook shows a help text for each."""
from __future__ import annotations

import nbformat
import pytest

from ..conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_notebooks_exist():
    names = {p.stem for p in NOTEBOOKS}
    assert {"corpus_overview", "actors", "article", "actor_profile"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_parameter_has_a_help_text(path):
    import papermill as pm

    params = pm.inspect_notebook(str(path))
    assert "corpus" in params, f"{path.name}: no 'corpus' parameter (the report runner sets it)"
    undocumented = [name for name, p in params.items() if len((p.get("help") or "").strip()) < 10]
    assert not undocumented, f"{path.name}: parameters without a '# what it is' comment: {undocumented}"
    untyped = [name for name, p in params.items() if p.get("inferred_type_name") in (None, "None")]
    assert not untyped, f"{path.name}: parameters without a type annotation: {untyped}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_parameters_cell_and_a_title(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: {len(tagged)} cells tagged 'parameters'"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
