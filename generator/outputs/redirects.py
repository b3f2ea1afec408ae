"""Old and short addresses that lead to a brief: redirect pages, and `_redirects` for hosts with rules.

A shortlink https://p.dw.com/p/4ii5H makes /p/4ii5H on this site lead to the brief;
`redirect_from: [/old/path/]` does the same for addresses a brief used to have.
Plain static hosts get an HTML page at each address (meta refresh, canonical link, a
link for readers); Netlify and Cloudflare Pages read `_redirects` and answer with a 301.
"""

from __future__ import annotations

import html
import itertools
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from generator.model.addresses import encoded, file_for, site_path
from generator.model.brief import Brief, Claims
from generator.outputs.registry import Outputs
from generator.model.problems import Problem, display_path
from generator.outputs.site import Site
from generator.outputs.wording import Wording


# The same text on every redirect page (the target is in its `data-to`), so one hash in
# the Content-Security-Policy allows it (generator/outputs/security.py).
SCRIPT = "location.replace(document.currentScript.dataset.to + location.hash)"


@dataclass(frozen=True)
class Redirect:
    source: str  # the address, decoded, from the site root without its leading slash: "p/4ii5H"
    output: str  # the file that answers there on a plain static host: "p/4ii5H/index.html"
    brief: Brief


def plan(site: Site, briefs: Sequence[Brief], content_dir: Path, outputs: Outputs,
         unsound: Sequence[Claims] = ()) -> tuple[list[Redirect], list[Problem]]:
    """Every redirect of the published `briefs` (newest first, in every language: shortlinks
    are the whole site's), each claimed in `outputs`, oldest brief first.

    An address another brief, a page or any other output already has is a problem
    naming its owner (a shortlink two briefs share is one already: corpus.clashes).
    The `unsound` briefs (those with problems) claim theirs too, after, to have their
    clashes found in the same run; they make no redirect.
    """
    redirects: dict[str, Redirect] = {}
    claimed: dict[str, Brief | Claims] = {}  # output -> the brief that claimed it first
    problems = []
    shown = display_path(str(content_dir))  # once: a relpath a brief is slow at 100,000
    # Oldest first: the first claim is the oldest.
    for brief in itertools.chain(reversed(briefs), unsound):
        for field, address in _claims(brief):
            output = file_for(address)  # safe: checked when read
            owner = outputs.claim(output, f"the {field} of {shown}/{brief.source}")
            if owner is None:
                claimed[output] = brief
                if isinstance(brief, Brief):
                    redirects[output] = Redirect(site_path(address), output, brief)
                continue
            earlier = claimed.get(output)
            if earlier and field == "shortlink" and earlier.shortlink == brief.shortlink:
                continue
            if earlier:
                taken = f"of its own, found {address}, which {shown}/{earlier.source} claims too"
            else:
                taken = f"no page uses, found {address}, which is {owner}"
            problems.append(Problem(f"{content_dir}/{brief.source}", brief.lines.get(field, 1), field,
                                    f"address already taken (expected an address {taken})"))
    return sorted(redirects.values(), key=lambda r: r.source), problems


def _claims(brief: Brief):
    if brief.shortlink:
        yield "shortlink", _path(brief.shortlink)
    for path in brief.redirect_from:
        if path is not None:  # None: an unsound brief's item that could not be read
            yield "redirect_from", path


@lru_cache(maxsize=1 << 17)  # a preview plans every redirect at each save
def _path(url: str) -> str:
    return urlsplit(url).path


def page(site: Site, redirect: Redirect, head: str = "") -> str:
    """A page that sends readers on, with or without JavaScript, from any host or sub-path.

    `head`: the security meta tags (generator/outputs/security.py) that allow its script."""
    here = posixpath.dirname(redirect.output)
    target = posixpath.relpath(site.brief_path(redirect.brief) or ".", here or ".")
    if site.brief_path(redirect.brief).endswith("/"):
        target += "/"
    language = redirect.brief.lang or site.language
    return _sending(language, redirect.brief.title, target, site.brief_url(redirect.brief), head,
                    _words(language)("brief_is_at"))


def home_page(site: Site, head: str = "") -> str:
    """The site root's page when the default language has a folder of its own (`/en/`)."""
    return _sending(site.language, site.name, site.prefix, site.absolute(site.prefix), head,
                    _words(site.language)("news_is_at"))


@lru_cache(maxsize=64)  # a page per shortlink: the words of a language made once
def _words(language: str) -> Wording:
    return Wording(language)


def _sending(language: str, title: str, target: str, canonical: str, head: str, words: str) -> str:
    href, title = html.escape(target, quote=True), html.escape(title)
    return f"""<!doctype html>
<html lang="{html.escape(language)}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="robots" content="noindex">
{head}<link rel="canonical" href="{html.escape(canonical, quote=True)}">
<meta http-equiv="refresh" content="0; url={href}">
<script data-to="{href}">{SCRIPT}</script>
</head>
<body>
<p>{words} <a href="{href}">{title}</a>.</p>
</body>
</html>
"""


def rules(site: Site, redirects: list[Redirect]) -> str:
    """`_redirects` lines (Netlify, Cloudflare Pages): /from /to 301."""
    base = site.base_path
    home = f"{base} {base}{site.prefix} 302\n" if site.prefix else ""  # the default language's own folder
    return home + "".join(
        f"{base}{encoded(r.source)} {base}{site.brief_path(r.brief)} 301\n" for r in redirects
    )
