"""Events read from news articles on the map: the API gives each its extraction confidence and
the parts guessed and filters on ``min_confidence``; the dashboard draws them dashed, says so in
the event's panel and leaves out the weaker ones when asked (real Chromium, real server)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from dashboard_fixture import KINDS, Served, build_store, serving

from machine import scaled_ms
from trucewatch.catalog import load_agreements
from trucewatch.sources.news import NewsAdapter
from trucewatch.store import Store
from trucewatch.verdicts.update import update_verdicts

#: two events in the fixture truce's box around Aleppo: a well-read one (confidence 0.85) and
#: a toll placed, dated and typed from before (0.25)
ARTICLE = {
    "id": "aleppo-market",
    "published": "2016-03-02T12:00:00+02:00",
    "text": "An air strike hit a market in Aleppo on Tuesday, killing 12 people. "
    "Five people were killed, a monitor said.",
}


@pytest.fixture(scope="module")
def news_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("dashboard-news")
    path = folder / "news.duckdb"
    key = build_store(path, verdicts=False)
    article = folder / "news.jsonl"
    article.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    with Store.open(path) as store:
        report = store.ingest(NewsAdapter(places_dir=folder / "places"), article)
        assert report.stored == 2, report
        update_verdicts(store, load_agreements(store))
    with serving(path, key) as running:
        yield running


def test_map_events_give_confidence_and_filter_on_it(news_served: Served) -> None:
    with news_served.client() as client:
        every = client.get("/map/events").json()
        strong = client.get("/map/events", params={"min_confidence": 0.5}).json()
        bad = client.get("/map/events", params={"min_confidence": 2})
    news = {
        f["properties"]["event_id"]: (f["properties"]["confidence"], f["properties"]["guessed"])
        for f in every["features"]
        if f["properties"]["source"] == "news"
    }
    assert news == {
        "news:aleppo-market-s0": (0.85, []),
        "news:aleppo-market-s1": (0.25, ["place", "date", "type", "actors"]),
    }
    coded = [f for f in every["features"] if f["properties"]["source"] != "news"]
    assert len(coded) == len(KINDS) and all(f["properties"]["confidence"] is None for f in coded)
    assert every["total"] == len(KINDS) + 2 and strong["total"] == len(KINDS) + 1
    assert bad.status_code == 422


def test_dashboard_draws_news_events_dashed_and_leaves_out_the_weaker_ones(
    browser: Any, news_served: Served
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{news_served.url}/?view=36.2,37.16,12")
        page.wait_for_selector("body[data-state=ready]", timeout=scaled_ms(15_000))
        assert page.locator("path.tw-news").count() == 2
        page.locator('path[data-event-id="news:aleppo-market-s1"]').click(force=True)
        detail = page.locator("#event-detail[data-state=ready]")
        detail.wait_for(timeout=scaled_ms(10_000))
        text = detail.inner_text()
        assert "news article, confidence 0.25, place, date, type, actors guessed" in text
        assert "read from a news article, extraction confidence 0.25" in text
        before = int(page.get_attribute("#status", "data-count"))
        page.fill("#min-confidence", "0.5")
        page.dispatch_event("#min-confidence", "change")
        page.wait_for_selector(f"#status[data-count='{before - 1}']", timeout=scaled_ms(10_000))
        assert page.locator("path.tw-news").count() == 1
    finally:
        context.close()
