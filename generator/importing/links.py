"""Clean article links: unwrap proxy and redirect wrappers, drop tracking parameters."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

# A link carried inside another one's path: https://proxy:443/https/p.dw.com/p/4ii5H,
# https://web.archive.org/web/2024/https://p.dw.com/p/4ii5H.
_IN_PATH = re.compile(r"/(https?)(?::/+|/+)([^/?#\s]+\.[^/?#\s]+(?:[/?#].*)?)$", re.I)
# ... or inside a query parameter: google.com/url?q=..., l.facebook.com/l.php?u=..., safelinks ?url=...
_WRAPPER_KEYS = ("url", "u", "q", "target", "dest", "destination", "redirect", "to")
_TRACKING = re.compile(
    r"utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ocid|xtor|at_.*|wt_.*|cmpid|"
    r"_ga|_gl|mkt_tok|spm|ref|ref_src|s_cid|share|smid", re.I
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def clean_link(url: str) -> str:
    """The article's own address behind any wrappers, without tracking parameters."""
    url = url.strip().strip("<>")
    for _ in range(5):  # wrappers may nest
        inner = _unwrapped(url)
        if inner is None:
            break
        url = inner
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING.fullmatch(k)])
    fragment = "" if "=" in parts.fragment else parts.fragment  # #Echobox=..., #xtor=...
    return urlunsplit((parts.scheme.lower(), host, parts.path, query, fragment))


def _unwrapped(url: str) -> str | None:
    parts = urlsplit(url)
    if found := _IN_PATH.search(parts.path + (f"?{parts.query}" if parts.query else "")):
        return f"{found[1].lower()}://{found[2]}"
    for key, value in parse_qsl(parts.query):
        if key.lower() in _WRAPPER_KEYS and re.match(r"https?://", unquote(value), re.I):
            return unquote(value)
    return None


def is_link(line: str) -> bool:
    return re.fullmatch(r"<?https?://\S+>?", line.strip(), re.I) is not None
