"""What an import found in an article, and the draft brief written from it."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml


@dataclass
class Article:
    """Fields found in a clipped or saved article; None or empty where not found."""

    title: str | None = None
    date: str | None = None  # ISO: 2024-07-25, or a date-time with its offset
    lead: str | None = None
    kicker: str | None = None
    shortlink: str | None = None
    image_alt: str | None = None
    image_caption: str | None = None
    image_credit: str | None = None
    image_url: str | None = None  # where the page had its picture (never fetched)
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    lang: str | None = None
    body: str = ""  # Markdown
    notes: list[tuple[str, str]] = field(default_factory=list)  # (field, what is missing or odd)

    @property
    def has_image(self) -> bool:
        return any((self.image_alt, self.image_caption, self.image_credit, self.image_url))


def _scalar(value) -> str:
    """A YAML value on one line, quoted only where YAML needs it."""
    return yaml.safe_dump(value, allow_unicode=True, width=float("inf"), default_flow_style=True,
                          sort_keys=False).removesuffix("\n...\n").rstrip("\n")


def front_matter(article: Article, image_src: str | None) -> str:
    """The draft's front matter, fields in the order editors read them.

    Without a picture file the image's words are kept as comments, so the draft is a
    valid brief and nothing found is lost.
    """
    lines = ["---"]

    def put(name: str, value) -> None:
        if value not in (None, "", []):
            lines.append(f"{name}: {_scalar(value)}")

    put("title", article.title)
    if article.date:
        lines.append(f"date: {article.date}")  # ISO, as Briefing reads it: no quotes
    put("kicker", article.kicker)
    put("lead", article.lead)
    put("shortlink", article.shortlink)
    if article.has_image:
        image = [("src", image_src), ("alt", article.image_alt), ("caption", article.image_caption),
                 ("credit", article.image_credit)]
        prefix = "" if image_src else "# "
        if not image_src:
            lines.append("# image: no picture file yet; add one beside this brief, set src and remove the #")
            if article.image_url:
                lines.append(f"#   (the article's picture was {article.image_url})")
        lines.append(f"{prefix}image:")
        lines += [f"{prefix}  {key}: {_scalar(value)}" for key, value in image if value]
    put("authors", article.authors)
    put("agencies", article.agencies)
    put("topics", article.topics)
    put("lang", article.lang)
    lines += ["draft: true", "---", ""]
    return "\n".join(lines) + "\n" + article.body.strip() + "\n"
