"""Text from the data (place names, notes) reaches the page as text, never as markup.

A store whose Damascus event names its town with an HTML payload: its tooltip and the side
panel show the characters, no element is created and no script runs. In Debian's Chromium,
as test_dashboard_browser.py.
"""

from __future__ import annotations

from pathlib import Path

from dashboard_fixture import FIXTURES, build_store, serving
from playwright import sync_api

from machine import chromium, scaled_ms

PAYLOAD = '<img id="tw-injected" src="x" onerror="window.twInjected=1">Damascus'


def test_a_place_name_with_markup_is_shown_as_text(tmp_path: Path) -> None:
    rows = (FIXTURES / "events.csv").read_text().splitlines()
    for k, row in enumerate(rows):
        if row.startswith("e08,"):
            cells = row.split(",")
            cells[8] = '"' + PAYLOAD.replace('"', '""') + '"'
            rows[k] = ",".join(cells)
    events = tmp_path / "events.csv"
    events.write_text("\n".join(rows) + "\n")
    db = tmp_path / "escaping.duckdb"
    key = build_store(db, events=events)
    with serving(db, key) as served, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"{served.url}/?view=33.515,36.295,14")
            page.wait_for_selector("body[data-state=ready]", timeout=scaled_ms(15_000))
            marker = page.locator('path[data-event-id="dashtest:e08"]')
            marker.hover()
            tooltip = page.locator(".leaflet-tooltip")
            tooltip.wait_for(timeout=scaled_ms(5_000))
            assert PAYLOAD in tooltip.inner_text()
            marker.click()
            detail = page.locator("#event-detail[data-state=ready]")
            detail.wait_for(timeout=scaled_ms(10_000))
            assert PAYLOAD in detail.inner_text()
            assert page.locator("#tw-injected").count() == 0
            assert page.evaluate("window.twInjected") is None
        finally:
            browser.close()
