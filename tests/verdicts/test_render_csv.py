"""`trucewatch verdicts --format csv` renders from columns (verdicts/render_csv.py); its bytes are
those of the record listing (``iter_verdict_records``, held to the reference renderer in
test_render_columns.py) written by the csv module, line for line."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_build import events as event_lists
from test_kernel_vs_reference import agreements as agreement_strategy

from trucewatch.agreements import load_examples
from trucewatch.errors import StoreError
from trucewatch.model.verdict import VerdictKind
from trucewatch.sources.base import adapter_for
from trucewatch.store import Store
from trucewatch.verdicts.csv_columns import (
    csv_line,
    csv_lines,
    field,
    floats,
    join,
    kms,
    pick,
    quoted,
)
from trucewatch.verdicts.explain import km_phrase
from trucewatch.verdicts.stored import iter_verdict_csv, iter_verdict_records
from trucewatch.verdicts.update import update_verdicts

_KINDS = [k.value for k in VerdictKind]


def _csv(store: Store, agreements: list, **scope) -> str:
    chunks = list(iter_verdict_csv(store, agreements, **scope))
    return b"".join(lines.to_pybytes() for lines, _ in chunks).decode()


def _reference(store: Store, agreements: list, **scope) -> str:
    return csv_lines(r for c in iter_verdict_records(store, agreements, **scope) for r in c)


def _csv_equals_reference(store: Store, agreements: list) -> int:
    expected = _reference(store, agreements)
    assert _csv(store, agreements) == expected
    counted = sum(n for _, n in iter_verdict_csv(store, agreements, chunk=7))
    assert _csv(store, agreements, chunk=7) == expected
    assert counted == sum(len(c) for c in iter_verdict_records(store, agreements))
    for kind in _KINDS:
        assert _csv(store, agreements, kinds=[kind]) == _reference(store, agreements, kinds=[kind])
    return counted


_ODD_TEXT = ['Aleppo, "old" city', "two\nlines", "carriage\rreturn", 'quote"only', "plain"]


def _odd(events: list, texts: list[str]) -> list:
    """The events with their places and first side named by ``texts`` (commas, quotes,
    line breaks: what csv quotes)."""
    out = []
    for event, text in zip(events, texts, strict=False):
        where = replace(event.where, place=text)
        out.append(replace(event, where=where))
    return out + events[len(out) :]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_csv_listing_is_the_record_listing_written_by_csv(data):
    agreements = [data.draw(agreement_strategy(i)) for i in range(data.draw(st.integers(1, 3)))]
    events = data.draw(event_lists(agreements, data.draw(st.integers(1, 24))))
    texts = data.draw(st.lists(st.sampled_from(_ODD_TEXT), max_size=len(events)))
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "s.duckdb") as store:
        store.ingest_events(_odd(events, texts), label="prop", adapter="prop.v1")
        update_verdicts(store, agreements)
        _csv_equals_reference(store, agreements)


def test_csv_listing_of_ucdp_2016_equals_the_record_listing(shared_data, tmp_path):
    agreements = load_examples()
    with Store.open(tmp_path / "s.duckdb") as store:
        store.ingest(adapter_for("ucdp-ged"), shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv")
        update_verdicts(store, agreements)
        assert _csv_equals_reference(store, agreements) > 13_000


def test_csv_listing_after_an_agreement_changed_its_parties_is_an_error(tmp_path, shared_data):
    agreements = load_examples()
    with Store.open(tmp_path / "s.duckdb") as store:
        store.ingest(adapter_for("ucdp-ged"), shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv")
        update_verdicts(store, agreements)
        aleppo = next(a for a in agreements if a.id == "aleppo-calm-2016-05")
        changed = [a if a is not aleppo else replace(a, parties=a.parties[:1]) for a in agreements]
        with pytest.raises(StoreError, match="bring the verdicts up to date"):
            _csv(store, changed)
        others = [a for a in agreements if a is not aleppo]
        with pytest.raises(StoreError, match="of agreement 'aleppo-calm-2016-05' are stored"):
            _csv(store, others)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8")), min_size=1, max_size=8))
def test_string_fields_are_quoted_as_the_csv_module_quotes_them(texts):
    fields = quoted(pa.array(texts, pa.string())).to_pylist()
    assert fields == [csv_line([t, ""])[:-2] for t in texts]
    assert [field(t) for t in texts] == fields


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats()), min_size=1, max_size=8))
def test_float_fields_are_written_as_the_csv_module_writes_them(values):
    fields = floats(pa.array(values, pa.float64())).to_pylist()
    assert fields == [csv_line([v, ""])[:-2] for v in values]


@pytest.mark.parametrize(
    "value",
    [3.0, -0.0, 10000000000.5, 1e-4, 9.99e-5, 1e16, 9999999999999998.0, 123456.789, 1e300, 5e-324],
)
def test_floats_at_the_edges_of_repr_notation_are_written_as_repr(value):
    assert floats(pa.array([value])).to_pylist() == [repr(value)]


def test_only_commas_quotes_and_line_breaks_make_csv_quote_a_field():
    quoted = {
        chr(c)
        for c in range(0x10000)
        if not 0xD800 <= c < 0xE000 and csv_line([f"a{chr(c)}b", ""]).startswith('"')
    }
    assert quoted <= {",", '"', "\r", "\n", "\x00"}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=8))
def test_distances_are_written_as_explain_writes_them(values):
    assert kms(np.array(values, dtype=np.float64)).to_pylist() == [km_phrase(v) for v in values]


def test_distances_next_to_a_tie_are_rounded_as_python_rounds_them():
    values = [0.05, 0.15, 0.25, 0.35, 2.45, 1e14 + 0.05, 0.04999999999999999, 0.1 * 3, -0.0]
    values += [k / 20 for k in range(2000)] + [k / 20 + 1e-12 for k in range(2000)]
    assert kms(np.array(values)).to_pylist() == [km_phrase(v) for v in values]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=5), min_size=1, max_size=4),
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(codec="utf-8"), max_size=3),
            st.just("column"),
            st.just("picked"),
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 6),
)
def test_parts_are_joined_row_by_row_as_python_joins_them(values, kinds, n):
    rows = np.arange(n) % len(values)
    texts = [values[-1 - i % len(values)] for i in range(n)]
    column = pa.array(["not a row", *texts], pa.string()).slice(1)  # an offset into buffers
    parts, expected = [], [""] * n
    for kind in kinds:
        if kind == "column":
            part, got = column, texts
        elif kind == "picked":
            part, got = pick(values, rows), [values[r] for r in rows]
        else:
            part, got = kind, [kind] * n
        parts.append(part)
        expected = [e + t for e, t in zip(expected, got, strict=True)]
    joined = join(parts)
    if isinstance(joined, str):  # no array among the parts: one string for every row
        assert [joined] * n == expected
    else:
        assert joined.to_pylist() == expected


def test_parts_without_an_array_are_joined_into_one_string():
    assert join(["a", "b,", '"c"']) == 'ab,"c"'
