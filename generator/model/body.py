"""What a brief's body may hold: one h1 only (the headline), nesting Python-Markdown can
render, and pictures that are files in content/ and are pictures."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from generator.model.brief import Picture
from generator.model.fields import Context, Invalid, in_content, read_picture


# Ids the page itself uses: Material's (__config, __drawer, __search...) and Briefing's.
RESERVED_IDS = ("__", "briefing-")


def check_body(body: str, first_line: int, problem) -> None:
    """The headline is the page's only h1: section headings in the body are ##. Nesting
    stays where Python-Markdown can render it (see `_Nesting`)."""
    fence = None
    nesting = _Nesting(first_line)
    for number, line in enumerate(body.splitlines(), start=first_line):
        stripped = line.lstrip()
        marker = stripped[:3]
        if marker in ("```", "~~~"):
            fence = None if fence == marker else (fence or marker)
        elif fence is None:
            if not stripped:
                nesting.paragraph_ends()
                continue
            if re.match(r"#(?!#)\s", stripped):
                problem(
                    number,
                    "body",
                    "a level-1 heading (expected ## for a section heading; the title is the "
                    f"headline, found {line.strip()[:40]!r})",
                )
            if stripped[:1] == "#":
                _heading_id(number, stripped, problem)
            if line[:1] in _BLOCK_STARTS:
                nesting.blocks_of(number, line)
            if "*" in line or "_" in line:
                nesting.emphasis_of(number, line)
    nesting.report(problem)


# attr_list's braces at the end of an ATX heading: `## Title {#id .class}` or `{: #id }`.
_HEADING_ATTRIBUTES = re.compile(r"(\{:?([^{}\n]*)\})[ \t]*#*[ \t]*")


def _heading_id(number: int, line: str, problem) -> None:
    """A heading's id that the page itself uses would lose the heading its anchor (the cleaner
    drops it) while its permalink and the skip link still point there: the editor meant a link."""
    start = line.rfind("{")  # the last braces only, as attr_list reads them: linear in the line
    heading = start > 0 and re.match(r"#{1,6}[ \t]", line)
    written = _HEADING_ATTRIBUTES.fullmatch(line, start) if heading else None
    for name in written[2].split() if written else ():
        if name.startswith("#") and name[1:].startswith(RESERVED_IDS):
            problem(number, "body", f"heading id '{name[1:]}' is reserved for the page's own (expected an id "
                                    f"not starting with '__' or 'briefing-', found {written[1]})")


# Python-Markdown's recursion fails at about 250 levels of lists, 330 of admonitions, 500
# to 1,000 of emphasis (quotes stop nesting near 300); news text nests a few levels. 32
# leaves room for all of them at once. Link brackets nest no elements (a link holds no
# link): they are not counted.
MAX_NESTING = 32


_BLOCK_STARTS = " \t>-*+0123456789"  # what a line nested in a list or a quote starts with


_BLOCK_MARKER = re.compile(r"(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*")


_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")


_EMPHASIS = re.compile(r"\*+|_+")


class _Nesting:
    """How deeply a body nests what Python-Markdown renders by recursion, which fails (or,
    for quotes, silently stops nesting) a few hundred levels down: lists and quotes (a
    line's indentation, in steps of 4 columns, and the markers it starts with), and
    emphasis (runs of * or _ in a paragraph, paired as they open and close: an `em` for
    each character paired, a `strong` for two)."""

    def __init__(self, first_line: int):
        self.blocks = self.emphasis = (0, first_line)  # (deepest, its line)
        self.open: list[list] = []  # emphasis runs not yet closed: [character, count, depth inside]
        self.open_at = {"*": [], "_": []}  # where in `open` each character's runs are

    def paragraph_ends(self) -> None:
        self.open.clear()  # and what it left open with it
        self.open_at = {"*": [], "_": []}

    def blocks_of(self, number: int, line: str) -> None:
        indent = len(line) - len(line.lstrip(" \t"))
        depth, position = len(line[:indent].expandtabs(4)) // 4, indent
        while marker := _BLOCK_MARKER.match(line, position):
            depth, position = depth + 1, marker.end()
        if depth > self.blocks[0] and not _RULE.fullmatch(line):  # * * * is a rule, not lists
            self.blocks = (depth, number)

    def emphasis_of(self, number: int, line: str) -> None:
        for run in _EMPHASIS.finditer(line):
            self._run(number, line, *run.span())

    def _run(self, number: int, line: str, start: int, end: int) -> None:
        character, count = line[start], end - start
        opens = end < len(line) and not line[end].isspace()
        closes = start > 0 and not line[start - 1].isspace()
        if character == "_" and opens and closes:
            return  # inside a word, as in snake_case: not emphasis
        while closes and count and self.open_at[character]:
            count = self._close(number, character, count)
        if opens and count:
            self.open.append([character, count, 0])
            self.open_at[character].append(len(self.open) - 1)

    def _close(self, number: int, character: str, count: int) -> int:
        """Pair a closing run with the nearest open one of its character; what is left of it."""
        at = self.open_at[character][-1]
        inside = 0
        while len(self.open) > at + 1:  # runs inside that never closed
            other, _, depth = self.open.pop()
            self.open_at[other].pop()
            inside = max(inside, depth)
        opener = self.open[at]
        paired = min(opener[1], count)
        depth = max(inside, opener[2]) + (paired + 1) // 2
        if depth > self.emphasis[0]:
            self.emphasis = (depth, number)
        opener[1] -= paired
        opener[2] = depth
        if not opener[1]:
            self.open.pop()
            self.open_at[character].pop()
            if self.open:
                self.open[-1][2] = max(self.open[-1][2], depth)
        return count - paired

    def report(self, problem) -> None:
        for (depth, number), what in ((self.blocks, "lists and quotes"), (self.emphasis, "emphasis")):
            if depth > MAX_NESTING:
                problem(number, "body",
                        f"nested too deeply (expected at most {MAX_NESTING} levels of {what}, found {depth})")


# Where a body shows a picture: Markdown's ![alt](src), ![alt][ref] and ![ref], and <img src>.
# Alt text is bounded, so that a body of ![![![... takes time in step with its length
# (a non-picture past the bound is served as its name says, with nosniff: no script).
_PICTURE = re.compile(
    r"!\[(?P<alt>[^\]\n]{0,500})\](?:\(\s*<?(?P<src>[^)\s>]+)|\[(?P<ref>[^\]\n]{0,500})\])?"
    r"|<img\b[^>]{0,500}?\ssrc\s*=\s*[\"']?(?P<img>[^\"'\s>]+)",
    re.IGNORECASE,
)


_IMG_TAG = re.compile(r"<img\b", re.IGNORECASE)


_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:\s*<?([^\s>]+)", re.MULTILINE)


# Fenced code blocks and code spans: what they show is text, not pictures.
_CODE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?(?:^ {0,3}\1|\Z)|`[^`\n]+`", re.MULTILINE | re.DOTALL)


def body_pictures(body: str, first_line: int, context: Context, problem) -> tuple[Picture, ...]:
    """The files of content/ the body shows as pictures, from content/; each must be one.

    Targets that are no file of content/ (addresses elsewhere, missing files) are
    MkDocs' to warn about."""
    # Single characters first: `in` finds them many times faster than "![" (most bodies show none).
    if not ("!" in body and "![" in body) and not ("<" in body and _IMG_TAG.search(body)):
        return ()
    text = _CODE.sub(lambda code: re.sub(r"[^\n]", " ", code[0]), body)  # same lines, same places
    definitions = None
    found: dict[str, Picture] = {}
    for match in _PICTURE.finditer(text):
        target = match["src"] or match["img"]
        if target is None:  # a reference: [ref]: target anywhere in the body
            if definitions is None:
                definitions = {name.casefold(): to for name, to in _DEFINITION.findall(text)}
            target = definitions.get((match["ref"] or match["alt"]).casefold())
        path = target and _content_file(target, context)
        if not path:
            continue
        if path in found:
            continue
        try:
            found[path] = read_picture(context.content_dir / path, path)
        except Invalid as error:
            problem(first_line + text.count("\n", 0, match.start()), "body", f"picture {target}: {error}")
    return tuple(found.values())


def _content_file(target: str, context: Context) -> str | None:
    """The file of content/ a body's link target names, from content/; None if it names none."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    root, file = in_content(unquote(parts.path), context)
    return file.relative_to(root).as_posix() if file.is_relative_to(root) and file.is_file() else None
