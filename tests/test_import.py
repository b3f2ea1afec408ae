"""`briefing import`: clipped text and saved pages become valid draft briefs."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import ROOT, TINY_PNG, briefing, make_project, write
from generator.model.reading import read_brief
from generator.importing.links import clean_link

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SEED = ROOT.parent / "shared" / "seeds" / "000_8f04672fe9d6531d.txt"
ZONE = ZoneInfo("Europe/Berlin")


@pytest.fixture
def site(tmp_path) -> Path:
    root = make_project(tmp_path / "site", {})
    config = root / "mkdocs.yml"
    # Drafts built, and a roster for the HTML import's author names.
    config.write_text(config.read_text().replace(
        "      timezone: Europe/Berlin\n",
        "      timezone: Europe/Berlin\n      drafts: true\n"
        "      authors: {es: {name: Erika Sommer}, rmt: {name: Rolf M. Tanner}}\n"))
    return root


def imported(site: Path, relative: str):
    path = site / "content" / relative
    brief, problems = read_brief(site / "content", relative, path.read_bytes(), ZONE)
    assert problems == []
    return brief


def test_founding_shape_matches_field_by_field_and_builds(site, tmp_path):
    picture = write(tmp_path / "photo.png", TINY_PNG)
    result = briefing("import", str(FIXTURES / "founding.txt"), "--image", str(picture), cwd=site)
    assert result.returncode == 0, result.stderr
    assert "content/2024/07/assad-and-putin-hold-talks-at-the-kremlin.md" in result.stdout
    brief = imported(site, "2024/07/assad-and-putin-hold-talks-at-the-kremlin.md")
    assert brief.title == "Assad and Putin hold talks at the Kremlin"
    assert brief.date == date(2024, 7, 25)
    assert brief.lead.startswith("Syria's president told his Russian host")
    assert brief.lead.endswith("most important military backer.")
    assert brief.shortlink == "https://p.dw.com/p/4ii5H"  # proxy prefix, port and utm_ parameters gone
    assert brief.image.alt == "Vladimir Putin and Bashar Assad facing each other at a small table in Moscow."
    assert brief.image.caption == "Assad said on television that the talks mattered a great deal"
    assert brief.image.credit == "Valeriy Sharifulin/IMAGO/SNA"
    assert brief.image.src == "2024/07/assad-and-putin-hold-talks-at-the-kremlin.png"
    assert brief.authors == ("es", "rmt") and brief.agencies == ("AP", "AFP", "Reuters")
    assert brief.draft is True
    headings = [line for line in brief.body.splitlines() if line.startswith("#")]
    assert headings == ["## What came out of the meeting?", "## Ankara and Damascus"]
    assert "Skip to" not in brief.body and "es/rmt" not in brief.body and "Image:" not in brief.body
    assert brief.body.strip().startswith("State television in Russia")
    assert "topics: not found" in result.stdout  # the clipping has none

    built = briefing("build", cwd=site)
    assert built.returncode == 0, built.stderr
    page = (site / "site" / "2024/07/assad-and-putin-hold-talks-at-the-kremlin/index.html").read_text()
    for shown in ("Assad and Putin hold talks at the Kremlin", "Valeriy Sharifulin/IMAGO/SNA",
                  "What came out of the meeting?", "Ankara and Damascus", "es/rmt", "AP, AFP, Reuters"):
        assert shown in page


def test_without_a_picture_the_image_words_are_kept_and_the_draft_is_valid(site):
    result = briefing("import", str(FIXTURES / "founding.txt"), cwd=site)
    assert result.returncode == 0, result.stderr
    assert "image: no file; add one beside the brief and set image.src" in result.stdout
    relative = "2024/07/assad-and-putin-hold-talks-at-the-kremlin.md"
    text = (site / "content" / relative).read_text()
    assert "#   caption: Assad said on television that the talks mattered a great deal" in text
    assert "#   credit: Valeriy Sharifulin/IMAGO/SNA" in text
    assert imported(site, relative).image is None
    assert briefing("check", cwd=site).returncode == 0


def test_messy_clipping_crlf_blank_lines_no_date_no_image_no_sign_off(site):
    result = briefing("import", str(FIXTURES / "messy.txt"), cwd=site)
    assert result.returncode == 0, result.stderr
    today = datetime.now(ZONE).date()  # the site's day, as the import sees it
    relative = f"{today:%Y/%m}/harbour-pilots-strike-for-a-second-day.md"
    brief = imported(site, relative)
    assert brief.date == today
    assert brief.lead == "Ships queued outside the port on Tuesday as pilots stayed away for a second day over pay."
    assert brief.shortlink == "https://news.example.org/p/pilots2"  # out of Google's wrapper, ref= dropped
    assert brief.image is None and brief.authors == () and brief.agencies == ()
    assert brief.body.strip().split("\n\n") == [
        "The union said talks with the port authority had broken down late on Monday.",
        "A spokesperson for the port said twelve vessels were waiting at anchor.",
        "## What happens next",
        "Both sides are due to meet a mediator on Thursday.",
    ]
    assert "\r" not in (site / "content" / relative).read_text()
    for field in ("date: not found; set to today", "image: not found", "authors: not found",
                  "agencies: not found", "topics: not found"):
        assert field in result.stdout


def test_never_overwrites_without_force(site):
    first = briefing("import", str(FIXTURES / "messy.txt"), cwd=site)
    path = next((site / "content").rglob("harbour-pilots-*.md"))
    path.write_text(path.read_text().replace("draft: true", "draft: false"))  # an editor's work
    before = path.read_bytes()
    again = briefing("import", str(FIXTURES / "messy.txt"), cwd=site)
    assert first.returncode == 0 and again.returncode == 1
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert "Traceback" not in again.stderr
    assert path.read_bytes() == before
    forced = briefing("import", str(FIXTURES / "messy.txt"), "--force", cwd=site)
    assert forced.returncode == 0 and b"draft: true" in path.read_bytes()


def test_an_article_already_imported_under_another_name_is_refused(site):
    assert briefing("import", str(FIXTURES / "founding.txt"), cwd=site).returncode == 0
    renamed = (FIXTURES / "founding.txt").read_text().replace(
        "Assad and Putin hold talks at the Kremlin", "Putin receives Assad")
    result = briefing("import", "-", cwd=site, input=renamed)
    assert result.returncode == 1
    assert "shortlink https://p.dw.com/p/4ii5H is already the shortlink of" in result.stderr
    assert not list((site / "content").rglob("putin-receives-assad.md"))


def test_saved_page_with_structured_data(site):
    result = briefing("import", str(FIXTURES / "structured.html"), cwd=site)
    assert result.returncode == 0, result.stderr
    relative = "2025/01/night-trains-link-three-capitals.md"
    brief = imported(site, relative)
    assert brief.title == "Night trains link three capitals"
    assert brief.date.isoformat() == "2025-01-14T07:30:00+01:00"
    assert brief.kicker == "Transport" and brief.lang == "en-GB"
    assert brief.lead.startswith("A sleeper service now runs between three capitals")
    assert brief.shortlink == "https://exm.pl/n/7Ka"
    assert brief.authors == ("es",)  # Erika Sommer is in the site's authors
    assert brief.agencies == ("dpa", "AFP")
    assert brief.topics == ("Rail", "Europe", "Travel")
    assert brief.body.strip().split("\n\n") == [
        "The first train left on Monday evening with every couchette sold.",
        "## Tickets for the spring are selling fast",
        "The operator says it will add carriages from March.",
    ]
    text = (site / "content" / relative).read_text()
    assert "#   alt: A blue sleeper train standing at a platform at dusk" in text
    assert "https://static.example.org/img/sleeper.jpg" in text  # where to fetch the picture from
    assert "'Jon Doe' has no initials" in result.stdout


def test_saved_page_without_structured_data_is_extracted(site):
    result = briefing("import", str(FIXTURES / "plain.html"), cwd=site)
    assert result.returncode == 0, result.stderr
    path = next((site / "content").rglob("weather-satellite-reaches-orbit.md"))
    brief = imported(site, path.relative_to(site / "content").as_posix())
    assert brief.title == "Weather satellite reaches orbit"
    assert "## Sharper storm warnings" in brief.body
    assert brief.body.strip().startswith("A new weather satellite reached its planned orbit")
    for chrome in ("Sign in", "Most read", "omelette", "Copyright", "Cookie"):
        assert chrome not in brief.body
    assert brief.authors == ("ab", "cd") and brief.agencies == ("Reuters",)
    assert "lead: not found" in result.stdout


def test_a_file_without_a_headline_is_refused_in_one_line(site, tmp_path):
    empty = write(tmp_path / "empty.txt", "\n  1. Skip to content\n\n")
    result = briefing("import", str(empty), cwd=site)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: {empty}: no headline found (expected the article's title on its first line)"]


@pytest.mark.parametrize("wrapped, clean", [
    ("https://s.example.com:443/https/p.dw.com/p/4ii5H", "https://p.dw.com/p/4ii5H"),
    ("https://web.archive.org/web/20240725/https://p.dw.com/p/4ii5H", "https://p.dw.com/p/4ii5H"),
    ("https://l.facebook.com/l.php?u=https%3A%2F%2Fp.dw.com%2Fp%2F4ii5H%3Ffbclid%3Dx&h=AT0", "https://p.dw.com/p/4ii5H"),
    ("https://P.DW.com:443/p/4ii5H?utm_source=a&utm_campaign=b&id=7#Echobox=123", "https://p.dw.com/p/4ii5H?id=7"),
    ("https://news.example.org:8443/p/1", "https://news.example.org:8443/p/1"),
])
def test_links_are_unwrapped_and_untracked(wrapped, clean):
    assert clean_link(wrapped) == clean


@pytest.mark.skipif(not SEED.exists(), reason="the founding example lives outside the repository")
def test_the_founding_example_itself(site):
    result = briefing("import", str(SEED), cwd=site)
    assert result.returncode == 0, result.stderr
    brief = imported(site, "2024/07/syrias-assad-meets-putin-in-moscow.md")
    assert (brief.title, brief.date, brief.shortlink) == (
        "Syria's Assad meets Putin in Moscow", date(2024, 7, 25), "https://p.dw.com/p/4ii5H")
    assert brief.lead.startswith("The Syrian president voiced his concerns")
    text = (site / "content" / brief.source).read_text()
    assert "#   alt: Bashar Assad and Vladimir Putin in Moscow on Jul 24, 2024." in text
    assert "#   caption: Assad called the meeting 'important' in televised remarks\n" in text
    assert "#   credit: Valeriy Sharifulin/IMAGO/SNA" in text
    assert [line for line in brief.body.splitlines() if line.startswith("## ")] == [
        "## What do we know about the meeting?", "## Possible restoration of Syria-Turkey ties"]
    assert (brief.authors, brief.agencies) == (("es", "rmt"), ("AP", "AFP", "Reuters"))
    assert "Skip to" not in brief.body
    built = briefing("build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert (site / "site/2024/07/syrias-assad-meets-putin-in-moscow/index.html").exists()
