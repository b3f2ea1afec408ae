"""The words of the pages around the briefs ("Updated", "Related", "3 briefs"), by language.

One table, keyed by language then by a short name, so that a site in another language
is a matter of adding its column, and no template or script holds a word of its own.
Templates say `{{ say("related") }}` or `{{ say("briefs", n) }}`; scripts get the words
they need as JSON (`for_script`). A key a language lacks falls back to English, so that
a half-translated table still builds.

A count's word has a form for each plural category its language has (English: "one" and
"other"), chosen by `PLURALS`, the rule of each language.
"""

from __future__ import annotations

import json
from typing import Callable

ENGLISH = "en"

# A language's plural category for a count: CLDR's names (one, two, few, many, other).
PLURALS: dict[str, Callable[[int], str]] = {
    "en": lambda n: "one" if n == 1 else "other",
}

WORDS: dict[str, dict[str, str | dict[str, str]]] = {
    "en": {
        # the frame
        "skip_links": "Skip links",
        "skip_to_content": "Skip to content",
        "skip_to_menu": "Skip to main menu",
        "skip_to_footer": "Skip to footer",
        "breadcrumbs": "Breadcrumbs",
        "home": "Home",
        "latest": "Latest",
        "latest_briefs": "Latest briefs",
        "topics": "Topics",
        "topic": "Topic",
        "authors": "Authors",
        "author": "Author",
        "agencies": "Agencies",
        "agency": "Agency",
        "archive": "Archive",
        "search": "Search",
        "corrections": "Corrections",
        "feeds": "Feeds",
        "about": "About",
        "imprint": "Imprint",
        "site_links": "This site",
        "indexes": "Indexes",
        "also_in": "Also in",  # the page's versions in other languages follow
        # lists of briefs
        "lead_stories": "Lead stories",
        "more_news": "More news",
        "newer": "Newer",
        "older": "Older",
        "pages": "Pages",
        "page_n": "page {n}",
        "draft": "Draft",
        "briefs": {"one": "{n} brief", "other": "{n} briefs"},
        # a brief's page
        "by": "By {names}",
        "with_agencies": "with {agencies}",
        "and": "and",
        "updated": "Updated",
        "image_credit": "Image",
        "short_link": "Short link",
        "copy_short_link": "Copy short link",
        "related": "Related",
        "correction": {"one": "Correction", "other": "Corrections"},
        "all_corrections": "All corrections",
        "corrections_intro": "When a brief gets something wrong, it is corrected on its page and listed "
                             "here, newest first.",
        "draft_note": "a work in progress, not yet for publishing.",  # true in serve, --drafts, drafts: true
        # search
        "search_briefs": "Search briefs",
        "search_results": "Search results",
        "cancel": "Cancel",
        "filters": "Filters",
        "order": "Order",
        "best_match": "Best match",
        "newest_first": "Newest first",
        "no_briefs_found": "No briefs found",
        "searching": "Searching…",
        "results": {"one": "{n} brief found", "other": "{n} briefs found"},
        "years": "Years",
        "enter_shows_all": "Enter shows them all.",
        "first_n_shown": "the first {n} shown",
        "search_hint": "Type what you are looking for. To browse a topic, open its page from Topics.",
        "search_needs_script": "Search needs JavaScript.",
        # page not found
        "not_found": "Page not found",
        "not_found_text": "There is no brief at this address. "
                          "It may have moved, or the link may be mistyped.",
        "all_topics": "All topics",
        "the_archive": "The archive",
        # a preview for the desk (briefing build --drafts)
        "preview": "Preview",
        "preview_note": "not published. Drafts are shown.",
        # the preview's problems (`briefing serve`: the overlay, the page before a first good build)
        "preview_problems": {"one": "{n} problem: this is the last good build",
                             "other": "{n} problems: this is the last good build"},
        "preview_nothing_built": {"one": "{n} problem: nothing could be built yet",
                                  "other": "{n} problems: nothing could be built yet"},
        "preview_fix_and_save": "Fix and save: the page follows by itself.",
        "preview_warning": "warning",
        "preview_hide": "Hide",
    },
}


class Wording:
    """The words of one language: `say("updated")`, `say("briefs", 3)`, `say("by", names=...)`."""

    def __init__(self, language: str):
        base = language.split("-")[0].lower()
        self.language = base if base in WORDS else ENGLISH
        self._words = {**WORDS[ENGLISH], **WORDS[self.language]}
        self._plural = PLURALS.get(self.language, PLURALS[ENGLISH])

    def __call__(self, key: str, n: int | None = None, **values: object) -> str:
        word = self._words[key]  # a KeyError: a template asks for a word no table has
        if isinstance(word, dict):
            if n is None:
                raise TypeError(f"the word {key!r} depends on a count: say({key!r}, n)")
            word = word.get(self._plural(n)) or word["other"]
        return word.format(n=n, **values) if (n is not None or values) else word

    def for_script(self, *keys: str) -> str:
        """The words `keys` as JSON, for a script (counts keep their forms by category)."""
        return json.dumps({key: self._words[key] for key in keys}, ensure_ascii=False)
