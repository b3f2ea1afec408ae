"""The words a search index holds for a text, as Pagefind 1.5 finds them.

The index is read in the browser by Pagefind's own script, which normalizes and
stems a reader's query its way; the index must hold every word the same way, or
queries miss. So this follows Pagefind's rules (its `fossick` module): a text is
split at whitespace (in Chinese and Japanese, each piece cut into words: search/segment.py);
each piece is lower-cased and cut to its letters, digits and connector punctuation,
stripped of diacritics (the form with them is kept as a variant, for ranking) and stemmed
with the Snowball stemmer of the language; a piece made of several words ("F-16",
"McDonald", "Moscow's") also gives each of them, at the same position with a share
of its weight. tests/search/test_search_index.py holds the whole index to Pagefind's
on the same documents.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

import regex
import Stemmer

# Pagefind's languages with a stemmer (pagefind_stem's get_stemmer), and Snowball's name for
# each. Not Persian: PyStemmer has a stemmer for it, Pagefind does not stem it (nor its queries).
_STEMMERS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
    "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian",
    "lt": "lithuanian", "nb": "norwegian", "ne": "nepali", "nn": "norwegian", "no": "norwegian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}
WEIGHT = 24  # Pagefind's weight 1.0; a heading <hN> weighs (8 - N) times it
_ASCII_PUNCTUATION = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"})
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~"  # around a word, and not part of it (_ is)
# Rust's char classes, by Unicode property (Python's str methods go by category, and
# differ: circled letters and Indic vowel signs are alphabetic, and not str.isalpha).
_NOT_KEPT = regex.compile(r"[^\p{Alphabetic}\p{N}\p{Pc}]+")  # Pc: Pagefind's include_characters
_NOT_ALPHANUMERIC = regex.compile(r"[^\p{Alphabetic}\p{N}]")
_UPPERCASE = regex.compile(r"\p{Uppercase}")
_EMOJI = regex.compile(r"\p{Emoji}")
_PICTURE = regex.compile(  # an emoji, of one or more joined pictures, a flag or a keycap
    r"\p{Extended_Pictographic}[\ufe0f\p{Emoji_Modifier}]*"
    r"(?:\u200d\p{Extended_Pictographic}[\ufe0f\p{Emoji_Modifier}]*)*"
    r"|\p{Regional_Indicator}{2}|[#*0-9]\ufe0f?\u20e3")
_SENTENCE_END = regex.compile(r"[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}'\")$*]")
_ASCII_SENTENCE_END = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'\")$*")


class Word(NamedTuple):
    """One entry a piece of text makes in the index."""

    stem: str
    original: str | None  # the lower-cased form with its diacritics, where they were removed
    part: bool  # a part of a compound ("16" of "F-16"), which shares the piece's weight


class Words:
    """The index entries of pieces of text in one language, remembered: a newsroom's
    vocabulary repeats, and most pieces of a text were seen before."""

    def __init__(self, language: str):
        name = _STEMMERS.get(language.split("-")[0].lower())
        self._stem = Stemmer.Stemmer(name).stemWord if name else None
        self.seen: dict[str, str | tuple[Word, ...]] = {}  # what `of` gave each piece so far

    def of(self, piece: str) -> str | tuple[Word, ...]:
        """The entries of a piece of text; most pieces make one whole word without
        diacritics, and give just its stem (a string, not a tuple of one Word)."""
        found = self.seen.get(piece)
        if found is not None:
            return found
        if len(self.seen) > 1 << 20:
            self.seen.clear()
        core = piece.strip(_PUNCTUATION) if piece.isascii() else ""
        if core.isalpha() and (core[1:].islower() or core.isupper()):  # "word,", "(Word", "AP."
            found = self._stem(core.lower()) if self._stem else core.lower()  # no compound: see _of
        else:
            found = self._of(piece)
            if len(found) == 1 and not found[0].part and found[0].original is None:
                found = found[0].stem
        self.seen[piece] = found
        return found

    def _of(self, piece: str) -> tuple[Word, ...]:
        found = []
        normalized = _NOT_KEPT.sub("", piece)
        if _UPPERCASE.search(normalized):
            normalized = "".join(c.lower() if _UPPERCASE.match(c) else c for c in normalized)
        if normalized:
            found.append(self._word(normalized, part=False))
        if not (_NOT_ALPHANUMERIC.search(piece) or _UPPERCASE.search(piece, 1)):
            return tuple(found)
        if normalized:
            joined = _split_words(piece.translate(_ASCII_PUNCTUATION))
            parts = joined.split()
            if len(parts) > 1 or not normalized.startswith(joined):
                found += [self._word(part, part=True) for part in parts if len(part.encode()) > 1]
        if _EMOJI.search(piece):  # each emoji is a word of its own
            found += [Word(cluster, None, False) for cluster in regex.findall(r"\X", piece)
                      if _PICTURE.fullmatch(cluster)]
        return tuple(found)

    def _word(self, text: str, part: bool) -> Word:
        plain = _without_diacritics(text)
        base = text if plain is None else plain
        return Word(self._stem(base) if self._stem else base, None if plain is None else text, part)


def _without_diacritics(word: str) -> str | None:
    if word.isascii():
        return None
    plain = "".join(
        c for c in unicodedata.normalize("NFD", word) if not unicodedata.category(c).startswith("M")
    )
    return plain if plain != word else None


def _upper(cluster: str) -> bool:
    return cluster.upper() != cluster.lower() and cluster == cluster.upper()


def _lower(cluster: str) -> bool:
    return cluster.upper() != cluster.lower() and cluster == cluster.lower()


def _digit(cluster: str) -> bool:
    return cluster.isascii() and cluster.isdigit()


def _split_words(text: str) -> str:
    """The lower-cased words of an identifier-like piece, split where convert_case's
    default boundaries split them: spaces, a lower-case letter before a capital
    ("Mc|Donald"), the last capital of an acronym before a word ("WK|Web"), letters
    next to digits. It reads what a reader sees as one character: a letter with its
    combining marks, an emoji sequence (Unicode's grapheme clusters)."""
    clusters = regex.findall(r"\X", text) if not text.isascii() else list(text)
    words, current = [], ""
    for i, c in enumerate(clusters):
        if c == " ":
            words.append(current)
            current = ""
            continue
        current += c
        following = clusters[i + 1] if i + 1 < len(clusters) else " "
        after = clusters[i + 2] if i + 2 < len(clusters) else " "
        if ((_lower(c) and (_upper(following) or _digit(following)))
                or (_upper(c) and (_digit(following) or (_upper(following) and _lower(after))))
                or (_digit(c) and (_lower(following) or _upper(following)))):
            words.append(current)
            current = ""
    words.append(current)
    return " ".join(word.lower() for word in words if word)


def sentence(text: str) -> str:
    """A block's text as Pagefind reads it into a page: a full stop after it unless it
    ends in punctuation (or whitespace) already, then split at whitespace."""
    if not text:
        return text
    last = text[-1]
    ends = last in _ASCII_SENTENCE_END if last.isascii() else _SENTENCE_END.match(last)
    return text + "." if ends else text
