"""A small synthetic monitoring case for the report tests: simulated events around the 27 Feb
2016 cessation, one hand-made event whose names carry HTML, the bundled agreement, verdicts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from trucewatch import Actors, SimulationConfig, load_examples, simulate
from trucewatch.effect.simulate import DEFAULT_CITIES
from trucewatch.model import Event
from trucewatch.model.agreement import Agreement
from trucewatch.model.verdict import Verdict
from trucewatch.verdicts.judge import judge

#: a side name that must come out escaped everywhere it is shown
NASTY_SIDE = '<b onclick="x()">Tom & "Jerry"</b>'
REPORT_DAY = date(2016, 3, 10)


@pytest.fixture(scope="session")
def nasty_side() -> str:
    return NASTY_SIDE


@pytest.fixture(scope="session")
def report_day() -> date:
    return REPORT_DAY


@pytest.fixture(scope="session")
def coh() -> Agreement:
    return next(a for a in load_examples() if a.id == "syria-coh-2016")


@pytest.fixture(scope="session")
def sim_events() -> list[Event]:
    config = SimulationConfig(
        seed=7,
        first_day=date(2016, 2, 1),
        last_day=REPORT_DAY,
        cities=DEFAULT_CITIES[:3] + DEFAULT_CITIES[-2:],
    )
    events = list(simulate(config))
    # one event of the report day whose side B carries HTML (a party, so a violation)
    template = next(e for e in events if e.where.place == "Aleppo" and e.when.end is not None)
    day_events = [e for e in events if e.when.start.date() >= date(2016, 3, 9)]
    when = day_events[-1].when
    nasty = replace(
        template,
        source_row_id="nasty-1",
        when=when,
        actors=Actors(side_a="Government of Syria", side_b=NASTY_SIDE),
    )
    return [*events, nasty]


@pytest.fixture(scope="session")
def sim_verdicts(sim_events: list[Event], coh: Agreement) -> list[Verdict]:
    return judge(sim_events, [coh], include_outside=True)
