"""What is in force where and when; admin scopes resolved against boundaries; scope kinds."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import shapely

from trucewatch.agreements import (
    agreement_to_dict,
    in_force,
    load_agreement,
    load_examples,
    resolve_scopes,
    windows_in_utc,
)
from trucewatch.errors import AgreementError
from trucewatch.geo.boundaries import BoundarySet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CITADEL = (36.1992, 37.1628)


@pytest.fixture(scope="module")
def examples():
    return load_examples()


def ids(pairs):
    return {(a.id, w.id) for a, w in pairs}


def test_in_force_at_aleppo_on_8_may_gives_the_72h_extension_and_the_coh(examples):
    # the US declaration lapsed at the end of 6 May (ETH/PRIO 652064): not in force any more
    found = in_force(examples, *CITADEL, datetime(2016, 5, 8, 12, tzinfo=UTC))
    assert ids(found) == {
        ("aleppo-calm-2016-05", "ext-72h-2016-05-07"),
        ("syria-coh-2016", "base"),
    }


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        # 21:00Z on 3 May: before the US declaration (21:01Z) - only the CoH
        ("2016-05-03T21:00:00+00:00", {("syria-coh-2016", "base")}),
        (
            "2016-05-04T21:59:59+00:00",  # the US declaration is in force, the army's not yet
            {("syria-coh-2016", "base"), ("aleppo-calm-2016-05", "us-coh-extended-to-aleppo")},
        ),
        (
            "2016-05-05T01:00:00+03:00",  # the army's regime of calm starts
            {
                ("syria-coh-2016", "base"),
                ("aleppo-calm-2016-05", "us-coh-extended-to-aleppo"),
                ("aleppo-calm-2016-05", "base"),
            },
        ),
        ("2016-02-26T21:59:59+00:00", set()),  # one second before the CoH
    ],
)
def test_in_force_at_aleppo_follows_each_start_instant(examples, instant, expected):
    assert ids(in_force(examples, *CITADEL, datetime.fromisoformat(instant))) == expected


def test_in_force_outside_every_scope_is_empty(examples):
    beirut = (33.8938, 35.5018)
    assert in_force(examples, *beirut, datetime(2016, 5, 8, tzinfo=UTC)) == []


def test_in_force_in_eastern_ghouta_only_during_its_24_hours(examples):
    douma = (33.57, 36.40)
    during = ids(in_force(examples, *douma, datetime(2016, 4, 30, 12, tzinfo=UTC)))
    after = ids(in_force(examples, *douma, datetime(2016, 5, 1, 12, tzinfo=UTC)))
    assert ("eastern-ghouta-2016-04", "base") in during
    assert after == {("syria-coh-2016", "base")}


def test_in_force_refuses_a_naive_instant(examples):
    with pytest.raises(Exception, match="no time zone"):
        in_force(examples, *CITADEL, datetime(2016, 5, 8))


def test_windows_in_utc_lists_chain_and_declarations(examples):
    aleppo = next(a for a in examples if a.id == "aleppo-calm-2016-05")
    windows = windows_in_utc(aleppo)
    assert [w.kind for w in windows] == ["base", "extension", "extension", "declaration"]
    assert all(w.start.tzinfo is UTC for w in windows)


def write_admin_agreement(tmp_path: Path, admin: str) -> Path:
    path = tmp_path / "admin.yaml"
    path.write_text(
        "format: trucewatch.agreement/1\nid: admin-test\nname: Admin scope test\n"
        f"timezone: Asia/Damascus\nstart: 2016-05-05T01:00:00+03:00\nduration: 48h\n"
        f"scope:\n  admin: {admin}\n",
        encoding="utf-8",
    )
    return path


def test_admin_scope_is_unresolved_until_boundaries_are_given(tmp_path):
    agreement = load_agreement(write_admin_agreement(tmp_path, "{code: XX01}"))
    assert agreement.scope.geometry is None
    with pytest.raises(AgreementError, match="not resolved"):
        in_force([agreement], *CITADEL, datetime(2016, 5, 5, 12, tzinfo=UTC))
    boundaries = BoundarySet.from_file(FIXTURES / "geo" / "aleppo_box_3857.geojson")
    resolved = resolve_scopes(agreement, boundaries)
    assert ids(in_force([resolved], *CITADEL, datetime(2016, 5, 5, 12, tzinfo=UTC))) == {
        ("admin-test", "base")
    }
    summary = agreement_to_dict(resolved)["scope"]
    assert summary["admin"] == {"code": "XX01"} and summary["resolved"] is True


@pytest.mark.parametrize(
    ("admin", "message"),
    [
        ("{code: XX09}", "Aleppo Box (XX01, level 1)"),
        ("{name: Aleppo Boxx, level: 1}", "close matches: Aleppo Box (XX01, level 1)"),
        ("{name: Aleppo Box, level: 2}", "no admin unit named 'Aleppo Box' at level 2"),
    ],
)
def test_admin_scope_unknown_unit_is_refused_with_close_matches(tmp_path, admin, message):
    boundaries = BoundarySet.from_file(FIXTURES / "geo" / "aleppo_box_3857.geojson")
    with pytest.raises(AgreementError, match=r"scope\.admin") as info:
        load_agreement(write_admin_agreement(tmp_path, admin), boundaries=boundaries)
    assert message in str(info.value)


@pytest.mark.parametrize("admin", ["{code: SY02}", "{name: Aleppo, level: 1}", "{name: حلب}"])
def test_admin_scope_resolves_against_ocha_governorates(tmp_path, shared_data, admin):
    ocha = shared_data / "syria_admin_boundaries_ocha" / "syr_admin1.geojson"
    boundaries = BoundarySet.from_file(ocha)
    agreement = load_agreement(write_admin_agreement(tmp_path, admin), boundaries=boundaries)
    assert agreement.scope.geometry.covers(shapely.Point(37.16, 36.20))
    assert ids(in_force([agreement], 36.20, 37.16, datetime(2016, 5, 5, 12, tzinfo=UTC)))


def test_geojson_scope_with_a_hole_does_not_cover_the_hole(tmp_path):
    outer = [[37.0, 36.1], [37.3, 36.1], [37.3, 36.3], [37.0, 36.3], [37.0, 36.1]]
    hole = [[37.1, 36.15], [37.2, 36.15], [37.2, 36.25], [37.1, 36.25], [37.1, 36.15]]
    geometry = {"type": "Polygon", "coordinates": [outer, hole]}
    path = tmp_path / "hole.yaml"
    path.write_text(
        "format: trucewatch.agreement/1\nid: hole\nname: Hole\ntimezone: UTC\n"
        f"start: 2016-05-01T00:00:00+00:00\nscope:\n  geojson: {json.dumps(geometry)}\n",
        encoding="utf-8",
    )
    agreement = load_agreement(path)
    when = datetime(2016, 5, 2, tzinfo=UTC)
    assert in_force([agreement], 36.2, 37.15, when) == []  # in the hole
    assert len(in_force([agreement], 36.12, 37.05, when)) == 1  # in the ring


def test_geojson_scope_in_web_mercator_is_reprojected_to_wgs84(tmp_path):
    feature = json.loads((FIXTURES / "geo" / "aleppo_box_3857.geojson").read_text())["features"][0]
    path = tmp_path / "mercator.yaml"
    path.write_text(
        "format: trucewatch.agreement/1\nid: mercator\nname: Mercator\ntimezone: UTC\n"
        "start: 2016-05-01T00:00:00+00:00\n"
        f"scope:\n  crs: EPSG:3857\n  geojson: {json.dumps(feature, ensure_ascii=False)}\n",
        encoding="utf-8",
    )
    bounds = load_agreement(path).scope.geometry.bounds
    assert bounds == pytest.approx((37.0, 36.1, 37.3, 36.3), abs=1e-6)


def test_window_scope_overrides_the_agreement_scope(tmp_path):
    path = tmp_path / "override.yaml"
    path.write_text(
        "format: trucewatch.agreement/1\nid: override\nname: Override\ntimezone: UTC\n"
        "start: 2016-05-01T00:00:00+00:00\nduration: 1d\n"
        "scope: {point: {lat: 36.2, lon: 37.16}, radius_km: 5}\n"
        "extensions:\n  - id: wider\n    start: 2016-05-02T00:00:00+00:00\n    duration: 1d\n"
        "    scope: {point: {lat: 36.2, lon: 37.16}, radius_km: 50}\n",
        encoding="utf-8",
    )
    agreement = load_agreement(path)
    far = (36.2, 37.56)  # ~36 km east
    assert in_force([agreement], *far, datetime(2016, 5, 1, 12, tzinfo=UTC)) == []
    assert ids(in_force([agreement], *far, datetime(2016, 5, 2, 12, tzinfo=UTC))) == {
        ("override", "wider")
    }
