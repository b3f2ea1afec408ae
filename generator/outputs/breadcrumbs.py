"""Where a page is in the site: its trail from the front page (Home > Topics > Syria,
Home > Archive > 2024 > July 2024) and the section whose tab is lit.

A brief's trail is where it belongs, as news sites print it: its first topic, or without
one its month in the archive; its headline is the page's own heading, not repeated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from generator.model.brief import Brief
from generator.outputs.listings import Listing

# The pages of the tabs (build.configure's navigation): their trail would be Home and themselves.
TABS = ("", "topics/", "archive/", "search/")
# A folder's section, whose tab is lit: authors and agencies are reached from the topics.
SECTIONS = {"topics": "topics/", "authors": "topics/", "agencies": "topics/",
            "archive": "archive/", "search": "search/"}
# Folders named by a word of the table (outputs/wording.py); the others (years) by themselves.
NAMED = ("topics", "authors", "agencies", "archive", "corrections")


@dataclass(frozen=True)
class Crumb:
    name: str
    path: str  # from the site root
    current: bool = False  # the page itself: aria-current="page"


def section(path: str, prefix: str = "") -> str:
    """The tab of the page at `path` (in the language of `prefix`, "" or "de/"): a brief's is
    the front page's, the news as it comes."""
    rest = path.removeprefix(prefix)
    return prefix + SECTIONS.get(rest.split("/", 1)[0], "")


def of_listing(listing: Listing, say: Callable[..., str], prefix: str = "") -> list[Crumb]:
    first = listing.first.removeprefix(prefix)
    if first in TABS:
        return []
    trail = [Crumb(say("home"), prefix)]
    folders = first.strip("/").split("/")
    for depth, folder in enumerate(folders[:-1], start=1):
        path = prefix + "/".join(folders[:depth]) + "/"
        trail.append(Crumb(say(folder) if folder in NAMED else folder, path))
    return [*trail, Crumb(listing.title, listing.path, current=True)]


def of_brief(brief: Brief, topics: list[tuple[str, str]], listings: dict[str, Listing],
             say: Callable[..., str], prefix: str = "") -> list[Crumb]:
    """Home and the brief's first topic, or without one the archive and its month."""
    home = Crumb(say("home"), prefix)
    if topics:
        name, path = topics[0]
        return [home, Crumb(name, path)]
    month = listings[f"{prefix}archive/{brief.date.year}/{brief.date.month:02d}/index.md"]
    return [home, Crumb(say("archive"), f"{prefix}archive/"), Crumb(month.title, month.path)]
