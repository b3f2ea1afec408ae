"""The brief model: one test per rule an editor can break, and the message they get."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.model.brief import Brief
from generator.model.reading import read_brief
from generator.engine.loading import load
from generator.model.problems import BriefingError

from conftest import TINY_PNG, write

BERLIN = ZoneInfo("Europe/Berlin")
SOURCE = "2024/07/assad-putin.md"

FIELDS = """\
title: Assad meets Putin
date: 2024-07-25T11:00:00+02:00
lead: The two leaders met at the Kremlin.
"""


def read(tmp_path: Path, front: str, body: str = "Text.\n", source: str = SOURCE):
    """Read a brief whose front matter is FIELDS plus `front` (which may repeat none of them)."""
    raw = f"---\n{front}---\n{body}".encode()
    return read_brief(tmp_path, source, raw, BERLIN, path=f"content/{source}")


def problems(tmp_path: Path, front: str, **kwargs) -> list[str]:
    brief, found = read(tmp_path, front, **kwargs)
    assert brief is None
    return [str(p) for p in found]


def only_problem(tmp_path: Path, front: str, **kwargs) -> str:
    found = problems(tmp_path, front, **kwargs)
    assert len(found) == 1, found
    return found[0]


def test_a_complete_brief_becomes_a_typed_model(tmp_path):
    write(tmp_path / "2024/07/meeting.jpg", TINY_PNG)  # a picture by its bytes, whatever its name
    brief, found = read(
        tmp_path,
        FIELDS
        + """updated: 2024-07-25T15:00:00+02:00
kicker: Diplomacy
shortlink: https://p.dw.com/p/4ii5H
image:
  src: meeting.jpg
  alt: Two men shake hands
  caption: A handshake
  credit: Photographer/Agency
authors: [es, rmt]
agencies: [AP, AFP, Reuters]
topics: [Syria, Russia]
lang: en
""",
    )
    assert found == []
    assert isinstance(brief, Brief)
    assert brief.slug == "assad-putin"
    assert brief.date == datetime(2024, 7, 25, 11, tzinfo=timezone(timedelta(hours=2)))
    assert brief.image.src == "2024/07/meeting.jpg"
    assert brief.image.credit == "Photographer/Agency"
    assert (brief.image.type, brief.image.width, brief.image.height) == ("image/png", 1, 1)
    assert brief.authors == ("es", "rmt")
    assert brief.sign_off == "es/rmt (AP, AFP, Reuters)"


@pytest.mark.parametrize(
    "authors, agencies, expected",
    [(["es"], [], "es"), ([], ["dpa"], "(dpa)"), (["es", "rmt"], ["AP"], "es/rmt (AP)"), ([], [], "")],
)
def test_sign_off_is_written_as_newsrooms_write_it(authors, agencies, expected):
    brief = Brief(
        source=SOURCE, slug="x", title="t", date=date(2024, 7, 25), lead="l", body="",
        authors=tuple(authors), agencies=tuple(agencies),
    )
    assert brief.sign_off == expected


def test_a_date_without_time_is_accepted(tmp_path):
    brief, found = read(tmp_path, "title: T\ndate: 2024-07-25\nlead: L\n")
    assert found == [] and brief.date == date(2024, 7, 25)


@pytest.mark.parametrize("field", ["title", "date", "lead"])
def test_required_fields_must_be_present(tmp_path, field):
    front = "".join(line + "\n" for line in FIELDS.splitlines() if not line.startswith(field))
    assert only_problem(tmp_path, front) == (
        f"content/{SOURCE}:1: {field}: required field is missing (expected a value, found nothing)"
    )


def test_a_number_is_not_a_title(tmp_path):
    message = only_problem(tmp_path, "title: 42\ndate: 2024-07-25\nlead: L\n")
    assert message == f"content/{SOURCE}:2: title: wrong type (expected text, found 42 (a number))"


def test_an_empty_lead_is_an_error(tmp_path):
    message = only_problem(tmp_path, 'title: T\ndate: 2024-07-25\nlead: "  "\n')
    assert message.startswith(f"content/{SOURCE}:4: lead: empty (expected text")


def test_unknown_fields_are_errors_with_a_suggestion(tmp_path):
    message = only_problem(tmp_path, FIELDS + "topcs: [Syria]\n")
    assert message.startswith(f"content/{SOURCE}:5: topcs: unknown field (expected one of title,")
    assert message.endswith("found 'topcs'; did you mean 'topics'?)")


def test_a_date_that_does_not_exist_is_an_error(tmp_path):
    message = only_problem(tmp_path, "title: T\ndate: 2024-07-32\nlead: L\n")
    assert "date: not a real calendar date" in message and 'found "2024-07-32"' in message


def test_a_time_without_utc_offset_is_an_error(tmp_path):
    message = only_problem(tmp_path, "title: T\ndate: 2024-07-25T10:00:00\nlead: L\n")
    assert f"{SOURCE}:3: date: time without a UTC offset" in message


def test_updated_may_not_come_before_the_date(tmp_path):
    message = only_problem(tmp_path, FIELDS + "updated: 2024-07-25T10:59:00+02:00\n")
    assert f"{SOURCE}:5: updated: before the publication date" in message


def test_the_date_must_match_the_brief_folder(tmp_path):
    message = only_problem(tmp_path, "title: T\ndate: 2024-08-01\nlead: L\n")
    assert "date: does not match the brief's folder (expected a date in 2024/07" in message


def test_a_brief_must_live_at_year_month_slug(tmp_path):
    found = problems(tmp_path, FIELDS, source="2024/Assad Putin.md")
    assert any(": file: badly placed (expected content/YYYY/MM/<slug>.md" in p for p in found)


@pytest.mark.parametrize("link", ["p.dw.com/p/4ii5H", "ftp://p.dw.com/x", "https://", "https://a b"])
def test_shortlinks_must_be_absolute_http_links(tmp_path, link):
    message = only_problem(tmp_path, FIELDS + f"shortlink: '{link}'\n")
    assert "shortlink: not an absolute http(s) link" in message


def test_a_string_is_not_a_list_of_topics(tmp_path):
    message = only_problem(tmp_path, FIELDS + "topics: Syria, Russia\n")
    assert 'topics: wrong type (expected a list such as [Syria, Russia], found "Syria, Russia")' in message


def test_authors_are_initials(tmp_path):
    message = only_problem(tmp_path, FIELDS + "authors: [es, Erik Smith]\n")
    assert "authors: item 2 is not initials" in message


def test_a_list_entry_may_not_repeat(tmp_path):
    assert "agencies: item 2 repeats 'AP'" in only_problem(tmp_path, FIELDS + "agencies: [AP, AP]\n")


def test_draft_is_true_or_false(tmp_path):
    assert "draft: wrong type (expected true or false" in only_problem(tmp_path, FIELDS + "draft: maybe\n")


def test_lang_is_a_language_tag(tmp_path):
    assert "lang: not a language tag" in only_problem(tmp_path, FIELDS + "lang: English!\n")


def test_an_image_needs_alt_text(tmp_path):
    write(tmp_path / "2024/07/a.jpg", b"")
    message = only_problem(tmp_path, FIELDS + "image:\n  src: a.jpg\n  alt: ''\n")
    assert message == (
        f"content/{SOURCE}:7: image.alt: required with an image (expected a non-empty alt, found nothing)"
    )


def test_an_image_must_exist(tmp_path):
    message = only_problem(tmp_path, FIELDS + "image:\n  src: missing.jpg\n  alt: A\n")
    assert f"{SOURCE}:6: image.src: no such file" in message


def test_an_image_path_from_content_root(tmp_path):
    write(tmp_path / "shared/map.png", TINY_PNG)
    brief, found = read(tmp_path, FIELDS + "image:\n  src: /shared/map.png\n  alt: A map\n")
    assert found == [] and brief.image.src == "shared/map.png"


def test_an_image_outside_content_is_refused(tmp_path):
    message = only_problem(tmp_path, FIELDS + "image:\n  src: ../../../etc/passwd\n  alt: A\n")
    assert "image.src: outside content/" in message


def test_an_image_symlink_out_of_content_is_refused(tmp_path):
    outside = write(tmp_path.parent / f"{tmp_path.name}-secret.jpg", b"")
    (tmp_path / "2024/07").mkdir(parents=True)
    os.symlink(outside, tmp_path / "2024/07/link.jpg")
    message = only_problem(tmp_path, FIELDS + "image:\n  src: link.jpg\n  alt: A\n")
    assert "image.src: outside content/" in message


def test_every_wrong_part_of_an_image_is_reported(tmp_path):
    found = problems(tmp_path, FIELDS + "image:\n  src: nope.jpg\n  alt: ''\n  colour: red\n")
    assert [p.split(": ")[1] for p in found] == ["image.src", "image.alt", "image.colour"]


def test_a_level_one_heading_in_the_body_is_an_error(tmp_path):
    message = only_problem(tmp_path, FIELDS, body="\nIntro.\n\n# Second headline\n")
    assert f"{SOURCE}:9: body: a level-1 heading" in message


def test_a_hash_line_inside_a_code_block_is_not_a_heading(tmp_path):
    brief, found = read(tmp_path, FIELDS, body="```sh\n# a comment\n```\n")
    assert found == []


def test_the_reported_lines_are_lines_of_the_file(tmp_path):
    found = problems(tmp_path, "title: T\n\n# a comment\ndate: soon\nlead: L\n")
    assert found[0].startswith(f"content/{SOURCE}:5: date: not an ISO date")


# --- the file itself: front matter, encoding, YAML ---------------------------------------


def raw_problem(tmp_path: Path, raw: bytes) -> str:
    brief, found = read_brief(tmp_path, SOURCE, raw, BERLIN, path=f"content/{SOURCE}")
    assert brief is None and len(found) == 1, found
    return str(found[0])


def test_a_file_without_front_matter(tmp_path):
    message = raw_problem(tmp_path, b"Just text\n")
    assert message == (
        f"content/{SOURCE}:1: front matter: missing (expected the file to start with a "
        "'---' line, found 'Just text')"
    )


def test_front_matter_that_is_never_closed(tmp_path):
    assert "front matter: not closed" in raw_problem(tmp_path, f"---\n{FIELDS}Body\n".encode())


def test_a_byte_order_mark(tmp_path):
    assert "byte order mark" in raw_problem(tmp_path, f"\ufeff---\n{FIELDS}---\n".encode())


def test_bytes_that_are_not_utf8(tmp_path):
    message = raw_problem(tmp_path, f"---\n{FIELDS}---\nCaf".encode() + b"\xe9\n")
    assert message.startswith(f"content/{SOURCE}:6: front matter: not valid UTF-8")
    assert "found byte 0xe9" in message


def test_invalid_yaml_names_the_line(tmp_path):
    message = raw_problem(tmp_path, b'---\ntitle: T\nlead: "unclosed\ndate: 2024-07-25\n---\nBody\n')
    assert message.startswith(f"content/{SOURCE}:3: front matter: invalid YAML")


def test_a_tab_in_yaml(tmp_path):
    message = raw_problem(tmp_path, f"---\n{FIELDS}\tkicker: K\n---\nBody\n".encode())
    assert f"{SOURCE}:5: front matter: invalid YAML: a tab" in message


def test_a_field_given_twice(tmp_path):
    message = raw_problem(tmp_path, f"---\n{FIELDS}title: Again\n---\n".encode())
    assert message.endswith("front matter: field 'title' given twice (expected it once, found it on lines 2 and 5)")


def test_yaml_aliases_are_refused(tmp_path):
    bomb = "topics: &a [x, y, z]\nagencies: &b [*a, *a, *a]\n"
    message = raw_problem(tmp_path, f"---\n{FIELDS}{bomb}---\nBody\n".encode())
    assert "a YAML alias, not allowed in front matter (expected the value written out, found *a)" in message


def test_deep_nesting_is_refused(tmp_path):
    message = raw_problem(tmp_path, f"---\n{FIELDS}topics: ".encode() + b"[" * 5000 + b"]" * 5000 + b"\n---\nBody\n")
    assert "front matter: nested too deeply (expected at most 8 levels" in message


def test_front_matter_must_be_fields(tmp_path):
    assert "not a set of fields" in raw_problem(tmp_path, b"---\n- a\n- b\n---\n")


# --- the corpus: rules across briefs ------------------------------------------------------


def brief_text(title: str, day: int, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2024-07-{day:02d}\nlead: L\n{extra}---\nBody\n"


def test_two_briefs_may_not_share_a_shortlink(tmp_path):
    link = "shortlink: https://p.dw.com/p/abcde\n"
    write(tmp_path / "2024/07/one.md", brief_text("One", 1, link))
    write(tmp_path / "2024/07/two.md", brief_text("Two", 2, link))
    with pytest.raises(BriefingError) as caught:
        load(tmp_path, ["2024/07/one.md", "2024/07/two.md"], BERLIN)
    (problem,) = caught.value.problems
    assert str(problem).endswith(
        "two.md:5: shortlink: already used (expected a shortlink of its own, found "
        "'https://p.dw.com/p/abcde', which content/2024/07/one.md has too)"
    )


def test_two_briefs_may_not_share_a_slug(tmp_path):
    write(tmp_path / "2024/07/same.md", brief_text("One", 1))
    write(tmp_path / "2024/08/same.md", brief_text("Two", 2).replace("07-02", "08-02"))
    with pytest.raises(BriefingError) as caught:
        load(tmp_path, ["2024/07/same.md", "2024/08/same.md"], BERLIN)
    assert "slug: already used" in str(caught.value)


def test_the_corpus_lists_briefs_newest_first(tmp_path):
    for day in (3, 1, 2):
        write(tmp_path / f"2024/07/b{day}.md", brief_text(f"B{day}", day))
    corpus = load(tmp_path, ["2024/07/b1.md", "2024/07/b2.md", "2024/07/b3.md"], BERLIN)
    assert [b.slug for b in corpus.briefs] == ["b3", "b2", "b1"]
