"""Events read from news articles in the alerts, the verdict listings and the event queries:
their explanation says so, a subscription's ``min_confidence`` leaves out the weaker ones, and
``min_confidence`` filters every listing; coded rows always stay (docs/verdicts.md, "Events
read from news articles")."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from alerts_fixture import make_event

from live_server import fill_store
from trucewatch.errors import ValidationError
from trucewatch.model import Event
from trucewatch.publish.alerts import queue_alerts, subscribe
from trucewatch.store import EventQuery, Store
from trucewatch.store.outbox import outbox_rows
from trucewatch.store.subscriptions import list_subscriptions
from trucewatch.verdicts.explain import FROM_NEWS
from trucewatch.verdicts.stored import iter_verdict_csv, iter_verdict_records

N = 30


def _event(i: int) -> Event:
    """Every third event as if read from a news article: confidence 0.15, 0.45 or 0.85."""
    event = make_event(i, label="mixed")
    if i % 3:
        return event
    confidence = (0.15, 0.45, 0.85)[(i // 3) % 3]
    return replace(event, confidence=confidence, guessed=("place",) if confidence < 0.5 else ())


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mixed") / "mixed.duckdb"
    with Store.open(path) as store:
        fill_store(store, [_event(i) for i in range(N)], label="mixed", adapter="mixed.v1")
    return path


def _records(store: Store, **options: object) -> list[dict]:
    return [r for chunk in iter_verdict_records(store, **options) for r in chunk]  # type: ignore[arg-type]


def test_confidence_event_queries_keep_coded_rows_and_strong_news_events(mixed: Path) -> None:
    events = {e.event_id: e for e in map(_event, range(N))}
    with Store.open(mixed, read_only=True) as store:
        every = store.count_events(EventQuery())
        strong = {e.event_id for e in store.iter_events(EventQuery(min_confidence=0.5))}
    assert every == N
    assert strong == {i for i, e in events.items() if e.confidence is None or e.confidence >= 0.5}
    assert len(strong) < N


def test_confidence_out_of_range_is_an_error() -> None:
    with pytest.raises(ValidationError, match=r"min_confidence 1.5 must be a number in \[0, 1\]"):
        EventQuery(min_confidence=1.5)


def test_confidence_verdict_listings_filter_and_say_so(mixed: Path) -> None:
    with Store.open(mixed, read_only=True) as store:
        every = _records(store)
        strong = _records(store, min_confidence=0.5)
        csv = b"".join(b.to_pybytes() for b, _ in iter_verdict_csv(store, min_confidence=0.5))
        weak = {e.event_id for e in store.iter_events() if (e.confidence or 1) < 0.5}
    news = [r for r in every if FROM_NEWS in r["explanation"]]
    assert news and len(news) < len(every)
    assert {r["event_id"] for r in every} - {r["event_id"] for r in strong} == weak & {
        r["event_id"] for r in every
    }
    assert not any(r["event_id"] in weak for r in strong)
    assert len(csv.decode().splitlines()) == len(strong)
    assert "place guessed." in " ".join(r["explanation"] for r in every)


def test_confidence_a_subscription_leaves_out_weaker_news_events(
    mixed: Path, tmp_path: Path
) -> None:
    db = tmp_path / "s.duckdb"
    db.write_bytes(mixed.read_bytes())
    with Store.open(db) as store:
        every = subscribe(
            store, name="all", channel="email", target="a@b.org", include_existing=True
        )
        strong = subscribe(
            store,
            name="strong",
            channel="email",
            target="c@d.org",
            include_existing=True,
            min_confidence=0.5,
        )
        assert queue_alerts(store) > 0
        rows = outbox_rows(store, limit=None)
        listed = {s.subscription_id: s.min_confidence for s in list_subscriptions(store)}
    by_sub: dict[str, list] = {every.subscription_id: [], strong.subscription_id: []}
    for row in rows:
        by_sub[row.subscription_id].append(row)
    confidences = [r.payload["confidence"] for r in by_sub[every.subscription_id]]
    assert None in confidences and 0.15 in confidences
    assert all(
        c is None or c >= 0.5
        for c in (r.payload["confidence"] for r in by_sub[strong.subscription_id])
    )
    assert len(by_sub[strong.subscription_id]) < len(by_sub[every.subscription_id])
    for row in by_sub[every.subscription_id]:
        said = FROM_NEWS in row.payload["explanation"]
        assert said == (row.payload["confidence"] is not None)
    assert listed == {every.subscription_id: None, strong.subscription_id: 0.5}
