"""Two different topics (authors, agencies) never share a page, whatever their script."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import GOOD_BRIEF, briefing, make_project, refused


def brief(title: str, topics: str, hour: int = 8) -> str:
    return (GOOD_BRIEF.replace("Harbour cranes stand still", title)
            .replace("topics: [Economy]", f"topics: {topics}").replace("T08:", f"T{hour:02d}:"))


def chips(page) -> list[str]:
    soup = BeautifulSoup(page.read_text(), "html.parser")
    return [li.get_text(strip=True) for li in soup.select(".brief-topics li")]


def test_names_in_other_scripts_keep_pages_of_their_own(tmp_path):
    project = make_project(tmp_path / "project", {
        "2024/03/russia.md": brief("Russia", "[Россия 2024]", 8),
        "2024/03/ukraine.md": brief("Ukraine", "[Украина 2024]", 9),
        "2024/03/zurich.md": brief("Zurich", "[\"Zürich\"]", 10),
    })
    result = briefing("build", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert chips(site / "2024/03/russia/index.html") == ["Россия 2024"]
    assert chips(site / "2024/03/ukraine/index.html") == ["Украина 2024"]
    assert chips(site / "2024/03/zurich/index.html") == ["Zürich"]
    assert (site / "topics/zurich/index.html").is_file()  # nothing lost: a plain slug
    pages = sorted(p.parent.name for p in site.glob("topics/*/index.html"))
    assert len(pages) == 3 and not (site / "topics/2024").exists()
    titles = {BeautifulSoup(p.read_text(), "html.parser").h1.get_text(strip=True)
              for p in site.glob("topics/*/index.html")}
    assert titles == {"Россия 2024", "Украина 2024", "Zürich"}


def test_two_spellings_that_would_share_a_page_are_an_error_naming_both(tmp_path):
    project = make_project(tmp_path / "project", {
        "2024/03/one.md": brief("One", "[Middle East]", 8),
        "2024/03/two.md": brief("Two", "[Middle-East]", 9),
        "2024/03/three.md": brief("Three", "[middle east]", 10),  # the same words: the same topic
    })
    for stderr in refused(project):
        problems = [line for line in stderr.splitlines() if "would share the page" in line]
        assert len(problems) == 1, stderr
        assert problems[0].startswith("content/2024/03/")
        assert "/topics/middle-east/" in problems[0]
        assert "'Middle-East'" in problems[0] and "'Middle East'" in problems[0]
