"""`briefing import`: an article someone clipped or saved becomes a draft brief.

    files -> Article (clipped.py for text, webpage.py for HTML) -> draft brief file

The draft is checked as any brief is before it is written, and never replaces an
existing brief unless asked to.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, tzinfo
from pathlib import Path

from generator.model.reading import read_brief
from generator.model.problems import display_path
from generator.model.slugs import slugify
from .article import Article, front_matter
from .clipped import read_clipping
from .webpage import MissingExtractor, read_webpage

PLACEHOLDER_LEAD = "Write the lead: one or two sentences that tell the reader what happened."
PLACEHOLDER_ALT = "Describe what the picture shows."


class ImportRefused(Exception):
    """The article cannot be imported as asked; the message says why and what to do."""


@dataclass
class Imported:
    path: Path
    picture: Path | None
    missing: list[tuple[str, str]] = field(default_factory=list)  # (field, what to do)


def read_source(raw: bytes, name: str, roster: dict[str, str]) -> Article:
    text = _decode(raw)
    head = text.lstrip("\ufeff \r\n\t")[:1024].lower()
    if name.lower().endswith((".html", ".htm", ".xhtml")) or head.startswith(("<!doctype html", "<html")):
        try:
            return read_webpage(text, roster)
        except MissingExtractor as error:
            raise ImportRefused(f"{name}: {error}") from None
    return read_clipping(text)


def import_article(
    raw: bytes, name: str, content_dir: Path, zone: tzinfo, today: date, *,
    roster: dict[str, str] | None = None, picture: Path | None = None, force: bool = False,
) -> Imported:
    """Write the draft brief for an article's bytes; `name` is where they came from."""
    article = read_source(raw, name, roster or {})
    if not article.title:
        raise ImportRefused(f"{name}: no headline found (expected the article's title on its first line)")
    missing = _fill_in(article, today, picture)
    slug = slugify(article.title) or "imported"
    folder = f"{article.date[:4]}/{article.date[5:7]}"
    path = content_dir / folder / f"{slug}.md"
    if path.exists() and not force:
        raise ImportRefused(
            f"{display_path(path)} already exists (expected a new brief; --force replaces it)"
        )
    if article.shortlink and (other := _with_shortlink(content_dir, article.shortlink, path)):
        raise ImportRefused(
            f"{name}: shortlink {article.shortlink} is already the shortlink of {other} "
            "(expected a new article; edit that brief instead)"
        )
    target_picture = path.with_name(f"{slug}{picture.suffix.lower()}") if picture else None
    if target_picture and target_picture.exists() and not force:
        raise ImportRefused(
            f"{display_path(target_picture)} already exists (expected a new picture; --force replaces it)"
        )
    text = front_matter(article, target_picture.name if target_picture else None)
    path.parent.mkdir(parents=True, exist_ok=True)
    if target_picture:
        shutil.copyfile(picture, target_picture)
    _, problems = read_brief(content_dir, f"{folder}/{slug}.md", text.encode(), zone, path=str(path))
    if problems:  # a bug of the importer: say so, and leave nothing behind
        if target_picture:
            target_picture.unlink(missing_ok=True)
        raise ImportRefused("the draft would not be a valid brief:\n" + "\n".join(map(str, problems)))
    path.write_text(text, encoding="utf-8")
    return Imported(path, target_picture, missing)


def _fill_in(article: Article, today: date, picture: Path | None) -> list[tuple[str, str]]:
    """Make the draft valid where the article lacked a required field; say what is missing."""
    missing = []
    if not article.date:
        article.date = today.isoformat()
        missing.append(("date", f"not found; set to today, {article.date}: check it"))
    if not article.lead:
        article.lead = PLACEHOLDER_LEAD
        missing.append(("lead", "not found; write it"))
    if not article.shortlink:
        missing.append(("shortlink", "not found; add the article's short address if it has one"))
    if picture:
        if not article.image_alt:
            article.image_alt = PLACEHOLDER_ALT
            missing.append(("image.alt", "not found; describe the picture"))
    elif article.has_image:
        missing.append(("image", "no file; add one beside the brief and set image.src "
                        "(alt, caption and credit are in the draft, commented out)"))
    else:
        missing.append(("image", "not found; add a picture file and an image entry if there is one"))
    for name, label in (("authors", "authors' initials"), ("agencies", "agencies"), ("topics", "topics")):
        if not getattr(article, name):
            missing.append((name, f"not found; add the {label}"))
    return missing + article.notes


def _with_shortlink(content_dir: Path, shortlink: str, replacing: Path) -> str | None:
    """The brief that already has this shortlink (a plain text search: no brief is parsed)."""
    needle = shortlink.encode()
    for path in sorted(content_dir.rglob("*.md")):
        if path == replacing:
            continue
        for line in path.read_bytes().splitlines():
            if line.startswith(b"shortlink:") and line[10:].strip().strip(b"'\"") == needle:
                return display_path(path)
    return None


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # what old Windows tools save
