"""The house in layers: no import cycle inside generator/, no import up the layers, and
modules small enough to read. Every import counts: module level, inside functions, and
under TYPE_CHECKING (a cycle dodged by any of them is still a cycle).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "generator"
# Lower layers never import higher ones: the model knows nothing of the site it goes
# into, the outputs nothing of how they are built fast, and only the top level (the
# plugin, the build, the preview, the command line) knows everything.
LAYERS = {"model": 0, "outputs": 1, "importing": 1, "engine": 2, "search": 3,
          "config": 4, "editions": 4, "build": 5, "pages": 5, "preview": 6, "serving": 7, "plugin": 7, "cli": 8}
MAX_LINES, MAX_WIDTH, MAX_PLUGIN_LINES = 400, 110, 300


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of generator/ that `name` imports, anywhere in its file."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(max(node.level - 1, 0)):
                base = base.rsplit(".", 1)[0]
            module = (f"{base}.{node.module}" if node.module else base) if node.level else node.module or ""
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in names:
            while target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in known and target != name and not name.startswith(target + "."):
                targets.add(target)
    return targets


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's), and self-imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def layer(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_no_import_cycle_inside_generator():
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_cycles_however_they_are_written(tmp_path):
    """The test above can fail: an import inside a function, or under TYPE_CHECKING, counts."""
    package = tmp_path / "generator"
    (package / "search").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "search/__init__.py").write_text("")
    (package / "search/index.py").write_text("def f():\n    from generator.search import writer\n")
    (package / "search/writer.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .index import f\n")
    known = {"generator": package / "__init__.py", "generator.search": package / "search/__init__.py",
             "generator.search.index": package / "search/index.py",
             "generator.search.writer": package / "search/writer.py"}
    edges = {name: imports(name, path, known) for name, path in known.items()}
    assert cycles(edges) == [["generator.search.index", "generator.search.writer"]]


def test_no_layer_imports_one_above_it():
    upward = [f"{name} imports {target}" for name, targets in graph().items() for target in sorted(targets)
              if layer(name) is not None and layer(target) is not None and layer(target) > layer(name)]
    assert upward == []


def test_every_module_is_in_a_layer():
    assert [name for name in modules() if name != "generator" and layer(name) is None] == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_are_short_with_short_lines(name):
    lines = modules()[name].read_text(encoding="utf-8").splitlines()
    longest = max((len(line) for line in lines), default=0)
    limit = MAX_PLUGIN_LINES if name == "generator.plugin" else MAX_LINES
    assert len(lines) <= limit and longest <= MAX_WIDTH, (len(lines), longest)
