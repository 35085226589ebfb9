"""``file:`` scopes are read on the client side, beside the agreement file, and only when they are
regular files within the size limit; a text that does not come from a file on disk (the API, the
store, a draft) cannot name one, and a stored text that does (older versions) is refused by id,
never opened: no read of an agreement can hang on a FIFO."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import shapely
import shapely.geometry
import yaml
from typer.testing import CliRunner

from trucewatch.agreements import load_agreement, parse_agreement
from trucewatch.agreements._yaml import MAX_YAML_BYTES, load_yaml
from trucewatch.catalog import add_agreement_file, load_agreements, self_contained_text
from trucewatch.cli import app
from trucewatch.errors import AgreementError, ValidationError
from trucewatch.geo.geojson import MAX_SCOPE_FILE_BYTES, MAX_SCOPE_VERTICES
from trucewatch.geo.scope import FILE_SCOPE_REFUSED, read_geojson_file
from trucewatch.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "agreements"
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def _with_scope_file(tmp_path: Path, target: str) -> Path:
    """The minimal fixture with its scope file replaced by ``target``."""
    path = tmp_path / "minimal.yaml"
    path.write_text(MINIMAL.replace("file: aleppo_box.geojson", f"file: {target}", 1))
    return path


@needs_fifo
def test_a_fifo_as_scope_file_is_refused_without_being_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.geojson")
    with pytest.raises(AgreementError) as info:
        load_agreement(_with_scope_file(tmp_path, "pipe.geojson"))
    assert info.value.field == "scope.file"
    assert "is a FIFO (named pipe), not a regular file" in str(info.value)


@pytest.mark.parametrize(
    ("target", "kind"),
    [("/dev/zero", "a character device"), (".", "a directory")],
)
def test_devices_and_directories_as_scope_files_are_refused(tmp_path, target, kind):
    if not Path(target).exists():
        pytest.skip(f"{target} does not exist here")
    with pytest.raises(AgreementError, match=f"is {kind}, not a regular file"):
        load_agreement(_with_scope_file(tmp_path, target))


@needs_fifo
def test_a_fifo_or_device_as_agreement_file_is_refused(tmp_path):
    os.mkfifo(tmp_path / "agreement.yaml")
    with pytest.raises(AgreementError, match="is a FIFO"):
        load_agreement(tmp_path / "agreement.yaml")
    if Path("/dev/zero").exists():
        with pytest.raises(AgreementError, match="is a character device"):
            load_agreement("/dev/zero")


def test_a_scope_file_over_the_size_limit_is_refused_with_the_limit(tmp_path):
    big = tmp_path / "big.geojson"
    with big.open("wb") as out:
        out.truncate(MAX_SCOPE_FILE_BYTES + 1)  # sparse: no disk used
    with pytest.raises(ValidationError, match=f"at most {MAX_SCOPE_FILE_BYTES:,} are read"):
        read_geojson_file(big)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"type": "Polygon", "coordinates": [[[NaN, 1], [2, 2], [3, 1], [NaN, 1]]]}', "NaN"),
        ("[" * 100_000 + "]" * 100_000, "too deeply"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
    ids=["nan", "deep", "not-utf8"],
)
def test_scope_file_content_edge_cases_are_refused(tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(ValidationError, match=message):
        read_geojson_file(path)


def _refusal_of_text_naming(target: str) -> AgreementError:
    text = MINIMAL.replace("file: aleppo_box.geojson", f"file: {target}", 1)
    document, node = load_yaml(text)
    with pytest.raises(AgreementError) as info:
        parse_agreement(document, source="request body", node=node)
    return info.value


def test_a_text_not_read_from_disk_cannot_name_a_file_and_nothing_is_looked_at(tmp_path):
    (tmp_path / "there.geojson").write_text("not json")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "piped.geojson")
    targets = ["there.geojson", "absent.geojson", "piped.geojson", str(tmp_path / "there.geojson")]
    errors = [_refusal_of_text_naming(t) for t in targets]
    assert {e.field for e in errors} == {"scope.file"}
    assert all(FILE_SCOPE_REFUSED in str(e) for e in errors)
    # the same words whether the path exists, is a FIFO or is absent: only the path is echoed
    assert len({str(e).replace(t, "PATH") for e, t in zip(errors, targets, strict=True)}) == 1


def test_adding_an_agreement_stores_its_scope_file_inline(tmp_path):
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "minimal.yaml")
    geojson = json.loads((FIXTURES / "aleppo_box.geojson").read_text())
    geojson["properties"] = {"name": "x" * 1000}
    (tmp_path / "aleppo_box.geojson").write_text(json.dumps(geojson))
    with Store.open(tmp_path / "s.duckdb") as store:
        added, _ = add_agreement_file(store, tmp_path / "minimal.yaml")
        (tmp_path / "aleppo_box.geojson").unlink()  # the store must not need it any more
        text = store.agreement_texts()[0].text
        stored = load_agreements(store)[0]
    scope = yaml.safe_load(text)["scope"]
    assert "file" not in scope and "geojson" in scope
    assert "x" * 1000 not in text  # feature properties are not copied
    assert stored.scope.kind == "geojson"
    assert shapely.equals(stored.scope.geometry, added.scope.geometry)


@needs_fifo
def test_a_stored_text_with_a_file_scope_is_refused_by_id_and_the_fifo_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.geojson")
    legacy = MINIMAL.replace("file: aleppo_box.geojson", f"file: {tmp_path / 'pipe.geojson'}")
    with Store.open(tmp_path / "s.duckdb") as store:
        store.put_agreement("minimal-test", "Minimal", legacy, "api (key k1)")
        with pytest.raises(AgreementError) as info:
            load_agreements(store)
    message = str(info.value)
    assert "stored agreement 'minimal-test' (version 1, from api (key k1))" in message
    assert "trucewatch agreements add" in message and "PUT /agreements/minimal-test" in message
    assert info.value.field == "scope.file"


@needs_fifo
def test_cli_agreements_add_refuses_a_fifo_scope_and_stores_nothing(tmp_path):
    os.mkfifo(tmp_path / "pipe.geojson")
    db = tmp_path / "s.duckdb"
    runner = CliRunner()
    path = _with_scope_file(tmp_path, "pipe.geojson")
    result = runner.invoke(app, ["agreements", "add", str(path), "--db", str(db)])
    assert result.exit_code == 2
    assert "FIFO" in result.output and "scope.file" in result.output
    listed = runner.invoke(app, ["agreements", "list", "--format", "json", "--db", str(db)])
    assert listed.stdout == ""


def test_a_scope_file_at_the_vertex_limit_still_fits_the_stored_text(tmp_path):
    disc = shapely.Point(37.123456789012345, 36.123456789012345).buffer(0.1, quad_segs=12_499)
    assert 49_000 < shapely.get_num_coordinates(disc) <= MAX_SCOPE_VERTICES
    (tmp_path / "aleppo_box.geojson").write_text(json.dumps(shapely.geometry.mapping(disc)))
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "minimal.yaml")
    text = self_contained_text(tmp_path / "minimal.yaml")
    assert len(text.encode()) <= MAX_YAML_BYTES * 0.6
