"""Every bad agreement file is refused with a message naming the file, the field and the value."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trucewatch.agreements import load_agreement
from trucewatch.errors import AgreementError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "agreements"
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def write_variant(tmp_path: Path, old: str, new: str, name: str = "bad.yaml") -> Path:
    """The minimal fixture with one piece of text replaced (and its GeoJSON beside it)."""
    assert old in MINIMAL, old
    shutil.copy(FIXTURES / "aleppo_box.geojson", tmp_path / "aleppo_box.geojson")
    path = tmp_path / name
    path.write_text(MINIMAL.replace(old, new, 1), encoding="utf-8")
    return path


def refused(path: Path) -> AgreementError:
    with pytest.raises(AgreementError) as info:
        load_agreement(path)
    return info.value


def test_loader_minimal_fixture_is_valid():
    agreement = load_agreement(FIXTURES / "minimal.yaml")
    assert [w.id for w in agreement.windows()] == ["base", "ext-1", "ext-2", "us-decl"]
    assert agreement.scope.kind == "file"


@pytest.mark.parametrize(
    ("fixture", "field", "value", "allowed"),
    [
        ("naive_start.yaml", "start", "2016-02-27T00:00:00", "2016-02-27T00:00:00+02:00"),
        ("unknown_key.yaml", "extensions[0].duraton", "duraton", "allowed keys here"),
        ("bowtie_scope.yaml", "scope.geojson", "Self-intersection", "not valid"),
    ],
)
def test_loader_bad_fixture_files_are_refused(fixture, field, value, allowed):
    error = refused(FIXTURES / fixture)
    message = str(error)
    assert fixture in message
    assert f": {field}: " in message
    assert value in message
    assert allowed in message
    assert error.field == field


BAD_VARIANTS = [
    pytest.param(
        "start: 2016-05-05T01:00:00+03:00",
        "start: 2016-05-05T01:00:00",
        "start",
        "2016-05-05T01:00:00",
        "no UTC offset",
        id="naive-start",
    ),
    pytest.param(
        "timezone: Asia/Damascus",
        "timezone: Asia/Damscus",
        "timezone",
        "Asia/Damscus",
        "did you mean Asia/Damascus",
        id="unknown-time-zone",
    ),
    pytest.param(
        "start: 2016-05-05T01:00:00+03:00",
        "start: 2016-05-05T01:00:00+02:00",
        "start",
        "2016-05-05T01:00:00+02:00",
        "does not match Asia/Damascus, which is +03:00 then",
        id="offset-disagrees-with-zone",
    ),
    pytest.param(
        "    end: 2016-05-12T01:00:00+03:00",
        "    end: 2016-05-09T01:00:00+03:00",
        "extensions[1].end",
        "2016-05-09T01:00:00+03:00",
        "must end after it starts",
        id="end-before-start",
    ),
    pytest.param(
        "    start: 2016-05-10T01:00:00+03:00",
        "    start: 2016-05-06T01:00:00+03:00",
        "extensions[1].start",
        "2016-05-06T01:00:00+03:00",
        "before its parent window 'ext-1'",
        id="extension-before-parent",
    ),
    pytest.param(
        "    duration: 3d",
        "    duration: 3 months",
        "extensions[0].duration",
        "3 months",
        "'48h'",
        id="bad-duration",
    ),
    pytest.param(
        "  - id: ext-2\n",
        "  - id: ext-2\n    parent: ext-9\n",
        "extensions[1].parent",
        "ext-9",
        "base, ext-1",
        id="unknown-parent",
    ),
    pytest.param(
        "    by: us",
        "    by: uk",
        "declarations[0].by",
        "uk",
        "gov, rebels, us",
        id="unknown-party-in-declaration",
    ),
    pytest.param(
        "scope:\n  file: aleppo_box.geojson",
        "scope:\n  point: {lat: 95.2, lon: 37.1}\n  radius_km: 10",
        "scope.point.lat",
        "95.2",
        "outside [-90, 90]",
        id="latitude-out-of-range",
    ),
    pytest.param(
        "scope:\n  file: aleppo_box.geojson",
        "scope:\n  point: {lat: 36.2, lon: 190}\n  radius_km: 10",
        "scope.point.lon",
        "190",
        "outside [-180, 180]",
        id="longitude-out-of-range",
    ),
    pytest.param(
        "scope:\n  file: aleppo_box.geojson",
        "scope:\n  file: missing.geojson",
        "scope.file",
        "missing.geojson",
        "cannot read",
        id="missing-scope-file",
    ),
    pytest.param(
        "scope:\n  file: aleppo_box.geojson",
        "scope:\n  file: aleppo_box.geojson\n  radius_km: 3",
        "scope.file",
        "radius_km",
        "point scope needs radius_km",
        id="radius-without-point",
    ),
    pytest.param(
        "name: Minimal test truce",
        "name: Minimal test truce\nsponsor: nobody",
        "sponsor",
        "sponsor",
        "allowed keys here",
        id="unknown-top-level-key",
    ),
    pytest.param(
        "      - {name: Jabhat al-Nusra, until: 2016-07-28}",
        "      - {name: Jabhat al-Nusra, until: 28 July 2016}",
        "excluded_groups[0].names[0].until",
        "28 July 2016",
        "YYYY-MM-DD",
        id="bad-alias-date",
    ),
    pytest.param(
        "  - id: ext-2\n",
        "  - id: ext-1\n",
        "extensions[1].id",
        "ext-1",
        "ids must be unique",
        id="duplicate-window-id",
    ),
    pytest.param(
        "    open: true",
        "    open: true\n    duration: 48h",
        "declarations[0].open",
        "end, duration, open",
        "only one of",
        id="open-and-duration",
    ),
    pytest.param(
        "format: trucewatch.agreement/1",
        "format: trucewatch.agreement/2",
        "format",
        "trucewatch.agreement/2",
        "reads trucewatch.agreement/1",
        id="future-format-version",
    ),
    pytest.param(
        "id: minimal-test",
        "id: Minimal Test",
        "id",
        "Minimal Test",
        "lower-case letters",
        id="id-not-a-slug",
    ),
    pytest.param(
        "  - {id: calm-7d, kind: continuous_calm, days: 7, text: Seven days of continuous calm}",
        "  - {id: calm-7d, kind: continuous_calm, text: Seven days of continuous calm}",
        "conditions[0].days",
        "continuous_calm",
        "needs days",
        id="calm-condition-without-days",
    ),
]


@pytest.mark.parametrize(("old", "new", "field", "value", "allowed"), BAD_VARIANTS)
def test_loader_bad_values_name_file_field_value_and_what_is_allowed(
    tmp_path, old, new, field, value, allowed
):
    error = refused(write_variant(tmp_path, old, new))
    message = str(error)
    assert message.startswith(str(tmp_path / "bad.yaml") + ": ")
    assert error.field == field, message
    assert f": {field}: " in message
    assert value in message
    assert allowed in message


@pytest.mark.parametrize(
    "start",
    ["2016-03-25T00:30:00+02:00", "2016-03-25T00:30:00+03:00"],
)
def test_loader_start_in_damascus_dst_gap_is_refused_with_either_offset(tmp_path, start):
    path = write_variant(tmp_path, "start: 2016-05-05T01:00:00+03:00", f"start: {start}")
    message = str(refused(path))
    assert f"{start!r}" in message
    assert "local time 2016-03-25 00:30:00 does not exist in Asia/Damascus" in message
    assert "from +02:00 to +03:00" in message


@pytest.mark.parametrize(
    ("start", "utc"),
    [
        ("2016-03-24T23:30:00+02:00", "2016-03-24T21:30:00+00:00"),
        ("2016-03-25T01:30:00+03:00", "2016-03-24T22:30:00+00:00"),
        ("2016-10-27T23:30:00+03:00", "2016-10-27T20:30:00+00:00"),  # repeated hour, 1st
        ("2016-10-27T23:30:00+02:00", "2016-10-27T21:30:00+00:00"),  # repeated hour, 2nd
    ],
)
def test_loader_start_beside_damascus_dst_changes_is_accepted(tmp_path, start, utc):
    text = (
        "format: trucewatch.agreement/1\nid: dst\nname: DST edge\n"
        f"timezone: Asia/Damascus\nstart: {start}\n"
    )
    path = tmp_path / "dst.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_agreement(path).base.start.isoformat() == utc


def test_loader_refuses_duplicate_yaml_keys_with_the_line(tmp_path):
    path = write_variant(tmp_path, "name: Minimal test truce", "name: A\nname: B")
    message = str(refused(path))
    assert "duplicate key 'name'" in message and "line" in message


def test_loader_refuses_an_unreadable_yaml_file_with_the_position(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("format: trucewatch.agreement/1\nid: [unclosed\n", encoding="utf-8")
    message = str(refused(path))
    assert "broken.yaml" in message and "not valid YAML" in message and "line" in message


def test_loader_error_message_gives_the_line_of_the_bad_value(tmp_path):
    path = write_variant(tmp_path, "    by: us", "    by: uk")
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "by: uk" in t)
    assert f"(line {line})" in str(refused(path))
