"""Python-Markdown's link patterns, their brackets matched in time that grows with the text.

Python-Markdown's link, image and reference patterns find the `]` that closes a `[`,
and the `)` that closes a `](`, by scanning forward from it, character by character
(`LinkInlineProcessor.getText` and `getLink`). Where brackets do not close, each scan
runs to the end of the paragraph: 50,000 `[` took many minutes, the time growing with
the square of their number. Here a text's brackets, parentheses and quotes are
indexed once, and each scan's end is looked up: the ends Python-Markdown's scans find
(tests compare them on random texts), so the same HTML. The patterns are not even
tried at a `[` that never closes: they would find nothing there.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property, partial
from itertools import accumulate

from markdown import inlinepatterns
from markdown.inlinepatterns import LinkInlineProcessor, dequote

_BRACKETS = re.compile(r"[\[\]]")
_PARENS = re.compile(r"[()]")
_QUOTES = re.compile(r"['\"]")
# A ")" right after a quote (spaces between): where a link's quoted title can end.
_QUOTE_BEFORE_PAREN = re.compile(r"(['\"]) *\)")


# Where the `[` is in a match of the link patterns' own expressions.
_BRACKET_AT = {inlinepatterns.LINK_RE: 0, inlinepatterns.IMAGE_LINK_RE: 1}


def install(markdown) -> None:
    """Have a Markdown instance's link patterns look their scans up (one index, shared).

    Before `fastinline.sift`, which leaves the patterns changed here as they are."""
    scans = _Scans()
    for pattern in markdown.inlinePatterns:
        if not isinstance(pattern, LinkInlineProcessor):
            continue
        # An extension's own scan, where it has one, is left as it is.
        if type(pattern).getText is not LinkInlineProcessor.getText:
            continue
        pattern.getText = scans.text
        if type(pattern).getLink is LinkInlineProcessor.getLink:
            pattern.getLink = partial(scans.link, pattern)
        follows = _what_follows(pattern)
        if pattern.pattern in _BRACKET_AT and follows is not None:
            pattern.compiled_re = _Closing(pattern.compiled_re, _BRACKET_AT[pattern.pattern], follows, scans)


def _what_follows(pattern: LinkInlineProcessor) -> re.Pattern | None:
    """What must follow the `]` for the pattern's handleMatch to find something (an
    expression matching anything where it may find something whatever follows); None
    where that is not known (an extension's handleMatch)."""
    kind = type(pattern)
    if kind.handleMatch in (LinkInlineProcessor.handleMatch, inlinepatterns.ImageInlineProcessor.handleMatch):
        # getLink finds nothing without its "(".
        return pattern.RE_LINK if kind.getLink is LinkInlineProcessor.getLink else _ANYTHING
    if kind.handleMatch is inlinepatterns.ReferenceInlineProcessor.handleMatch:
        # The full reference's evalId finds nothing without its `[id]`; the short one's needs none.
        return pattern.RE_LINK if kind.evalId is inlinepatterns.ReferenceInlineProcessor.evalId else _ANYTHING
    return None


_ANYTHING = re.compile("")


class _Closing:
    """A link pattern's expression, matching only where the `[` closes and the `]` is
    followed by what the pattern needs: elsewhere the pattern finds nothing."""

    def __init__(self, regex: re.Pattern, bracket_at: int, follows: re.Pattern, scans: _Scans):
        self.regex, self.bracket_at, self.follows, self.scans = regex, bracket_at, follows, scans

    def finditer(self, text: str, pos: int = 0):
        if "[" not in text:  # most text: no need to index it
            return iter(())
        return self._closing(text, pos)

    def _closing(self, text: str, pos: int):
        index, shift = self.scans.lookup(text, pos)
        openers, closers = index.brackets.closed_pairs
        match, follows = self.regex.match, self.follows.match
        for at in range(bisect_left(openers, pos + self.bracket_at - shift), len(openers)):
            if follows(text, closers[at] + shift + 1) and (
                m := match(text, openers[at] + shift - self.bracket_at)
            ):
                yield m

    def __getattr__(self, name: str):
        return getattr(self.regex, name)


class _Scans:
    """`getText` and `getLink` answered from the index of the text they are asked about.

    The inline processor replaces each match with a placeholder and goes on past it in
    a new string with the same tail: an index stays good for the tail it shares with
    the text it was made from, so a paragraph is indexed about once per pattern."""

    def __init__(self) -> None:
        self._index: _Index | None = None
        self._text: str | None = None  # the text last asked about
        self._shift = 0  # its positions less the index's
        self._agrees_from = 0  # where its tail, the same as the index's, begins

    def text(self, data: str, index: int) -> tuple[str, int, bool]:
        """`getText`: the text up to the `]` closing the `[` before `index`, the position
        after that `]`, and whether there is one. (Without one, Python-Markdown's scan
        also gives the rest of the text, which no caller uses: given as "", so that
        each of many unclosed brackets does not copy the rest of the paragraph.)"""
        lookup, shift = self.lookup(data, index)
        close = lookup.brackets.close(index - shift)
        if close is None:
            return "", len(data), False
        return data[index:close + shift], close + shift + 1, True

    def link(self, pattern: LinkInlineProcessor, data: str, index: int) -> tuple[str, str | None, int, bool]:
        """`getLink`: href, title, the position after the `)`, and whether there is one."""
        m = pattern.RE_LINK.match(data, pos=index)
        if not m or m.group(1):  # no "(", or a <link>: no scan to look up
            return LinkInlineProcessor.getLink(pattern, data, index)
        lookup, shift = self.lookup(data, m.end())
        href, title, end, handled = lookup.link(m.end() - shift)
        if title is not None:
            title = pattern.RE_TITLE_CLEAN.sub(" ", dequote(pattern.unescape(title.strip())))
        return pattern.unescape(href).strip(), title, end if end < 0 else end + shift, handled

    def lookup(self, data: str, start: int) -> tuple[_Index, int]:
        """An index that answers for `data` from `start` on, and its shift."""
        if data is not self._text or start < self._agrees_from:
            index, shift = self._index, 0
            if index is not None:
                shift = len(data) - len(index.text)
                if start < shift or data[start:] != index.text[start - shift:]:
                    index = None
            if index is None:
                index, shift = _Index(data), 0
            self._index, self._text, self._shift, self._agrees_from = index, data, shift, start
        return self._index, self._shift


class _Index:
    """A text's brackets and what link scans find in it; each part made when first asked for."""

    def __init__(self, text: str):
        self.text = text
        self._brackets: _Pairs | None = None
        self._link: _LinkEnds | None = None

    @property
    def brackets(self) -> _Pairs:
        if self._brackets is None:
            self._brackets = _Pairs(self.text, _BRACKETS, "]")
        return self._brackets

    def link(self, start: int) -> tuple[str, str | None, int, bool]:
        if self._link is None:
            self._link = _LinkEnds(self.text)
        return self._link.scan(start)


class _Pairs:
    """Openers and closers of one kind ([ and ], or ( and )): where a count begun at 1
    at a position first falls to 0, as Python-Markdown's scans count."""

    def __init__(self, text: str, pattern: re.Pattern, closer: str):
        self.positions = [m.start() for m in pattern.finditer(text)]
        closes = [text[p] == closer for p in self.positions]
        count = len(closes)
        # first[t]: the first of positions[t:] that closes more than it opened (count: none).
        first = [count] * (count + 1)
        for t in range(count - 1, -1, -1):
            if closes[t]:
                first[t] = t
            else:  # after the closer of this opener
                inner = first[t + 1]
                first[t] = first[inner + 1] if inner < count else count
        self._first = first
        self._closes = closes
        # balance[t]: openers less closers among positions[:t]
        self._balance = list(accumulate((-1 if c else 1 for c in closes), initial=0))

    @cached_property
    def closed_pairs(self) -> tuple[list[int], list[int]]:
        """The openers that a closer closes, in order, and their closers."""
        count, positions, first = len(self.positions), self.positions, self._first
        closed = [t for t in range(count) if not self._closes[t] and first[t + 1] < count]
        return [positions[t] for t in closed], [positions[first[t + 1]] for t in closed]

    def close(self, start: int) -> int | None:
        """Where a count begun at `start` falls to 0, or None."""
        found = self._first[bisect_left(self.positions, start)]
        return self.positions[found] if found < len(self.positions) else None

    def opened(self, start: int, end: int) -> int:
        """Openers less closers in text[start:end]."""
        return (
            self._balance[bisect_left(self.positions, end)]
            - self._balance[bisect_left(self.positions, start)]
        )

    def nth_after(self, position: int, n: int) -> tuple[int, bool] | None:
        """The n-th (1-based) of them after `position`, and whether it is a closer."""
        t = bisect_right(self.positions, position) + n - 1
        return (self.positions[t], self._closes[t]) if t < len(self.positions) else None


class _LinkEnds:
    """Where `LinkInlineProcessor.getLink`'s scan of `(href "title")` ends, from any start.

    The scan counts parentheses until the first quote; from there it takes the text as
    a title, which ends at the first ")" right after a later quote of the same kind, or
    after a second quote of the other kind (quotes of the other kind that come first
    count from the second on). Without such a ")", it ends where the parentheses open
    before the quote would have closed, counting any parenthesis as a closer.
    """

    def __init__(self, text: str):
        self.text = text
        self.parens = _Pairs(text, _PARENS, ")")
        self.quotes = [m.start() for m in _QUOTES.finditer(text)]
        self.each_quote = {q: [p for p in self.quotes if text[p] == q] for q in "'\""}
        # Per quote kind, the ")"s right after one: (quote's position, ")"'s position).
        self.title_ends: dict[str, tuple[list[int], list[int]]] = {"'": ([], []), '"': ([], [])}
        for m in _QUOTE_BEFORE_PAREN.finditer(text):
            quotes, parens = self.title_ends[m[1]]
            quotes.append(m.start())
            parens.append(m.end() - 1)

    def scan(self, start: int) -> tuple[str, str | None, int, bool]:
        """href, title (raw), the position after the end, and whether the link ends."""
        text = self.text
        close = self.parens.close(start)
        found = bisect_left(self.quotes, start)
        quote = self.quotes[found] if found < len(self.quotes) else None
        if close is not None and (quote is None or close < quote):
            return text[start:close], None, close + 1, True
        if quote is None:
            return "", None, len(text), False
        title = self._title(quote)
        if title:
            href_end, title_start, title_end, paren = title
            return text[start:href_end], text[title_start:title_end], paren + 1, True
        # The parentheses still open when the title began, closed by the ones after it.
        last = self.parens.nth_after(quote, 1 + self.parens.opened(start, quote))
        if last is None:
            return "", None, len(text), False
        position, closes = last
        if closes:
            return text[start:position], None, position + 1, True
        return text[start:-2], None, -1, True  # Python-Markdown's scan gives -1 here (never set)

    def _title(self, quote: int) -> tuple[int, int, int, int] | None:
        """(href's end, title's start and end, the closing ")") of a title begun at `quote`."""
        kind = self.text[quote]
        others = self.each_quote["'" if kind == '"' else '"']
        found = bisect_right(others, quote)
        # The other kind's first quote after it opens a second candidate.
        ends = [self._after(quote), self._after(others[found]) if found < len(others) else None]
        ends = [end for end in ends if end]
        return min(ends, key=lambda end: end[3]) if ends else None

    def _after(self, opened: int) -> tuple[int, int, int, int] | None:
        """The title opened by the quote at `opened`: up to the first ")" right after a
        later quote of its kind."""
        quotes, parens = self.title_ends[self.text[opened]]
        found = bisect_right(quotes, opened)
        if found == len(quotes):
            return None
        return opened, opened + 1, quotes[found], parens[found]
