"""All briefs of a site: found, read, checked against each other, and indexed."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from .brief import Brief, read_brief
from .dates import as_datetime
from .problems import BriefingError, Problem

# A Markdown file under a year folder is a brief; anything else in content/ is a plain page.
_IN_YEAR_FOLDER = re.compile(r"\d{4}/.+\.md")


def is_brief_source(source: str) -> bool:
    """Whether a path from content/ names a brief (rather than, say, an about page)."""
    return bool(_IN_YEAR_FOLDER.fullmatch(source))


def discover(content_dir: Path) -> list[str]:
    """Paths from content/ of every brief, in a stable order."""
    found = []
    for folder, dirs, files in os.walk(content_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            source = Path(folder, name).relative_to(content_dir).as_posix()
            if is_brief_source(source):
                found.append(source)
    return found


@dataclass
class Corpus:
    """The briefs, newest first, with the indexes pages and outputs look them up by."""

    briefs: list[Brief]
    zone: tzinfo
    by_source: dict[str, Brief] = field(init=False)
    by_topic: dict[str, list[Brief]] = field(init=False)

    def __post_init__(self) -> None:
        self.briefs.sort(key=lambda b: (as_datetime(b.date, self.zone), b.source), reverse=True)
        self.by_source = {b.source: b for b in self.briefs}
        self.by_topic = defaultdict(list)
        for brief in self.briefs:
            for topic in brief.topics:
                self.by_topic[topic].append(brief)


def load(content_dir: Path, sources: list[str], zone: tzinfo) -> Corpus:
    """Read and check the given briefs; raise BriefingError with every problem found."""
    briefs: list[Brief] = []
    problems: list[Problem] = []
    for source in sources:
        path = content_dir / source
        try:
            raw = path.read_bytes()
        except OSError as error:
            problems.append(Problem(str(path), 1, "file", f"unreadable ({error.strerror})"))
            continue
        brief, found = read_brief(content_dir, source, raw, zone, str(path))
        problems += found
        if brief:
            briefs.append(brief)
    problems += _clashes(content_dir, briefs)
    if problems:
        raise BriefingError(problems)
    return Corpus(briefs, zone)


def _clashes(content_dir: Path, briefs: list[Brief]) -> list[Problem]:
    """Site-wide uniqueness: one brief per slug and per shortlink."""
    problems = []
    for field_name, key in (("slug", lambda b: b.slug), ("shortlink", lambda b: b.shortlink)):
        owners: dict[str, Brief] = {}
        for brief in briefs:
            value = key(brief)
            if value is None:
                continue
            if value in owners:
                first = owners[value]
                problems.append(
                    Problem(
                        str(content_dir / brief.source),
                        brief.lines.get(field_name, 1),
                        field_name,
                        f"already used (expected a {field_name} of its own, found {value!r}, "
                        f"which content/{first.source} has too)",
                    )
                )
            else:
                owners[value] = brief
    return problems
