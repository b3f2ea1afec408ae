"""Every picture the site shows, made for every screen: the files, and the markup that picks one.

A picture becomes variants: its width ladder (never wider than itself) in AVIF and in a
fallback every browser shows, each a file named by the picture's bytes and these settings, so it is
cached for ever and a new picture gets new names. Sharing gets crops of the ratios Open
Graph and Google ask for, around the image's `focus` (else its centre). The pixels are
made by the engine (engine/pictures.py); this module only says what there is to make.

SLOTS is the one table of where pictures appear and how wide they are there: the
templates take `sizes` from it, and tests/test_picture_slots.py holds the stylesheet
(theme/assets/briefing.css) to it in a browser at phone and desktop widths.
"""

from __future__ import annotations

import functools
import hashlib
import html
import posixpath
import re
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from generator.model.brief import Brief, Image, Picture
from generator.outputs.site import Site

FOLDER = "assets/pictures"  # in the site, claimed whole
# Where screens pick: 200 for a thumbnail (96 px) at up to 2 device pixels a CSS pixel, 680
# for a phone's full width at 1.75 (380 x 1.75, Lighthouse's phone), 800 for a desktop's
# brief column (688-757 px), 1080 for a phone's full width at 3 (358 x 3), 1600 for a
# desktop's column at 2.
LADDER = (200, 320, 480, 680, 800, 1080, 1280, 1600, 2048)


@dataclass(frozen=True)
class Format:
    extension: str
    mime: str
    options: tuple  # Pillow save() keyword arguments, as pairs
    # (widest, pairs), narrowest first: options that replace some of those above in pictures
    # up to `widest` pixels wide. Small pictures pack a photograph's detail densely, and need
    # a higher quality (and, for AVIF and JPEG, full-resolution colour) to look the same.
    narrow: tuple = ()

    def options_at(self, width: int) -> dict:
        """The save() keyword arguments for a picture `width` pixels wide."""
        chosen = dict(self.options)
        for widest, pairs in self.narrow:
            if width <= widest:
                chosen.update(pairs)
                break
        return chosen


# AVIF where phones, cards and most desktops pick (the most bytes saved for the encoding
# time), and a fallback every browser shows at every width: JPEG, or PNG where transparent
# (benchmarks/README.md, "Encoders").
# Chosen so that a photograph looks the same to a reader: SSIMULACRA2 of at least 80 against
# the resized source at every width from 320 to 2048 px (tests/engine/test_encoding_quality.py;
# the lowest qualities that reach it, measured by benchmarks/encoders.py, plus a margin for
# other pictures). AVIF: full-resolution colour (4:2:0 cannot reach 80 at 320 px, and costs
# as many bytes at 1280); speed 8 up to 1080 px, the phones' widths, 9 above (3x faster than
# 8 for 9 % more bytes); one thread, as each worker encodes a picture of its own. WebP's colour
# is always half-resolution: it stays under 80 at 320 px whatever its quality, and it is no
# smaller than JPEG from 1280 px up, for 4-6 times JPEG's time: it is not made.
FORMATS = {
    "avif": Format("avif", "image/avif", (("quality", 76), ("speed", 9), ("subsampling", "4:4:4"),
                                          ("max_threads", 1)),
                   ((200, (("quality", 92), ("speed", 8))), (320, (("quality", 88), ("speed", 8))),
                    (960, (("quality", 70), ("speed", 8))),
                    (1080, (("quality", 72), ("speed", 8))), (1280, (("quality", 72),)))),
    "jpeg": Format("jpg", "image/jpeg", (("quality", 85), ("optimize", True), ("progressive", True)),
                   ((320, (("quality", 94), ("subsampling", "4:4:4"))),
                    (480, (("quality", 80), ("subsampling", "4:4:4"))))),
    "png": Format("png", "image/png", (("optimize", True),)),
}
AVIF_UP_TO = 1600  # px wide: a phone's hero at 3 device pixels a CSS pixel, a desktop's at 2
SHARE = (1200, 630)  # Open Graph and Twitter's large card
# JSON-LD's crops: Google shows an article's picture in 16:9, 4:3 and 1:1.
SEARCH_RATIOS = ((16, 9), (4, 3), (1, 1))
SEARCH_WIDTH = 1200
VERSION = hashlib.blake2b(repr((LADDER, FORMATS, AVIF_UP_TO, SHARE, SEARCH_RATIOS, SEARCH_WIDTH)).encode(),
                          digest_size=4).hexdigest()  # any setting changed: new names


@dataclass(frozen=True)
class Slot:
    """Where pictures appear: how wide they are shown there (`sizes`, the CSS widths at
    each viewport width, px as the media queries' em count 16 px), and how they load."""

    sizes: str
    widest: int  # CSS px: the most `sizes` ever says; files past three times that are never picked
    eager: bool = False  # the page's largest picture: fetched first, never lazily


# Measured on the brief page's one column (theme/assets/briefing.css, "A brief's page"):
# 58ch of its body type, 17 px below 60em, 18 px to 100em, then 18.7 and 19.2 px (rem is
# 20 px, 22 px from 100em, 24 px from 125em), in Debian's Helvetica (Liberation Sans);
# a phone's full width less Material's margins below that. Another system font moves a
# few pixels, within what the ladder's next step covers.
_BRIEF_COLUMN = ("(min-width: 125em) 619px, (min-width: 100em) 603px, (min-width: 60em) 581px, "
                 "(min-width: 36.25em) 549px, calc(100vw - 32px)")

SLOTS = {
    "hero": Slot(_BRIEF_COLUMN, 619, eager=True),
    "body": Slot(_BRIEF_COLUMN, 619),
    # The front page's lead story: 3/5 of the column beside its text from 60em, else the column.
    "lead": Slot("(min-width: 125em) 838px, (min-width: 100em) 768px, (min-width: 76.25em) 698px, "
                 "(min-width: 60em) calc((100vw - 56px) * .6), calc(100vw - 32px)", 927),
    # The front page's grid: three columns from 60em, two from 45em; a phone's rows: 4.4rem.
    "card": Slot("(min-width: 125em) 456px, (min-width: 100em) 418px, (min-width: 76.25em) 380px, "
                 "(min-width: 60em) calc((100vw - 80px) / 3), (min-width: 45em) calc((100vw - 56px) / 2), "
                 "88px", 456),
    # Rows of every other listing: 9rem from 45em, 4.4rem on phones.
    "row": Slot("(min-width: 125em) 216px, (min-width: 100em) 198px, (min-width: 45em) 180px, 88px", 216),
    "thumbnail": Slot("(min-width: 125em) 115px, (min-width: 100em) 106px, 96px", 115),
}


class Variant(NamedTuple):  # a tuple: a warm build of 1,000 pictures makes 20,000 of them
    """One file made of a picture: the whole of it at `width`, or a crop of `ratio`."""

    path: str  # in the site: "assets/pictures/1a2b3c4d5e6f7a8b/harbour-cranes-640.avif"
    width: int
    height: int
    format: str  # a key of FORMATS
    ratio: tuple[int, int] | None = None  # a crop: (16, 9); None: the whole picture
    focus: tuple[float, float] = (0.5, 0.5)  # what a crop keeps: (x, y) from 0 to 1

    @property
    def mime(self) -> str:
        return FORMATS[self.format].mime


def resized(picture: Picture) -> bool:
    """Whether the picture gets variants: an animated one is shown as it is."""
    return not picture.animated


def fallback(picture: Picture) -> str:
    """The format every browser shows: PNG keeps transparency, JPEG is smaller for the rest."""
    return "png" if picture.transparent else "jpeg"


@functools.lru_cache(maxsize=16384)
def folder(picture: Picture) -> str:
    key = hashlib.blake2b(f"{picture.digest}:{VERSION}".encode(), digest_size=8).hexdigest()
    return f"{FOLDER}/{key}/"


@functools.lru_cache(maxsize=16384)
def _stem(picture: Picture) -> str:
    name = picture.src.rpartition("/")[2].rpartition(".")[0] or picture.src
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:60].lower() or "picture"


@functools.lru_cache(maxsize=4096)
def widths(width: int) -> tuple[int, ...]:
    """The ladder for a picture this wide: up to its own width, and that width where it is
    narrower than the top."""
    below = tuple(w for w in LADDER if w < width)
    top = min(width, LADDER[-1])
    return below if top in below else (*below, top)


def _height(picture: Picture, width: int) -> int:
    return max(1, round(picture.height * width / picture.width))


@functools.lru_cache(maxsize=16384)  # asked for by pages, feeds, search and the pipeline alike
def variants(picture: Picture) -> tuple[Variant, ...]:
    """Every file of the whole picture: each width in each of its formats."""
    if not resized(picture):
        return ()
    base, stem, fall = folder(picture), _stem(picture), fallback(picture)
    made = []
    for width in widths(picture.width):
        formats = (["avif"] if width <= AVIF_UP_TO else []) + [fall]
        made += [Variant(f"{base}{stem}-{width}.{FORMATS[f].extension}", width, _height(picture, width), f)
                 for f in formats]
    return tuple(made)


def crop(image: Image, ratio: tuple[int, int], width: int) -> Variant:
    """The largest part of the picture of this ratio, at most `width` wide (never enlarged),
    around the image's focus (else its centre: news pictures are framed on their subject)."""
    rw, rh = ratio
    w = min(image.width, image.height * rw // rh, width)
    h = max(1, w * rh // rw)
    fmt, focus = fallback(image), image.focus or (0.5, 0.5)
    at = f"-at{round(focus[0] * 100)}x{round(focus[1] * 100)}" if image.focus else ""
    name = f"{_stem(image)}-{w}x{h}{at}.{FORMATS[fmt].extension}"
    return Variant(folder(image) + name, w, h, fmt, ratio, focus)


def share_crop(image: Image) -> Variant | None:
    """Open Graph's 1200 x 630 (smaller from a smaller picture); None for an animated one."""
    return crop(image, SHARE, SHARE[0]) if resized(image) else None


def search_crops(image: Image) -> list[Variant]:
    return [crop(image, ratio, SEARCH_WIDTH) for ratio in SEARCH_RATIOS] if resized(image) else []


def shape(picture: Picture, crops: bool) -> tuple:
    """What decides the files made of a picture (beside its bytes and the settings, which
    name its folder): its size, its transparency, and for a brief's image its crops."""
    focus = picture.focus if crops and isinstance(picture, Image) else None
    return picture.width, picture.height, picture.transparent, picture.animated, crops, focus


def every_file(image: Image) -> list[Variant]:
    """All that is made of a brief's image: its variants, and its crops for sharing."""
    made = list(variants(image))
    if made:
        made += [share_crop(image), *search_crops(image)]
    return list(dict.fromkeys(made))


CARD = (1200, 630)
CARD_VERSION = "1"  # a new look of the cards (engine/cards.py): new names


def card_inputs(site: Site, brief: Brief) -> tuple:
    """What a brief's share card shows: cards.share_card's arguments."""
    language = brief.lang or site.language
    return brief.title, brief.kicker, site.publication or site.name, site.palette, language


def card(site: Site, brief: Brief) -> Variant | None:
    """The share card of a brief without a picture (Open Graph shows no SVG either)."""
    if not site.pictures or brief.image:
        return None
    key = hashlib.blake2b(repr((card_inputs(site, brief), CARD_VERSION)).encode(), digest_size=8).hexdigest()
    return Variant(f"{FOLDER}/{key}/share.png", *CARD, "png")


FEED_WIDTH = 1280  # feed readers show a picture at most a column wide


def _fallback_at(picture: Picture, width: int) -> Variant | None:
    """The fallback file of the widest rung up to `width` (the narrowest if none is)."""
    if not resized(picture):
        return None
    ladder = widths(picture.width)
    width = max((w for w in ladder if w <= width), default=ladder[0])
    fmt = fallback(picture)
    path = f"{folder(picture)}{_stem(picture)}-{width}.{FORMATS[fmt].extension}"
    return Variant(path, width, _height(picture, width), fmt)


def feed_variant(picture: Picture) -> Variant | None:
    """The file feed readers get: the fallback format at most FEED_WIDTH wide."""
    return _fallback_at(picture, FEED_WIDTH)


def smallest(picture: Picture) -> Variant | None:
    """The search results' file: 320 px, for their 90 px thumbnails at 3 device pixels."""
    return _fallback_at(picture, 320)


def _loading(slot: str, first: bool | None) -> str:
    """Lazily, unless the slot or the page says it is seen at once: `first`, the page's
    first picture (fetched before the others), False another one seen at once."""
    if SLOTS[slot].eager or first:
        return ' fetchpriority="high"'
    return "" if first is False else ' loading="lazy"'


def markup(picture: Picture, slot: str, url, alt: str = "", extra: str = "",
           first: bool | None = None) -> str:
    """`<picture>` for `slot`: a source per modern format, the fallback's <img> with its
    size (no layout shift), and the preview behind it while it loads. `url` makes a
    site path an address the page can use; `extra`: more attributes of the <img>;
    `first`: see _loading."""
    place = SLOTS[slot]
    loading = _loading(slot, first)
    size = f'width="{picture.width}" height="{picture.height}"'
    alt_text = html.escape(alt)
    preview = (f'<img class="briefing-picture__preview" src="{picture.preview}" alt="" {size} '
               'aria-hidden="true">' if picture.preview else "")
    made = variants(picture)
    if not made:  # animated: as it is
        img = (f'<img src="{html.escape(url(picture.src))}" alt="{alt_text}" {size}{loading} '
               f'decoding="async"{extra}>')
        return f'<span class="briefing-picture">{preview}{img}</span>'
    # Enough for three device pixels a CSS pixel: no wider file is ever picked.
    enough = next((w for w in widths(picture.width) if w >= 3 * place.widest), None)
    by_format: dict[str, list[Variant]] = {}
    for variant in made:
        if enough is None or variant.width <= enough:
            by_format.setdefault(variant.format, []).append(variant)
    sizes = html.escape(place.sizes)

    def srcset(files: list[Variant]) -> str:
        return html.escape(", ".join(f"{url(v.path)} {v.width}w" for v in files))

    sources = "".join(f'<source type="{files[0].mime}" srcset="{srcset(files)}" sizes="{sizes}">'
                      for name, files in by_format.items() if name == "avif")
    fall = by_format[fallback(picture)]
    src = next((v for v in fall if v.width >= 960), fall[-1])
    img = (f'<img src="{html.escape(url(src.path))}" srcset="{srcset(fall)}" sizes="{sizes}" '
           f'alt="{alt_text}" {size}{loading} decoding="async"{extra}>')
    return f'<span class="briefing-picture">{preview}<picture>{sources}{img}</picture></span>'


def as_it_is(picture: Picture, slot: str, url, alt: str = "", first: bool | None = None) -> str:
    """The picture's own file in an <img> (the pipeline off), loaded as its slot says."""
    loading = _loading(slot, first)
    return (f'<img src="{html.escape(url(picture.src))}" alt="{html.escape(alt)}" width="{picture.width}" '
            f'height="{picture.height}"{loading} decoding="async">')


_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"', re.IGNORECASE)


def in_body(content: str, shown: tuple[Picture, ...], page_url: str) -> str:
    """A body's HTML with each <img> of a picture of content/ made for every screen.

    `page_url`: the page's, from the site root ("2024/07/slug/"); the <img> addresses
    are relative to it, as MkDocs writes them. Title and alt are kept."""
    by_path = {picture.src: picture for picture in shown}
    folder = "/" + (page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/")

    def relative(path: str) -> str:
        return posixpath.relpath("/" + path, folder) + ("/" if path.endswith("/") else "")

    def replace(tag: re.Match) -> str:
        attributes = {name.lower(): value for name, value in _ATTRIBUTE.findall(tag[0])}
        address = html.unescape(attributes.get("src", ""))
        if not address or urlsplit(address).scheme or address.startswith("//"):
            return tag[0]
        path = posixpath.normpath(posixpath.join(folder, unquote(urlsplit(address).path))).lstrip("/")
        picture = by_path.get(path)
        if picture is None:
            return tag[0]
        title = attributes.get("title")
        extra = f' title="{title}"' if title else ""
        return markup(picture, "body", relative, html.unescape(attributes.get("alt", "")), extra)

    return _IMG.sub(replace, content)


@dataclass(frozen=True)
class Shown:
    """A file of a picture as outputs other than pages point at it."""

    url: str  # absolute
    width: int
    height: int
    mime: str


def _shown(site: Site, variant: Variant | None, picture: Picture) -> Shown:
    if variant is None:
        return Shown(site.absolute(picture.src), picture.width, picture.height, picture.type)
    return Shown(site.absolute(variant.path), variant.width, variant.height, variant.mime)


def for_feeds(site: Site, image: Image) -> Shown:
    """What feed readers show: at most 1280 px wide, in a format every reader knows."""
    return _shown(site, feed_variant(image) if site.pictures else None, image)


def for_sharing(site: Site, brief: Brief) -> Shown | None:
    """Open Graph's picture: the 1200 x 630 crop, or the brief's share card."""
    if brief.image:
        return _shown(site, share_crop(brief.image) if site.pictures else None, brief.image)
    made = card(site, brief)
    return made and _shown(site, made, brief.image)


def for_search_engines(site: Site, image: Image) -> list[Shown]:
    """JSON-LD's pictures: 16:9, 4:3 and 1:1 crops (each as wide as the picture allows)."""
    crops = search_crops(image) if site.pictures else []
    return [_shown(site, crop, image) for crop in dict.fromkeys(crops)] or [_shown(site, None, image)]


def thumbnail(site: Site, image: Image) -> str:
    """Path from the site root of the smallest file: search results show it small."""
    made = smallest(image) if site.pictures else None
    return made.path if made else image.src


def thumbnail_srcset(site: Site, image: Image) -> str:
    """The AVIF files search results pick their small picture from ("path 200w, path 320w",
    paths from the site root; the script makes them addresses), or "" without them."""
    made = variants(image) if site.pictures else ()
    return ", ".join(f"{v.path} {v.width}w" for v in made if v.format == "avif" and v.width <= 320)
