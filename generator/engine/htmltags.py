"""Python-Markdown's raw HTML parser, finding where tags end in time that grows with the text.

Python-Markdown reads a body's raw HTML with a copy of the standard library's
HTMLParser, which takes every `<` and a letter for a start tag and looks for its end
with one regular expression: a tag name, then attributes for as long as they go on.
Where none ends (`a<b` in prose with no `>` after it, or `<a <a <a`), each `<` is taken
back as text and the next one read as a tag again, over the same attributes: 50,000
`<a ` took minutes. Here the expression's parts are matched one at a time and each
part's end is remembered by where it starts, so each attribute is read once, and the
tag ends where the expression ends (tests compare them on random texts). An end tag
(`</a`) looks for the next `>`, remembered likewise.
"""

from __future__ import annotations

import re

from markdown import htmlparser

# Python-Markdown's own pattern (markdown/htmlparser.py), in its parts.
_TAG_NAME = r"<[a-zA-Z][^`\t\n\r\f />\x00]*"
_SPACE = r"[\s/]*"
_ATTRIBUTE = (r"""(?<=['"\s/])[^`\s/>][^\s/=>]*"""
              r"""(?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^`>\s]*)(?:\s*,)*)?(?:\s|/(?!>))*""")
_TRAILING = r"\s*"
_WHOLE = re.compile(f"{_TAG_NAME}(?:{_SPACE}(?:{_ATTRIBUTE})*)?{_TRAILING}")
_NAME_ENDS = re.compile(r"[`\t\n\r\f />\x00]")


def install() -> None:
    """Have Python-Markdown's HTML parser (a module of its own, for all its instances)
    find tags' ends this way, where its patterns are the ones these make up; another
    version's are left as they are."""
    parser = htmlparser.htmlparser
    found = parser.locatestarttagend_tolerant
    if isinstance(found, re.Pattern) and _layout_aside(found.pattern) == _layout_aside(_WHOLE.pattern):
        parser.locatestarttagend_tolerant = _StartTagEnds(found)
    if isinstance(parser.endendtag, re.Pattern) and parser.endendtag.pattern == ">":
        parser.endendtag = _NextGreaterThan()


def _layout_aside(pattern: str) -> str:
    """A pattern without its spaces and comments (Python-Markdown writes it verbose)."""
    return re.sub(r"\s+", "", re.sub(r"#[^\n]*", "", pattern))


class _StartTagEnds:
    """`locatestarttagend_tolerant.match(rawdata, i)`: the expression itself for a tag
    beyond the text it has read so far (every tag, in HTML that closes its tags); by
    parts, remembered for `rawdata`, for a tag inside it.

    Each part is deterministic (what follows it cannot fail), so the whole ends where
    its parts, matched one after another, end."""

    name_end = _NAME_ENDS
    space = re.compile(_SPACE)
    attribute = re.compile(_ATTRIBUTE)
    trailing = re.compile(_TRAILING)
    opening = re.compile(r"<[a-zA-Z]")

    def __init__(self, whole: re.Pattern):
        self.whole = whole
        self._text: str | None = None

    def match(self, text: str, position: int = 0) -> re.Match | _End | None:
        if text is not self._text:
            self._text, self._read_to, self._name_from, self._name_end, self._ends = text, -1, 0, -1, {}
        if position >= self._read_to:
            found = self.whole.match(text, position)
            self._read_to = found.end() if found else self._read_to
            return found
        if not self.opening.match(text, position):
            return None
        name = position + 2
        # A name runs to the first of these, for any tag in it.
        if not self._name_from <= name <= self._name_end:
            found = self.name_end.search(text, name)
            self._name_from, self._name_end = name, found.start() if found else len(text)
        return _End(self._after_attributes(self.space.match(text, self._name_end).end()))

    def _after_attributes(self, position: int) -> int:
        """Where the attributes that start at `position`, and the space after them, end."""
        ends, text = self._ends, self._text
        passed = []
        while position not in ends:
            attribute = self.attribute.match(text, position)
            if not attribute:
                ends[position] = self.trailing.match(text, position).end()
                break
            passed.append(position)
            position = attribute.end()
        for start in passed:
            ends[start] = ends[position]
        return ends[position]


class _End:
    """What HTMLParser uses of the match: that there is one, and where it ends."""

    def __init__(self, end: int):
        self._end = end

    def end(self) -> int:
        return self._end


class _NextGreaterThan:
    """`endendtag.search(rawdata, i)`: the first ">" from `i` on, remembered for every
    `i` up to it (each `</` with no `>` after it looked to the end of the text again)."""

    def __init__(self) -> None:
        self._text: str | None = None
        self._from = self._found = 0

    def search(self, text: str, position: int = 0) -> _End | None:
        if text is not self._text or not self._from <= position <= self._found:
            found = text.find(">", position)
            self._text, self._from, self._found = text, position, len(text) if found < 0 else found
        return _End(self._found + 1) if self._found < len(text) else None
