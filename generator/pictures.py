"""What a file of content/ is: a picture a brief may show, or what it is instead.

Pictures are judged by their first bytes, never by their names: JPEG, PNG, GIF, WebP
and AVIF, what every browser shows in <img>. SVG is refused: it is a document that
runs the script inside it when opened from the site, and no SVG sanitizer for Python
is well kept enough to trust (the one binding of Cloudflare's svg-hush has one
maintainer and few users); sharing cards and feed readers want raster pictures anyway.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

EXPECTED = "a JPEG, PNG, GIF, WebP or AVIF file"
HEAD = 512  # bytes read to tell what a file is; pictures say it in their first 32


@dataclass(frozen=True)
class Picture:
    type: str  # MIME type, from the bytes: "image/png"
    width: int
    height: int


class NotAPicture(Exception):
    """A file a brief shows as a picture is none: what is wrong, and what was found."""

    def __init__(self, problem: str, found: str):
        super().__init__(problem)
        self.problem, self.found = problem, found


def read(path: str | os.PathLike) -> Picture:
    """The picture at `path`, from its header alone; NotAPicture if it is none."""
    import imagesize  # here: it loads urllib's HTTP client, 14 ms a build that reads no image needs not pay

    with open(path, "rb") as file:
        head = file.read(HEAD)
        kind = _kind(head)
        if kind is None:
            raise _refusal(head)
        file.seek(0)
        width, height = imagesize.get(file)
    name, mime = kind
    if width <= 0 or height <= 0:  # the signature without the header that follows it
        raise NotAPicture("not a whole picture", f"a {name} file cut short or damaged")
    return Picture(mime, width, height)


def _kind(head: bytes) -> tuple[str, str] | None:
    """(name, MIME type) of the picture format these first bytes begin, if any."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG", "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG", "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF", "image/gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP", "image/webp"
    if {b"avif", b"avis"} & _brands(head):
        return "AVIF", "image/avif"
    return None


def _brands(head: bytes) -> set[bytes]:
    """The brands of an ISO media file's `ftyp` box (AVIF, HEIC, MP4), major and compatible."""
    if head[4:8] != b"ftyp":
        return set()
    end = min(int.from_bytes(head[:4], "big"), len(head))
    return {head[8:12], *(head[at:at + 4] for at in range(16, end - 3, 4))}


def _refusal(head: bytes) -> NotAPicture:
    found = looks_like(head)
    if found == "an SVG drawing":
        return NotAPicture("SVG is not accepted, as it can run script on the site",
                           f"{found}; export it as PNG or WebP")
    return NotAPicture("not a picture", found)


def looks_like(head: bytes) -> str:
    """What the first bytes of a file that is no picture look like, for "found ..."."""
    if not head:
        return "an empty file"
    if markup := _markup(head):
        return markup
    if head.startswith(b"%PDF-"):
        return "a PDF document"
    if _brands(head) & {b"heic", b"heix", b"mif1", b"msf1"}:
        return "a HEIC picture; export it as JPEG"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "a TIFF picture; export it as JPEG or PNG"
    return "plain text" if _is_text(head) else "data of no picture format"


# An <svg> root element, after any XML declaration, comments and doctype.
_SVG = re.compile(rb"(?:<\?xml[^>]*>\s*|<!--.*?-->\s*|<!doctype[^>]*>\s*)*<svg\b", re.DOTALL)


def _markup(head: bytes) -> str | None:
    """"an SVG drawing", "XML text" or "HTML text" when the bytes begin with a tag, as browsers sniff them."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if not text.startswith(b"<") or not text[1:2].isalpha() and text[1:2] not in (b"!", b"?"):
        return None
    if _SVG.match(text):
        return "an SVG drawing"
    return "XML text" if text.startswith(b"<?xml") else "HTML text"


def _is_text(head: bytes) -> bool:
    """UTF-8 without NUL bytes (a character cut by the end of `head` still counts)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return False
    return b"\x00" not in head
