"""Pictures must be pictures, and nothing copied from content/ runs script on the site's address.

A brief's picture (front matter or body) is judged by its bytes: JPEG, PNG, GIF, WebP
or AVIF. SVG is refused. HTML, SVG, XML and JavaScript files anywhere in content/ are
refused too, named by a brief or not, unless the site trusts its editors with code.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from conftest import GOOD_BRIEF, TINY_PNG, briefing, make_project, write

PICTURES = Path(__file__).parent / "fixtures/pictures"
MEDIA = "{http://search.yahoo.com/mrss/}"
ATOM = "{http://www.w3.org/2005/Atom}"
EXPECTED = "(expected a JPEG, PNG, GIF, WebP or AVIF file, found "

SCRIPT_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
ONLOAD_SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
EXTERNAL_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                b'<image href="https://tracker.example.org/pixel.png" width="1" height="1"/></svg>')
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"


def brief(title: str, image: str | None = None, body: str = "") -> str:
    """A sound brief; with an image its `image` is on line 5. Without one, a `body` that
    starts with a blank line has its first line of its own on line 10."""
    picture = f"image: {{src: {image}, alt: A picture of the harbour}}\n" if image else ""
    return (f"---\ntitle: {title}\ndate: 2024-07-04T08:00:00+02:00\nlead: Dock workers stopped work.\n"
            f"{picture}topics: [Economy]\n---\n\nThe port was quiet.\n{body}")


# brief -> (its text, the line and field of its problem, words the message must hold)
BAD_BRIEFS = {
    "svg-script.md": (brief("Script", "script.svg"), 5, "image.src", ["SVG", "found an SVG drawing", "PNG or WebP"]),
    "svg-onload.md": (brief("Onload", "onload.svg"), 5, "image.src", ["SVG", "found an SVG drawing"]),
    "svg-external.md": (brief("External", "external.svg"), 5, "image.src", ["SVG", "found an SVG drawing"]),
    "html-named-jpg.md": (brief("Named jpg", "photo.jpg"), 5, "image.src", ["not a picture", "found HTML text"]),
    "html-image.md": (brief("Html", "page.html"), 5, "image.src", ["not a picture", "found HTML text"]),
    "text-image.md": (brief("Text", "notes.txt"), 5, "image.src", ["not a picture", "found plain text"]),
    "empty-image.md": (brief("Empty", "empty.png"), 5, "image.src", ["not a picture", "found an empty file"]),
    "truncated-png.md": (brief("Truncated", "cut.png"), 5, "image.src", ["found a PNG file cut short"]),
    "body-svg.md": (brief("Body svg", body="\n![A chart](script.svg)\n"), 10, "body",
                    ["script.svg", "SVG", "found an SVG drawing"]),
    "body-img-tag.md": (brief("Body img", body='\n<img src="photo.jpg" alt="A chart">\n'), 10, "body",
                        ["photo.jpg", "not a picture", "found HTML text"]),
    "body-reference.md": (brief("Body reference", body="\n![A chart][chart]\n\n[chart]: notes.txt\n"), 10, "body",
                          ["notes.txt", "found plain text"]),
}
FILES = {  # in content/2024/07/
    "script.svg": SCRIPT_SVG, "onload.svg": ONLOAD_SVG, "external.svg": EXTERNAL_SVG,
    "photo.jpg": HTML, "page.html": HTML, "notes.txt": b"Notes from the harbour.\n", "empty.png": b"",
    "cut.png": TINY_PNG[:20], "good.png": TINY_PNG,
    # named by no brief, published all the same
    "evil.html": HTML, "evil.xhtml": HTML, "evil.xml": ONLOAD_SVG, "evil.js": b"alert(1)\n",
    "evil": HTML,  # no extension: a host may send it untyped, and browsers sniff it as HTML
}
# files of content/ that would run script on the site's address
ACTIVE = ["script.svg", "onload.svg", "external.svg", "page.html", "evil.html", "evil.xhtml", "evil.xml",
          "evil.js", "evil"]


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> Path:
    briefs = {f"2024/07/{name}": text for name, (text, *_) in BAD_BRIEFS.items()}
    briefs["2024/07/good.md"] = brief("Good", "good.png", body="\n![A chart](good.png)\n")
    root = make_project(tmp_path_factory.mktemp("pictures"), briefs)
    for name, data in FILES.items():
        write(root / "content/2024/07" / name, data)
    return root


@pytest.mark.parametrize("command", ["check", "build"])
def test_non_pictures_and_active_files_are_each_reported_and_nothing_is_built(bad, command):
    result = briefing(command, cwd=bad)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    *lines, summary = result.stderr.splitlines()
    found = f"{len(BAD_BRIEFS) + len(ACTIVE)} problems in {len(BAD_BRIEFS)} briefs and {len(ACTIVE)} other files"
    if command == "check":  # which also counts the warnings it printed
        assert summary.startswith(f"{len(BAD_BRIEFS) + 1} briefs checked: {found}, and "), summary
    else:
        assert summary == f"{found}; nothing was built."
    expected = {f"content/2024/07/{name}:{line}: {field}: ": words
                for name, (_, line, field, words) in BAD_BRIEFS.items()}
    expected |= {f"content/2024/07/{name}:1: file: ": ["script", "theme/"] for name in ACTIVE}
    found = {}
    for line in lines:
        if ": warning: " in line:  # check's advice (small pictures), not problems
            continue
        prefix = next((p for p in expected if line.startswith(p)), None)
        assert prefix, f"unexpected line: {line}"
        found[prefix] = line
    assert found.keys() == expected.keys(), result.stderr
    for prefix, words in expected.items():
        for word in words:
            assert word in found[prefix], found[prefix]
        if prefix.endswith(("image.src: ", "body: ")):
            assert EXPECTED in found[prefix], found[prefix]
    assert not (bad / "site").exists()


GOOD_PICTURES = {  # file in content/2024/07/ -> (its bytes, the MIME type feeds must give, width, height)
    "chart.png": (TINY_PNG, "image/png", 1, 1),
    "photo.jpg": ((PICTURES / "tiny.jpg").read_bytes(), "image/jpeg", 4, 3),
    "map.webp": ((PICTURES / "tiny.webp").read_bytes(), "image/webp", 4, 3),
    "anim.gif": ((PICTURES / "tiny.gif").read_bytes(), "image/gif", 4, 3),
    "portrait.avif": ((PICTURES / "tiny.avif").read_bytes(), "image/avif", 4, 3),
    "png-named.jpg": (TINY_PNG, "image/png", 1, 1),  # the bytes say what it is, not the name
}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    briefs = {f"2024/07/{Path(name).stem}.md": brief(f"Brief {Path(name).stem}", name) for name in GOOD_PICTURES}
    briefs["2024/07/body.md"] = brief("Body pictures", body='\n![A map](map.webp)\n\n<img src="anim.gif" alt="A chart">\n')
    root = make_project(tmp_path_factory.mktemp("good"), briefs)
    for name, (data, *_) in GOOD_PICTURES.items():
        write(root / "content/2024/07" / name, data)
    # other files that run no script are published as they are
    write(root / "content/files/report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    write(root / "content/files/data.csv", b"year,ships\n2024,12\n")
    write(root / "content/CNAME", b"news.example.org\n")
    return root


def test_pictures_of_every_format_check_and_build(good):
    check = briefing("check", cwd=good)
    assert check.returncode == 0, check.stderr
    build = briefing("build", cwd=good)
    assert build.returncode == 0, build.stderr
    for name in [*GOOD_PICTURES, "files/report.pdf", "files/data.csv", "CNAME"]:
        path = name if "/" in name or name == "CNAME" else f"2024/07/{name}"
        assert (good / "site" / path).read_bytes() == (good / "content" / path).read_bytes()


@pytest.mark.parametrize("feed", ["feed.xml", "atom.xml"])
def test_feeds_give_each_picture_the_type_its_bytes_have(good, feed):
    if not (good / "site").exists():
        assert briefing("build", cwd=good).returncode == 0
    root = ET.parse(good / "site" / feed).getroot()
    items = root.iter("item") if feed == "feed.xml" else root.iter(f"{ATOM}entry")
    media = [content.attrib for item in items for content in item.iter(f"{MEDIA}content")]
    assert len(media) == len(GOOD_PICTURES)
    for attributes in media:  # each the file it names, of the type and size its bytes have
        served = good / "site" / attributes["url"].removeprefix("https://news.example.org/")
        with Image.open(served) as picture:
            assert attributes["type"] == Image.MIME[picture.format], attributes
            assert (attributes["width"], attributes["height"]) == (str(picture.width), str(picture.height))
        assert attributes["medium"] == "image"
    # An animated GIF is served as it is; the others are made for feeds (JPEG, PNG where transparent).
    assert {a["type"] for a in media} == {"image/jpeg", "image/png"} | (
        {"image/gif"} if any(a["url"].endswith("anim.gif") for a in media) else set())


def test_a_picture_replaced_by_html_is_found_by_the_next_build(tmp_path):
    root = make_project(tmp_path, {"2024/07/front.md": brief("Front", "front.png"),
                                   "2024/07/inline.md": brief("Inline", body="\n![A chart](inline.png)\n")})
    write(root / "content/2024/07/front.png", TINY_PNG)
    write(root / "content/2024/07/inline.png", TINY_PNG)
    assert briefing("build", cwd=root).returncode == 0
    write(root / "content/2024/07/front.png", HTML)
    write(root / "content/2024/07/inline.png", HTML)
    result = briefing("build", cwd=root)  # the briefs are in the cache, their pictures changed
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith("content/2024/07/front.md:5: image.src: not a picture") for line in lines), lines
    assert any(line.startswith("content/2024/07/inline.md:10: body: ") and "inline.png" in line
               for line in lines), lines


def test_a_site_that_trusts_its_editors_publishes_its_html(tmp_path):
    root = make_project(tmp_path, {"2024/07/good.md": brief("Good", "good.png")})
    write(root / "content/2024/07/good.png", TINY_PNG)
    write(root / "content/embeds/video.html", HTML)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("timezone: Europe/Berlin", "timezone: Europe/Berlin\n      trust_html: true"))
    for command in ("check", "build"):
        result = briefing(command, cwd=root)
        assert result.returncode == 0, result.stderr
    assert (root / "site/embeds/video.html").read_bytes() == HTML


def test_check_of_one_named_file_reports_an_active_file(tmp_path):
    """The pre-commit hook passes the staged files of content/: an HTML file among them is reported."""
    project = make_project(tmp_path / "project", {"2024/07/good.md": GOOD_BRIEF.replace("2024-03-04", "2024-07-04")})
    (project / "content/2024/07/evil.html").write_text("<script>alert(1)</script>")
    result = briefing("check", "content/2024/07/evil.html", cwd=project)
    assert result.returncode == 1
    assert "content/2024/07/evil.html:1: file: would run script" in result.stderr
