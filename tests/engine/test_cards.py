"""Share cards for briefs without a picture: 1200x630, text in every script, inside its margins."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image, ImageChops

from generator.engine import cards
from generator.engine.cards import PRIMARY, contrast, share_card, text_colour

HEADLINES = {
    "en": "Harbour cranes stand still as dock workers stop work over shift rules",
    "ru": "Портовые краны стоят: докеры прекратили работу из-за правил смен",
    "ar": "توقفت الرافعات في الميناء بعد إضراب عمال الرصيف",
    "zh": "港口起重机停止运转：码头工人因新的轮班规定罢工一天",
}
INDIGO = (0x40, 0x51, 0xB5)


def card(title: str, language: str = "en", primary: str = "indigo", kicker: str | None = "Economy"):
    image = Image.open(io.BytesIO(share_card(title, kicker, "The Harbour Gazette", primary, language)))
    assert image.format == "PNG"
    return image.convert("RGB")


def pixels(image: Image.Image, colour: tuple[int, int, int], box: tuple[int, int, int, int]) -> int:
    """How many pixels of exactly this colour the box holds."""
    region = image.crop(box)
    return sum(1 for p in region.get_flattened_data() if p == colour)


def text_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """The bounding box of everything that is not the background (the top-left pixel's colour)."""
    flat = Image.new("RGB", image.size, image.getpixel((0, 0)))
    return ImageChops.difference(image, flat).getbbox()


def test_a_card_is_1200_by_630_on_the_primary_colour():
    image = card(HEADLINES["en"])
    assert image.size == (1200, 630)
    assert image.getpixel((0, 0)) == INDIGO


@pytest.mark.parametrize("language", sorted(HEADLINES))
def test_every_script_draws_its_headline(language):
    image = card(HEADLINES[language], language)
    white = text_colour(INDIGO)
    assert white == (255, 255, 255)
    # The headline block is drawn below the publication's name and the kicker.
    assert pixels(image, white, (0, 220, 1200, 630)) > 5_000
    other = card(HEADLINES[language] + " 2", language)
    assert other.tobytes() != image.tobytes()


def test_right_to_left_headlines_sit_at_the_right_margin():
    short = "إضراب في الميناء"
    for language in ("ar", "en"):  # an Arabic headline is right to left whatever the site's language
        left, _, right, _ = text_box(card(short, language, kicker=None).crop((0, 150, 1200, 630)))
        assert right > 1200 - cards.MARGIN - 8
        assert left > 400  # a short headline leaves the left of the card empty
    left, _, right, _ = text_box(card("Strike at the port", "en", kicker=None).crop((0, 150, 1200, 630)))
    assert left < cards.MARGIN + 8 and right < 900


@pytest.mark.parametrize("language", sorted(HEADLINES) + ["url"])
def test_a_300_character_headline_stays_inside_the_card(language):
    words = HEADLINES.get(language, "https://example.org/" + "oneverylongwordwithoutabreak" * 5)
    title = (words + " ") * (300 // len(words) + 1)
    image = card(title[:300], language, kicker="A kicker much too long to fit on one line " * 3)
    left, top, right, bottom = text_box(image)
    outer = cards.MARGIN - 16  # an accent may reach a little past the line; nothing near the edge
    assert left >= outer and top >= outer and right <= 1200 - outer and bottom <= 630 - outer


def test_long_headlines_get_smaller_type_and_an_ellipsis():
    lines, size = cards._headline("Word " * 200, 400)
    assert size == cards.HEADLINE_SIZES[-1] and len(lines) == cards.MAX_LINES
    assert lines[-1][0].endswith("\u2026")
    lines, size = cards._headline("Short headline", 400)
    assert size == cards.HEADLINE_SIZES[0] and [text for text, _ in lines] == ["Short headline"]


def test_the_same_inputs_give_the_same_bytes():
    args = (HEADLINES["en"], "Economy", "The Harbour Gazette", "teal", "en")
    assert share_card(*args) == share_card(*args)


def test_palette_names_as_mkdocs_yml_spells_them_and_unknown_ones():
    assert card("Headline", primary="deep purple").getpixel((0, 0)) == (0x7E, 0x56, 0xC2)
    assert card("Headline", primary="Blue Grey").getpixel((0, 0)) == (0x54, 0x6D, 0x78)
    for unknown in ("custom", "no such colour", ""):
        assert card("Headline", primary=unknown).getpixel((0, 0)) == INDIGO


@pytest.mark.parametrize("name", sorted(PRIMARY))
def test_the_text_colour_is_readable_on_every_primary(name):
    background = cards._rgb(PRIMARY[name])
    assert contrast(text_colour(background), background) >= 4.5


def test_missing_font_files_still_give_a_card_with_text(monkeypatch):
    cards._load.cache_clear()
    gone = tuple((f"/nonexistent/{i}.ttf", None, scripts) for i, (_, _, scripts) in enumerate(cards.FONTS))
    monkeypatch.setattr(cards, "FONTS", gone)
    try:
        for language in ("en", "ar", "zh"):
            image = card(HEADLINES[language], language)
            assert image.size == (1200, 630)
            assert pixels(image, (255, 255, 255), (0, 220, 1200, 630)) > 1_000
    finally:
        cards._load.cache_clear()


def test_fonts_follow_the_script():
    def face(text):
        return os.path.basename(cards._font(text, 40, True).face.path)

    assert face("Harbour") == "DejaVuSans-Bold.ttf"
    assert face("Порт") == "DejaVuSans-Bold.ttf"
    if os.path.exists(cards.FONTS[0][1]):  # fonts-noto-ui-core
        assert face("الميناء") == "NotoSansArabicUI-Bold.ttf"
    assert face("الميناء Suez") == "DejaVuSans-Bold.ttf"  # Noto's Arabic has no Latin: DejaVu has both
    if os.path.exists(cards.FONTS[4][0]):  # fonts-wqy-microhei
        assert face("港口 AI") == "wqy-microhei.ttc"
