"""Publication moments: a calendar date, or a date-time that says its UTC offset."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, time, timezone, tzinfo
from email.utils import format_datetime

Moment = date | datetime  # a datetime here is always timezone-aware

_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_PART = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]")
EXAMPLE = "2024-07-25 or 2024-07-25T10:30:00+02:00"


def parse_moment(text: str) -> Moment:
    """Parse an ISO date or offset date-time; ValueError says what is wrong."""
    text = text.strip()
    if _DATE_ONLY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError("not a real calendar date") from None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        day = _DATE_PART.match(text)
        if day:
            parse_moment(day[1])  # 2024-02-30T10:00+01:00: say the date is the problem
        raise ValueError("not an ISO date") from None
    if moment.tzinfo is None:
        raise ValueError("time without a UTC offset, so its moment is ambiguous")
    return moment


def as_datetime(moment: Moment, zone: tzinfo) -> datetime:
    """The aware instant of a moment; a plain date starts at midnight in the site's zone."""
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(moment, time(0), tzinfo=zone)


def utc_stamp(moment: Moment, zone: tzinfo) -> str:
    """A UTC stamp that sorts as text in time order: 2024-07-25T09:00:00Z."""
    return as_datetime(moment, zone).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso(moment: Moment, zone: tzinfo) -> str:
    """The machine-readable form, in every output that gives a moment (<time datetime>,
    JSON-LD, Open Graph, feeds, sitemaps): ISO 8601 with time and offset, so that all
    of them name one instant; a plain date is midnight in the site's zone."""
    if isinstance(moment, datetime):
        return moment.isoformat()
    return _midnight(moment, zone)


@functools.lru_cache(maxsize=1 << 16)  # as readable(): a brief's date shows on many pages
def _midnight(day: date, zone: tzinfo) -> str:
    return as_datetime(day, zone).isoformat()


def rfc822(moment: Moment, zone: tzinfo) -> str:
    """The form RSS prescribes (its pubDate, lastBuildDate): Sun, 03 Nov 2024 00:00:00 +0100."""
    return format_datetime(as_datetime(moment, zone))


def readable(moment: Moment) -> str:
    """The form a reader expects under a headline: "July 25, 2024" (the day where the
    moment was written: 00:30+02:00 is July 25 though it is July 24 in UTC)."""
    # The offset is part of the key: date-times naming one instant are equal, and one
    # cached answer would serve them all.
    return _readable(moment, moment.utcoffset() if isinstance(moment, datetime) else None)


@functools.lru_cache(maxsize=1 << 16)  # a brief's date shows on its page, its listings, its neighbours'
def _readable(moment: Moment, _offset) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def dateline(moment: Moment, zone: tzinfo) -> str:
    """The moment under a headline, as the site's readers keep time: "July 25, 2024, 11:00 CEST"
    (the zone's own abbreviation at that moment, summer or winter); a plain date alone."""
    if not isinstance(moment, datetime):
        return readable(moment)
    local = moment.astimezone(zone)
    return f"{readable(local)}, {local:%H:%M} {local.tzname()}"


def update_line(updated: Moment, published: Moment, zone: tzinfo) -> str:
    """When the brief changed, beside its dateline: the time alone ("16:30") on the day it was
    published, in the same zone time; else the whole dateline of the update."""
    if isinstance(updated, datetime) and isinstance(published, datetime):
        then, now = published.astimezone(zone), updated.astimezone(zone)
        if then.date() == now.date() and then.tzname() == now.tzname():
            return f"{now:%H:%M}"
    return dateline(updated, zone)
