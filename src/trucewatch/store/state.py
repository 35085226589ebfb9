"""A token of what a store holds, for caches kept outside it (the API's answers).

Another process may write the store between two requests of a server, so an answer cached
in memory is valid only for the store state it was computed from. :func:`state_token` changes
whenever events are added (their count and the latest ingest), an agreement gets a new version
(the versions stored and their digests), boundary units are loaded or replaced (their count and
a hash of every unit), verdicts are written (their count and the latest computed_at) or a
setting changes (a hash of every setting: the location threshold changes answers judged in
memory before any verdict is written again) or events are edited or deleted at the source (the
changes logged).
Reading it costs a few milliseconds (the boundary hash reads every geometry), which is nothing
beside the answers cached on it (effects, reports).
"""

from __future__ import annotations

from typing import Any

import duckdb

__all__ = ["state_token"]

_TOKEN = """
SELECT
    (SELECT count(*) FROM events),
    (SELECT coalesce(max(ingest_id), 0) FROM ingests),
    (SELECT count(*) FROM agreements),
    (SELECT coalesce(sum(hash(agreement_id, version, sha256)), 0) FROM agreements),
    (SELECT count(*) FROM boundary_units),
    (SELECT coalesce(sum(hash(layer, code, parent, names, wkb)), 0) FROM boundary_units),
    (SELECT count(*) FROM verdict_codes),
    (SELECT coalesce(epoch_us(max(computed_at)), 0) FROM verdict_codes),
    (SELECT coalesce(sum(hash(name, value)), 0) FROM settings),
    (SELECT count(*) FROM event_changes)
"""


def state_token(conn: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """The store's state as a tuple of numbers: equal tokens, equal content for every
    answer the API caches (see the module docstring)."""
    rows = conn.execute(_TOKEN).fetchall()  # whole: a result left open blocks register()
    return tuple(int(v) for v in rows[0]) if rows else ()
