"""`briefing new`: a fresh brief, valid from the start, at the path its date gives it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from generator.model.slugs import slugify

TEMPLATE = """\
---
title: {title}
date: {date}
# kicker: A short overline above the headline
lead: >-
  One or two sentences that tell the reader what happened. Replace this.
authors: []
agencies: []
topics: []
draft: true
---

Write the brief here. Use `##` for section headings.
"""


def new_brief(content_dir: Path, title: str, now: datetime) -> Path:
    """Write the new brief and return its path; never overwrites an existing file."""
    path = content_dir / f"{now:%Y}" / f"{now:%m}" / f"{slugify(title) or 'brief'}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.format(
        title=json.dumps(" ".join(title.split()), ensure_ascii=False),
        date=now.replace(microsecond=0).isoformat(),
    )
    with path.open("x", encoding="utf-8") as handle:  # "x": fail if it exists
        handle.write(text)
    return path
