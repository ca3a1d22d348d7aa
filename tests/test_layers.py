"""The package's shape: layers that import only the layers before them, no cycles, short modules.

Layers, in order: ``core`` -> ``nlp`` -> ``extract`` -> ``store`` -> ``tables``
-> ``report`` -> ``cli``.  Read off the source with ``ast`` (nothing is
imported to check it), so a violation names the file and line.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import analysis

PACKAGE = Path(analysis.__file__).parent
LAYERS = ["core", "nlp", "extract", "store", "tables", "report", "cli"]
MAX_LINES = 800
MAX_LAZY_IMPORTS = 10
# Where a lazy import (inside a function) of a package module may stand: the command line
# and the package's lazy facade, so `python -m analysis --help` starts without spaCy.
LAZY_ALLOWED = {"analysis", "analysis.cli"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _layer(module: str) -> int | None:
    """The layer index of a package module (None: the package's facade, ``analysis`` itself)."""
    parts = module.split(".")
    if len(parts) == 1:
        return None
    top = parts[1]
    if top in ("__main__", "cli"):
        return LAYERS.index("cli")
    if top == "data":
        return LAYERS.index("core")
    return LAYERS.index(top)


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def _resolve(module: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The package modules an import statement loads (submodules named in ``from X import Y`` included)."""
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names if a.name.split(".")[0] == "analysis"]
        return [n for n in names if n in MODULES]
    if node.level:
        base = module.split(".") if _is_package(module) else module.split(".")[:-1]
        base = base[:len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target.split(".")[0] != "analysis":
        return []
    out = [target] if target in MODULES else []
    out += [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
    return out


def _imports(module: str) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every package import of ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.extend((t, child.lineno, in_function) for t in _resolve(module, child))
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.If) and isinstance(child.test, ast.Name) and child.test.id == "TYPE_CHECKING":
                continue  # annotations only, never imported at run time
            visit(child, inside)

    visit(tree, False)
    return found


def _parents(module: str) -> list[str]:
    """The packages Python imports before ``module`` (the root package left out)."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(2, len(parts))]


def test_every_module_has_a_layer():
    for module in MODULES:
        if module != "analysis":
            assert _layer(module) is not None, module


def test_layers_import_only_the_layers_before_them():
    wrong = []
    for module in MODULES:
        layer = _layer(module)
        if layer is None:
            continue
        for target, line, _ in _imports(module):
            t_layer = _layer(target)
            if t_layer is None or t_layer > layer:
                wrong.append(f"{MODULES[module].relative_to(PACKAGE.parent)}:{line}: {module} "
                             f"({LAYERS[layer]}) imports {target} ({LAYERS[t_layer] if t_layer is not None else 'facade'})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle():
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module in MODULES:
        own = set(_parents(module)) | {module}  # packages already being imported when this module runs
        for target, _, _ in _imports(module):
            graph[module].update(t for t in [*_parents(target), target] if t not in own and t != "analysis")
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = walk(nxt)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            cycle = walk(module)
            assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_lazy_imports_only_where_they_keep_the_cli_fast():
    lazy = [(m, t, line) for m in MODULES for t, line, inside in _imports(m) if inside]
    misplaced = [f"{MODULES[m].relative_to(PACKAGE.parent)}:{line}: {t}" for m, t, line in lazy
                 if m not in LAZY_ALLOWED]
    assert not misplaced, "package imports inside functions:\n" + "\n".join(misplaced)
    assert len(lazy) <= MAX_LAZY_IMPORTS, lazy


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_too_long(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[module].relative_to(PACKAGE.parent)}: {lines} lines"


def test_no_package_module_is_also_a_function():
    """``import analysis.x.y`` gives the module, never a function of the same name."""
    names = [i.name for i in pkgutil.walk_packages(analysis.__path__, "analysis.") if i.name != "analysis.__main__"]
    for name in names:
        importlib.import_module(name)
    for name in names:
        parent, _, attr = name.rpartition(".")
        value = getattr(importlib.import_module(parent), attr)
        assert inspect.ismodule(value), f"{name} is a {type(value).__name__}"


def test_the_public_names_are_importable_from_the_package():
    for name in analysis.__all__:
        assert getattr(analysis, name) is not None, name
    # analysis.extract is the extract layer and, called, the store's extraction.
    assert inspect.ismodule(analysis.extract) and callable(analysis.extract)


def test_every_data_and_template_file_is_package_data():
    """A data file left out of pyproject's package-data would be missing from a wheel (and the
    quote scorer, say, silently off): every file of ``data/`` and the templates matches a glob."""
    import fnmatch
    import tomllib

    globs = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["analysis"]
    files = [p for folder in ("data", "report/templates") for p in (PACKAGE / folder).rglob("*")
             if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts]
    assert files
    for path in files:
        rel = path.relative_to(PACKAGE).as_posix()
        assert any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(rel, g.replace("/**/", "/*/")) for g in globs), rel
