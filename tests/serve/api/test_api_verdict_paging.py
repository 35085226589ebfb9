"""Pages of /verdicts from the cached verdict order equal slices of read_verdicts, always fresh."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from live_server import day_event, fill_store
from trucewatch.catalog import load_agreements
from trucewatch.errors import NotFoundError, ValidationError
from trucewatch.model import Event, Fatalities
from trucewatch.serve.api.pages import verdict_page
from trucewatch.store import Store
from trucewatch.store.verdict_pages import VerdictOrder, read_slice, verdict_order, verdict_state
from trucewatch.verdicts.stored import verdict_records
from trucewatch.verdicts.update import update_verdicts

COH = "syria-coh-2016"
ALEPPO = "aleppo-calm-2016-05"
# (label, agreements, kinds): each a filter of GET /verdicts
FILTERS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("all", (), ()),
    ("one agreement", (COH,), ()),
    ("two agreements", (ALEPPO, COH), ()),
    ("one kind", (), ("violation",)),
    ("agreement and kinds", (COH, ALEPPO), ("possible_violation", "not_covered", "violation")),
    ("no match", (COH,), ("outside_scope",)),
]


def _event(serial: int, batch: str = "a") -> Event:
    """Events in Aleppo and Damascus, many on the same day (ties on the start), around the
    cessation of hostilities (26 Feb 2016) and the Aleppo calm (4 May 2016)."""
    first = date(2016, 2, 20) if serial % 2 else date(2016, 4, 30)
    day = first + timedelta(days=(serial * 5) % 11)
    aleppo = serial % 3 != 0
    return day_event(
        "vpage",
        f"{batch}{(serial * 7919) % 997:03d}-{serial}",
        day,
        36.2 + serial % 4 * 0.001 if aleppo else 33.51,
        37.16 if aleppo else 36.29,
        place="Aleppo" if aleppo else "Damascus",
        event_type="remote.airstrike" if serial % 2 else "battle.armed_clash",
        side_b="IS" if serial % 5 == 0 else "Syrian insurgents",
        fatalities=Fatalities(low=0, best=1, high=2),
    )


def _new_store(path: Path, n: int) -> Store:
    store = Store.open(path)
    fill_store(store, [_event(i) for i in range(n)], label="vpage a", adapter="vpage.v1")
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with _new_store(tmp_path_factory.mktemp("vpage") / "v.duckdb", 40) as s:
        yield s


def _expected(
    store: Store,
    agreements: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    event_id: str | None = None,
) -> list[dict[str, Any]]:
    """The stored verdicts' records as the API shows them (UTC ISO times, parties parsed)."""
    rows = verdict_records(store, agreement_ids=agreements, kinds=kinds, event_id=event_id)
    for row in rows:
        row["time_start"] = row["time_start"].isoformat()
        row["parties"] = json.loads(row["parties"])
    return rows


def _page(
    store: Store,
    agreements: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    *,
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
    )


def test_the_store_has_verdicts_of_several_kinds_and_ties_on_the_start(store: Store) -> None:
    rows = _expected(store)
    assert len(rows) > 40
    assert len({r["verdict"] for r in rows}) >= 3
    assert len({r["agreement_id"] for r in rows}) >= 2
    starts = [(r["agreement_id"], r["time_start"]) for r in rows]
    assert len(set(starts)) < len(starts)  # same start, ordered by event id


@pytest.mark.parametrize("limit", [1, 7, 100])
@pytest.mark.parametrize(("label", "agreements", "kinds"), FILTERS)
def test_every_offset_page_is_the_slice_of_read_verdicts(
    store: Store, label: str, agreements: tuple[str, ...], kinds: tuple[str, ...], limit: int
) -> None:
    expected = _expected(store, agreements, kinds)
    for offset in range(0, len(expected) + 2):
        page = _page(store, agreements, kinds, limit=limit, offset=offset)
        assert page["total"] == len(expected), label
        assert page["items"] == expected[offset : offset + limit], (label, offset)


@pytest.mark.parametrize("first_rows", [2, 5])
@pytest.mark.parametrize(("label", "agreements", "kinds"), FILTERS)
def test_pages_read_from_the_first_rows_alone_are_the_slices_of_read_verdicts(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    first_rows: int,
    label: str,
    agreements: tuple[str, ...],
    kinds: tuple[str, ...],
) -> None:
    """A page within the first FIRST_ROWS verdicts, the whole order not cached: read from
    the first rows alone (for one agreement, those of the earliest events), the same page."""
    from trucewatch.store import verdict_pages

    monkeypatch.setattr(verdict_pages, "FIRST_ROWS", first_rows)
    expected = _expected(store, agreements, kinds)
    for offset in range(first_rows):
        store.cache.clear()  # no order cached
        page = _page(store, agreements, kinds, limit=first_rows - offset, offset=offset)
        assert page["total"] == len(expected), label
        assert page["items"] == expected[offset:first_rows], (label, offset)
    store.cache.clear()
    order = verdict_order(store, agreements, kinds, state=verdict_state(store), stop=first_rows)
    assert len(order) == min(first_rows, len(expected)) and order.total == len(expected)
    store.cache.clear()


def test_the_no_match_filter_matches_nothing(store: Store) -> None:
    assert _expected(store, (COH,), ("outside_scope",)) == []


@pytest.mark.parametrize(
    ("agreements", "kinds", "event_id", "error", "guess"),
    [
        (("syria-coh",), (), None, NotFoundError, "did you mean syria-coh-2016?"),
        ((), ("violations",), None, ValidationError, "did you mean violation or"),
        ((), (), "vpage:nope", NotFoundError, "no event 'vpage:nope'"),
    ],
)
def test_a_verdict_page_of_an_unknown_agreement_kind_or_event_is_an_error(
    store: Store,
    agreements: tuple[str, ...],
    kinds: tuple[str, ...],
    event_id: str | None,
    error: type[Exception],
    guess: str,
) -> None:
    with pytest.raises(error, match=re.escape(guess)):
        _page(store, agreements, kinds, event_id=event_id)
    with pytest.raises(error, match=re.escape(guess)):
        _expected(store, agreements, kinds, event_id)


def test_the_verdicts_of_one_event_are_those_read_verdicts_gives(store: Store) -> None:
    event_id = _expected(store, (ALEPPO,))[0]["event_id"]
    expected = _expected(store, event_id=event_id)
    page = _page(store, event_id=event_id, limit=10)
    assert len(expected) >= 2 and page["total"] == len(expected)
    assert page["items"] == expected


def test_new_events_and_their_verdicts_show_in_the_next_page(tmp_path: Path) -> None:
    with _new_store(tmp_path / "grow.duckdb", 12) as s:
        before = _page(s)
        assert before["items"] == _expected(s) and before["total"] == len(before["items"])
        s.ingest_events([_event(i, "b") for i in range(9)], label="vpage b", adapter="vpage.v1")
        assert _page(s)["items"] == _expected(s)  # new events, no verdicts for them yet
        update_verdicts(s, load_agreements(s))
        after = _page(s)
        assert after["total"] > before["total"]
        assert after["items"] == _expected(s)


def test_verdicts_of_a_newly_judged_agreement_show_in_the_next_page(tmp_path: Path) -> None:
    """No new events (the events' state is the same): the verdicts' own state must change."""
    with _new_store(tmp_path / "judge.duckdb", 12) as s:
        agreements = load_agreements(s)
        update_verdicts(s, [a for a in agreements if a.id != ALEPPO])
        before = _page(s)
        assert all(v["agreement_id"] != ALEPPO for v in before["items"])
        update_verdicts(s, agreements)
        after = _page(s)
        assert after["total"] > before["total"]
        assert after["items"] == _expected(s) and after["total"] == len(after["items"])


def test_dropped_verdicts_leave_the_next_page(tmp_path: Path) -> None:
    with _new_store(tmp_path / "prune.duckdb", 12) as s:
        assert any(v["agreement_id"] == ALEPPO for v in _page(s)["items"])
        update_verdicts(s, [a for a in load_agreements(s) if a.id != ALEPPO])
        page = _page(s)
        assert page["items"] == _expected(s) and page["total"] == len(page["items"])
        assert all(v["agreement_id"] != ALEPPO for v in page["items"])


def test_rows_moved_without_a_visible_change_are_read_again(tmp_path: Path) -> None:
    """Deleting rows and inserting them back unchanged (same count, same computed_at) gives
    them new row ids with no change to the store state: the page is read again from a rebuilt
    order."""
    with _new_store(tmp_path / "moved.duckdb", 12) as s:
        first = _page(s, limit=5, offset=3)
        state = verdict_state(s)
        stale = verdict_order(s, state=state)
        conn = s.conn
        conn.execute("BEGIN TRANSACTION")
        coh = "window_no IN (SELECT window_no FROM verdict_window_numbers WHERE agreement_id = ?)"
        conn.execute(f"CREATE TEMP TABLE moved AS SELECT * FROM verdict_codes WHERE {coh}", [COH])
        conn.execute(f"DELETE FROM verdict_codes WHERE {coh}", [COH])
        conn.execute("INSERT INTO verdict_codes SELECT * FROM moved")
        conn.execute("COMMIT")
        assert verdict_state(s) == state
        assert read_slice(s, stale, 0, len(stale)) is None
        assert _page(s, limit=5, offset=3) == first
        assert _page(s)["items"] == _expected(s)


def test_row_ids_pointing_at_other_rows_are_caught_by_the_key_hashes(store: Store) -> None:
    """A checkpoint that vacuums deleted rows moves rows to other row ids (every id still a
    row, but another one): two swapped row ids stand for that here."""
    order = verdict_order(store, state=verdict_state(store))
    assert read_slice(store, order, 0, 10) is not None
    swapped = order.verdict_rows.copy()
    swapped[[2, 7]] = swapped[[7, 2]]
    moved = VerdictOrder(swapped, order.event_rows, order.key_hashes)
    assert read_slice(store, moved, 0, 10) is None
    assert read_slice(store, moved, 8, 20) is not None  # the rows after are still right


def test_http_verdict_pages_walk_the_whole_filtered_list(client: httpx.Client) -> None:
    params: dict[str, Any] = {"agreement": [COH, ALEPPO], "kind": ["violation", "not_covered"]}
    seen: list[dict[str, Any]] = []
    total = None
    for offset in range(0, 200, 4):
        body = client.get("/verdicts", params={**params, "limit": 4, "offset": offset}).json()
        total = body["total"]
        seen += body["items"]
        if offset + 4 >= total:
            break
    assert total == len(seen) and total > 0
    keys = [(v["agreement_id"], v["time_start"], v["event_id"], v["window_id"]) for v in seen]
    assert keys == sorted(keys)
