"""Corrections: a dated box on the brief, JSON-LD, the brief's update in feeds and sitemaps,
and a page of every correction, newest first."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import feedparser
from bs4 import BeautifulSoup

from conftest import briefing, make_project

CORRECTED = """\
---
title: Port reopens after storm
date: 2024-03-04T08:00:00+01:00
lead: Ships are moving again after two days of closure.
topics: [Shipping]
corrections:
  - date: 2024-03-05
    text: An earlier version gave the wrong number of closed berths.
  - date: 2024-03-06T10:15:00+01:00
    text: The storm closed the port for two days, not three.
---

Cranes started working again on Monday morning.
"""

ALSO_CORRECTED = """\
---
title: Ferry timetable changes
date: 2024-03-05T09:00:00+01:00
updated: 2024-03-05T12:00:00+01:00
lead: Winter sailings end a week early.
topics: [Shipping]
corrections:
  - date: 2024-03-05T18:00:00+01:00
    text: The last winter sailing is on Friday, not Saturday.
---

The operator announced the change on Tuesday.
"""

UNCORRECTED = """\
---
title: Harbour museum opens new hall
date: 2024-03-02T10:00:00+01:00
updated: 2024-03-02T11:00:00+01:00
lead: The hall shows three restored tugboats.
topics: [Culture]
---

Entry is free on the first weekend.
"""

PORT = "2024/03/port-reopens/"


def build(tmp_path, extra: str = ""):
    root = make_project(tmp_path / "site", {
        "2024/03/port-reopens.md": CORRECTED,
        "2024/03/ferry-timetable.md": ALSO_CORRECTED,
        "2024/03/museum-hall.md": UNCORRECTED,
    })
    if extra:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text().replace("timezone: Europe/Berlin", f"timezone: Europe/Berlin\n{extra}"))
    result = briefing("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_the_brief_shows_its_corrections_and_their_latest_date(tmp_path):
    site = build(tmp_path)
    page = BeautifulSoup((site / PORT / "index.html").read_text(), "html.parser")
    box = page.select_one(".brief-corrections")
    assert box.find("h2").get_text(strip=True) == "Corrections"
    entries = [" ".join(p.get_text().split()) for p in box.find_all("p") if p.find("time")]
    assert entries == [
        "March 5, 2024: An earlier version gave the wrong number of closed berths.",
        "March 6, 2024: The storm closed the port for two days, not three.",
    ]
    assert box.find("a", string="All corrections")["href"] == "../../../corrections/"
    updated = page.select_one(".brief-updated time")
    assert updated["datetime"] == "2024-03-06T10:15:00+01:00"
    museum = BeautifulSoup((site / "2024/03/museum-hall/index.html").read_text(), "html.parser")
    assert museum.select_one(".brief-corrections") is None


def test_json_ld_carries_each_correction_and_the_modified_date(tmp_path):
    site = build(tmp_path)
    page = BeautifulSoup((site / PORT / "index.html").read_text(), "html.parser")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["correction"] == [
        {"@type": "CorrectionComment", "text": "An earlier version gave the wrong number of closed berths.",
         "datePublished": "2024-03-05T00:00:00+01:00"},  # a date alone: midnight in the site's zone
        {"@type": "CorrectionComment", "text": "The storm closed the port for two days, not three.",
         "datePublished": "2024-03-06T10:15:00+01:00"},
    ]
    assert data["dateModified"] == "2024-03-06T10:15:00+01:00"
    # A correction later than `updated` is the brief's update.
    ferry = BeautifulSoup((site / "2024/03/ferry-timetable/index.html").read_text(), "html.parser")
    assert json.loads(ferry.find("script", type="application/ld+json").string)["dateModified"] == \
        "2024-03-05T18:00:00+01:00"


def test_feeds_and_sitemap_show_the_correction_as_the_update(tmp_path):
    site = build(tmp_path)
    atom = feedparser.parse((site / "atom.xml").read_bytes())
    entry = next(e for e in atom.entries if PORT in e.link)
    assert entry.updated == "2024-03-06T10:15:00+01:00"
    assert entry.published == "2024-03-04T08:00:00+01:00"
    assert atom.feed.updated == "2024-03-06T10:15:00+01:00"  # the newest change of any brief
    item = next(i for i in json.loads((site / "feed.json").read_text())["items"] if PORT in i["url"])
    assert item["date_modified"] == "2024-03-06T10:15:00+01:00"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {
        u.find("s:loc", ns).text: u.find("s:lastmod", ns).text
        for u in ET.parse(site / "sitemap.xml").getroot().findall("s:url", ns)
        if u.find("s:lastmod", ns) is not None
    }
    assert lastmod[f"https://news.example.org/{PORT}"] == "2024-03-06T10:15:00+01:00"


def test_the_corrections_page_lists_every_correction_newest_first(tmp_path):
    site = build(tmp_path)
    page = BeautifulSoup((site / "corrections/index.html").read_text(), "html.parser")
    items = [" ".join(li.get_text().split()) for li in page.select("ol.corrections > li")]
    assert items == [
        "March 6, 2024, Port reopens after storm: The storm closed the port for two days, not three.",
        "March 5, 2024, Ferry timetable changes: The last winter sailing is on Friday, not Saturday.",
        "March 5, 2024, Port reopens after storm: An earlier version gave the wrong number of closed berths.",
    ]
    assert page.select_one("ol.corrections a")["href"] == f"../{PORT}"


def test_the_corrections_page_can_be_turned_off(tmp_path):
    site = build(tmp_path, "      corrections_page: false")
    assert not (site / "corrections").exists()
    page = (site / PORT / "index.html").read_text()
    assert "brief-corrections" in page and "All corrections" not in page


def test_wrong_corrections_are_reported_with_their_lines(tmp_path):
    typo = CORRECTED.replace("    text: The storm closed", "    txt: The storm closed")
    early = ALSO_CORRECTED.replace("  - date: 2024-03-05T18:00:00+01:00", "  - date: 2024-03-01")
    not_a_list = UNCORRECTED.replace("topics: [Culture]\n", "topics: [Culture]\ncorrections: soon\n")
    root = make_project(tmp_path / "site", {"2024/03/port-reopens.md": typo, "2024/03/ferry-timetable.md": early,
                                            "2024/03/museum-hall.md": not_a_list})
    result = briefing("check", cwd=root)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    expected = [
        "content/2024/03/ferry-timetable.md:8: corrections.1.date: before the publication date "
        "(expected 2024-03-05T09:00:00+01:00 or later, found 2024-03-01)",
        "content/2024/03/museum-hall.md:7: corrections: wrong type (expected a list of corrections, "
        "each with a date and a text, found \"soon\")",
        "content/2024/03/port-reopens.md:9: corrections.2.text: required in a correction (expected a text, "
        "found nothing)",
        "content/2024/03/port-reopens.md:10: corrections.2.txt: unknown field (expected one of date, text, "
        "found 'txt'; did you mean 'text'?)",
    ]
    assert lines[:-1] == expected, lines
    assert lines[-1] == "3 briefs checked: 4 problems in 3 briefs."
