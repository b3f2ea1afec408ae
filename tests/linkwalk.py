"""Follow every internal link of a built site, as a crawler on the real host would."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and tag in ("a", "link", "img", "script", "source", "iframe"):
                self.links.append(attrs[name])
        if attrs.get("srcset") and tag in ("img", "source"):  # every file a browser may pick
            self.links += [candidate.split()[0] for candidate in attrs["srcset"].split(", ")]
        if tag == "meta" and attrs.get("property") == "og:image":  # what sharing shows
            self.links.append(attrs["content"])
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.links.append(attrs["content"].split("url=", 1)[1])


def broken_links(site: Path, site_url: str) -> list[str]:
    """'page -> link' for every link to this site that leads to no file."""
    base = urlsplit(site_url)
    broken = []
    for page in sorted(site.rglob("*.html")):
        page_url = urljoin(site_url, page.relative_to(site).as_posix())
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            target = urlsplit(urljoin(page_url, link))
            if target.scheme not in ("http", "https") or target.netloc != base.netloc:
                continue  # mailto:, data:, other hosts
            if not _resolves(site, base.path, unquote(target.path)):
                broken.append(f"{page.relative_to(site)} -> {link}")
    return broken


def _resolves(site: Path, prefix: str, path: str) -> bool:
    if not path.startswith(prefix):
        return False  # outside the sub-path the site is published at
    file = site / path[len(prefix):]
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file.is_file()
