"""Python-Markdown's inline patterns, not run over text they cannot match.

Python-Markdown tries each of its inline patterns (code, links, emphasis, HTML,
entities...) on every run of text, each a scan of the whole paragraph: a tenth of a
brief's rendering time, mostly on prose holding none of `, [, <, & or *. A match
must begin with one of a few characters, which the pattern's own regular expression
tells; a pattern is now tried only on text holding one of them. The output is the
same: the scan skipped is one that would have found nothing.
"""

from __future__ import annotations

import re
import re._constants as _c  # the parser behind re.compile (Python 3.11+, as pyproject requires)
import re._parser as _parser

_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}  # anchors and lookarounds
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT}


def sift(markdown) -> None:
    """Let each inline pattern of a Markdown instance skip text it cannot match."""
    for pattern in markdown.inlinePatterns:
        regex = getattr(pattern, "compiled_re", None)
        if isinstance(regex, re.Pattern) and (firsts := first_characters(regex)):
            pattern.compiled_re = _Sifted(regex, tuple(sorted(firsts)))


def first_characters(regex: re.Pattern) -> frozenset[str] | None:
    """The characters a match can begin with; None when not simply known (the pattern
    may match nothing, or begin with a character class or any character)."""
    if regex.flags & re.IGNORECASE:
        return None
    try:
        return _firsts(list(_parser.parse(regex.pattern, regex.flags)))
    except Exception:  # a construct this reading does not know: scan as before
        return None


def _firsts(items: list) -> frozenset[str] | None:
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue  # matches no character: the next item gives the first one
        if op is _c.LITERAL:
            return frozenset(chr(arg))
        if op is _c.IN:
            chars = [chr(value) for kind, value in arg if kind is _c.LITERAL]
            return frozenset(chars) if len(chars) == len(arg) else None
        if op is _c.SUBPATTERN:
            _, add_flags, _, inner = arg
            return None if add_flags & re.IGNORECASE else _firsts(list(inner))
        if op is _c.ATOMIC_GROUP:
            return _firsts(list(arg))
        if op in _REPEATS:
            least, _, inner = arg
            return _firsts(list(inner)) if least >= 1 else None
        if op is _c.BRANCH:
            found = [_firsts(list(branch)) for branch in arg[1]]
            return None if None in found else frozenset().union(*found)
        return None
    return None  # the pattern can match the empty string


class _Sifted:
    """A pattern's regular expression that finds nothing, without scanning, in text
    lacking every character a match could begin with."""

    def __init__(self, regex: re.Pattern, firsts: tuple[str, ...]):
        self.regex, self.firsts = regex, firsts

    def finditer(self, text: str, pos: int = 0):
        for char in self.firsts:
            if char in text:
                return self.regex.finditer(text, pos)
        return iter(())

    def __getattr__(self, name: str):
        return getattr(self.regex, name)
