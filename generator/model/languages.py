"""Language tags (BCP 47: "de", "pt-BR", "zh-Hans"): which of a site's languages a brief's
`lang` is, which way its script runs, its own name, and the code Google News wants.

What a language is comes from CLDR through Babel (installed with Material), not from lists
of ours: only CLDR's gaps are filled here.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

# Languages CLDR files under another tag: Dari is Afghan Persian.
_CLDR_TAG = {"prs": "fa_AF"}


def primary(tag: str) -> str:
    """The language without its script or region: "pt-BR" -> "pt"."""
    return tag.split("-", 1)[0].lower()


def match(tag: str, codes) -> str | None:
    """Which of `codes` (a site's languages) `tag` is written in: the same tag in any case,
    else the one of the same language ("de-CH" is a German brief on a site of "de");
    None if the site has no such language."""
    by_case = {code.lower(): code for code in codes}
    if tag.lower() in by_case:
        return by_case[tag.lower()]
    return next((code for code in codes if primary(code) == primary(tag)), None)


@lru_cache(maxsize=256)
def _locale(tag: str) -> Locale | None:
    try:
        return Locale.parse(_CLDR_TAG.get(tag.lower(), tag), sep="-" if "-" in tag else "_")
    except (UnknownLocaleError, ValueError):
        try:  # a region or script CLDR lacks ("ar-XY"): the language alone
            return Locale.parse(_CLDR_TAG.get(primary(tag), primary(tag)))
        except (UnknownLocaleError, ValueError):
            return None


def locale(tag: str) -> Locale:
    """Babel's locale for a tag (English for one CLDR does not know), for dates and plurals."""
    return _locale(tag) or _locale("en")


def known(tag: str) -> bool:
    return _locale(tag) is not None


@lru_cache(maxsize=256)
def direction(tag: str) -> str:
    """"rtl" for languages written right to left (ar, fa, prs, ps, ur, he, ckb), else "ltr"."""
    found = _locale(tag)
    return "rtl" if found is not None and found.text_direction == "rtl" else "ltr"


@lru_cache(maxsize=256)
def own_name(tag: str) -> str:
    """The language's name in itself, as a language switcher shows it: Deutsch, العربية."""
    found = _locale(tag)
    name = found.get_display_name(found) if found is not None else None
    return (name[:1].upper() + name[1:]) if name else tag


def news_code(tag: str) -> str:
    """The code Google News' sitemap takes: ISO 639 (pt-BR -> pt), but zh-cn or zh-tw for
    Chinese, by script or region (zh-Hant, zh-TW, zh-HK -> zh-tw; zh, zh-Hans -> zh-cn)."""
    parts = [part.lower() for part in tag.split("-")]
    if parts[0] != "zh":
        return parts[0]
    return "zh-tw" if {"hant", "tw", "hk", "mo"} & set(parts[1:]) else "zh-cn"
