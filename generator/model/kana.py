"""Japanese in Latin letters, for slugs: words and their readings from lindera's UniDic
(the `briefing[ja]` extra, which the search index uses to split Japanese too), each
reading in Hepburn without macrons: 東京株式市場 -> toukyou kabushiki shijou.

Kanji have several readings each, so only a dictionary of words can read them (anyascii
and every letter-by-letter tool read 日本 as Mandarin "ri ben"); and kana to romaji is
ours, as anyascii reads kana one by one (キャ "kiya", ニッポン "nitpon")."""

from __future__ import annotations

_SYLLABLES = dict(zip(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヰヱヲン"
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ",
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho "
    "ma mi mu me mo ya yu yo ra ri ru re ro wa i e o n "
    "ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po vu".split(),
))
_SMALL_Y = {"ャ": "a", "ュ": "u", "ョ": "o"}  # キャ kya, シャ sha, チャ cha, ジャ ja
_SMALL_VOWELS = {"ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}  # ファ fa, ティ ti, ウィ wi
_SMALL_PLAIN = {"ャ": "ya", "ュ": "yu", "ョ": "yo", "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o",
                "ヮ": "wa", "ヵ": "ka", "ヶ": "ke"}


def romaji(kana: str) -> str:
    """Katakana or hiragana in Hepburn letters, long vowel marks dropped; other characters kept."""
    out: list[str] = []
    double = False  # after ッ: the next consonant is doubled (ニッポン nippon, マッチ matchi)
    for char in kana:
        if "\u3041" <= char <= "\u3096":
            char = chr(ord(char) + 0x60)  # hiragana -> katakana
        if char == "ッ":
            double = True
            continue
        if char in _SMALL_Y and out and len(out[-1]) > 1 and out[-1].endswith("i"):
            stem = out[-1][:-1]
            palatal = stem.endswith(("sh", "ch", "j"))  # シャ sha, not shya
            out[-1] = stem + ("" if palatal else "y") + _SMALL_Y[char]
        elif char in _SMALL_VOWELS and out and out[-1] in ("u", "vu"):
            out[-1] = ("w" if out[-1] == "u" else "v") + _SMALL_VOWELS[char]
        elif char in _SMALL_VOWELS and out and len(out[-1]) > 1:
            out[-1] = out[-1].rstrip("aiueo") + _SMALL_VOWELS[char]
        elif char == "ー":
            pass  # Hepburn without macrons: トーキョー tokyo
        else:
            syllable = _SYLLABLES.get(char) or _SMALL_PLAIN.get(char, char)
            if double and syllable[0] in "bcdfghjkmpqrstvwxyz":
                syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
            out.append(syllable)
        double = False
    return "".join(out)


def japanese_romaji():
    """text -> its words in romaji, one word a token; ImportError without briefing[ja]."""
    import lindera  # lindera-python-unidic: the tokenizer with UniDic built in

    builder = lindera.TokenizerBuilder()
    builder.set_mode("normal")  # whole words: 記者会見 stays two words, not four pieces
    builder.set_dictionary("embedded://unidic")
    tokenizer = builder.build()

    def read(text: str) -> str:
        words: list[str] = []  # kana, a word each: a verb with its endings (始まった hajimatta)
        for token in tokenizer.tokenize(text):
            kana = _reading(token)
            if words and (token.details[0] == "助動詞" or words[-1].endswith("ッ")):
                words[-1] += kana
            else:
                words.append(kana)
        return " ".join(map(romaji, words))

    return read


def _reading(token) -> str:
    """A token's kana. UniDic's fields: 0 part of speech, 4 conjugation type, 6 the lemma's
    reading (トウキョウ, kana as written), 7 the lemma, 9 the pronunciation (トーキョー; は as ワ)."""
    details = token.details
    if token.is_unknown or len(details) < 10 or details[6] in ("", "*") or token.surface.isdigit():
        return token.surface  # a katakana word the dictionary lacks, Latin letters, digits (1, not ichi)
    if details[0] == "助詞" or details[4] != "*" and details[7] != token.surface:
        return details[9]  # particles as said (は wa, へ e); a conjugated word as written here
    return details[6]
