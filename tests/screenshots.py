"""Screenshots of built pages at desktop and phone widths, light and dark, to look at.

    .venv/bin/python tests/screenshots.py site shots / /2024/07/assad-putin-moscow/
"""

from __future__ import annotations

import sys
from pathlib import Path

from browser import chromium, serve_folder

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
SCHEMES = ("light", "dark")


def main(site: str, out: str, *paths: str) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    with serve_folder(Path(site)) as base, chromium() as browser:
        for (device, (width, height)) in VIEWPORTS.items():
            for scheme in SCHEMES:
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                tab = context.new_page()
                for path in paths:
                    tab.goto(base + path)
                    # Scroll through once so lazy pictures load before the full-page shot.
                    tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                    tab.wait_for_load_state("networkidle")
                    tab.evaluate("window.scrollTo(0, 0)")
                    tab.wait_for_timeout(600)  # Material's header title has finished its transition
                    name = path.strip("/").replace("/", "_") or "front"
                    target = Path(out) / f"{name}-{device}-{scheme}.png"
                    tab.screenshot(path=str(target), full_page=True)
                    print(target)
                context.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
