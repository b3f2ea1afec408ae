"""What a reader sees in a real browser (Debian's chromium via Playwright)."""

from __future__ import annotations

import pytest

FOUNDING = "/2024/07/assad-putin-moscow/"


def test_founding_example_shows_headline_credit_and_sign_off(tab, base_url):
    tab.goto(base_url + FOUNDING)
    headline = tab.locator("h1")
    assert headline.is_visible() and headline.inner_text() == "Syria's Assad meets Putin in Moscow"
    credit = tab.locator("figure figcaption .brief-credit")
    assert credit.is_visible() and credit.inner_text() == "Image: Valeriy Sharifulin/IMAGO/SNA"
    sign_off = tab.locator(".brief-signoff")
    sign_off.scroll_into_view_if_needed()
    assert sign_off.is_visible() and sign_off.inner_text() == "es/rmt (AP, AFP, Reuters)"
    image_width = tab.locator("figure picture img").evaluate("img => img.naturalWidth")
    assert image_width > 0  # the picture loaded


def test_skip_link_appears_on_tab_and_moves_focus_to_content(tab, base_url):
    tab.goto(base_url + FOUNDING)
    skip = tab.locator("nav.briefing-skip a", has_text="Skip to content")
    box_before = skip.bounding_box()
    assert box_before is None or box_before["y"] + box_before["height"] <= 0  # out of sight
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 0  # now on screen
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "content"


@pytest.mark.parametrize("short", ["/p/4ii5H", "/p/4ii5H/"])
def test_shortlink_lands_on_the_brief(tab, base_url, short):
    tab.goto(base_url + short)
    tab.wait_for_url(base_url + FOUNDING)
    assert tab.locator("h1").inner_text() == "Syria's Assad meets Putin in Moscow"


def test_shortlink_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(base_url + "/p/4ii5H/")
    tab.wait_for_url(base_url + FOUNDING)  # by the meta refresh alone
    assert tab.locator("h1").inner_text() == "Syria's Assad meets Putin in Moscow"
    context.close()
