"""Addresses on the site, and the one rule every file the build writes obeys.

A brief can ask for addresses (its shortlink's path, `redirect_from`); Briefing and
MkDocs derive others (pages, feeds, pictures). Each becomes a file inside the site
folder, and `file_for` is the only way from an address to that file: it decodes the
address as a static host would (`%C3%A9` is "é"), then refuses anything that could
land elsewhere or that hosts treat specially: `..` and `.` parts, empty parts (`//`),
hidden names (`.htaccess`, `.git/`), backslashes, encoded slashes, control characters,
and names longer than file systems allow.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, unquote

# The common case, decided without decoding: plain names joined by slashes.
_PLAIN = re.compile(r"(?:[A-Za-z0-9_~-][A-Za-z0-9_.~-]*/)*(?:[A-Za-z0-9_~-][A-Za-z0-9_.~-]*)?")
_UNSAFE_CHARACTER = re.compile(r"[\x00-\x1f\x7f\\]")
MAX_NAME_BYTES = 255  # per part of a path: ext4, APFS, NTFS


class UnsafeAddress(ValueError):
    """An address that would not stay a file of its own inside the site; says why."""


def file_for(address: str) -> str:
    """The file, as a path inside the site folder, that answers at `address` (a path
    from the site root: "/p/4ii5H", "/old/story.html", "/2019/old-name/").

    An address ending in a name with a dot (story.html) is that file; any other is a
    folder with an index.html. Raises UnsafeAddress.
    """
    path = site_path(address)
    if not path:
        raise UnsafeAddress("the site's root")
    last = path.rsplit("/", 1)[-1]
    if "." in last and not address.endswith("/"):
        return path
    return path + "/index.html"


def site_path(address: str) -> str:
    """`address` decoded and checked, without its leading and trailing slashes."""
    trimmed = address.strip("/")
    if len(trimmed) <= MAX_NAME_BYTES and _PLAIN.fullmatch(trimmed):
        return trimmed  # plain parts, none empty, hidden or too long: nothing to decode or check
    else:
        if "%2f" in address.lower() or "%5c" in address.lower():
            raise UnsafeAddress("an encoded slash or backslash")
        try:
            decoded = unquote(trimmed, errors="strict")
        except UnicodeDecodeError:
            raise UnsafeAddress("percent-encoding that is not UTF-8") from None
        if bad := _UNSAFE_CHARACTER.search(decoded):
            raise UnsafeAddress(f"the character {bad[0]!r}")
        parts = decoded.split("/") if decoded else []
    for part in parts:
        if part in ("", ".", ".."):
            raise UnsafeAddress("an empty part (//)" if not part else f"a '{part}' part")
        if part.startswith("."):
            raise UnsafeAddress(f"a hidden name ({part})")
        if len(part.encode("utf-8")) > MAX_NAME_BYTES:
            raise UnsafeAddress(f"a name longer than {MAX_NAME_BYTES} bytes")
    path = "/".join(parts)
    assert posixpath.normpath("/" + path) == "/" + path  # inside the site, whatever the parts
    return path


def encoded(path: str) -> str:
    """A path inside the site as it is written in a URL (for rules such as _redirects)."""
    return quote(path, safe="/~@!$&'()*+,;=:")
