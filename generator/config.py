"""The plugin's settings (`plugins: - briefing:` in mkdocs.yml): BriefingConfig, option
types that check their own values, and the rules that need several settings (site_url,
cache_dir against docs_dir and site_dir).

A bad value is a config error naming the setting, what was expected and what was found.
The command line's `-j`, `--base-url` and `-d` go through the same rules.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base, config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import PluginError

from generator.engine.pictures import STORE as PICTURE_STORE
from generator.outputs.security import PolicySetting
from generator.search.documents import SHARD_SIZE

ADDRESS = "an http(s) address with a host and no query or fragment, such as https://example.org/briefs/"
PLACE = "a folder inside the project folder, outside docs_dir and site_dir, such as .cache/briefing"


def shown(value: object) -> str:
    """A value as YAML wrote it: 0, 1.5, true, "ten"."""
    return json.dumps(value, ensure_ascii=False, default=str)


class WholeNumber(c.OptionallyRequired[int]):
    """A whole number, `minimum` or more; `meaning` says what a special value does.

    Not true or false, which Python would take for 1 and 0.
    """

    def __init__(self, minimum: int, default: int, meaning: str = ""):
        super().__init__(default=default)
        self.minimum, self.meaning = minimum, meaning

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            raise ValidationError(
                f"expected a whole number of at least {self.minimum}{self.meaning}, found {shown(value)}"
            )
        return value

    def argument(self, text: str) -> int:
        """The same rule for a command-line value: argparse's `type`."""
        try:
            value: object = int(text)
        except ValueError:
            value = text  # not a number, which the rule says
        try:
            return self.validate(value)
        except ValidationError as error:
            raise argparse.ArgumentTypeError(str(error)) from None


class _Author(base.Config):
    name = c.Type(str)
    url = c.Optional(c.Type(str))


class _Language(base.Config):
    """One of the site's languages: what differs from the site's own settings."""

    name = c.Optional(c.Type(str))  # in the language switcher (default: CLDR's, in itself: Deutsch)
    prefix = c.Optional(c.Type(str))  # its folder: "de" (default: the code; none for the first)
    site_name = c.Optional(c.Type(str))
    description = c.Optional(c.Type(str))
    publication = c.Optional(c.Type(str))
    timezone = c.Optional(c.Type(str))
    front_topics = c.Optional(c.ListOfItems(c.Type(str)))
    feed_title = c.Optional(c.Type(str))  # default: its site_name
    copyright = c.Optional(c.Type(str))
    slugs = c.Optional(c.Choice(("ascii", "unicode")))  # default: the site's
    digits = c.Optional(c.Type(str))  # latn, arab, arabext...: default, the language's (CLDR's)


class BriefingConfig(base.Config):
    # The site's languages, the first the default: {en: {}, de: {site_name: ...}, ar: {...}}.
    # Each is a site of its own under its prefix (/de/), the first at the root. Briefs say
    # theirs in `lang` (default: the first). Without it the site has theme.language alone.
    languages = c.DictOfItems(c.SubConfig(_Language), default={})
    # One topic under its name in each language, so translations' chips lead to one subject
    # and its pages link each other: {Syria: {de: Syrien, ar: سوريا}} (the key: the first's).
    topics = c.DictOfItems(c.DictOfItems(c.Type(str)), default={})
    # IANA zone that date-only briefs and "now" are read in, e.g. Europe/Berlin.
    timezone = c.Type(str, default="UTC")
    # Briefs per page on the front page, topic, author, agency and archive pages.
    page_size = WholeNumber(1, default=20)
    # Briefs in each feed.
    feed_size = WholeNumber(1, default=30)
    # Related briefs under each brief.
    related = WholeNumber(0, default=4)
    # Briefs with at least this many `##` sections keep Material's table of contents beside
    # them; shorter ones (most briefs) read as one centred column. 0: never a contents.
    toc_sections = WholeNumber(0, default=4, meaning=" (0: never)")
    # Who the initials are: {es: {name: Erika Sommer, url: https://...}}.
    authors = c.DictOfItems(c.SubConfig(_Author), default={})
    # Publication name in the Google News sitemap (default: site_name).
    publication = c.Optional(c.Type(str))
    # Topics shown as blocks of their newest briefs under the front page's latest ones,
    # in this order: [Syria, Economy]. A name no brief has is warned about.
    front_topics = c.ListOfItems(c.Type(str), default=[])
    # Build drafts (briefing serve always does) and briefs dated in the future.
    drafts = c.Type(bool, default=False)
    future = c.Type(bool, default=False)
    # A preview for the desk: drafts built, every page marked "Preview" and kept out of search
    # engines, no sitemaps. Set by `briefing build --drafts` (which refuses it in mkdocs.yml:
    # it builds into a folder of its own, never the published site).
    preview = c.Type(bool, default=False)
    # A page listing every correction, newest first (when there are any).
    corrections_page = c.Type(bool, default=True)
    # Make every picture in the sizes and formats screens need (AVIF, WebP, JPEG or PNG),
    # with crops for sharing and cards for briefs without one. Off, pictures are served
    # as they are (for comparing builds: see benchmarks/).
    pictures = c.Type(bool, default=True)
    # Build the search index (Pagefind's format and script). Off, the site has no search.
    search = c.Type(bool, default=True)
    # Briefs per index shard; larger archives are indexed year by year in shards.
    search_shard_size = WholeNumber(1, default=SHARD_SIZE)
    # Keep raw HTML in briefs as written (scripts, iframes, any attribute). Off, brief
    # bodies are cleaned to a safe allow-list (see generator/outputs/rawhtml.py).
    trust_html = c.Type(bool, default=False)
    # Processes rendering pages; 0 is one per core.
    workers = WholeNumber(0, default=0, meaning=" (0: one per core)")
    # Keep rendered pages between builds (in cache_dir, beside mkdocs.yml) and reuse
    # those whose inputs did not change.
    cache = c.Type(bool, default=True)
    # Inside the project folder, outside docs_dir and site_dir: checked with the other
    # settings it depends on, in on_config (check).
    cache_dir = c.Type(str, default=".cache/briefing")
    # The Content-Security-Policy in _headers and in every page: true (Briefing's), false
    # (none), the site's own policy, or {directive: sources} to add (see outputs/security.py).
    content_security_policy = PolicySetting()
    # The slugs `briefing new` and `briefing import` give briefs: ascii (the title romanized by
    # its language: zuerich-aerger-ueber-oel) or unicode (the title's own letters, NFC on disk,
    # percent-encoded in links: zürich-ärger-über-öl). See generator/model/slugs.py.
    slugs = c.Choice(("ascii", "unicode"), default="ascii")


def cache_folder(config, options: BriefingConfig) -> Path:
    """The project's cache folder: `cache_dir` from the folder of mkdocs.yml."""
    return Path(config.config_file_path or ".").parent / options.cache_dir


def load_zone(name: str, where: str = "plugins.briefing.timezone") -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PluginError(
            f"mkdocs.yml: {where}: unknown time zone "
            f"(expected an IANA name such as Europe/Berlin, found {name!r})"
        ) from None


def check(config, cache_dir: str) -> None:
    """The rules between settings, once MkDocs has checked each one: PluginError if broken."""
    if not config.site_url:
        raise PluginError(
            "mkdocs.yml: site_url: missing (expected the address the site is published at, "
            "such as https://example.org/; feeds, sitemaps and metadata need it)"
        )
    if problem := address_problem(config.site_url):
        raise PluginError(
            f"mkdocs.yml: site_url: {problem} (expected {ADDRESS}, found {shown(config.site_url)})"
        )
    if config.theme.get("direction"):  # Material's would turn every page, whatever its language
        raise PluginError(
            f"mkdocs.yml: theme.direction: not for Briefing (expected no direction: each page is "
            f"right to left or not by its language, a brief's lang or the site's; found "
            f"{shown(config.theme['direction'])})"
        )
    project = Path(config.config_file_path or ".").parent.resolve()
    cache = (project / cache_dir).resolve()
    if problem := place_problem(
        cache, project, Path(config.docs_dir).resolve(), Path(config.site_dir).resolve()
    ):
        which = f", which is {cache}" if str(cache) != cache_dir else ""
        raise PluginError(
            f"mkdocs.yml: plugins.briefing.cache_dir: {problem} "
            f"(expected {PLACE}, found {shown(cache_dir)}{which})"
        )


def address_problem(url: str) -> str | None:
    """What keeps `url` from prefixing the site's addresses (`url` + "2024/07/slug/"), or None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # a malformed [IPv6] host
        return "not an address"
    if parts.scheme not in ("http", "https"):
        return "not http(s)"
    if not host:
        return "no host"
    if parts.query:  # MkDocs drops an empty one ("https://x.org/?")
        return "has a query"
    if parts.fragment:
        return "has a fragment"
    return None


def base_url(text: str) -> str:
    """`--base-url`, held to site_url's rule: argparse's `type`."""
    if problem := address_problem(text):
        raise argparse.ArgumentTypeError(f"{problem} (expected {ADDRESS}, found {shown(text)})")
    return text


def place_problem(cache: Path, project: Path, docs: Path, site: Path) -> str | None:
    """Why the cache folder may not be there, or None (all paths resolved).

    Builds write and prune it: outside the project it would prune others' files; in
    docs_dir it is published, in site_dir replaced by every build, and around either
    its pruning reaches them.
    """
    if cache == project:
        return "is the project folder"
    if not cache.is_relative_to(project):
        return f"outside the project folder {project}"
    return _overlap(cache, {"docs_dir": docs, "site_dir": site})


def _overlap(path: Path, folders: dict[str, Path]) -> str | None:
    """How `path` is, is inside or contains one of the named folders (all resolved), or None."""
    for name, folder in folders.items():
        if path == folder:
            return f"is {name}"
        if path.is_relative_to(folder):
            return f"inside {name}"
        if folder.is_relative_to(path):
            return f"contains {name}"
    return None


def preview_folder(config, asked: str | None) -> Path:
    """Where `briefing build --drafts` builds: `-d` (from the folder of mkdocs.yml, as MkDocs
    reads it), else `site-preview/` beside site/; never the published site, nor near it."""
    published = Path(config.site_dir)
    default = published.with_name(f"{published.name}-preview")
    if asked is None:
        return default
    folder = Path(os.path.abspath(Path(config.config_file_path or ".").parent / asked))
    if problem := preview_problem(folder.resolve(), published.resolve(), Path(config.docs_dir).resolve()):
        raise PluginError(
            f"--drafts -d {asked}: a preview's folder {problem} (expected a folder of its own, "
            f"outside site_dir and docs_dir, such as {default.name})"
        )
    return folder


def cache_for_the_desk(config, options: BriefingConfig) -> None:
    """A preview's cache and spare: its own, in the cache folder's `preview/`, so that its
    pages and search index (drafts in, every page marked) never meet the published site's.
    Only the picture store is shared: each of its files is named by its bytes, and a build
    links into its site only the pictures its briefs show."""
    shared = cache_folder(config, options) / PICTURE_STORE
    options.cache_dir = os.path.join(options.cache_dir, "preview")
    own = cache_folder(config, options) / PICTURE_STORE
    shared.mkdir(parents=True, exist_ok=True)
    if not own.is_symlink():
        own.parent.mkdir(parents=True, exist_ok=True)
        own.symlink_to(os.path.join("..", PICTURE_STORE), target_is_directory=True)


def preview_problem(preview: Path, site: Path, docs: Path) -> str | None:
    """Why a preview may not be built into this folder, or None (all paths resolved): it
    would be published, or replace (or be replaced with) the published site or the content."""
    return _overlap(preview, {"site_dir, the published site": site, "docs_dir, the content": docs})


def primary_colour(config) -> str:
    """Material's primary colour of the site's first palette: its share cards' colour."""
    palette = config.theme.get("palette") or {}
    first = palette[0] if isinstance(palette, list) and palette else palette
    return str(first.get("primary", "indigo")) if isinstance(first, dict) else "indigo"
