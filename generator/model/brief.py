"""The brief: its front matter fields, their validation, and the typed model they become.

`read_brief` turns one file into a `Brief`, or into every `Problem` found in it.
Field names and rules are part of Briefing's interface (see the README).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from datetime import timezone, tzinfo
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import unquote, urlsplit


from generator.model import frontmatter
from generator.model import pictures
from generator.model.addresses import UnsafeAddress, file_for
from generator.model.dates import EXAMPLE as DATE_EXAMPLE, Moment, as_datetime, parse_moment
from generator.model.problems import Problem, describe

# content/YYYY/MM/<slug>.md: the folder says when, the file name says what.
BRIEF_PATH = re.compile(r"(?P<year>\d{4})/(?P<month>\d{2})/(?P<slug>[^/]+)\.md")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
INITIALS = re.compile(r"[A-Za-z]{1,8}")
# C0 and C1 controls left after whitespace is folded, and Unicode's non-characters.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class Image:
    src: str  # path from content/, e.g. "2024/07/assad-putin.jpg"
    alt: str
    type: str  # MIME type, from the file's bytes: "image/jpeg"
    width: int
    height: int
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class Correction:
    """A fix published after the brief: when, and what was wrong."""

    date: Moment
    text: str


@dataclass(frozen=True)
class Brief:
    source: str  # path from content/, e.g. "2024/07/assad-putin-moscow.md"
    slug: str
    title: str
    date: Moment
    lead: str
    body: str
    updated: Moment | None = None
    kicker: str | None = None
    shortlink: str | None = None
    image: Image | None = None
    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    lang: str | None = None
    draft: bool = False
    pin: bool = False
    redirect_from: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    body_pictures: tuple[str, ...] = ()  # files of content/ the body shows, e.g. "2024/07/chart.png"
    # front matter field -> line in the file, for problems found after reading
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def revised(self) -> Moment | None:
        """When the brief last changed after publication: `updated` or its latest correction."""
        moments = [m for m in (self.updated, *(c.date for c in self.corrections)) if m is not None]
        # A plain date counts as its UTC midnight here: only the order matters.
        return max(moments, key=lambda m: as_datetime(m, timezone.utc)) if moments else None

    @cached_property
    def digest(self) -> str:
        """Every field as read, hashed: a new image size counts as a change too.

        Kept on the brief, and so in the brief cache with it: hashed once, by the
        worker that parsed the brief."""
        return hashlib.blake2b(repr(self).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    @property
    def sign_off(self) -> str:
        """The closing line as newsrooms write it: `es/rmt (AP, AFP, Reuters)`."""
        parts = ["/".join(self.authors)] if self.authors else []
        if self.agencies:
            parts.append(f"({', '.join(self.agencies)})")
        return " ".join(parts)


class Invalid(Exception):
    """A field's value is wrong: what is wrong, what was expected, what was found."""

    def __init__(self, problem: str, expected: str, found: object, *, at: str = ""):
        super().__init__(problem)
        self.problem, self.expected = problem, expected
        self.found = found if isinstance(found, _Shown) else describe(found)
        self.at = at  # sub-field, e.g. "alt" inside image

    def __str__(self) -> str:
        return f"{self.problem} (expected {self.expected}, found {self.found})"


class _Shown(str):
    """A "found" text that is already worded, not a value to describe."""


@dataclass(frozen=True)
class _Context:
    content_dir: Path
    source: PurePosixPath  # the brief's path from content/


# --- field parsers: value from YAML -> model value, or Invalid -------------------------


def _text(value: object, _: _Context | None = None) -> str:
    if not isinstance(value, str):
        raise Invalid("wrong type", "text", value)
    text = " ".join(value.split())
    if not text:
        raise Invalid("empty", "text", value)
    if bad := _UNPRINTABLE.search(text):
        # Control characters cannot be shown, and XML (feeds, sitemaps) cannot carry them.
        raise Invalid(f"control character U+{ord(bad[0]):04X}", "printable text", value)
    return text


def _optional_text(value: object, context: _Context | None = None) -> str | None:
    return None if value is None else _text(value, context)


def _moment(value: object, _: _Context) -> Moment:
    if not isinstance(value, str):
        raise Invalid("wrong type", DATE_EXAMPLE, value)
    try:
        return parse_moment(value)
    except ValueError as error:
        raise Invalid(str(error), DATE_EXAMPLE, value) from None


def _split(value: str, expected: str):
    """The parts of a link; a malformed one (an unclosed IPv6 bracket) is Invalid, not a crash."""
    try:
        return urlsplit(value)
    except ValueError as error:
        raise Invalid(f"not a readable link ({error})", expected, value) from None


def _address(path: str, expected: str, value: str) -> None:
    """The path must name a file of its own inside the site (see addresses.file_for)."""
    try:
        file_for(path)
    except UnsafeAddress as reason:
        raise Invalid(f"not a safe address on this site ({reason})", expected, value) from None


def _url(value: object, _: _Context) -> str:
    example = "an absolute link such as https://p.dw.com/p/4ii5H"
    if not isinstance(value, str):
        raise Invalid("wrong type", example, value)
    parts = _split(value.strip(), example)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", value.strip()):
        raise Invalid("not an absolute http(s) link", example, value)
    if parts.path.strip("/") == "":
        raise Invalid("no path to redirect from", example, value)
    _address(parts.path, example, value)  # the site answers at the shortlink's path
    return value.strip()


def _site_path(value: object) -> str:
    """An old address on this site, such as /2019/old-name/ or /p/abc12."""
    expected = "a path on this site starting with /, such as /news/old-name/"
    if not isinstance(value, str):
        raise Invalid("wrong type", expected, value)
    path = value.strip()
    parts = _split(path, expected)
    if (
        not path.startswith("/")
        or path.startswith("//")
        or parts.scheme
        or parts.query
        or parts.fragment
        or re.search(r"\s", path)
        or path.strip("/") == ""
    ):
        raise Invalid("not a site path", expected, value)
    _address(path, expected, value)
    return path


def _flag(value: object, _: _Context) -> bool:
    if not isinstance(value, bool):
        raise Invalid("wrong type", "true or false", value)
    return value


def _lang(value: object, _: _Context) -> str:
    if not isinstance(value, str) or not LANG.fullmatch(value.strip()):
        raise Invalid("not a language tag", "a tag such as en, de or pt-BR", value)
    return value.strip()


def _list_of(item: Callable[[object], str], expected: str, example: str):
    def parse(value: object, _: _Context) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise Invalid("wrong type", f"a list such as {example}", value)
        items = []
        for index, entry in enumerate(value, start=1):
            try:
                parsed = item(entry)
            except Invalid as error:
                generic = error.problem in ("wrong type", "empty", f"not {expected}")
                raise Invalid(f"item {index} is {f'not {expected}' if generic else error.problem}",
                              expected, entry) from error
            if parsed in items:
                raise Invalid(f"item {index} repeats {parsed!r}", "each entry once", entry)
            items.append(parsed)
        return tuple(items)

    return parse


def _initials(value: object) -> str:
    if not isinstance(value, str) or not INITIALS.fullmatch(value.strip()):
        raise Invalid("not initials", "letters such as es", value)
    return value.strip()


def _image(value: object, context: _Context) -> Image:
    if not isinstance(value, dict):
        raise Invalid("wrong type", "a mapping with src, alt, caption and credit", value)
    wrong = [
        Invalid("unknown field", f"one of {', '.join(IMAGE_FIELDS)}", _unknown(key, IMAGE_FIELDS), at=key)
        for key in value
        if key not in IMAGE_FIELDS
    ]
    fields = {}
    for key in ("src", "alt", "caption", "credit"):
        try:
            if key in ("src", "alt") and value.get(key) in (None, ""):
                raise Invalid("required with an image", f"a non-empty {key}", value.get(key))
            fields[key] = (_image_source if key == "src" else _optional_text)(value.get(key), context)
        except Invalid as error:
            error.at = key
            wrong.append(error)
    if wrong:
        raise ExceptionGroup("image", wrong)
    picture = _picture(context.content_dir / fields["src"], at="src")
    return Image(**fields, type=picture.type, width=picture.width, height=picture.height)


def _picture(path: Path, at: str = "") -> pictures.Picture:
    """The picture at `path`, or Invalid saying what the file is instead."""
    try:
        return pictures.read(path)
    except pictures.NotAPicture as refused:
        raise Invalid(refused.problem, pictures.EXPECTED, _Shown(refused.found), at=at) from None
    except OSError as error:
        raise Invalid("unreadable", pictures.EXPECTED, _Shown(error.strerror or str(error)), at=at) from None


def _image_source(value: object, context: _Context) -> str:
    """The image's path from content/; it must be a file inside content/."""
    expected = "a file inside content/, relative to the brief or starting with /"
    if not isinstance(value, str):
        raise Invalid("wrong type", expected, value)
    if _split(value, expected).scheme:
        raise Invalid("not a local file", expected, value)
    root, target = _in_content(value, context)
    if not target.is_relative_to(root):
        raise Invalid("outside content/", expected, value)
    if not target.is_file():
        raise Invalid("no such file", expected, value)
    return target.relative_to(root).as_posix()


def _in_content(path: str, context: _Context) -> tuple[Path, Path]:
    """content/ and the file `path` names, both resolved: relative to the brief, or from
    content/ when it starts with /."""
    relative = path.lstrip("/") if path.startswith("/") else str(context.source.parent / path)
    return context.content_dir.resolve(), (context.content_dir / relative).resolve()


IMAGE_FIELDS = ("src", "alt", "caption", "credit")
CORRECTION_FIELDS = ("date", "text")


def _corrections(value: object, context: _Context) -> tuple[Correction, ...]:
    example = "a list of corrections, each with a date and a text"
    if not isinstance(value, list) or not value:
        raise Invalid("wrong type" if not isinstance(value, list) else "empty", example, value)
    wrong, found = [], []
    for number, entry in enumerate(value, start=1):
        if not isinstance(entry, dict):
            wrong.append(Invalid("wrong type", "a mapping with date and text", entry, at=str(number)))
            continue
        wrong += [
            Invalid("unknown field", f"one of {', '.join(CORRECTION_FIELDS)}", _unknown(key, CORRECTION_FIELDS),
                    at=f"{number}.{key}")
            for key in entry if key not in CORRECTION_FIELDS
        ]
        parts = {}
        for key, parse in (("date", _moment), ("text", _text)):
            try:
                if entry.get(key) is None:
                    raise Invalid("required in a correction", f"a {key}", None)
                parts[key] = parse(entry[key], context)
            except Invalid as error:
                error.at = f"{number}.{key}"
                wrong.append(error)
        if len(parts) == 2:
            found.append(Correction(**parts))
    if wrong:
        raise ExceptionGroup("corrections", wrong)
    return tuple(found)


FIELDS: dict[str, tuple[bool, Callable]] = {
    # name: (required, parser)
    "title": (True, _text),
    "date": (True, _moment),
    "lead": (True, _text),
    "updated": (False, _moment),
    "kicker": (False, _text),
    "shortlink": (False, _url),
    "image": (False, _image),
    "authors": (False, _list_of(_initials, "initials", "[es, rmt]")),
    "agencies": (False, _list_of(_text, "an agency name", "[AP, AFP, Reuters]")),
    "topics": (False, _list_of(_text, "a topic name", "[Syria, Russia]")),
    "lang": (False, _lang),
    "draft": (False, _flag),
    "pin": (False, _flag),
    "redirect_from": (False, _list_of(_site_path, "a site path", "[/news/old-name/]")),
    "corrections": (False, _corrections),
}


def _unknown(key: object, names) -> _Shown:
    """How an unknown field name reads as "found", with the closest known one."""
    close = difflib.get_close_matches(str(key), names, n=1)
    return _Shown(f"{str(key)!r}" + (f"; did you mean {close[0]!r}?" if close else ""))


# --- the whole brief ---------------------------------------------------------------------


def read_brief(
    content_dir: Path, source: str, raw: bytes, zone: tzinfo, path: str | None = None
) -> tuple[Brief | None, list[Problem]]:
    """A brief from its file's bytes, or the problems that keep it from being one.

    `source` is the file's path from content/; `path` is how problems name the file.
    """
    path = path or str(content_dir / source)
    problems: list[Problem] = []

    def problem(line: int, field: str, message: str) -> None:
        problems.append(Problem(path, line, field, message))

    location = BRIEF_PATH.fullmatch(source)
    if not location or not SLUG.fullmatch(location["slug"]):
        problem(
            1,
            "file",
            "badly placed (expected content/YYYY/MM/<slug>.md with a slug of lowercase "
            f"words and hyphens, found {source})",
        )
    try:
        front = frontmatter.parse(raw)
    except frontmatter.FrontMatterError as error:
        problem(error.line, "front matter", error.message)
        return None, problems

    context = _Context(content_dir, PurePosixPath(source))
    values: dict[str, object] = {}
    for key in front.data:
        if str(key) not in FIELDS:
            problem(
                front.lines.get(str(key), 1),
                str(key),
                str(Invalid("unknown field", f"one of {', '.join(FIELDS)}", _unknown(key, FIELDS))),
            )
    for name, (required, parse) in FIELDS.items():
        value = front.data.get(name)
        if value is None:
            if required:
                problem(1, name, "required field is missing (expected a value, found nothing)")
            continue
        try:
            values[name] = parse(value, context)
        except Invalid as error:
            errors = [error]
        except ExceptionGroup as group:  # a mapping field with several wrong parts
            errors = group.exceptions
        else:
            continue
        for error in errors:
            field = f"{name}.{error.at}" if error.at else name
            problem(_line_of(front.lines, field), field, str(error))

    _check_dates(values, location, front.lines, zone, problem)
    _check_body(front.body, front.body_line, problem)
    body_pictures = _body_pictures(front.body, front.body_line, context, problem)
    if problems:
        return None, sorted(problems)
    brief = Brief(
        source=source, slug=location["slug"], body=front.body, body_pictures=body_pictures,
        lines=front.lines, **values
    )
    return brief, []


def _line_of(lines: dict[str, int], field: str) -> int:
    """The line of a field, or of the nearest part that has one: corrections.2.text, corrections.2, ..."""
    while field not in lines and "." in field:
        field = field.rsplit(".", 1)[0]
    return lines.get(field, 1)


def _check_dates(values, location, lines, zone, problem) -> None:
    published, updated = values.get("date"), values.get("updated")
    if published is not None:
        for number, correction in enumerate(values.get("corrections", ()), start=1):
            if as_datetime(correction.date, zone) < as_datetime(published, zone):
                problem(
                    _line_of(lines, f"corrections.{number}.date"),
                    f"corrections.{number}.date",
                    f"before the publication date (expected {published.isoformat()} or later, "
                    f"found {correction.date.isoformat()})",
                )
    if published is not None and updated is not None:
        if as_datetime(updated, zone) < as_datetime(published, zone):
            problem(
                lines["updated"],
                "updated",
                f"before the publication date (expected {published.isoformat()} or later, "
                f"found {updated.isoformat()})",
            )
    if published is not None and location:
        folder = f"{location['year']}/{location['month']}"
        if f"{published:%Y/%m}" != folder:
            problem(
                lines["date"],
                "date",
                f"does not match the brief's folder (expected a date in {folder}, "
                f"found {published.isoformat()}; move the file or fix the date)",
            )


def _check_body(body: str, first_line: int, problem) -> None:
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
            if line[:1] in _BLOCK_STARTS:
                nesting.blocks_of(number, line)
            if "*" in line or "_" in line:
                nesting.emphasis_of(number, line)
    nesting.report(problem)


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
                problem(number, "body", f"nested too deeply (expected at most {MAX_NESTING} levels of {what}, "
                                        f"found {depth})")


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


def _body_pictures(body: str, first_line: int, context: _Context, problem) -> tuple[str, ...]:
    """The files of content/ the body shows as pictures, from content/; each must be one.

    Targets that are no file of content/ (addresses elsewhere, missing files) are
    MkDocs' to warn about."""
    # Single characters first: `in` finds them many times faster than "![" (most bodies show none).
    if not ("!" in body and "![" in body) and not ("<" in body and _IMG_TAG.search(body)):
        return ()
    text = _CODE.sub(lambda code: re.sub(r"[^\n]", " ", code[0]), body)  # same lines, same places
    definitions = None
    found = []
    for match in _PICTURE.finditer(text):
        target = match["src"] or match["img"]
        if target is None:  # a reference: [ref]: target anywhere in the body
            if definitions is None:
                definitions = {name.casefold(): to for name, to in _DEFINITION.findall(text)}
            target = definitions.get((match["ref"] or match["alt"]).casefold())
        path = target and _content_file(target, context)
        if not path:
            continue
        try:
            _picture(context.content_dir / path)
        except Invalid as error:
            problem(first_line + text.count("\n", 0, match.start()), "body", f"picture {target}: {error}")
        else:
            found.append(path)
    return tuple(dict.fromkeys(found))


def _content_file(target: str, context: _Context) -> str | None:
    """The file of content/ a body's link target names, from content/; None if it names none."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    root, file = _in_content(unquote(parts.path), context)
    return file.relative_to(root).as_posix() if file.is_relative_to(root) and file.is_file() else None
