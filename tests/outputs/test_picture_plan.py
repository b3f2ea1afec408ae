"""The picture plan: which files a picture becomes, before any pixel is touched."""

from __future__ import annotations

import pytest

from generator.model.brief import Image, Picture
from generator.outputs import pictures


def picture(width: int, height: int, **fields) -> Picture:
    return Picture("2024/07/harbour.jpg", "image/jpeg", width, height, digest="ab12", **fields)


@pytest.mark.parametrize("width, expected", [
    (2400, [200, 320, 480, 680, 800, 1080, 1280, 1600, 2048]),  # the ladder, its top not twice
    (2048, [200, 320, 480, 680, 800, 1080, 1280, 1600, 2048]),
    (1700, [200, 320, 480, 680, 800, 1080, 1280, 1600, 1700]),  # and the picture's own width
    (300, [200, 300]),
])
def test_the_width_ladder_stops_at_the_picture(width, expected):
    assert list(pictures.widths(width)) == expected
    made = pictures.variants(picture(width, width // 2))
    assert [v.width for v in made if v.format == "jpeg"] == expected
    assert [v.width for v in made if v.format == "avif"] == [w for w in expected if w <= 1600]
    assert len({v.path for v in made}) == len(made)


def test_a_transparent_picture_falls_back_to_png_and_an_animated_one_is_not_remade():
    assert {v.format for v in pictures.variants(picture(800, 400, transparent=True))} == {"avif", "png"}
    assert pictures.variants(picture(800, 400, animated=True)) == ()


def test_new_bytes_new_names():
    one, two = picture(800, 400), Picture("2024/07/harbour.jpg", "image/jpeg", 800, 400, digest="cd34")
    assert {v.path for v in pictures.variants(one)}.isdisjoint(v.path for v in pictures.variants(two))


@pytest.mark.parametrize("size, crops, shared", [
    ((4000, 3000), [(1200, 675), (1200, 900), (1200, 1200)], (1200, 630)),
    ((1600, 900), [(1200, 675), (1200, 900), (900, 900)], (1200, 630)),  # never enlarged: 1:1 at the height
    ((500, 2000), [(500, 281), (500, 375), (500, 500)], (500, 262)),
])
def test_sharing_and_search_engines_get_crops_as_large_as_the_picture_allows(size, crops, shared):
    image = Image(**vars(picture(*size)), alt="The harbour")
    assert [(c.width, c.height) for c in pictures.search_crops(image)] == crops
    assert (pictures.share_crop(image).width, pictures.share_crop(image).height) == shared


@pytest.mark.parametrize("width", [300, 1000, 1700, 2400])
def test_feeds_and_search_results_name_files_the_picture_has(width):
    made = pictures.variants(picture(width, width // 2))
    assert pictures.feed_variant(picture(width, width // 2)) in made
    assert pictures.feed_variant(picture(width, width // 2)).width <= 1280
    assert pictures.smallest(picture(width, width // 2)) == max(
        (v for v in made if v.format == "jpeg" and v.width <= 320), key=lambda v: v.width)
