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

_HIDDEN = re.compile(r"<(script|style|template)\b|<!--", re.I)  # opened; closed by:
_HIDDEN_ENDS = {"<!--": re.compile("-->")} | {
    tag: re.compile(rf"</{tag}\s*>", re.I) for tag in ("script", "style", "template")
}
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# Each (opener, character ending the text after it, least length of that text, what
# must follow): images, links, footnote marks, attr_list's {#id .class}, autolinks.
_IMAGE = (re.compile(r"!\["), re.compile(r"\]"), 0, re.compile(r"\]\((?:[^()]|\([^()]*\))*\)|\]\[[^\]]*\]"))
_LINK = (re.compile(r"\["), *_IMAGE[1:])
_FOOTNOTE = (re.compile(r"\[\^"), re.compile(r"\]"), 1, re.compile(r"\]:?"))
_ATTRIBUTES = (re.compile(r"\{:?\s*[#.]"), re.compile(r"\}"), 0, re.compile(r"\}"))
_AUTOLINK = (re.compile(r"<(?:https?|mailto):"), re.compile(r"[>\s]"), 1, re.compile(">"))
# A run of _ counts where a word does not go on on one side; looked at from the run's start only.
_MARKERS = re.compile(r"\*+|~~|`+|(?<!\w)_+|(?<!_)_++(?!\w)")
_MARKER_CHARACTERS = "*~`_"
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$")  # closing #s stripped after
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

    for line in _without_hidden(markdown).splitlines():
        if not line.strip() or _FENCE.match(line) or _RULE.match(line) or _DEFINITION.match(line):
            close()
            continue
        if heading := _HEADING.match(line):
            close()
            level = len(heading[1])
            out.append((level, _inline(heading[2].rstrip(" \t#"))))
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
        text = _replaced(text, *_IMAGE, lambda opener, inside: inside)
        text = _replaced(text, *_LINK, lambda opener, inside: inside)
    if "<" in text:
        text = _replaced(text, *_AUTOLINK, lambda opener, inside: opener[1:] + inside)
    if "{" in text:
        text = _replaced(text, *_ATTRIBUTES, lambda opener, inside: "")
    if "[^" in text:
        text = _replaced(text, *_FOOTNOTE, lambda opener, inside: "")
    if "<" in text:
        text = _TAG.sub("", text)
    if any(marker in text for marker in _MARKER_CHARACTERS):
        text = _MARKERS.sub("", text)
    return " ".join(html.unescape(text.replace("\\", "")).split())


def _without_hidden(markdown: str) -> str:
    """Scripts, styles, templates and comments, each up to its nearest end, as a space.

    One that is never closed stays, as do all later ones of its kind: each is looked
    for once, not from every opener again (50,000 unclosed `<!--` took minutes)."""
    out, done, position, unclosed = [], 0, 0, set()
    while opened := _HIDDEN.search(markdown, position):
        kind = (opened[1] or opened[0]).lower()
        end = None if kind in unclosed else _HIDDEN_ENDS[kind].search(markdown, opened.end())
        if end is None:
            unclosed.add(kind)
            position = opened.start() + 1
            continue
        out += [markdown[done:opened.start()], " "]
        done = position = end.end()
    return "".join(out) + markdown[done:] if out else markdown


def _replaced(
    text: str, opener: re.Pattern, stop: re.Pattern, least: int, follows: re.Pattern, replace
) -> str:
    """Each `opener`, the text after it up to the first `stop` (at least `least`
    characters) and `follows` there, replaced by `replace(opener's text, that text)`.

    What a regular expression `opener([^stop]*)follows` replaces, in one pass: where
    `follows` fails at a stop, it fails for every opener before it, which the
    expression would each have scanned to that stop again (50,000 `[`: minutes)."""
    out, done, position = [], 0, 0
    while opened := opener.search(text, position):
        inside = opened.end()
        stopped = stop.search(text, inside)
        if stopped is None:
            break  # nor for any opener after it
        end = stopped.start()
        if end - inside < least:
            position = opened.start() + 1
        elif after := follows.match(text, end):
            out += [text[done:opened.start()], replace(opened[0], text[inside:end])]
            done = position = after.end()
        else:
            position = end
    return "".join(out) + text[done:] if out else text
