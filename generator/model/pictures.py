"""What a file of content/ is: a picture a brief may show, or a file that must not be published.

Pictures are judged by their first bytes, never by their names: JPEG, PNG, GIF, WebP
and AVIF, what every browser shows in <img>. SVG is refused: it is a document that
runs the script inside it when opened from the site, and no SVG sanitizer for Python
is well kept enough to trust (the one binding of Cloudflare's svg-hush has one
maintainer and few users); sharing cards and feed readers want raster pictures anyway.

MkDocs publishes every file of content/ that is not Markdown as it is, so HTML, SVG,
XML and JavaScript there would run script on the site's address: they belong in theme/.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import os
import re
import warnings
from typing import TYPE_CHECKING, Iterable

from generator.model.brief import Picture
from generator.model.problems import Problem

if TYPE_CHECKING:
    from mkdocs.structure.files import File

EXPECTED = "a JPEG, PNG, GIF, WebP or AVIF file"
HEAD = 512  # bytes read to tell what a file is; pictures say it in their first 32
# The most pixels a picture may have: 100 megapixels is more than a news camera makes
# (45 MP), and decodes in 400 MB. A header claiming more is refused before any decoding.
MAX_PIXELS = 100_000_000


class NotAPicture(Exception):
    """A file a brief shows as a picture is none: what is wrong, and what was found."""

    def __init__(self, problem: str, found: str, expected: str = EXPECTED):
        super().__init__(problem)
        self.problem, self.found, self.expected = problem, found, expected


def read(path: str | os.PathLike, src: str = "") -> Picture:
    """The picture at `path` (`src` from content/), decoded whole once to know it is one;
    NotAPicture if it is none, is cut short, or has more pixels than MAX_PIXELS."""
    import imagesize  # here: it loads urllib's HTTP client, 14 ms a build that reads no image needs not pay

    with open(path, "rb") as file:
        head = file.read(HEAD)
        kind = _kind(head)
        if kind is None:
            raise _refusal(head)
        file.seek(0)
        width, height = imagesize.get(file)
        status = os.fstat(file.fileno())
    name, mime = kind
    if width <= 0 or height <= 0:  # the signature without the header that follows it
        raise NotAPicture("not a whole picture", f"a {name} file cut short or damaged")
    if width * height > MAX_PIXELS:  # refused before a byte of it is decoded: a bomb, or too big to serve
        raise NotAPicture("too large", f"{width:,} x {height:,} px; resize it first",
                          f"a picture of at most {MAX_PIXELS // 1_000_000} megapixels")
    digest, turned, preview, animated, transparent = _look(os.fspath(path), status.st_size,
                                                           status.st_mtime_ns, name)
    width, height = (height, width) if turned else (width, height)
    return Picture(src, mime, width, height, digest, preview, animated, transparent)


@functools.lru_cache(maxsize=4096)  # a picture many briefs show is decoded once a process
def _look(path: str, size: int, mtime_ns: int, name: str) -> tuple[str, bool, str, bool, bool]:
    """(digest of the bytes, turned a quarter by its EXIF orientation, preview, animated,
    transparent), from one whole decoding: a picture cut short or damaged is known now,
    not when its variants are made. A JPEG is decoded at an eighth of its size."""
    from PIL import Image, ImageOps

    with open(path, "rb") as file:
        data = file.read()
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                animated = getattr(image, "n_frames", 1) > 1
                turned = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
                see_through = transparent(image)
                preview = "" if animated or see_through else _preview(ImageOps.exif_transpose(image))
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombWarning,
            Image.DecompressionBombError) as error:
        raise NotAPicture("not a whole picture", f"a {name} file that does not decode: {error}") from None
    return hashlib.blake2b(data, digest_size=10).hexdigest(), turned, preview, animated, see_through


PREVIEW_WIDTH = 16  # px: a blur of its colours, some 200 bytes in the page


def _preview(image) -> str:
    """A tiny copy of the picture as a data: URI, enlarged (and so blurred) by the browser."""
    image.thumbnail((PREVIEW_WIDTH, PREVIEW_WIDTH))
    out = io.BytesIO()
    image.convert("RGB").save(out, "WEBP", quality=40, method=6)
    return "data:image/webp;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def transparent(image) -> bool:
    """Whether a decoded (Pillow) picture has see-through pixels: the one rule, for the
    model's preview and the encoder's fallback alike."""
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


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
    """Why bytes of no picture format are refused; for SVG, what to do instead."""
    found = _looks_like(head)
    if found == "an SVG drawing":
        return NotAPicture("SVG is not accepted, as it can run script on the site",
                           f"{found}; export it as PNG or WebP")
    return NotAPicture("not a picture", found)


def _looks_like(head: bytes) -> str:
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


# Names static hosts serve as a document or a script that browsers run: HTML, SVG, XML
# of any kind (an XHTML <script> inside it runs) and JavaScript.
ACTIVE = {
    **dict.fromkeys((".html", ".htm", ".shtml", ".xhtml", ".xht"), "an HTML page"),
    **dict.fromkeys((".svg", ".svgz"), "an SVG drawing"),
    **dict.fromkeys((".xml", ".xsl", ".xslt", ".rss", ".atom", ".rdf"), "an XML document"),
    **dict.fromkeys((".js", ".mjs", ".cjs"), "JavaScript"),
}
_ACTIVE_SUFFIXES = tuple(ACTIVE)


def unsafe_files(files: Iterable[File], docs_dir: str, trust_html: bool) -> list[Problem]:
    """Files of content/ that would run script on the site's address when opened.

    `files` are MkDocs' (those it publishes from content/ and the theme's); the theme is
    the site's own code, and a file MkDocs leaves out is never published. A file with no
    extension is looked into: a host may send it with no type, and browsers then sniff it.
    """
    if trust_html:  # every editor may publish code
        return []
    problems = []
    for file in files:
        found = _active(file, docs_dir)
        if found:
            problems.append(Problem(file.abs_src_path, 1, "file", (
                "would run script on the site's address when opened (expected pictures, documents and "
                f"other files that run no script, found {found}; export pictures as PNG or WebP, put the "
                "site's own code in theme/, or set trust_html: true if every editor may publish code)")))
    return problems


def _active(file: File, docs_dir: str) -> str | None:
    """What a file of content/ is, if browsers would run script from it; None for all others."""
    name = file.src_uri.lower()  # by its name first: this looks at every file of every build
    suffix = name.endswith(_ACTIVE_SUFFIXES)
    if not suffix and "." in name.rpartition("/")[2]:
        return None
    if file.src_dir != docs_dir or file.inclusion.is_excluded():
        return None
    if suffix:
        return ACTIVE[os.path.splitext(name)[1]]
    return _sniffed(file.abs_src_path)


def _sniffed(path: str) -> str | None:
    """What a file without an extension is, if browsers would run it as a page."""
    try:
        with open(path, "rb") as file:
            markup = _markup(file.read(HEAD))
    except OSError:
        return None
    return markup and f"{markup} in a file without an extension"
