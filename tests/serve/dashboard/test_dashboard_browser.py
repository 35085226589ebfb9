"""The dashboard in a real headless Chromium (Debian's, driven by Playwright) against the
fixture store: markers, a click that shows the stored explanation, filters, the series panel.

Needs Debian's ``chromium`` (``make test`` installs it; see tests/machine.py); never downloads one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_fixture import AGREEMENT, KINDS, Served

from machine import scaled_ms
from trucewatch.store import Store
from trucewatch.verdicts.stored import verdict_records

#: ?view=LAT,LON,ZOOM close enough on Aleppo, and on Damascus, that no two markers overlap
ALEPPO, DAMASCUS = "36.2,37.16,12", "33.515,36.295,14"


@pytest.fixture
def open_dashboard(browser: Any, served: Served) -> Iterator[Any]:
    """Open the dashboard on the fixture store (``query`` after ``/?``), markers drawn."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    errors: list[str] = []

    def opening(query: str = "") -> Any:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
        page.goto(f"{served.url}/?{query}")
        page.wait_for_selector("body[data-state=ready]", timeout=scaled_ms(15_000))
        return page

    yield opening
    context.close()
    assert not errors, errors


@pytest.fixture
def page(open_dashboard: Any) -> Any:
    """The dashboard as it opens: the first agreement, every event."""
    return open_dashboard()


def _count(page: Any) -> int:
    return int(page.get_attribute("#status", "data-count"))


def _stored_explanation(db: Path, event_id: str) -> str:
    with Store.open(db, read_only=True) as store:
        (row,) = verdict_records(store, agreement_ids=[AGREEMENT], event_id=event_id)
    return str(row["explanation"])


def test_dashboard_shows_one_marker_per_event_of_the_store(page: Any, tmp_path: Path) -> None:
    assert _count(page) == len(KINDS) == 10
    assert page.locator("path.tw-marker").count() == 10
    assert page.locator("path.tw-kind-violation").count() == 4
    assert page.locator("#status").inner_text().startswith("10 events shown")
    assert page.input_value("#agreement") == AGREEMENT
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    assert shot.stat().st_size > 10_000


def test_click_on_a_marker_shows_its_explanation_and_source(
    open_dashboard: Any, served: Served, tmp_path: Path
) -> None:
    page = open_dashboard(f"view={ALEPPO}")
    event_id = "dashtest:e03"
    page.locator(f'path[data-event-id="{event_id}"]').click()
    detail = page.locator("#event-detail[data-state=ready]")
    detail.wait_for(timeout=scaled_ms(10_000))
    assert detail.get_attribute("data-event-id") == event_id
    text = detail.inner_text()
    assert _stored_explanation(served.db, event_id) in text
    assert text.startswith("violation")
    assert "Mortar fire on Salah al-Din hit three houses" in text  # the notes of the source row
    assert "events.csv, line 4" in text and "csv.v1" in text  # provenance: file, line, adapter
    shot = tmp_path / "dashboard-click.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")


def test_click_on_an_event_outside_the_scope_says_it_has_no_verdict(open_dashboard: Any) -> None:
    page = open_dashboard(f"view={DAMASCUS}")
    page.locator('path[data-event-id="dashtest:e08"]').click()
    detail = page.locator("#event-detail[data-state=ready]")
    detail.wait_for(timeout=scaled_ms(10_000))
    assert "No stored verdict" in detail.inner_text()
    assert "Shelling in Jobar" in detail.inner_text()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("violation", 6), ("none", 8), ("outside_window", 8), ("not_covered", 9)],
)
def test_unticking_a_verdict_kind_hides_its_markers(page: Any, kind: str, expected: int) -> None:
    page.uncheck(f'#kinds input[value="{kind}"]')
    assert _count(page) == expected == page.locator("path.tw-marker").count()
    assert page.locator(f"path.tw-kind-{kind}").count() == 0
    page.check(f'#kinds input[value="{kind}"]')
    assert _count(page) == 10


def test_time_slider_keeps_only_the_days_in_range(page: Any, tmp_path: Path) -> None:
    # the distinct local days of the events, in order: 20 Feb, 22 Feb, 1, 2, 3, 4, 5, 6, 8 Mar
    assert page.get_attribute("#day-to", "max") == "8"
    page.fill("#day-from", "2")  # from 1 March: the truce's days only
    assert _count(page) == 8
    assert page.locator("#day-label").inner_text() == "2016-03-01 – 2016-03-08"
    page.fill("#day-to", "3")  # 1 and 2 March: e03, e06, e08
    assert _count(page) == 3
    shown = {page.locator("path.tw-marker").nth(i).get_attribute("data-event-id") for i in range(3)}
    assert shown == {"dashtest:e03", "dashtest:e06", "dashtest:e08"}
    shot = tmp_path / "dashboard-slider.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")


def test_agreement_panel_draws_the_series_and_the_before_after_figures(page: Any) -> None:
    page.wait_for_selector("#agreement-panel[data-state=ready]", timeout=scaled_ms(15_000))
    assert page.locator("#chart svg g.scope rect").count() == 7  # days with events in scope
    assert page.locator("#chart svg polyline.control").count() == 1
    assert page.get_attribute("#chart", "data-days") == "121"  # 60 days either side of 27 Feb
    row = page.locator('#effects tr[data-area="scope"][data-horizon="7"]')
    cells = row.locator("td").all_inner_texts()
    assert cells[:4] == ["7", "scope", "2", "3"] and cells[4].startswith("1.50 [")
    assert page.locator("#agreement-title").inner_text() == "Aleppo box test truce"
    assert page.locator("path.tw-scope, #map path").count() >= 11  # the scope and the markers


def test_choosing_all_agreements_reloads_the_markers(page: Any) -> None:
    page.select_option("#agreement", "")
    page.wait_for_selector("body[data-state=ready]", timeout=scaled_ms(15_000))
    assert _count(page) == 10
    assert page.locator("#agreement-panel").get_attribute("data-state") == "none"


def test_agreement_panel_says_how_the_chosen_window_ends(page: Any) -> None:
    page.wait_for_selector("#agreement-panel[data-state=ready]", timeout=scaled_ms(15_000))
    # 30 days from 27 Feb 2016 00:00 Damascus time (+02:00)
    assert page.locator("#window-end").inner_text() == "Ends: 2016-03-27T22:00:00Z (stated end)"
    option = page.locator("#window option").first.inner_text()
    assert option.endswith("→ 2016-03-27T22:00:00Z (stated end))")
