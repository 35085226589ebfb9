"""One event id, two different records: conflicts are bad rows, never dropped as duplicates.

An event id (``ucdp_ged:318694``) names one record of its source. When a file holds the same id
twice with different content, or holds an id already stored with different content, one of the
two is wrong and trucewatch cannot tell which: the record already kept (the earlier line, or
the stored event) stays, the other is reported as a bad row naming the first field that differs,
and ``--strict`` refuses the file. Records that differ only in where they were read (file and
line) are the same record: a re-ingest is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.errors import RowError
from trucewatch.model.event import Event
from trucewatch.store.rows import EVENT_COLUMNS, EVENT_SCHEMA, event_to_row, row_to_event

__all__ = [
    "COMPARED_COLUMNS",
    "StoredDifference",
    "earlier_piece_conflicts",
    "file_conflicts",
    "stored_conflicts",
    "stored_differences",
    "table_conflicts",
]

#: the columns that make up a record's content: all but its id and where it was read
COMPARED_COLUMNS: tuple[str, ...] = tuple(
    c for c in EVENT_COLUMNS if c not in ("event_id", "prov_file", "prov_line")
)


def _content(event: Event) -> Event:
    return replace(event, provenance=replace(event.provenance, file=None, line=None))


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _first_difference(here: dict[str, Any], there: dict[str, Any]) -> str:
    return next((c for c in COMPARED_COLUMNS if here.get(c) != there.get(c)), "content")


def _differences(here: dict[str, Any], there: dict[str, Any]) -> list[str]:
    return [c for c in COMPARED_COLUMNS if here.get(c) != there.get(c)]


def file_conflicts(events: list[Event], file: str) -> tuple[list[Event], list[RowError]]:
    """``events`` without repeats, and a RowError for every repeat whose content differs.

    Exact repeats (same id, same content) are dropped silently here and counted as duplicates
    by the store; the first record of an id is the one kept.
    """
    first: dict[str, Event] = {}
    unique: list[Event] = []
    conflicts: list[RowError] = []
    for event in events:
        kept = first.get(event.event_id)
        if kept is None:  # (not ``is event``: the same Event object twice is a repeat)
            first[event.event_id] = event
            unique.append(event)
        elif _content(kept) != _content(event):
            conflicts.append(_file_conflict(event, kept, file))
    return unique, conflicts


def _file_conflict(event: Event, kept: Event, file: str) -> RowError:
    here, there = event_to_row(event), event_to_row(kept)
    column = _first_difference(here, there)
    return RowError(
        file=file,
        line=event.provenance.line or 0,
        field=column,
        value=_shown(here.get(column)),
        reason=(
            f"event id {event.event_id} appears again (first on line {kept.provenance.line}) "
            f"with different content ({column}: {_shown(there.get(column))} there, "
            f"{_shown(here.get(column))} here); the first is kept"
        ),
    )


@dataclass(frozen=True)
class StoredDifference:
    """An incoming record whose id is stored with other content: its id and line, the first
    column that differs, that column's value here and stored, the ingest that stored it, and
    every column that differs (``changed``: column, stored value, value here)."""

    event_id: str
    line: int
    column: str
    here: Any
    there: Any
    ingest_id: int
    changed: tuple[tuple[str, Any, Any], ...] = ()

    def as_row_error(self, file: str) -> RowError:
        """The bad row this difference is when edits are refused (the stored event kept)."""
        return RowError(
            file=file,
            line=self.line,
            field=self.column,
            value=_shown(self.here),
            reason=(
                f"event id {self.event_id} is already stored with different content "
                f"({self.column}: {_shown(self.there)} stored by ingest #{self.ingest_id}, "
                f"{_shown(self.here)} here); the stored event is kept"
            ),
        )

    @property
    def detail(self) -> str:
        """The change in a few words, for the log of changes (``event_changes.detail``): each
        column that changed, stored value -> new value."""
        changed = self.changed or ((self.column, self.there, self.here),)
        return "; ".join(f"{c}: {_shown(old)} -> {_shown(new)}" for c, old, new in changed) + (
            f" (stored by ingest #{self.ingest_id})"
        )


def stored_differences(
    conn: duckdb.DuckDBPyConnection, other_than: int | None = None
) -> list[StoredDifference]:
    """The rows of ``_tw_incoming`` (registered, each id once) whose id is stored with other
    content, in line order; run inside the writing transaction. With ``other_than``, events
    stored by that ingest are left out."""
    differs = " OR ".join(f"i.{c} IS DISTINCT FROM e.{c}" for c in COMPARED_COLUMNS)
    cols = ", ".join(f"i.{c}" for c in ("event_id", "prov_line", *COMPARED_COLUMNS))
    stored = ", ".join(f"e.{c}" for c in ("ingest_id", *COMPARED_COLUMNS))
    other = "" if other_than is None else f"AND e.ingest_id <> {int(other_than)}"
    rows = conn.execute(
        f"SELECT {cols}, {stored} FROM _tw_incoming i JOIN events e USING (event_id) "
        f"WHERE ({differs}) {other} ORDER BY i.prov_line"
    ).fetchall()
    width = len(COMPARED_COLUMNS)
    found: list[StoredDifference] = []
    for row in rows:
        here = dict(zip(COMPARED_COLUMNS, row[2 : 2 + width], strict=True))
        there = dict(zip(COMPARED_COLUMNS, row[3 + width :], strict=True))
        column = _first_difference(here, there)
        found.append(
            StoredDifference(
                str(row[0]),
                int(row[1] or 0),
                column,
                here.get(column),
                there.get(column),
                int(row[2 + width]),
                tuple((c, there.get(c), here.get(c)) for c in _differences(here, there)),
            )
        )
    return found


def stored_conflicts(
    conn: duckdb.DuckDBPyConnection, incoming: pa.Table, file: str, other_than: int | None = None
) -> tuple[set[str], list[RowError]]:
    """Ids of ``incoming`` (registered as ``_tw_incoming``) stored already with different
    content, and a RowError for each; run inside the writing transaction. With
    ``other_than``, events stored by that ingest are left out."""
    found = stored_differences(conn, other_than)
    return {d.event_id for d in found}, [d.as_row_error(file) for d in found]


def earlier_piece_conflicts(
    conn: duckdb.DuckDBPyConnection, rows: pa.Table, file: str, ingest_id: int
) -> tuple[set[str], int, list[RowError]]:
    """Rows of a piece of a file (``rows``, registered as ``_tw_incoming``, in record order,
    every occurrence, none written) whose id an earlier piece had: stored by this ingest
    (``ingest_id``) or kept in ``_tw_seen`` (first records whose id an earlier ingest stored).
    Their ids, how many repeat that first record exactly, and a RowError for each that
    differs, as :func:`file_conflicts` makes it (the earlier record is kept)."""
    cols = ", ".join(EVENT_COLUMNS)
    kept = conn.sql(
        f"SELECT {', '.join(f'e.{c}' for c in EVENT_COLUMNS)} FROM "
        f"(SELECT {cols} FROM events WHERE ingest_id = ? UNION ALL SELECT {cols} FROM _tw_seen) e "
        "WHERE e.event_id IN (SELECT event_id FROM _tw_incoming)",
        params=[ingest_id],
    ).to_arrow_table()
    if kept.num_rows == 0:
        return set(), 0, []
    firsts = {e.event_id: e for e in _events(kept.cast(EVENT_SCHEMA))}
    ids = pa.array(list(firsts), pa.string())
    events = _events(rows.filter(pc.is_in(rows.column("event_id"), value_set=ids)))
    conflicts = [
        _file_conflict(e, firsts[e.event_id], file)
        for e in events
        if _content(firsts[e.event_id]) != _content(e)
    ]
    return set(firsts), len(events) - len(conflicts), conflicts


def _events(table: pa.Table) -> list[Event]:
    return [row_to_event(row) for row in table.to_pylist()]


def table_conflicts(
    table: pa.Table, file: str, order: np.ndarray | None = None
) -> tuple[pa.Table, list[RowError], int]:
    """:func:`file_conflicts` for rows in a table, in record order (the table's, or ascending
    ``order`` keys): the rows without repeats, a RowError for every repeat whose content
    differs, and the number of exact repeats.

    Only the rows of repeated ids are turned into events (to compare them as
    :func:`file_conflicts` does).
    """
    if table.num_rows == 0 or len(pc.unique(table.column("event_id"))) == table.num_rows:
        return table, [], 0  # no id twice (the common case: one hash pass, no counts)
    counts = table.group_by("event_id").aggregate([("event_id", "count")])
    repeated = counts.filter(pc.greater(counts.column("event_id_count"), 1)).column("event_id")
    if len(repeated) == 0:
        return table, [], 0
    involved = np.flatnonzero(
        pc.is_in(table.column("event_id"), value_set=repeated.combine_chunks()).to_numpy(
            zero_copy_only=False
        )
    )
    if order is not None:
        involved = involved[np.argsort(order[involved], kind="stable")]
    events = [row_to_event(row) for row in table.take(pa.array(involved)).to_pylist()]
    unique, conflicts = file_conflicts(events, file)
    kept = {id(e) for e in unique}
    keep = np.ones(table.num_rows, dtype=bool)
    for position, event in zip(involved.tolist(), events, strict=True):
        if id(event) not in kept:
            keep[position] = False
    dropped = int(np.count_nonzero(~keep))
    return table.filter(pa.array(keep)), conflicts, dropped - len(conflicts)
