"""`briefing build --drafts`: a preview the desk can share before publishing.

Drafts built in, into a folder of its own (never the published site, which it leaves
as it was), every page kept out of search engines and marked "Preview" for whoever
opens the link; the published build after it is the one it was before.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import GOOD_BRIEF, ROOT, briefing, make_project, write
from test_frame import contrast

DRAFT = "2025/03/library-opens-night-reading-room/"  # the sample's one draft
BRIEF = "2024/07/assad-putin-moscow/"
NOINDEX = '<meta name="robots" content="noindex, nofollow">'


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def untouched(site: Path) -> tuple:
    """What a folder nobody wrote into keeps: its files' bytes, inodes and times, and its own inode."""
    return os.stat(site).st_ino, {
        path: (data, os.stat(site / path).st_ino, os.stat(site / path).st_mtime_ns)
        for path, data in files_of(site).items()
    }


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """The sample project published, then previewed, then published again; what each left."""
    project = tmp_path_factory.mktemp("desk") / "project"
    for part in ("content", "theme"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    first = briefing("build", cwd=project)
    assert first.returncode == 0, first.stderr
    published = files_of(project / "site")
    before = untouched(project / "site")
    preview = briefing("build", "--drafts", cwd=project)
    assert preview.returncode == 0, preview.stderr
    after = untouched(project / "site")
    again = briefing("build", cwd=project)
    assert again.returncode == 0, again.stderr
    return {"project": project, "published": published, "before": before, "after": after,
            "preview": preview, "republished": files_of(project / "site")}


def test_a_preview_goes_into_a_folder_of_its_own_with_the_drafts(desk):
    project = desk["project"]
    preview = project / "site-preview"
    assert (preview / DRAFT / "index.html").is_file()
    assert (preview / BRIEF / "index.html").is_file()
    assert not (project / "site" / DRAFT).exists()
    said = desk["preview"].stdout
    assert re.search(r"^Built a preview of 24 briefs in 4 languages \(1 draft\) into site-preview in "
                     r".*not for publishing",
                     said, re.M), said
    assert "Left out 1 draft" not in said


def test_a_preview_never_touches_the_published_site(desk):
    assert desk["after"] == desk["before"]


def test_the_published_build_after_a_preview_is_the_one_before_it(desk):
    """Nothing of the preview's reaches the published site through a cache: pages, the
    search index and the pictures' links are what they were, the draft nowhere."""
    assert desk["republished"].keys() == desk["published"].keys()
    changed = [path for path, data in desk["republished"].items() if desk["published"][path] != data]
    assert changed == []
    assert not any(b"night reading room" in data.lower() for data in desk["republished"].values())


def test_every_page_of_a_preview_keeps_search_engines_out(desk):
    preview = desk["project"] / "site-preview"
    pages = sorted(preview.rglob("*.html"))
    assert len(pages) > 40 and preview / "404.html" in pages and preview / "about/index.html" in pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        robots = re.findall(r'<meta name="robots" content="([^"]*)">', text)
        assert robots and all("noindex" in value for value in robots), (page, robots)
    for page in (preview / "index.html", preview / BRIEF / "index.html", preview / "search/index.html",
                 preview / "404.html", preview / "about/index.html", preview / DRAFT / "index.html"):
        assert NOINDEX in page.read_text(encoding="utf-8"), page


def test_a_preview_s_robots_txt_disallows_all_and_advertises_no_sitemap(desk):
    preview = desk["project"] / "site-preview"
    robots = (preview / "robots.txt").read_text()
    assert "Disallow: /\n" in robots and "Allow: /\n" not in robots and "Sitemap" not in robots
    assert not (preview / "sitemap.xml").exists() and not (preview / "news-sitemap.xml").exists()
    headers = (preview / "_headers").read_text()
    assert re.search(r"^/\*\n(  .*\n)*  X-Robots-Tag: noindex", headers, re.M), headers


def test_the_published_site_is_not_marked_as_a_preview(desk):
    site = desk["project"] / "site"
    for page in (site / "index.html", site / BRIEF / "index.html", site / "404.html"):
        text = page.read_text(encoding="utf-8")
        assert "noindex" not in text and "briefing-preview" not in text
    assert "Disallow" not in (site / "robots.txt").read_text()
    assert "X-Robots-Tag" not in (site / "_headers").read_text()
    assert (site / "sitemap.xml").is_file()


def test_a_preview_has_its_own_spare_and_cache(desk):
    project = desk["project"]
    again = briefing("build", "--drafts", cwd=project)
    assert again.returncode == 0, again.stderr
    assert re.search(r"\(0 pages rendered", again.stdout), again.stdout  # its own pages, cached
    assert (project / ".cache/briefing/preview/old-sites/spare" / DRAFT / "index.html").is_file()
    assert not (project / ".cache/briefing/old-sites/spare" / DRAFT).exists()


# --- refused -------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["site", "./site/", "site/preview", "."])
def test_a_preview_is_never_built_into_the_published_site(tmp_path, folder):
    project = make_project(tmp_path / "p", {"2024/03/cranes.md": GOOD_BRIEF})
    assert briefing("build", cwd=project).returncode == 0
    before = untouched(project / "site")
    result = briefing("build", "--drafts", "-d", folder, cwd=project)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "preview" in lines[0] and "site_dir" in lines[0], result.stderr
    assert untouched(project / "site") == before
    assert not (project / "site" / "preview").exists()


def test_a_preview_may_go_into_a_folder_named_on_the_command_line(tmp_path):
    draft = GOOD_BRIEF.replace("---\n\n", "draft: true\n---\n\n")
    project = make_project(tmp_path / "p", {"2024/03/cranes.md": draft})
    result = briefing("build", "--drafts", "-d", "for-the-desk", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "for-the-desk/2024/03/cranes/index.html").is_file()
    assert "into for-the-desk" in result.stdout and "(1 draft)" in result.stdout
    assert not (project / "site").exists()


def test_the_site_s_own_robots_txt_gives_way_in_a_preview(tmp_path):
    project = make_project(tmp_path / "p", {"2024/03/cranes.md": GOOD_BRIEF,
                                            "robots.txt": "User-agent: *\nAllow: /\n"})
    result = briefing("build", "--drafts", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Disallow: /" in (project / "site-preview/robots.txt").read_text()


# --- what a reader of the link sees --------------------------------------------------------


@pytest.fixture(scope="module")
def preview_url(desk):
    from browser import serve_folder

    with serve_folder(desk["project"] / "site-preview") as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/", "/" + BRIEF, "/" + DRAFT, "/search/", "/about/", "/no-such-page/"])
def test_every_page_of_a_preview_says_so_at_the_top_on_a_phone(browser, preview_url, path, scheme):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    tab = context.new_page()
    try:
        tab.goto(preview_url + (path if path != "/no-such-page/" else "/404.html"))
        banner = tab.locator(".briefing-preview")
        assert banner.is_visible()
        assert banner.inner_text().strip() == "Preview: not published. Drafts are shown."
        box = banner.bounding_box()
        assert box["y"] < 80 and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        looks = tab.evaluate("""() => {
            const landmark = document.querySelector('.briefing-preview').closest('aside, [role]');
            const colour = element => getComputedStyle(element).color;
            let back = document.querySelector('.briefing-preview');
            const clear = ['rgba(0, 0, 0, 0)', 'transparent'];
            while (back && clear.includes(getComputedStyle(back).backgroundColor)) back = back.parentElement;
            return {landmark: landmark && landmark.tagName,
                    text: colour(document.querySelector('.briefing-preview')),
                    back: getComputedStyle(back || document.body).backgroundColor,
                    wide: document.documentElement.scrollWidth};
        }""")
        assert looks["landmark"] == "ASIDE", looks
        assert contrast(looks["text"], looks["back"]) >= 4.5, looks
        assert looks["wide"] <= 390, looks
    finally:
        context.close()


def test_a_draft_in_a_preview_carries_its_draft_banner_too(desk):
    page = (desk["project"] / "site-preview" / DRAFT / "index.html").read_text(encoding="utf-8")
    assert 'class="brief-draft"' in page


def test_a_preview_page_passes_axe(browser, preview_url):
    from test_validators import AXE

    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        tab.goto(preview_url + "/" + DRAFT)
        tab.evaluate(AXE.read_text())
        result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == []
    finally:
        tab.close()


def test_preview_pages_pass_the_nu_html_checker(desk, tmp_path):
    from test_validators import is_materials, nu_checker

    pages = tmp_path / "pages"
    preview = desk["project"] / "site-preview"
    for path in ("index.html", BRIEF + "index.html", DRAFT + "index.html", "404.html"):
        write(pages / path, (preview / path).read_bytes())
    errors = [f"{m['url'].split('/pages/')[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in nu_checker(pages) if m["type"] == "error" and not is_materials(m)]
    assert errors == []


def test_mkdocs_yml_cannot_make_the_published_build_a_preview(tmp_path):
    project = make_project(tmp_path / "p", {"2024/03/cranes.md": GOOD_BRIEF})
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text().replace(
        "timezone: Europe/Berlin", "timezone: Europe/Berlin\n      preview: true"))
    result = briefing("build", cwd=project)
    assert result.returncode == 1 and not (project / "site").exists()
    assert result.stderr.strip().splitlines() == [
        "error: mkdocs.yml: plugins.briefing.preview: set by `briefing build --drafts`, "
        "not in mkdocs.yml (expected it left out, found true)"]
