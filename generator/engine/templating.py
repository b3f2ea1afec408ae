"""What Briefing adds to the theme's Jinja environment: parts of a page rendered once,
and an environment set up for the one build it lives for (see fix_for_the_build).

Most of a Material page is the same on thousands of pages: the navigation, the tabs,
the footer, the stylesheets, the script settings. A theme template wraps such a part
in `{% call remembered("nav") %}...{% endcall %}`, and the part is rendered once and
given again to every page that would render it alike. What can differ from page to
page is known, and checked for each page:
- the page's place in the navigation: a page of the navigation (whose own item is
  marked as current, with its table of contents) always renders its parts afresh;
- its addresses: links are relative to the page, so every address a part asked the
  `url` filter for is asked again, and the part is reused only if all answers match;
- `base_url`, which some parts print as it is.

The `url` filter itself remembers its answers for the page being rendered: a Material
page asks for some 60 addresses, many of them twice or more.
"""

from __future__ import annotations

import threading

import jinja2

# Versions kept of each part for each base URL: pages at the same depth whose links
# still differ (a link into the page's own section is shorter) need more than one.
VERSIONS = 8


class Remembering:
    def __init__(self, env: jinja2.Environment, theme_dirs: list[str], nav):
        self.url_filter = env.filters["url"]
        self.nav_pages = {page.file.src_uri for page in nav.pages} if nav else set()
        self.answers: tuple = (None, {})  # (page URL, base URL) and the `url` answers for it
        self.parts: dict[tuple[str, str], list[tuple[tuple, str]]] = {}
        self.local = threading.local()  # the parts being rendered, whose addresses are noted
        self.lock = threading.Lock()  # for the lists of versions
        env.filters["url"] = self.url
        env.globals["remembered"] = self.remembered
        # "material/partials/nav.html": the theme's own template, which an override of the
        # same name (in theme/) wraps.
        env.loader = jinja2.ChoiceLoader([
            env.loader, jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(theme_dirs)}),
        ])

    @jinja2.pass_context
    def url(self, context, value) -> str:
        """MkDocs' `url` filter; its answer depends only on the value and the page's URL
        (or, without a page, the base URL), so giving it again is exact."""
        page = context.get("page")
        key = (page.url, None) if page is not None else (None, context.get("base_url"))
        current = self.answers  # read once: a thread rendering another page may replace it
        if current[0] != key:
            self.answers = current = (key, {})
        value = str(value)
        known = current[1]
        if value not in known:
            known[value] = self.url_filter(context, value)
        for noted in getattr(self.local, "noting", ()):
            noted[value] = known[value]
        return known[value]

    @jinja2.pass_context
    def remembered(self, context, name: str, caller) -> str:
        page = context.get("page")
        if page is None or page.file.src_uri in self.nav_pages:
            return caller()
        versions = self.parts.setdefault((name, context.get("base_url")), [])
        for version in list(versions):
            addresses, html = version
            if all(self.url(context, value) == answer for value, answer in addresses):
                if versions[0] is not version:
                    with self.lock:  # the likeliest first next time
                        if version in versions:
                            versions.remove(version)
                            versions.insert(0, version)
                return html
        noting = self.local.__dict__.setdefault("noting", [])
        noting.append(addresses := {})
        try:
            html = caller()
        finally:
            noting.pop()
        with self.lock:
            versions.insert(0, (tuple(addresses.items()), html))
            del versions[VERSIONS:]
        return html


def fix_for_the_build(env: jinja2.Environment) -> None:
    """Set the environment up for templates and globals that do not change while it
    lives (one build: a changed theme gets a new build, and a new environment)."""
    env.auto_reload = False  # no look at each template file's time at each include
    # A plain dict for the few dozen templates of a theme: Jinja's LRU cache reorders a
    # list of up to 400 at each lookup, and a page looks templates up dozens of times.
    env.cache = {}
    # Each template's globals as one dict, not Jinja's ChainMap over the environment's:
    # Jinja copies them into every context it makes (each include and import), and a
    # ChainMap copies slowly. Templates are loaded when pages render, once every plugin
    # has set its globals.
    chained = env.make_globals
    env.make_globals = lambda d=None: dict(chained(d))
