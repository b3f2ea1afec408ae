"""The site's security headers: a Content-Security-Policy, nosniff and a referrer policy.

Defence in depth: if a script ever gets past the cleaner (generator/outputs/rawhtml.py), the
browser still refuses it. Scripts run from the site's own files, or inline when their
text is one the theme writes: every inline script of the theme is in a template of
`partials/javascripts/` (Material's and Briefing's), rendered here for each base URL the
site has (Material's first script names it) and allowed by its hash. Nothing is hashed
from a page, so a script in a brief's body is never allowed, even with `trust_html`.

Netlify and Cloudflare Pages send the headers from `_headers`. Every page also carries
the policy in a <meta http-equiv>, for hosts that send none; a meta policy cannot carry
frame-ancestors, report-uri, report-to or sandbox (browsers ignore them there), and
nosniff has no meta form at all.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

import jinja2
from mkdocs.config import config_options as c
from mkdocs.utils import get_relative_url

from generator.outputs import rawhtml
from generator.outputs.pictures import FOLDER
from generator.outputs import redirects

SCRIPTS = "partials/javascripts"
# Briefing's policy. Pagefind's search runs WebAssembly (in a web worker, which only a
# header's policy reaches, or in the page when that fails); Material's icons are data: URLs
# in its stylesheet; the search box's form goes to the site's own search page. The
# theme's inline scripts and table cells' alignments are added by hash.
POLICY = {
    "default-src": ("'self'",),
    "script-src": ("'self'", "'wasm-unsafe-eval'"),
    "style-src": ("'self'", "'unsafe-hashes'"),  # hashes match style attributes too
    "img-src": ("'self'", "data:"),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
REFERRER_POLICY = "strict-origin-when-cross-origin"
# Markdown tables align columns with a style attribute, the one style the cleaner keeps.
CELL_STYLES = tuple(f"text-align: {side};" for side in ("left", "center", "right"))
HEADER_ONLY = {"frame-ancestors", "report-uri", "report-to", "sandbox"}  # ignored in a <meta>
_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.S)
_DATA_TYPE = re.compile(r"""\stype=["']?application/(ld\+)?json""")
_DIRECTIVE = re.compile(r"[a-z][a-z-]*")
# Printable ASCII on one line (a header's value); a source without what ends it (space, ";", ",").
_POLICY = re.compile(r"[ -~]+")
_SOURCE = re.compile(r"[!-+\--:<-~]+")


class PolicySetting(c.BaseConfigOption):
    """`content_security_policy:` true (Briefing's policy), false (none), the site's own
    policy as a string, or sources added to Briefing's policy, by directive."""

    def __init__(self):
        super().__init__()
        self.default = True

    def run_validation(self, value):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and _POLICY.fullmatch(value.strip()):
            return value.strip()
        if isinstance(value, dict):
            return {_directive(name): _sources(name, sources) for name, sources in value.items()}
        raise c.ValidationError(
            "not a policy (expected true, false, one line such as \"default-src 'self'\" or directives "
            f"with sources to add such as {{frame-src: https://www.youtube-nocookie.com}}, found {value!r})"
        )


def _directive(name) -> str:
    if not (isinstance(name, str) and _DIRECTIVE.fullmatch(name)):
        raise c.ValidationError(f"not a directive name (expected one such as frame-src, found {name!r})")
    return name


def _sources(name: str, sources) -> tuple[str, ...]:
    """A directive's sources: a string of them or a list, one source each item."""
    items = sources.split() if isinstance(sources, str) else sources
    if (
        isinstance(items, list)
        and items
        and all(isinstance(item, str) and _SOURCE.fullmatch(item) for item in items)
    ):
        return tuple(items)
    raise c.ValidationError(
        f"{name}: not sources (expected some such as \"'self' https://example.org\" or a list of them, "
        f"found {sources!r})"
    )


class Security:
    """The policy and headers of one build; the theme's inline scripts rendered once per base URL."""

    def __init__(self, setting, env: jinja2.Environment, config, serving: bool):
        self.setting, self.env, self.config = setting, env, config
        # The preview adds an inline script of its own to every page (MkDocs' live
        # reload), which a policy would block: it sends none.
        self.in_pages = setting is not False and not serving
        self.scripts: dict[str, list[str]] = {}  # base URL -> the theme's inline scripts
        self.heads: dict[str, str] = {}  # base URL -> the meta tags of a page with it

    def head(self, base_url: str) -> str:
        """The meta tags of a theme page with this base URL ("..", "../.." by its depth)."""
        if base_url not in self.heads:
            self.heads[base_url] = self._head(self.theme_scripts(base_url))
        return self.heads[base_url]

    @functools.cached_property
    def redirect_head(self) -> str:
        """The meta tags of a redirect page (generator/outputs/redirects.py)."""
        return self._head([redirects.SCRIPT])

    def headers(self, own: Path, urls: Iterable[str]) -> str:
        """`_headers` for every path of the site (the pages at `urls`), after the site's own rules."""
        lines = ["/*", "  X-Content-Type-Options: nosniff", f"  Referrer-Policy: {REFERRER_POLICY}"]
        policy = self.policy(self._site_scripts(urls))
        if policy:
            lines.insert(1, f"  Content-Security-Policy: {policy}")
        # Picture files are named by their bytes (outputs/pictures.py): never a new file under an old name.
        lines += [f"/{FOLDER}/*", "  Cache-Control: public, max-age=31536000, immutable"]
        rules = own.read_text(encoding="utf-8") if own.exists() else ""
        return rules + ("\n" if rules and not rules.endswith("\n") else "") + "\n".join(lines) + "\n"

    def policy(self, scripts: Iterable[str]) -> str | None:
        """The policy that lets these inline scripts run, or the site's own."""
        if self.setting is False or isinstance(self.setting, str):
            return self.setting or None
        directives = {name: list(sources) for name, sources in POLICY.items()}
        for name, sources in (self.setting if isinstance(self.setting, dict) else {}).items():
            directives[name] = [s for s in directives.get(name, []) if s != "'none'"] + list(sources)
        _allow(directives["script-src"], scripts)
        _allow(directives["style-src"], _cell_styles())
        return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())

    def theme_scripts(self, base_url: str) -> list[str]:
        """The inline scripts the theme's templates write on a page with this base URL."""
        if base_url not in self.scripts:
            # What Material's base.html gives the partials it includes.
            context = {
                "config": self.config,
                "base_url": base_url,
                "features": self.config.theme["features"] or [],
            }
            self.scripts[base_url] = [
                script for name in self._script_templates()
                for script in inline_scripts(self.env.get_template(name).render(context))
            ]
        return self.scripts[base_url]

    def _script_templates(self) -> list[str]:
        return sorted({f"{SCRIPTS}/{path.name}" for folder in self.config.theme.dirs
                       for path in Path(folder, SCRIPTS).glob("*.html")})

    def _site_scripts(self, urls: Iterable[str]) -> list[str]:
        """Every inline script of the site: the theme's at each page depth, the redirect pages'."""
        depths = {url.removeprefix("./").count("/") for url in urls}  # the front page's is "./"
        base_urls = {get_relative_url(".", "a/" * depth) for depth in depths}
        base_urls.add(urlsplit(self.config.site_url or "/").path)  # 404.html's, as MkDocs gives it
        return [
            redirects.SCRIPT,
            *(script for base_url in base_urls for script in self.theme_scripts(base_url)),
        ]

    def _head(self, scripts: list[str]) -> str:
        referrer = f'<meta name="referrer" content="{REFERRER_POLICY}">\n'
        policy = self.policy(scripts) if self.in_pages else None
        if not policy:
            return referrer
        carried = "; ".join(d for d in (d.strip() for d in policy.split(";"))
                            if d and d.split()[0] not in HEADER_ONLY)
        return (f'<meta http-equiv="Content-Security-Policy" content="{_attribute(carried)}">\n'
                + referrer)


def inline_scripts(page: str) -> list[str]:
    """The texts of the inline scripts in some HTML: not those with a src, nor JSON data."""
    return [text for attributes, text in _SCRIPT.findall(page)
            if not attributes or ("src=" not in attributes and not _DATA_TYPE.search(attributes))]


def _allow(sources: list[str], texts: Iterable[str]) -> None:
    """Add the hashes that allow these texts, unless the site allows any ('unsafe-inline',
    which a hash beside it would turn off)."""
    if "'unsafe-inline'" not in sources:
        sources += sorted({_hash(text) for text in texts})


@functools.cache
def _cell_styles() -> tuple[str, ...]:
    """Table cells' style attributes as Markdown writes them and as the cleaner leaves them."""
    cleaned = (rawhtml.clean(f'<table><tr><td style="{style}">x</td></tr></table>') for style in CELL_STYLES)
    return CELL_STYLES + tuple(re.search(r'style="([^"]*)"', cell)[1] for cell in cleaned)


def _hash(script: str) -> str:
    """The CSP source that allows exactly this script (or style attribute) text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _attribute(text: str) -> str:
    return html.escape(text, quote=False).replace('"', "&quot;")
