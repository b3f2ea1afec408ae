"""Problems found in briefs, reported all at once as `path:line: field: message`."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one brief: where it is, which field, and what is wrong."""

    path: str  # the brief's file, as given to the loader
    line: int  # 1-based line in the file
    field: str  # front matter field ("image.alt"), or "front matter", "file", "body"
    message: str  # what is wrong, with "(expected X, found Y)" where that helps

    def __str__(self) -> str:
        # One line whatever a brief holds: a key or value with a line break or a control
        # character is shown escaped, never as itself.
        return f"{display_path(self.path)}:{self.line}: {printable(self.field)}: {printable(self.message)}"


class BriefingError(Exception):
    """Raised with every problem of a run, so an editor can fix them in one go."""

    def __init__(self, problems: list[Problem], checked: str = "", warnings: int = 0,
                 outcome: str = "nothing was built"):
        self.problems = sorted(problems)
        # A check says what it checked ("12 briefs checked"); a build, that it built nothing.
        self.checked, self.warnings, self.outcome = checked, warnings, outcome
        super().__init__(self.report())

    def report(self) -> str:
        files = {p.path for p in self.problems}
        briefs = sum(path.endswith(".md") for path in files)
        where = [_count(briefs, "brief")] if briefs else []
        if len(files) > briefs:  # files of content/ that may not be published
            where.append(_count(len(files) - briefs, "other file" if briefs else "file"))
        found = f"{_count(len(self.problems), 'problem')} in {' and '.join(where)}"
        if self.warnings:
            found += f", and {_count(self.warnings, 'warning')}"
        if self.checked:
            summary = f"{self.checked}: {found}."
        else:
            summary = f"{found}; {self.outcome}." if self.outcome else f"{found}."
        return "\n".join([*map(str, self.problems), summary])


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'s' if number != 1 else ''}"


def display_path(path: str) -> str:
    """A path as short as it can be said from the current directory."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


def printable(text: str) -> str:
    """`text` with every character that is not printable written as its escape (\\x0b, \\u2028)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def describe(value: object) -> str:
    """How a YAML value reads in "found ..." messages."""
    if value is None or value == "":
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"{value} (a number)"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return '"' + text.replace("\n", " ") + '"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value)"
    return type(value).__name__


class InternalError(Exception):
    """A bug met while working on one thing (a brief, a page, an output).

    Reported as one line naming that thing; the traceback is kept for `--debug`.
    """

    def __init__(self, where: str, cause: BaseException):
        super().__init__(where, cause)
        self.where, self.cause = where, cause

    def __str__(self) -> str:
        return (
            f"internal error while {self.where}: {type(self.cause).__name__}: {self.cause} "
            "(a bug, not a problem in the brief; rerun with --debug for the traceback)"
        )


@contextmanager
def working_on(doing: str, path: str):
    """Name what was being done to which file in any unexpected error raised inside;
    problems pass through as they are. (The path is shortened only then: this wraps
    every brief of every build.)"""
    try:
        yield
    except (BriefingError, InternalError):
        raise
    except Exception as error:
        raise InternalError(f"{doing} {display_path(path)}", error) from error
