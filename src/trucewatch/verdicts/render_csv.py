"""Stored verdicts written as CSV from Arrow columns: the lines of ``trucewatch verdicts
--format csv`` without a Python object per row.

A batch of :data:`~trucewatch.store.verdict_reads.CODE_LISTING_COLUMNS` is split, for each
part of the explanation, into the distinct combinations of the values that part depends on
(numpy ``unique`` over dictionary codes); each part is computed once per combination by the
:class:`~trucewatch.verdicts.render_columns.ColumnRenderer` (the same functions of
:mod:`trucewatch.verdicts.explain`, and the same caches), and the parts are joined per row by
Arrow's string kernels. The literal text between the parts is taken from
:func:`trucewatch.verdicts.explain.compose_sentence` itself, so the sentence has one template.
The CSV fields are written as :mod:`csv`'s default writer writes them
(:mod:`trucewatch.verdicts.csv_columns`). Tests hold the text to the record listing's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from trucewatch.model.agreement import Agreement
from trucewatch.model.verdict import Space, VerdictKind
from trucewatch.store.verdict_reads import CODE_LISTING_COLUMNS
from trucewatch.verdicts.codes import SPACE_CODES, STATUS_CODES, TIME_CODES, VERDICT_CODES
from trucewatch.verdicts.csv_columns import (
    Ints,
    bytes_of,
    coded_field,
    codes,
    field,
    floats,
    full,
    group,
    ints,
    join,
    kms,
    mask,
    part,
    pick,
    quoted,
    rows_of,
)
from trucewatch.verdicts.encode import reasons_of_bits
from trucewatch.verdicts.explain import (
    compose_sentence,
    coordinates_phrase,
    extraction_phrase,
    km_phrase,
    space_phrase,
)
from trucewatch.verdicts.render_columns import (
    ColumnRenderer,
    changed_sides_error,
    missing_window_error,
)

__all__ = ["CsvRenderer"]

#: placeholders for the parts of an explanation, in the order ``compose_sentence`` writes them
_MARKS = tuple(f"\x00{i}\x00" for i in range(8))
_STATUS_CODE = {s.value: i for i, s in enumerate(STATUS_CODES)}


def _template(kind: VerdictKind, undirected: bool) -> list[str]:
    """The literal text around the parts of an explanation (type, place, space, dates, time,
    side A, side B, extraction), as :func:`~trucewatch.verdicts.explain.compose_sentence`
    writes it."""
    t, p, s, d, m, a, b, x = _MARKS
    rest = compose_sentence(kind, t, p, s, d, m, [a, b], undirected, x)
    pieces = []
    for mark in _MARKS:
        before, found, rest = rest.partition(mark)
        assert found, "explain.compose_sentence no longer writes every part once, in order"
        pieces.append(before)
    return [*pieces, rest]


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
        self._verdicts = [field(k.value) for k in VERDICT_CODES]
        self._spaces = [field(s.value) for s in SPACE_CODES]
        self._times = [field(t.value) for t in TIME_CODES]

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
            quoted(col["event_id"]),
            coded_field(col["agreement_id"]),
            coded_field(col["window_id"]),
            pick(self._verdicts, self._int(col["verdict"])),
            pick(self._spaces, self._int(col["space"])),
            pick(self._times, self._int(col["time"])),
            floats(col["distance_km"]),
            floats(col["share_inside"]),
            self._reason_field(col["reason_bits"]),
        ]
        parts: list[Any] = []
        for f in fields:
            parts += [f, ","]
        lines = full(join([*parts, '"', *explanation, '"\n']), batch.num_rows)
        rows = np.flatnonzero(odd)
        if len(rows):  # the explanation as csv writes it (a line break or NUL in it)
            head = join([rows_of(p, rows) for p in parts])
            inner = join([rows_of(p, rows) for p in explanation])
            fixed = [
                h + field(e.replace('""', '"')) + "\n"
                for h, e in zip(
                    full(head, len(rows)).to_pylist(),
                    full(inner, len(rows)).to_pylist(),
                    strict=True,
                )
            ]
            lines = pc.replace_with_mask(
                lines, mask(rows, len(lines)), pa.array(fixed, pa.string())
            )
        return bytes_of(lines)

    @staticmethod
    def _int(column: pa.Array) -> Ints:
        return column.to_numpy(zero_copy_only=False).astype(np.int64)

    def _reason_field(self, column: pa.Array) -> pa.Array | str:
        found, rows = np.unique(column.to_numpy(zero_copy_only=False), return_inverse=True)
        texts = []
        for bits in found.tolist():
            text = self._reasons.get(bits)
            if text is None:
                text = self._reasons[bits] = field(" ".join(reasons_of_bits(bits)))
            texts.append(text)
        return pick(texts, rows.reshape(-1))

    def _windows(self, col: dict[str, pa.Array]) -> Ints:
        """Each row's window (its position in the renderer's window list)."""
        a, a_values = codes(col["agreement_id"])
        k, k_values = codes(col["window_id"])
        rows, first = group([(a, len(a_values)), (k, len(k_values))])
        found = []
        for r in first.tolist():
            key = (a_values[a[r]], k_values[k[r]])
            number = self.renderer.window_of.get(key)
            if number is None:
                raise missing_window_error(*key)
            found.append(number)
        return np.array(found, dtype=np.int64)[rows]

    def _explanations(
        self, col: dict[str, pa.Array], w: Ints, odd: npt.NDArray[np.bool_]
    ) -> list[pa.Array | str]:
        """The parts of each row's explanation, quotes doubled, to be joined; rows with a
        line break or NUL are marked in ``odd``."""
        r = self.renderer
        start = self._int(col["time_start"])
        end = self._int(col["time_end"])
        s_code, s_count = ints(start)
        e_code, e_count = ints(end)
        tz, tz_values = codes(col["timezone"])
        # the event type's words
        t, t_values = codes(col["event_type"])
        type_words = part([r._type_words_of(v) for v in t_values], t, odd)
        # the place: once per distinct names, its coordinates for an event without any
        place_cols = ["location_precision", "place", "country", "admin1", "admin2", "admin3"]
        place_codes = [codes(col[c]) for c in place_cols]
        rows, first = group([(c, len(v)) for c, v in place_codes])
        places = [r._place_of(*(v[c[i]] for c, v in place_codes)) for i in first.tolist()]
        named = np.array([bool(name) for _, name in places], dtype=np.bool_)[rows]
        coded = np.array([c for c, _ in places], dtype=np.bool_)[rows]
        names = [name or "" for _, name in places]
        where = part(names, rows, odd)
        coords = []
        if not named.all():
            lat = col["lat"].to_numpy(zero_copy_only=False)
            lon = col["lon"].to_numpy(zero_copy_only=False)
            nameless = np.flatnonzero(~named)
            coords = [
                coordinates_phrase(y, x)
                for y, x in zip(lat[nameless].tolist(), lon[nameless].tolist(), strict=True)
            ]
            where = pc.replace_with_mask(
                full(where, len(w)), pa.array(~named), pa.array(coords, pa.string())
            )
        space = self._space_words(col, coded, (names, rows, named, coords), odd)
        # the dates: once per (start, end, zone, precision)
        p, p_values = codes(col["date_precision"])
        rows, first = group(
            [(s_code, s_count), (e_code, e_count), (tz, len(tz_values)), (p, len(p_values))]
        )
        dates = part(
            [
                r._dates_of(int(start[i]), int(end[i]), tz_values[tz[i]], p_values[p[i]])
                for i in first.tolist()
            ],
            rows,
            odd,
        )
        # the time: once per (window, whether its year is said, relation, starts before)
        rows, first = group([(s_code, s_count), (w, len(r.windows))])
        with_year = np.array(
            [r._with_year(int(w[i]), int(start[i])) for i in first.tolist()], dtype=np.int64
        )[rows]
        before = (start < self._window_start[w]).astype(np.int64)
        time = self._int(col["time"])
        rows, first = group(
            [(w, len(r.windows)), (with_year, 2), (time, len(TIME_CODES)), (before, 2)]
        )
        time_words = part(
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
        pieces = [part([t[j] for t in self._templates], template, odd) for j in range(9)]
        # an event read from text: its confidence and guessed parts, once per distinct pair
        c, c_values = codes(col["confidence"])
        g, g_values = codes(pc.binary_join(col["guessed"], " "))
        rows, first = group([(c, len(c_values)), (g, len(g_values))])
        extraction = part(
            [
                extraction_phrase(c_values[c[i]], (g_values[g[i]] or "").split())
                for i in first.tolist()
            ],
            rows,
            odd,
        )
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
            extraction,
            pieces[8],
        ]

    def _space_words(
        self,
        col: dict[str, pa.Array],
        coded: npt.NDArray[np.bool_],
        place: tuple[list[str], Ints, npt.NDArray[np.bool_], list[str]],
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
        everywhere = space_phrase(Space.INSIDE, None, None, 0.0, None)
        at = np.flatnonzero(~has_distance)
        out: pa.Array | str = ""  # every row gets its text below
        if len(at):
            out = part([everywhere], np.zeros(len(at), dtype=np.int64), odd, at)
        uncertain = space == SPACE_CODES.index(Space.UNCERTAIN)
        plain = np.flatnonzero(has_distance & ~uncertain)
        if len(plain):
            around = []
            for s in SPACE_CODES:  # the words before and after the distance
                before, found, after = space_phrase(s, 0.0, None, 0.0, None).partition(
                    km_phrase(0.0)
                )
                around.append((before, after) if found and s is not Space.UNCERTAIN else ("", ""))
            kind = space[plain]
            text = join(
                [
                    part([b for b, _ in around], kind, odd, plain),
                    kms(d[plain]),
                    part([a for _, a in around], kind, odd, plain),
                ]
            )
            if len(plain) == n:
                return text
            out = pc.replace_with_mask(full(out, n), mask(plain, n), text)
        rows = np.flatnonzero(has_distance & uncertain)
        if len(rows):
            names, name_of, named, coords = place
            nameless = np.cumsum(~named) - 1  # the position of a row among those without
            share = col["share_inside"].take(pa.array(rows)).to_pylist()
            radius = col["radius_km"].take(pa.array(rows)).to_pylist()
            texts = [
                space_phrase(
                    Space.UNCERTAIN,
                    float(d[i]),
                    s,
                    rad,
                    (names[name_of[i]] if named[i] else coords[nameless[i]]) if coded[i] else None,
                )
                for i, s, rad in zip(rows.tolist(), share, radius, strict=True)
            ]
            text = part(texts, np.arange(len(rows)), odd, rows)
            out = pc.replace_with_mask(full(out, n), mask(rows, n), full(text, len(rows)))
        return out

    def _sides(
        self,
        col: dict[str, pa.Array],
        w: Ints,
        start: Ints,
        end: Ints,
        starts: tuple[Ints, int],
        ends: tuple[Ints, int],
        zones: tuple[Ints, list[Any]],
        odd: npt.NDArray[np.bool_],
    ) -> pa.Array | str:
        """Both sides' words, joined; a StoreError if the statuses the rules give now differ
        from the stored ones."""
        r = self.renderer
        actor_codes = [codes(col[c]) for c in ("side_a", "side_b", "perpetrator", "target")]
        agreement = self._agreement_of[w]
        groups, first = group(
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
            sub, sub_first = group(
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
        return part([between.join(h[0]) for h in hits], hit, odd)
