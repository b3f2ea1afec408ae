"""`briefing serve`: MkDocs' preview server (mkdocs/commands/serve.py) with what it tells
the editor (Told). A rebuild that fails leaves the last good build served and its problems
shown on every open page (theme/partials/javascripts/briefing-problems.html); a first build
that fails serves a page of its problems instead of ending; each rebuild says where the
saved briefs are. The quick rebuild itself is preview.py's.
"""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from mkdocs.config import load_config

from generator import preview
from generator.build import Build
from generator.engine import mkdocs_internals
from generator.model.corpus import is_brief_source
from generator.model.problems import display_path
from generator.outputs.wording import Wording

log = logging.getLogger("mkdocs.plugins.briefing")


PROBLEMS_PATH = "/.briefing/problems.json"  # answered by the preview server; never a file of a site
SCRIPT = "partials/javascripts/briefing-problems.html"
WORDS = ("preview_problems", "preview_nothing_built", "preview_fix_and_save", "preview_warning",
         "preview_hide")


class Told:
    """What `briefing serve` tells the editor: in the terminal, where it serves and, after
    each rebuild, where the saved briefs are; to every open page, the last rebuild's
    problems (PROBLEMS_PATH, read by SCRIPT); before a first good build, a page of them."""

    def __init__(self, url: str, language: str, script: str = ""):
        self.url, self.say, self.script = url, Wording(language), script
        self.problems: list[dict[str, str]] = []  # {"text": "path:line: field: message", "severity"}
        self.built = False  # a good build is served

    def attempt(self, build: Callable[[], None]) -> bool:
        """Run a build; if it fails, keep its problems (said once, as every build says
        them) rather than raise: the server then serves the last good build."""
        said = _Said()
        logging.getLogger("mkdocs").addHandler(said)
        try:
            build()
        except Exception as error:  # noqa: BLE001 - whatever stops a build is shown, and serving goes on
            self.problems = _problems(error, said.records)
            if not said.errors():  # not logged by MkDocs: an error of no build step's
                print("\n".join(p["text"] for p in self.problems), file=sys.stderr)
            shown = "the last good build, with these problems over its pages" if self.built else \
                "a page of these problems until they are fixed"
            print(f"The preview shows {shown}.", file=sys.stderr, flush=True)
            return False
        finally:
            logging.getLogger("mkdocs").removeHandler(said)
        self.problems, self.built = [], True
        return True

    def rebuilt(self, build: Build, changed: list[str], content_dir: str) -> None:
        """Where each saved brief is now, drafts said to be drafts; else what changed."""
        prefix = os.path.join(content_dir, "")
        sources = {path: Path(path[len(prefix):]).as_posix() for path in changed if path.startswith(prefix)}
        briefs = {path: source for path, source in sources.items() if is_brief_source(source)}
        lines = [f"Rebuilt {display_path(path)}: {self._where(build, source)}"
                 for path, source in briefs.items()]
        if not lines:
            more = f"s to {display_path(changed[0])} and {len(changed) - 1} more" if len(changed) > 1 else \
                f" to {display_path(changed[0])}"
            lines = [f"Rebuilt after the change{more}"]
        print("\n".join(lines), flush=True)

    def _where(self, build: Build, source: str) -> str:
        brief = build.newsroom.brief(source) if build.newsroom else None
        if brief:
            draft = " (a draft: not published by briefing build)" if brief.draft else ""
            return f"{self.url}{build.site.paths[source]}{draft}"
        if source in build.everything:
            return "not in the preview (dated in the future; future: true in mkdocs.yml shows it)"
        return "deleted"

    def answer(self, environ, start_response, site):
        """The problems' JSON to every page, and while no build is good, their page to
        every address; the site (MkDocs' own app) else."""
        path = environ.get("PATH_INFO", "")
        if path == PROBLEMS_PATH:
            report = {"problems": self.problems, "built": self.built,
                      "words": json.loads(self.say.for_script(*WORDS))}
            return _respond(start_response, "200 OK", "application/json", json.dumps(report).encode())
        if not self.built and not path.startswith("/livereload/"):
            return _respond(start_response, "200 OK", "text/html; charset=utf-8",
                            self.page())
        return site(environ, start_response)

    def page(self) -> bytes:
        """The preview's page before a first good build: its problems, and SCRIPT, which
        reloads it when they change."""
        errors = [p for p in self.problems if p["severity"] == "error"]
        title = html.escape(self.say("preview_nothing_built", len(errors)))
        warning = f'<strong>{html.escape(self.say("preview_warning"))}:</strong> '
        items = "".join(f'<li>{warning if p["severity"] == "warning" else ""}'
                        f'<code>{html.escape(p["text"])}</code></li>' for p in self.problems)
        return (f'<!doctype html>\n<html lang="{self.say.language}"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{title}</title><style>{PAGE_STYLE}</style></head>"
                f'<body data-briefing-no-site><main><h1>{title}</h1>'
                f'<p>{html.escape(self.say("preview_fix_and_save"))}</p><ul>{items}</ul></main>'
                f"{self.script}</body></html>").encode()


PAGE_STYLE = ("html{color-scheme:light dark;font:1rem/1.5 system-ui,sans-serif}"
              "main{max-width:48rem;margin:2rem auto;padding:0 1rem}h1{font-size:1.4rem}"
              "code{overflow-wrap:anywhere;white-space:pre-wrap}li{margin:.5rem 0}")


def _respond(start_response, status: str, kind: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store")])
    return [body]


class _Said(logging.Handler):
    """The warnings and errors a build logged."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def errors(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.ERROR]


def _problems(error: BaseException, records: list[logging.LogRecord]) -> list[dict[str, str]]:
    """What stopped a build, as lines: Briefing's problems, else what MkDocs logged, else
    the error itself; then the build's warnings."""
    found: BaseException | None = error
    while found is not None and not hasattr(found, "problems"):
        found = found.__context__  # MkDocs' Abort, raised from Briefing's error
    if found is not None:
        errors = [str(problem) for problem in found.problems]
    else:
        where = getattr(error, "filename", None)
        errors = [r.getMessage() for r in records if r.levelno >= logging.ERROR] or [
            (f"{display_path(where)}:{getattr(error, 'lineno', 0) or 1}: " if where else "")
            + f"{type(error).__name__}: {error}"]
    warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
    return ([{"text": text, "severity": "error"} for text in errors]
            + [{"text": text, "severity": "warning"} for text in warnings])


def script_of(theme) -> str:
    """SCRIPT as the theme has it, for the page of problems (which no template renders)."""
    try:
        return theme.get_env().get_template(SCRIPT).render()
    except Exception as error:  # noqa: BLE001 - the page still lists the problems without it
        log.warning(f"{SCRIPT}: {error}")
        return ""


def error_page(site_dir: str, code: int) -> bytes | None:
    """The site's 404.html for an address it lacks, as MkDocs' serve answers."""
    page = Path(site_dir, f"{code}.html")
    return page.read_bytes() if code in (404, 500) and page.is_file() else None




def serve(config_file: str, dev_addr: str, strict: bool) -> None:
    """MkDocs' serve (mkdocs/commands/serve.py) with the preview's part (Told): a
    failed build's problems shown rather than the server stuck, a first one's too."""
    from mkdocs.commands.build import build
    from mkdocs.livereload import LiveReloadServer

    site_dir = tempfile.mkdtemp(prefix="briefing-preview-")
    signal.signal(signal.SIGTERM, _stop)  # stopped as by Ctrl-C: the preview's folder removed

    def configured():
        return load_config(config_file=config_file, site_dir=site_dir, dev_addr=dev_addr, strict=strict)

    def builder(config=None) -> None:
        config = config or configured()
        config.site_url = url
        build(config, serve_url=url, dirty=True)

    config = configured()
    config.plugins.on_startup(command="serve", dirty=True)
    (host, port), mount = config.dev_addr, "/" + urlsplit(config.site_url or "/").path.strip("/")
    mount = mount.rstrip("/") + "/"
    url = f"http://{host}:{port}{mount}"
    told = Told(url, config.theme["language"], script_of(config.theme))
    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount)
    server.error_handler = lambda code: error_page(site_dir, code)
    mkdocs_internals.answer_first(server, told.answer)
    listening = mkdocs_internals.when_listening(
        lambda: print(f"Serving on {url} - Ctrl-C to stop", flush=True))
    try:
        told.attempt(lambda: builder(config))
        server.watch(config.docs_dir)
        server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        if isinstance(server.builder, preview.Rebuilder):
            server.builder.told = told
        else:  # no build to rebuild quickly from (its settings were refused): full ones
            server.builder = lambda: told.attempt(builder)
        for path in config.watch:
            server.watch(path)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass  # Ctrl-C: the preview's end, not an error
        finally:
            server.shutdown()
    finally:
        logging.getLogger("mkdocs.livereload").removeFilter(listening)
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def _stop(signum, frame):
    raise KeyboardInterrupt  # unwind, so the preview's folder is removed
