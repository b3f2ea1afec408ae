"""What HTML a brief's body may carry: the allow-list its rendered Markdown is cleaned to.

Markdown lets an editor write raw HTML, and extensions such as attr_list let them
set any attribute (`{ onclick="..." }`). Briefs come from many hands, so by default
their rendered bodies keep only the elements and attributes that text, links,
pictures, tables and the usual Markdown extensions need: no <script>, <style>,
<iframe>, forms or inputs, no event-handler or style attributes (but a table cell's
text-align), no ids that pose as the page's own (Material reads its settings from
#__config), and links only to http(s), mailto: and tel: addresses or within the site.
`trust_html: true` in the plugin's settings turns this off for sites whose every editor
may publish code.
"""

from __future__ import annotations

import functools

import nh3

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
# Ids the page itself uses: Material's (__config, __drawer, __search...) and Briefing's.
RESERVED_IDS = ("__", "briefing-")


def _attribute(tag: str, name: str, value: str) -> str | None:
    return None if name == "id" and value.startswith(RESERVED_IDS) else value


def clean(html: str) -> str:
    """The body's HTML with everything outside the allow-list removed."""
    return _cleaner().clean(html)


@functools.cache
def _cleaner() -> nh3.Cleaner:
    """The allow-list made into a cleaner once: taking it in afresh was three quarters
    of each cleaning's time."""
    return nh3.Cleaner(
        tags=TAGS,
        clean_content_tags=DROPPED,
        attributes=ATTRIBUTES,
        attribute_filter=_attribute,
        filter_style_properties=STYLES,
        url_schemes=SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
