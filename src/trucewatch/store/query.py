"""Which events to read: :class:`EventQuery`, validated at construction, and its SQL filter.

Actors are matched as whole names (docs/store.md, "Actor filters"): ``actor="IS"`` matches a
side named "IS" (or "Islamic State", "ISIS"... when those are given as its aliases, as
:func:`actor_names` finds them in the agreements), never "Jaysh al-Islam"; ``actor_contains``
is the plain substring match.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb

from trucewatch.errors import NotFoundError, TrucewatchError, ValidationError
from trucewatch.model.agreement import Agreement, normalize_name
from trucewatch.model.taxonomy import EVENT_TYPES
from trucewatch.model.time import to_utc
from trucewatch.store.connect import Db, conn_of
from trucewatch.suggest import close_matches, unknown

__all__ = [
    "EventQuery",
    "actor_guesses",
    "actor_names",
    "check_event_id",
    "check_min_confidence",
    "check_sources",
    "confidence_clause",
    "matching_sides",
    "name_keys",
    "parse_bbox",
    "parse_instant",
    "unknown_event",
    "where_clause",
]

_CATEGORIES = frozenset(code.split(".", 1)[0] for code in EVENT_TYPES)
#: a side lists a coalition "A, B; C" (as trucewatch.verdicts.parties.split_coalition splits it)
_SPLIT = re.compile(r"[,;]")
#: ACLED qualifies a name with its country or years: "Islamic State (Syria)"
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class EventQuery:
    """A filter on stored events; every field left at its default matches everything.

    - ``bbox``: ``(min_lon, min_lat, max_lon, max_lat)`` in degrees; ``min_lon > max_lon``
      means a box that crosses the antimeridian.
    - ``start``/``end``: events whose interval ``[time_start, time_end)`` overlaps
      ``[start, end)``; either bound may be left open. Datetimes must carry a time zone.
    - ``sources``: source names as stored in event ids (``ucdp_ged``); ``-`` and ``_`` are
      treated alike, so the command-line spelling ``ucdp-ged`` also matches.
    - ``actor``: a side's whole name (side_a, side_b, one actor of a coalition they list, or an
      associated actor), compared folded (case, accents, apostrophes, punctuation) and without
      a trailing qualifier in parentheses; ``actor_aliases`` are other names of the same actor
      (:func:`actor_names` finds them in the agreements' parties and excluded groups).
    - ``actor_contains``: case-insensitive substring of side_a, side_b or an associated actor.
    - ``event_types``: exact codes (``remote.airstrike``) or categories (``remote``).
    - ``min_confidence``: events read from text (news) with an extraction confidence below it
      are left out; coded dataset rows (no confidence) are always kept.
    - ``limit``: at most this many rows (in time order).
    """

    bbox: tuple[float, float, float, float] | None = None
    start: datetime | None = None
    end: datetime | None = None
    sources: tuple[str, ...] = ()
    actor: str | None = None
    event_types: tuple[str, ...] = ()
    limit: int | None = None
    actor_aliases: tuple[str, ...] = ()
    actor_contains: str | None = None
    min_confidence: float | None = None

    def __post_init__(self) -> None:
        if self.bbox is not None:
            self._check_bbox(self.bbox)
            object.__setattr__(self, "bbox", tuple(float(v) for v in self.bbox))
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, to_utc(value, f"query {name}"))
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValidationError(
                f"query end {self.end.isoformat()} is not after start {self.start.isoformat()}"
            )
        if isinstance(self.sources, str) or isinstance(self.event_types, str):
            raise ValidationError("sources and event_types must be tuples of names, not a string")
        object.__setattr__(self, "sources", tuple(self.sources))
        object.__setattr__(self, "event_types", tuple(self.event_types))
        for code in self.event_types:
            if code not in EVENT_TYPES and code not in _CATEGORIES:
                allowed = ", ".join(sorted(_CATEGORIES))
                guesses = close_matches(code, [*_CATEGORIES, *EVENT_TYPES])
                guess = f": did you mean {' or '.join(guesses)}?" if guesses else ""
                raise ValidationError(
                    f"event type {code!r} is neither a type code nor a category{guess} "
                    f"(categories: {allowed}; codes: trucewatch.model.taxonomy.EVENT_TYPES)"
                )
        if isinstance(self.actor_aliases, str):
            raise ValidationError("actor_aliases must be a tuple of names, not a string")
        object.__setattr__(self, "actor_aliases", tuple(self.actor_aliases))
        if self.actor is not None and not normalize_name(self.actor):
            raise ValidationError(f"actor {self.actor!r} must be a name (letters or digits)")
        if self.actor_aliases and self.actor is None:
            raise ValidationError("actor_aliases are other names of an actor: give actor too")
        if self.actor_contains is not None and not self.actor_contains.strip():
            raise ValidationError("actor_contains must be a non-empty part of a name")
        check_min_confidence(self.min_confidence)
        if self.limit is not None and (not isinstance(self.limit, int) or self.limit < 0):
            raise ValidationError(f"limit {self.limit!r} must be an integer >= 0")

    @staticmethod
    def _check_bbox(bbox: tuple[float, ...]) -> None:
        if len(bbox) != 4 or not all(isinstance(v, int | float) for v in bbox):
            raise ValidationError(
                f"bbox {bbox!r} must be four numbers (min_lon, min_lat, max_lon, max_lat)"
            )
        min_lon, min_lat, max_lon, max_lat = bbox
        for name, value, bound in (
            ("min_lon", min_lon, 180),
            ("max_lon", max_lon, 180),
            ("min_lat", min_lat, 90),
            ("max_lat", max_lat, 90),
        ):
            if not math.isfinite(value) or not -bound <= value <= bound:
                raise ValidationError(f"bbox {name} {value} is outside [-{bound}, {bound}]")
        if min_lat > max_lat:
            raise ValidationError(f"bbox min_lat {min_lat} is above max_lat {max_lat}")

    @property
    def actor_names(self) -> tuple[str, ...]:
        """``actor`` and its aliases (empty without an actor filter)."""
        return () if self.actor is None else (self.actor, *self.actor_aliases)


def actor_names(name: str, agreements: Iterable[Agreement]) -> tuple[str, ...]:
    """``name`` and every name of the parties and excluded groups that ``name`` names.

    "IS" gives the names of the excluded group listing "IS" ("Islamic State", "ISIS", "Daesh"
    ... under all the names it ever held); a name no agreement lists gives only itself.
    """
    key = normalize_name(name)
    found = [name]
    for agreement in agreements:
        groups = [(p.name, *p.aliases) for p in agreement.parties]
        groups += [tuple(n.name for n in g.names) for g in agreement.excluded_groups]
        for names in groups:
            if any(normalize_name(n) == key for n in names):
                found.extend(names)
    return tuple(dict.fromkeys(found))


@functools.lru_cache(maxsize=65_536)
def name_keys(side: str) -> frozenset[str]:
    """The folded whole names a stored side stands for: each actor of the coalition it lists,
    with and without a trailing qualifier in parentheses."""
    keys = set()
    for part in (p.strip() for p in _SPLIT.split(side)):
        if part:
            keys.add(normalize_name(part))
            keys.add(normalize_name(_QUALIFIER.sub("", part)))
    keys.discard("")
    return frozenset(keys)


_SIDES = """
    SELECT DISTINCT name FROM (
        SELECT side_a AS name FROM events UNION ALL SELECT side_b FROM events
        UNION ALL SELECT unnest(associated_a) FROM events
        UNION ALL SELECT unnest(associated_b) FROM events
    ) WHERE name IS NOT NULL
"""


def matching_sides(db: Db, names: Iterable[str]) -> list[str]:
    """The stored side names (as written) that name one of ``names`` as a whole name."""
    conn = conn_of(db)
    keys = {normalize_name(n) for n in names} - {""}
    rows = conn.execute(_SIDES).fetchall()
    return sorted(side for (side,) in rows if name_keys(side) & keys)


def unknown_event(conn: duckdb.DuckDBPyConnection, event_id: str) -> TrucewatchError:
    """The NotFoundError for an event id not stored, with the nearest stored ids as guesses
    (or, for an event deleted at its source, when and by what)."""
    deleted = conn.execute(
        "SELECT origin, changed_at FROM event_changes WHERE event_id = ? AND change = 'deleted' "
        "ORDER BY change_id DESC LIMIT 1",
        [event_id],
    ).fetchall()
    if (
        deleted
        and not conn.execute("SELECT 1 FROM events WHERE event_id = ?", [event_id]).fetchall()
    ):
        origin, when = deleted[0]
        return NotFoundError(
            f"event {event_id!r} was deleted at its source ({origin}, "
            f"{when.astimezone(UTC):%Y-%m-%d %H:%M} UTC): it has left the events, verdicts "
            "and counts; trucewatch events changes lists the deletions"
        )
    source, colon, _ = event_id.partition(":")
    prefix = f"{source}:" if colon else ""
    rows = conn.execute(
        "SELECT event_id FROM events WHERE starts_with(event_id, ?) "
        "ORDER BY levenshtein(event_id, ?), event_id LIMIT 3",
        [prefix, event_id],
    ).fetchall()
    return unknown(
        "event",
        event_id,
        [str(r[0]) for r in rows],
        list_known=False,
        listing="ids look like ucdp_ged:214797; trucewatch events list shows them",
    )


def check_event_id(conn: duckdb.DuckDBPyConnection, event_id: str) -> None:
    """NotFoundError (with guesses) when no stored event has the id ``event_id``."""
    if conn.execute("SELECT 1 FROM events WHERE event_id = ?", [event_id]).fetchone() is None:
        raise unknown_event(conn, event_id)


def actor_guesses(db: Db, name: str, agreements: Iterable[Agreement] = ()) -> list[str]:
    """The actor names closest to ``name``: a hint for an actor filter that matches no side at
    all. Candidates are the stored actor names (each actor of a coalition on its own) and the
    names of the ``agreements``' parties and excluded groups (which the filter also takes)."""
    conn = conn_of(db)
    rows = conn.execute(_SIDES).fetchall()
    parts = {p.strip() for (side,) in rows for p in _SPLIT.split(side) if p.strip()}
    for agreement in agreements:
        parts.update(n for p in agreement.parties for n in (p.name, *p.aliases))
        parts.update(n.name for g in agreement.excluded_groups for n in g.names)
    return close_matches(name, parts)


def _known_sources(conn: duckdb.DuckDBPyConnection) -> set[str]:
    from trucewatch.sources.base import registered_adapters

    stored = {str(s) for (s,) in conn.execute("SELECT DISTINCT source FROM events").fetchall()}
    return stored | {name.replace("-", "_") for name in registered_adapters() if name != "csv"}


def check_sources(conn: duckdb.DuckDBPyConnection, sources: Iterable[str]) -> None:
    """NotFoundError for a source name that is neither in the store nor a known adapter's."""
    known = _known_sources(conn)
    for source in sources:
        if source.replace("-", "_") not in known:
            raise unknown(
                "source", source, known, listing="trucewatch info lists the stored sources"
            )


def check_min_confidence(value: float | None) -> None:
    """A ValidationError unless ``value`` is None or a number in [0, 1]."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValidationError(
            f"min_confidence {value!r} must be a number in [0, 1] (an extraction confidence: "
            "news events below it are left out, coded dataset rows always kept)"
        )


def confidence_clause(value: float | None, table: str = "") -> tuple[str, list[Any]]:
    """The SQL condition keeping coded rows and events read from text with a confidence of at
    least ``value`` (``table``: the events' alias, e.g. ``"e."``); "TRUE" when None."""
    check_min_confidence(value)
    if value is None:
        return "TRUE", []
    return f"({table}confidence IS NULL OR {table}confidence >= ?)", [float(value)]


def where_clause(
    query: EventQuery | None, conn: duckdb.DuckDBPyConnection
) -> tuple[str, list[Any]]:
    """The SQL ``WHERE`` condition (without the keyword) and its parameters for ``query``.

    ``conn`` is the store's connection: an unknown source name is a NotFoundError, and the
    whole-name actor filter is resolved to the stored side names it matches.
    """
    if query is None:
        return "TRUE", []
    parts: list[str] = []
    params: list[Any] = []
    if query.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = query.bbox
        parts.append("lat BETWEEN ? AND ?")
        params += [min_lat, max_lat]
        joiner = "AND" if min_lon <= max_lon else "OR"
        parts.append(f"(lon >= ? {joiner} lon <= ?)")
        params += [min_lon, max_lon]
    if query.start is not None:
        parts.append("time_end > ?")
        params.append(query.start)
    if query.end is not None:
        parts.append("time_start < ?")
        params.append(query.end)
    if query.sources:
        check_sources(conn, query.sources)
        marks = ", ".join("?" for _ in query.sources)
        parts.append(f"replace(source, '-', '_') IN ({marks})")
        params += [s.replace("-", "_") for s in query.sources]
    if query.actor is not None:
        sides = matching_sides(conn, query.actor_names)
        if sides:
            marks = ", ".join("?" for _ in sides)
            parts.append(
                f"(side_a IN ({marks}) OR side_b IN ({marks}) "
                f"OR list_has_any(associated_a, [{marks}]) "
                f"OR list_has_any(associated_b, [{marks}]))"
            )
            params += sides * 4
        else:
            parts.append("FALSE")
    if query.min_confidence is not None:
        condition, more = confidence_clause(query.min_confidence)
        parts.append(condition)
        params += more
    if query.actor_contains is not None:
        parts.append(
            "(contains(lower(coalesce(side_a, '')), ?) OR contains(lower(coalesce(side_b, '')), ?)"
            " OR contains(lower(array_to_string(associated_a, chr(31))), ?)"
            " OR contains(lower(array_to_string(associated_b, chr(31))), ?))"
        )
        params += [query.actor_contains.lower()] * 4
    if query.event_types:
        alternatives = []
        for code in query.event_types:
            if code in EVENT_TYPES:
                alternatives.append("event_type = ?")
                params.append(code)
            else:
                alternatives.append("starts_with(event_type, ?)")
                params.append(code + ".")
        parts.append("(" + " OR ".join(alternatives) + ")")
    return (" AND ".join(parts) or "TRUE"), params


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """Parse ``MIN_LON,MIN_LAT,MAX_LON,MAX_LAT``; a clear error when it is not that."""
    if text is None:
        return None
    try:
        parts = tuple(float(p) for p in text.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or parts[0] > parts[2] or parts[1] > parts[3]:
        raise ValidationError(
            f"bbox {text!r} must be MIN_LON,MIN_LAT,MAX_LON,MAX_LAT with min <= max"
        )
    return parts  # type: ignore[return-value]


def parse_instant(text: str | None, option: str) -> datetime | None:
    """A day (``2016-05-09``, taken as 00:00 UTC) or an ISO 8601 instant; naive means UTC."""
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"{option} {text!r} is not a day (2016-05-09) or an instant (2016-05-09T01:00+03:00)"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
