"""The dashboard under the server's Content-Security-Policy, in Debian's headless Chromium: it
works with no policy violation reported (map, markers, a click, the series panel, a tile
layer), and values from the URL (``?attribution=``) reach the page as text, never as HTML.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from dashboard_fixture import Served

from machine import scaled_ms

PAYLOAD = '<img id="tw-injected" src="x" onerror="window.twInjected=1">OSM'
#: records every violation the page reports (an init script runs outside the page's policy)
WATCH = """
window.twViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.twViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def _open(browser: Any, url: str, console: list[str]) -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.add_init_script(WATCH)
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda exc: console.append(f"pageerror: {exc}"))
    response = page.goto(url)
    assert "script-src 'self';" in response.headers["content-security-policy"]
    page.wait_for_selector("body[data-state=ready]", timeout=scaled_ms(15_000))
    return page


def _tiles(served: Served) -> str:
    """A tile URL template on the server itself (a real image, whatever the tile)."""
    return quote(f"{served.url}/static/leaflet/images/layers.png?z={{z}}&x={{x}}&y={{y}}", safe="")


def test_the_dashboard_runs_with_no_policy_violation(browser: Any, served: Served) -> None:
    console: list[str] = []
    page = _open(browser, f"{served.url}/?view=36.2,37.16,12&tiles={_tiles(served)}", console)
    page.wait_for_selector("#agreement-panel[data-state=ready]", timeout=scaled_ms(15_000))
    marker = page.locator("path.tw-marker").first
    marker.click()
    page.wait_for_selector("#event-detail[data-state=ready]", timeout=scaled_ms(10_000))
    assert page.locator("img.leaflet-tile-loaded").count() > 0, "no tile was drawn"
    assert int(page.get_attribute("#status", "data-count")) > 0
    assert page.evaluate("window.twViolations") == []
    assert not [m for m in console if "Content Security Policy" in m or "pageerror" in m], console
    page.close()


def test_an_attribution_with_markup_is_shown_as_text(browser: Any, served: Served) -> None:
    console: list[str] = []
    query = f"tiles={_tiles(served)}&attribution={quote(PAYLOAD)}"
    page = _open(browser, f"{served.url}/?{query}", console)
    attribution = page.locator(".leaflet-control-attribution")
    assert PAYLOAD in attribution.inner_text()
    assert page.locator("#tw-injected").count() == 0
    assert page.locator(".leaflet-control-attribution img").count() == 0
    assert page.evaluate("window.twInjected") is None
    page.close()


def test_a_tile_url_that_is_no_url_does_not_stop_the_page(browser: Any, served: Served) -> None:
    console: list[str] = []
    page = _open(browser, f"{served.url}/?tiles=not-a-url", console)
    assert int(page.get_attribute("#status", "data-count")) > 0
    assert not [m for m in console if "pageerror" in m], console
    page.close()
