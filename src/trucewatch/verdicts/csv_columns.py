"""Arrow columns written as CSV fields, and the small tools the column renderers share: codes
and groups of distinct values, parts picked per row, joins.

The fields are those the :mod:`csv` module's default writer gives (``csv_line``): a string
field holding a comma or a quote is quoted, its quotes doubled; one holding a line break or NUL
is written by :mod:`csv` itself; floats are written as ``repr`` writes them. Arrow does the
work where it gives the same bytes; tests hold every writer to :mod:`csv` (and ``kms`` to
``explain.km_phrase``).
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
from numba import njit

from trucewatch.store.verdicts import CSV_COLUMNS
from trucewatch.verdicts.explain import km_phrase

__all__ = [
    "Ints",
    "bytes_of",
    "coded_field",
    "codes",
    "csv_line",
    "csv_lines",
    "field",
    "floats",
    "full",
    "group",
    "ints",
    "join",
    "kms",
    "mask",
    "part",
    "pick",
    "quoted",
    "rows_of",
    "where_true",
]

Ints = npt.NDArray[np.int64]


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


def codes(column: pa.Array) -> tuple[Ints, list[Any]]:
    """Dictionary codes of ``column`` (nulls get one) and the distinct values."""
    encoded = pc.dictionary_encode(column, null_encoding="encode")
    return np.asarray(encoded.indices, dtype=np.int64), encoded.dictionary.to_pylist()


def group(parts: Sequence[tuple[Ints, int]]) -> tuple[Ints, Ints]:
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


def ints(values: npt.ArrayLike) -> tuple[Ints, int]:
    """Codes of an integer column and their number."""
    found, inverse = np.unique(np.asarray(values), return_inverse=True)
    return inverse.reshape(-1).astype(np.int64), len(found)


def field(value: str) -> str:
    """One CSV field as csv's default writer writes it."""
    return csv_line([value, ""])[:-2]


ODD = re.compile("[\r\n\x00]")


def pick(values: Sequence[str], rows: Ints) -> pa.Array | str:
    """``values[rows]`` as a dictionary array over ``values`` (no string copied per row; read
    by :func:`join`, :func:`full` decodes it), or the one value when every row has it."""
    if len(rows) and (rows == rows[0]).all():
        return values[int(rows[0])]
    return pa.DictionaryArray.from_arrays(pa.array(rows, pa.int64()), pa.array(values, pa.string()))


def part(
    values: Sequence[str],
    rows: Ints,
    odd: npt.NDArray[np.bool_],
    at: Ints | None = None,
) -> pa.Array | str:
    """A part of the explanations, quotes doubled, ``values[rows]``; rows whose part holds
    a line break or NUL are marked in ``odd`` (at positions ``at`` if given)."""
    flags = np.array([ODD.search(v) is not None for v in values], dtype=np.bool_)
    if flags.any():
        hit = flags[rows]
        odd[hit if at is None else at[hit]] = True
    return pick([v.replace('"', '""') for v in values], rows)


def join(parts: Sequence[pa.Array | str]) -> pa.Array | str:
    """The parts joined row by row: strings (the same in every row), string arrays and
    dictionary arrays of strings (a part picked per row: :func:`pick`), in one compiled
    pass (:func:`_join`); next strings are merged first. Without an array, the one string."""
    merged: list[pa.Array | str] = []
    for one in parts:
        if isinstance(one, str) and merged and isinstance(merged[-1], str):
            merged[-1] += one
        else:
            merged.append(one)
    n = next((len(one) for one in merged if not isinstance(one, str)), None)
    if n is None:  # no array: the same string in every row
        return merged[0] if merged else ""
    if len(merged) > _MAX_PARTS:
        return join([join(merged[:_MAX_PARTS]), *merged[_MAX_PARTS:]])
    modes = np.zeros(_MAX_PARTS, dtype=np.int8)
    datas, offsets, indices = (
        [_NO_BYTES] * _MAX_PARTS,
        [_NO_TEXT] * _MAX_PARTS,
        [_NO_ROWS] * _MAX_PARTS,
    )
    for k, one in enumerate(merged):
        if isinstance(one, str):
            datas[k] = np.frombuffer(one.encode(), dtype=np.uint8)
            offsets[k] = np.array([0, len(datas[k])], dtype=np.int32)
            continue
        if len(one) != n:
            raise ValueError(f"parts of {len(one)} and {n} rows cannot be joined")
        if pa.types.is_dictionary(one.type):
            modes[k] = _PICKED
            indices[k] = np.ascontiguousarray(one.indices.to_numpy(), dtype=np.int64)
            one = one.dictionary
        else:
            modes[k] = _PER_ROW
        datas[k], offsets[k] = _buffers(one)
    ends, data = _join(
        n, len(merged), modes, *(tuple(map(_read_only, a)) for a in (datas, offsets, indices))
    )
    if ends[-1] > _MAX_BYTES:  # beyond 32-bit offsets
        return pc.binary_join_element_wise(*(full(one, n) for one in merged), "")
    return pa.Array.from_buffers(
        pa.string(), n, [None, pa.py_buffer(ends.astype(np.int32)), pa.py_buffer(data)]
    )


_MAX_PARTS = 32  # parts joined in one pass (a fixed tuple: one compiled signature)
_MAX_BYTES = (1 << 31) - 1
_PER_ROW, _PICKED = 1, 2  # modes of a part (0: the same string in every row)
_NO_BYTES = np.zeros(0, dtype=np.uint8)
_NO_TEXT = np.zeros(2, dtype=np.int32)
_NO_ROWS = np.zeros(0, dtype=np.int64)


def _buffers(values: pa.Array) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int32]]:
    """The UTF-8 bytes and the offsets of a string array's values (no copy)."""
    if values.type != pa.string() or values.null_count:
        values = values.cast(pa.string()).fill_null("")
    _, offsets, data = values.buffers()
    ends = np.frombuffer(offsets, dtype=np.int32)[values.offset : values.offset + len(values) + 1]
    return (_NO_BYTES if data is None else np.frombuffer(data, dtype=np.uint8)), ends


def _read_only(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """``values`` as a read-only view (Arrow's buffers are: the parts must share one type)."""
    view = values.view()
    view.flags.writeable = False
    return view


@njit(cache=True, nogil=True)
def _join(n, count, modes, datas, offsets, indices):  # type: ignore[no-untyped-def]
    """Row ``i`` of the answer: part ``k``'s value ``j`` for k < count, in order, where j
    is 0 (mode 0), i (mode 1) or ``indices[k][i]`` (mode 2). Returns (offsets, bytes)."""
    ends = np.empty(n + 1, dtype=np.int64)
    ends[0] = 0
    total = 0
    for i in range(n):
        for k in range(count):
            mode = modes[k]
            j = 0 if mode == 0 else (i if mode == 1 else indices[k][i])
            total += offsets[k][j + 1] - offsets[k][j]
        ends[i + 1] = total
    out = np.empty(total, dtype=np.uint8)
    at = 0
    for i in range(n):
        for k in range(count):
            mode = modes[k]
            j = 0 if mode == 0 else (i if mode == 1 else indices[k][i])
            lo, hi = offsets[k][j], offsets[k][j + 1]
            data = datas[k]
            for b in range(lo, hi):
                out[at] = data[b]
                at += 1
    return ends, out


def kms(values: npt.NDArray[np.float64]) -> pa.Array:
    """``explain.km_phrase`` of each value ("2.1 km"): Arrow's integers where the tenths rounded
    in floats are the decimal rounding's (away from a tie by more than float error), ``km_phrase``
    for the others."""
    with np.errstate(invalid="ignore", over="ignore"):  # nan, inf, huge: written by km_phrase
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
        fixed = pa.array(list(map(km_phrase, values[rows].tolist())), pa.string())
        text = pc.replace_with_mask(text, mask(rows, len(values)), fixed)
    return text


def rows_of(part: pa.Array | str, rows: Ints) -> pa.Array | str:
    return part if isinstance(part, str) else part.take(pa.array(rows))


def full(part: pa.Array | str, n: int) -> pa.Array:
    """A part as a string array of ``n`` rows."""
    if isinstance(part, str):
        return pa.array(np.full(n, part, dtype=object), pa.string())
    if pa.types.is_dictionary(part.type):
        return part.cast(pa.string())
    return part


def coded_field(column: pa.Array) -> pa.Array | str:
    """A column of few distinct values as CSV fields, each value written once."""
    found, values = codes(column)
    return pick([field("" if v is None else v) for v in values], found)


def mask(rows: Ints, n: int) -> pa.Array:
    flags = np.zeros(n, dtype=np.bool_)
    flags[rows] = True
    return pa.array(flags)


def where_true(flags: pa.Array) -> Ints:
    return np.flatnonzero(flags.to_numpy(zero_copy_only=False))


def quoted(column: pa.Array) -> pa.Array:
    """A string column as CSV fields (nulls as ""); those csv quotes, written by csv."""
    column = column.fill_null("")
    rows = where_true(pc.match_substring_regex(column, r"[,\"\r\n\x00]"))
    if not len(rows):
        return column
    fields = [field(v) for v in column.take(pa.array(rows)).to_pylist()]
    return pc.replace_with_mask(column, mask(rows, len(column)), pa.array(fields, pa.string()))


def floats(column: pa.Array) -> pa.Array:
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
        text = pc.replace_with_mask(text, mask(rows, len(text)), fixed)
    return text.fill_null("")


def bytes_of(lines: pa.Array) -> pa.Buffer:
    """The concatenation of a string array's values (UTF-8), without a copy."""
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)
    first, last = offsets[lines.offset], offsets[lines.offset + len(lines)]
    return lines.buffers()[2].slice(int(first), int(last - first))
