"""The engine's loops take typed records built field by name: a swapped array is refused or
does not compile, it never gives verdicts silently."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from numba.core.errors import TypingError
from test_kernel import calm, event

from trucewatch.errors import ValidationError
from trucewatch.verdicts.by_scope import run_by_scope
from trucewatch.verdicts.columns import AgreementColumns, EventColumns
from trucewatch.verdicts.grid import ScopeIndex, index_of
from trucewatch.verdicts.pairs import empty
from trucewatch.verdicts.records import (
    GridArrays,
    Options,
    Output,
    ScopeArrays,
    SortedEvents,
    WindowArrays,
)


@pytest.fixture(scope="module")
def packed() -> tuple[EventColumns, AgreementColumns, ScopeIndex]:
    columns = EventColumns.from_events([event(), event(lon=37.55, lat=36.15, radius=2.0)])
    agreements = AgreementColumns.from_agreements([calm()], columns.names)
    return columns, agreements, index_of(agreements)


def test_each_record_field_is_its_sources_array_of_the_same_name(packed):
    _columns, agreements, index = packed
    grid = index.global_grid(agreements, 2.0)
    for record, source in (
        (WindowArrays.of(agreements), agreements),
        (ScopeArrays.of(index), index),
        (GridArrays.of(grid), grid),
        (Output.of(empty(3)), None),
    ):
        for name in record._fields:
            if source is not None and isinstance(getattr(record, name), np.ndarray):
                assert getattr(record, name) is getattr(source, name), name
    assert len(ScopeArrays._fields) == 38 and len(WindowArrays._fields) == 6


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("sax", "seg_off", "ScopeArrays.sax: an array of float64 expected, not int64"),
        ("cand", "cand_dc", "ScopeArrays.cand: an array of int32 expected, not float32"),
        ("pbox", "eps", "ScopeArrays.pbox: 2 dimension(s) expected, not 1"),
        ("eps", "cell_dlow", "ScopeArrays.eps: "),  # one per scope, not one per cell
        ("seg_off", "row_off", "ScopeArrays.seg_off: "),  # offsets: one more than the scopes
    ],
)
def test_two_swapped_arrays_of_the_index_are_refused_naming_the_field(
    packed, first, second, message
):
    _columns, _agreements, index = packed
    swapped = replace(index, **{first: getattr(index, second), second: getattr(index, first)})
    with pytest.raises(
        ValidationError, match="^" + message.replace("(", r"\(").replace(")", r"\)")
    ):
        ScopeArrays.of(swapped)


def test_swapped_window_arrays_and_options_are_refused(packed):
    _columns, agreements, _index = packed
    with pytest.raises(ValidationError, match=r"WindowArrays.name_kind: an array of int8"):
        WindowArrays.of(
            replace(
                agreements, name_kind=agreements.accession_ns, accession_ns=agreements.name_kind
            )
        )
    with pytest.raises(ValidationError, match=r"Options.want: an array of bool expected"):
        Options.of(include_outside=False, with_distance=True, filtering=False, want=np.ones(9))
    with pytest.raises(ValidationError, match=r"Options.filtering: a bool expected"):
        Options.of(include_outside=False, with_distance=True, filtering=np.ones(9, bool), want=True)
    with pytest.raises(ValidationError, match=r"SortedEvents: columns of different lengths"):
        SortedEvents.of(
            lon=np.zeros(2), lat=np.zeros(2), radius_km=np.zeros(3), lo_ns=np.zeros(2, np.int64),
            hi_ns=np.zeros(2, np.int64), violent=np.zeros(2, bool), side_a=np.zeros(2, np.int32),
            side_b=np.zeros(2, np.int32),
        )  # fmt: skip


def test_records_passed_in_each_others_place_do_not_compile(packed):
    _columns, agreements, index = packed
    grid = index.global_grid(agreements, 2.0)
    win, scopes = WindowArrays.of(agreements), ScopeArrays.of(index)
    options = Options.of(
        include_outside=False, with_distance=True, filtering=False, want=np.ones(9, bool)
    )
    rec, recf, starts = np.zeros((1, 8), np.int64), np.zeros((1, 8)), np.zeros(1, np.int64)
    args = (GridArrays.of(grid), options, Output.of(empty(4)), 0, 0)
    with pytest.raises(TypingError):
        run_by_scope(rec, recf, starts, scopes, win, *args)  # window and scope records swapped
