"""One line a person can read, saying what was decided for an event and a window, and why.

Example: "Violation: Airstrike in Aleppo city, inside the scope (2.1 km from its edge), on 8 May
2016, during the 72-hour extension that began 7 May 01:00 Damascus time; side A Government of
Syria is a party; side B Syrian insurgents is a party; the source does not say who attacked whom."
Dates are the event's local calendar days (its time zone); window starts are given in the
window's time zone, named after the zone's city.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from trucewatch.model.agreement import Agreement, Window
from trucewatch.model.event import DatePrecision, Event
from trucewatch.model.taxonomy import EVENT_TYPES
from trucewatch.model.time import zone
from trucewatch.model.verdict import SideJudgement, SideStatus, Space, TimeRelation, VerdictKind
from trucewatch.verdicts.parties import excluded_on_event_date

# the phrases of the sentence, each a pure function, shared by the engines and the renderers
# of stored verdicts (verdicts/build.py, render_columns.py, render_csv.py), so that the words
# are written once
__all__ = [
    "EVENT_TYPE_WORDS",
    "FROM_NEWS",
    "VERDICT_WORDS",
    "compose_sentence",
    "coordinates_phrase",
    "dates_phrase",
    "event_dates_phrase",
    "event_place_phrase",
    "event_space_phrase",
    "explanation",
    "extraction_phrase",
    "km_phrase",
    "place_phrase",
    "side_phrase",
    "space_phrase",
    "time_phrase",
    "type_phrase",
    "window_phrase",
    "zone_city",
]

#: event type code -> short words starting a sentence ("Airstrike in Aleppo city, ...")
EVENT_TYPE_WORDS: dict[str, str] = {
    "battle.armed_clash": "Armed clash",
    "battle.territory_change": "Fighting for territory",
    "battle.state_based": "Fighting between the state and an armed group",
    "battle.non_state": "Fighting between non-state groups",
    "remote.airstrike": "Airstrike",
    "remote.shelling": "Shelling",
    "remote.bombing": "Bombing",
    "remote.chemical": "Chemical attack",
    "remote.grenade": "Grenade attack",
    "remote.unspecified": "Remote violence",
    "civilians.attack": "Attack on civilians",
    "civilians.one_sided": "Violence against civilians",
    "civilians.abduction": "Abduction",
    "civilians.sexual_violence": "Sexual violence",
    "civilians.mass_violence": "Mass killing",
    "unrest.protest": "Protest",
    "unrest.riot": "Riot",
    "strategic.arrest": "Arrest",
    "strategic.agreement": "Agreement or truce declared",
    "strategic.ceasefire_violation": "Reported ceasefire violation",
    "strategic.other": "Strategic development",
    "interaction.cooperation": "Cooperation",
    "interaction.conflict": "Verbal conflict",
    "other": "Unclassified event",
}

VERDICT_WORDS: dict[VerdictKind, str] = {
    VerdictKind.VIOLATION: "Violation",
    VerdictKind.POSSIBLE_VIOLATION: "Possible violation",
    VerdictKind.NOT_COVERED: "Not covered",
    VerdictKind.OUTSIDE_SCOPE: "Outside the scope",
    VerdictKind.OUTSIDE_WINDOW: "Outside the window",
    VerdictKind.UNLOCATED: "Unlocated",
}

#: what the explanation of an event read from a news article says after its sides
FROM_NEWS = "; read from a news article"

_MICRO = timedelta(microseconds=1)
_UNDIRECTED = "the source does not say who attacked whom"


def zone_city(name: str) -> str:
    """``"Asia/Damascus"`` -> ``"Damascus"``, ``"America/Argentina/Buenos_Aires"`` -> ``"Buenos
    Aires"``; ``"UTC"`` stays ``"UTC"``."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


def type_phrase(code: str) -> str:
    words = EVENT_TYPE_WORDS.get(code)
    if words is None:
        meaning = EVENT_TYPES.get(code, code)
        words = meaning[:1].upper() + meaning[1:]
    return words


def event_place_phrase(event: Event) -> str:
    where = event.where
    return place_phrase(
        where.coded_admin, where.place, where.admin3, where.admin2, where.admin1, where.country
    ) or coordinates_phrase(where.lat, where.lon)


def place_phrase(
    coded_admin: str | None,
    place: str | None,
    admin3: str | None,
    admin2: str | None,
    admin1: str | None,
    country: str | None,
) -> str | None:
    """The place's name as the explanation gives it; None (or empty): say its coordinates."""
    name = coded_admin or place
    return name or admin3 or admin2 or admin1 or country


def coordinates_phrase(lat: float, lon: float) -> str:
    """The place of an event without any name."""
    ns = "N" if lat >= 0 else "S"
    ew = "E" if lon >= 0 else "W"
    return f"{abs(lat):.2f} {ns}, {abs(lon):.2f} {ew}"


def km_phrase(value: float) -> str:
    return f"{value:.1f} km"


def _percent(share: float) -> str:
    if 0.0 < share < 0.01:
        return "under 1 %"
    if 0.99 < share < 1.0:
        return "over 99 %"
    return f"{share * 100:.0f} %"


def event_space_phrase(
    space: Space, distance_km: float | None, share: float | None, event: Event
) -> str:
    coded = None if event.where.coded_admin_level is None else event_place_phrase(event)
    return space_phrase(space, distance_km, share, event.where.radius_km, coded)


def space_phrase(
    space: Space,
    distance_km: float | None,
    share: float | None,
    radius_km: float,
    coded_place: str | None,
) -> str:
    """The space part; ``coded_place``: the place of an event coded to a whole admin unit."""
    if distance_km is None:
        return "in the scope (the window applies everywhere)"
    if space is Space.INSIDE:
        return f"inside the scope ({km_phrase(distance_km)} from its edge)"
    if space is Space.OUTSIDE:
        return f"outside the scope ({km_phrase(distance_km)} from its edge)"
    radius = f"a {radius_km:g} km uncertainty radius"
    coded = ""
    if coded_place is not None:
        coded = f"coded to the whole of {coded_place}, "
    inside = "" if share is None or not math.isfinite(share) else f", {_percent(share)} inside"
    return f"straddles the scope's edge ({coded}{radius}{inside})"


def _day(d: datetime, year: bool = True) -> str:
    return f"{d.day} {d:%B}" + (f" {d.year}" if year else "")


def event_dates_phrase(event: Event) -> str:
    end = event.when.end
    assert end is not None
    return dates_phrase(event.when.start, end, event.timezone, event.date_precision)


def dates_phrase(start: datetime, end: datetime, timezone: str, precision: DatePrecision) -> str:
    """The date part of an event over ``[start, end)`` (aware instants) in its ``timezone``."""
    tz = zone(timezone)
    first = start.astimezone(tz)
    last = (end - _MICRO).astimezone(tz)
    if precision is DatePrecision.EXACT:
        return f"on {_day(first)} at {first:%H:%M} {zone_city(timezone)} time"
    if precision is DatePrecision.YEAR and first.year == last.year:
        return f"in {first.year}"
    if precision is DatePrecision.MONTH and (first.year, first.month) == (last.year, last.month):
        return f"in {first:%B} {first.year}"
    if first.date() == last.date():
        return f"on {_day(first)}"
    if (first.year, first.month) == (last.year, last.month):
        return f"between {first.day} and {_day(last)}"
    if first.year == last.year:
        return f"between {_day(first, year=False)} and {_day(last)}"
    return f"between {_day(first)} and {_day(last)}"


def _local(instant: datetime, tz: tzinfo, year: bool) -> str:
    local = instant.astimezone(tz)
    return f"{_day(local, year)} {local:%H:%M}"


def _window(agreement: Agreement, window: Window, event: Event) -> str:
    tz = zone(window.timezone)
    year = window.start.astimezone(tz).year != event.when.start.astimezone(tz).year
    return window_phrase(agreement, window, year)


def window_phrase(agreement: Agreement, window: Window, year: bool) -> str:
    """The window's phrase; ``year``: give the year of its start (not the event's year)."""
    tz = zone(window.timezone)
    began = f"{_local(window.start, tz, year)} {zone_city(window.timezone)} time"
    duration = window.nominal_interval.duration  # as stated: a recorded end is said apart
    length = ""
    if duration is not None:
        hours = duration / timedelta(hours=1)
        length = f"{hours:g}-hour "
    ended = ""
    end = window.ended
    if end is not None and end.kind != "expired":
        if end.written is not None and len(end.written) == len("2016-06-01"):  # a whole day
            last = (end.at - _MICRO).astimezone(tz)
            ended = f" and {end.kind} at the end of {_day(last, year)}"
        else:
            ended = f" and {end.kind} {_local(end.at, tz, year)}"
    if window.kind == "declaration":
        by = next((a.name for a in agreement.actors() if a.id == window.declared_by), None)
        who = by or window.declared_by
        return f"the {length}declaration by {who} that took effect {began}{ended}"
    what = "extension" if window.kind == "extension" else "truce"
    return f"the {length}{what} that began {began}{ended}"


def time_phrase(time: TimeRelation, phrase: str, starts_before: bool) -> str:
    """The time part around the window's ``phrase``; ``starts_before``: the event starts
    before the window (which edge an uncertain event straddles)."""
    if time is TimeRelation.DURING:
        return f"during {phrase}"
    if time is TimeRelation.BEFORE:
        return f"before {phrase}"
    if time is TimeRelation.AFTER:
        return f"after the end of {phrase}"
    if starts_before:
        return f"across the start of {phrase}"
    return f"across the end of {phrase}"


def _time(time: TimeRelation, agreement: Agreement, window: Window, event: Event) -> str:
    phrase = _window(agreement, window, event)
    return time_phrase(time, phrase, event.when.start < window.start)


def _group_name(agreement: Agreement, group_id: str | None) -> str:
    group = next((g for g in agreement.excluded_groups if g.id == group_id), None)
    return group.name if group is not None else str(group_id)


def _side(agreement: Agreement, event: Event, side: SideJudgement) -> str:
    later = (
        side.status is SideStatus.EXCLUDED
        and side.name is not None
        and not excluded_on_event_date(agreement, side.name, event)
    )
    return side_phrase(agreement, side, later)


def side_phrase(agreement: Agreement, side: SideJudgement, later_name: bool) -> str:
    """One side's part; ``later_name``: an excluded side named by a name taken only later."""
    label = f"side {side.side.upper()}"
    if side.status is SideStatus.ABSENT or side.name is None:
        return f"{label} is not named by the source"
    role = f" (the {'attacker' if side.role == 'perpetrator' else 'target'})" if side.role else ""
    who = f"{label} {side.name}{role}"
    status = side.status
    if status is SideStatus.PARTY:
        return f"{who} is a party"
    if status is SideStatus.NOT_YET_PARTY:
        return f"{who} had not yet acceded"
    if status is SideStatus.ACCESSION_UNCERTAIN:
        return f"{who} acceded during the event's dates"
    group = _group_name(agreement, side.matched)
    if status is SideStatus.EXCLUDED:
        text = f"{who} is an excluded group ({group})"
        if later_name:
            text += ", under a name it took only later"
        return text
    if status is SideStatus.MIXED:
        return f"{who} names an excluded group ({group}) together with others"
    return f"{who} is neither a party nor an excluded group"


def extraction_phrase(confidence: float | None, guessed: Sequence[str] = ()) -> str:
    """What the explanation of an event read from a news article adds at its end ("; read from
    a news article, extraction confidence 0.25, place and date guessed"): an extracted event
    never reads like a coded dataset row. Empty for a coded row (``confidence`` None)."""
    if confidence is None:
        return ""
    text = f"{FROM_NEWS}, extraction confidence {confidence:.2f}"
    parts = list(guessed)
    if parts:
        listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
        text += f", {listed} guessed"
    return text


def explanation(
    event: Event,
    agreement: Agreement,
    window: Window,
    verdict: VerdictKind,
    space: Space,
    time: TimeRelation,
    sides: tuple[SideJudgement, ...],
    distance_km: float | None,
    share: float | None,
) -> str:
    """The one-line explanation of a verdict (see the module docstring for an example).

    ``distance_km`` None means the window's scope covers everywhere.
    """
    return compose_sentence(
        VerdictKind(verdict),
        type_phrase(event.event_type),
        event_place_phrase(event),
        event_space_phrase(space, distance_km, share, event),
        event_dates_phrase(event),
        _time(time, agreement, window, event),
        [_side(agreement, event, s) for s in sides],
        event.actors.perpetrator is None,
        extraction_phrase(event.confidence, event.guessed),
    )


def compose_sentence(
    verdict: VerdictKind,
    type_words: str,
    place: str,
    space: str,
    dates: str,
    time: str,
    sides: list[str],
    undirected: bool,
    extraction: str = "",
) -> str:
    """The line from its parts (the one template of :func:`explanation`); ``extraction``: the
    :func:`extraction_phrase` of an event read from text, last."""
    head = f"{VERDICT_WORDS[verdict]}: {type_words} in {place}, {space}, {dates}, {time}"
    tail = [*sides, _UNDIRECTED] if undirected else sides
    return "; ".join([head, *tail]) + extraction + "."
