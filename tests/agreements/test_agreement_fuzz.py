"""Fuzzing the agreement loader: mutated copies of the bundled examples, documents of any shape
with the format's keys and hostile values, and YAML-ish text. Every case gives an Agreement or a
TrucewatchError (AgreementError in practice), never another exception. The cases are seeded
(``derandomize``) and few enough for CI; the limits that keep each one short are structural
(sizes, depth, counts), so a hang would show as the suite timing out, not as a timed assertion.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trucewatch.agreements import example_paths, load_agreement
from trucewatch.errors import TrucewatchError
from trucewatch.model.agreement import Agreement

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "agreements"
EXAMPLES = [p.read_text(encoding="utf-8") for p in example_paths()]


def seeded(cases: int) -> settings:
    """Seeded settings for ``cases`` examples (the same cases on every run, nothing saved)."""
    return settings(
        max_examples=cases,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


# Pieces an attacker or a clumsy user would type into an agreement file.
HOSTILE = [
    "*a", "&a ", "<<: *a", "!!python/object:os.system ", "!!binary ", "!!timestamp ", "? ",
    "[" * 40, "{" * 40, "]", "}", ": ", "- ", "\n", "\n  ", "\t", "'", '"', "#", "%YAML 1.1\n",
    "---\n", "...\n", ".nan", ".inf", "-.inf", "1.0e+400", "9" * 60, "-1", "0", "true", "null",
    "~", "0x7f", "0o777", "1_000", "1:2:3", "9999-12-31T23:59:59+14:00", "0001-01-01",
    "2016-02-30T00:00:00+02:00", "2016-03-27T00:30:00+02:00", "+99:99", "-00:00", "P99999999999D",
    "99999999999999999999w", "1h  " * 20, "0h", "-5h", "PT", "Asia/Damascuss", "../" * 5,
    "{file: pipe.geojson}", "{file: aleppo_box.geojson}", "{file: /dev/zero}", "{file: .}",
    "{point: {lat: .nan, lon: 1}, radius_km: 5}", "{point: {lat: 1, lon: 1}, radius_km: 1.0e+9}",
    "{geojson: {type: Polygon, coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}}",
    "{geojson: {type: Polygon, coordinates: [[[.nan, 1], [2, 2], [3, 1], [.nan, 1]]]}}",
    "{geojson: {type: Polygon, coordinates: [[[1.0e+300, 1], [2, 2], [3, 1], [1.0e+300, 1]]]}}",
    "{admin: {code: SY02}}", "\u0000", "\ufeff", "\u202e", "é", "ا", "\ud7ff",
]  # fmt: skip

KEYS = [
    "format", "id", "name", "timezone", "start", "end", "duration", "open", "ended", "scope",
    "parties", "guarantors", "mediators", "excluded_groups", "extensions", "declarations",
    "conditions", "references", "notes", "by", "kind", "at", "evidence", "replaced_by", "parent",
    "names", "from", "until", "aliases", "accession", "days", "text", "geojson", "file", "point",
    "lat", "lon", "radius_km", "crs", "admin", "code", "level", "type", "coordinates", "pax_id",
]  # fmt: skip


_INSTANTS = (
    "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00+05:00", "0001-01-01", "2016-02-30",
    "2016-01-01T00:00:00+99:00", "2016-02-30T00:00:00+02:00", "2016-03-25T00:30:00+02:00",
)  # fmt: skip
_SCOPES = [h for h in HOSTILE if h.startswith("{")] + [
    "{geojson: {type: Polygon, coordinates: [[[37, 36], [37.1, 36], [37.1, 36.1], [37, 36]]]}}",
    "{geojson: {type: MultiPolygon, coordinates: [[[[200, 1], [2, 2], [3, 1], [200, 1]]]]}}",
    "{crs: 'EPSG:3857', file: aleppo_box.geojson}",
]
_NUMBERS = (".nan", ".inf", "-.inf", "1.0e+300", "-1000", "9" * 60, "1.0e+400", "0", "-1")
#: Values to put after a key of the examples, by key (other keys get any of HOSTILE).
TARGETED = {
    "duration": ["99999999999999999999w", "P99999999999D", "0h", "-5h", "1h  " * 20 + "x"],
    **dict.fromkeys(["start", "end", "at", "accession", "by", "from", "until"], _INSTANTS),
    "scope": _SCOPES,
    **dict.fromkeys(["lat", "lon", "radius_km", "days", "pax_id", "level"], _NUMBERS),
    "timezone": ["Asia/Damascuss", "../../etc/passwd", "''", "UTC\u0000"],
    **dict.fromkeys(
        ["parties", "aliases", "names", "extensions", "citations", "evidence"],
        ("[" + ", ".join(["x"] * 1001) + "]", "[*a]", "&a [*a]", "[]"),
    ),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a valid scope file and, where the system has them, a FIFO."""
    path = tmp_path_factory.mktemp("fuzz")
    shutil.copy(FIXTURES / "aleppo_box.geojson", path / "aleppo_box.geojson")
    if hasattr(os, "mkfifo"):
        os.mkfifo(path / "pipe.geojson")
    return path


def _outcome(folder: Path, text: str | bytes) -> str:
    """Load ``text`` as a file of ``folder``: 'ok' or 'refused'; anything else fails the test."""
    path = folder / "case.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    else:
        path.write_bytes(text)
    try:
        agreement = load_agreement(path)
    except TrucewatchError as exc:
        assert str(exc), "an error must say something"
        return "refused"
    assert isinstance(agreement, Agreement)
    return "ok"


_KEY = re.compile(r"^(?P<lead>[ -]*(?P<key>[a-z_]+): ?)")


@st.composite
def mutated_examples(draw: st.DrawFn) -> str:
    """A bundled example with 1 to 4 edits: cut, insert, duplicate or swap lines, replace a
    value after a key."""
    text = draw(st.sampled_from(EXAMPLES))
    for _ in range(draw(st.integers(1, 4))):
        lines = text.splitlines(keepends=True)
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        kind = draw(st.sampled_from(["cut", "insert", "duplicate", "swap", "value", "value"]))
        if kind == "cut":
            start = draw(st.integers(0, len(text)))
            text = text[:start] + text[start + draw(st.integers(1, 200)) :]
        elif kind == "insert":
            start = draw(st.integers(0, len(text)))
            piece = draw(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20)))
            text = text[:start] + piece + text[start:]
        elif kind == "duplicate":
            text = "".join(lines[: at + 1] + lines[at:])
        elif kind == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
            text = "".join(lines)
        else:  # a value after a key, chosen for that key
            keyed = [i for i, line in enumerate(lines) if _KEY.match(line)]
            if keyed:
                at = draw(st.sampled_from(keyed))
                match = _KEY.match(lines[at])
                assert match is not None
                values = TARGETED.get(match.group("key"), HOSTILE)
                lines[at] = f"{match.group('lead')}{draw(st.sampled_from(values))}\n"
                text = "".join(lines)
    return text


@seeded(400)
@given(text=mutated_examples())
def test_fuzz_mutated_examples_load_or_are_refused(folder: Path, text: str) -> None:
    _outcome(folder, text)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
    ),
    max_leaves=40,
)


VALID = {
    "format": "trucewatch.agreement/1",
    "id": "fuzz",
    "name": "Fuzz",
    "timezone": "Asia/Damascus",
    "start": "2016-05-05T01:00:00+03:00",
    "duration": "48h",
    "parties": [{"id": "gov", "name": "Government of Syria"}],
    "scope": {"point": {"lat": 36.2, "lon": 37.1}, "radius_km": 5},
}


@seeded(200)
@given(
    document=st.builds(
        lambda extra, nested: {**VALID, **extra, **nested},
        st.dictionaries(st.sampled_from(KEYS), DOCUMENTS, max_size=3),
        st.dictionaries(
            st.sampled_from(["extensions", "declarations", "conditions", "excluded_groups"]),
            st.lists(st.dictionaries(st.sampled_from(KEYS), DOCUMENTS, max_size=6), max_size=3),
            max_size=2,
        ),
    )
)
def test_fuzz_documents_of_any_shape_load_or_are_refused(folder: Path, document: dict) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    _outcome(folder, text)


YAMLISH = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.sampled_from(KEYS), st.text(max_size=8)), max_size=40
).map("".join)


@seeded(200)
@given(text=st.one_of(YAMLISH, st.binary(max_size=200)))
def test_fuzz_yaml_ish_text_and_bytes_load_or_are_refused(folder: Path, text: str | bytes) -> None:
    _outcome(folder, text)


def test_fuzz_the_unmutated_examples_load(folder: Path) -> None:
    assert {_outcome(folder, text) for text in EXAMPLES} == {"ok"}
