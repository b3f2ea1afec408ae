"""URL-safe names: "Middle East" -> "middle-east", by the rule of the text's language.

A brief's address is made once, by `briefing new` or `briefing import`, and frozen in
its file name, so a library upgrade never moves a page. Romanization by language (the
research that chose each rule compared every library on real titles):

    de           ä ö ü ß -> ae oe ue ss, then anyascii     zuerich-aerger-ueber-oel
    uk           translitua (the national system)          zelenskyi-u-kyievi
    zh           pypinyin, a word per syllable             guo-ji-she-hui
    ja           lindera's UniDic readings (briefing[ja])  toukyou-kabushiki-shijou
    th           pythainlp words, royin (briefing[th])     krungthep-phechoen
    ar fa ur ps  alef and ta marbuta kept as a, then anyascii
    hi mr ne     our own Devanagari table (word-final schwa dropped: bharat)
    any other    anyascii (ru, el, ko ... read well letter by letter)

`unicode=True` (the `slugs: unicode` setting) keeps the title's own letters instead.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex
from anyascii import anyascii

LIMIT = 60
LANGUAGE_NAMES = {"ja": "Japanese", "th": "Thai"}  # the languages whose rule is an extra

_DE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})
# anyascii drops alef ("lmm" for الأمم); kept as a, with alef maksura and ta marbuta, the slug reads.
_ARABIC = str.maketrans({"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ى": "a", "ة": "a",
                         "ع": "", "ء": "", "\u0654": ""})
_DROPPED = set("عء")  # left out on purpose: as Arabic slugs are written
_TASHKEEL = re.compile("[\u064b-\u065f\u0670\u0640]")  # vowel marks, tatweel: not the spelling
_OWN = {"Ll", "Lo", "Lm", "Mn", "Mc", "Me", "Nd"}  # what a slug's words are made of (is_slug)
_NOT_ASCII_WORD = re.compile(r"[^a-z0-9]+")


# What the build takes as a brief's slug: lowercase words of letters, marks and digits in any
# script (ZWNJ inside Persian words), joined by hyphens. ASCII slugs: the common case, quickly.
_ASCII_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_WORD = r"[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}]+(?:\u200c[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}]+)*"
_SLUG = regex.compile(rf"{_WORD}(?:-{_WORD})*")


def is_slug(name: str, nfc: bool = True) -> bool:
    """Whether `name` is a slug the build takes (in NFC form too, unless nfc=False)."""
    if _ASCII_SLUG.fullmatch(name):
        return True
    return bool(_SLUG.fullmatch(name)) and (not nfc or unicodedata.is_normalized("NFC", name))


class NoAddress(ValueError):
    """A title that gives no readable address; the message says what to do."""


def slugify(text: str, language: str = "en", limit: int = LIMIT, unicode: bool = False) -> str:
    """Words joined by hyphens, cut at a word boundary within `limit` characters (a
    first word longer than that is cut at `limit`); "" if the text has no word to
    give: no letters, or a language whose romanizer is an extra not installed."""
    return _slug(text, primary(language), limit, unicode)


def brief_slug(title: str, language: str = "en", unicode: bool = False) -> str:
    """A new brief's slug, or NoAddress saying why there is none and what to do."""
    if slug := slugify(title, language, unicode=unicode):
        return slug
    name = LANGUAGE_NAMES.get(primary(language))
    if name and not unicode and _romanizer(primary(language)) is None:
        raise NoAddress(f"no readable address for a {name} title (expected pip install "
                        f"'briefing[{primary(language)}]', --slug NAME, or slugs: unicode)")
    raise NoAddress("no readable address for a title without letters or digits "
                    "(expected a title in words, or --slug NAME)")


def unique(slug: str, taken: set[str]) -> str:
    """The first of slug, slug-2, slug-3 ... not taken."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def loses_letters(name: str, language: str = "en") -> bool:
    """Whether a letter or digit of `name` has no romanized form by the language's rule
    (ü has one: u; a script anyascii does not know has none)."""
    romanize = _romanizer(primary(language))
    if romanize is None:
        return not name.isascii()
    return any(c.isalnum() and c not in _DROPPED and not anyascii(romanize(c)).strip() for c in name)


def primary(language: str | None) -> str:
    """The primary subtag of a BCP 47 tag: "zh-Hant" -> "zh", "pt-BR" -> "pt"."""
    return (language or "en").replace("_", "-").split("-")[0].lower()


@lru_cache(maxsize=65536)  # the same titles and topic names come back on every build
def _slug(text: str, code: str, limit: int, unicode: bool) -> str:
    text = unicodedata.normalize("NFC", text)
    if unicode:
        return unicodedata.normalize("NFC", _join(_own_words(text), limit))
    romanize = _romanizer(code)
    if romanize is None:
        return ""
    text = "".join(" " if unicodedata.category(c) == "So" else c for c in text)  # emoji: not ":tada:"
    latin = anyascii(romanize(text)).lower().replace("'", "")
    return _join(_NOT_ASCII_WORD.sub(" ", latin).split(), limit)


def _own_words(text: str) -> list[str]:
    """The title's own words: letters, marks (spelling in Thai and Devanagari) and digits;
    ZWNJ inside Persian words; everything else (punctuation, bidi controls) a separator."""
    text = _TASHKEEL.sub("", text).lower()
    kept = "".join(c if unicodedata.category(c) in _OWN or c == "\u200c" else " " for c in text)
    return [word.strip("\u200c") for word in kept.split() if word.strip("\u200c")]


def _join(words: list[str], limit: int) -> str:
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or (words[0][:limit] if words else "")  # one long run (Chinese, a compound): cut


def _romanizer(code: str):
    """The language's romanizer (text -> Latin text), or None if its extra is not installed."""
    if code == "de":
        return lambda text: text.translate(_DE)
    if code in ("ar", "fa", "ur", "ps"):
        return lambda text: _TASHKEEL.sub("", text).translate(_ARABIC)
    if code in ("hi", "mr", "ne"):
        from generator.model.devanagari import romanized
        return romanized
    if code in ("uk", "zh", "ja", "th"):
        return _heavy(code)
    return str


@lru_cache(maxsize=None)
def _heavy(code: str):
    """Romanizers whose imports take time (pypinyin 0.6 s, lindera's dictionary 1 s): loaded once,
    when a title of their language first needs them."""
    try:
        if code == "uk":
            from translitua import translit
            return translit  # the national system (2010): Київ -> Kyiv, Зеленський -> Zelenskyi
        if code == "zh":
            from pypinyin import lazy_pinyin
            return lambda text: " ".join(lazy_pinyin(text))
        if code == "ja":
            from generator.model.kana import japanese_romaji
            return japanese_romaji()
        from pythainlp.tokenize import word_tokenize
        from pythainlp.transliterate import romanize
        return lambda text: " ".join(romanize(w, engine="royin") for w in word_tokenize(text, engine="newmm"))
    except ImportError:
        return None
