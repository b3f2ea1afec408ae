"""Every private name of MkDocs that Briefing uses, and only here.

MkDocs 1.x is no longer maintained: these names will not change under us, but a
different MkDocs may lack them. Briefing renders its own pages outside MkDocs' page
loop with MkDocs' own steps (rendering.PageRenderer: `Page.render` with one Markdown
instance for all pages), which needs the processors `Page.render` registers and the
attributes it sets; the preview asks the server what it watches, answers some requests
before it, and learns when it listens. `missing()` lists what an installed MkDocs lacks
(tests/engine/test_mkdocs_internals.py fails on it, and on the server's ways used below).
"""

from __future__ import annotations

import importlib
import inspect
import logging
import os
from typing import Callable
from urllib.parse import quote as urlquote

from mkdocs.structure import pages as _pages

# (module, name, what it is used for): checked by missing().
PRIVATE_NAMES = (
    ("mkdocs.structure.pages", "_RelativePathTreeprocessor", "links between pages, made relative"),
    ("mkdocs.structure.pages", "_ExtractTitleTreeprocessor", "a page's title from its first heading"),
    ("mkdocs.structure.pages", "_RelativePathTreeprocessor._register", "the processors' way onto a Markdown"),
    ("mkdocs.structure.pages", "Page._title_from_render", "the title found while rendering"),
    ("mkdocs.config.defaults", "MkDocsConfig._current_page", "the page being rendered, for plugins"),
    ("mkdocs.livereload", "LiveReloadServer._watched_paths", "what the preview server watches"),
    ("mkdocs.livereload", "LiveReloadServer.serve_request", "the server's WSGI app (answer_first wraps it)"),
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


def register_page_processors(md, file, files, config):
    """What `Page.render` registers on its Markdown for `file` that changes the page (links
    between pages made relative, the title from the first heading); returns the title's
    processor, to read once the page is converted.

    Left out: the two that collect the page's anchors for MkDocs' anchor-link check,
    which has run before Briefing renders (on_post_build) and never sees them. The
    raw-HTML one parsed each whole page as HTML again: the larger part of the time a
    body of many tags took."""
    links = _pages._RelativePathTreeprocessor(file, files, config)
    links._register(md)
    title = _pages._ExtractTitleTreeprocessor()
    title._register(md)
    return title


def set_title_from_render(page, title: str | None) -> None:
    page._title_from_render = title


def set_current_page(config, page) -> None:
    """What MkDocs sets while a page renders (plugins and templates read it)."""
    config._current_page = page


def watched_paths(server) -> dict[str, int]:
    """The paths the preview server watches, with how many times each was asked for."""
    return dict(getattr(server, "_watched_paths", {}))


def answer_first(server, answer: Callable) -> None:
    """Have `answer(environ, start_response, site)` take every request of the preview
    server before MkDocs' own app (`site`), which serves the site folder and holds a
    request back while a rebuild runs, or, if that rebuild failed, until one succeeds.
    The server is a wsgiref WSGIServer whose app is `serve_request` (set_app/get_app are
    wsgiref's, called per request)."""
    site = server.get_app()
    server.set_app(lambda environ, start_response: answer(environ, start_response, site))


SERVING_ON = "Serving on "  # what LiveReloadServer.serve logs, once bound and listening


def when_listening(tell: Callable[[], None]) -> logging.Filter:
    """Call `tell` when the preview server listens (its socket bound: not when the address
    is taken), by the line it logs then, which is left out. Returns the filter, to remove."""

    class Listening(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            if SERVING_ON in record.getMessage():
                tell()
                return False
            return True

    listening = Listening()
    logging.getLogger("mkdocs.livereload").addFilter(listening)
    return listening


def move_page(file, folder: str) -> None:
    """A page's file written under `folder` ("de/"): content/2024/07/x.md at de/2024/07/x/.
    MkDocs 1.6 lets plugins set these three (each is worked out once, from the one before)."""
    url = file.url  # the one worked out from dest_uri, before it moves
    file.dest_uri = folder + file.dest_uri
    file.url = urlquote(folder) + (url if url not in (".", "./") else "")
    file.abs_dest_path = os.path.normpath(os.path.join(file.dest_dir, file.dest_uri))
