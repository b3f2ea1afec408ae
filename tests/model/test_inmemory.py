"""The briefs unit tests make in memory are the briefs a build reads from files."""

from __future__ import annotations

from pathlib import Path

from generator.model.reading import read_brief

from inmemory import ZONE, make_brief, make_site


def read(source: str, text: str):
    brief, problems = read_brief(Path("content"), source, text.encode(), ZONE)
    assert problems == []
    return brief


def test_a_brief_made_in_memory_is_the_brief_read_from_its_file():
    text = """\
---
title: Harbour cranes stand still
date: 2024-03-04T08:00:00+01:00
updated: 2024-03-05
lead: Dock workers stopped work for a day over shift rules.
kicker: Strike
shortlink: https://p.dw.com/p/4ii5H
authors: [ab, cd]
agencies: [AP]
topics: [Economy, Ports]
lang: de
draft: true
pin: true
redirect_from: [/old/cranes/]
corrections:
  - date: 2024-03-06T09:00:00+01:00
    text: The strike lasted a day, not two.
---
The port was quiet.
"""
    made = make_brief(
        "cranes", "2024-03-04T08:00:00+01:00", title="Harbour cranes stand still", updated="2024-03-05",
        lead="Dock workers stopped work for a day over shift rules.", kicker="Strike",
        shortlink="https://p.dw.com/p/4ii5H", authors=["ab", "cd"], agencies=["AP"],
        topics=["Economy", "Ports"],
        lang="de", draft=True, pin=True, redirect_from=["/old/cranes/"],
        corrections=[("2024-03-06T09:00:00+01:00", "The strike lasted a day, not two.")],
        body="The port was quiet.\n",
    )
    assert made == read("2024/03/cranes.md", text)


def test_a_plain_brief_made_in_memory_is_a_minimal_file():
    made = make_brief("quiet-day", "2024-07-25", title="A quiet day", lead="Nothing happened.")
    assert made == read("2024/07/quiet-day.md", "---\ntitle: A quiet day\ndate: 2024-07-25\n"
                        "lead: Nothing happened.\n---\nText.\n")


def test_a_site_in_memory_puts_each_brief_at_the_address_of_its_file():
    brief = make_brief("cranes", "2024-03-04T08:00:00+01:00")
    site = make_site([brief])
    assert site.brief_url(brief) == "https://news.example.org/2024/03/cranes/"
