"""The words around the briefs come from one table by language, counts in their plural forms."""

from __future__ import annotations

import json
import string

import pytest
from babel import Locale

from generator.outputs.wording import WORDS, Wording, untranslated


def test_a_count_takes_the_form_its_number_needs():
    say = Wording("en")
    assert [say("briefs", n) for n in (0, 1, 2, 21)] == ["0 briefs", "1 brief", "2 briefs", "21 briefs"]
    assert say("correction", 1) == "Correction" and say("correction", 3) == "Corrections"


def test_words_fill_in_what_they_are_given():
    assert Wording("en")("by", names="Elena Stavrou") == "By Elena Stavrou"


def test_a_language_without_a_column_or_a_word_falls_back_to_english():
    assert Wording("sw")("related") == "Related"
    assert Wording("en-GB").language == "en"


def test_a_count_word_without_its_count_is_a_mistake_of_the_template():
    with pytest.raises(TypeError, match="briefs"):
        Wording("en")("briefs")
    with pytest.raises(KeyError):
        Wording("en")("no such word")


def test_scripts_get_their_words_as_json():
    words = json.loads(Wording("en").for_script("cancel", "results"))
    assert words == {"cancel": WORDS["en"]["cancel"], "results": WORDS["en"]["results"]}


# --- every language's column --------------------------------------------------------------------

def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", sorted(set(WORDS) - {"en"}))
def test_a_column_has_every_word_of_english_and_fills_in_the_same_values(language):
    english, column = WORDS["en"], WORDS[language]
    assert set(column) == set(english)
    categories = Locale.parse(language).plural_form.tags | {"other"}
    for key, word in column.items():
        if isinstance(english[key], dict):  # a count: forms of the language's categories only
            assert isinstance(word, dict) and "other" in word and set(word) <= categories, key
            assert all(placeholders(form) <= {"n"} for form in word.values()), key
        else:
            assert isinstance(word, str) and placeholders(word) == placeholders(english[key]), key


@pytest.mark.parametrize("language, related, by", [
    ("de", "Zum Thema", "Von Lena Roth"), ("ar", "أخبار ذات صلة", "بقلم Lena Roth"),
    ("ru", "По теме", "Текст: Lena Roth"), ("fa", "مطالب مرتبط", "نوشتهٔ Lena Roth"),
    ("zh", "相关新闻", "作者：Lena Roth"), ("ja", "関連記事", "執筆：Lena Roth"),
])
def test_a_language_says_its_own_words(language, related, by):
    say = Wording(language)
    assert (say("related"), say("by", names="Lena Roth")) == (related, by)


def test_arabic_counts_take_the_six_forms_of_its_grammar():
    say = Wording("ar")
    assert [say("briefs", n) for n in (0, 1, 2, 3, 11, 100)] == [
        "لا أخبار", "خبر واحد", "خبران", "3 أخبار", "11 خبرًا", "100 خبر"]


def test_russian_counts_follow_the_last_digits():
    say = Wording("ru")
    assert [say("briefs", n) for n in (1, 2, 5, 11, 21, 22, 25)] == [
        "1 новость", "2 новости", "5 новостей", "11 новостей", "21 новость", "22 новости", "25 новостей"]


def test_counts_are_written_in_the_languages_digits():
    assert Wording("fa")("briefs", 3) == "۳ خبر"
    assert Wording("fa")("page_n", n=12) == "صفحهٔ ۱۲"
    assert Wording("fa", digits="latn")("briefs", 3) == "3 خبر"
    assert Wording("ar")("briefs", 11) == "11 خبرًا"  # Arabic's default digits are Latin (CLDR)
    assert Wording("ar", digits="arab")("briefs", 11) == "١١ خبرًا"


def test_a_region_or_script_finds_its_languages_column_but_never_another_script():
    assert Wording("de-AT")("related") == "Zum Thema"
    assert Wording("zh-Hans")("related") == Wording("zh-CN")("related") == "相关新闻"
    assert Wording("zh-Hant").column is None  # Traditional characters: not the Simplified column


def test_a_language_without_a_column_has_materials_words_where_it_has_them():
    say = Wording("tr")  # Material for MkDocs speaks Turkish, Briefing's table does not
    assert say.column is None
    assert (say("search"), say("skip_to_content"), say("draft")) == ("Ara", "Ana içeriğe geç", "Taslak")
    assert say("related") == "Related"
    assert Wording("ps")("search") == "Search"  # nor Material: English


def test_a_word_missing_from_a_column_is_english(monkeypatch):
    monkeypatch.setitem(WORDS, "de", {k: v for k, v in WORDS["de"].items() if k != "related"})
    assert Wording("de")("related") == "Related" and Wording("de")("topics") == "Themen"


def test_the_languages_without_a_column_are_named_once_each():
    assert untranslated(["en", "de", "sw", "tr", "sw", "de-CH", "ps"]) == ["ps", "sw", "tr"]
