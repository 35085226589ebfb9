"""Stored verdicts read back: codes from the store, parties and explanation rendered on read.

The store keeps a verdict as codes (:mod:`trucewatch.store.verdicts`). Reading one renders what
is not stored — both sides' judgements and the one-line explanation — from the codes, the event
and the agreement's window, with the same parts and templates as
:func:`~trucewatch.verdicts.build.build_verdicts` (so the text is the one ``judge`` gives).
The side judgements are recomputed by the rules and must match the stored statuses: a
mismatch means the agreement changed since its windows were judged (an update re-judges them).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

import pyarrow as pa

from trucewatch.catalog import load_agreements
from trucewatch.errors import StoreError
from trucewatch.model.agreement import Agreement
from trucewatch.model.event import Event
from trucewatch.model.verdict import Space, TimeRelation, Verdict, VerdictKind
from trucewatch.store import Store
from trucewatch.store.rows import paused_gc
from trucewatch.store.verdict_reads import (
    code_listing,
    listing_columns,
    listing_columns_of,
)
from trucewatch.store.verdicts import VERDICT_COLUMNS
from trucewatch.verdicts.build import VerdictBuilder, window_list
from trucewatch.verdicts.render_columns import ColumnRenderer, side_record
from trucewatch.verdicts.render_csv import CsvRenderer

__all__ = [
    "explain_columns",
    "explanations",
    "iter_verdict_csv",
    "iter_verdict_records",
    "record",
    "render_records",
    "render_rows",
    "stored_verdicts",
    "verdict_records",
]


def render_rows(
    rows: Sequence[dict[str, Any]], events: dict[str, Event], agreements: Sequence[Agreement]
) -> list[Verdict]:
    """:class:`Verdict` objects for stored rows (the columns of the view ``verdicts``).

    ``events`` must hold every row's event, ``agreements`` every row's agreement.
    """
    ordered = list(events.values())
    position = {e.event_id: i for i, e in enumerate(ordered)}
    b = VerdictBuilder(ordered, agreements)
    window_of = {(a.id, w.id): i for i, (a, w) in enumerate(window_list(agreements))}
    out = []
    for row in rows:
        key = (row["agreement_id"], row["window_id"])
        w = window_of.get(key)
        if w is None:
            raise StoreError(
                f"verdicts of window {key[1]!r} of agreement {key[0]!r} are stored, but the "
                "agreement has no such window now: bring the verdicts up to date "
                "(trucewatch verdicts, or POST /verdicts/refresh)"
            )
        e = position[row["event_id"]]
        event = ordered[e]
        agreement, window = b.windows[w]
        bundle = b.sides(e, agreement)
        sides = bundle.judgements
        stored = (row["side_a_status"], row["side_b_status"])
        if (sides[0].status.value, sides[1].status.value) != stored:
            raise StoreError(
                f"the stored verdict of {event.event_id} in {key[0]}/{key[1]} has sides "
                f"{stored}, the agreement as stored now gives "
                f"{(sides[0].status.value, sides[1].status.value)}: it changed since the "
                "window was judged; bring the verdicts up to date (trucewatch verdicts)"
            )
        kind, space, time = (
            VerdictKind(row["verdict"]),
            Space(row["space"]),
            TimeRelation(row["time"]),
        )
        distance, share = row["distance_km"], row["share_inside"]
        text = b.explanation(e, w, kind, space, time, distance, share, bundle)
        out.append(
            Verdict(
                event_id=event.event_id,
                agreement_id=agreement.id,
                window_id=window.id,
                verdict=kind,
                space=space,
                time=time,
                parties=sides,
                reasons=tuple(row["reasons"]),
                explanation=text,
                distance_km=distance,
                share_inside=share,
                contested_with=tuple(row["contested_with"]),
                rules_version=row["rules_version"],
            )
        )
    return out


def _agreements(store: Store, agreements: Sequence[Agreement] | None) -> Sequence[Agreement]:
    return load_agreements(store) if agreements is None else agreements


def stored_verdicts(
    store: Store,
    agreements: Sequence[Agreement] | None = None,
    *,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    event_id: str | None = None,
) -> list[Verdict]:
    """The stored verdicts matching the filter, as :class:`Verdict` objects, in the order of
    :func:`~trucewatch.store.verdicts.read_verdicts`. ``agreements``: as stored when None."""
    with paused_gc():
        rows = store.verdict_code_rows(agreement_ids=agreement_ids, kinds=kinds, event_id=event_id)
        events = store.events_by_id(sorted({r["event_id"] for r in rows}))
        return render_rows(rows, events, _agreements(store, agreements))


def verdict_records(
    store: Store,
    agreements: Sequence[Agreement] | None = None,
    *,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    event_id: str | None = None,
) -> list[dict[str, Any]]:
    """The stored verdicts as rows (the fields of
    :data:`~trucewatch.store.verdicts.VERDICT_COLUMNS`, parties as JSON text, with the event's
    lon, lat and time_start), the rows every listing reads."""
    renderer = ColumnRenderer(_agreements(store, agreements))
    with paused_gc():
        return [
            r
            for columns in listing_columns(
                store, agreement_ids=agreement_ids, kinds=kinds, event_id=event_id
            )
            for r in renderer.records(columns)
        ]


def explanations(
    store: Store, keys: Sequence[tuple[str, str, str]]
) -> dict[tuple[str, str, str], str]:
    """(event_id, agreement_id, window_id) -> the explanation of that stored verdict (a key
    not stored is left out). Rendered from the verdicts' and events' columns
    (:class:`~trucewatch.verdicts.render_columns.ColumnRenderer`, the text
    :func:`render_rows` gives), without an Event object: the alert queue asks this for every
    alert it queues."""
    listed = listing_columns_of(store, sorted(set(keys)))
    if not listed[0]:
        return {}
    with paused_gc():  # many long-lived objects: the collector would rescan them
        records = ColumnRenderer(_agreements(store, None)).records(listed)
    return {(r["event_id"], r["agreement_id"], r["window_id"]): r["explanation"] for r in records}


def explain_columns(store: Store, columns: Sequence[Sequence[Any]]) -> list[str]:
    """The explanations of verdicts given as the columns of
    :data:`~trucewatch.store.verdicts.LISTING_COLUMNS` (as the alert queue reads them), in
    their order, rendered with the agreements as stored (the text :func:`render_rows`
    gives)."""
    with paused_gc():  # many long-lived objects: the collector would rescan them
        records = ColumnRenderer(_agreements(store, None)).records(columns)
    return [r["explanation"] for r in records]


def iter_verdict_records(
    store: Store,
    agreements: Sequence[Agreement] | None = None,
    *,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    chunk: int = 50_000,
    min_confidence: float | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """:func:`verdict_records` in lists of at most ``chunk`` (for listings of any size);
    ``min_confidence``: events read from text with a lower extraction confidence left out."""
    renderer = ColumnRenderer(_agreements(store, agreements))
    listing = listing_columns(
        store, agreement_ids=agreement_ids, kinds=kinds, chunk=chunk, min_confidence=min_confidence
    )
    while True:
        with paused_gc():  # many long-lived objects: the collector would rescan them
            columns = next(listing, None)
            if columns is None:
                return
            records = renderer.records(columns)
        yield records


def iter_verdict_csv(
    store: Store,
    agreements: Sequence[Agreement] | None = None,
    *,
    agreement_ids: Sequence[str] = (),
    kinds: Sequence[str] = (),
    chunk: int = 100_000,
    min_confidence: float | None = None,
) -> Iterator[tuple[pa.Buffer, int]]:
    """The stored verdicts matching the filter (checked first) as CSV lines in UTF-8, the
    columns of :data:`~trucewatch.store.verdicts.CSV_COLUMNS` without the header, in
    the order of :func:`iter_verdict_records`: (lines, how many) for at most ``chunk``
    verdicts at a time. The bytes are those :func:`~trucewatch.verdicts.csv_columns.csv_lines`
    gives for :func:`iter_verdict_records`' records, rendered from columns
    (:mod:`trucewatch.verdicts.render_csv`)."""
    renderer = CsvRenderer(_agreements(store, agreements))
    batches = code_listing(
        store, agreement_ids=agreement_ids, kinds=kinds, chunk=chunk, min_confidence=min_confidence
    )
    for batch in batches:
        yield renderer.lines(batch), batch.num_rows


def render_records(
    store: Store, rows: Sequence[dict[str, Any]], agreements: Sequence[Agreement] | None = None
) -> list[dict[str, Any]]:
    """Rows read from the view ``verdicts`` (:data:`~trucewatch.store.verdicts.CODE_COLUMNS`,
    maybe with the event's lon, lat, time_start) as verdict records with parties and
    explanation rendered."""
    if not rows:
        return []
    keys = [(r["event_id"], r["agreement_id"], r["window_id"]) for r in rows]
    listed = listing_columns_of(store, keys)
    if len(listed[0]) != len(rows):
        found = set(zip(*listed[:3], strict=True))
        gone = [k for k in keys if k not in found]
        raise StoreError(
            f"{len(gone)} verdicts read are no longer stored (first {gone[0]}): the store "
            "changed while they were read; read them again"
        )
    with paused_gc():  # many long-lived objects: the collector would rescan them again and again
        rendered = ColumnRenderer(_agreements(store, agreements)).records(listed)
    out = []
    for row, r in zip(rows, rendered, strict=True):
        one = {c: r[c] for c in VERDICT_COLUMNS}
        for c in ("lon", "lat", "time_start"):
            if c in row:
                one[c] = row[c]
        out.append(one)
    return out


def record(row: dict[str, Any], verdict: Verdict) -> dict[str, Any]:
    """A stored row with its rendered parties (JSON text) and explanation."""
    rendered = {
        "parties": json.dumps([side_record(s) for s in verdict.parties], ensure_ascii=False),
        "explanation": verdict.explanation,
    }
    out = {c: rendered[c] if c in rendered else row[c] for c in VERDICT_COLUMNS}
    for c in ("lon", "lat", "time_start"):
        if c in row:
            out[c] = row[c]
    return out
