"""Share cards: a 1200x630 picture for Open Graph, made for a brief that has none of its own.

The card is the publication's name (small, top), the kicker (bold capitals) and the headline
(large, bold, at most four lines, smaller type for longer headlines, an ellipsis past that) in
one text colour on the site's primary colour. Two colours and their antialiasing only: the text
is drawn once as a grey mask and saved as a 16-colour PNG, which is sharper than a JPEG (no
ringing round the letters) and smaller (measured in the commit). Fonts are Debian's, chosen per
string by the scripts it holds; a font that is missing falls back to the next one, and at the
last to Pillow's own, so a card is always made. Same inputs, same bytes: nothing of the time
or the machine goes into the file.
"""

from __future__ import annotations

import io
import os
import re
from bisect import bisect_right
from functools import lru_cache

import PIL  # the package alone, for its version; its modules where a card is drawn (50 ms)

WIDTH, HEIGHT = 1200, 630
MARGIN = 64  # nothing is drawn nearer the edge than this
TEXT_WIDTH = WIDTH - 2 * MARGIN
HEADLINE_SIZES = (76, 68, 60, 54, 48)  # tried largest first, until the headline fits
MAX_LINES = 4
LEADING = 1.18  # line height over font size
SMALL = 30  # publication name and kicker
LEVELS = 16  # shades between the background and the text: 4-bit PNG, smooth enough edges

# Material 9's --md-primary-fg-color for each [data-md-color-primary] (its palette.*.css).
PRIMARY = {
    "red": "#ef5552", "pink": "#e92063", "purple": "#ab47bd", "deep-purple": "#7e56c2",
    "indigo": "#4051b5", "blue": "#2094f3", "light-blue": "#02a6f2", "cyan": "#00bdd6",
    "teal": "#009485", "green": "#4cae4f", "light-green": "#8bc34b", "lime": "#cbdc38",
    "yellow": "#ffec3d", "amber": "#ffc105", "orange": "#ffa724", "deep-orange": "#ff6e42",
    "brown": "#795649", "grey": "#757575", "blue-grey": "#546d78",
    "white": "#ffffff", "black": "#14151a",  # hsla(225deg, 0%, 100%) and hsla(225deg, 15%, 9%)
}
DEFAULT_PRIMARY = "indigo"  # Material's own default, and what "custom" (site CSS) falls back to

RTL_LANGUAGES = {"ar", "fa", "ur", "ps", "he", "yi", "dv", "ug", "ckb", "sd"}

# Scripts by code point: (first code point, script) sorted; a range runs to the next start.
# "latin" stands for every script DejaVu Sans covers well: Latin, Greek, Cyrillic.
_RANGES = [
    (0x0000, "latin"), (0x0590, "hebrew"), (0x0600, "arabic"), (0x0700, "other"),
    (0x0750, "arabic"), (0x0780, "other"), (0x08A0, "arabic"), (0x0900, "devanagari"),
    (0x0980, "other"), (0x0E00, "thai"), (0x0E80, "other"), (0x1100, "cjk"), (0x1200, "other"),
    (0x1E00, "latin"), (0x2000, "other"), (0x2E80, "cjk"), (0xA000, "other"), (0xAC00, "cjk"),
    (0xD7B0, "other"), (0xF900, "cjk"), (0xFB00, "latin"), (0xFB1D, "hebrew"),
    (0xFB50, "arabic"), (0xFE00, "other"), (0xFE70, "arabic"), (0xFF00, "cjk"),
    (0xFFF0, "other"), (0x20000, "cjk"), (0x40000, "other"),
]
_STARTS = [start for start, _ in _RANGES]
RTL_SCRIPTS = {"arabic", "hebrew"}
COMPLEX_SCRIPTS = RTL_SCRIPTS | {"devanagari", "thai"}  # need shaping: Raqm

_DEBIAN = "/usr/share/fonts/truetype/"
# (regular, bold or None, scripts it covers), in order of preference: a string takes the first
# font covering all its scripts, else the first covering its main script. Debian packages:
# fonts-noto-ui-core (Arabic, Devanagari, Thai), fonts-dejavu-core, fonts-wqy-microhei (CJK).
FONTS = (
    (_DEBIAN + "noto/NotoSansArabicUI-Regular.ttf", _DEBIAN + "noto/NotoSansArabicUI-Bold.ttf",
     frozenset({"arabic"})),
    (_DEBIAN + "noto/NotoSansDevanagariUI-Regular.ttf", _DEBIAN + "noto/NotoSansDevanagariUI-Bold.ttf",
     frozenset({"devanagari"})),
    (_DEBIAN + "noto/NotoSansThaiUI-Regular.ttf", _DEBIAN + "noto/NotoSansThaiUI-Bold.ttf",
     frozenset({"thai"})),
    (_DEBIAN + "dejavu/DejaVuSans.ttf", _DEBIAN + "dejavu/DejaVuSans-Bold.ttf",
     frozenset({"latin", "hebrew", "arabic"})),
    (_DEBIAN + "wqy/wqy-microhei.ttc", None, frozenset({"cjk", "latin"})),
    (_DEBIAN + "liberation/LiberationSans-Regular.ttf", _DEBIAN + "liberation/LiberationSans-Bold.ttf",
     frozenset({"latin"})),
)

# What else a card's bytes depend on: part of its key in the picture store (engine/pictures.py).
FONTS_PRESENT = repr((PIL.__version__, [os.path.exists(path) for font in FONTS for path in font[:2] if path]))


@lru_cache(maxsize=1)
def _raqm() -> bool:
    """Whether this Pillow shapes text (Arabic letters joined, right to left in order)."""
    from PIL import features

    return features.check_feature("raqm")
# Breaks may fall between any two CJK characters (no spaces there), not before closing marks.
_CJK = "\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF"
_CLOSING = "\u3001\u3002\u3009\u300B\u300D\u300F\u3011\uFF01\uFF09\uFF0C\uFF0E\uFF1A\uFF1B\uFF1F"
_CJK_PIECE = re.compile(f"[{_CJK}][{_CLOSING}]*")


def share_card(title: str, kicker: str | None, publication: str, primary: str, language: str) -> bytes:
    """The card as PNG bytes, 1200x630; any text, any palette name and missing fonts all give one."""
    from PIL import Image, ImageDraw

    background = _rgb(PRIMARY.get(primary.strip().lower().replace(" ", "-").replace("_", "-"),
                                  PRIMARY[DEFAULT_PRIMARY]))
    foreground = text_colour(background)
    # Right to left for the language, or for a headline in such a script whatever the site's language.
    counts = scripts(title)
    rtl = (language.lower().replace("_", "-").split("-")[0] in RTL_LANGUAGES
           or bool(counts) and max(sorted(counts), key=counts.get) in RTL_SCRIPTS)
    mask = Image.new("L", (WIDTH, HEIGHT), 0)  # 0 is the background, 255 the text colour
    draw = ImageDraw.Draw(mask)
    y = MARGIN
    if publication.strip():
        _line(draw, _fit(publication.strip(), _font(publication, SMALL, False), 1)[0], y, rtl)
        y += round(SMALL * LEADING) + 6
        draw.rectangle((MARGIN, y, WIDTH - MARGIN - 1, y + 1), fill=110)  # a fine rule below it
    # The kicker and headline sit as one block in the middle of what is left.
    kick = (kicker or "").strip().upper()
    kick_line = _fit(kick, _font(kick, SMALL, True), 1)[0] if kick else None
    kick_height = round(SMALL * LEADING) + 14 if kick else 0
    room = HEIGHT - MARGIN - (y + 40) - kick_height
    head_lines, size = _headline(title.strip() or "\u2026", room)
    block = kick_height + len(head_lines) * round(size * LEADING)
    y += 40 + max(0, (room + kick_height - block) // 2)
    if kick:
        _line(draw, kick_line, y, rtl)
        y += round(SMALL * LEADING) + 14
    for line in head_lines:
        _line(draw, line, y, rtl)
        y += round(size * LEADING)
    # The grey mask becomes palette indices: a ramp from the background to the text colour.
    card = mask.point([v * LEVELS // 256 for v in range(256)])
    ramp = []
    for i in range(LEVELS):
        t = i / (LEVELS - 1)
        ramp += [round(b + (f - b) * t) for b, f in zip(background, foreground)]
    card.putpalette(ramp)
    out = io.BytesIO()
    # zlib's run-length strategy (Pillow's compress_type 3): flat colour is runs, and it takes 2 ms
    # where the default strategy takes 12 ms at level 6 (270 ms at 9) for a few KB less.
    card.save(out, "PNG", bits=4, compress_level=9, compress_type=3)
    return out.getvalue()


def text_colour(background: tuple[int, int, int]) -> tuple[int, int, int]:
    """White, or black at Material's 87 % over the background: whichever contrasts more, and pure
    black if that is still under WCAG's 4.5:1 (white and black, one of them always reaches 4.58)."""
    white, dark = (255, 255, 255), tuple(round(c * 0.13) for c in background)
    if contrast(white, background) >= contrast(dark, background):
        return white
    return dark if contrast(dark, background) >= 4.5 else (0, 0, 0)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _luminance(rgb: tuple[int, int, int]) -> float:
    lin = [(c / 255 / 12.92) if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def scripts(text: str) -> dict[str, int]:
    """How many letters of each script the text holds (spaces, digits, punctuation count for none)."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = _RANGES[bisect_right(_STARTS, ord(ch)) - 1][1]
            counts[script] = counts.get(script, 0) + 1
    return counts


class _Font:
    """A loaded face with what drawing it needs: its direction, and a made-up bold if it has none."""

    def __init__(self, face, rtl: bool, shaped: bool, fake_bold: bool):
        self.face, self.fake_bold = face, fake_bold
        self.options = {"direction": "rtl" if rtl else "ltr"} if shaped else {}

    def length(self, text: str) -> float:
        return self.face.getlength(text, **self.options) + self.fake_bold


def _font(text: str, size: int, bold: bool) -> _Font:
    """The first font that covers every script of the text (else its main one), at this size."""
    from PIL import ImageFont

    counts = scripts(text) or {"latin": 1}
    main = max(sorted(counts), key=counts.get)
    wanted = set(counts)
    # Raqm shapes and orders right-to-left text; the basic layout is 2-6 times quicker for the rest.
    shaped = _raqm() and bool(wanted & COMPLEX_SCRIPTS)
    # Then the Latin ones: DejaVu draws many scripts this table does not name (Armenian, Georgian).
    choices = ([f for f in FONTS if wanted <= f[2]] + [f for f in FONTS if main in f[2]]
               + [f for f in FONTS if "latin" in f[2]] + list(FONTS))
    for regular, bold_path, _ in choices:
        face = _load(bold_path if bold and bold_path else regular, size, shaped)
        if face is not None:
            return _Font(face, main in RTL_SCRIPTS, shaped, bold and not bold_path)
    return _Font(ImageFont.load_default(size), False, False, False)  # no font file at all: still text


@lru_cache(maxsize=128)
def _load(path: str, size: int, shaped: bool):
    from PIL import ImageFont

    try:
        return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM if shaped
                                  else ImageFont.Layout.BASIC)
    except OSError:  # missing or unreadable: the caller tries the next font
        return None


def _headline(title: str, height: int) -> tuple[list[tuple[str, _Font]], int]:
    """The headline's lines at the largest size that fits, ellipsised at the smallest."""
    for size in HEADLINE_SIZES:
        font = _font(title, size, True)
        most = min(MAX_LINES, max(1, height // round(size * LEADING)))
        lines = _fit(title, font, most, ellipsis=size == HEADLINE_SIZES[-1])
        if lines is not None:
            return lines, size
    raise AssertionError("the smallest size always fits")  # _fit with ellipsis never gives None


def _pieces(text: str) -> list[tuple[str, str]]:
    """What a line may break between: (joiner before it, piece); CJK characters join with nothing."""
    pieces = []
    for word in text.split():
        parts = _CJK_PIECE.split(word)
        marks = _CJK_PIECE.findall(word)
        joiner = " "
        for i, part in enumerate(parts):
            for piece in ([part] if part else []) + ([marks[i]] if i < len(marks) else []):
                pieces.append((joiner, piece))
                joiner = ""
    return pieces


def _fit(text: str, font: _Font, most: int, ellipsis: bool = True):
    """Greedy lines at most TEXT_WIDTH wide: at most `most`, the last one ellipsised if the text is
    longer (or None when it is longer and `ellipsis` is False). Each line is (text, font)."""
    pieces = _pieces(text)

    def joined(start: int, end: int) -> str:
        return "".join(j + p for j, p in pieces[start:end]).lstrip()

    lines, start = [], 0
    while start < len(pieces):
        if len(lines) == most:
            if not ellipsis:
                return None
            lines[-1] = _ellipsised(lines[-1] + " " + joined(start, len(pieces)), font)
            break
        # The most pieces that fit, by bisection: a few measures a line, not one for each word.
        low, high = start + 1, len(pieces)
        while low < high:
            mid = (low + high + 1) // 2
            low, high = (mid, high) if font.length(joined(start, mid)) <= TEXT_WIDTH else (low, mid - 1)
        line = joined(start, low)
        if font.length(line) > TEXT_WIDTH:  # one word wider than a line: cut where it must be
            cut = _longest(line, font, TEXT_WIDTH)
            pieces[start] = ("", line[cut:])
            line = line[:cut]
            low = start
        lines.append(line)
        start = low
    return [(ln, font) for ln in lines]


def _longest(text: str, font: _Font, width: float) -> int:
    """How many characters from the start fit in the width (at least one): binary search."""
    low, high = 1, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if font.length(text[:mid]) <= width:
            low = mid
        else:
            high = mid - 1
    return low


def _ellipsised(text: str, font: _Font) -> str:
    """As much of the text as fits with an ellipsis after it (text that is too long by definition)."""
    kept = text[:_longest(text, font, TEXT_WIDTH - font.length("\u2026"))]
    return kept.rstrip(" ,.;:-\u2013\u2014\u3001\uFF0C") + "\u2026"


def _line(draw: PIL.ImageDraw.ImageDraw, line: tuple[str, _Font], top: int, rtl: bool) -> None:
    """One line, its top at `top`, from the left margin (or the right, on a right-to-left card)."""
    text, font = line
    # The baseline from the font size, not the face's ascent: Arabic faces have tall ascents, and
    # lines of every script then sit alike.
    baseline = top + round(getattr(font.face, "size", 10) * 0.94)
    x = WIDTH - MARGIN - font.fake_bold if rtl else MARGIN
    for dx in (0, 1) if font.fake_bold else (0,):  # drawn twice a pixel apart: cheaper than a stroke
        draw.text((x + dx, baseline), text, fill=255, font=font.face, anchor="rs" if rtl else "ls",
                  **font.options)
