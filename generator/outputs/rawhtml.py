"""What HTML a brief's body may carry: the allow-list its rendered Markdown is cleaned to.

Markdown lets an editor write raw HTML, and extensions such as attr_list let them
set any attribute (`{ onclick="..." }`). Briefs come from many hands, so by default
their rendered bodies keep only the elements and attributes that text, links,
pictures, tables and the usual Markdown extensions need: no <script>, <style>,
<iframe>, forms or inputs, no event-handler or style attributes (but a table cell's
text-align), no ids that pose as the page's own (Material reads its settings from
#__config), no classes but those the site's configured extensions write (a brief's
`md-dialog` would show a fake Material toast), and links only to http(s), mailto: and
tel: addresses or within the site.
`trust_html: true` in the plugin's settings turns this off for sites whose every editor
may publish code.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

import nh3

from generator.model.body import RESERVED_IDS

TAGS = nh3.ALLOWED_TAGS - {"center", "strike", "tt", "acronym"}
ATTRIBUTES = {
    # Headings carry ids for anchors; attr_list, admonitions and code highlighting set classes.
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "time": {"datetime"},
    "data": {"value"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "ins": {"cite", "datetime"},
    "del": {"cite", "datetime"},
    "details": {"open"},
}
SCHEMES = {"http", "https", "mailto", "tel"}
# Removed with everything inside them, not just unwrapped into text.
DROPPED = {"script", "style", "iframe", "object", "embed", "template", "noscript", "textarea", "select"}
STYLES = {"text-align"}  # the only style kept: Markdown tables align columns with it


@dataclass(frozen=True)
class Classes:
    """The classes a body may keep: these names, and any name starting with one of the prefixes."""

    names: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def __post_init__(self):  # an empty prefix (`lang_prefix: ""`) would let every class in
        object.__setattr__(self, "prefixes", tuple(prefix for prefix in self.prefixes if prefix))

    def allows(self, name: str) -> bool:
        return name in self.names or name.startswith(self.prefixes) and name not in self.prefixes

    def __or__(self, other: Classes) -> Classes:
        return Classes(self.names | other.names, tuple(sorted({*self.prefixes, *other.prefixes})))


def clean(html: str, classes: Classes = Classes()) -> str:
    """The body's HTML with everything outside the allow-list removed; `classes`: those
    the site's Markdown extensions write (see `extension_classes`)."""
    return _cleaner(classes).clean(html)


@functools.cache
def _cleaner(classes: Classes) -> nh3.Cleaner:
    """The allow-list made into a cleaner once: taking it in afresh was three quarters
    of each cleaning's time."""

    def attribute(tag: str, name: str, value: str) -> str | None:
        if name == "id":
            return None if value.startswith(RESERVED_IDS) else value
        if name == "class":
            return " ".join(kept for kept in value.split() if classes.allows(kept)) or None
        return value

    return nh3.Cleaner(
        tags=TAGS,
        clean_content_tags=DROPPED,
        attributes=ATTRIBUTES,
        attribute_filter=attribute,
        filter_style_properties=STYLES,
        url_schemes=SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


# --- the classes of the site's Markdown extensions -----------------------------------------

# The kinds of admonitions and collapsible blocks Material documents and styles, and its
# two placements (`!!! note inline end`); a kind it does not know shows as a note.
ADMONITION_KINDS = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success",
    "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail",
    "missing", "danger", "error", "bug", "example", "quote", "cite", "inline", "end",
})
# What Pygments' HTML around highlighted code is made of (its token classes are added below).
HIGHLIGHTED = frozenset({"hll", "linenos", "linenodiv", "highlighttable", "code", "filename", "normal",
                         "special"})


def _pygments() -> frozenset[str]:
    try:
        from pygments.token import STANDARD_TYPES
    except ImportError:  # without Pygments, codehilite and highlight write no token classes
        return HIGHLIGHTED
    return HIGHLIGHTED | {name for name in STANDARD_TYPES.values() if name}


def _named(*names: str, prefixes: tuple[str, ...] = ()) -> Classes:
    return Classes(frozenset(word for name in names if name for word in name.split()), prefixes)


def _highlight(settings: dict, all_settings: dict) -> Classes:
    """pymdownx.highlight's classes, which superfences and inlinehilite write too."""
    own = all_settings.get("pymdownx.highlight") or {}
    return Classes(_pygments(), (own.get("language_prefix", "language-"),)) | _named(
        own.get("css_class", "highlight"), settings.get("css_class", ""))


def _superfences(settings: dict, all_settings: dict) -> Classes:
    fences = settings.get("custom_fences") or []  # e.g. mermaid's, each with the class it writes
    return _highlight(settings, all_settings) | _named(*(fence.get("class", "") for fence in fences))


# Per extension (as mkdocs.yml names it), from its settings and all the extensions' settings:
# the classes it writes into a body. An extension missing here keeps none: a site that needs
# its classes (pymdownx.tabbed's and tasklist's need form inputs, which no body keeps) sets
# trust_html. Material's own content classes come with the extension its documentation
# uses them with: buttons (`{ .md-button }`) with attr_list, grids of cards with md_in_html.
EXTENSIONS = {
    "toc": lambda s, _: _named(s.get("permalink_class", "headerlink"), s.get("anchorlink_class", "toclink"),
                               s.get("toc_class", "toc")),
    "admonition": lambda s, _: Classes(ADMONITION_KINDS | {"admonition", "admonition-title"}),
    "footnotes": lambda s, _: _named("footnote", "footnote-ref", "footnote-backref"),
    "fenced_code": lambda s, _: Classes(prefixes=(s.get("lang_prefix", "language-"),)),
    "codehilite": lambda s, _: Classes(_pygments(), (s.get("lang_prefix", "language-"),)) | _named(
        s.get("css_class", "codehilite")),
    "wikilinks": lambda s, _: _named(s.get("html_class", "wikilink")),
    "attr_list": lambda s, _: _named("md-button", "md-button--primary"),
    "md_in_html": lambda s, _: _named("grid", "cards"),
    "pymdownx.highlight": _highlight,
    "pymdownx.inlinehilite": _highlight,
    "pymdownx.superfences": _superfences,
    "pymdownx.details": lambda s, _: Classes(ADMONITION_KINDS),
    "pymdownx.blocks.admonition": lambda s, _: Classes(ADMONITION_KINDS | {"admonition", "admonition-title"}),
    "pymdownx.blocks.details": lambda s, _: Classes(ADMONITION_KINDS),
    "pymdownx.keys": lambda s, _: _named("keys", prefixes=("key-",)),
    "pymdownx.critic": lambda s, _: _named("critic", "comment", "break"),
    "pymdownx.arithmatex": lambda s, _: _named("arithmatex", "MathJax_Preview"),
    "pymdownx.emoji": lambda s, _: _named("twemoji", "emojione", "gemoji"),
    "pymdownx.magiclink": lambda s, _: _named("magiclink", prefixes=("magiclink-",)),
}


def extension_classes(extensions: list, settings: dict | None) -> Classes:
    """The classes the site's Markdown extensions write (MkDocs' `markdown_extensions`, which
    always hold toc, tables and fenced_code, and `mdx_configs`); once per configuration."""
    key = repr((extensions, settings))  # lists and dicts are not hashable: their text is
    if key not in _BY_CONFIGURATION:
        settings = settings or {}
        found = Classes()
        for extension in extensions:
            name = extension.removeprefix("markdown.extensions.") if isinstance(extension, str) else ""
            if name in EXTENSIONS:
                found |= EXTENSIONS[name](settings.get(extension) or {}, settings)
        _BY_CONFIGURATION.clear()  # a preview that reloads mkdocs.yml needs only its latest
        _BY_CONFIGURATION[key] = found
    return _BY_CONFIGURATION[key]


_BY_CONFIGURATION: dict[str, Classes] = {}


# --- headings' ids -----------------------------------------------------------------------

_ID_OR_LINK = re.compile(r'(\sid="|\shref="#)([^"]*)"')


def headings_renamed(content: str, toc: list) -> str:
    """The page's HTML with each heading id the page's own use (`__drawer`, `briefing-room`:
    toc makes them of a heading's text) renamed `h-__drawer`, in the heading, its permalink,
    every link to it and the table of contents `toc` (which Material's skip link points into),
    and not a heading's id: the cleaner would drop it and leave them all pointing at nothing
    or at the page's own parts."""
    reserved = dict.fromkeys(item.id for item in _items(toc) if item.id.startswith(RESERVED_IDS))
    if not reserved:
        return content
    taken = {html.unescape(match[2]) for match in _ID_OR_LINK.finditer(content) if "id" in match[1]}
    renamed = {}
    for old in reserved:
        new, count = "h-" + old, 0
        while new in taken:  # a heading of that name already: as toc numbers its own
            count += 1
            new = f"h-{old}_{count}"
        taken.add(new)
        renamed[old] = new
    for item in _items(toc):
        item.id = renamed.get(item.id, item.id)

    def rename(match: re.Match) -> str:
        old = html.unescape(match[2])
        return f'{match[1]}{html.escape(renamed[old])}"' if old in renamed else match[0]

    return _ID_OR_LINK.sub(rename, content)


def _items(toc: list):
    for item in toc:
        yield item
        yield from _items(item.children)
