"""The dateline under a headline and its update, in the site's time zone and the page's language
(model/dates.py)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from generator.model.dates import dateline, month_title, parse_moment, readable, update_line

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
BEIRUT, TEHRAN, MOSCOW = ZoneInfo("Asia/Beirut"), ZoneInfo("Asia/Tehran"), ZoneInfo("Europe/Moscow")
TOKYO, SHANGHAI = ZoneInfo("Asia/Tokyo"), ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("written, zone, shown", [
    ("2024-07-25T11:00:00+02:00", BERLIN, "July 25, 2024, 11:00 CEST"),
    ("2024-01-05T09:30:00+01:00", BERLIN, "January 5, 2024, 09:30 CET"),  # winter: CET
    ("2024-07-25T09:00:00Z", BERLIN, "July 25, 2024, 11:00 CEST"),  # written in UTC, read in Berlin
    ("2024-07-25T01:00:00+02:00", NEW_YORK, "July 24, 2024, 19:00 EDT"),  # the day where the reader is
    ("2024-07-25", BERLIN, "July 25, 2024"),  # a plain date says no time
])
def test_a_dateline_gives_the_time_and_zone_of_the_site(written, zone, shown):
    assert dateline(parse_moment(written), zone) == shown


@pytest.mark.parametrize("published, updated, shown", [
    ("2024-07-25T11:00:00+02:00", "2024-07-25T16:30:00+02:00", "16:30"),  # the same day: the time
    ("2024-07-25T11:00:00+02:00", "2024-07-26T08:15:00+02:00", "July 26, 2024, 08:15 CEST"),
    ("2024-07-25T23:00:00+02:00", "2024-07-25T22:30:00Z", "July 26, 2024, 00:30 CEST"),  # next day in Berlin
    ("2024-10-26T11:00:00+02:00", "2024-10-27T10:00:00+01:00", "October 27, 2024, 10:00 CET"),
    ("2024-07-25T11:00:00+02:00", "2024-07-27", "July 27, 2024"),  # a plain date: the date alone
    ("2024-07-25", "2024-07-25T16:30:00+02:00", "July 25, 2024, 16:30 CEST"),  # no time to be beside
])
def test_an_update_says_the_time_alone_on_the_day_of_publication(published, updated, shown):
    assert update_line(parse_moment(updated), parse_moment(published), BERLIN) == shown


def test_a_dateline_of_a_plain_date_is_its_readable_date():
    assert dateline(date(2025, 2, 1), BERLIN) == "February 1, 2025"


# --- in the page's language (Babel's CLDR data), with the digits that language writes -------------

JULY_25 = date(2024, 7, 25)


@pytest.mark.parametrize("language, shown", [
    ("en", "July 25, 2024"),
    ("de", "25. Juli 2024"),
    ("ar", "25 يوليو 2024"),  # CLDR: Arabic's default digits are Latin, as the broadcasters write them
    ("fa", "۲۵ ژوئیه ۲۰۲۴"),  # Persian writes its own digits
    ("ru", "25 июля 2024\u202fг."),  # CLDR keeps "г." with its number: a narrow no-break space
    ("zh", "2024年7月25日"),
    ("ja", "2024年7月25日"),
    ("pt-BR", "25 de julho de 2024"),  # a tag with a region
    ("prs", "۲۵ جولای ۲۰۲۴"),  # Dari, which Babel knows as Afghan Persian (fa_AF)
    ("xx", "July 25, 2024"),  # a language CLDR lacks: English rather than a failed build
])
def test_a_date_reads_as_the_pages_language_writes_it(language, shown):
    assert readable(JULY_25, language) == shown


@pytest.mark.parametrize("language, digits, shown", [
    ("ar", "arab", "٢٥ يوليو ٢٠٢٤"),  # an Egyptian or Saudi desk's choice
    ("fa", "latn", "25 ژوئیه 2024"),
    ("ar", None, "25 يوليو 2024"),
])
def test_a_language_writes_the_digits_its_setting_names(language, digits, shown):
    assert readable(JULY_25, language, digits) == shown


def test_digits_no_one_knows_are_refused_by_name():
    with pytest.raises(ValueError, match="roman"):
        readable(JULY_25, "ar", "roman")


@pytest.mark.parametrize("written, zone, language, shown", [
    ("2024-07-25T11:00:00+02:00", BERLIN, "de", "25. Juli 2024, 11:00 MESZ"),  # German's own abbreviation
    ("2024-07-25T12:00:00+03:00", BEIRUT, "ar", "25 يوليو 2024، 12:00 EEST"),
    ("2024-07-25T12:30:00+03:30", TEHRAN, "fa", "۲۵ ژوئیه ۲۰۲۴، ساعت ۱۲:۳۰ (+۰۳۳۰)"),
    ("2024-07-25T12:00:00+03:00", MOSCOW, "ru", "25 июля 2024\u202fг., 12:00 MSK"),
    ("2024-07-25T18:00:00+09:00", TOKYO, "ja", "2024年7月25日 18:00 JST"),
    ("2024-07-25T17:00:00+08:00", SHANGHAI, "zh", "2024年7月25日 CST 17:00"),  # Chinese puts the zone first
    ("2024-07-25", BERLIN, "de", "25. Juli 2024"),
])
def test_a_dateline_in_the_pages_language(written, zone, language, shown):
    assert dateline(parse_moment(written), zone, language) == shown


def test_an_update_the_same_day_gives_the_time_in_the_languages_digits():
    published, updated = parse_moment("2024-07-25T11:00:00+03:30"), parse_moment("2024-07-25T16:30:00+03:30")
    assert update_line(updated, published, TEHRAN, "fa") == "۱۶:۳۰"
    assert update_line(updated, published, TEHRAN, "fa", "latn") == "16:30"


@pytest.mark.parametrize("language, shown", [
    ("en", "July 2024"), ("de", "Juli 2024"), ("ar", "يوليو 2024"), ("fa", "ژوئیه ۲۰۲۴"),
    ("ru", "Июль 2024\u202fг."),  # a title begins with a capital, though CLDR's month is lower case
    ("zh", "2024年7月"), ("ja", "2024年7月"),
])
def test_a_months_title_in_the_pages_language(language, shown):
    assert month_title(2024, 7, language) == shown
