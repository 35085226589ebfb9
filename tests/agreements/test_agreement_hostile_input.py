"""Hostile agreement files are refused quickly with an AgreementError naming the field and the
limit: YAML bombs and deep nesting, huge numbers and durations, NaN and out-of-range coordinates,
years and offsets no agreement has, over-long lists and polygons of a million vertices."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from trucewatch.agreements import load_agreement
from trucewatch.agreements._yaml import MAX_DEPTH, MAX_YAML_BYTES, load_yaml
from trucewatch.errors import AgreementError, ValidationError
from trucewatch.geo.geojson import MAX_SCOPE_VERTICES
from trucewatch.geo.scope import polygon_from_geojson

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "agreements"
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
BASE = (
    "format: trucewatch.agreement/1\nid: hostile\nname: Hostile\ntimezone: UTC\n"
    "start: 2016-01-01T00:00:00+00:00\nduration: 48h\n"
)

# The classic "billion laughs": 9 levels of 9 aliases, 793 bytes standing for 9**9 strings.
LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)
BOMB = BASE + 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + LAUGHS


def refused(tmp_path: Path, text: str, name: str = "hostile.yaml") -> AgreementError:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AgreementError) as info:
        load_agreement(path)
    return info.value


def test_billion_laughs_alias_bomb_is_refused_at_its_first_alias(tmp_path):
    error = refused(tmp_path, BOMB)
    assert "aliases (*a) are not allowed" in str(error)
    assert "line 8" in str(error)


def test_an_alias_used_once_is_refused_too(tmp_path):
    error = refused(tmp_path, BASE + "notes: &n hello\nname2: *n\n")
    assert "aliases (*n) are not allowed" in str(error)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_nesting_deeper_than_the_limit_is_refused_without_recursion_error(tmp_path, depth):
    deep = BASE + "notes: " + "[" * depth + "]" * depth + "\n"
    error = refused(tmp_path, deep)
    assert "nest" in str(error) and "line 7" in str(error)


def test_nesting_at_the_limit_is_read():
    data, _ = load_yaml("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")
    assert isinstance(data["a"], list)


def test_a_file_over_the_size_limit_is_refused_with_the_limit(tmp_path):
    error = refused(tmp_path, BASE + "notes: '" + "x" * MAX_YAML_BYTES + "'\n")
    assert f"at most {MAX_YAML_BYTES:,} are read" in str(error)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BASE + "id: again\n", "found duplicate key 'id' (first on line 2)"),
        (BASE + "1: one\n", "found the key 1, which is not text"),
        (BASE + "? [a, b]\n: 1\n", "found the key a collection, which is not text"),
        (BASE + "references: {pax_id: " + "9" * 5000 + "}\n", "number of 5,000 characters"),
        (BASE + "notes: !!python/object/apply:os.system [ls]\n", "could not determine"),
        (BASE + "---\n" + BASE, "another document"),
    ],
    ids=["duplicate-key", "number-key", "collection-key", "huge-int", "python-tag", "two-docs"],
)
def test_yaml_that_the_loader_does_not_accept_is_refused_with_the_line(tmp_path, text, message):
    assert message in str(refused(tmp_path, text))


NUMERIC = [
    ("duration: 48h", "duration: 99999999999999999999999w", "duration", "longer than 36,525 days"),
    ("duration: 48h", "duration: P999999999999D", "duration", "longer than 36,525 days"),
    ("duration: 48h", "duration: 0h", "duration", "must be longer than zero"),
    ("duration: 48h", "duration: -5h", "duration", "is not a duration"),
    ("duration: 48h", "duration: '" + "1h  " * 40 + "x'", "duration", "at most 64"),
    ("2016-01-01T00:00:00+00:00", "9999-12-31T23:00:00+00:00", "start", "outside 1900..2199"),
    ("2016-01-01T00:00:00+00:00", "0001-01-01T00:00:00+05:00", "start", "outside 1900..2199"),
    ("2016-01-01T00:00:00+00:00", "0001-01-01", "start", "outside 1900..2199"),
    ("2016-01-01T00:00:00+00:00", "2016-01-01T00:00:00+99:00", "start", "not a UTC offset"),
    ("2016-01-01T00:00:00+00:00", "2016-01-01T00:00:00+14:00", "start", "does not match UTC"),
    ("2016-01-01T00:00:00+00:00", "2016-02-30T00:00:00+00:00", "start", "not a real date-time"),
    ("duration: 48h", "end: 2199-12-31T23:59:59+00:00", None, None),
]


@pytest.mark.parametrize(("old", "new", "field", "message"), NUMERIC)
def test_numeric_edge_cases_of_instants_and_durations_name_the_field(
    tmp_path, old, new, field, message
):
    text = BASE.replace(old, new, 1)
    if field is None:  # the edge itself is allowed
        path = tmp_path / "edge.yaml"
        path.write_text(text)
        assert load_agreement(path).base.end is not None
        return
    error = refused(tmp_path, text)
    assert error.field == field
    assert message in str(error)


SQUARE = "[[[37.0, 36.0], [37.1, 36.0], [37.1, 36.1], [37.0, 36.0]]]"
SCOPES = [
    ("{point: {lat: .nan, lon: 37.0}, radius_km: 5}", "scope.point.lat", "not a finite number"),
    ("{point: {lat: 36.0, lon: 37.0}, radius_km: .inf}", "scope.radius_km", "not a finite"),
    ("{point: {lat: 95.0, lon: 37.0}, radius_km: 5}", "scope.point.lat", "outside [-90, 90]"),
    ("{point: {lat: 36.0, lon: -181}, radius_km: 5}", "scope.point.lon", "outside [-180, 180]"),
    ("{point: {lat: 36.0, lon: 37.0}, radius_km: 0}", "scope.radius_km", "outside (0, 2000]"),
    (
        "{geojson: {type: Polygon, coordinates: [[[.nan, 1], [2, 2], [3, 1], [.nan, 1]]]}}",
        "scope.geojson.coordinates[0][0][0]",
        "not a finite number",
    ),
    (
        "{geojson: {type: Polygon, coordinates: [[[200, 1], [2, 2], [3, 1], [200, 1]]]}}",
        "scope.geojson",
        "coordinates[0][0]: position [200, 1] is outside lon [-180, 180]",
    ),
    (
        "{geojson: {type: Polygon, coordinates: [[[37, true], [2, 2], [3, 1], [37, true]]]}}",
        "scope.geojson",
        "y True is not a number",
    ),
    (
        "{crs: 'EPSG:3857', geojson: {type: Polygon, coordinates: "
        "[[[1.0e+300, 1], [2, 2], [3, 1], [1.0e+300, 1]]]}}",
        "scope.geojson",
        "outside the area where EPSG:3857 is defined",
    ),
    (
        "{geojson: {type: Polygon, coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}}",
        "scope.geojson",
        "Self-intersection",
    ),
    (f"{{geojson: {{type: Polygon, coordinates: {SQUARE}}}}}", None, None),
]


@pytest.mark.parametrize(("scope", "field", "message"), SCOPES)
def test_scope_coordinates_edge_cases_are_agreement_errors_naming_the_field(
    tmp_path, scope, field, message
):
    text = BASE + f"scope: {scope}\n"
    if field is None:
        path = tmp_path / "ok.yaml"
        path.write_text(text)
        assert load_agreement(path).scope.geometry.is_valid
        return
    error = refused(tmp_path, text)
    assert error.field == field
    assert message in str(error)


def test_invalid_polygons_are_refused_never_repaired(tmp_path):
    error = refused(
        tmp_path,
        BASE + "scope: {geojson: {type: Polygon, coordinates: "
        "[[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}}\n",
    )
    assert "never repaired" in str(error)


@pytest.mark.parametrize(
    ("section", "item", "limit"),
    [
        ("parties", "{{id: p{i}, name: P}}", 100),
        ("extensions", "{{id: e{i}, start: '2016-01-03T00:00:00+00:00', duration: 1h}}", 1000),
        ("conditions", "{{id: c{i}, kind: other, text: T}}", 100),
    ],
)
def test_lists_over_their_limit_are_refused_with_the_limit(tmp_path, section, item, limit):
    items = "".join(f"  - {item.format(i=i)}\n" for i in range(limit + 1))
    error = refused(tmp_path, BASE + f"{section}:\n" + items)
    assert error.field == section
    assert f"the list has {limit + 1:,} items; at most {limit:,}" in str(error)


def test_aliases_of_a_party_are_limited(tmp_path):
    aliases = ", ".join(f"alias {i}" for i in range(101))
    error = refused(tmp_path, BASE + f"parties:\n  - {{id: p, name: P, aliases: [{aliases}]}}\n")
    assert error.field == "parties[0].aliases"
    assert "at most 100" in str(error)


def test_an_id_longer_than_the_limit_is_refused(tmp_path):
    error = refused(tmp_path, BASE.replace("id: hostile", "id: " + "a" * 101))
    assert error.field == "id"
    assert "101 characters long; at most 100" in str(error)


def _ring(vertices: int) -> list[list[int]]:
    """A closed ring of ``vertices`` positions (valid or not does not matter: the count is
    refused first), short to write so the file stays under the size limit."""
    ring = [[i % 10, i % 7] for i in range(vertices - 1)]
    return [*ring, ring[0]]


def test_a_million_vertex_polygon_file_is_refused_with_the_limit(tmp_path):
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "minimal.yaml")
    polygon = {"type": "Polygon", "coordinates": [_ring(1_000_000)]}
    (tmp_path / "aleppo_box.geojson").write_text(json.dumps(polygon, separators=(",", ":")))
    with pytest.raises(AgreementError) as info:
        load_agreement(tmp_path / "minimal.yaml")
    assert info.value.field == "scope.file"
    assert f"more than {MAX_SCOPE_VERTICES:,} vertices" in str(info.value)


def test_a_polygon_of_too_many_rings_or_parts_is_refused():
    hole = [[37.05, 36.05], [37.06, 36.05], [37.06, 36.06], [37.05, 36.05]]
    outer = [[37.0, 36.0], [37.1, 36.0], [37.1, 36.1], [37.0, 36.1], [37.0, 36.0]]
    with pytest.raises(ValidationError, match="more than 10,000 rings"):
        polygon_from_geojson({"type": "Polygon", "coordinates": [outer, *[hole] * 10_001]})
    with pytest.raises(ValidationError, match="more than 5,000 polygons"):
        polygon_from_geojson({"type": "MultiPolygon", "coordinates": [[outer]] * 5_001})


def test_minimal_fixture_with_its_scope_file_still_loads():
    assert load_agreement(FIXTURES / "minimal.yaml").scope.kind == "file"
    assert "file: aleppo_box.geojson" in MINIMAL
