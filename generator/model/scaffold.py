"""`briefing new`: a fresh brief, valid from the start, at the path its date gives it; and
what of it must not be published as it was written (see `unfinished`)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path

from generator.model.slugs import slugify

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


def new_brief(content_dir: Path, title: str, now: datetime) -> Path:
    """Write the new brief and return its path; never overwrites an existing file."""
    title = " ".join(title.split())
    path = content_dir / f"{now:%Y}" / f"{now:%m}" / f"{slugify(title) or _unspelled(title)}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.format(
        title=json.dumps(title, ensure_ascii=False),
        date=now.replace(microsecond=0).isoformat(),
        lead=LEAD,
        body=BODY,
    )
    with path.open("x", encoding="utf-8") as handle:  # "x": fail if it exists
        handle.write(text)
    return path


def _unspelled(title: str) -> str:
    """The name of a brief whose title has no Latin letters to spell one (Arabic, Chinese):
    its own for each title, the same for the same title, so that one is still refused."""
    return "brief-" + hashlib.blake2b(title.encode(), digest_size=3).hexdigest()


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
