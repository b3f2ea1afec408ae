"""One moment in every machine-readable date: a date-only brief and a date-only correction
are midnight in the site's time zone, written with time and offset in every output
(RSS's pubDate in the RFC 822 form its format prescribes)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from conftest import briefing, make_project

BERLIN = ZoneInfo("Europe/Berlin")
PUBLISHED = datetime(2024, 11, 3, tzinfo=BERLIN)  # 2024-11-03T00:00:00+01:00
CORRECTED = datetime(2024, 11, 5, tzinfo=BERLIN)
FERRY = "2024/11/ferry-strike/"
URL = "https://news.example.org/"
SM = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}
ISO_WITH_OFFSET = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)")

DATE_ONLY = """\
---
title: Ferry crews strike
date: 2024-11-03
lead: No ferries crossed the bay on Sunday.
topics: [Shipping]
corrections:
  - date: 2024-11-05
    text: The strike began on Sunday, not Saturday.
---

Crews walked out at dawn.
"""

NEIGHBOUR = """\
---
title: Port fees rise
date: 2024-11-04T09:00:00+01:00
lead: Shipping lines will pay more from January.
topics: [Shipping]
---

The port authority announced the rise.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    today = datetime.now(BERLIN).date()
    recent = DATE_ONLY.replace("2024-11-03", today.isoformat()).replace("Ferry crews strike", "Tugs idle") \
        .split("corrections:")[0] + "---\n\nBody.\n"
    root = make_project(tmp_path_factory.mktemp("moments"), {
        "2024/11/ferry-strike.md": DATE_ONLY,
        "2024/11/port-fees.md": NEIGHBOUR,
        f"{today:%Y/%m}/tugs-idle.md": recent,  # for the news sitemap's last 48 hours
    })
    result = briefing("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def moment(text: str) -> datetime:
    """An ISO 8601 date-time with its offset, as an aware datetime; anything less fails."""
    assert ISO_WITH_OFFSET.fullmatch(text), f"not a date-time with an offset: {text!r}"
    return datetime.fromisoformat(text)


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def time_beside_link(html: BeautifulSoup, item: str, href_part: str) -> str:
    """The <time datetime> in the list item (`item` selector) that links to `href_part`."""
    (found,) = [li for li in html.select(item) if any(href_part in a["href"] for a in li.find_all("a"))]
    return found.find("time")["datetime"]


def test_json_ld_names_the_moments_with_time_and_offset(site):
    data = json.loads(page(site, FERRY).find("script", type="application/ld+json").string)
    assert moment(data["datePublished"]) == PUBLISHED
    assert moment(data["dateModified"]) == CORRECTED
    assert [moment(c["datePublished"]) for c in data["correction"]] == [CORRECTED]


def test_open_graph_names_the_same_moments(site):
    tags = {m["property"]: m["content"] for m in page(site, FERRY).find_all("meta", property=True)}
    assert moment(tags["article:published_time"]) == PUBLISHED
    assert moment(tags["article:modified_time"]) == CORRECTED


def test_the_brief_page_s_time_elements_name_the_same_moments(site):
    html = page(site, FERRY)
    assert moment(html.select_one(".brief-published")["datetime"]) == PUBLISHED
    assert moment(html.select_one(".brief-updated time")["datetime"]) == CORRECTED
    assert moment(html.select_one(".brief-corrections p time")["datetime"]) == CORRECTED


@pytest.mark.parametrize("path, item", [
    ("", ".brief-card"),
    ("topics/shipping/", ".brief-card"),
    ("archive/2024/11/", ".brief-card"),
    ("2024/11/port-fees/", ".brief-related li"),
])
def test_listings_time_elements_name_the_same_moment(site, path, item):
    assert moment(time_beside_link(page(site, path), item, "ferry-strike")) == PUBLISHED


def test_the_corrections_page_names_the_same_moment(site):
    assert moment(time_beside_link(page(site, "corrections/"), ".corrections li", "ferry-strike")) == CORRECTED


def test_feeds_name_the_same_moments(site):
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    item = next(i for i in ET.parse(site / "feed.xml").getroot().iter("item") if FERRY in i.findtext("link"))
    assert parsedate_to_datetime(item.findtext("pubDate")) == PUBLISHED  # RFC 822, as RSS prescribes
    assert moment(item.findtext("atom:updated", namespaces=ns)) == CORRECTED
    entry = next(e for e in ET.parse(site / "atom.xml").getroot().iterfind("atom:entry", ns)
                 if FERRY in e.findtext("atom:id", namespaces=ns))
    assert moment(entry.findtext("atom:published", namespaces=ns)) == PUBLISHED
    assert moment(entry.findtext("atom:updated", namespaces=ns)) == CORRECTED
    (item,) = [i for i in json.loads((site / "feed.json").read_text())["items"] if FERRY in i["url"]]
    assert moment(item["date_published"]) == PUBLISHED
    assert moment(item["date_modified"]) == CORRECTED


def test_sitemaps_name_the_same_moments(site):
    urls = ET.parse(site / "sitemap.xml").getroot().findall("s:url", SM)
    lastmod = {u.findtext("s:loc", namespaces=SM): u.findtext("s:lastmod", namespaces=SM) for u in urls}
    assert moment(lastmod[URL + FERRY]) == CORRECTED
    assert all(moment(when) for when in lastmod.values() if when)
    (news,) = ET.parse(site / "news-sitemap.xml").getroot().findall("s:url/n:news", SM)
    today = datetime.combine(datetime.now(BERLIN).date(), datetime.min.time(), tzinfo=BERLIN)
    assert moment(news.findtext("n:publication_date", namespaces=SM)) == today


def test_a_readable_date_is_the_day_its_own_offset_gives_whatever_was_shown_before():
    from datetime import datetime

    from generator.model.dates import readable

    # One instant, written in two offsets: shown first in UTC, then where it was written.
    assert readable(datetime.fromisoformat("2024-07-24T22:30:00+00:00")) == "July 24, 2024"
    assert readable(datetime.fromisoformat("2024-07-25T00:30:00+02:00")) == "July 25, 2024"
