"""`briefing import`: an article someone clipped or saved becomes a draft brief.

    files -> Article (clipped.py for text, webpage.py for HTML) -> draft brief file

The draft is checked as any brief is before it is written, and never replaces an
existing brief unless asked to.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import date, tzinfo
from pathlib import Path
from typing import Callable

import yaml

from generator.model.reading import read_brief
from generator.model.problems import display_path
from generator.model.scaffold import chosen_slug, taken_slugs
from generator.model.slugs import NoAddress, brief_slug, unique
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
    language: str = "en", unicode: bool | Callable[[str], bool] = False, slug: str | None = None,
) -> Imported:
    """Write the draft brief for an article's bytes; `name` is where they came from.

    Its slug is the title's, by the article's language (else `language`, the site's), or
    `slug`; made unique among all briefs in content/. `force` replaces only the same article
    (the brief with its shortlink; without one, with its title), never another brief."""
    article = read_source(raw, name, roster or {})
    if not article.title:
        raise ImportRefused(f"{name}: no headline found (expected the article's title on its first line)")
    missing = _fill_in(article, today, picture)
    taken = taken_slugs(content_dir)
    try:
        wanted = (chosen_slug(slug, taken) if slug
                  else brief_slug(article.title, article.lang or language,
                                  unicode(article.lang or language) if callable(unicode) else unicode))
    except NoAddress as error:
        raise ImportRefused(f"{name}: title: {error}") from None
    folder = f"{article.date[:4]}/{article.date[5:7]}"
    same = _same_article(content_dir, article, wanted, taken)
    if same and not force:
        if article.shortlink and same != content_dir / folder / f"{wanted}.md":  # under another name
            raise ImportRefused(
                f"{name}: shortlink {article.shortlink} is already the shortlink of {display_path(same)} "
                "(expected a new article; edit that brief instead, or --force replaces it)"
            )
        raise ImportRefused(
            f"{display_path(same)} already exists (expected a new brief; --force replaces it)"
        )
    path = same or content_dir / folder / f"{unique(wanted, set(taken))}.md"
    folder, stem = path.parent.relative_to(content_dir).as_posix(), path.stem
    target_picture = path.with_name(f"{stem}{picture.suffix.lower()}") if picture else None
    if target_picture and target_picture.exists() and not (force and same):
        raise ImportRefused(
            f"{display_path(target_picture)} already exists (expected a new picture; --force replaces "
            "the picture of the same article)"
        )
    text = front_matter(article, target_picture.name if target_picture else None)
    path.parent.mkdir(parents=True, exist_ok=True)
    if target_picture:
        shutil.copyfile(picture, target_picture)
    _, problems = read_brief(content_dir, f"{folder}/{stem}.md", text.encode(), zone, path=str(path))
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


def _same_article(content_dir: Path, article: Article, slug: str, taken: dict[str, Path]) -> Path | None:
    """The brief already imported from this article: the one with its shortlink (a plain text
    search: no brief is parsed), or, for an article without one, a brief of the same title and
    no shortlink among those its title's slug was given to (slug, slug-2 ...)."""
    if article.shortlink:
        needle = article.shortlink.encode()
        for path in taken.values():
            if needle in _field(path, b"shortlink"):
                return path
        return None
    for stem, path in taken.items():
        if (stem == slug or re.fullmatch(rf"{re.escape(slug)}-\d+", stem)) and not _field(path, b"shortlink"):
            if _field(path, b"title") == {article.title.encode()}:
                return path
    return None


def _field(path: Path, name: bytes) -> set[bytes]:
    """The values of a top-level field's lines in a file, as written (quotes and YAML escapes read)."""
    found = set()
    for line in path.read_bytes().splitlines():
        if line.startswith(name + b":"):
            value = line[len(name) + 1 :].strip()
            try:
                value = str(yaml.safe_load(value)).encode() if value[:1] in (b'"', b"'") else value
            except yaml.YAMLError:
                pass
            found.add(value)
    return found


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # what old Windows tools save
