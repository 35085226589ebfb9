"""Verdicts stored as codes and read back equal today's path, ``judge(events, agreements)``,
row for row and field for field (explanations included), after a first build and after
incremental ingests; an old store's verdict table is converted by migration 8."""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime
from operator import attrgetter
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_build import events as event_lists
from test_kernel_vs_reference import agreements as agreement_strategy

from trucewatch.agreements import example_paths, load_examples
from trucewatch.catalog import add_agreement_file, load_agreements
from trucewatch.model import Actors, DatePrecision, Event, Location, LocationPrecision
from trucewatch.model.time import local_days_interval
from trucewatch.model.verdict import Verdict
from trucewatch.sources.base import adapter_for
from trucewatch.store import Store
from trucewatch.store.migrations import LATEST_VERSION, MIGRATIONS, migrate
from trucewatch.store.verdicts import REASON_BITS
from trucewatch.verdicts import reasons as R
from trucewatch.verdicts.judge import judge
from trucewatch.verdicts.stored import explanations, stored_verdicts
from trucewatch.verdicts.update import update_verdicts, window_key

KEY = attrgetter("event_id", "agreement_id", "window_id")


def _same(store: Store, agreements: list, events: list[Event]) -> None:
    expected = sorted(judge(events, agreements), key=KEY)
    got = sorted(stored_verdicts(store, agreements), key=KEY)
    assert len(got) == len(expected)
    assert got == expected


def test_reason_bits_are_every_reason_once_in_the_order_verdicts_list_them():
    assert sorted(REASON_BITS) == sorted(R.REASONS)
    sql = next(sql for version, _, sql in MIGRATIONS if version == 8)
    written = re.search(r"'inside_scope'.*?'contested'", sql, re.S)
    assert written is not None
    assert re.findall(r"'(\w+)'", written.group(0)) == list(REASON_BITS)


def _swapped(actors: Actors) -> Actors:
    if actors.perpetrator is None:
        return Actors(actors.side_b, None)
    return Actors(
        actors.side_a, actors.side_b, perpetrator=actors.target, target=actors.perpetrator
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_stored_verdicts_equal_judge_after_each_incremental_ingest(data):
    agreements = [data.draw(agreement_strategy(i)) for i in range(data.draw(st.integers(1, 3)))]
    events = data.draw(event_lists(agreements, data.draw(st.integers(2, 24))))
    # reports of the same incidents by another source, some blaming the other side: contested
    copies = data.draw(st.lists(st.sampled_from(events), max_size=len(events)))
    events += [
        replace(e, source="again", source_row_id=f"{k}", actors=_swapped(e.actors))
        if k % 2
        else replace(e, source="again", source_row_id=f"{k}")
        for k, e in enumerate(copies)
    ]
    events = data.draw(st.permutations(events))
    cuts = sorted(data.draw(st.lists(st.integers(1, len(events) - 1), max_size=2)))
    pieces = [events[a:b] for a, b in zip([0, *cuts], [*cuts, len(events)], strict=True)]
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "s.duckdb") as store:
        stored: list[Event] = []
        for k, piece in enumerate(pieces):
            if not piece:
                continue
            store.ingest_events(piece, label=f"piece {k}", adapter="prop.v1")
            stored += piece
            update_verdicts(store, agreements, batch_events=7)
            _same(store, agreements, stored)


def report(source: str, row: str, perpetrator: str, day: date = date(2016, 5, 8)) -> Event:
    return Event(
        source=source,
        source_row_id=row,
        adapter=f"{source}.v1",
        when=local_days_interval(day, day, "Asia/Damascus"),
        date_precision=DatePrecision.DAY,
        where=Location(36.2, 37.16, 2.0, LocationPrecision.EXACT, place="Aleppo"),
        event_type="remote.airstrike",
        actors=Actors("Government of Syria", "Syrian insurgents", perpetrator=perpetrator),
        timezone="Asia/Damascus",
    )


def test_a_new_report_makes_an_old_stored_verdict_contested(tmp_path):
    agreements = load_examples()
    first = report("acled", "1", "Government of Syria")
    second = report("gdelt", "9", "Syrian insurgents")  # the same strike, blamed on the other
    with Store.open(tmp_path / "s.duckdb") as store:
        store.ingest_events([first], label="one", adapter="acled.v1")
        update_verdicts(store, agreements)
        assert all(not v.contested_with for v in stored_verdicts(store, agreements))
        store.ingest_events([second], label="two", adapter="gdelt.v1")
        update_verdicts(store, agreements)
        verdicts = stored_verdicts(store, agreements)
        old = [v for v in verdicts if v.event_id == first.event_id and v.time.value == "during"]
        assert old and all(v.contested_with == (second.event_id,) for v in old)
        assert all(v.reasons[-1] == "contested" for v in old)
        _same(store, agreements, [first, second])


def test_ucdp_2016_in_three_ingests_is_stored_as_judge_gives_it(shared_data, tmp_path):
    lines = (shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv").read_text().splitlines(True)
    agreements = load_examples()
    with Store.open(tmp_path / "s.duckdb") as store:
        for k in range(3):
            part = tmp_path / f"part{k}.csv"
            part.write_text(lines[0] + "".join(lines[1 + k :: 3]))
            store.ingest(adapter_for("ucdp-ged"), part)
            report = update_verdicts(store, agreements)
            assert report.windows_rejudged == (report.windows_total if k == 0 else 0)
            _same(store, agreements, list(store.iter_events()))
        assert len(store.verdict_code_rows()) > 13_000


def test_explanations_of_many_keys_are_those_judge_gives(shared_data, tmp_path):
    lines = (shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv").read_text().splitlines(True)
    part = tmp_path / "part.csv"
    part.write_text(lines[0] + "".join(lines[1::7]))
    with Store.open(tmp_path / "s.duckdb") as store:
        store.ingest(adapter_for("ucdp-ged"), part)
        for path in example_paths():
            add_agreement_file(store, path)
        agreements = load_agreements(store)
        update_verdicts(store, agreements)
        judged = judge(list(store.iter_events()), agreements)
        expected = {KEY(v): v.explanation for v in judged if v.verdict.value != "no_violation"}
        keys = [*expected, ("ucdp:0", "syria-coh-2016", "base")]  # the last one is not stored
        got = explanations(store, keys)
    assert len(expected) > 300
    assert got == expected


def _old_row(v: Verdict, now: datetime) -> list:
    parties = [
        {"side": s.side, "name": s.name, "status": s.status.value, "matched": s.matched,
         "role": s.role}
        for s in v.parties
    ]  # fmt: skip
    return [
        v.event_id, v.agreement_id, v.window_id, v.verdict.value, v.space.value, v.time.value,
        json.dumps(parties, ensure_ascii=False), list(v.reasons), v.explanation, v.distance_km,
        v.share_inside, list(v.contested_with), v.rules_version, now,
    ]  # fmt: skip


def test_migration_8_converts_the_stored_verdicts_without_judging_again(tmp_path):
    agreements = load_examples()
    events = [
        report("acled", "1", "Government of Syria"),
        report("gdelt", "9", "Syrian insurgents"),
        report("acled", "2", "Government of Syria", date(2016, 2, 28)),
    ]
    with Store.open(tmp_path / "new.duckdb") as fresh:
        fresh.ingest_events(events, label="e", adapter="acled.v1")
    verdicts = judge(events, agreements)
    assert any(v.contested_with for v in verdicts)
    now = datetime.now(UTC)
    old = duckdb.connect(str(tmp_path / "old.duckdb"))
    assert migrate(old, upto=7) == 7
    old.execute(f"ATTACH '{tmp_path / 'new.duckdb'}' AS fresh (READ_ONLY)")
    old.execute("INSERT INTO events SELECT * EXCLUDE (confidence, guessed) FROM fresh.events")
    old.execute("INSERT INTO ingests SELECT * EXCLUDE (settings, settings_hash) FROM fresh.ingests")
    old.execute("DETACH fresh")
    for v in verdicts:
        old.execute(f"INSERT INTO verdicts VALUES ({', '.join('?' * 14)})", _old_row(v, now))
    for agreement in agreements:
        for window in agreement.windows():
            old.execute(
                "INSERT INTO verdict_windows VALUES (?, ?, ?, ?, 1, ?)",
                [agreement.id, window.id, window_key(agreement, window), verdicts[0].rules_version,
                 now],
            )  # fmt: skip
    old.close()
    with Store.open(tmp_path / "old.duckdb") as store:
        assert store.schema_version() == LATEST_VERSION
        _same(store, agreements, events)
        again = update_verdicts(store, agreements)
        assert (again.windows_rejudged, again.verdicts_written) == (0, 0)
        _same(store, agreements, events)
