"""Every picture made for every screen: the files a build makes of it, what pages, feeds
and sharing point at, and the pictures a build refuses (with the brief's path and line,
never a traceback, a hang or a gigabyte of memory)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import ROOT, briefing, make_project, refused, write
from linkwalk import broken_links

sys.path.insert(0, str(ROOT))
from scripts.photolike import photo  # noqa: E402

MEDIA = "{http://search.yahoo.com/mrss/}"


def brief(title: str, image: str | None = None, body: str = "", focus: str = "") -> str:
    """A sound brief; its `image` is on line 5."""
    picture = f"image: {{src: {image}, alt: The harbour at dawn{focus}}}\n" if image else ""
    return (f"---\ntitle: {title}\ndate: 2024-07-04T08:00:00+02:00\nlead: Dock workers stopped work.\n"
            f"{picture}topics: [Economy]\n---\n\nThe port was quiet.\n{body}")


def jpeg(picture: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85, **options)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` pixels, with almost no data: a bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    wide = photo(3, (1700, 1000))
    briefs = {
        "2024/07/harbour.md": brief("Harbour", "harbour.jpg", body="\n![A map of the port](map.png)\n"),
        "2024/07/again.md": brief("Again", "harbour.jpg"),  # the same picture: made once
        "2024/07/framed.md": brief("Framed", "framed.jpg", focus=", focus: [0.9, 0.2]"),
        "2024/07/small.md": brief("Small", "small.jpg"),
        "2024/07/words.md": brief("Nothing to see"),  # no picture: a share card
    }
    root = make_project(tmp_path_factory.mktemp("pictures"), briefs)
    folder = root / "content/2024/07"
    write(folder / "harbour.jpg", jpeg(wide))
    write(folder / "framed.jpg", jpeg(photo(4, (1400, 1400))))
    write(folder / "small.jpg", jpeg(photo(5, (400, 300))))
    chart = Image.new("RGBA", (900, 500), (0, 0, 0, 0))
    chart.paste((20, 90, 200, 255), (100, 100, 800, 400))
    out = io.BytesIO()
    chart.save(out, "PNG")
    write(folder / "map.png", out.getvalue())
    result = briefing("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def page(project: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((project / "site" / path / "index.html").read_text(), "html.parser")


def site_file(project: Path, page_path: str, address: str) -> Path:
    """The file an address on a page points at."""
    return (project / "site" / page_path / address).resolve()


def candidates(srcset: str) -> list[tuple[str, int]]:
    return [(url, int(width[:-1])) for url, width in (item.split() for item in srcset.split(", "))]


def test_the_hero_offers_every_width_in_avif_and_jpeg_and_loads_first(project):
    hero = page(project, "2024/07/harbour").select_one(".brief-figure picture")
    sources = {s["type"]: candidates(s["srcset"]) for s in hero.find_all("source")}
    img = hero.find("img")
    fallback = candidates(img["srcset"])
    assert [w for _, w in fallback] == [200, 320, 480, 680, 800, 1080, 1280, 1600, 1700]  # never wider than it
    assert list(sources) == ["image/avif"]
    assert [w for _, w in sources["image/avif"]] == [200, 320, 480, 680, 800, 1080, 1280, 1600]
    assert img["fetchpriority"] == "high" and "loading" not in img.attrs
    assert (img["width"], img["height"]) == ("1700", "1000")
    for url, width in [*fallback, *sources["image/avif"]]:
        with Image.open(site_file(project, "2024/07/harbour", url)) as made:
            assert made.width == width and made.format == {".avif": "AVIF", ".jpg": "JPEG"}[Path(url).suffix]
    original = (project / "content/2024/07/harbour.jpg").stat().st_size
    phone = site_file(project, "2024/07/harbour", dict(map(reversed, sources["image/avif"]))[1080]).stat().st_size
    assert phone < original / 2  # what a phone fetches: 358 CSS px at 3 device pixels each


def test_cards_are_lazy_but_the_first_six_with_a_preview_behind_each(project):
    front = page(project, "")
    cards = front.select("li.brief-card")
    pictures = front.select(".brief-card__image .briefing-picture")
    assert len(cards) == 5 and len(pictures) == 4
    for index, card in enumerate(cards):
        img = card.select_one("picture img")
        if img is None:
            continue
        assert img["decoding"] == "async"
        assert (img.get("loading") == "lazy") == (index >= 6), index  # a phone's first screen: six
        assert (img.get("fetchpriority") == "high") == (index == 0), index
    for frame in pictures:
        preview = frame.select_one(".briefing-picture__preview")
        assert preview["src"].startswith("data:image/webp;base64,") and len(preview["src"]) < 400
        assert preview["alt"] == "" and preview["aria-hidden"] == "true"


def test_a_transparent_body_picture_keeps_its_transparency_and_gets_no_preview(project):
    body = page(project, "2024/07/harbour").select_one(".brief-body")
    frame = body.select_one(".briefing-picture")
    img = frame.select_one("picture img")
    assert img["alt"] == "A map of the port" and img["loading"] == "lazy"
    assert frame.select_one(".briefing-picture__preview") is None
    assert img["src"].endswith(".png")
    with Image.open(site_file(project, "2024/07/harbour", img["src"])) as made:
        assert made.mode == "RGBA" and made.getpixel((0, 0))[3] == 0


def test_a_picture_two_briefs_show_is_made_once(project):
    one = page(project, "2024/07/harbour").select_one(".brief-figure picture img")["src"]
    two = page(project, "2024/07/again").select_one(".brief-figure picture img")["src"]
    assert one == two


def test_sharing_gets_a_1200_by_630_crop_and_search_engines_three_ratios(project):
    harbour = page(project, "2024/07/harbour")
    meta = {m.get("property") or m.get("name"): m["content"] for m in harbour.find_all("meta") if m.get("content")}
    assert meta["robots"] == "max-image-preview:large"
    assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:type"]) == ("1200", "630", "image/jpeg")
    with Image.open(project / "site" / meta["og:image"].split("/", 3)[3]) as shared:
        assert shared.size == (1200, 630)
    data = json.loads(harbour.find("script", type="application/ld+json").string)
    ratios = []
    for image in data["image"]:
        with Image.open(project / "site" / image["url"].split("/", 3)[3]) as made:
            assert made.size == (image["width"], image["height"])
            ratios.append(round(made.width / made.height, 2))
    assert ratios == [1.78, 1.33, 1.0] and data["image"][0]["width"] == 1200


def test_a_small_picture_gives_smaller_crops_never_enlarged(project):
    data = json.loads(page(project, "2024/07/small").find("script", type="application/ld+json").string)
    assert [(i["width"], i["height"]) for i in data["image"]] == [(400, 225), (400, 300), (300, 300)]


def test_crops_keep_the_focus(project):
    """framed.jpg is square; its focus is near the right edge, so the 16:9 crop is its right part."""
    data = json.loads(page(project, "2024/07/framed").find("script", type="application/ld+json").string)
    wide = project / "site" / data["image"][0]["url"].split("/", 3)[3]
    with Image.open(project / "content/2024/07/framed.jpg") as source, Image.open(wide) as crop:
        right = source.crop((0, 0, 1400, 788)).resize(crop.size)
        left = source.crop((0, 306, 1400, 1094)).resize(crop.size)  # the centre's crop
        def distance(a, b):
            return sum(abs(x - y) for x, y in zip(a.convert("L").tobytes(), b.convert("L").tobytes()))
        assert distance(crop, right) < distance(crop, left)


def test_a_brief_without_a_picture_shares_a_card(project):
    words = page(project, "2024/07/words")
    meta = {m.get("property") or m.get("name"): m["content"] for m in words.find_all("meta") if m.get("content")}
    assert meta["twitter:card"] == "summary_large_image" and meta["og:image:type"] == "image/png"
    with Image.open(project / "site" / meta["og:image"].split("/", 3)[3]) as card:
        assert card.size == (1200, 630)
    assert "image" not in json.loads(words.find("script", type="application/ld+json").string)


def test_feeds_carry_a_resized_picture(project):
    root = ET.parse(project / "site/feed.xml").getroot()
    contents = root.findall(f".//{MEDIA}content")
    assert contents
    for content in contents:
        with Image.open(project / "site" / content.get("url").split("/", 3)[3]) as made:
            assert (str(made.width), str(made.height)) == (content.get("width"), content.get("height"))
            assert made.width <= 1280 and made.format == "JPEG"
    feed = json.loads((project / "site/feed.json").read_text())
    assert all("/assets/pictures/" in item["image"] for item in feed["items"] if "image" in item)


def test_picture_files_are_cached_for_ever_by_their_names(project):
    headers = (project / "site/_headers").read_text()
    assert "/assets/pictures/*\n  Cache-Control: public, max-age=31536000, immutable" in headers


# --- pictures refused -----------------------------------------------------------------------

def cut(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


BROKEN_PNG = bytes.fromhex(  # a whole PNG's chunks, its image data not a zlib stream
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
REFUSED = {  # file -> (its bytes, words the problem must hold)
    "bomb.png": (png_claiming(40000, 40000), ["too large", "40,000 x 40,000"]),
    "cut.jpg": (cut(jpeg(photo(6, (800, 600)))), ["not a whole picture", "JPEG", "does not decode"]),
    "broken.png": (BROKEN_PNG, ["not a whole picture", "PNG", "does not decode"]),
}


@pytest.fixture(scope="module")
def refused_project(tmp_path_factory) -> Path:
    briefs = {f"2024/07/{Path(name).stem}.md": brief(f"Brief {name}", name) for name in REFUSED}
    briefs["2024/07/in-body.md"] = brief("Body", body="\n![A map](bomb.png)\n")
    root = make_project(tmp_path_factory.mktemp("refused"), briefs)
    for name, (data, _) in REFUSED.items():
        write(root / "content/2024/07" / name, data)
    return root


# Runs a command and prints the most memory it (or a process of its) held. From a small
# process of its own: a child forked from this one, large by now, would count its pages.
MEASURE = """import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)"""


def run_measured(args: list[str], cwd: Path) -> tuple[int, str, int]:
    """(exit code, stderr, peak memory in MB) of one command."""
    result = subprocess.run([sys.executable, "-c", MEASURE, *args], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    code, peak = result.stdout.split()
    return int(code), result.stderr, int(peak)


@pytest.mark.parametrize("command", ["check", "build"])
def test_broken_pictures_and_bombs_are_problems_of_their_briefs(refused_project, command):
    code, stderr, peak = run_measured([str(Path(sys.executable).parent / "briefing"), command], refused_project)
    assert code == 1 and "Traceback" not in stderr
    for name, (_, words) in REFUSED.items():
        line = next((l for l in stderr.splitlines()
                     if l.startswith(f"content/2024/07/{Path(name).stem}.md:5: image.src: ")), None)
        assert line, stderr
        assert all(word in line for word in words), line
    assert re.search(r"content/2024/07/in-body\.md:\d+: body: picture bomb\.png: too large", stderr), stderr
    assert peak < 400, f"{peak} MB"  # 40000 x 40000 pixels would be 4.8 GB
    assert not (refused_project / "site").exists()


def test_a_warm_build_encodes_nothing_and_a_changed_picture_only_itself(project, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(project, copy, symlinks=True)
    again = briefing("build", cwd=copy)
    assert again.returncode == 0, again.stderr
    assert "Pictures: 4 made for every screen" in again.stdout and "0 of them new" in again.stdout, again.stdout
    write(copy / "content/2024/07/small.jpg", jpeg(photo(7, (420, 300))))
    changed = briefing("build", cwd=copy)
    assert changed.returncode == 0, changed.stderr
    assert "1 of them new" in changed.stdout, changed.stdout
    pictures = {p.parent.name for p in (copy / "site/assets/pictures").glob("*/*")}
    assert len(pictures) == 5  # four pictures and a card: the old small.jpg's files are gone


def test_every_picture_file_stays_through_builds_over_reused_site_folders(project, tmp_path):
    """From the third build on, a build writes over the site two builds ago, which shares
    its picture files with the store: each must count as written again, not be swept."""
    copy = tmp_path / "project"
    shutil.copytree(project, copy, symlinks=True, ignore=shutil.ignore_patterns(".cache", "site"))
    for _ in range(3):
        result = briefing("build", cwd=copy)
        assert result.returncode == 0, result.stderr
    assert broken_links(copy / "site", "https://news.example.org/") == []
    assert len(list((copy / "site/assets/pictures").glob("*/*"))) > 40


@pytest.mark.parametrize("focus", ["[2, 0.5]", "[true, 0.5]", "[0.5]", '"middle"', "[0.5, -0.1]"])
def test_a_focus_that_is_no_point_in_the_picture_is_a_problem_of_its_line(tmp_path, focus):
    root = make_project(tmp_path, {"2024/07/framed.md": brief("Framed", "framed.jpg", focus=f", focus: {focus}")})
    write(root / "content/2024/07/framed.jpg", jpeg(photo(8, (400, 300))))
    for said in refused(root):
        assert "content/2024/07/framed.md:5: image.focus: not a point (expected a point [x, y], each from 0 to 1" \
            in said, said
        assert "Traceback" not in said
