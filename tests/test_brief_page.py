"""A brief's page as a reader meets it: the picture's credit, the byline, the dateline,
the related briefs, the correction box, and in a browser the reading measure."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import TINY_PNG, briefing, make_project, write


def brief(title: str, date: str, *, extra: str = "", topics: str = "[Economy]") -> str:
    return f"""\
---
title: {title}
date: {date}
lead: A lead for {title}.
topics: {topics}
{extra}---

Body of {title}.
"""


PICTURED = """\
image:
  src: picture.png
  alt: A picture
  credit: "{credit}"
"""

BRIEFS = {
    "2024/03/drawn.md": brief("Drawn", "2024-03-04T08:00:00+01:00",
                              extra=PICTURED.format(credit="Illustration: Ana Ruiz")),
    "2024/03/fotografiert.md": brief("Fotografiert", "2024-03-05T08:00:00+01:00",
                                     extra=PICTURED.format(credit="Foto: dpa/Bernd Weißbrod")),
    "2024/03/photographed.md": brief("Photographed", "2024-03-06T08:00:00+01:00",
                                     extra=PICTURED.format(credit="Reuters/Jane Doe")),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("brief-page") / "project", BRIEFS)
    for source in BRIEFS:
        if "image:" in BRIEFS[source]:
            write((root / "content" / source).parent / "picture.png", TINY_PNG)
    result = briefing("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def page(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(), "html.parser")


def text(element) -> str:
    return " ".join(element.get_text().split())


@pytest.mark.parametrize("path, shown", [
    ("2024/03/drawn", "Illustration: Ana Ruiz"),  # labelled already: printed as written
    ("2024/03/fotografiert", "Foto: dpa/Bernd Weißbrod"),
    ("2024/03/photographed", "Image: Reuters/Jane Doe"),  # no label of its own: ours
])
def test_a_credit_carries_one_label(site, path, shown):
    assert text(page(site, path).select_one("figcaption .brief-credit")) == shown


def test_the_sample_briefs_credits_carry_one_label(sample_site):
    for index in sample_site.glob("20*/*/*/index.html"):
        credit = BeautifulSoup(index.read_text(), "html.parser").select_one(".brief-credit")
        if credit:
            words = text(credit).split()
            assert not (words[0].endswith(":") and words[1].endswith(":")), (index, text(credit))
