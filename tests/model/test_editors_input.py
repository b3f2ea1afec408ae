"""Front matter as editors type it under deadline: YAML read as text, values they cannot see,
folders that are not months, placeholders left in, and new briefs with non-Latin titles."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.model.advice import advice
from generator.model.reading import read_brief
from generator.model.scaffold import new_brief

from conftest import TINY_PNG, write

BERLIN = ZoneInfo("Europe/Berlin")
SOURCE = "2024/07/assad-putin.md"

FIELDS = """\
title: Assad meets Putin
date: 2024-07-25T11:00:00+02:00
lead: The two leaders met at the Kremlin.
"""


def read(tmp_path: Path, front: str, body: str = "Text.\n", source: str = SOURCE, fields: str = FIELDS):
    raw = f"---\n{fields}{front}---\n{body}".encode()
    return read_brief(tmp_path, source, raw, BERLIN, path=f"content/{source}")


def problems(tmp_path: Path, front: str, **kwargs) -> list[str]:
    brief, found = read(tmp_path, front, **kwargs)
    assert brief is None
    return [str(p) for p in found]


def sound(tmp_path: Path, front: str, **kwargs):
    brief, found = read(tmp_path, front, **kwargs)
    assert found == [], [str(p) for p in found]
    return brief


# YAML as text: only true and false are booleans (YAML 1.2's core schema)


def test_initials_topics_and_agencies_that_yaml_1_1_read_as_booleans_stay_text(tmp_path):
    brief = sound(tmp_path, "authors: [no, es]\ntopics: [NO, Yes]\nagencies: [on, yes, off, y, n, Y, N]\n")
    assert brief.authors == ("no", "es")
    assert brief.topics == ("NO", "Yes")
    assert brief.agencies == ("on", "yes", "off", "y", "n", "Y", "N")


@pytest.mark.parametrize("typed", ["~", "null", "Null", "NULL", ""])
def test_null_is_written_as_yaml_1_2_writes_it(tmp_path, typed):
    assert sound(tmp_path, f"kicker: {typed}\n").kicker is None


@pytest.mark.parametrize("typed", ["1_000", "1:20", "0b101", ".5e", "1e", "0x", "+-1", "NULL!"])
def test_what_is_not_a_yaml_1_2_number_is_the_text_the_editor_typed(tmp_path, typed):
    assert sound(tmp_path, f"kicker: {typed}\n").kicker == typed


@pytest.mark.parametrize("field", ["draft", "pin"])
@pytest.mark.parametrize("typed", ["no", "yes", "on", "off", "y", "N"])
def test_a_flag_written_yes_or_no_says_to_write_true_or_false(tmp_path, field, typed):
    assert problems(tmp_path, f"{field}: {typed}\n") == [
        f'content/{SOURCE}:5: {field}: wrong type (expected true or false, found "{typed}")'
    ]


@pytest.mark.parametrize("typed, value", [("true", True), ("True", True), ("TRUE", True),
                                          ("false", False), ("False", False), ("FALSE", False)])
def test_true_and_false_are_flags_in_every_case_yaml_1_2_allows(tmp_path, typed, value):
    assert sound(tmp_path, f"pin: {typed}\n").pin is value


@pytest.mark.parametrize("typed, read", [("12", 12), ("-3", -3), ("+7", 7), ("0o17", 15), ("0x1F", 31),
                                         ("0755", 755)])
def test_integers_are_yaml_1_2_integers(tmp_path, typed, read):
    message = problems(tmp_path, f"kicker: {typed}\n")[0]
    assert message.endswith(f"kicker: wrong type (expected text, found {read} (a number))")


def test_dates_stay_text_and_numbers_stay_numbers_where_fields_expect_them(tmp_path):
    write(tmp_path / "2024/07/meeting.png", TINY_PNG)
    brief = sound(
        tmp_path,
        "updated: 2024-07-26\nimage: {src: meeting.png, alt: Two men, focus: [0.5, .3]}\n",
    )
    assert str(brief.updated) == "2024-07-26"
    assert brief.image.focus == (0.5, 0.3)
    brief = sound(tmp_path, "image: {src: meeting.png, alt: Two men, focus: [1, 0]}\n")
    assert brief.image.focus == (1.0, 0.0)
    brief = sound(tmp_path, "image: {src: meeting.png, alt: Two men, focus: [5e-1, 1.]}\n")
    assert brief.image.focus == (0.5, 1.0)


# A colon in an unquoted value


@pytest.mark.parametrize("field", ["lead", "title", "kicker"])
def test_a_colon_in_an_unquoted_value_says_to_quote_it_or_fold_it(tmp_path, field):
    fields = FIELDS.replace(f"{field}: ", f"{field}: Officials said: ") if field != "kicker" else FIELDS
    front = "kicker: Breaking: talks\n" if field == "kicker" else ""
    line = {"title": 2, "lead": 4, "kicker": 5}[field]
    typed = (fields + front).splitlines()[line - 2]
    assert ": " in typed.split(": ", 1)[1]
    assert problems(tmp_path, front, fields=fields) == [
        f"content/{SOURCE}:{line}: {field}: invalid YAML: a colon followed by a space inside an unquoted "
        f"value (expected the text in quotes, or `{field}: >-` with the text indented on the next lines, "
        f"found {typed!r})"
    ]


def test_a_colon_in_a_nested_value_names_the_field_inside_its_mapping(tmp_path):
    front = "image:\n  src: meeting.png\n  caption: Officials said: talks failed\n"
    assert problems(tmp_path, front) == [
        f"content/{SOURCE}:7: image.caption: invalid YAML: a colon followed by a space inside an unquoted "
        "value (expected the text in quotes, or `caption: >-` with the text indented on the next lines, "
        "found 'caption: Officials said: talks failed')"
    ]


def test_a_colon_on_a_continued_line_names_the_field_it_continues(tmp_path):
    fields = FIELDS.replace("lead: The two leaders met", "lead: The two leaders\n  said: they met")
    assert problems(tmp_path, "", fields=fields) == [
        f"content/{SOURCE}:5: lead: invalid YAML: a colon followed by a space inside an unquoted "
        "value (expected the text in quotes, or `lead: >-` with the text indented on the next lines, "
        "found 'said: they met at the Kremlin.')"
    ]


def test_a_long_line_with_a_colon_is_quoted_whole(tmp_path):
    lead = "Officials said: " + "talks failed again " * 10
    found = problems(tmp_path, "", fields=FIELDS.replace("lead: The two leaders met at the Kremlin.",
                                                        "lead: " + lead.strip()))
    assert found[0].endswith(f"found {'lead: ' + lead.strip()!r})")


# Characters an editor cannot see

INVISIBLE = {
    "\u200b": "ZERO WIDTH SPACE", "\u2060": "WORD JOINER", "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING", "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING", "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE", "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE", "\u2068": "FIRST STRONG ISOLATE", "\u2069": "POP DIRECTIONAL ISOLATE",
}


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_are_refused_in_a_title_by_name_and_position(tmp_path, char):
    fields = FIELDS.replace("Assad meets", f"Assad m{char}eets")
    assert problems(tmp_path, "", fields=fields) == [
        f"content/{SOURCE}:2: title: an invisible character (expected visible text, "
        f"found U+{ord(char):04X} {INVISIBLE[char]} at character 8)"
    ]


@pytest.mark.parametrize("front, field", [
    ("kicker: Dip\u200blomacy\n", "kicker"),
    ("topics: [Syria, Sy\u200bria]\n", "topics"),
    ("agencies: [AP, \u202eAFP]\n", "agencies"),
    ("image: {src: m.png, alt: Two\u2066 men, caption: A, credit: B}\n", "image.alt"),
    ("image: {src: m.png, alt: Two men, caption: A\u2060, credit: B}\n", "image.caption"),
    ("image: {src: m.png, alt: Two men, caption: A, credit: \ufeffB}\n", "image.credit"),
    ("corrections: [{date: 2024-07-26, text: \"Fixed\u202d a name\"}]\n", "corrections.1.text"),
    ("shortlink: https://p.dw.com/p/4ii\u200b5H\n", "shortlink"),
    ("redirect_from: [/news/old\u200b-name/]\n", "redirect_from"),
])
def test_invisible_characters_are_refused_in_every_single_line_field(tmp_path, front, field):
    write(tmp_path / "2024/07/m.png", TINY_PNG)
    found = problems(tmp_path, front)
    assert len(found) == 1 and f": {field}: " in found[0], found
    assert "invisible character (expected visible text, found U+" in found[0]


def test_the_lead_is_checked_too_and_the_position_counts_what_the_editor_typed(tmp_path):
    fields = FIELDS.replace("lead: The two", "lead: >-\n  The two\u202e")
    found = problems(tmp_path, "", fields=fields)
    assert found == [f"content/{SOURCE}:4: lead: an invisible character (expected visible text, "
                     "found U+202E RIGHT-TO-LEFT OVERRIDE at character 8)"]


def test_joiners_and_direction_marks_that_scripts_need_stay_allowed(tmp_path):
    persian = "می\u200cخواهند"  # ZWNJ inside a Persian word
    brief = sound(tmp_path, f"kicker: {persian}\ntopics: [\u0627\u200d\u0644, \u200fعربي, \u200eEU]\n",
                  fields=FIELDS.replace("Assad meets Putin", f"{persian} \u200d"))
    assert brief.title == f"{persian} \u200d"
    assert brief.kicker == persian and len(brief.topics) == 3


# Folders that are not months


@pytest.mark.parametrize("month", ["13", "00", "99"])
def test_a_folder_that_is_not_a_month_says_so(tmp_path, month):
    assert problems(tmp_path, "", source=f"2024/{month}/assad-putin.md") == [
        f"content/2024/{month}/assad-putin.md:1: file: the folder 2024/{month} is not a month "
        f"(expected content/YYYY/MM/ with MM from 01 to 12, found {month})"
    ]


def test_a_folder_of_year_0000_says_so(tmp_path):
    assert problems(tmp_path, "", source="0000/07/assad-putin.md") == [
        "content/0000/07/assad-putin.md:1: file: the folder 0000/07 is not a year "
        "(expected content/YYYY/MM/ with YYYY from 0001 to 9999, found 0000)"
    ]


def test_a_date_outside_a_real_months_folder_still_says_which_month(tmp_path):
    found = problems(tmp_path, "", source="2024/08/assad-putin.md")
    assert len(found) == 1 and "expected a date in 2024/08" in found[0]


# Placeholders left in


def scaffolded(tmp_path: Path, title: str = "Ports reopen") -> Path:
    return new_brief(tmp_path, title, datetime(2024, 7, 25, 11, tzinfo=BERLIN))


def read_file(tmp_path: Path, path: Path, change=lambda text: text):
    source = path.relative_to(tmp_path).as_posix()
    return read_brief(tmp_path, source, change(path.read_text()).encode(), BERLIN, path=f"content/{source}")


def test_a_new_brief_is_a_sound_draft_with_warnings_for_its_placeholders(tmp_path):
    path = scaffolded(tmp_path)
    brief, found = read_file(tmp_path, path)
    assert found == [] and brief.draft
    warnings = [str(w) for w in advice(brief, "content/2024/07/ports-reopen.md")
                if w.field in ("lead", "body")]
    assert warnings == [
        "content/2024/07/ports-reopen.md:5: lead: the placeholder 'briefing new' wrote (expected the "
        "brief's own lead, found \"One or two sentences that tell the reader what happened. Replace this.\")",
        "content/2024/07/ports-reopen.md:13: body: the placeholder 'briefing new' wrote (expected the "
        "brief's text, found \"Write the brief here. Use `##` for section headings.\")",
    ]


def test_a_published_brief_with_the_placeholders_is_refused(tmp_path):
    path = scaffolded(tmp_path)
    brief, found = read_file(tmp_path, path, lambda text: text.replace("draft: true\n", ""))
    assert brief is None
    assert [(p.line, p.field) for p in found] == [(5, "lead"), (12, "body")]
    assert all("the placeholder 'briefing new' wrote" in p.message for p in found)


def test_the_placeholder_left_beside_the_editors_own_text_is_still_found(tmp_path):
    path = scaffolded(tmp_path)
    brief, found = read_file(tmp_path, path, lambda text: text.replace("draft: true\n", "") + "The port.\n")
    assert [p.field for p in found] == ["lead", "body"]


@pytest.mark.parametrize("body", ["", "\n\n   \n", "<!-- to do -->\n", "\n<!--\nnotes\n-->\n  <!-- x -->\n"])
def test_an_empty_body_is_refused_when_published_and_a_warning_in_a_draft(tmp_path, body):
    found = problems(tmp_path, "", body=body)
    assert found == [f"content/{SOURCE}:6: body: empty (expected the brief's text, found nothing)"]
    brief = sound(tmp_path, "draft: true\n", body=body)
    assert [str(w) for w in advice(brief, f"content/{SOURCE}") if w.field == "body"] == [
        f"content/{SOURCE}:7: body: empty (expected the brief's text, found nothing)"
    ]


def test_a_body_of_text_beside_a_comment_is_not_empty(tmp_path):
    assert sound(tmp_path, "", body="<!-- note -->\nThe port was quiet.\n").body


# New briefs with titles in other scripts


@pytest.mark.parametrize("first, second, names", [
    ("محادثات في القاهرة", "وقف إطلاق النار", ["mhadthat-fy-alqahra.md", "wqf-itlaq-alnar.md"]),
    ("上海港口罢工", "北京会谈", ["shang-hai-gang-kou-ba-gong.md", "bei-jing-hui-tan.md"]),
])
def test_new_briefs_with_non_latin_titles_get_readable_names_of_their_own(tmp_path, first, second, names):
    language = "ar" if names[0].startswith("mh") else "zh"
    one = new_brief(tmp_path, first, datetime(2024, 7, 25, 11, tzinfo=BERLIN), language=language)
    two = new_brief(tmp_path, second, datetime(2024, 7, 25, 11, tzinfo=BERLIN), language=language)
    assert [one.name, two.name] == names
    assert first in one.read_text() and second in two.read_text()
    for path in (one, two):
        assert path.parent == tmp_path / "2024/07"
        brief, found = read_file(tmp_path, path)
        assert found == [], found
        assert brief.lang == language
    assert scaffolded(tmp_path, "Ports reopen").name == "ports-reopen.md"


def test_the_same_title_twice_is_two_briefs_and_the_first_never_overwritten(tmp_path):
    path = scaffolded(tmp_path, "محادثات في القاهرة")
    path.write_text(path.read_text() + "Edited.\n")
    again = scaffolded(tmp_path, "محادثات في القاهرة")
    assert again.name == path.stem + "-2.md" and "Edited." not in again.read_text()
    assert path.read_text().endswith("Edited.\n")
