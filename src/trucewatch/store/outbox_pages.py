"""A page of the alert outbox and how many rows match in all (GET /alerts), over
:mod:`trucewatch.store.outbox`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from trucewatch.store.outbox import OutboxRow, outbox_rows, outbox_total

if TYPE_CHECKING:
    from trucewatch.store.store import Store

__all__ = ["OutboxPage", "outbox_page"]


@dataclass(frozen=True)
class OutboxPage:
    """Outbox rows from position ``offset`` of the filter's order (oldest first), and
    ``total`` rows matching the filter."""

    rows: tuple[OutboxRow, ...]
    total: int
    offset: int

    @property
    def truncated(self) -> bool:
        """More rows match than this page and the ones before it hold."""
        return self.offset + len(self.rows) < self.total


def outbox_page(
    store: Store,
    *,
    subscription_id: str | None = None,
    statuses: Sequence[str] = (),
    limit: int,
    offset: int = 0,
) -> OutboxPage:
    """At most ``limit`` outbox rows of one subscription (or all) in some states (or all),
    from ``offset`` on; an unknown subscription id or state is an error, never an empty page."""
    conn = store.conn
    total = outbox_total(conn, subscription_id=subscription_id, statuses=statuses)
    rows = outbox_rows(
        conn, subscription_id=subscription_id, statuses=statuses, limit=limit, offset=offset
    )
    return OutboxPage(tuple(rows), total, offset)
