"""Stored verdicts written as CSV from Arrow columns: the lines of ``trucewatch verdicts
--format csv`` without a Python object per row.

A batch of :data:`~trucewatch.store.verdict_reads.CODE_LISTING_COLUMNS` is split, for each
part of the explanation, into the distinct combinations of the values that part depends on
(numpy ``unique`` over dictionary codes); each part is computed once per combination by the
:class:`~trucewatch.verdicts.render_columns.ColumnRenderer` (the same functions of
:mod:`trucewatch.verdicts.explain`, and the same caches), and the parts are joined per row by
Arrow's string kernels. The literal text between the parts is taken from
:func:`trucewatch.verdicts.explain._compose` itself, so the sentence has one template. The CSV
fields are quoted as :mod:`csv`'s default writer quotes them (a field holding a comma or a
quote is quoted, its quotes doubled; one holding a line break is written by :mod:`csv`
itself), floats written as ``repr`` gives them. Tests hold the text to the record renderer's.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.model.agreement import Agreement
from trucewatch.model.verdict import Space, VerdictKind
from trucewatch.store.verdict_reads import CODE_LISTING_COLUMNS
from trucewatch.store.verdicts import CSV_COLUMNS
from trucewatch.verdicts.codes import SPACE_CODES, STATUS_CODES, TIME_CODES, VERDICT_CODES
from trucewatch.verdicts.encode import reasons_of_bits
from trucewatch.verdicts.explain import _compose, _coordinates, _km, _space_words
from trucewatch.verdicts.render_columns import (
    ColumnRenderer,
    changed_sides_error,
    missing_window_error,
)

__all__ = ["CSV_COLUMNS", "CsvRenderer", "csv_line", "csv_lines"]

_Ints = npt.NDArray[np.int64]
#: placeholders for the parts of an explanation, in the order ``_compose`` writes them
_MARKS = tuple(f"\x00{i}\x00" for i in range(7))
_STATUS_CODE = {s.value: i for i, s in enumerate(STATUS_CODES)}


def csv_line(fields: Sequence[Any]) -> str:
    """One CSV line as :mod:`csv`'s default writer gives it (None written as "")."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerow(["" if f is None else f for f in fields])
    return text.getvalue()


def csv_lines(records: Iterable[dict[str, Any]]) -> str:
    """The CSV lines of verdict records (:func:`trucewatch.verdicts.stored.verdict_records`),
    the columns :data:`CSV_COLUMNS`, without the header: the reference of
    :meth:`CsvRenderer.text`."""
    text = io.StringIO()
    before = CSV_COLUMNS[: CSV_COLUMNS.index("reasons")]
    csv.writer(text, lineterminator="\n").writerows(
        ["" if row[c] is None else row[c] for c in before]
        + [" ".join(row["reasons"]), row["explanation"]]
        for row in records
    )
    return text.getvalue()


def _template(kind: VerdictKind, undirected: bool) -> list[str]:
    """The literal text around the parts of an explanation (type, place, space, dates, time,
    side A, side B), as :func:`~trucewatch.verdicts.explain._compose` writes it."""
    t, p, s, d, m, a, b = _MARKS
    rest = _compose(kind, t, p, s, d, m, [a, b], undirected)
    pieces = []
    for mark in _MARKS:
        before, found, rest = rest.partition(mark)
        assert found, "explain._compose no longer writes every part once, in order"
        pieces.append(before)
    return [*pieces, rest]


def _codes(column: pa.Array) -> tuple[_Ints, list[Any]]:
    """Dictionary codes of ``column`` (nulls get one) and the distinct values."""
    encoded = pc.dictionary_encode(column, null_encoding="encode")
    return np.asarray(encoded.indices, dtype=np.int64), encoded.dictionary.to_pylist()


def _group(parts: Sequence[tuple[_Ints, int]]) -> tuple[_Ints, _Ints]:
    """For columns of codes (each with its number of codes): each row's combination number
    and the first row of each combination."""
    key = np.zeros(len(parts[0][0]), dtype=np.int64)
    size = 1
    for codes, count in parts:
        if size * max(count, 1) >= 1 << 62:  # renumber before the key overflows
            found, key = np.unique(key, return_inverse=True)
            key, size = key.reshape(-1).astype(np.int64), len(found)
        key = key * count + codes
        size *= max(count, 1)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64), first.astype(np.int64)


def _ints(values: npt.ArrayLike) -> tuple[_Ints, int]:
    """Codes of an integer column and their number."""
    found, inverse = np.unique(np.asarray(values), return_inverse=True)
    return inverse.reshape(-1).astype(np.int64), len(found)


def _field(value: str) -> str:
    """One CSV field as csv's default writer writes it."""
    return csv_line([value, ""])[:-2]


_ODD = re.compile("[\r\n\x00]")


def _pick(values: Sequence[str], rows: _Ints) -> pa.Array | str:
    """``values[rows]`` as a string array, or the one value when every row has it."""
    if len(rows) and (rows == rows[0]).all():
        return values[int(rows[0])]
    return pa.array(values, pa.string()).take(pa.array(rows))


def _part(
    values: Sequence[str],
    rows: _Ints,
    odd: npt.NDArray[np.bool_],
    at: _Ints | None = None,
) -> pa.Array | str:
    """A part of the explanations, quotes doubled, ``values[rows]``; rows whose part holds
    a line break or NUL are marked in ``odd`` (at positions ``at`` if given)."""
    flags = np.array([_ODD.search(v) is not None for v in values], dtype=np.bool_)
    if flags.any():
        hit = flags[rows]
        odd[hit if at is None else at[hit]] = True
    return _pick([v.replace('"', '""') for v in values], rows)


def _join(parts: Sequence[pa.Array | str]) -> pa.Array:
    """The parts joined row by row (next strings merged first: fewer arguments, faster)."""
    merged: list[pa.Array | str] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return pc.binary_join_element_wise(*merged, "")


def _kms(values: npt.NDArray[np.float64]) -> pa.Array:
    """``explain._km`` of each value ("2.1 km"): Arrow's integers where the tenths rounded
    in floats are the decimal rounding's (away from a tie by more than float error), ``_km``
    for the others."""
    with np.errstate(invalid="ignore", over="ignore"):  # nan, inf, huge: written by _km
        tenths = values * 10.0
        whole = np.rint(tenths)
        odd = ~(np.abs(tenths) < 1e15) | np.signbit(values)
        odd |= np.abs(np.abs(tenths - np.floor(tenths)) - 0.5) <= 8 * np.spacing(tenths)
    k = np.where(odd, 0, whole).astype(np.int64)
    text = pc.binary_join_element_wise(
        pa.array(k // 10).cast(pa.string()), pa.array(k % 10).cast(pa.string()), "."
    )
    text = pc.binary_join_element_wise(text, " km", "")
    rows = np.flatnonzero(odd)
    if len(rows):
        fixed = pa.array(list(map(_km, values[rows].tolist())), pa.string())
        text = pc.replace_with_mask(text, _mask(rows, len(values)), fixed)
    return text


def _at(part: pa.Array | str, rows: _Ints) -> pa.Array | str:
    return part if isinstance(part, str) else part.take(pa.array(rows))


def _full(part: pa.Array | str, n: int) -> pa.Array:
    """A part as an array of ``n`` rows."""
    if isinstance(part, str):
        return pa.array(np.full(n, part, dtype=object), pa.string())
    return part


def _coded_field(column: pa.Array) -> pa.Array | str:
    """A column of few distinct values as CSV fields, each value written once."""
    codes, values = _codes(column)
    return _pick([_field("" if v is None else v) for v in values], codes)


def _mask(rows: _Ints, n: int) -> pa.Array:
    mask = np.zeros(n, dtype=np.bool_)
    mask[rows] = True
    return pa.array(mask)


def _where(flags: pa.Array) -> _Ints:
    return np.flatnonzero(flags.to_numpy(zero_copy_only=False))


def _quoted(column: pa.Array) -> pa.Array:
    """A string column as CSV fields (nulls as ""); those csv quotes, written by csv."""
    column = column.fill_null("")
    rows = _where(pc.match_substring_regex(column, r"[,\"\r\n\x00]"))
    if not len(rows):
        return column
    fields = [_field(v) for v in column.take(pa.array(rows)).to_pylist()]
    return pc.replace_with_mask(column, _mask(rows, len(column)), pa.array(fields, pa.string()))


def _floats(column: pa.Array) -> pa.Array:
    """A float column as CSV fields: ``repr`` of each value, "" for null.

    Arrow's cast gives the same shortest digits as ``repr``; it writes them otherwise only
    for whole numbers ("3" for "3.0"), exponents (its own, and repr's below 1e-4 and from
    1e16), nan and inf: those are written by ``repr``."""
    text = column.cast(pa.string())
    number = column.fill_null(0.5).to_numpy(zero_copy_only=False)
    size = np.abs(number)
    exponent = pc.match_substring(text, "e").fill_null(False).to_numpy(zero_copy_only=False)
    with np.errstate(invalid="ignore"):  # nan: written by repr
        odd = (number == np.floor(number)) | (size < 1e-4) | ~(size < 1e16) | exponent
    rows = np.flatnonzero(odd)
    if len(rows):
        fixed = pa.array(list(map(repr, number[rows].tolist())), pa.string())
        text = pc.replace_with_mask(text, _mask(rows, len(text)), fixed)
    return text.fill_null("")


def _bytes_of(lines: pa.Array) -> pa.Buffer:
    """The concatenation of a string array's values (UTF-8), without a copy."""
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)
    first, last = offsets[lines.offset], offsets[lines.offset + len(lines)]
    return lines.buffers()[2].slice(int(first), int(last - first))


class CsvRenderer:
    """CSV lines (no header) of batches of :data:`CODE_LISTING_COLUMNS` for fixed
    ``agreements``; its caches serve every batch of a listing."""

    def __init__(self, agreements: Sequence[Agreement]) -> None:
        self.renderer = ColumnRenderer(agreements)
        self._window_start = np.array(self.renderer._start, dtype=np.int64)
        self._agreement_of = np.array(self.renderer._agreement_of, dtype=np.int64)
        self._reasons: dict[int, str] = {}
        kinds = [(k, u) for k in VERDICT_CODES for u in (False, True)]
        self._templates = [_template(k, u) for k, u in kinds]
        # an explanation holds a comma, so csv quotes it: its parts' quotes doubled, and
        # '"' around (a line holding a line break or NUL is written by csv itself)
        assert all("," in "".join(t) for t in self._templates)
        assert len({t[6] for t in self._templates}) == 1
        self._verdicts = [_field(k.value) for k in VERDICT_CODES]
        self._spaces = [_field(s.value) for s in SPACE_CODES]
        self._times = [_field(t.value) for t in TIME_CODES]

    def text(self, batch: pa.RecordBatch) -> str:
        """The CSV lines of ``batch``, :data:`CSV_COLUMNS` in order."""
        return self.lines(batch).to_pybytes().decode()

    def lines(self, batch: pa.RecordBatch) -> pa.Buffer:
        """:meth:`text` encoded in UTF-8."""
        assert tuple(batch.schema.names) == CODE_LISTING_COLUMNS, batch.schema.names
        col = {name: batch.column(i) for i, name in enumerate(CODE_LISTING_COLUMNS)}
        w = self._windows(col)
        odd = np.zeros(batch.num_rows, dtype=np.bool_)
        explanation = self._explanations(col, w, odd)
        fields = [
            _quoted(col["event_id"]),
            _coded_field(col["agreement_id"]),
            _coded_field(col["window_id"]),
            _pick(self._verdicts, self._int(col["verdict"])),
            _pick(self._spaces, self._int(col["space"])),
            _pick(self._times, self._int(col["time"])),
            _floats(col["distance_km"]),
            _floats(col["share_inside"]),
            self._reason_field(col["reason_bits"]),
        ]
        parts: list[Any] = []
        for f in fields:
            parts += [f, ","]
        lines = _join([*parts, '"', *explanation, '"\n'])
        rows = np.flatnonzero(odd)
        if len(rows):  # the explanation as csv writes it (a line break or NUL in it)
            head = pc.binary_join_element_wise(*(_at(p, rows) for p in parts), "")
            inner = pc.binary_join_element_wise(*(_at(p, rows) for p in explanation), "")
            fixed = [
                h + _field(e.replace('""', '"')) + "\n"
                for h, e in zip(
                    _full(head, len(rows)).to_pylist(),
                    _full(inner, len(rows)).to_pylist(),
                    strict=True,
                )
            ]
            lines = pc.replace_with_mask(
                lines, _mask(rows, len(lines)), pa.array(fixed, pa.string())
            )
        return _bytes_of(lines)

    @staticmethod
    def _int(column: pa.Array) -> _Ints:
        return column.to_numpy(zero_copy_only=False).astype(np.int64)

    def _reason_field(self, column: pa.Array) -> pa.Array | str:
        found, rows = np.unique(column.to_numpy(zero_copy_only=False), return_inverse=True)
        texts = []
        for bits in found.tolist():
            text = self._reasons.get(bits)
            if text is None:
                text = self._reasons[bits] = _field(" ".join(reasons_of_bits(bits)))
            texts.append(text)
        return _pick(texts, rows.reshape(-1))

    def _windows(self, col: dict[str, pa.Array]) -> _Ints:
        """Each row's window (its position in the renderer's window list)."""
        a, a_values = _codes(col["agreement_id"])
        k, k_values = _codes(col["window_id"])
        rows, first = _group([(a, len(a_values)), (k, len(k_values))])
        found = []
        for r in first.tolist():
            key = (a_values[a[r]], k_values[k[r]])
            number = self.renderer.window_of.get(key)
            if number is None:
                raise missing_window_error(*key)
            found.append(number)
        return np.array(found, dtype=np.int64)[rows]

    def _explanations(
        self, col: dict[str, pa.Array], w: _Ints, odd: npt.NDArray[np.bool_]
    ) -> list[pa.Array | str]:
        """The parts of each row's explanation, quotes doubled, to be joined; rows with a
        line break or NUL are marked in ``odd``."""
        r = self.renderer
        start = self._int(col["time_start"])
        end = self._int(col["time_end"])
        s_code, s_count = _ints(start)
        e_code, e_count = _ints(end)
        tz, tz_values = _codes(col["timezone"])
        # the event type's words
        t, t_values = _codes(col["event_type"])
        type_words = _part([r._type_words_of(v) for v in t_values], t, odd)
        # the place: once per distinct names, its coordinates for an event without any
        place_cols = ["location_precision", "place", "country", "admin1", "admin2", "admin3"]
        place_codes = [_codes(col[c]) for c in place_cols]
        rows, first = _group([(c, len(v)) for c, v in place_codes])
        places = [r._place_of(*(v[c[i]] for c, v in place_codes)) for i in first.tolist()]
        named = np.array([bool(name) for _, name in places], dtype=np.bool_)[rows]
        coded = np.array([c for c, _ in places], dtype=np.bool_)[rows]
        names = [name or "" for _, name in places]
        where = _part(names, rows, odd)
        coords = []
        if not named.all():
            lat = col["lat"].to_numpy(zero_copy_only=False)
            lon = col["lon"].to_numpy(zero_copy_only=False)
            nameless = np.flatnonzero(~named)
            coords = [
                _coordinates(y, x)
                for y, x in zip(lat[nameless].tolist(), lon[nameless].tolist(), strict=True)
            ]
            where = pc.replace_with_mask(
                _full(where, len(w)), pa.array(~named), pa.array(coords, pa.string())
            )
        space = self._space_words(col, coded, (names, rows, named, coords), odd)
        # the dates: once per (start, end, zone, precision)
        p, p_values = _codes(col["date_precision"])
        rows, first = _group(
            [(s_code, s_count), (e_code, e_count), (tz, len(tz_values)), (p, len(p_values))]
        )
        dates = _part(
            [
                r._dates_of(int(start[i]), int(end[i]), tz_values[tz[i]], p_values[p[i]])
                for i in first.tolist()
            ],
            rows,
            odd,
        )
        # the time: once per (window, whether its year is said, relation, starts before)
        rows, first = _group([(s_code, s_count), (w, len(r.windows))])
        with_year = np.array(
            [r._with_year(int(w[i]), int(start[i])) for i in first.tolist()], dtype=np.int64
        )[rows]
        before = (start < self._window_start[w]).astype(np.int64)
        time = self._int(col["time"])
        rows, first = _group(
            [(w, len(r.windows)), (with_year, 2), (time, len(TIME_CODES)), (before, 2)]
        )
        time_words = _part(
            [
                r._time_text_of(
                    int(w[i]), bool(with_year[i]), TIME_CODES[time[i]].value, bool(before[i])
                )
                for i in first.tolist()
            ],
            rows,
            odd,
        )
        # both sides: once per (agreement, actors), or per (.., start, end, zone) when timed
        sides = self._sides(
            col, w, start, end, (s_code, s_count), (e_code, e_count), (tz, tz_values), odd
        )
        undirected = col["perpetrator"].is_null().to_numpy(zero_copy_only=False).astype(np.int64)
        template = self._int(col["verdict"]) * 2 + undirected
        pieces = [_part([t[j] for t in self._templates], template, odd) for j in range(8)]
        return [
            pieces[0],
            type_words,
            pieces[1],
            where,
            pieces[2],
            space,
            pieces[3],
            dates,
            pieces[4],
            time_words,
            pieces[5],
            sides,
            pieces[7],
        ]

    def _space_words(
        self,
        col: dict[str, pa.Array],
        coded: npt.NDArray[np.bool_],
        place: tuple[list[str], _Ints, npt.NDArray[np.bool_], list[str]],
        odd: npt.NDArray[np.bool_],
    ) -> pa.Array | str:
        """The space part: inside or outside, the words around the distance once per space;
        across the edge, per row (``place``: the names, each row's, whether it has one, the
        coordinates of those without)."""
        n = len(coded)
        space = self._int(col["space"])
        distance = col["distance_km"]
        has_distance = distance.is_valid().to_numpy(zero_copy_only=False)
        d = distance.fill_null(0.0).to_numpy(zero_copy_only=False)
        everywhere = _space_words(Space.INSIDE, None, None, 0.0, None)
        at = np.flatnonzero(~has_distance)
        out: pa.Array | str = ""  # every row gets its text below
        if len(at):
            out = _part([everywhere], np.zeros(len(at), dtype=np.int64), odd, at)
        uncertain = space == SPACE_CODES.index(Space.UNCERTAIN)
        plain = np.flatnonzero(has_distance & ~uncertain)
        if len(plain):
            around = []
            for s in SPACE_CODES:  # the words before and after the distance
                before, found, after = _space_words(s, 0.0, None, 0.0, None).partition(_km(0.0))
                around.append((before, after) if found and s is not Space.UNCERTAIN else ("", ""))
            kind = space[plain]
            text = pc.binary_join_element_wise(
                _full(_part([b for b, _ in around], kind, odd, plain), len(plain)),
                _kms(d[plain]),
                _full(_part([a for _, a in around], kind, odd, plain), len(plain)),
                "",
            )
            if len(plain) == n:
                return text
            out = pc.replace_with_mask(_full(out, n), _mask(plain, n), text)
        rows = np.flatnonzero(has_distance & uncertain)
        if len(rows):
            names, name_of, named, coords = place
            nameless = np.cumsum(~named) - 1  # the position of a row among those without
            share = col["share_inside"].take(pa.array(rows)).to_pylist()
            radius = col["radius_km"].take(pa.array(rows)).to_pylist()
            texts = [
                _space_words(
                    Space.UNCERTAIN,
                    float(d[i]),
                    s,
                    rad,
                    (names[name_of[i]] if named[i] else coords[nameless[i]]) if coded[i] else None,
                )
                for i, s, rad in zip(rows.tolist(), share, radius, strict=True)
            ]
            text = _part(texts, np.arange(len(rows)), odd, rows)
            out = pc.replace_with_mask(_full(out, n), _mask(rows, n), _full(text, len(rows)))
        return out

    def _sides(
        self,
        col: dict[str, pa.Array],
        w: _Ints,
        start: _Ints,
        end: _Ints,
        starts: tuple[_Ints, int],
        ends: tuple[_Ints, int],
        zones: tuple[_Ints, list[Any]],
        odd: npt.NDArray[np.bool_],
    ) -> pa.Array | str:
        """Both sides' words, joined; a StoreError if the statuses the rules give now differ
        from the stored ones."""
        r = self.renderer
        actor_codes = [_codes(col[c]) for c in ("side_a", "side_b", "perpetrator", "target")]
        agreement = self._agreement_of[w]
        groups, first = _group(
            [(agreement, len(r.agreements))] + [(c, len(v)) for c, v in actor_codes]
        )
        tz, tz_values = zones
        hits: list[tuple[list[str], str, tuple[str, str]]] = []
        hit = np.empty(len(w), dtype=np.int64)
        timed = np.zeros(len(first), dtype=np.bool_)
        for g, i in enumerate(first.tolist()):
            actors = tuple(v[c[i]] for c, v in actor_codes)
            found = r._sides_of(int(w[i]), actors, int(start[i]), int(end[i]), tz_values[tz[i]])
            timed[g] = r._fixed[(int(agreement[i]), *actors)] is None
            hits.append(found)
        fixed = ~timed[groups]
        hit[fixed] = groups[fixed]
        if not fixed.all():
            rows = np.flatnonzero(~fixed)
            sub, sub_first = _group(
                [
                    (groups[rows], len(first)),
                    (starts[0][rows], starts[1]),
                    (ends[0][rows], ends[1]),
                    (tz[rows], len(tz_values)),
                ]
            )
            base = len(hits)
            for i in rows[sub_first].tolist():
                actors = tuple(v[c[i]] for c, v in actor_codes)
                hits.append(
                    r._sides_of(int(w[i]), actors, int(start[i]), int(end[i]), tz_values[tz[i]])
                )
            hit[rows] = base + sub
        status = np.array([[_STATUS_CODE[s] for s in h[2]] for h in hits], dtype=np.int64)
        stored_a, stored_b = self._int(col["side_a_status"]), self._int(col["side_b_status"])
        wrong = (status[hit, 0] != stored_a) | (status[hit, 1] != stored_b)
        if wrong.any():
            i = int(np.flatnonzero(wrong)[0])
            stored = (STATUS_CODES[stored_a[i]].value, STATUS_CODES[stored_b[i]].value)
            raise changed_sides_error(
                col["event_id"][i].as_py(),
                col["agreement_id"][i].as_py(),
                col["window_id"][i].as_py(),
                stored,
                hits[hit[i]][2],
            )
        between = self._templates[0][6]  # the text between side A and side B
        return _part([between.join(h[0]) for h in hits], hit, odd)
