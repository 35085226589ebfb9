"""The dashboard's freshness line (fed by GET /status) in a real headless Chromium: each feed's
last sync and state under the bar, a failing feed marked, the last ingest; and a store without
feeds says so rather than nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from dashboard_fixture import Served, serving

from machine import scaled_ms
from trucewatch.store import Store
from trucewatch.store.feed_state import add_feed, save_feed_failure, save_feed_success


@pytest.fixture
def with_feeds(dashboard_store: tuple[Path, str], tmp_path: Path) -> Iterator[Served]:
    """The fixture store with two feeds: ucdp synced 3 hours ago, acled failing."""
    path = tmp_path / "feeds.duckdb"
    shutil.copy(dashboard_store[0], path)
    now = datetime.now(UTC)
    with Store.open(path) as store:
        add_feed(store, "ucdp", "ucdp", "ucdp_api.v1", {}, 86_400, now=now - timedelta(days=2))
        add_feed(store, "acled", "acled", "acled_api.v1", {}, 86_400, now=now)
        save_feed_success(store, "ucdp", {"page": 3}, now=now - timedelta(hours=3),
                          next_due_at=now + timedelta(hours=23), added=5)  # fmt: skip
        save_feed_failure(store, "acled", "token expired",
                          "ACLED: token expired (401): set TRUCEWATCH_ACLED_PASSWORD again",
                          now=now, next_due_at=now + timedelta(seconds=30))  # fmt: skip
    with serving(path, dashboard_store[1]) as running:
        yield running


def _freshness(browser: Any, url: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}/")
    page.wait_for_selector("#freshness[data-state=ready]", timeout=scaled_ms(15_000))
    assert not errors, errors
    return page


def test_the_freshness_line_shows_each_feed_and_marks_the_failing_one(
    browser: Any, with_feeds: Served
) -> None:
    page = _freshness(browser, with_feeds.url)
    box = page.locator("#freshness")
    assert box.get_attribute("data-problems") == "1"
    acled = page.locator('#freshness [data-feed="acled"]')
    assert acled.get_attribute("class") == "feed feed-bad"
    assert acled.inner_text().startswith("acled: token expired — never synced; 1 failed attempt")
    assert "set TRUCEWATCH_ACLED_PASSWORD again" in acled.inner_text()
    ucdp = page.locator('#freshness [data-feed="ucdp"]')
    assert ucdp.get_attribute("class") == "feed"
    assert ucdp.inner_text().startswith("ucdp: last synced 3 h ago (ok)")
    assert "last ingest: #1 with csv.v1, 10 events stored" in box.inner_text()
    page.context.close()


def test_without_feeds_the_freshness_line_says_none_is_followed(
    browser: Any, served: Served
) -> None:
    page = _freshness(browser, served.url)
    text = page.locator("#freshness").inner_text()
    assert text.startswith("feeds: none followed")
    assert "last ingest: #1" in text
    assert page.locator("#freshness").get_attribute("data-problems") == "0"
    page.context.close()
