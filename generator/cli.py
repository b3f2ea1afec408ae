"""The `briefing` command: a thin layer over MkDocs with the Briefing plugin."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import signal
import sys
import time
import traceback
from datetime import datetime
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException, PluginError

from generator.model import corpus
from generator.model import scaffold
from generator import config as settings, editions
from generator.engine import sitefolder
from generator.model.advice import advice, unknown_initials
from generator.model.languages import match
from generator.engine.lock import ProjectLock
from generator.config import BriefingConfig, cache_folder, load_zone
from generator.model.problems import BriefingError, InternalError, display_path


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _setup_logging(args.verbose)
    code = _run(args)
    if argv is None and args.command == "build":
        # The command is done: the system takes back its memory at once, where Python's
        # finalization would free a large build's objects one by one (a third of a
        # second at 10,000 briefs). Every file is written and every worker has ended.
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _run(args) -> int:
    try:
        return args.run(args)
    except BriefingError as error:
        print(error.report(), file=sys.stderr)
    except (Abort, ConfigurationError, MkDocsException) as error:
        # MkDocs has logged the details; its own "Aborted with..." adds nothing.
        if not isinstance(error, Abort):
            print(f"error: {error}", file=sys.stderr)
        if args.debug and error.__context__:  # what MkDocs reported before aborting
            traceback.print_exception(error.__context__)
    except InternalError as error:
        print(error, file=sys.stderr)
        if args.debug:
            traceback.print_exception(error.cause)
    except FileExistsError as error:
        print(f"error: {error.filename} already exists; pick another title", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as error:  # the machine's, not the site's: a full disk, a read-only folder
        where = f": {display_path(error.filename)}" if error.filename else ""
        kept = "; the published site was not changed" if args.command == "build" else ""
        print(f"error: {error.strerror or error}{where}{kept}", file=sys.stderr)
    except Exception as error:  # a bug outside any named step: still one line
        print(InternalError(f"running 'briefing {args.command}'", error), file=sys.stderr)
        if args.debug:
            traceback.print_exception(error)
    return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing", description="Build a news briefing site from Markdown briefs."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("-f", "--config-file", default="mkdocs.yml", help="site configuration")
        sub.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
        sub.set_defaults(run=run)
        return sub

    build = command("build", _build, "Build the site into site/ (or the configured site_dir).")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("-d", "--site-dir", help="build into this folder instead")
    build.add_argument("--future", action="store_true", help="include briefs dated in the future")
    build.add_argument("--drafts", action="store_true",
                       help="a preview for the desk, drafts included, into site-preview/ (or -d DIR): "
                            "every page marked Preview and kept out of search engines; never site/")
    build.add_argument("-j", "--workers", type=BriefingConfig.workers.argument,
                       help="processes rendering pages (default: one per core)")
    build.add_argument(
        "--base-url", type=settings.base_url,
        help="publish address to build for, e.g. https://example.org/briefs/ "
             "(instead of site_url in mkdocs.yml)"
    )

    serve = command("serve", _serve, "Preview the site with live reload while you edit.")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="IP:PORT to serve on")
    serve.add_argument("--strict", action="store_true", help="treat warnings as errors")
    serve.add_argument("--poll", action="store_true",
                       help="look for changes every half second, for folders that send no file events "
                            "(some Docker volumes and network drives)")

    check = command("check", _check, "Check briefs without building; exit 1 on any problem.")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="only these briefs (unique slugs and shortlinks are still checked site-wide)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="json: for editors' tools")

    imp = command("import", _import,
                  "Turn a clipped article (text) or a saved page (HTML) into a draft brief.")
    imp.add_argument("source", help="a .txt or .html file, or - for standard input")
    imp.add_argument("--out", help="the content folder to write into (default: docs_dir of mkdocs.yml)")
    imp.add_argument("--image", help="the article's picture file, copied beside the brief")
    imp.add_argument("--force", action="store_true",
                     help="replace the brief (and picture) imported from the same article before")
    imp.add_argument("--slug", help="the brief's slug (default: from its title, by its language)")

    new = command("new", _new, "Start a new brief (a draft) at content/YYYY/MM/<slug>.md.")
    new.add_argument("title", help='the headline, e.g. "Assad meets Putin in Moscow"')
    new.add_argument("--lang", help="the brief's language, e.g. de, ar (default: the site's)")
    new.add_argument("--slug", help="the brief's slug (default: from its title, by its language)")
    return parser


def _build(args) -> int:
    config = load_config(
        args.config_file, strict=args.strict, site_url=args.base_url,
        site_dir=None if args.drafts else args.site_dir,  # a preview's folder is found from site_dir's
    )
    plugin = config.plugins["briefing"]
    if plugin.config.preview and not args.drafts:  # else a preview would replace the published site
        raise PluginError("mkdocs.yml: plugins.briefing.preview: set by `briefing build --drafts`, "
                          "not in mkdocs.yml (expected it left out, found true)")
    if args.drafts:
        config.site_dir = str(settings.preview_folder(config, args.site_dir))
        plugin.config.drafts = plugin.config.preview = True
    # Before the site folder is replaced by the one built beside it, and before the cache is touched.
    settings.check(config, plugin.config.cache_dir)
    plugin.config.future = plugin.config.future or args.future
    if args.workers is not None:
        plugin.config.workers = args.workers
    # Before anything is touched: one build of a project at a time (see generator/engine/lock.py).
    with ProjectLock(cache_folder(config, plugin.config), "build", "briefing build"):
        if args.drafts:
            settings.cache_for_the_desk(config, plugin.config)
        return _build_held(config, plugin)


def _build_held(config, plugin) -> int:
    """The build, once this process holds the project."""
    from mkdocs.commands.build import build

    target = Path(config.site_dir)
    trash = cache_folder(config, plugin.config) / "old-sites"
    # Build beside the published site and swap only a complete build in: a failed,
    # interrupted or killed build leaves the previous site as it was (see sitefolder).
    sitefolder.remove_leftovers(target, trash)
    staging = target.parent / f".{target.name}.building-{os.getpid()}"
    config.site_dir = str(staging)
    plugin.spare = sitefolder.claim_spare(trash)
    config.plugins.on_startup(command="build", dirty=False)
    started = time.perf_counter()
    signal.signal(signal.SIGTERM, _stop)
    try:
        build(config)
        if plugin.written_since:
            sitefolder.sweep(staging, plugin.written_since, plugin.build.kept_folders)
        sitefolder.swap(staging, target, trash)
    except BaseException as error:
        if not isinstance(error, Exception):  # MkDocs tells plugins of Exceptions only
            # Interrupted: page workers still writing into staging must stop before it goes.
            config.plugins.on_build_error(error=error)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if plugin.spare:  # not used: the build stopped early
            shutil.rmtree(plugin.spare, ignore_errors=True)
        config.plugins.on_shutdown()
    config.site_dir = str(target)
    built = plugin.build
    count = len(built.newsroom.briefs)
    briefs = f"{count} brief{'s' if count != 1 else ''}"
    if len(built.newsroom.sites) > 1:
        briefs += f" in {len(built.newsroom.sites)} languages"
    if plugin.config.preview:
        drafts = sum(1 for brief in built.newsroom.briefs if brief.draft)
        briefs = f"a preview of {briefs} ({drafts} draft{'s' if drafts != 1 else ''})"
    print(
        f"Built {briefs} into {display_path(config.site_dir)} "
        f"in {time.perf_counter() - started:.1f} s ({built.render_summary})"
        + ("; not for publishing." if plugin.config.preview else ".")
    )
    if built.pictures_summary:
        print(built.pictures_summary)
    if built.search_report:
        print(built.search_report.summary())
    if built.selection.summary():
        print(built.selection.summary())
    return 0


def _stop(signum, frame):
    raise KeyboardInterrupt  # unwind, so the half-built folder is removed


def _serve(args) -> int:
    # "dirty": MkDocs keeps the site folder between rebuilds, and Briefing rewrites only
    # the pages whose fingerprint changed (MkDocs' own warning about it does not apply).
    logging.getLogger("mkdocs.commands.build").addFilter(
        lambda record: not record.getMessage().startswith("A 'dirty' build")
    )
    if args.poll:
        os.environ["BRIEFING_POLL"] = "1"  # read by the plugin's on_serve
    config = load_config(args.config_file)  # for its cache folder; the preview loads its own
    with ProjectLock(cache_folder(config, config.plugins["briefing"].config), "serve", "briefing serve"):
        from generator import serving  # the preview server: only serve needs it

        serving.serve(args.config_file, args.dev_addr, args.strict)
    return 0


def _check(args) -> int:
    config = load_config(args.config_file)
    content_dir = Path(config.docs_dir)
    plan = _plan(config)
    # Site-wide rules (one slug, one address each) need every brief, even when only some are asked about.
    chosen = _chosen(args.paths, content_dir) if args.paths else set(corpus.discover(content_dir))
    briefs = [b for source, b in plan.everything.items() if source in chosen]
    errors = [p for p in plan.problems if not args.paths or _concerns(p, chosen, content_dir)]
    warnings = [w for brief in briefs for w in advice(brief, str(content_dir / brief.source))]
    roster = plan.options.authors
    warnings += filter(None, [unknown_initials(briefs, roster, str(content_dir))])  # one for all briefs
    count = sum(map(corpus.is_brief_source, chosen))
    checked = f"{count} brief{'s' if count != 1 else ''} checked"
    if args.format == "json":
        report = {"checked": count, "problems": [
            {"path": display_path(p.path), "line": p.line, "field": p.field, "message": p.message,
             "severity": severity}
            for severity, found in (("error", errors), ("warning", warnings)) for p in sorted(found)
        ]}
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 1 if errors else 0
    for warning in sorted(warnings):
        print(f"{display_path(warning.path)}:{warning.line}: {warning.field}: warning: {warning.message}",
              file=sys.stderr)
    if errors:
        raise BriefingError(errors, checked=checked, warnings=len(warnings))
    also = f" ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})" if warnings else ""
    print(f"{checked}, no problems{also}.")
    return 0


def _plan(config):
    """The build after MkDocs' steps up to its `files` event, in check mode: it has read
    every brief and planned every output, as a build does, and written nothing."""
    from mkdocs.structure.files import get_files

    plugin = config.plugins["briefing"]
    config.plugins.on_startup(command="check", dirty=False)
    try:
        config = config.plugins.on_config(config)
        files = get_files(config)
        files.add_files_from_theme(config.theme.get_env(), config)
        config.plugins.on_files(files, config=config)
    finally:
        config.plugins.on_shutdown()
    return plugin.build


def _chosen(paths: list[str], content_dir: Path) -> set[str]:
    """The files of content/ named on the command line (briefs, pictures, any other), as
    paths from content/; a path outside content/ is nothing to check. Links are not
    followed: a link out of content/ is itself the problem to report."""
    root = os.path.abspath(content_dir)
    chosen = set()
    for path in paths:
        source = os.path.relpath(os.path.abspath(path), root)
        if not source.startswith(".."):
            chosen.add(Path(source).as_posix())
    return chosen


def _concerns(problem, chosen: set[str], content_dir: Path) -> bool:
    """Whether a problem is about one of the chosen briefs (a clash names the other brief too)."""
    try:
        source = Path(problem.path).resolve().relative_to(content_dir.resolve()).as_posix()
    except ValueError:
        return False
    return source in chosen or any(f"content/{other}" in problem.message for other in chosen)


def _new(args) -> int:
    config = load_config(args.config_file)
    options = config.plugins["briefing"].config
    zone = load_zone(options.timezone)
    languages = editions.resolve(config, options)
    site = languages[0].code
    codes = [lang.code for lang in languages]
    if args.lang and len(codes) > 1 and not match(args.lang, codes):
        print(f"error: --lang {args.lang}: not a language of this site (expected one of {', '.join(codes)})",
              file=sys.stderr)
        return 1
    try:
        path = scaffold.new_brief(Path(config.docs_dir), args.title, datetime.now(zone),
                                  language=args.lang or site, site_language=site,
                                  unicode=editions.unicode_slugs(languages, args.lang or site),
                                  slug=args.slug)
    except scaffold.NoAddress as error:
        print(f"error: title: {error}", file=sys.stderr)
        return 1
    print(f"created {path}")
    return 0


def _import(args) -> int:
    from generator import importing  # here: the other commands need none of it

    config = load_config(args.config_file)
    options = config.plugins["briefing"].config
    zone = load_zone(options.timezone)
    content_dir = Path(args.out or config.docs_dir)
    languages = editions.resolve(config, options)
    roster = {author.name.casefold(): initials for initials, author in options.authors.items() if author.name}
    if args.source == "-":
        raw, name = sys.stdin.buffer.read(), "standard input"
    else:
        raw, name = Path(args.source).read_bytes(), args.source
    picture = Path(args.image) if args.image else None
    if picture and not picture.is_file():
        print(f"error: --image {args.image}: no such file", file=sys.stderr)
        return 1
    try:
        done = importing.import_article(raw, name, content_dir, zone, datetime.now(zone).date(),
                                        roster=roster, picture=picture, force=args.force,
                                        language=languages[0].code, slug=args.slug,
                                        unicode=lambda lang: editions.unicode_slugs(languages, lang))
    except importing.ImportRefused as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 1
    print(f"Imported {display_path(done.path)} (a draft)"
          + (f" with its picture {display_path(done.picture)}" if done.picture else "") + ".")
    if done.missing:
        print("To fill in before publishing:")
        for field, what in done.missing:
            print(f"  {field}: {what}")
    return 0


def _setup_logging(verbose: bool) -> None:
    """MkDocs logs to 'mkdocs'; show its warnings and errors plainly, its progress on -v."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_PlainFormatter())
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    handler.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False


class _PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            return message
        if record.levelno >= logging.WARNING:
            return f"warning: {message}"
        return message


if __name__ == "__main__":
    sys.exit(main())
