"""URL-safe names: "Middle East" -> "middle-east"."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str, limit: int = 60) -> str:
    """ASCII words joined by hyphens, cut at a word boundary within `limit` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower().replace("'", "")).split()
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug
