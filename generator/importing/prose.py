"""Reading an article's words: dates, sign-offs, credits, and paragraphs as Markdown."""

from __future__ import annotations

import re
from datetime import datetime

_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%Y-%m-%d", "%d.%m.%Y",
                 "%d/%m/%Y")
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)

# `es/rmt (AP, AFP, Reuters)`: the authors' initials, then the agencies.
_SIGN_OFF = re.compile(
    r"(?P<authors>[A-Za-z]{1,8}(?:\s*/\s*[A-Za-z]{1,8})*)?\s*(?:\((?P<agencies>[^()]{2,120})\))?\.?"
)
# Where a caption ends and its credit begins, even when glued: "...remarksImage: Name".
_CREDIT = re.compile(r"\s*\(?(?:Image|Photo|Picture|Photograph|Foto|Bild|Credit)s?\s*:\s*|\s*©\s*")
_HEADING_END = re.compile(r"[^.,;:!…\"”'’»)\]]$")


def parse_date(line: str) -> str | None:
    """"July 25, 2024" (and other ways a page writes a day) as 2024-07-25; None if not a date."""
    text = _WEEKDAY.sub("", " ".join(line.replace(".,", ",").split())).strip()
    text = re.sub(r"^(\w{3,9})\. ", r"\1 ", text)  # "Jul. 25, 2024"
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return None


def sign_off(line: str) -> tuple[list[str], list[str]] | None:
    """(authors, agencies) of a closing line such as `es/rmt (AP, AFP, Reuters)`, or None."""
    found = _SIGN_OFF.fullmatch(line.strip())
    if not found or not (found["authors"] or found["agencies"]):
        return None
    authors = [a.strip() for a in (found["authors"] or "").split("/") if a.strip()]
    agencies = [a.strip() for a in re.split(r"[,;]", found["agencies"] or "") if a.strip()]
    # A lone word such as "Reuters" or "Ends" is not a sign-off; "es" or "es/rmt" is.
    if not agencies and len(authors) == 1 and not (authors[0].islower() and len(authors[0]) <= 4):
        return None
    return authors, agencies


def split_credit(line: str) -> tuple[str | None, str] | None:
    """(caption, credit) of a picture line, or None if the line names no credit."""
    marks = list(_CREDIT.finditer(line))
    if not marks:
        return None
    mark = marks[-1]
    credit = line[mark.end():].strip().rstrip(")").strip()
    caption = line[: mark.start()].strip() or None
    return (caption, credit) if credit else None


def is_heading(paragraph: str) -> bool:
    """A stand-alone short line that does not end a sentence: a section heading."""
    words = paragraph.split()
    return (
        0 < len(words) <= 12 and len(paragraph) <= 90 and "\n" not in paragraph
        and (paragraph[0].isupper() or paragraph[0].isdigit())
        and (paragraph.endswith("?") or _HEADING_END.search(paragraph) is not None)
    )


_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])(?=\s|$)")


def escape(text: str) -> str:
    """Text that Markdown shows as written: no accidental emphasis, links, lists or HTML."""
    return _LINE_START.sub(lambda m: m[1] + "\\" + m[2], _SPECIAL.sub(r"\\\1", text))


def to_markdown(paragraphs: list[str]) -> str:
    """Paragraphs as a brief's body: short stand-alone lines before more text become ## headings."""
    out = []
    for index, paragraph in enumerate(paragraphs):
        followed = index + 1 < len(paragraphs)
        out.append(f"## {escape(paragraph)}" if followed and is_heading(paragraph) else escape(paragraph))
    return "\n\n".join(out)
