"""Every private name of MkDocs Briefing uses is in engine/mkdocs_internals.py, and the
installed MkDocs has each (MkDocs 1.x is no longer maintained: a different one may not)."""

from __future__ import annotations

import ast

from conftest import ROOT

from generator.engine import mkdocs_internals


def test_the_installed_mkdocs_has_every_private_name_briefing_uses():
    lacking = mkdocs_internals.missing()
    assert not lacking, (
        f"the installed MkDocs lacks {', '.join(lacking)}, which Briefing uses "
        "(see generator/engine/mkdocs_internals.py and ARCHITECTURE.md)"
    )


def test_a_name_mkdocs_lacks_is_reported(monkeypatch):
    monkeypatch.setattr(mkdocs_internals, "PRIVATE_NAMES", (
        *mkdocs_internals.PRIVATE_NAMES, ("mkdocs.structure.pages", "_GoneProcessor", "a test"),
        ("mkdocs.structure.pages", "Page._gone_attribute", "a test")))
    assert mkdocs_internals.missing() == ["mkdocs.structure.pages._GoneProcessor",
                                          "mkdocs.structure.pages.Page._gone_attribute"]


def mkdocs_names(tree: ast.Module) -> set[str]:
    """The names a module binds to MkDocs' modules and classes (`from mkdocs... import x`)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mkdocs"):
            names |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.asname or alias.name.split(".")[0] for alias in node.names
                      if alias.name.startswith("mkdocs")}
    return names


PRIVATE_ATTRIBUTES = {name.rsplit(".", 1)[-1] for _, name, _ in mkdocs_internals.PRIVATE_NAMES}


def test_no_other_module_touches_a_private_name_of_mkdocs():
    """Outside mkdocs_internals, nothing of MkDocs is reached by a name starting with _,
    nor any attribute of the private names listed there."""
    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        if path.name == "mkdocs_internals.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = mkdocs_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mkdocs"):
                found += [f"{path.name}: {alias.name}" for alias in node.names if alias.name.startswith("_")]
            elif isinstance(node, ast.Attribute) and node.attr[:1] == "_" and node.attr[:2] != "__":
                of_mkdocs = isinstance(node.value, ast.Name) and node.value.id in names
                if of_mkdocs or node.attr in PRIVATE_ATTRIBUTES:
                    found.append(f"{path.name}: .{node.attr}")
    assert found == []


def test_the_preview_server_says_it_listens_once_bound_and_answers_through_its_app():
    """What `briefing serve` relies on (mkdocs_internals.answer_first, when_listening)."""
    import inspect

    from mkdocs.livereload import LiveReloadServer

    serve = inspect.getsource(LiveReloadServer.serve)
    assert serve.index("self.server_bind()") < serve.index(f'"{mkdocs_internals.SERVING_ON}')
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    try:
        assert server.get_app() == server.serve_request
    finally:
        server.server_close()
