"""The stylesheet and the slot table agree: in a real browser, at a phone's and a desktop's
width, every picture the sample shows is fetched at least as wide as it is drawn (in
device pixels) and not more than twice that: `sizes` (outputs/pictures.py SLOTS) says
how wide the CSS (theme/assets/briefing.css) makes each slot. When the layout changes,
this test fails until the table follows it."""

from __future__ import annotations

import pytest

from browser import serve_folder

PAGES = ["/", "/2024/07/assad-putin-moscow/", "/topics/syria/", "/2024/03/harbour-cranes-idle-during-port-strike/"]
SCREENS = {"phone": ({"width": 390, "height": 844}, 3), "desktop": ({"width": 1280, "height": 800}, 1)}

# Every picture on the page once scrolled into view: drawn width, the width of the file the
# browser chose (its srcset descriptor), and the widths it could have chosen.
PICKED = """() => [...document.querySelectorAll('picture img')].map(img => {
    const picture = img.parentElement;
    const chosen = [...picture.querySelectorAll('source'), img]
        .flatMap(el => (el.getAttribute('srcset') || '').split(', ').map(c => c.split(' ')))
        .find(([url]) => url && img.currentSrc.endsWith(url.replace(/^(\\.\\.\\/)+/, '')));
    const offered = [...picture.querySelectorAll('source'), img]
        .find(el => chosen && (el.getAttribute('srcset') || '').includes(chosen[0]));
    return {
        drawn: img.getBoundingClientRect().width,
        picked: chosen ? parseInt(chosen[1]) : 0,
        offered: offered.getAttribute('srcset').split(', ').map(c => parseInt(c.split(' ')[1])),
        src: img.currentSrc.split('/').pop(),
    };
})"""


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("path", PAGES)
def test_each_picture_is_fetched_at_the_width_it_is_drawn(sample_site, browser, screen, path):
    viewport, ratio = SCREENS[screen]
    context = browser.new_context(viewport=viewport, device_scale_factor=ratio)
    tab = context.new_page()
    with serve_folder(sample_site) as base:
        tab.goto(base + path)
        tab.evaluate("async () => { for (const img of document.querySelectorAll('picture img')) {"
                     " img.loading = 'eager'; await img.decode().catch(() => {}); } }")
        pictures = tab.evaluate(PICKED)
    context.close()
    assert pictures, f"no pictures on {path}"
    for shown in pictures:
        needed = shown["drawn"] * ratio
        widest, narrowest = max(shown["offered"]), min(shown["offered"])
        assert shown["picked"], shown
        # At least as wide as drawn (unless nothing wider is offered), at most twice (unless nothing narrower is).
        assert shown["picked"] >= min(needed, widest) - 1, shown
        assert shown["picked"] <= max(2 * needed, narrowest), shown
