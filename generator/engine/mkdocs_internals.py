"""Every private name of MkDocs that Briefing uses, and only here.

MkDocs 1.x is no longer maintained: these names will not change under us, but a
different MkDocs may lack them. Briefing renders its own pages outside MkDocs' page
loop with MkDocs' own steps (rendering.PageRenderer: `Page.render` with one Markdown
instance for all pages), which needs the processors `Page.render` registers and the
attributes it sets; the preview asks the server what it watches. `missing()` lists
what an installed MkDocs lacks (tests/engine/test_mkdocs_internals.py fails on it).
"""

from __future__ import annotations

import importlib
import inspect

from mkdocs.structure import pages as _pages

# (module, name, what it is used for): checked by missing().
PRIVATE_NAMES = (
    ("mkdocs.structure.pages", "_RawHTMLPreprocessor", "anchors in a page's raw HTML"),
    ("mkdocs.structure.pages", "_ExtractAnchorsTreeprocessor", "a page's anchors, for link checks"),
    ("mkdocs.structure.pages", "_RelativePathTreeprocessor", "links between pages, made relative"),
    ("mkdocs.structure.pages", "_ExtractTitleTreeprocessor", "a page's title from its first heading"),
    ("mkdocs.structure.pages", "_RawHTMLPreprocessor._register", "the processors' way onto a Markdown"),
    ("mkdocs.structure.pages", "Page._title_from_render", "the title found while rendering"),
    ("mkdocs.config.defaults", "MkDocsConfig._current_page", "the page being rendered, for plugins"),
    ("mkdocs.livereload", "LiveReloadServer._watched_paths", "what the preview server watches"),
)


def missing() -> list[str]:
    """The private names above that the installed MkDocs lacks, as `module.name`."""
    lacking = []
    for module_name, name, _ in PRIVATE_NAMES:
        found: object = importlib.import_module(module_name)
        for part in name.split("."):
            if hasattr(found, part):
                found = getattr(found, part)
            elif inspect.isclass(found) and f"self.{part}" in inspect.getsource(found):
                found = None  # an attribute each instance sets
            else:
                lacking.append(f"{module_name}.{name}")
                break
    return lacking


def register_page_processors(md, file, files, config) -> tuple:
    """What `Page.render` registers on its Markdown for `file`: (raw HTML, anchors,
    relative links, title) processors, to read from once the page is converted."""
    raw_html = _pages._RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = _pages._ExtractAnchorsTreeprocessor(file, files, config)
    anchors._register(md)
    links = _pages._RelativePathTreeprocessor(file, files, config)
    links._register(md)
    title = _pages._ExtractTitleTreeprocessor()
    title._register(md)
    return raw_html, anchors, links, title


def set_title_from_render(page, title: str | None) -> None:
    page._title_from_render = title


def set_current_page(config, page) -> None:
    """What MkDocs sets while a page renders (plugins and templates read it)."""
    config._current_page = page


def watched_paths(server) -> dict[str, int]:
    """The paths the preview server watches, with how many times each was asked for."""
    return dict(getattr(server, "_watched_paths", {}))
