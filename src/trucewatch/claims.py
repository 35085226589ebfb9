"""Do the data support a claim? :func:`check_claim` runs the effect module on the claim's area and
period against the period of the same length just before it (docs/news.md, "Claims").

The area is the scope of a stored agreement when the claim is about one (``agreement=`` or
``Claim.about``), else the places the claim names: a stored boundary unit of that name, or a
disc around the place (the radius the news extractor gives a mention of it), or, for a
nationwide claim, the stored admin-1 units of the country; :attr:`ClaimCheck.area` says which.
The period is the claim's (``period_start`` None: from the agreement's start). The count is the
headline count of :mod:`trucewatch.effect.headline` (violent events located in the area,
certain in space and time, no side an excluded group of the agreement), compared by
:func:`~trucewatch.effect.estimates.window_effect` (negative binomial, exact Poisson for few
events); the numbers with uncertain events counted in are given beside it.

Verdicts: ``supported`` when the 95 % interval of the rate ratio lies wholly on the side the
claim says ("violence decreased", "the truce is holding": below 1; "violence increased", "the
truce collapsed": above 1), ``contradicted`` when it lies wholly on the other side, else
``not enough data`` with the reason (the interval includes no change, the data do not cover the
period, no area). A count of violations is ``supported`` when at least that many events are
recorded in the area and period, else ``not enough data``: datasets code fewer incidents than
parties allege (UCDP only those with deaths), so a smaller count never contradicts one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import shapely
import shapely.geometry
from shapely.geometry.base import BaseGeometry

from trucewatch.effect.estimates import WindowEffect, window_effect
from trucewatch.effect.series import daily_series, local_day
from trucewatch.errors import ValidationError
from trucewatch.geo.scope import circle
from trucewatch.model.agreement import Agreement, Scope
from trucewatch.model.time import Interval, zone
from trucewatch.model.window import Window
from trucewatch.store import EventQuery, Store
from trucewatch.text.gazetteer import Gazetteer, Place, default_gazetteer, norm
from trucewatch.text.packs import pack
from trucewatch.text.places import precision_of, radius_of
from trucewatch.text.statement_model import Claim
from trucewatch.verdicts.store_rules import rules_of
from trucewatch.workspace import load_agreement

__all__ = ["VERDICTS", "ClaimCheck", "check_claim"]

VERDICTS = ("supported", "contradicted", "not enough data")
#: which side of 1 the rate ratio must lie on for the claim to be supported
_SIDE = {
    "violence_decreased": "down",
    "truce_holding": "down",
    "violence_increased": "up",
    "truce_collapsed": "up",
}


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """A claim against the data: the verdict, why, the area and periods compared, the numbers."""

    claim: Claim
    verdict: str
    reason: str
    area: str = ""
    area_source: str | None = None  # agreement | boundaries | buffer | None (no area)
    agreement_id: str | None = None
    period_start: datetime | None = None
    period_end: datetime | None = None
    before_first: date | None = None
    during_first: date | None = None
    during_last: date | None = None
    days_before: int = 0
    days_during: int = 0
    events_before: int | None = None
    events_during: int | None = None
    deaths_before: int | None = None
    deaths_during: int | None = None
    rate_ratio: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    method: str | None = None
    n: int | None = None
    n_uncertain: int | None = None
    ratio_uncertain_in: float | None = None
    ci_uncertain_in: tuple[float | None, float | None] = (None, None)
    did_ratio: float | None = None

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValidationError(f"verdict {self.verdict!r} is not one of {', '.join(VERDICTS)}")


@dataclass(frozen=True, slots=True)
class _Area:
    geometry: BaseGeometry
    words: str
    source: str
    timezone: str
    agreement: Agreement | None = None


def _not_enough(claim: Claim, reason: str, **given: object) -> ClaimCheck:
    return ClaimCheck(claim, "not enough data", reason, **given)  # type: ignore[arg-type]


def _place(gaz: Gazetteer, name: str) -> Place | None:
    found = gaz.lookup(name)
    return next((p for p in found if p.name == name), found[0] if found else None)


def _unit(store: Store, names: set[str]) -> list[tuple[str, BaseGeometry]]:
    """Stored boundary units whose name (or one of its names) is one of ``names`` (normalized)."""
    out = []
    for record in store.boundary_records():
        spelled = {record["name"], *(record.get("names") or ())}
        if {norm(str(n)) for n in spelled if n} & names:
            out.append((str(record["name"]), shapely.from_wkb(record["wkb"])))
    return out


def _area_of(store: Store, claim: Claim, gaz: Gazetteer, country: str) -> _Area | str:
    """The claim's own area (no agreement), or the reason there is none."""
    if claim.nationwide:
        units = pack(country).admin1
        found = _unit(store, {norm(u.name) for u in units})
        if not found:
            return (
                f"a nationwide claim needs the country's outline: name the nationwide truce "
                f"(--agreement ID) or load {country}'s admin-1 boundaries into the store "
                f"(trucewatch boundaries load)"
            )
        whole = shapely.union_all([g for _n, g in found])
        return _Area(
            whole,
            f"{len(found)} stored admin-1 units of {country}",
            "boundaries",
            pack(country).timezone,
        )
    if not claim.scope:
        return "the claim names no place and no agreement: pass --agreement ID for its area"
    parts: list[BaseGeometry] = []
    words: list[str] = []
    sources: set[str] = set()
    zones: set[str] = set()
    for name in claim.scope:
        place = _place(gaz, name)
        if place is None:
            return f"place {name!r} is not in the gazetteer of {country}: pass --agreement ID"
        zones.add(place.timezone)
        stored = _unit(store, {norm(name)}) if place.kind == "admin1" else []
        if stored:
            parts.append(stored[0][1])
            words.append(f"{name} (stored boundary unit)")
            sources.add("boundaries")
            continue
        radius = radius_of(place, precision_of(place, None))
        parts.append(circle(place.lat, place.lon, radius))
        words.append(f"{name} ({radius:.1f} km around {place.lat:.3f}, {place.lon:.3f})")
        sources.add("buffer")
    source = sources.pop() if len(sources) == 1 else "boundaries+buffer"
    return _Area(shapely.union_all(parts), "; ".join(words), source, zones.pop())


def _probe(area: _Area, start: datetime, end: datetime) -> Agreement:
    """A stand-in agreement over the claim's area and period, with the excluded groups and
    parties of the agreement the claim is about, so the effect module judges it as any other."""
    base = area.agreement
    agreement_id = f"claim-{base.id}" if base else "claim"
    window = Window(
        "base",
        agreement_id,
        "base",
        Interval(start, end),
        area.timezone,
        local_start=start.isoformat(),
    )
    return Agreement(
        id=agreement_id,
        name=f"claim checked over {area.words}",
        timezone=area.timezone,
        base=window,
        scope=Scope.make("geojson", shapely.geometry.mapping(area.geometry), area.geometry),
        parties=base.parties if base else (),
        excluded_groups=base.excluded_groups if base else (),
    )


def _verdict(claim: Claim, effect: WindowEffect) -> tuple[str, str]:
    scope = effect.estimate("events", "scope", "excluded")
    if claim.kind == "violations_counted":
        recorded = int(scope.during)
        if claim.count is not None and recorded >= claim.count:
            return "supported", f"{recorded} violent events recorded, {claim.count} claimed"
        return "not enough data", (
            f"{recorded} violent events recorded against {claim.count} claimed: datasets code "
            "fewer incidents than parties allege (UCDP only those with deaths), so fewer "
            "recorded events do not contradict the count"
        )
    ratio, low, high = scope.rate_ratio, scope.ci_low, scope.ci_high
    if ratio is None or low is None or high is None:
        return "not enough data", f"no rate ratio: {scope.note or 'no events in a period'}"
    said = _SIDE[claim.kind]
    interval = f"rate ratio {ratio:.2f} (95 % {low:.2f}-{high:.2f}, {scope.method})"
    if high < 1:
        fell = f"violence fell: {interval}"
        return ("supported", fell) if said == "down" else ("contradicted", fell)
    if low > 1:
        rose = f"violence rose: {interval}"
        return ("supported", rose) if said == "up" else ("contradicted", rose)
    return "not enough data", f"the interval includes no change: {interval}"


def check_claim(
    store: Store,
    claim: Claim,
    *,
    agreement: str | None = None,
    gazetteer: Gazetteer | None = None,
    country: str = "SY",
    method: str = "negative_binomial",
    draws: int = 200,
    seed: int = 0,
) -> ClaimCheck:
    """Whether the data in ``store`` support ``claim`` (see the module docstring).

    ``agreement`` (else ``claim.about``): the stored agreement whose scope is the area and
    whose start is the period's start when the claim gives none; NotFoundError naming the
    stored ids for an unknown one. ``country``: where the claim's places are looked up.
    Missing areas and periods the data do not cover give ``not enough data`` with the reason.
    """
    agreement_id = agreement or claim.about
    if agreement_id is not None:
        stored, _ = load_agreement(store, agreement_id)
        scope = stored.scope_of(stored.base)
        if scope is None or scope.geometry is None:
            return _not_enough(claim, f"agreement {agreement_id!r} has no resolved scope")
        area: _Area | str = _Area(
            scope.geometry,
            f"the scope of agreement {agreement_id} ({scope.label or scope.kind})",
            "agreement",
            stored.timezone,
            stored,
        )
    else:
        gaz = gazetteer or default_gazetteer(countries=(country,))
        area = _area_of(store, claim, gaz, country)
    if isinstance(area, str):
        return _not_enough(claim, area)
    start = claim.period_start
    if start is None and area.agreement is not None:
        start = area.agreement.base.start
    if start is None or claim.period_end is None:
        return _not_enough(
            claim,
            "the claim gives no start for its period ('since the truce began'): pass "
            "--agreement ID so that the agreement's start is used",
            area=area.words,
            area_source=area.source,
        )
    return _measured(store, claim, area, start, claim.period_end, method, draws, seed)


def _measured(
    store: Store,
    claim: Claim,
    area: _Area,
    start: datetime,
    end: datetime,
    method: str,
    draws: int,
    seed: int,
) -> ClaimCheck:
    known = {
        "area": area.words,
        "area_source": area.source,
        "agreement_id": area.agreement.id if area.agreement else None,
        "period_start": start.astimezone(zone(area.timezone)),
        "period_end": end.astimezone(zone(area.timezone)),
    }
    if end <= start:
        return _not_enough(
            claim,
            f"the period starts ({start.isoformat()}) when or after it ends ({end.isoformat()}, "
            "the publication): the agreement it is checked against started later",
            **known,
        )
    days = math.ceil((end - start).total_seconds() / 86400)
    stats = store.stats()
    if stats.first_event is None or stats.last_event is None:
        return _not_enough(claim, "the store holds no events", **known)
    tz = area.timezone
    first_data, last_data = local_day(stats.first_event, tz), local_day(stats.last_event, tz)
    first = max(local_day(start, tz) - timedelta(days=days), first_data)
    last = min(local_day(start, tz) + timedelta(days=days - 1), last_data)
    if local_day(start, tz) <= first_data or local_day(start, tz) > last_data:
        return _not_enough(
            claim,
            f"the stored events ({first_data} to {last_data}) do not cover both the period "
            f"from {local_day(start, tz)} and the {days} days before it",
            **known,
        )
    probe = _probe(area, start, end)
    query = EventQuery(
        start=datetime.combine(first, datetime.min.time(), start.tzinfo) - timedelta(days=1),
        end=end + timedelta(days=1),
    )
    events = list(store.iter_events(query))
    outcomes = rules_of(store).outcomes(events, [probe])
    control = "excluded" if claim.nationwide and area.agreement is not None else "country"
    series = daily_series(
        events, outcomes, probe, probe.base, first_day=first, last_day=last, control=control
    )
    effect = window_effect(series, days, method=method, draws=draws, seed=seed)
    verdict, reason = _verdict(claim, effect)
    scope, deaths = effect.estimate(), effect.estimate("deaths")
    included = effect.estimate("events", "scope", "included")
    did = next((d for d in effect.did if d.measure == "events" and d.uncertain == "excluded"), None)
    cut = []
    if scope.before_days < days:
        cut.append(f"before period cut to {scope.before_days} of {days} days by the data")
    if scope.during_days < days:
        cut.append(f"period cut to {scope.during_days} of {days} days by the data")
    if cut:
        reason = f"{reason} ({'; '.join(cut)})"
    return ClaimCheck(
        claim,
        verdict,
        reason,
        before_first=effect.before_first,
        during_first=effect.during_first,
        during_last=effect.during_last,
        days_before=scope.before_days,
        days_during=scope.during_days,
        events_before=int(scope.before),
        events_during=int(scope.during),
        deaths_before=int(deaths.before),
        deaths_during=int(deaths.during),
        rate_ratio=scope.rate_ratio,
        ci_low=scope.ci_low,
        ci_high=scope.ci_high,
        method=scope.method,
        n=int(scope.before + scope.during),
        n_uncertain=effect.n_uncertain,
        ratio_uncertain_in=included.rate_ratio,
        ci_uncertain_in=(included.ci_low, included.ci_high),
        did_ratio=did.ratio if did else None,
        **known,  # type: ignore[arg-type]
    )
