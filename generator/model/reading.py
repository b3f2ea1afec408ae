"""One file becomes a Brief, or every Problem found in it: its place, its front matter
fields, its dates and its body. Field names and rules are part of Briefing's interface
(see the README)."""

from __future__ import annotations

import re
import unicodedata
from datetime import tzinfo
from pathlib import Path, PurePosixPath

from generator.model import frontmatter
from generator.model.body import body_pictures, check_body
from generator.model.brief import Brief, Claims
from generator.model.dates import as_datetime
from generator.model.fields import FIELDS, Context, Invalid, pin_problems, unknown_field
from generator.model.problems import Problem
from generator.model.scaffold import unfinished
from generator.model.slugs import is_slug


# content/YYYY/MM/<slug>.md: the folder says when, the file name says what.
BRIEF_PATH = re.compile(r"(?P<year>\d{4})/(?P<month>\d{2})/(?P<slug>[^/]+)\.md")


def read_brief(
    content_dir: Path, source: str, raw: bytes, zone: tzinfo, path: str | None = None
) -> tuple[Brief | None, list[Problem]]:
    """A brief from its file's bytes, or the problems that keep it from being one.

    `source` is the file's path from content/; `path` is how problems name the file.
    """
    brief, problems, _ = read(content_dir, source, raw, zone, path)
    return brief, problems


def read(
    content_dir: Path, source: str, raw: bytes, zone: tzinfo, path: str | None = None
) -> tuple[Brief | None, list[Problem], Claims | None]:
    """read_brief's brief and problems, and an unsound brief's claims on the site (None
    for a sound brief, whose claims are its own, or a file with no readable fields)."""
    path = path or str(content_dir / source)
    problems: list[Problem] = []

    def problem(line: int, field: str, message: str) -> None:
        problems.append(Problem(path, line, field, message))

    location = BRIEF_PATH.fullmatch(source)
    if not location or not is_slug(location["slug"], nfc=False):
        problem(
            1,
            "file",
            "badly placed (expected content/YYYY/MM/<slug>.md with a slug of lowercase "
            f"words and hyphens, found {source})",
        )
    elif not unicodedata.is_normalized("NFC", location["slug"]):  # macOS tools may write NFD
        problem(1, "slug", "not in NFC (expected the name in NFC form, "
                f"{unicodedata.normalize('NFC', location['slug'])}, found {ascii(location['slug'])})")
    try:
        front = frontmatter.parse(raw)
    except frontmatter.FrontMatterError as error:
        problem(error.line, error.field, error.message)
        return None, problems, Claims(source, location["slug"]) if location else None

    for error in front.errors:  # fields whose YAML did not parse; the others are read on
        problem(error.line, error.field, error.message)
    context = Context(content_dir, PurePosixPath(source))
    values: dict[str, object] = {}
    for key in front.data:
        if str(key) not in FIELDS:
            problem(
                front.lines.get(str(key), 1),
                str(key),
                str(Invalid("unknown field", f"one of {', '.join(FIELDS)}", unknown_field(key, FIELDS))),
            )
    for name, (required, parse) in FIELDS.items():
        value = front.data.get(name)
        if value is None:
            if required and name not in front.unread:
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
    for field, message in pin_problems(values, zone):
        problem(front.lines[field], field, message)
    check_body(front.body, front.body_line, problem)
    _check_finished(values, front, problem)
    shown = body_pictures(front.body, front.body_line, context, problem)
    if problems:
        slug = location["slug"] if location else None
        return None, sorted(problems), _claims(source, slug, front, values, context)
    brief = Brief(
        source=source, slug=location["slug"], body=front.body, body_pictures=shown,
        lines=front.lines, **values
    )
    return brief, [], None


_CLAIMING = ("shortlink", "redirect_from", "authors", "agencies", "topics")


def _claims(source: str, slug: str | None, front, values: dict, context: Context) -> Claims:
    """The site-wide claims among the fields read; of a list that failed, its sound items."""
    claimed = {}
    for name in _CLAIMING:
        if name in values or not isinstance(front.data.get(name), list):
            claimed[name] = values.get(name)
            continue
        parse = FIELDS[name][1]
        items = []
        for entry in front.data[name]:
            try:
                items += parse([entry], context)
            except (Invalid, ExceptionGroup):
                items.append(None)  # keeps the items' numbers, as problems name them
        claimed[name] = tuple(items)
    return Claims(source, slug, lines=front.lines, **{k: v for k, v in claimed.items() if v is not None})


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
    if location and not _folder_is_a_month(location, problem):
        return  # no date can match it: the folder is what to fix
    if published is not None and location:
        folder = f"{location['year']}/{location['month']}"
        if f"{published:%Y/%m}" != folder:
            problem(
                lines["date"],
                "date",
                f"does not match the brief's folder (expected a date in {folder}, "
                f"found {published.isoformat()}; move the file or fix the date)",
            )


def _check_finished(values, front, problem) -> None:
    """A published brief has a lead and a text of its own (a draft gets warnings: see advice)."""
    if not values.get("draft"):
        for line, field, message in unfinished(str(values.get("lead", "")), front.body, front.lines):
            problem(line, field, message)


def _folder_is_a_month(location, problem) -> bool:
    """content/YYYY/MM/ names a month, or no brief's date can ever match it."""
    year, month = location["year"], location["month"]
    if year == "0000":
        problem(1, "file", f"the folder {year}/{month} is not a year "
                           f"(expected content/YYYY/MM/ with YYYY from 0001 to 9999, found {year})")
        return False
    if not "01" <= month <= "12":
        problem(1, "file", f"the folder {year}/{month} is not a month "
                           f"(expected content/YYYY/MM/ with MM from 01 to 12, found {month})")
        return False
    return True
