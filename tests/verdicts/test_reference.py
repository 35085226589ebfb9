"""The slow reference: every event x agreement x window, in order, with the contract's fields."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from shapely.geometry import Polygon

from trucewatch.errors import AgreementError
from trucewatch.model.agreement import Agreement, Party, Scope, ThirdParty, Window
from trucewatch.model.event import Actors, DatePrecision, Event, Location, LocationPrecision
from trucewatch.model.time import Interval, local_days_interval
from trucewatch.model.verdict import RULES_VERSION, Space, TimeRelation, VerdictKind
from trucewatch.verdicts.plane import KM_PER_DEGREE
from trucewatch.verdicts.reference import judge_pair, judge_reference

DAMASCUS = "Asia/Damascus"
PLUS3 = timezone(timedelta(hours=3))
START = datetime(2016, 5, 5, 1, tzinfo=PLUS3)
SQUARE = Polygon([(37.0, 36.1), (37.2, 36.1), (37.2, 36.3), (37.0, 36.3)])


def win(wid: str, start: datetime, hours: int | None, **kw) -> Window:
    end = None if hours is None else start + timedelta(hours=hours)
    kind = kw.pop("kind", "base" if wid == "base" else "extension")
    parent = "base" if kind == "extension" else None
    return Window(
        wid, "calm", kind, Interval(start, end), DAMASCUS, start.isoformat(), parent, **kw
    )


SQUARE_SCOPE = Scope.make("geojson", {}, SQUARE)


def calm(scope: Scope | None = SQUARE_SCOPE) -> Agreement:
    return Agreement(
        id="calm",
        name="Calm",
        timezone=DAMASCUS,
        base=win("base", START, 48),
        scope=scope,
        parties=(Party("gov", "Government of Syria"), Party("opp", "Syrian insurgents")),
        guarantors=(ThirdParty("us", "United States of America"),),
        extensions=(win("ext", START + timedelta(hours=48), 72),),
        declarations=(
            win("decl", START - timedelta(hours=25), None, kind="declaration", declared_by="us"),
        ),
    )


def event(row: str, day: date, lon: float, lat: float, radius: float = 2.0) -> Event:
    return Event(
        source="test",
        source_row_id=row,
        adapter="test.v1",
        when=local_days_interval(day, day, DAMASCUS),
        date_precision=DatePrecision.DAY,
        where=Location(lat, lon, radius, LocationPrecision.EXACT, place=f"place {row}"),
        event_type="battle.state_based",
        actors=Actors("Government of Syria", "Syrian insurgents"),
        timezone=DAMASCUS,
    )


INSIDE = event("in", date(2016, 5, 8), 37.1, 36.2)
OUTSIDE = event("out", date(2016, 5, 8), 37.5, 36.2)
EDGE = event("edge", date(2016, 5, 5), 37.1, 36.3, radius=5.0)


def test_reference_orders_by_event_then_agreement_then_window():
    base = replace(win("base", START, 1), agreement_id="other")
    other = Agreement(id="other", name="Other", timezone=DAMASCUS, base=base)
    got = judge_reference([INSIDE, EDGE], [calm(), other])
    assert [(v.event_id, v.agreement_id, v.window_id) for v in got] == [
        ("test:in", "calm", "base"),
        ("test:in", "calm", "ext"),
        ("test:in", "calm", "decl"),
        ("test:in", "other", "base"),
        ("test:edge", "calm", "base"),
        ("test:edge", "calm", "ext"),
        ("test:edge", "calm", "decl"),
        ("test:edge", "other", "base"),
    ]


def test_reference_verdicts_of_an_event_during_the_extension():
    got = {v.window_id: v for v in judge_reference([INSIDE], [calm()])}
    assert got["base"].verdict is VerdictKind.OUTSIDE_WINDOW
    assert got["base"].time is TimeRelation.AFTER
    assert got["ext"].verdict is VerdictKind.VIOLATION
    assert got["decl"].verdict is VerdictKind.VIOLATION
    v = got["ext"]
    assert v.space is Space.INSIDE and v.share_inside is None
    # 0.1 degree of longitude east or west to the edge, at the square's middle latitude
    assert v.distance_km == pytest.approx(0.1 * math.cos(math.radians(36.2)) * KM_PER_DEGREE)
    assert v.rules_version == RULES_VERSION
    assert v.explanation.startswith("Violation: ")
    assert [s.status.value for s in v.parties] == ["party", "party"]


def test_reference_include_outside_false_drops_only_outside_space():
    every = judge_reference([INSIDE, OUTSIDE, EDGE], [calm()])
    kept = judge_reference([INSIDE, OUTSIDE, EDGE], [calm()], include_outside=False)
    assert len(every) == 9
    assert kept == [v for v in every if v.space is not Space.OUTSIDE]
    assert {v.event_id for v in kept} == {"test:in", "test:edge"}


def test_reference_share_inside_only_where_space_is_uncertain():
    v = judge_pair(EDGE, calm(), calm().base)
    assert v.space is Space.UNCERTAIN and v.distance_km == 0.0
    assert v.share_inside == pytest.approx(0.5, abs=1e-6)
    assert v.time is TimeRelation.UNCERTAIN
    assert v.verdict is VerdictKind.POSSIBLE_VIOLATION


def test_reference_without_a_scope_covers_everywhere():
    v = judge_pair(OUTSIDE, calm(scope=None), calm().base)
    assert v.space is Space.INSIDE and v.distance_km is None and v.share_inside is None
    assert v.reasons[0] == "scope_everywhere"


def test_reference_window_scope_overrides_the_agreement_scope():
    far = Scope.make(
        "geojson", {}, Polygon([(37.4, 36.1), (37.6, 36.1), (37.6, 36.3), (37.4, 36.3)])
    )
    ag = calm()
    ag = replace(ag, extensions=(replace(ag.extensions[0], scope=far),))
    got = {v.window_id: v.space for v in judge_reference([OUTSIDE], [ag])}
    assert got == {"base": Space.OUTSIDE, "ext": Space.INSIDE, "decl": Space.OUTSIDE}


def test_reference_refuses_an_unresolved_admin_scope_naming_agreement_and_window():
    admin = Scope.make("admin", {"admin": {"level": 1, "name": "Aleppo"}}, None)
    ag = calm()
    ag = replace(ag, extensions=(replace(ag.extensions[0], scope=admin),))
    with pytest.raises(AgreementError, match=r"agreement 'calm', window 'ext'.*not resolved"):
        judge_reference([INSIDE], [ag])
    with pytest.raises(AgreementError, match="resolve_scopes"):
        judge_pair(INSIDE, ag, ag.extensions[0])


def test_reference_of_nothing_is_empty():
    assert judge_reference([], [calm()]) == []
    assert judge_reference([INSIDE], []) == []
