"""The words of a brief's Markdown body for the search index, without rendering it.

Pagefind indexes text: it needs a brief's paragraphs and headings, not its markup.
Rendering every body with Python-Markdown a second time for the index (the pages
render it once) cost about as much as a third of the page workers' time, so the index
gets the text from the Markdown directly: link and emphasis syntax dropped, raw HTML
dropped with whatever scripts or styles it held, everything else kept as escaped text.
"""

from __future__ import annotations

import html
import re

_HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_IMAGE = re.compile(r"!\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)|!\[([^\]]*)\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)|\[([^\]]*)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_FOOTNOTE = re.compile(r"\[\^[^\]]+\]:?")
_ATTRIBUTES = re.compile(r"\{:?\s*[#.][^}]*\}")  # attr_list: {#id .class}
_MARKERS = re.compile(r"\*+|~~|`+|(?<!\w)_+|_+(?!\w)")
_MARKER_CHARACTERS = "*~`_"
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_RULE = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)?")
_ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)[ \t]*\w[\w-]*(?:[ \t]+"(.*)")?[ \t]*$')
_TABLE_RULE = re.compile(r"^[ \t|:-]+$")


def body_blocks(markdown: str) -> list[tuple[int, str]]:
    """(heading level, or 0 for a paragraph, and text) of each block: what a reader of
    the page reads, as words."""
    out: list[tuple[int, str]] = []
    paragraph: list[str] = []

    def close() -> None:
        if paragraph:
            text = " ".join(paragraph).strip()
            if text:
                out.append((0, text))
            paragraph.clear()

    for line in _HIDDEN.sub(" ", markdown).splitlines():
        if not line.strip() or _FENCE.match(line) or _RULE.match(line) or _DEFINITION.match(line):
            close()
            continue
        if heading := _HEADING.match(line):
            close()
            level = len(heading[1])
            out.append((level, _inline(heading[2])))
        elif admonition := _ADMONITION.match(line.strip()):
            close()
            if admonition[1]:
                out.append((0, _inline(admonition[1])))
        elif "|" in line and _TABLE_RULE.match(line):
            continue  # a table's |---|---| row
        else:
            paragraph.append(_inline(_PREFIX.sub("", line, count=1).replace("|", " ")))
    close()
    return out


def _inline(text: str) -> str:
    # Each pattern only where its first character occurs: most lines of prose hold
    # no markup, and running every pattern over them cost more than the rest of this.
    if "[" in text:
        text = _IMAGE.sub(lambda m: m[1] or m[2] or "", text)
        text = _LINK.sub(lambda m: m[1] if m[1] is not None else m[2], text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
    if "{" in text:
        text = _ATTRIBUTES.sub("", text)
    if "[^" in text:
        text = _FOOTNOTE.sub("", text)
    if "<" in text:
        text = _TAG.sub("", text)
    if any(marker in text for marker in _MARKER_CHARACTERS):
        text = _MARKERS.sub("", text)
    return " ".join(html.unescape(text.replace("\\", "")).split())
