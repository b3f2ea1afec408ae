"""Publication moments: a calendar date, or a date-time that says its UTC offset; and how a page
writes them for its readers, in its language (Babel's CLDR data) and digits."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, time, timezone, tzinfo
from email.utils import format_datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, get_datetime_format, get_time_format, get_timezone_name

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


# --- in a language: Babel's CLDR data, with the digits the language writes by convention -------------

# Babel knows no Dari (prs): CLDR writes it as Afghan Persian.
_LOCALE_ALIASES = {"prs": "fa-AF"}

# The first digit of each decimal numbering system (CLDR's names), the other nine follow it in
# Unicode. Babel writes only Latin digits (it has no numbering system for dates), so the
# digits of a formatted date are mapped here.
ZEROS = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966",
         "gujr": "\u0ae6", "guru": "\u0a66", "knda": "\u0ce6", "khmr": "\u17e0", "laoo": "\u0ed0",
         "mlym": "\u0d66", "mymr": "\u1040", "orya": "\u0b66", "tamldec": "\u0be6", "telu": "\u0c66",
         "thai": "\u0e50", "tibt": "\u0f20"}


@functools.lru_cache(maxsize=256)
def locale_of(language: str) -> Locale:
    """Babel's locale for a BCP 47 tag ("pt-BR", "zh-Hant"): the tag, else its language, else English."""
    for tag in (language, language.split("-")[0]):
        try:
            return Locale.parse(_LOCALE_ALIASES.get(tag.lower(), tag), sep="-")
        except (ValueError, UnknownLocaleError):
            continue
    return Locale("en")


@functools.lru_cache(maxsize=256)
def digit_table(language: str, digits: str | None = None) -> dict[int, str] | None:
    """How to write 0-9 in `digits` (a CLDR numbering system: latn, arab, arabext...), by
    default the one the language's CLDR data names (ar: latn, fa: arabext); None: Latin."""
    system = digits or locale_of(language).default_numbering_system
    if system not in ZEROS:
        raise ValueError(f"digits {system!r}: not one of {', '.join(ZEROS)}")
    zero = ord(ZEROS[system])
    return None if system == "latn" else {ord("0") + i: chr(zero + i) for i in range(10)}


def in_digits(text: str, language: str, digits: str | None = None) -> str:
    """`text` with its Latin digits written in the language's (or the setting's) digits."""
    table = digit_table(language, digits)
    return text.translate(table) if table else text


def readable(moment: Moment, language: str = "en", digits: str | None = None) -> str:
    """The form a reader expects under a headline: "July 25, 2024", "25. Juli 2024", "۲۵ ژوئیه ۲۰۲۴"
    (the day where the moment was written: 00:30+02:00 is July 25 though it is July 24 in UTC)."""
    # The offset is part of the key: date-times naming one instant are equal, and one
    # cached answer would serve them all.
    offset = moment.utcoffset() if isinstance(moment, datetime) else None
    return _readable(moment, offset, language, digits)


@functools.lru_cache(maxsize=1 << 16)  # a brief's date shows on its page, its listings, its neighbours'
def _readable(moment: Moment, _offset, language: str, digits: str | None) -> str:
    day = moment.date() if isinstance(moment, datetime) else moment
    return in_digits(format_date(day, "long", locale=locale_of(language)), language, digits)


def month_title(year: int, month: int, language: str = "en", digits: str | None = None) -> str:
    """An archive month's title: "July 2024", "Juli 2024", "يوليو 2024", "Июль 2024 г."."""
    title = format_skeleton("yMMMM", date(year, month, 1), locale=locale_of(language))
    return in_digits(title[:1].upper() + title[1:], language, digits)  # CLDR's "июль" heads a page


def dateline(moment: Moment, zone: tzinfo, language: str = "en", digits: str | None = None) -> str:
    """The moment under a headline, as the site's readers keep time: "July 25, 2024, 11:00 CEST",
    "25. Juli 2024, 11:00 MESZ" (the zone's abbreviation at that moment, summer or winter: the
    language's own where CLDR has one, else the time zone database's); a plain date alone."""
    if not isinstance(moment, datetime):
        return readable(moment, language, digits)
    local = moment.astimezone(zone)
    return _dateline(local, local.utcoffset(), language, digits)


@functools.lru_cache(maxsize=1 << 16)  # a brief's dateline shows on its page and its cards
def _dateline(local: datetime, _offset, language: str, digits: str | None) -> str:
    locale = locale_of(language)
    joined = _joined(locale)  # "{1}, {0}", "{1}، ساعت {0}"
    day = readable(local.date(), language, "latn")
    line = joined.replace("{1}", day).replace("{0}", _time(local, locale))
    return in_digits(line, language, digits)


@functools.lru_cache(maxsize=256)
def _joined(locale: Locale) -> str:
    return str(get_datetime_format("long", locale=locale))


def _time(local: datetime, locale: Locale) -> str:
    """"11:00 CEST": 24-hour time, and the zone where the language's time format puts it
    ("CST 17:00" in Chinese, "12:30 (+0330)" in Persian)."""
    key = (local.tzinfo, local.utcoffset(), local.tzname(), locale)
    if key not in _ZONES:  # Babel's look-ups cost most of a dateline: once per zone, offset, language
        _ZONES[key] = _zone(local, locale)
    zone, first = _ZONES[key]
    return f"{zone} {local:%H:%M}" if first else f"{local:%H:%M} {zone}"


_ZONES: dict[tuple, tuple[str, bool]] = {}


def _zone(local: datetime, locale: Locale) -> tuple[str, bool]:
    name = get_timezone_name(local, "short", locale=locale, return_zone=False)
    if name.startswith(("+", "-", "GMT", "UTC")):  # CLDR has no abbreviation of its own here
        name = local.tzname() or name
    pattern = str(get_time_format("long", locale=locale))
    return (f"({name})" if "(z)" in pattern else name), pattern.find("z") < pattern.lower().find("h")


def update_line(updated: Moment, published: Moment, zone: tzinfo, language: str = "en",
                digits: str | None = None) -> str:
    """When the brief changed, beside its dateline: the time alone ("16:30") on the day it was
    published, in the same zone time; else the whole dateline of the update."""
    if isinstance(updated, datetime) and isinstance(published, datetime):
        then, now = published.astimezone(zone), updated.astimezone(zone)
        if then.date() == now.date() and then.tzname() == now.tzname():
            return in_digits(f"{now:%H:%M}", language, digits)
    return dateline(updated, zone, language, digits)
