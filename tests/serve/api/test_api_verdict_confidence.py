"""``min_confidence`` on GET /verdicts: the verdicts of events read from news articles below it
are left out, those of coded rows kept, by the same filter as ``trucewatch verdicts
--min-confidence`` (pages from the cached order equal slices of that listing), and a value
outside [0, 1] is a 422 naming the parameter (real store, real server on 127.0.0.1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from live_server import day_event, fill_store, running
from machine import scaled
from trucewatch.errors import ValidationError
from trucewatch.model import Event, Fatalities
from trucewatch.serve.api import create_app
from trucewatch.serve.api.pages import verdict_page
from trucewatch.store import Store
from trucewatch.verdicts.stored import iter_verdict_records

COH = "syria-coh-2016"
#: the confidences given to the events read from news, in turn (None: a coded row)
CONFIDENCES = (None, 0.15, 0.4, None, 0.65, 0.9)
# (label, agreements, kinds): each a filter of GET /verdicts
FILTERS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("all", (), ()),
    ("one agreement", (COH,), ()),
    ("one kind", (), ("violation",)),
]


def _event(serial: int) -> Event:
    """Events in Aleppo and Damascus around the cessation of hostilities (26 Feb 2016): coded
    rows and events read from news articles of several confidences."""
    aleppo = serial % 3 != 0
    confidence = CONFIDENCES[serial % len(CONFIDENCES)]
    event = day_event(
        "news" if confidence is not None else "coded",
        f"{serial:03d}",
        date(2016, 2, 20) + timedelta(days=serial % 15),
        36.2 + serial % 4 * 0.001 if aleppo else 33.51,
        37.16 if aleppo else 36.29,
        place="Aleppo" if aleppo else "Damascus",
        event_type="remote.airstrike" if serial % 2 else "battle.armed_clash",
        side_b="IS" if serial % 5 == 0 else "Syrian insurgents",
        fatalities=Fatalities(low=0, best=1, high=2),
    )
    if confidence is None:
        return event
    return replace(event, confidence=confidence, guessed=("place",) if confidence < 0.5 else ())


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("vconf") / "v.duckdb"
    with Store.open(path) as s:
        fill_store(s, [_event(i) for i in range(36)], label="mixed", adapter="mixed.v1")
    return path


@pytest.fixture(scope="module")
def store(path: Path) -> Iterator[Store]:
    with Store.open(path, read_only=True) as s:
        yield s


def _listed(
    store: Store,
    agreements: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    min_confidence: float | None = None,
) -> list[dict[str, Any]]:
    """The verdicts ``trucewatch verdicts --min-confidence`` lists, as the API shows them."""
    rows = [
        r
        for chunk in iter_verdict_records(
            store, agreement_ids=agreements, kinds=kinds, min_confidence=min_confidence
        )
        for r in chunk
    ]
    for row in rows:
        row["time_start"] = row["time_start"].isoformat()
        row["parties"] = json.loads(row["parties"])
    return rows


def _page(
    store: Store,
    agreements: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    *,
    min_confidence: float | None,
    limit: int = 100,
    offset: int = 0,
    event_id: str | None = None,
) -> dict[str, Any]:
    return verdict_page(
        store,
        agreement_ids=agreements,
        kinds=kinds,
        event_id=event_id,
        limit=limit,
        offset=offset,
        min_confidence=min_confidence,
    )


def _confidence(store: Store, event_id: str) -> float | None:
    return store.event(event_id).confidence


def test_the_store_has_verdicts_of_coded_rows_and_of_news_events_of_each_confidence(
    store: Store,
) -> None:
    every = _listed(store)
    found = {_confidence(store, r["event_id"]) for r in every}
    assert found == set(CONFIDENCES)
    assert len({r["verdict"] for r in every}) >= 3


@pytest.mark.parametrize("min_confidence", [0.0, 0.4, 0.5, 1.0])
@pytest.mark.parametrize(("label", "agreements", "kinds"), FILTERS)
def test_every_page_above_a_confidence_is_the_slice_of_the_cli_listing(
    store: Store,
    label: str,
    agreements: tuple[str, ...],
    kinds: tuple[str, ...],
    min_confidence: float,
) -> None:
    every = _listed(store, agreements, kinds)
    expected = _listed(store, agreements, kinds, min_confidence)
    kept = [
        r for r in every if (c := _confidence(store, r["event_id"])) is None or c >= min_confidence
    ]
    assert expected == kept and expected, label
    for offset in range(0, len(expected) + 2, 5):
        page = _page(
            store, agreements, kinds, min_confidence=min_confidence, limit=7, offset=offset
        )
        assert page["total"] == len(expected), (label, offset)
        assert page["items"] == expected[offset : offset + 7], (label, offset)


@pytest.mark.parametrize(("label", "agreements", "kinds"), FILTERS)
def test_first_rows_pages_above_a_confidence_are_the_slices_of_the_cli_listing(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    label: str,
    agreements: tuple[str, ...],
    kinds: tuple[str, ...],
) -> None:
    """Pages read from the first rows alone (the whole order not cached; for one agreement,
    those of the earliest events) keep the filter too."""
    from trucewatch.store import verdict_pages

    monkeypatch.setattr(verdict_pages, "FIRST_ROWS", 4)
    expected = _listed(store, agreements, kinds, 0.5)
    assert len(expected) > 4
    for offset in range(4):
        store.cache.clear()
        page = _page(store, agreements, kinds, min_confidence=0.5, limit=4 - offset, offset=offset)
        assert page["total"] == len(expected), label
        assert page["items"] == expected[offset:4], (label, offset)
    store.cache.clear()


def test_the_verdicts_of_one_weak_news_event_are_left_out_above_its_confidence(
    store: Store,
) -> None:
    weak = next(r["event_id"] for r in _listed(store) if _confidence(store, r["event_id"]) == 0.15)
    assert _page(store, event_id=weak, min_confidence=None)["total"] >= 1
    assert _page(store, event_id=weak, min_confidence=0.15)["total"] >= 1
    assert _page(store, event_id=weak, min_confidence=0.2) == {
        "items": [],
        "total": 0,
        "limit": 100,
        "offset": 0,
        "truncated": False,
    }


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_a_confidence_outside_0_1_is_refused_by_the_library(store: Store, bad: float) -> None:
    with pytest.raises(ValidationError, match=r"min_confidence .* must be a number in \[0, 1\]"):
        _page(store, min_confidence=bad)


@pytest.fixture(scope="module")
def client(path: Path) -> Iterator[httpx.Client]:
    app = create_app(path, public_read=True, read_only=True)
    with running(app) as url, httpx.Client(base_url=url, timeout=scaled(30)) as c:
        yield c


def test_http_verdicts_above_a_confidence_are_those_the_cli_lists(
    client: httpx.Client, store: Store
) -> None:
    every = client.get("/verdicts", params={"limit": 1000}).json()
    strong = client.get("/verdicts", params={"limit": 1000, "min_confidence": 0.5}).json()
    assert every["items"] == _listed(store)
    assert strong["items"] == _listed(store, min_confidence=0.5)
    assert 0 < strong["total"] < every["total"]
    coded = [v for v in every["items"] if v["event_id"].startswith("coded:")]
    assert coded == [v for v in strong["items"] if v["event_id"].startswith("coded:")]
    coded_only = client.get("/verdicts", params={"agreement": COH, "min_confidence": 1}).json()
    assert coded_only["total"] == sum(v["agreement_id"] == COH for v in coded)
    assert all(v["event_id"].startswith("coded:") for v in coded_only["items"])


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2", "less than or equal to 1"),
        ("-0.5", "greater than or equal to 0"),
        ("nan", "finite number"),
        ("high", "valid number"),
    ],
)
def test_http_verdicts_refuse_a_confidence_outside_0_1_naming_the_parameter(
    client: httpx.Client, value: str, problem: str
) -> None:
    answer = client.get("/verdicts", params={"min_confidence": value})
    assert answer.status_code == 422
    body = answer.json()
    assert body["error"]["code"] == "invalid"
    assert body["error"]["message"].startswith("query.min_confidence: ")
    assert problem in body["error"]["message"]
