"""One run, every problem: a brief's own mistakes and its clashes with other briefs are
reported together, by `briefing check` and `briefing build` alike, so an editor fixes a
brief in one round rather than one problem a round."""

from __future__ import annotations

import json

from conftest import GOOD_BRIEF, briefing, make_project, refused

SHORTLINK = GOOD_BRIEF.replace("topics: [Economy]\n", "topics: [Economy]\nshortlink: https://p.example/p/abc\n")
BAD_TITLE = ("title: Harbour cranes stand still", "title: [Harbour, cranes]")


def _problems(said: str) -> list[str]:
    return [line for line in said.splitlines() if line.startswith("content/")]


def test_a_brief_with_its_own_mistake_still_has_its_shortlink_clash_reported(tmp_path):
    make_project(tmp_path, {
        "2024/03/first.md": SHORTLINK,
        "2024/03/second.md": SHORTLINK.replace(*BAD_TITLE),
    })
    for said in refused(tmp_path):
        problems = _problems(said)
        assert any(line.startswith("content/2024/03/second.md:2: title: wrong type") for line in problems), said
        assert any(line.startswith("content/2024/03/second.md:8: shortlink: already used")
                   and "content/2024/03/first.md has too" in line for line in problems), said


def test_the_first_brief_of_a_clash_may_be_the_broken_one(tmp_path):
    # Briefs are read in path order: the clash is found whichever of the two is unsound.
    make_project(tmp_path, {
        "2024/03/a-first.md": SHORTLINK.replace(*BAD_TITLE),
        "2024/03/b-second.md": SHORTLINK,
    })
    for said in refused(tmp_path):
        problems = _problems(said)
        assert any("a-first.md:2: title" in line for line in problems), said
        assert any(line.startswith("content/2024/03/b-second.md:8: shortlink: already used") for line in problems)


def test_a_slug_clash_is_found_beside_a_broken_date(tmp_path):
    make_project(tmp_path, {
        "2024/03/port-strike.md": GOOD_BRIEF,
        "2024/04/port-strike.md": GOOD_BRIEF.replace("2024-03-04", "2024-04-31"),
    })
    for said in refused(tmp_path):
        problems = _problems(said)
        assert any("2024/04/port-strike.md:3: date:" in line for line in problems), said
        assert any("2024/04/port-strike.md:1: slug: already used" in line for line in problems), said


def test_redirect_addresses_clash_even_when_one_brief_is_unsound(tmp_path):
    redirect = GOOD_BRIEF.replace("topics: [Economy]\n", "topics: [Economy]\nredirect_from: [/old/cranes/]\n")
    make_project(tmp_path, {
        "2024/03/first.md": redirect,
        "2024/03/second.md": redirect.replace("lead: Dock workers stopped work for a day over shift rules.", "lead: [Dock]").replace("-04T", "-05T"),
        # A brief that only claims an address an unsound brief has as its own page.
        "2024/03/third.md": GOOD_BRIEF.replace("topics: [Economy]\n",
                                               "topics: [Economy]\nredirect_from: [/2024/03/second/]\n"),
    })
    for said in refused(tmp_path):
        problems = _problems(said)
        assert any("second.md:4: lead:" in line for line in problems), said
        assert any(line.startswith("content/2024/03/second.md:8: redirect_from: address already taken")
                   and "/old/cranes/" in line for line in problems), said
        assert any(line.startswith("content/2024/03/third.md:8: redirect_from: address already taken")
                   for line in problems), said


def test_a_topic_spelled_two_ways_is_found_beside_other_mistakes(tmp_path):
    make_project(tmp_path, {
        "2024/03/first.md": GOOD_BRIEF.replace("[Economy]", "[Middle East]"),
        "2024/03/second.md": GOOD_BRIEF.replace("[Economy]", "[Middle-East]").replace(*BAD_TITLE),
    })
    for said in refused(tmp_path):
        problems = _problems(said)
        assert any("second.md:2: title" in line for line in problems), said
        assert any("second.md:7: topics: item 1 would share the page /topics/middle-east/" in line
                   for line in problems), said


def test_a_brief_with_every_kind_of_mistake_is_fixed_in_one_round(tmp_path):
    broken = """\
---
title: Cranes stand still again
date: 2024-03-32
lead: Dock workers stopped work.
shortlink: https://p.example/p/abc
redirect_from: [/old/cranes/]
topics: [Middle-East, 7]
image: {src: missing.jpg}
---

Body.
"""
    first = SHORTLINK.replace("topics: [Economy]\n", "topics: [Middle East]\nredirect_from: [/old/cranes/]\n")
    make_project(tmp_path, {"2024/03/first.md": first, "2024/03/second.md": broken})
    check, build = refused(tmp_path)
    fields = sorted(line.split(": ")[1] for line in _problems(check) if "second.md" in line)
    assert fields == sorted([
        "date", "shortlink", "redirect_from", "topics", "topics", "image.src", "image.alt"]), check
    assert _problems(build) == _problems(check)


def test_check_says_it_checked_and_counts_warnings_beside_problems(tmp_path):
    make_project(tmp_path, {
        "2024/03/bad.md": GOOD_BRIEF.replace(*BAD_TITLE),
        "2024/03/bare.md": GOOD_BRIEF.replace("topics: [Economy]\n", ""),
    })
    result = briefing("check", cwd=tmp_path)
    assert result.returncode == 1
    summary = result.stderr.splitlines()[-1]
    assert "built" not in summary
    assert summary == "2 briefs checked: 1 problem in 1 brief, and 1 warning."
    build = briefing("build", cwd=tmp_path)
    assert build.stderr.splitlines()[-1] == "1 problem in 1 brief; nothing was built."


def _authored(initials: str, number: int) -> str:
    return GOOD_BRIEF.replace("authors: [ab]", f"authors: [{initials}]").replace(
        "title: Harbour cranes stand still", f"title: Harbour cranes stand still, day {number}")


def test_initials_missing_from_the_roster_are_one_warning_in_check_and_build(tmp_path):
    briefs = {f"2024/03/day-{n:02d}.md": _authored("q" + chr(96 + n), n) for n in range(1, 26)}
    briefs["2024/03/again.md"] = _authored("qa", 99)
    make_project(tmp_path, briefs)
    with open(tmp_path / "mkdocs.yml", "a", encoding="utf-8") as settings:
        settings.write("      authors:\n        es: {name: Elena Stavrou}\n")
    for command in ("check", "build"):
        result = briefing(command, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        said = [line for line in result.stderr.splitlines() if "roster" in line]
        assert len(said) == 1, result.stderr
        assert "25 initials are not in the roster" in said[0]
        assert "qa, qb, qc" in said[0] and "and 15 more" in said[0], said[0]
        assert "content/2024/03/again.md" in said[0] or "content/2024/03/day-01.md" in said[0]
    report = json.loads(briefing("check", "--format", "json", cwd=tmp_path).stdout)
    assert [p["field"] for p in report["problems"] if "roster" in p["message"]] == ["authors"]


def test_initials_the_roster_knows_are_not_reported_nor_those_of_a_site_without_one(tmp_path):
    known = make_project(tmp_path / "known", {"2024/03/known.md": GOOD_BRIEF})
    with open(known / "mkdocs.yml", "a", encoding="utf-8") as settings:
        settings.write("      authors:\n        ab: {name: Ana Borges}\n")
    without = make_project(tmp_path / "without", {"2024/03/signed.md": GOOD_BRIEF})
    for project in (known, without):
        for command in ("check", "build"):
            result = briefing(command, cwd=project)
            assert result.returncode == 0 and "roster" not in result.stderr, result.stderr


def test_a_yaml_mistake_in_one_field_leaves_the_others_checked(tmp_path):
    # The YAML of the lead does not parse; the title's type, the second field's YAML and the
    # shortlink another brief has are still found, and the lead is not called missing.
    broken = """\
---
title: [Cranes, idle]
date: 2024-03-05T08:00:00+01:00
lead: "Dock workers stopped work
shortlink: https://p.example/p/abc
kicker: {Port
topics: [Economy]
---

Body.
"""
    make_project(tmp_path, {"2024/03/first.md": SHORTLINK, "2024/03/second.md": broken})
    for said in refused(tmp_path):
        problems = [line for line in _problems(said) if "second.md" in line]
        assert [line.split(": ")[0] + ": " + line.split(": ")[1] for line in problems] == [
            "content/2024/03/second.md:2: title",
            "content/2024/03/second.md:4: front matter",
            "content/2024/03/second.md:5: shortlink",
            "content/2024/03/second.md:6: front matter",
        ], said
        assert "quote is never closed" in problems[1], problems[1]
        assert "a { is never closed (expected a closing } on this line, found 'kicker: {Port')" in problems[3]
        assert "missing" not in said


def test_a_key_given_twice_is_still_one_problem(tmp_path):
    twice = GOOD_BRIEF.replace("topics: [Economy]\n", "topics: [Economy]\ntitle: Again\n")
    make_project(tmp_path, {"2024/03/twice.md": twice})
    for said in refused(tmp_path):
        assert _problems(said) == ["content/2024/03/twice.md:8: front matter: field 'title' given twice "
                                   "(expected it once, found it on lines 2 and 8)"], said
