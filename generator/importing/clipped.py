"""Plain text clipped from a news page: one paragraph a line, page chrome around it.

The shape it reads, top to bottom (any part may be missing):

    1. Skip to content                     <- page chrome, dropped
    Headline
    July 25, 2024                          <- the date line
    The lead.
    https://proxy:443/https/p.example/p/1   <- the shortlink, unwrapped
    Alt text of the picture                <- the line right above the credit
    CaptionImage: Credit                   <- caption and credit, even glued
    Body paragraphs, and short lines that are section headings.
    es/rmt (AP, AFP, Reuters)              <- authors' initials, then agencies
"""

from __future__ import annotations

import re

from . import prose
from .article import Article
from .links import clean_link, is_link

_CHROME = re.compile(
    r"(?:\d+\.\s*)?(?:skip to\b.*|jump to\b.*|advertisement|share|print|close|menu)", re.I
)


def read_clipping(text: str) -> Article:
    lines = _lines(text)  # (text, joined to the line above without a blank line)
    article = Article()
    texts: list[str] = []  # paragraphs after the head, in order
    head = True
    index = 0
    while index < len(lines):
        line = lines[index][0]
        following = lines[index + 1] if index + 1 < len(lines) else None
        if is_link(line) and head and not article.shortlink:
            article.shortlink = clean_link(line)
        elif (credit := prose.split_credit(line)) and not article.image_credit:
            article.image_caption, article.image_credit = credit
        elif (following and following[1] and prose.split_credit(following[0]) and not article.has_image
              and article.lead):
            article.image_alt = line  # the line right above a credit describes the picture
        elif article.title is None:
            article.title = line
        elif head and article.date is None and article.lead is None and (day := prose.parse_date(line)):
            article.date = day
        elif head and article.lead is None:
            article.lead = line
        else:
            head = False
            texts.append(line)
        index += 1
    if texts and (found := prose.sign_off(texts[-1])):
        article.authors, article.agencies = found
        texts.pop()
    article.body = prose.to_markdown(texts)
    return article


def _lines(text: str) -> list[tuple[str, bool]]:
    out, adjacent = [], False
    for raw in text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw.split())
        if not line:
            adjacent = False
            continue
        if _CHROME.fullmatch(line):
            continue
        out.append((line, adjacent))
        adjacent = True
    return out
