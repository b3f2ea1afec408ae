"""The words around the briefs come from one table by language, counts in their plural forms."""

from __future__ import annotations

import json

import pytest

from generator.outputs.wording import WORDS, Wording


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
