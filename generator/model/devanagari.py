"""Hindi (Marathi, Nepali) in Latin letters, for slugs: भारत -> bharat, चंद्रयान -> chandrayan.

Ours, as no library tried reads it well: anyascii drops every inherent a ("prdusn" for
प्रदूषण), ICU and IAST keep every one ("bharata"). This keeps a consonant's a unless a
vowel sign or virama follows, or the consonant ends the word (word-final schwa deletion,
as Hindi is said); medial schwas stay (ghoshana, not ghoshna)."""

from __future__ import annotations

import unicodedata

_CONSONANTS = dict(zip(
    "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह",
    "k kh g gh n ch chh j jh n t th d dh n t th d dh n p ph b bh m y r l v sh sh s h".split(),
))
_WITH_NUKTA = {"क": "q", "ख": "kh", "ग": "g", "ज": "z", "ड": "r", "ढ": "rh", "फ": "f"}  # क़ ज़ ड़ फ़
_VOWEL_SIGNS = {"ा": "a", "ि": "i", "ी": "i", "ु": "u", "ू": "u", "े": "e", "ै": "ai", "ो": "o", "ौ": "au",
                "ृ": "ri", "ॅ": "e", "ॉ": "o"}
_VOWELS = {"अ": "a", "आ": "a", "इ": "i", "ई": "i", "उ": "u", "ऊ": "u", "ए": "e", "ऐ": "ai", "ओ": "o",
           "औ": "au", "ऋ": "ri"}
_NUKTA, _VIRAMA, _NASALS = "\u093c", "\u094d", "ंँ"


def romanized(text: str) -> str:
    chars = list(unicodedata.normalize("NFC", text).replace(_NUKTA, "\0"))
    out: list[str] = []
    for i, char in enumerate(chars):
        following = chars[i + 1 : i + 3]
        nukta = following[:1] == ["\0"]
        after = following[1:2] if nukta else following[:1]
        if char in _CONSONANTS:
            out.append(_WITH_NUKTA.get(char, _CONSONANTS[char]) if nukta else _CONSONANTS[char])
            if after and (after[0] in _VOWEL_SIGNS or after[0] == _VIRAMA):
                continue
            if not _word_ends(chars, i + (2 if nukta else 1)) or not _in_word(chars, i - 1):
                out.append("a")
        elif char in _VOWEL_SIGNS:
            out.append(_VOWEL_SIGNS[char])
        elif char in _VOWELS:
            out.append(_VOWELS[char])
        elif char in _NASALS:
            out.append("n")
        elif char not in ("\0", _VIRAMA, "ः"):
            out.append(char)
    return "".join(out)


def _in_word(chars: list[str], i: int) -> bool:
    return i >= 0 and ("\u0900" <= chars[i] <= "\u097f" or chars[i] == "\0")


def _word_ends(chars: list[str], i: int) -> bool:
    """Whether the word ends at i: nothing Devanagari follows (or only a nasal mark)."""
    if i < len(chars) and chars[i] in _NASALS:
        i += 1
    return not _in_word(chars, i) if i < len(chars) else True
