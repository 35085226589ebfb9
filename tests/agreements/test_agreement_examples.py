"""The bundled Syria 2016 reference agreements load and resolve to the right UTC windows."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import shapely

from trucewatch.agreements import agreement_to_dict, example_paths, load_examples
from trucewatch.geo.boundaries import BoundarySet
from trucewatch.model.agreement import Agreement


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@pytest.fixture(scope="module")
def examples() -> dict[str, Agreement]:
    return {a.id: a for a in load_examples()}


def test_examples_every_file_loads_with_its_expected_id(examples):
    assert len(example_paths()) == 4
    assert set(examples) == {
        "syria-coh-2016",
        "aleppo-calm-2016-05",
        "eastern-ghouta-2016-04",
        "latakia-2016-04",
    }


def test_examples_coh_starts_midnight_damascus_and_is_open_ended(examples):
    coh = examples["syria-coh-2016"]
    (base,) = coh.windows()
    assert base.start == utc("2016-02-26T22:00:00+00:00")
    assert base.end is None
    assert base.local_start == "2016-02-27T00:00:00+02:00"
    assert coh.references.pax_id == 1507
    assert {g.id for g in coh.guarantors} == {"us", "russia"}
    assert all(p.accession == utc("2016-02-26T10:00:00+00:00") for p in coh.parties)


@pytest.mark.parametrize(
    ("window_id", "kind", "parent", "start", "end"),
    [
        ("base", "base", None, "2016-05-04T22:00:00+00:00", "2016-05-06T22:00:00+00:00"),
        (
            "ext-72h-2016-05-07",
            "extension",
            "base",
            "2016-05-06T22:00:00+00:00",
            "2016-05-09T22:00:00+00:00",
        ),
        (
            "ext-48h-2016-05-10",
            "extension",
            "ext-72h-2016-05-07",
            "2016-05-09T22:00:00+00:00",
            "2016-05-11T22:00:00+00:00",
        ),
        (
            "us-coh-extended-to-aleppo",
            "declaration",
            None,
            "2016-05-03T21:01:00+00:00",
            "2016-05-06T21:00:00+00:00",  # lapsed at the end of 6 May, Damascus time
        ),
    ],
)
def test_examples_aleppo_chain_resolves_to_utc_windows(
    examples, window_id, kind, parent, start, end
):
    window = examples["aleppo-calm-2016-05"].window(window_id)
    assert window.kind == kind
    assert window.parent_id == parent
    assert window.start == utc(start)
    assert window.end == (None if end is None else utc(end))


def test_examples_aleppo_us_declaration_is_by_the_us_and_starts_a_day_before_the_army(examples):
    aleppo = examples["aleppo-calm-2016-05"]
    us = aleppo.window("us-coh-extended-to-aleppo")
    assert us.declared_by == "us"
    assert aleppo.base.start - us.start == timedelta(hours=24, minutes=59)
    (condition,) = aleppo.conditions
    assert condition.kind == "deadline" and condition.by.isoformat() == "2016-08-01"


@pytest.mark.parametrize(
    ("agreement_id", "start", "hours"),
    [
        ("eastern-ghouta-2016-04", "2016-04-29T22:00:00+00:00", 24),
        ("latakia-2016-04", "2016-04-29T22:00:00+00:00", 72),
    ],
)
def test_examples_april_truces_last_24_and_72_hours(examples, agreement_id, start, hours):
    base = examples[agreement_id].base
    assert base.start == utc(start)
    assert base.interval.duration == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("place", "lat", "lon", "inside"),
    [
        ("Damascus", 33.5138, 36.2765, True),
        ("Aleppo", 36.2021, 37.1343, True),
        ("Homs", 34.7324, 36.7137, True),
        ("Deir ez-Zor", 35.3359, 40.1408, True),
        ("Raqqa", 35.9594, 39.0079, True),
        ("Qamishli", 37.0522, 41.2272, True),
        ("Daraa", 32.6189, 36.1021, True),
        ("Latakia", 35.5317, 35.7901, True),
        ("Idlib", 35.9306, 36.6339, True),
        ("Beirut", 33.8938, 35.5018, False),
        ("Amman", 31.9454, 35.9284, False),
        ("Gaziantep", 37.0662, 37.3833, False),
        ("Mosul", 36.3350, 43.1189, False),
    ],
)
def test_examples_syria_outline_covers_syrian_cities_only(examples, place, lat, lon, inside):
    geometry = examples["syria-coh-2016"].scope.geometry
    assert geometry.is_valid
    assert geometry.covers(shapely.Point(lon, lat)) is inside, place


def test_examples_syria_outline_has_25_to_45_vertices(examples):
    ring = examples["syria-coh-2016"].scope.geometry.exterior
    assert 25 <= len(ring.coords) - 1 <= 45


def test_examples_aleppo_polygon_is_valid_and_contains_the_citadel(examples):
    geometry = examples["aleppo-calm-2016-05"].scope.geometry
    assert geometry.is_valid
    assert 12 <= len(geometry.exterior.coords) - 1 <= 20
    assert geometry.covers(shapely.Point(37.1628, 36.1992))
    minx, miny, maxx, maxy = geometry.bounds
    assert minx >= 37.03 and maxx <= 37.27 and miny >= 36.10 and maxy <= 36.30


@pytest.mark.parametrize(
    ("agreement_id", "lat", "lon", "inside"),
    [
        ("eastern-ghouta-2016-04", 33.57, 36.40, True),  # Douma, the centre
        ("eastern-ghouta-2016-04", 33.5138, 36.2765, False),  # central Damascus, ~13 km away
        ("latakia-2016-04", 35.80, 36.10, True),
        ("latakia-2016-04", 35.5317, 35.7901, False),  # Latakia city, ~41 km away
    ],
)
def test_examples_point_scopes_are_discs_of_the_given_radius(
    examples, agreement_id, lat, lon, inside
):
    assert examples[agreement_id].scope.geometry.covers(shapely.Point(lon, lat)) is inside


def test_examples_syria_outline_agrees_with_ocha_country_boundary(examples, shared_data):
    ocha = shared_data / "syria_admin_boundaries_ocha" / "syr_admin0.geojson"
    country = BoundarySet.from_file(ocha, level=0).get("SY").geometry
    outline = examples["syria-coh-2016"].scope.geometry
    iou = shapely.intersection(country, outline).area / shapely.union(country, outline).area
    assert iou > 0.9


def test_examples_render_to_json_with_every_window(examples):
    data = agreement_to_dict(examples["aleppo-calm-2016-05"])
    json.dumps(data)  # JSON-ready
    assert [w["id"] for w in data["windows"]] == [
        "base",
        "ext-72h-2016-05-07",
        "ext-48h-2016-05-10",
        "us-coh-extended-to-aleppo",
    ]
    assert data["windows"][0]["start_utc"] == "2016-05-04T22:00:00Z"
    assert data["windows"][0]["local_start"] == "2016-05-05T01:00:00+03:00"
    assert data["windows"][1]["parent"] == "base"
    assert data["windows"][3]["declared_by"] == "us"
    assert data["windows"][3]["end_utc"] == "2016-05-06T21:00:00Z"
    assert data["windows"][3]["nominal_end_utc"] is None
    assert data["windows"][3]["open_ended"] is False
    assert data["windows"][3]["ended"]["kind"] == "lapsed"
    assert data["windows"][3]["ended"]["replaced_by"] == "ext-72h-2016-05-07"
    assert data["windows"][3]["ended"]["as_written"] == "2016-05-06"
    assert data["open_ended"] is False and data["end_utc"] == "2016-05-11T22:00:00Z"
    assert data["scope"]["kind"] == "geojson"
    assert 150 < data["scope"]["area_km2"] < 400
    coh = agreement_to_dict(examples["syria-coh-2016"])
    assert 170_000 < coh["scope"]["area_km2"] < 200_000


def test_examples_folder_loads_and_duplicate_ids_are_refused(tmp_path):
    from trucewatch.agreements import load_agreements
    from trucewatch.errors import AgreementError

    folder = example_paths()[0].parent
    assert len(load_agreements(folder)) == 4
    copy = tmp_path / "copy.yaml"
    copy.write_text(example_paths()[0].read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(AgreementError, match="already used"):
        load_agreements([example_paths()[0], copy])


def _eth_prio_rows(shared_data, uniq_id: str) -> list[dict[str, str]]:
    import csv

    path = shared_data / "eth_prio_ceasefires" / "ceasefires_syria.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["uniq_id"] == uniq_id]
    assert rows, f"ETH/PRIO {uniq_id} is not in {path}"
    return rows


def _local_date(instant: datetime) -> str:
    from zoneinfo import ZoneInfo

    # an exclusive end: the last instant inside the window is on this local day
    return (
        (instant - timedelta(microseconds=1))
        .astimezone(ZoneInfo("Asia/Damascus"))
        .date()
        .isoformat()
    )


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("agreement_id", "window_id", "uniq_id"),
    [
        ("aleppo-calm-2016-05", "us-coh-extended-to-aleppo", "652064"),
        ("aleppo-calm-2016-05", "ext-72h-2016-05-07", "652065"),
        ("aleppo-calm-2016-05", "ext-48h-2016-05-10", "652067"),
        ("eastern-ghouta-2016-04", "base", "652060"),
    ],
)
def test_examples_window_ends_on_the_day_eth_prio_records(
    examples, shared_data, agreement_id, window_id, uniq_id
):
    window = examples[agreement_id].window(window_id)
    rows = _eth_prio_rows(shared_data, uniq_id)
    ends = {f"{r['end_yr']}-{int(r['end_month']):02d}-{int(r['end_day']):02d}" for r in rows}
    assert ends == {_local_date(window.end)} or ends == {window.end.date().isoformat()}
    assert window.ended is not None
    assert any(uniq_id in e for e in window.ended.evidence)


@pytest.mark.shared_data
def test_examples_latakia_ends_in_may_as_eth_prio_records_with_no_day(examples, shared_data):
    (row, *_) = _eth_prio_rows(shared_data, "652061")
    assert (row["end_yr"], row["end_month"], row["end_day"]) == ("2016", "5", "-1")
    base = examples["latakia-2016-04"].base
    assert base.end.astimezone(UTC).strftime("%Y-%m") == "2016-05"
    assert base.ended.kind == "expired"


@pytest.mark.shared_data
def test_examples_coh_is_open_ended_because_eth_prio_records_no_end(examples, shared_data):
    rows = _eth_prio_rows(shared_data, "652057")
    assert {(r["ended"], r["end_yr"], r["end_month"], r["end_day"]) for r in rows} == {
        ("-1", "-1", "-1", "-1")
    }
    coh = examples["syria-coh-2016"]
    assert coh.open_ended and coh.base.ended is None
    assert agreement_to_dict(coh)["end"] == "open-ended (no end recorded): base"


def test_examples_every_recorded_end_cites_a_source(examples):
    for agreement in examples.values():
        for window in agreement.windows():
            if window.ended is not None:  # one citation per entry (no YAML flow-list split)
                assert window.ended.evidence, (agreement.id, window.id)
                assert all("ETH/PRIO" in e for e in window.ended.evidence), window.id
        assert any("ETH/PRIO" in c for c in agreement.references.citations), agreement.id


def test_examples_aleppo_us_declaration_lapsed_into_the_72h_extension(examples):
    aleppo = examples["aleppo-calm-2016-05"]
    us = aleppo.window("us-coh-extended-to-aleppo")
    assert us.nominal_interval.end is None  # the statement gave no end
    assert us.ended.kind == "lapsed" and us.ended.replaced_by == "ext-72h-2016-05-07"
    assert "code 4" in us.ended.evidence[0] and "not in our copy" in us.ended.evidence[0]
    assert not aleppo.open_ended
