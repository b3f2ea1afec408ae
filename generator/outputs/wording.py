"""The words of the pages around the briefs ("Updated", "Related", "3 briefs"), by language.

One table, keyed by language then by a short name, so that a site in another language
is a matter of adding its column (outputs/languages/<code>.py), and no template or script
holds a word of its own. Templates say `{{ say("related") }}` or `{{ say("briefs", n) }}`;
scripts get the words they need as JSON (`for_script`). A word a column lacks is
Material for MkDocs' own translation where it has that word (the page's chrome speaks the
same), else English, so that a half-translated table still builds; a language with no
column at all is named by `untranslated`, for the build to warn about once.

A count's word has a form for each plural category its language has (English: "one" and
"other"; Arabic: zero, one, two, few, many, other), chosen by CLDR's rule (Babel), and
its number is written in the language's digits (model/dates.py).
"""

from __future__ import annotations

import ast
import functools
import importlib
import json
import re
from pathlib import Path

import material

from generator.model.dates import in_digits, locale_of

ENGLISH = "en"

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
        "brief_is_at": "This brief is at",  # a shortlink's page, for a browser without script
        "news_is_at": "The news is at",  # the root's, when the default language has a folder
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


# The columns of outputs/languages/, by code.
COLUMNS = ("de", "ar", "ru", "fa", "zh", "ja")
WORDS.update({code: importlib.import_module(f"generator.outputs.languages.{code}").WORDS for code in COLUMNS})

# Briefing's words that Material for MkDocs has too, under its own key.
MATERIAL_KEYS = {"search": "search", "skip_to_content": "action.skip", "archive": "blog.archive",
                 "authors": "blog.authors", "draft": "blog.draft"}
MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"

# Chinese in Traditional characters, which the Simplified column ("zh") must not answer for.
_TRADITIONAL = re.compile(r"zh-(hant|tw|hk|mo)\b", re.IGNORECASE)


def column_of(language: str) -> str | None:
    """The column for a BCP 47 tag: its own, else its language's ("de-AT": "de"), else None."""
    tag = language.lower()
    if tag in WORDS:
        return tag
    base = tag.split("-")[0]
    return base if base in WORDS and not _TRADITIONAL.match(tag) else None


def untranslated(languages) -> list[str]:
    """The languages among `languages` that have no column: their pages speak English."""
    return sorted({language for language in languages if column_of(language) is None})


@functools.lru_cache(maxsize=64)
def material_words(language: str) -> dict[str, str]:
    """Material's translation of Briefing's words that it has (MATERIAL_KEYS), for a tag: its
    file (partials/languages/pt-BR.html), else its language's; none for a language it lacks."""
    base = language.split("-")[0]
    for name in dict.fromkeys([language, *([] if _TRADITIONAL.match(language) else [base])]):
        path = MATERIAL_LANGUAGES / f"{name}.html"
        if path.is_file():
            # Each file is `{% macro t(key) %}{{ {...}[key] }}{% endmacro %}`: a Python dict literal.
            found = re.search(r"\{\{ (\{.*\})\[key\] \}\}", path.read_text("utf-8"), re.S)
            table = ast.literal_eval(found[1]) if found else {}
            return {key: table[theirs] for key, theirs in MATERIAL_KEYS.items() if table.get(theirs)}
    return {}


# A credit that names its kind already ("Illustration: ...", "Foto: ...", "Graphic: ..."):
# one word and a colon, in any language.
_LABELLED = re.compile(r"[^\W\d_]+:\s")


class Wording:
    """The words of one language: `say("updated")`, `say("briefs", 3)`, `say("by", names=...)`.

    `tag` is the page's language as given ("pt-BR"), `column` the column that speaks for it
    (None: none does), `language` that column or English; `digits` the numbering system its
    numbers are written in (None: the language's own, from CLDR)."""

    def __init__(self, language: str, digits: str | None = None):
        self.tag, self.digits = language, digits
        self.column = column_of(language)
        self.language = self.column or ENGLISH
        self._words = {**WORDS[ENGLISH], **material_words(language), **WORDS.get(self.column or "", {})}
        self._plural = locale_of(language if self.column else ENGLISH).plural_form

    def __call__(self, key: str, n: int | None = None, **values: object) -> str:
        word = self._words[key]  # a KeyError: a template asks for a word no table has
        if isinstance(word, dict):
            if n is None:
                raise TypeError(f"the word {key!r} depends on a count: say({key!r}, n)")
            word = word.get(self._plural(n)) or word["other"]
        if n is None and not values:
            return word
        return word.format(n=None if n is None else in_digits(str(n), self.tag, self.digits), **values)

    def credit(self, credit: str) -> str:
        """A picture's credit as printed: "Image: AP/Jane Doe", or as written when it carries
        its own label, so that no caption reads "Image: Illustration: ..."."""
        return credit if _LABELLED.match(credit) else f"{self('image_credit')}: {credit}"

    def for_script(self, *keys: str) -> str:
        """The words `keys` as JSON, for a script (counts keep their forms by category)."""
        return json.dumps({key: self._words[key] for key in keys}, ensure_ascii=False)
