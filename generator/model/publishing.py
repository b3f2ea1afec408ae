"""Which briefs go on the site now: no drafts (except in preview), nothing dated in the future."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from generator.model.brief import Brief
from generator.model.dates import as_datetime


@dataclass(frozen=True)
class Selection:
    published: list[Brief]
    drafts: list[Brief]  # left out because draft: true
    scheduled: list[Brief]  # left out because their date has not come yet
    zone: tzinfo

    @property
    def next_due(self) -> datetime | None:
        """When the earliest scheduled brief is due: the time to rebuild."""
        times = [as_datetime(b.date, self.zone) for b in self.scheduled]
        return min(times) if times else None

    def summary(self) -> str | None:
        """One line for the build log, or None when nothing was left out."""
        parts = []
        if self.drafts:
            parts.append(f"{len(self.drafts)} draft{'s' if len(self.drafts) != 1 else ''}")
        if self.scheduled:
            count = len(self.scheduled)
            parts.append(
                f"{count} brief{'s' if count != 1 else ''} dated in the future "
                f"(next due {self.next_due.isoformat()}: rebuild then to publish it)"
            )
        return f"Left out {' and '.join(parts)}." if parts else None

    def held_files(self) -> list[str]:
        """Files of content/ not to publish: the held briefs', and pictures only they show."""
        in_use = {b.image.src for b in self.published if b.image}
        held = (source for brief in (*self.drafts, *self.scheduled)
                for source in (brief.source, brief.image and brief.image.src))
        return [source for source in held if source and source not in in_use]


def select(
    briefs: list[Brief], now: datetime, zone: tzinfo, *, drafts: bool, future: bool
) -> Selection:
    published, left_drafts, scheduled = [], [], []
    for brief in briefs:
        if brief.draft and not drafts:
            left_drafts.append(brief)
        elif not future and as_datetime(brief.date, zone) > now:
            scheduled.append(brief)
        else:
            published.append(brief)
    return Selection(published, left_drafts, scheduled, zone)
