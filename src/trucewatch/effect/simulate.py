"""A seeded simulation of a conflict with a truce: SYNTHETIC events with a known true effect.

Used by the demo where no real data is at hand, and by validation of the effect estimates.
Daily event counts per city are drawn from a negative binomial (overdispersed, like real
conflict counts) around baseline rates of the order of UCDP GED Syria 2016 (about 17 events a
day nationwide; see docs/simulation.md). From the truce start on, the rate inside the truce
is multiplied by ``effect`` (the true rate ratio); cities held by a group the truce excludes
(``covered=False``) keep their rate, so they act as controls. Every event says it is synthetic.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import numpy as np

from trucewatch.errors import ValidationError
from trucewatch.model import (
    Actors,
    DatePrecision,
    Event,
    Fatalities,
    Interval,
    Location,
    LocationPrecision,
    Provenance,
    local_days_interval,
)

__all__ = ["DEFAULT_CITIES", "SimCity", "SimulationConfig", "simulate"]

SYNTHETIC_NOTE = "SYNTHETIC: seeded simulation by trucewatch, not a real event"


@dataclass(frozen=True, slots=True)
class SimCity:
    """A real city centre with a made-up daily event rate and who fights there."""

    name: str
    lat: float
    lon: float
    admin1: str
    rate_per_day: float
    side_b: str = "Syrian insurgents"
    covered: bool = True  # False: the other side is excluded from the truce (a control area)

    def __post_init__(self) -> None:
        if self.rate_per_day < 0:
            raise ValidationError(f"{self.name}: rate_per_day must be >= 0")


# City-centre coordinates are public facts (GeoNames); rates are made up to resemble 2016.
DEFAULT_CITIES: tuple[SimCity, ...] = (
    SimCity("Aleppo", 36.2021, 37.1343, "Aleppo", 4.5),
    SimCity("Idlib", 35.9306, 36.6339, "Idleb", 1.8),
    SimCity("Hama", 35.1318, 36.7578, "Hama", 1.4),
    SimCity("Homs", 34.7268, 36.7234, "Homs", 1.4),
    SimCity("Douma", 33.5711, 36.4028, "Rural Damascus", 2.2),
    SimCity("Daraa", 32.6189, 36.1021, "Dar'a", 1.0),
    SimCity("Latakia countryside", 35.8000, 36.1000, "Lattakia", 0.8),
    SimCity("Deir ez-Zor", 35.3359, 40.1408, "Deir-ez-Zor", 2.0, "IS", covered=False),
    SimCity("Raqqa", 35.9528, 39.0079, "Ar-Raqqa", 1.0, "IS", covered=False),
    SimCity("Al-Bab", 36.3705, 37.5157, "Aleppo", 0.8, "IS", covered=False),
)

_TYPE_CODES = ("remote.airstrike", "remote.shelling", "battle.armed_clash")
_TYPE_WEIGHTS = (0.35, 0.35, 0.30)


@dataclass(frozen=True, slots=True)
class SimulationConfig:
    """What to simulate. The same config and seed always give the same events."""

    seed: int = 2016
    first_day: date = date(2016, 1, 1)
    last_day: date = date(2016, 5, 31)
    truce_start: datetime = datetime(2016, 2, 26, 22, 0, tzinfo=UTC)  # 27 Feb 00:00 Damascus
    effect: float = 0.35
    dispersion: float = 2.0  # negative binomial shape k: variance = mu + mu^2 / k
    jitter_km: float = 6.0
    timezone: str = "Asia/Damascus"
    cities: tuple[SimCity, ...] = field(default=DEFAULT_CITIES)

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise ValidationError("last_day is before first_day")
        if not self.effect >= 0:
            raise ValidationError(f"effect {self.effect} must be >= 0 (a rate ratio)")
        if self.dispersion <= 0:
            raise ValidationError("dispersion must be > 0")
        Interval(self.truce_start)  # refuses a naive start


def _daily_mean(city: SimCity, day_interval: Interval, config: SimulationConfig) -> float:
    if city.covered and day_interval.start >= config.truce_start:
        return city.rate_per_day * config.effect
    return city.rate_per_day


def simulate(config: SimulationConfig | None = None) -> Iterator[Event]:
    """Yield the synthetic events of ``config`` (source ``sim``, adapter ``simulation.v1``)."""
    config = config or SimulationConfig()
    rng = np.random.default_rng(config.seed)
    n_days = (config.last_day - config.first_day).days + 1
    serial = 0
    for offset in range(n_days):
        day = config.first_day + timedelta(days=offset)
        when = local_days_interval(day, day, config.timezone)
        for city in config.cities:
            mu = _daily_mean(city, when, config)
            if mu <= 0:
                continue
            k = config.dispersion
            count = int(rng.negative_binomial(k, k / (k + mu)))
            for _ in range(count):
                serial += 1
                yield _event(serial, day, when, city, rng, config)


def _event(
    serial: int,
    day: date,
    when: Interval,
    city: SimCity,
    rng: np.random.Generator,
    config: SimulationConfig,
) -> Event:
    # jitter uniformly in a disc of jitter_km around the centre
    r = config.jitter_km * math.sqrt(rng.random())
    theta = 2 * math.pi * rng.random()
    lat = city.lat + (r * math.cos(theta)) / 111.32
    lon = city.lon + (r * math.sin(theta)) / (111.32 * math.cos(math.radians(city.lat)))
    kind = _TYPE_CODES[int(rng.choice(len(_TYPE_CODES), p=_TYPE_WEIGHTS))]
    best = int(rng.negative_binomial(1.0, 1.0 / (1.0 + 2.5)))
    low = max(0, best - int(rng.integers(0, 2)))
    high = best + int(rng.integers(0, 3))
    return Event(
        source="sim",
        source_row_id=f"{config.seed}-{serial}",
        adapter="simulation.v1",
        when=when,
        date_precision=DatePrecision.DAY,
        where=Location(
            lat=round(lat, 5),
            lon=round(lon, 5),
            radius_km=2.0,
            precision=LocationPrecision.EXACT,
            place=city.name,
            country="Syria",
            admin1=city.admin1,
        ),
        event_type=kind,
        actors=Actors(side_a="Government of Syria", side_b=city.side_b),
        fatalities=Fatalities(low=low, best=best, high=high),
        provenance=Provenance(
            notes=f"{SYNTHETIC_NOTE} (seed {config.seed}, city {city.name}, day {day})",
            publisher="trucewatch simulator",
        ),
        source_event_type="simulated",
        timezone=config.timezone,
    )
