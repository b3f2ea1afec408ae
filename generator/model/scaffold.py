"""`briefing new`: a fresh brief, valid from the start, at the path its date gives it; and
what of it must not be published as it was written (see `unfinished`)."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from pathlib import Path

from generator.model.problems import display_path
from generator.model.slugs import NoAddress, brief_slug, is_slug, unique

# What `briefing new` writes for the editor to replace: found again, they are placeholders.
LEAD = "One or two sentences that tell the reader what happened. Replace this."
BODY = "Write the brief here. Use `##` for section headings."
_COMMENTS = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)

TEMPLATE = """\
---
title: {title}
date: {date}
# kicker: A short overline above the headline
lead: >-
  {lead}
authors: []
agencies: []
topics: []
draft: true
---

{body}
"""


def new_brief(content_dir: Path, title: str, now: datetime, *, language: str = "en",
              site_language: str = "en", unicode: bool = False, slug: str | None = None) -> Path:
    """Write the new brief and return its path; never overwrites an existing file.

    Its slug is `slug` if given, else its title's in its language (slugs.brief_slug), made
    unique among every brief in content/: the second "Ports reopen" is ports-reopen-2.
    Raises NoAddress for a title that gives no slug, or a `slug` that is not one."""
    title = " ".join(title.split())
    taken = taken_slugs(content_dir)
    name = chosen_slug(slug, taken) if slug else unique(brief_slug(title, language, unicode), set(taken))
    path = content_dir / f"{now:%Y}" / f"{now:%m}" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.format(
        title=json.dumps(title, ensure_ascii=False),
        date=now.replace(microsecond=0).isoformat(),
        lead=LEAD,
        body=BODY,
    )
    if language != site_language:
        text = text.replace("\ndraft: true\n", f"\nlang: {json.dumps(language)}\ndraft: true\n")
    with path.open("x", encoding="utf-8") as handle:  # "x": fail if it exists
        handle.write(text)
    return path


def taken_slugs(content_dir: Path) -> dict[str, Path]:
    """The slugs of every brief in content/ (all months, drafts too: a draft published later
    must not find its slug taken), with their files."""
    return {unicodedata.normalize("NFC", path.stem): path for path in sorted(content_dir.rglob("*.md"))}


def chosen_slug(slug: str, taken: dict[str, Path]) -> str:
    """A slug a person chose (--slug), if the build will take it as a new brief's."""
    if not is_slug(slug):
        raise NoAddress(f"--slug {slug}: not a slug (expected lowercase words and hyphens, "
                        "such as ports-reopen, in NFC form)")
    if slug in taken:
        raise NoAddress(f"--slug {slug}: already the slug of {display_path(taken[slug])} "
                        "(expected a slug of its own: each brief has one)")
    return slug


def unfinished(lead: str, body: str, lines: dict[str, int]) -> list[tuple[int, str, str]]:
    """(line, field, message) of what `briefing new` left for the editor to write: its
    placeholders, or a body with no text at all (`lines` as front matter gives them, with
    "body" where it starts). Errors in a published brief, warnings in a draft; the one place
    to say what else may be published without a text of its own."""
    found, wrote = [], "the placeholder 'briefing new' wrote"
    if LEAD in lead:
        message = f"{wrote} (expected the brief's own lead, found \"{LEAD}\")"
        found.append((lines.get("lead", 1), "lead", message))
    start = lines.get("body", 1)
    if BODY in body:
        line = start + body[: body.index(BODY)].count("\n")
        found.append((line, "body", f"{wrote} (expected the brief's text, found \"{BODY}\")"))
    elif not _COMMENTS.sub("", body).strip():
        found.append((start, "body", "empty (expected the brief's text, found nothing)"))
    return found
