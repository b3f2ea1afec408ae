"""Chinese and Japanese text cut into words, as Pagefind 1.5.2's extended indexer cuts it.

Chinese and Japanese write no spaces between words: split at whitespace, a headline is
one "word", and a reader's search finds only what starts a run of text. Pagefind's
extended build cuts each whitespace-separated piece of a zh or ja page with charabia
0.9.9's `segment_str`, and its script cuts the reader's query too (with the browser's
Intl.Segmenter). The index must hold the words charabia makes, so this is charabia's
algorithm (tests/search/test_search_index.py holds it to the extended binary):

1. the piece is cut into runs of one script, by charabia's own ranges of characters;
   a character of no script (digits, punctuation) joins the run it is in;
2. a run of Han and kana is Japanese if kana are most of it or more than 5 % of it,
   else Chinese, whatever the page's language (whatlang's rule, which charabia asks);
3. in a run, each separator (search/separators.py) is a token of its own, text between
   them that is all digits or ASCII punctuation stays whole, the rest is segmented:
   Chinese by jieba's dictionary (rjieba: jieba-rs, the same library charabia uses), each
   word longer than two characters cut again into the dictionary's two- or three-character
   words, Japanese by lindera with UniDic, its words decomposed. An Arabic run in such a
   page has its article split off, as charabia's Arabic segmenter does.

Thai, which charabia also segments, is not (see NOT_SEGMENTED).
"""

from __future__ import annotations

import functools
import re
import string
import unicodedata

from generator.search.pagefind import SearchIndexError
from generator.search.separators import MULTI_CHARACTER, ONE_CHARACTER

SEGMENTED = ("zh", "ja")  # languages whose pages Pagefind's extended indexer segments
NOT_SEGMENTED = ("th",)  # segmented by Pagefind (a dictionary of its own), not by Briefing yet

_KANA = "\u3040-\u309f\u30a0-\u30ff"  # hiragana, katakana
_HAN = ("\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4db5"
        "\u4e00-\u9fcc\uf900-\ufa6d\ufa70-\ufad9")
# charabia's script of a character (detection/chars.rs), for the scripts it segments or
# that cut a run; everything else is "Other". U+FF00-FFEF (full-width punctuation and
# digits, half-width kana) is Hangul there, and cuts a Chinese run as a Korean word would.
_SCRIPTS = {
    "Latin": "A-Za-z\u0080-\u024f\u0250-\u02af\u1d00-\u1dbf\u1e00-\u1eff\u2100-\u214f\u2c60-\u2c7f"
             "\ua720-\ua7ff\uab30-\uab6f",
    "Cyrillic": "\u0400-\u0484\u0487-\u052f\u2de0-\u2dff\ua640-\ua69d",
    "Arabic": "\u0600-\u06ff\u0750-\u07ff\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "Hangul": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\u3200-\u32ff\ua960-\ua97f\ud7b0-\ud7ff\uff00-\uffef",
    "Cj": _KANA + _HAN,
    "Greek": "\u0370-\u03ff",
    "Thai": "\u0e00-\u0e7f",
}
_RUNS = re.compile("|".join(f"(?P<{name}>[{chars}]+)" for name, chars in _SCRIPTS.items()))
_HAN_CHARACTER, _HIRAGANA, _KATAKANA = (re.compile(f"[{chars}]") for chars in (_HAN, _KANA[:3], _KANA[3:]))
_SEPARATORS = re.compile("|".join(map(re.escape, MULTI_CHARACTER)) + f"|[{ONE_CHARACTER}]")
_ASCII_PUNCTUATION = frozenset(string.punctuation)
_ARTICLES = ("ال", "أل", "إل", "آل", "ٱل")


def segmented(language: str) -> bool:
    """Whether pages of `language` (a BCP 47 tag) are indexed as segmented text."""
    return language.split("-")[0].lower() in SEGMENTED


class Segmenter:
    """Cuts pieces of text (no whitespace in them) of a zh or ja page into tokens. The
    dictionaries load at the first run that needs them (lindera's takes 0.7 s), once a process."""

    def __init__(self, language: str):
        self.language = language.split("-")[0].lower()
        self._jieba = None
        self.seen: dict[str, list[str]] = {}  # pieces repeat: a newsroom's words
        if self.language == "ja":
            japanese_tokenizer()  # a missing dictionary said at once, not at the first kana

    def tokens(self, piece: str) -> list[str]:
        """The tokens of a whitespace-free piece, zero-width spaces dropped, none empty."""
        found = self.seen.get(piece)
        if found is None:
            found = [token for run in _script_runs(piece) for token in self._run(run)]
            if "\u200b" in piece:
                found = [kept for token in found if (kept := token.replace("\u200b", ""))]
            if len(piece) <= 32:  # names, figures, a Latin word: a whole Chinese sentence seldom repeats
                if len(self.seen) > 1 << 18:
                    self.seen.clear()
                self.seen[piece] = found
        return found

    def _run(self, run: str) -> list[str]:
        script = (match := _RUNS.search(run)) and match.lastgroup
        if script == "Cj":
            segment = self._chinese if _chinese(run) else self._japanese
        elif script == "Arabic":
            segment = _without_article
        else:
            segment = None
        tokens, at = [], 0
        for separator in _SEPARATORS.finditer(run):
            if separator.start() > at:
                tokens += _words(run[at:separator.start()], segment)
            tokens.append(separator.group())
            at = separator.end()
        if at < len(run):
            tokens += _words(run[at:], segment)
        return tokens

    def _chinese(self, text: str) -> list[str]:
        if self._jieba is None:
            import rjieba  # here: only a zh or ja site loads jieba's dictionary

            self._jieba = rjieba
        return [part for word in self._jieba.cut(text, False) for part in self._for_search(word)]

    def _for_search(self, word: str) -> list[str]:
        """A long word cut again, left to right, into dictionary words of two or three
        characters, else one: charabia's jieba `cut_for_search` of its own."""
        if len(word) <= 2 or (word.isascii() and word.isalnum()):
            return [word]
        has_word, parts, at = self._jieba.has_word, [], 0
        while at < len(word):
            size = next((n for n in (2, 3) if at + n <= len(word) and has_word(word[at:at + n])), 1)
            parts.append(word[at:at + size])
            at += size
        return parts

    def _japanese(self, text: str) -> list[str]:
        return [token.surface for token in japanese_tokenizer().tokenize(text)]


@functools.cache  # once a process: each shard's writer uses it
def japanese_tokenizer():
    """lindera with UniDic, decomposing compounds: what charabia cuts Japanese with."""
    try:
        import lindera  # here: only a ja site (or kana in a zh one) loads UniDic, 50 MB
    except ImportError:
        raise SearchIndexError("Japanese search needs lindera's UniDic dictionary: "
                               "pip install 'briefing[ja]'") from None
    builder = lindera.TokenizerBuilder()
    builder.set_mode("decompose")
    builder.set_dictionary("embedded://unidic")
    return builder.build()


def _script_runs(piece: str) -> list[str]:
    """The piece cut where the script changes; characters of no script stay where they are."""
    runs, start, last = [], 0, None
    for match in _RUNS.finditer(piece):
        if last is not None and match.lastgroup != last:
            runs.append(piece[start:match.start()])
            start = match.start()
        last = match.lastgroup
    runs.append(piece[start:])
    return [run for run in runs if run]


def _chinese(run: str) -> bool:
    """whatlang's choice for a run of Han and kana: Chinese unless kana are its main
    script or more than 5 % of it."""
    han, hiragana, katakana = (len(chars.findall(run)) for chars in (_HAN_CHARACTER, _HIRAGANA, _KATAKANA))
    if max(hiragana, katakana) > han:
        return False
    return not (hiragana + katakana) / max(han + hiragana + katakana, 1) > 0.05


def _words(text: str, segment) -> list[str]:
    """Text between separators: whole if all digits or ASCII punctuation (Rust's
    is_numeric), else its script's segmenter's words."""
    if segment is None or all(unicodedata.category(c) in ("Nd", "Nl", "No") or c in _ASCII_PUNCTUATION
                              for c in text):
        return [text]
    return segment(text)


def _without_article(word: str) -> list[str]:
    if len(word.encode()) > 4 and word.startswith(_ARTICLES):
        return [word[:2], word[2:]]
    return [word]
