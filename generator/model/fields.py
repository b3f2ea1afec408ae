"""Each front matter field read: the value as YAML gave it becomes the model's, or Invalid
(what is wrong, what was expected, what was found). FIELDS is the table of them all."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import urlsplit

from generator.model import pictures
from generator.model.addresses import UnsafeAddress, file_for
from generator.model.brief import Correction, Image, Picture
from generator.model.dates import EXAMPLE as DATE_EXAMPLE, Moment, as_datetime, parse_moment
from generator.model.problems import describe


INITIALS = re.compile(r"[A-Za-z]{1,8}")


# C0 and C1 controls left after whitespace is folded, and Unicode's non-characters.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


# Characters no one sees that change what one reads: zero-width spaces make two topics look
# alike, bidirectional overrides reverse text on the page. The joiners U+200C/U+200D (Persian
# and Indic scripts need them) and the marks U+200E/U+200F stay allowed.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")


LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


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
class Context:
    content_dir: Path
    source: PurePosixPath  # the brief's path from content/


def _visible(value: str) -> None:
    """Refuse a character an editor cannot see in a one-line value, naming it and where it is."""
    if bad := _INVISIBLE.search(value):
        char = bad[0]
        raise Invalid("an invisible character", "visible text", _Shown(
            f"U+{ord(char):04X} {unicodedata.name(char)} at character {bad.start() + 1}"))


def _text(value: object, _: Context | None = None) -> str:
    if not isinstance(value, str):
        raise Invalid("wrong type", "text", value)
    _visible(value)
    text = " ".join(value.split())
    if not text:
        raise Invalid("empty", "text", value)
    if bad := _UNPRINTABLE.search(text):
        # Control characters cannot be shown, and XML (feeds, sitemaps) cannot carry them.
        raise Invalid(f"control character U+{ord(bad[0]):04X}", "printable text", value)
    return text


def _optional_text(value: object, context: Context | None = None) -> str | None:
    return None if value is None else _text(value, context)


def _moment(value: object, _: Context) -> Moment:
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


def _url(value: object, _: Context) -> str:
    example = "an absolute link such as https://p.dw.com/p/4ii5H"
    if not isinstance(value, str):
        raise Invalid("wrong type", example, value)
    _visible(value)
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
    _visible(value)
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


def _flag(value: object, _: Context) -> bool:
    if not isinstance(value, bool):
        raise Invalid("wrong type", "true or false", value)
    return value


def _lang(value: object, _: Context) -> str:
    if not isinstance(value, str) or not LANG.fullmatch(value.strip()):
        raise Invalid("not a language tag", "a tag such as en, de or pt-BR", value)
    return value.strip()


def _translation_of(value: object, context: Context) -> str:
    """The brief this one translates, by its file from content/: "2024/07/assad-putin-moscow.md"
    (".md" may be left out). Whether that brief exists is a rule between briefs
    (model/translations.py)."""
    expected = "the file of the brief this one translates, from content/, such as 2024/07/name.md"
    if not isinstance(value, str):
        raise Invalid("wrong type", expected, value)
    _visible(value)
    path = value.strip().removeprefix("content/")
    path = path if path.endswith(".md") else f"{path}.md"
    if not TRANSLATED.fullmatch(path):
        raise Invalid("not a brief's file", expected, value)
    if path == context.source.as_posix():
        raise Invalid("this brief itself", "another brief's file", value)
    return path


# A brief's file from content/: YYYY/MM/<name>.md, the name in any script but no folder.
TRANSLATED = re.compile(r"\d{4}/\d{2}/[^/\s]+\.md")


def _list_of(item: Callable[[object], str], expected: str, example: str):
    def parse(value: object, _: Context) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise Invalid("wrong type", f"a list such as {example}", value)
        items = []
        for index, entry in enumerate(value, start=1):
            try:
                parsed = item(entry)
            except Invalid as error:
                if isinstance(error.found, _Shown):  # worded for the item: keep its words
                    raise Invalid(f"item {index} has {error.problem}", error.expected, error.found) from error
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


def _image(value: object, context: Context) -> Image:
    if not isinstance(value, dict):
        raise Invalid("wrong type", "a mapping with src, alt, caption and credit", value)
    wrong = [
        Invalid(
            "unknown field", f"one of {', '.join(IMAGE_FIELDS)}", unknown_field(key, IMAGE_FIELDS), at=key
        )
        for key in value
        if key not in IMAGE_FIELDS
    ]
    fields = {}
    readers = {"src": _image_source, "alt": _optional_text, "caption": _optional_text,
               "credit": _optional_text, "focus": _focus}
    for key, reader in readers.items():
        try:
            if key in ("src", "alt") and value.get(key) in (None, ""):
                raise Invalid("required with an image", f"a non-empty {key}", value.get(key))
            fields[key] = reader(value.get(key), context)
        except Invalid as error:
            error.at = key
            wrong.append(error)
    if wrong:
        raise ExceptionGroup("image", wrong)
    picture = read_picture(context.content_dir / fields["src"], fields["src"], at="src")
    return Image(**{**vars(picture), **fields})


def _focus(value: object, _: Context) -> tuple[float, float] | None:
    """The point every crop keeps: [x, y], each from 0 (left, top) to 1 (right, bottom)."""
    expected = "a point [x, y], each from 0 to 1, such as [0.5, 0.3]"
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise Invalid("not a point", expected, value)
    for number in value:
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not 0 <= number <= 1:
            raise Invalid("not a point", expected, value)
    return float(value[0]), float(value[1])


def read_picture(path: Path, src: str, at: str = "") -> Picture:
    """The picture at `path` (`src` from content/), or Invalid saying what the file is instead."""
    try:
        return pictures.read(path, src)
    except pictures.NotAPicture as refused:
        raise Invalid(refused.problem, refused.expected, _Shown(refused.found), at=at) from None
    except OSError as error:
        raise Invalid("unreadable", pictures.EXPECTED, _Shown(error.strerror or str(error)), at=at) from None


def _image_source(value: object, context: Context) -> str:
    """The image's path from content/; it must be a file inside content/."""
    expected = "a file inside content/, relative to the brief or starting with /"
    if not isinstance(value, str):
        raise Invalid("wrong type", expected, value)
    if _split(value, expected).scheme:
        raise Invalid("not a local file", expected, value)
    root, target = in_content(value, context)
    if not target.is_relative_to(root):
        raise Invalid("outside content/", expected, value)
    if not target.is_file():
        raise Invalid("no such file", expected, value)
    return target.relative_to(root).as_posix()


def in_content(path: str, context: Context) -> tuple[Path, Path]:
    """content/ and the file `path` names, both resolved: relative to the brief, or from
    content/ when it starts with /."""
    relative = path.lstrip("/") if path.startswith("/") else str(context.source.parent / path)
    return context.content_dir.resolve(), (context.content_dir / relative).resolve()


IMAGE_FIELDS = ("src", "alt", "caption", "credit", "focus")


CORRECTION_FIELDS = ("date", "text")


def _corrections(value: object, context: Context) -> tuple[Correction, ...]:
    example = "a list of corrections, each with a date and a text"
    if not isinstance(value, list) or not value:
        raise Invalid("wrong type" if not isinstance(value, list) else "empty", example, value)
    wrong, found = [], []
    for number, entry in enumerate(value, start=1):
        if not isinstance(entry, dict):
            wrong.append(Invalid("wrong type", "a mapping with date and text", entry, at=str(number)))
            continue
        wrong += [
            Invalid(
                "unknown field",
                f"one of {', '.join(CORRECTION_FIELDS)}",
                unknown_field(key, CORRECTION_FIELDS),
                at=f"{number}.{key}",
            )
            for key in entry
            if key not in CORRECTION_FIELDS
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
    "translation_of": (False, _translation_of),
    "draft": (False, _flag),
    "pin": (False, _flag),
    "pin_until": (False, _moment),
    "redirect_from": (False, _list_of(_site_path, "a site path", "[/news/old-name/]")),
    "corrections": (False, _corrections),
}


def pin_problems(values: dict, zone) -> list[tuple[str, str]]:
    """(field, message) of a pin_until that cannot end a pin: without `pin: true`, or before the date."""
    until, published = values.get("pin_until"), values.get("date")
    if until is None:
        return []
    if values.get("pin") is not True:
        return [("pin_until", f"without pin (expected pin: true beside it, found {until.isoformat()} alone)")]
    if published is not None and as_datetime(until, zone) <= as_datetime(published, zone):
        return [("pin_until", f"not after the publication date (expected a moment after "
                              f"{published.isoformat()}, found {until.isoformat()})")]
    return []


def unknown_field(key: object, names) -> _Shown:
    """How an unknown field name reads as "found", with the closest known one."""
    close = difflib.get_close_matches(str(key), names, n=1)
    return _Shown(f"{str(key)!r}" + (f"; did you mean {close[0]!r}?" if close else ""))
