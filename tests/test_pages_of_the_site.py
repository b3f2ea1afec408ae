"""Every Markdown file MkDocs would render from content/ is a brief, a page cleaned by the
same policy as briefs, or a clear error: none gets script past the cleaner."""

from __future__ import annotations

import html5lib

from conftest import GOOD_BRIEF, briefing, make_project, refused

SCRIPT_BODY = "# About us\n\nWho we are. <script>alert(1)</script> <img src=x onerror=alert(2)>\n"


def scripts_and_handlers(page) -> list[str]:
    """Inline scripts and event-handler attributes that did not come from the theme."""
    tree = html5lib.parse(page.read_text(), namespaceHTMLElements=False)
    found = [s.text for s in tree.iter("script") if s.text and "alert" in s.text]
    found += [f"{e.tag} {name}" for e in tree.iter() if isinstance(e.tag, str)
              for name in e.attrib if name.startswith("on")]
    return found


def test_a_brief_with_another_markdown_suffix_is_badly_placed_not_a_page(tmp_path):
    project = make_project(tmp_path / "project", {
        "2024/03/good.md": GOOD_BRIEF,
        "2024/03/evil.markdown": GOOD_BRIEF.replace("The port was quiet.", "<script>alert(1)</script>"),
        "2024/03/other.mkd": GOOD_BRIEF,
    })
    for stderr in refused(project):
        assert "content/2024/03/evil.markdown:1: file: badly placed" in stderr
        assert "content/2024/03/other.mkd:1: file: badly placed" in stderr
    assert not (project / "site").exists()


def test_a_page_outside_the_year_folders_is_cleaned_like_a_brief(tmp_path):
    project = make_project(tmp_path / "project", {
        "2024/03/good.md": GOOD_BRIEF,
        "24/03/evil.md": SCRIPT_BODY,
        "about.md": '---\ntitle: "About</title><script>alert(3)</script>"\n'
                    'description: "\\"><script>alert(4)</script>"\n---\n' + SCRIPT_BODY,
    })
    result = briefing("build", cwd=project)
    assert result.returncode == 0, result.stderr
    for page in ("24/03/evil/index.html", "about/index.html"):
        built = project / "site" / page
        assert "Who we are." in built.read_text()
        assert scripts_and_handlers(built) == [], page


def test_trust_html_keeps_the_site_s_own_pages_as_written(tmp_path):
    project = make_project(tmp_path / "project", {"2024/03/good.md": GOOD_BRIEF, "about.md": SCRIPT_BODY})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "      trust_html: true\n")
    result = briefing("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert scripts_and_handlers(project / "site/about/index.html")
