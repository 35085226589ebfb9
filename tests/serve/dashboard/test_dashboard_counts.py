"""The dashboard counts what summary and effect count, and says what it left out (issue 12).

The series endpoint and the agreement panel give the headline count of a window
(``trucewatch.effect.headline``: the one definition of ``trucewatch summary``, ``effect`` and
the report), say what it counts (``COUNTED``) and how many events were not counted: uncertain,
with an excluded group, unlocated (too coarse for the scope, or mostly outside it).

Two stores: the dashboard fixture with two unlocated events added (u1, a 30 km disc over the
box, 2 March: too coarse for it; u2, a 5 km disc 3 km east of it, 3 March: mostly outside),
and the real UCDP GED 2016 Syria file with the shipped agreements (``shared_data``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from dashboard_fixture import AGREEMENT, KINDS, Served, build_store, serving

from live_server import day_event
from machine import scaled_ms
from trucewatch.agreements import example_paths
from trucewatch.catalog import add_agreement_file, load_agreements
from trucewatch.effect.headline import COUNTED
from trucewatch.effect.summary import summarize
from trucewatch.sources.base import adapter_for
from trucewatch.store import Store
from trucewatch.verdicts.stored import verdict_records
from trucewatch.verdicts.update import update_verdicts

COH = "syria-coh-2016"
UNLOCATED_COLOUR = "rgb(199, 185, 154)"  # #c7b99a, the sand of docs/dashboard.md


@pytest.fixture(scope="module")
def with_unlocated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    path = tmp_path_factory.mktemp("counts") / "unlocated.duckdb"
    key = build_store(path)
    events = [
        day_event("dashtest", "u1", date(2016, 3, 2), 36.2, 37.15, radius_km=30, place="Aleppo"),
        day_event("dashtest", "u2", date(2016, 3, 3), 36.2, 37.33, radius_km=5, place="East"),
    ]
    with Store.open(path) as store:
        store.ingest_events(events, label="unlocated", adapter="dashtest.v1")
        update_verdicts(store, load_agreements(store))
        reasons = {
            r["event_id"]: (r["verdict"], r["reasons"][1])
            for r in verdict_records(store, agreement_ids=[AGREEMENT])
            if r["event_id"] in ("dashtest:u1", "dashtest:u2")
        }
    assert reasons == {
        "dashtest:u1": ("unlocated", "location_coarser_than_scope"),
        "dashtest:u2": ("unlocated", "mostly_outside_scope"),
    }
    with serving(path, key) as running:
        yield running


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Iterator[Served]:
    """UCDP GED 2016 Syria and the shipped agreements, with their stored verdicts."""
    path = tmp_path_factory.mktemp("counts") / "ucdp.duckdb"
    with Store.open(path) as store:
        for agreement_file in example_paths():
            add_agreement_file(store, agreement_file)
        ged = shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv"
        store.ingest(adapter_for("ucdp-ged"), ged)
        update_verdicts(store, load_agreements(store))
        key = store.create_api_key("reader", "counts test")[1]
    with serving(path, key) as running:
        yield running


def _series(served: Served, agreement: str, **params: Any) -> dict[str, Any]:
    with served.client() as client:
        answer = client.get(f"/agreements/{agreement}/series", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _headline(series: dict[str, Any], horizon: int) -> dict[str, Any]:
    (head,) = [h for h in series["headlines"] if h["horizon_days"] == horizon]
    return head


def _effect_row(series: dict[str, Any], horizon: int) -> dict[str, Any]:
    (row,) = [
        r
        for r in series["effects"]
        if r["kind"] == "rate_ratio"
        and (r["measure"], r["area"], r["uncertain"]) == ("events", "scope", "excluded")
        and not r["volume_adjusted"]
        and r["horizon_days"] == horizon
    ]
    return row


# -- the API ------------------------------------------------------------------------------------


def test_series_says_what_it_counts_and_how_many_were_left_out(with_unlocated: Served) -> None:
    series = _series(with_unlocated, AGREEMENT)
    assert series["counted"] == COUNTED
    assert [h["horizon_days"] for h in series["headlines"]] == [7, 14, 28]
    week = _headline(series, 7)
    # before: e01, e02; during (27 Feb - 4 Mar): e03, e04, e07; apart: e06 (IS); left out: u1, u2
    assert (week["before"]["events"], week["during"]["events"]) == (2, 3)
    assert week["during"]["excluded"] == 1 and week["during"]["uncertain"] == 0
    assert (week["during"]["coarser"], week["during"]["mostly_outside"]) == (1, 1)
    assert week["during"]["left_out"] == 2 and week["before"]["left_out"] == 0
    effect = _effect_row(series, 7)
    assert (effect["before"], effect["during"]) == (2, 3)
    # the daily lists add up to the same numbers over the same days
    start = series["days"].index(series["start_day"])
    days = slice(start, start + 7)
    assert sum(series["scope_events"][days]) == 3
    assert sum(series["scope_excluded"][days]) == 1
    assert sum(series["scope_coarser"][days]) == sum(series["scope_mostly_outside"][days]) == 1


def test_series_schema_publishes_the_left_out_counts(client: httpx.Client) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    answer = schemas["SeriesAnswer"]["properties"]
    for name in ("counted", "headlines", "scope_excluded", "scope_coarser", "scope_mostly_outside"):
        assert name in answer, name
    period = schemas["PeriodCounts"]["properties"]
    for name in ("events", "uncertain", "excluded", "coarser", "mostly_outside", "left_out"):
        assert name in period, name
    assert "whole province or country" in period["coarser"]["description"]


@pytest.mark.shared_data
def test_series_of_the_coh_on_ucdp_2016_is_the_count_of_summary_and_effect(real: Served) -> None:
    series = _series(real, COH)
    assert series["verdicts"] == "stored"
    head = _headline(series, 28)
    before, during = head["before"], head["during"]
    assert (before["events"], during["events"]) == (261, 144)
    effect = _effect_row(series, 28)
    assert (effect["before"], effect["during"]) == (261, 144)
    with Store.open(real.db, read_only=True) as store:
        (coh,) = [a for a in load_agreements(store) if a.id == COH]
        (summary,) = summarize(store, [coh])
    assert summary.horizon_days == 28
    assert (summary.events_before, summary.events_during) == (261, 144)
    assert (summary.deaths_before, summary.deaths_during) == (
        before["deaths_best"],
        during["deaths_best"],
    )
    assert summary.events_uncertain == before["uncertain"] + during["uncertain"] == 100
    assert (summary.excluded_before, summary.excluded_during) == (145, 233)
    assert (before["excluded"], during["excluded"]) == (145, 233)
    assert (summary.coarser_before, summary.coarser_during) == (before["coarser"], 2)
    assert (summary.mostly_outside_before, summary.mostly_outside_during) == (
        before["mostly_outside"],
        during["mostly_outside"],
    )
    assert (before["left_out"], during["left_out"]) == (18, 18)


# -- in the browser -----------------------------------------------------------------------------


@pytest.fixture
def opened(browser: Any) -> Iterator[Any]:
    """``opened(served, query)``: the page once its markers and agreement panel are drawn."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    errors: list[str] = []

    def opening(served: Served, query: str = "") -> Any:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
        page.goto(f"{served.url}/?{query}")
        page.wait_for_selector("body[data-state=ready]", timeout=scaled_ms(30_000))
        page.wait_for_selector("#agreement-panel[data-state=ready]", timeout=scaled_ms(30_000))
        return page

    yield opening
    context.close()
    assert not errors, errors


def _cells(page: Any, horizon: int) -> dict[str, str]:
    row = page.locator(f'#left-out tr[data-horizon="{horizon}"]')
    return {
        name: row.locator(f"td.{name}").inner_text()
        for name in ("counted", "uncertain", "excluded", "unlocated")
    }


def test_panel_says_what_it_counts_and_how_many_were_left_out(
    opened: Any, with_unlocated: Served, tmp_path: Path
) -> None:
    page = opened(with_unlocated)
    assert page.locator("#counted").inner_text() == f"Counted in the scope: {COUNTED}."
    assert _cells(page, 7) == {
        "counted": "2 → 3",
        "uncertain": "0 → 0",
        "excluded": "0 → 1",
        "unlocated": "0 → 2",
    }
    why = page.locator("#left-out-why").inner_text()
    assert "excluded groups = a side is a group the truce excludes" in why
    assert "unlocated = left out, the event cannot be placed in the scope" in why
    assert (
        "(28 days: 0 → 1 located too coarsely for it" in why and "0 → 1 mostly outside it)" in why
    )
    shot = tmp_path / "dashboard-counts.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")


def test_unlocated_events_have_their_colour_and_legend_entry(
    opened: Any, with_unlocated: Served
) -> None:
    page = opened(with_unlocated)
    assert page.locator("path.tw-marker").count() == len(KINDS) + 2
    markers = page.locator("path.tw-kind-unlocated")
    assert markers.count() == 2
    ids = {markers.nth(i).get_attribute("data-event-id") for i in range(2)}
    assert ids == {"dashtest:u1", "dashtest:u2"}
    assert {markers.nth(i).get_attribute("fill") for i in range(2)} == {"#c7b99a"}
    label = page.locator("#kinds label", has=page.locator('input[value="unlocated"]'))
    assert label.inner_text() == "unlocated (not placed in the scope)"
    swatch = label.locator(".swatch").evaluate("s => getComputedStyle(s).backgroundColor")
    assert swatch == UNLOCATED_COLOUR
    page.uncheck('#kinds input[value="unlocated"]')
    assert page.locator("path.tw-kind-unlocated").count() == 0
    assert page.get_attribute("#status", "data-count") == str(len(KINDS))


@pytest.mark.shared_data
@pytest.mark.slow
def test_panel_shows_the_coh_count_of_summary_and_effect_on_ucdp_2016(
    opened: Any, real: Served, tmp_path: Path
) -> None:
    page = opened(real, f"agreement={COH}")
    assert _cells(page, 28) == {
        "counted": "261 → 144",
        "uncertain": "55 → 45",
        "excluded": "145 → 233",
        "unlocated": "18 → 18",
    }
    effect = page.locator('#effects tr[data-area="scope"][data-horizon="28"] td').all_inner_texts()
    assert effect[:4] == ["28", "scope", "261", "144"]
    assert COUNTED in page.locator("#counted").inner_text()
    why = page.locator("#left-out-why").inner_text()
    assert "(28 days: 2 → 2 located too coarsely for it" in why
    assert "16 → 16 mostly outside it)" in why
    unlocated = page.locator("path.tw-kind-unlocated")
    assert unlocated.count() > 0
    assert unlocated.first.get_attribute("fill") == "#c7b99a"
    shot = tmp_path / "dashboard-coh-counts.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
