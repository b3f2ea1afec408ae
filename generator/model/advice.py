"""What editors commonly get wrong but is not an error: the warnings `briefing check` gives."""

from __future__ import annotations

import os
from collections.abc import Collection

from generator.model.brief import Brief
from generator.model.problems import Problem
from generator.model.scaffold import unfinished

TITLE_MAX = 110  # characters: longer headlines are cut in search results and social cards
LEAD_MAX = 300  # characters: a lead is a teaser, not a paragraph
IMAGE_MIN_WIDTH = 1200  # pixels: what sharing cards and large screens need


def advice(brief: Brief, path: str) -> list[Problem]:
    """Warnings about one sound brief, as problems (`path:line: field: message`)."""
    found = []

    def warn(field: str, message: str) -> None:
        found.append(Problem(path, brief.lines.get(field, 1), field, message))

    if len(brief.title) > TITLE_MAX:
        warn("title", f"long headline (expected at most {TITLE_MAX} characters, found {len(brief.title)})")
    if len(brief.lead) > LEAD_MAX:
        warn("lead", f"long lead (expected at most {LEAD_MAX} characters, found {len(brief.lead)})")
    image = brief.image
    if image and image.caption and image.alt.casefold() == image.caption.casefold():
        warn("image.alt", "the same as the caption (expected a description of what the picture "
                          "shows for readers who cannot see it, found the caption's words)")
    if image and image.width < IMAGE_MIN_WIDTH:
        warn(
            "image.src",
            f"small picture (expected at least {IMAGE_MIN_WIDTH} px wide, found {image.width} px)",
        )
    if brief.draft:  # published, they are errors (see reading)
        found += [Problem(path, line, field, message)
                  for line, field, message in unfinished(brief.lead, brief.body, brief.lines)]
    if not brief.topics:
        warn("topics", "no topic (expected at least one, so the brief is listed on a topic page, found none)")
    return found


SHOWN_INITIALS = 10  # listed by name in the roster warning; the rest are counted


def unknown_initials(briefs: list[Brief], roster: Collection[str], content_dir: str) -> Problem | None:
    """One warning for every author's initials the roster lacks, however many briefs have
    them: named at the first brief (in file order) that has one. A site without a roster
    signs briefs with initials only, as many newsrooms do: nothing to warn of."""
    if not roster:
        return None
    unknown: dict[str, Brief] = {}
    for brief in sorted(briefs, key=lambda b: b.source):
        for initials in brief.authors:
            if initials not in roster:
                unknown.setdefault(initials, brief)
    if not unknown:
        return None
    names = sorted(unknown)
    listed = ", ".join(names[:SHOWN_INITIALS])
    if len(names) > SHOWN_INITIALS:
        listed += f" and {len(names) - SHOWN_INITIALS} more"
    first = min(unknown.values(), key=lambda b: b.source)
    count = f"{len(names)} initial{'s are' if len(names) != 1 else ' is'}"
    return Problem(os.path.join(content_dir, first.source), first.lines.get("authors", 1), "authors", (
        f"{count} not in the roster (expected each in plugins.briefing.authors in mkdocs.yml, so bylines "
        f"show a name; found {listed}, shown as written; this brief is the first with one)"))
