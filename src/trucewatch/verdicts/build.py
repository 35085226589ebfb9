"""Verdict objects for the fast engine's pairs: reasons and explanations, built with caches.

Turning a pair into a :class:`Verdict` used to cost about 0.6 ms an event, nearly all of it
spent recomputing what does not depend on the pair. Here each piece is computed once:

- a side's name is classified once per (agreement, name), and "excluded by a name in use that
  day" once per (agreement, name, local day);
- an event's words, place, local dates and flags once per event;
- a window's phrase once per (window, whether its year must be given), its scope projected once;
- a side's words once per (agreement, side judgement, later name);
- the share of an uncertain disc inside a scope once per (event, scope), compiled (the same
  operations, in the same order, as :func:`~trucewatch.verdicts.rules.share_inside`).

The pieces are assembled by the same templates as :func:`~trucewatch.verdicts.explain.explanation`
and :func:`~trucewatch.verdicts.rules.reasons_for` (``compose_sentence`` and
``reasons_from_parts``), so every verdict is exactly the one those functions give; tests
compare with the reference engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import shapely

from trucewatch.errors import TrucewatchError, ValidationError
from trucewatch.model.agreement import Agreement, Window
from trucewatch.model.event import Event
from trucewatch.model.taxonomy import is_violent
from trucewatch.model.time import zone
from trucewatch.model.verdict import (
    DEFAULT_MIN_SHARE_INSIDE,
    SideJudgement,
    SideStatus,
    Space,
    TimeRelation,
    Verdict,
    rules_version,
)
from trucewatch.model.verdict import VerdictKind as Kind
from trucewatch.verdicts import _disc
from trucewatch.verdicts import reasons as R
from trucewatch.verdicts.codes import SPACE_CODES, STATUS_CODES, TIME_CODES, VERDICT_CODES
from trucewatch.verdicts.explain import (
    compose_sentence,
    event_dates_phrase,
    event_place_phrase,
    event_space_phrase,
    extraction_phrase,
    side_phrase,
    time_phrase,
    type_phrase,
    window_phrase,
)
from trucewatch.verdicts.locate import LOCATION_REASONS
from trucewatch.verdicts.parties import (
    NameClass,
    classify_name,
    excluded_on_event_date,
    judge_sides,
    status_over,
)
from trucewatch.verdicts.plane import to_plane
from trucewatch.verdicts.rules import (
    PARTY_LIKE,
    SPACE_REASON,
    project_scope,
    reasons_from_parts,
    rings_of,
    time_reason,
)

__all__ = ["build_verdicts", "shares_inside", "shares_inside_array", "window_list"]


def window_list(agreements: Sequence[Agreement]) -> list[tuple[Agreement, Window]]:
    """Every window of every agreement, in the order the engines number them."""
    return [(a, w) for a in agreements for w in a.windows()]


def shares_inside(
    lon: np.ndarray, lat: np.ndarray, radius_km: np.ndarray, geometry: Any
) -> list[float]:
    """:func:`~trucewatch.verdicts.rules.share_inside` for many discs against one scope.

    Element for element the same floats: the same projection and the same sums, compiled.
    """
    return shares_inside_array(lon, lat, radius_km, geometry).tolist()  # type: ignore[no-any-return]


def shares_inside_array(
    lon: np.ndarray, lat: np.ndarray, radius_km: np.ndarray, geometry: Any
) -> npt.NDArray[np.float64]:
    """:func:`shares_inside` as an array (the same floats, no Python float per disc)."""
    origin, planar, _ = project_scope(geometry)
    x, y = to_plane(lon, lat, origin)
    radius = np.asarray(radius_km, dtype=np.float64)
    out = np.zeros(len(radius), dtype=np.float64)
    positive = radius > 0
    if positive.any():
        rings, _ = rings_of(geometry)
        out[positive] = _disc.shares_for_rings(rings, x[positive], y[positive], radius[positive])
    points = np.flatnonzero(~positive)
    if len(points):
        covered = shapely.covers(planar, shapely.points(x[points], y[points]))
        out[points] = np.where(covered, 1.0, 0.0)
    return out


class _Sides(NamedTuple):
    """Both sides of an event for one agreement, with what the verdict says of them."""

    judgements: tuple[SideJudgement, SideJudgement]
    codes: list[str]
    words: list[str]
    no_party: bool  # no side is a party (nor acceding during the event)


class VerdictBuilder:
    """The caches of one :func:`build_verdicts` call (events and agreements fixed)."""

    def __init__(self, events: Sequence[Event], agreements: Sequence[Agreement]) -> None:
        self.events = events
        self.windows = window_list(agreements)
        self.scopes = [a.scope_of(w) for a, w in self.windows]
        self._names: dict[tuple[int, str | None], NameClass] = {}
        self._sides: dict[tuple[int, int], _Sides] = {}
        self._wkb = [
            None if s is None or s.geometry is None else shapely.to_wkb(s.geometry)
            for s in self.scopes
        ]
        self._start_year = [w.start.astimezone(zone(w.timezone)).year for _, w in self.windows]
        self._shared: dict[tuple[Any, ...], _Sides] = {}
        self._in_use: dict[tuple[int, date], tuple[bool, ...]] = {}
        self._on_day: dict[tuple[int, str, tuple[bool, ...]], bool] = {}
        self._side_words: dict[tuple[int, SideJudgement, bool], str] = {}
        self._event: dict[int, tuple[str, str, str, bool, bool, bool]] = {}
        self._years: dict[tuple[int, str], int] = {}
        self._phrases: dict[tuple[int, bool], str] = {}
        self._days: dict[int, date] = {}

    def classify(self, agreement: Agreement, name: str | None) -> NameClass:
        key = (id(agreement), name)
        hit = self._names.get(key)
        if hit is None:
            hit = self._names[key] = classify_name(agreement, name)
        return hit

    def sides(self, e: int, agreement: Agreement) -> _Sides:
        """Both sides of event ``e`` for ``agreement``: judgements, reason codes, words.

        Shared by every event with the same actors, statuses and later-name flags.
        """
        key = (e, id(agreement))
        hit = self._sides.get(key)
        if hit is not None:
            return hit
        event = self.events[e]
        actors, start, end = event.actors, event.when.start, event.when.end
        assert end is not None  # events always have a closed interval
        names = (actors.side_a, actors.side_b)
        statuses = [status_over(self.classify(agreement, name), start, end) for name in names]
        later = [
            status is SideStatus.EXCLUDED
            and name is not None
            and self.later_name(e, agreement, name)
            for status, name in zip(statuses, names, strict=True)
        ]
        shared_key = (id(agreement), *names, actors.perpetrator, actors.target, *statuses, *later)
        hit = self._shared.get(shared_key)
        if hit is None:
            sides = judge_sides(agreement, event, classify=self.classify)
            hit = _Sides(
                sides,
                [
                    R.side_reason(
                        side.side, "excluded_by_later_name" if late else side.status.value
                    )
                    for side, late in zip(sides, later, strict=True)
                ],
                [self.side_words(agreement, s, late) for s, late in zip(sides, later, strict=True)],
                not {sides[0].status, sides[1].status} & PARTY_LIKE,
            )
            self._shared[shared_key] = hit
        self._sides[key] = hit
        return hit

    def later_name(self, e: int, agreement: Agreement, name: str) -> bool:
        """Whether excluded ``name`` is a name its group took only after the event's day.

        Depends on the day only through which group names are in use that day.
        """
        day = self._days.get(e)
        if day is None:
            event = self.events[e]
            day = self._days[e] = event.when.start.astimezone(zone(event.timezone)).date()
        in_use = self._in_use.get((id(agreement), day))
        if in_use is None:
            in_use = tuple(n.valid_on(day) for g in agreement.excluded_groups for n in g.names)
            self._in_use[(id(agreement), day)] = in_use
        key = (id(agreement), name, in_use)
        hit = self._on_day.get(key)
        if hit is None:
            hit = self._on_day[key] = excluded_on_event_date(agreement, name, self.events[e])
        return not hit

    def side_words(self, agreement: Agreement, side: SideJudgement, later: bool) -> str:
        key = (id(agreement), side, later)
        hit = self._side_words.get(key)
        if hit is None:
            hit = self._side_words[key] = side_phrase(agreement, side, later)
        return hit

    def event(self, e: int) -> tuple[str, str, str, bool, bool, bool]:
        """(type words, place, dates, coded to an admin unit, violent, undirected)."""
        hit = self._event.get(e)
        if hit is None:
            event = self.events[e]
            hit = (
                type_phrase(event.event_type),
                event_place_phrase(event),
                event_dates_phrase(event),
                event.where.coded_admin_level is not None,
                is_violent(event.event_type),
                event.actors.perpetrator is None,
            )
            self._event[e] = hit
        return hit

    def explanation(
        self,
        e: int,
        w: int,
        kind: Kind,
        space: Space,
        time: TimeRelation,
        distance: float | None,
        share: float | None,
        bundle: _Sides,
    ) -> str:
        """The one-line explanation of event ``e`` in window ``w`` with these decisions."""
        event = self.events[e]
        words, place, dates, _coded, _violent, undirected = self.event(e)
        return compose_sentence(
            kind,
            words,
            place,
            event_space_phrase(space, distance, share, event),
            dates,
            time_phrase(time, self.phrase(e, w), event.when.start < self.windows[w][1].start),
            bundle.words,
            undirected,
            extraction_phrase(event.confidence, event.guessed),
        )

    def phrase(self, e: int, w: int) -> str:
        """The window's phrase as the explanation of event ``e`` gives it."""
        window = self.windows[w][1]
        key = (e, window.timezone)
        year = self._years.get(key)
        if year is None:
            year = self.events[e].when.start.astimezone(zone(window.timezone)).year
            self._years[key] = year
        with_year = self._start_year[w] != year
        hit = self._phrases.get((w, with_year))
        if hit is None:
            hit = window_phrase(self.windows[w][0], window, with_year)
            self._phrases[(w, with_year)] = hit
        return hit

    def shares(
        self, event_idx: list[int], window_idx: list[int], space: list[int]
    ) -> dict[tuple[int, int], float]:
        """(event, window) -> share inside, for every pair whose space is uncertain."""
        uncertain = SPACE_CODES.index(Space.UNCERTAIN)
        by_scope: dict[bytes, tuple[Any, set[int], list[tuple[int, int]]]] = {}
        for e, w, s in zip(event_idx, window_idx, space, strict=True):
            scope = self.scopes[w]
            if s != uncertain or scope is None or scope.geometry is None:
                continue
            key = self._wkb[w]
            assert key is not None
            entry = by_scope.setdefault(key, (scope.geometry, set(), []))
            entry[1].add(e)
            entry[2].append((e, w))
        out: dict[tuple[int, int], float] = {}
        for geometry, members, pairs in by_scope.values():
            ordered = sorted(members)
            where = [self.events[e].where for e in ordered]
            values = shares_inside(
                np.array([p.lon for p in where], dtype=np.float64),
                np.array([p.lat for p in where], dtype=np.float64),
                np.array([p.radius_km for p in where], dtype=np.float64),
                geometry,
            )
            share = dict(zip(ordered, values, strict=True))
            for e, w in pairs:
                out[(e, w)] = share[e]
        return out


def build_verdicts(
    pairs: Any,
    events: Sequence[Event],
    agreements: Sequence[Agreement],
    *,
    rows: np.ndarray | None = None,
    min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE,
) -> list[Verdict]:
    """Verdict objects (reasons, explanation, share inside) for the pairs at ``rows`` (all).

    ``pairs`` is the fast engine's :class:`~trucewatch.verdicts.kernel.PairColumns` for
    ``events`` against ``agreements``, classified with ``min_share_inside`` (the threshold is
    recorded in each verdict's ``rules_version``). Raises :class:`TrucewatchError` if the
    engine's side statuses differ from the rules' (an internal error).
    """
    if pairs.location is None:
        raise ValidationError("pairs have no location codes: make them with classify()")
    version = rules_version(min_share_inside)
    b = VerdictBuilder(events, agreements)
    selected = np.arange(len(pairs.event_idx)) if rows is None else np.asarray(rows, dtype=np.int64)
    event_idx = pairs.event_idx[selected].tolist()
    window_idx = pairs.window_idx[selected].tolist()
    space_codes = pairs.space[selected].tolist()
    columns = zip(
        event_idx,
        window_idx,
        space_codes,
        pairs.time[selected].tolist(),
        pairs.side_a_status[selected].tolist(),
        pairs.side_b_status[selected].tolist(),
        pairs.verdict[selected].tolist(),
        pairs.distance_km[selected].tolist(),
        pairs.location[selected].tolist(),
        strict=True,
    )
    shares = b.shares(event_idx, window_idx, space_codes)
    out = []
    for e, w, s, t, sa, sb, k, d, loc in columns:
        event = events[e]
        agreement, window = b.windows[w]
        space, time, kind = SPACE_CODES[s], TIME_CODES[t], VERDICT_CODES[k]
        bundle = b.sides(e, agreement)
        sides = bundle.judgements
        if (sides[0].status, sides[1].status) != (STATUS_CODES[sa], STATUS_CODES[sb]):
            raise TrucewatchError(
                f"internal error: the fast engine judged the sides of {event.event_id} as "
                f"{(STATUS_CODES[sa], STATUS_CODES[sb])}, the rules as "
                f"{(sides[0].status, sides[1].status)}; please report this with the event "
                "and agreement"
            )
        everywhere = b.scopes[w] is None
        distance = None if everywhere else float(d)
        share = shares.get((e, w))
        _words, _where, _when, coded, violent, undirected = b.event(e)
        time_code = time_reason(event.when.start, window.start, time)
        reasons = reasons_from_parts(
            R.SCOPE_EVERYWHERE if everywhere else SPACE_REASON[space],
            LOCATION_REASONS[loc],
            coded,
            time_code,
            violent,
            bundle.codes,
            undirected,
            kind is Kind.POSSIBLE_VIOLATION and bundle.no_party,
        )
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
                reasons=reasons,
                explanation=text,
                distance_km=distance,
                share_inside=share,
                rules_version=version,
            )
        )
    return out
