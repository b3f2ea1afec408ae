"""The dateline under a headline and its update, in the site's time zone (model/dates.py)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from generator.model.dates import dateline, parse_moment, update_line

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")


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
