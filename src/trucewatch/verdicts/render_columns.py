"""Stored verdicts rendered in bulk from columns: parties and explanation without Event objects.

A listing reads each verdict's codes with its event's columns in one query
(:func:`trucewatch.store.verdicts.iter_listing`). The explanation is made of parts that each
depend on a few of those values, so each part is computed once per distinct value and the parts
are joined per row:

- the type words once per event type, the place once per distinct names (coordinates only for
  an event without any), the dates once per (start, end, zone, precision);
- the window's phrase once per (window, whether its year is given), the time part once per
  (phrase, time relation, whether the event starts before the window);
- a side's name classified once per (agreement, name), the later-name test once per
  (agreement, name, local day), both sides' words and their JSON once per (agreement, actors,
  statuses, later names).

Every part comes from the functions of :mod:`trucewatch.verdicts.explain` and
:mod:`trucewatch.verdicts.parties` (none retyped), so the text is the one
:func:`trucewatch.verdicts.stored.render_rows` gives; tests hold the two together.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from trucewatch.errors import StoreError
from trucewatch.model.agreement import Agreement
from trucewatch.model.event import Actors, DatePrecision, Location, LocationPrecision
from trucewatch.model.time import zone
from trucewatch.model.verdict import SideJudgement, SideStatus, Space, TimeRelation, VerdictKind
from trucewatch.store.verdicts import LISTING_COLUMNS, VERDICT_COLUMNS
from trucewatch.verdicts.build import window_list
from trucewatch.verdicts.explain import (
    compose_sentence,
    coordinates_phrase,
    dates_phrase,
    extraction_phrase,
    place_phrase,
    side_phrase,
    space_phrase,
    time_phrase,
    type_phrase,
    window_phrase,
)
from trucewatch.verdicts.parties import (
    NameClass,
    NameKind,
    classify_name,
    excluded_on_day,
    judge_actors,
    status_over,
)

__all__ = ["ColumnRenderer", "changed_sides_error", "missing_window_error", "side_record"]

_I = {c: i for i, c in enumerate(LISTING_COLUMNS)}
_KINDS = {k.value: k for k in VerdictKind}
_SPACES = {s.value: s for s in Space}
_TIMES = {t.value: t for t in TimeRelation}
_EXCLUDED = SideStatus.EXCLUDED.value


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _aware(micros: int) -> datetime:
    """The instant ``micros`` microseconds after 1970-01-01 UTC."""
    return _EPOCH + timedelta(microseconds=micros)


def _micros(instant: datetime) -> int:
    delta = instant - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class ColumnRenderer:
    """Renders rows of :data:`~trucewatch.store.verdicts.LISTING_COLUMNS` as verdict records
    for fixed ``agreements``; its caches serve every chunk of a listing."""

    def __init__(self, agreements: Sequence[Agreement]) -> None:
        self.agreements = list(agreements)
        index = {id(a): i for i, a in enumerate(self.agreements)}
        windows = window_list(self.agreements)
        self.windows = windows
        self.window_of = {(a.id, w.id): k for k, (a, w) in enumerate(windows)}
        self._agreement_of = [index[id(a)] for a, _ in windows]
        self._start = [_micros(w.start) for _, w in windows]
        self._start_year = [w.start.astimezone(zone(w.timezone)).year for _, w in windows]
        self._zone = [w.timezone for _, w in windows]
        self._type: dict[str, str] = {}
        self._place: dict[tuple[Any, ...], tuple[bool, str | None]] = {}
        self._dates: dict[tuple[Any, ...], str] = {}
        self._year: dict[tuple[int, str], int] = {}
        self._phrase: dict[tuple[int, bool], str] = {}
        self._time: dict[tuple[int, bool, str, bool], str] = {}
        self._class: dict[tuple[int, str | None], tuple[NameClass, str | None]] = {}
        self._day: dict[tuple[int, str], date] = {}
        self._in_use: dict[tuple[int, date], tuple[bool, ...]] = {}
        self._later: dict[tuple[int, str, tuple[bool, ...]], bool] = {}
        self._sides: dict[tuple[Any, ...], tuple[list[str], str, tuple[str, str]]] = {}
        self._fixed: dict[tuple[Any, ...], tuple[list[str], str, tuple[str, str]] | None] = {}
        self._utc: dict[int, datetime] = {}
        self._split: dict[str, tuple[str, ...]] = {}
        self._timed: dict[tuple[Any, ...], tuple[list[str], str, tuple[str, str]]] = {}

    def records(self, columns: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
        """One record per row of ``columns`` (:data:`~trucewatch.store.verdicts.LISTING_COLUMNS`):
        :data:`~trucewatch.store.verdicts.VERDICT_COLUMNS`, parties as JSON text, with the
        event's lon, lat and time_start."""
        record = self.record
        return [record(row) for row in zip(*columns, strict=True)]

    def record(self, row: Sequence[Any]) -> dict[str, Any]:
        (
            event_id,
            agreement_id,
            window_id,
            verdict,
            space,
            time,
            status_a,
            status_b,
            reasons,
            distance,
            share,
            contested,
            version,
            lon,
            lat,
            start,
            end,
            precision,
            timezone,
            radius,
            location_precision,
            place,
            country,
            admin1,
            admin2,
            admin3,
            side_a,
            side_b,
            perpetrator,
            target,
            event_type,
            confidence,
            guessed,
        ) = row
        w = self.window_of.get((agreement_id, window_id))
        if w is None:
            raise missing_window_error(agreement_id, window_id)
        words = self._type_words_of(event_type)
        coded, where = self._place_of(location_precision, place, country, admin1, admin2, admin3)
        where_text = where or coordinates_phrase(lat, lon)
        dates = self._dates_of(start, end, timezone, precision)
        time_text = self._time_text_of(w, self._with_year(w, start), time, start < self._start[w])
        sides, parties, statuses = self._sides_of(
            w, (side_a, side_b, perpetrator, target), start, end, timezone
        )
        if statuses != (status_a, status_b):
            raise changed_sides_error(
                event_id, agreement_id, window_id, (status_a, status_b), statuses
            )
        kind = _KINDS[verdict]
        explanation = compose_sentence(
            kind,
            words,
            where_text,
            space_phrase(
                _SPACES[space],
                distance,
                share,
                radius,
                where_text if coded else None,
            ),
            dates,
            time_text,
            sides,
            perpetrator is None,
            extraction_phrase(confidence, guessed or ()),
        )
        utc = self._utc.get(start)
        if utc is None:
            utc = self._utc[start] = _aware(start)
        return {
            "event_id": event_id,
            "agreement_id": agreement_id,
            "window_id": window_id,
            "verdict": verdict,
            "space": space,
            "time": time,
            "parties": parties,
            "reasons": self._items(reasons),
            "explanation": explanation,
            "distance_km": distance,
            "share_inside": share,
            "contested_with": self._items(contested),
            "rules_version": version,
            "lon": lon,
            "lat": lat,
            "time_start": utc,
        }

    def _type_words_of(self, event_type: str) -> str:
        words = self._type.get(event_type)
        if words is None:
            words = self._type[event_type] = type_phrase(event_type)
        return words

    def _dates_of(self, start: int, end: int, timezone: str, precision: str) -> str:
        """The date part of an event over [start, end) (UTC µs)."""
        key = (start, end, timezone, precision)
        dates = self._dates.get(key)
        if dates is None:
            dates = dates_phrase(_aware(start), _aware(end), timezone, DatePrecision(precision))
            self._dates[key] = dates
        return dates

    def _time_text_of(self, w: int, with_year: bool, time: str, before: bool) -> str:
        """The time part for window ``w``; ``before``: the event starts before it."""
        text = self._time.get((w, with_year, time, before))
        if text is None:
            text = self._time_text(w, with_year, time, before)
        return text

    def _place_of(self, precision: str, *names: str | None) -> tuple[bool, str | None]:
        """(coded to a whole admin unit, the place's name or None: say its coordinates)."""
        key = (precision, *names)
        hit = self._place.get(key)
        if hit is None:
            place, country, admin1, admin2, admin3 = names
            where = Location(
                0.0, 0.0, 0.0, LocationPrecision(precision), place, country, admin1, admin2, admin3
            )
            name = place_phrase(where.coded_admin, place, admin3, admin2, admin1, country)
            hit = self._place[key] = (where.coded_admin_level is not None, name)
        return hit

    def _items(self, text: str) -> list[str]:
        """The items of a list column read as text joined by spaces."""
        hit = self._split.get(text)
        if hit is None:
            hit = self._split[text] = tuple(text.split(" ")) if text else ()
        return list(hit)

    def _with_year(self, w: int, start: int) -> bool:
        key = (start, self._zone[w])
        year = self._year.get(key)
        if year is None:
            year = self._year[key] = _aware(start).astimezone(zone(key[1])).year
        return self._start_year[w] != year

    def _time_text(self, w: int, with_year: bool, time: str, before: bool) -> str:
        phrase = self._phrase.get((w, with_year))
        if phrase is None:
            agreement, window = self.windows[w]
            phrase = self._phrase[(w, with_year)] = window_phrase(agreement, window, with_year)
        text = self._time[(w, with_year, time, before)] = time_phrase(_TIMES[time], phrase, before)
        return text

    def _name_class(self, a: int, name: str | None) -> tuple[NameClass, str | None]:
        """The class of ``name`` and its status when that does not depend on time."""
        hit = self._class.get((a, name))
        if hit is None:
            nc = classify_name(self.agreements[a], name)
            timed = nc.kind is NameKind.PARTY and nc.accession is not None
            fixed = None if timed else status_over(nc, datetime.min, datetime.min).value
            hit = self._class[(a, name)] = (nc, fixed)
        return hit

    def _sides_of(
        self,
        w: int,
        actors: tuple[str | None, str | None, str | None, str | None],
        start: int,
        end: int,
        timezone: str,
    ) -> tuple[list[str], str, tuple[str, str]]:
        """Both sides' words, the parties' JSON and the statuses the rules give now."""
        a = self._agreement_of[w]
        fixed = self._fixed.get((a, *actors))
        if fixed is not None:
            return fixed
        timed_key = (a, *actors, start, end, timezone)
        hit = self._timed.get(timed_key)
        if hit is not None:
            return hit
        statuses = []
        later = []
        timed = False
        for name in actors[:2]:
            nc, status = self._name_class(a, name)
            if status is None:
                timed = True
                status = status_over(nc, _aware(start), _aware(end)).value
            late = False
            if status == _EXCLUDED and name is not None:
                timed = True
                late = self._later_name(a, name, start, timezone)
            statuses.append(status)
            later.append(late)
        key = (a, *actors, *statuses, *later)
        hit = self._sides.get(key)
        if hit is None:
            words, parties = self._side_parts(a, actors, later, start, end)
            hit = self._sides[key] = (words, parties, (statuses[0], statuses[1]))
        if (a, *actors) not in self._fixed:  # first seen: whether it depends on the time
            self._fixed[(a, *actors)] = None if timed else hit
        if timed:
            self._timed[timed_key] = hit
        return hit

    def _later_name(self, a: int, name: str, start: int, timezone: str) -> bool:
        """Whether excluded ``name`` was taken only after the event's local day (which
        depends on the day only through the group names in use that day)."""
        day = self._day.get((start, timezone))
        if day is None:
            day = self._day[(start, timezone)] = _aware(start).astimezone(zone(timezone)).date()
        in_use = self._in_use.get((a, day))
        if in_use is None:
            groups = self.agreements[a].excluded_groups
            in_use = tuple(n.valid_on(day) for g in groups for n in g.names)
            self._in_use[(a, day)] = in_use
        hit = self._later.get((a, name, in_use))
        if hit is None:
            hit = not excluded_on_day(self.agreements[a], name, day)
            self._later[(a, name, in_use)] = hit
        return hit

    def _side_parts(
        self,
        a: int,
        actors: tuple[str | None, str | None, str | None, str | None],
        later: list[bool],
        start: int,
        end: int,
    ) -> tuple[list[str], str]:
        agreement = self.agreements[a]
        side_a, side_b, perpetrator, target = actors
        sides = judge_actors(
            agreement,
            Actors(side_a=side_a, side_b=side_b, perpetrator=perpetrator, target=target),
            _aware(start),
            _aware(end),
            classify=lambda ag, name: self._name_class(a, name)[0],
        )
        words = [side_phrase(agreement, s, late) for s, late in zip(sides, later, strict=True)]
        return words, json.dumps([side_record(s) for s in sides], ensure_ascii=False)


def missing_window_error(agreement_id: str, window_id: str) -> StoreError:
    """The error of a stored verdict whose window the agreements no longer have."""
    return StoreError(
        f"verdicts of window {window_id!r} of agreement {agreement_id!r} are stored, "
        "but the agreement has no such window now: bring the verdicts up to date "
        "(trucewatch verdicts, or POST /verdicts/refresh)"
    )


def changed_sides_error(
    event_id: str,
    agreement_id: str,
    window_id: str,
    stored: tuple[str, str],
    now: tuple[str, str],
) -> StoreError:
    """The error of a stored verdict whose side statuses the agreement no longer gives."""
    return StoreError(
        f"the stored verdict of {event_id} in {agreement_id}/{window_id} has sides "
        f"{stored}, the agreement as stored now gives {now}: it "
        "changed since the window was judged; bring the verdicts up to date "
        "(trucewatch verdicts)"
    )


def side_record(side: SideJudgement) -> dict[str, Any]:
    """One side of a verdict record's parties."""
    return {
        "side": side.side,
        "name": side.name,
        "status": side.status.value,
        "matched": side.matched,
        "role": side.role,
    }


assert set(VERDICT_COLUMNS) <= {*LISTING_COLUMNS, "parties", "explanation"}
