"""Excerpts of real event tables and seeded mutations of them.

An excerpt is the header and a window of rows of a real file (``../shared/data`` when present,
else the repo's fixtures). A mutation returns the bytes to ingest, the kind of damage, and which
rows it touched: every other row of the excerpt is a *good row* that must be stored as it was,
unless the mutation is one that may refuse the whole file (``whole_file_refusal_ok``).
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

EXCERPT_ROWS = 20


@dataclass(frozen=True)
class Table:
    """A header (or None) and rows of fields; written back with ``delimiter`` and ``quoted``
    (csv quoting) or joined plainly (GDELT's unquoted TSV)."""

    header: list[str] | None
    rows: list[list[str]]
    delimiter: str = ","
    quoted: bool = True

    def line(self, fields: list[str]) -> str:
        if not self.quoted:
            return self.delimiter.join(fields)
        out = io.StringIO()
        csv.writer(out, delimiter=self.delimiter, lineterminator="").writerow(fields)
        return out.getvalue()

    def lines(self) -> list[str]:
        head = [self.line(self.header)] if self.header is not None else []
        return head + [self.line(r) for r in self.rows]

    def text(self) -> str:
        return "\n".join(self.lines()) + "\n"


@dataclass
class Mutated:
    """A mutated file: its bytes, its name's suffix, the rows it touched (indices into the
    excerpt's rows), the rows it removed, and what may happen to it."""

    kind: str
    data: bytes
    suffix: str
    touched: set[int] = field(default_factory=set)
    removed: set[int] = field(default_factory=set)
    whole_file_refusal_ok: bool = False
    conflict: bool = False  # a repeated id with other content: must be reported
    cut_last: int | None = None  # a row cut inside its last field
    repeat: list[str] | None = None  # the repeated row (dup_changed), to judge the conflict
    must_report: bool = False  # the damage makes a row bad: at least one bad row is expected


def read_table(path: Path, delimiter: str, quoted: bool = True) -> Table:
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    if quoted:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    else:
        rows = [line.split(delimiter) for line in text.splitlines()]
    rows = [r for r in rows if r]
    return Table(rows[0], rows[1:], delimiter, quoted)


def excerpt(table: Table, number: int, rows: int = EXCERPT_ROWS) -> Table:
    """The ``number``-th window of ``rows`` rows (seeded, spread over the file)."""
    rng = random.Random(number * 7919 + len(table.rows))
    start = rng.randrange(max(1, len(table.rows) - rows + 1))
    return Table(table.header, table.rows[start : start + rows], table.delimiter, table.quoted)


def _numeric_columns(table: Table) -> list[int]:
    out = []
    for c in range(len(table.rows[0])):
        values = [r[c] for r in table.rows if c < len(r) and r[c]]
        if values and all(_is_number(v) for v in values):
            out.append(c)
    return out


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _date_columns(table: Table) -> list[int]:
    out = []
    for c in range(len(table.rows[0])):
        values = [r[c] for r in table.rows if c < len(r)]
        if values and all(_looks_like_date(v) for v in values):
            out.append(c)
    return out


def _looks_like_date(v: str) -> bool:
    if v.isdigit():  # 20160226 or 20160226131500
        return len(v) in (8, 14) and 1 <= int(v[4:6]) <= 12 and 1 <= int(v[6:8]) <= 31
    if len(v) >= 10 and v[:4].isdigit() and v[4] == "-":  # 2016-02-26...
        return True
    parts = v.split("-")  # 9-May-20
    return len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit() and len(v) <= 11


HUGE = [
    "9" * 20,
    "1" + "0" * 400,
    "-" + "9" * 30,
    "1e400",
    "-1e400",
    "NaN",
    "inf",
    "9223372036854775808",
    "18446744073709551616",
    "0x7fffffff",
    "1_000",
    "٣",
]
BAD_DATES = [
    "0001-01-01",
    "9999-12-31",
    "2016-02-30",
    "0000-00-00",
    "99999-01-01",
    "2016-13-01",
    "-2016-01-01",
    "2016-01-01T25:00",
    "00010101",
    "99991231",
    "20161340",
]


def _replace(table: Table, row: int, col: int, value: str) -> Table:
    rows = [list(r) for r in table.rows]
    if col < len(rows[row]):
        rows[row][col] = value
    return Table(table.header, rows, table.delimiter, table.quoted)


def _encode(table: Table, lines: list[str] | None = None) -> bytes:
    return ("\n".join(lines if lines is not None else table.lines()) + "\n").encode("utf-8")


def _zip(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return out.getvalue()


#: the kinds of mutation, each with how likely it is drawn
TABLE_KINDS = {
    "byte_flip": 3,
    "truncate": 2,
    "dup_changed": 2,
    "dup_same": 1,
    "huge_number": 3,
    "bad_date": 3,
    "stray_quote": 2,
    "nul_in_field": 1,
    "bom_in_field": 1,
    "long_field": 1,
    "bom_start": 1,
    "crlf": 1,
    "columns_reordered": 1,
    "header_shuffled": 1,
    "header_duplicated": 1,
    "header_nul": 1,
    "empty": 1,
    "random_bytes": 1,
    "zip": 1,
    "zip_corrupt": 1,
    "zip_oversized": 0,  # drawn by count, not by weight: see fuzz.py
}


def mutate(
    table: Table, kind: str, rng: random.Random, *, zip_ok: bool, id_col: int | None = None
) -> Mutated:
    """``table`` damaged as ``kind`` says (see TABLE_KINDS), seeded by ``rng``; ``id_col`` is
    the column of the rows' ids (a repeated row keeps it)."""
    n = len(table.rows)
    row = rng.randrange(n)
    col = rng.randrange(len(table.rows[row]))
    suffix = ".tsv" if table.delimiter == "\t" else ".csv"
    if kind == "byte_flip":
        lines = table.lines()
        at = row + (table.header is not None)
        raw = bytearray(lines[at].encode("utf-8"))
        for _ in range(rng.randint(1, 3)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        lines[at] = raw.decode("utf-8", errors="surrogateescape")
        data = "\n".join(lines).encode("utf-8", errors="surrogateescape") + b"\n"
        return Mutated(kind, data, suffix, touched={row})
    if kind == "truncate":
        data = _encode(table)
        lines = table.lines()
        offset = sum(len(x.encode()) + 1 for x in lines[: row + (table.header is not None)])
        cut = offset + rng.randrange(1, max(2, len(lines[row + (table.header is not None)])))
        removed = set(range(row + 1, n))
        return Mutated(kind, data[:cut], suffix, touched={row}, removed=removed, cut_last=row)
    if kind in ("dup_changed", "dup_same"):
        copy = list(table.rows[row])
        if kind == "dup_changed":
            choices = [c for c in range(len(copy)) if c != id_col] or [col]
            c = rng.choice(choices)
            copy[c] = (copy[c] + "7") if copy[c] else "7"
        rows = [list(r) for r in table.rows]
        rows.insert(rng.randrange(row + 1, n + 1), copy)
        data = _encode(Table(table.header, rows, table.delimiter, table.quoted))
        if kind == "dup_same":
            return Mutated(kind, data, suffix)
        return Mutated(kind, data, suffix, touched={row}, conflict=True, repeat=copy)
    if kind == "huge_number":
        numeric = _numeric_columns(table) or [col]
        c = rng.choice(numeric)
        return Mutated(
            kind, _encode(_replace(table, row, c, rng.choice(HUGE))), suffix, touched={row}
        )
    if kind == "bad_date":
        dates = _date_columns(table) or [col]
        c = rng.choice(dates)
        value = rng.choice(BAD_DATES)
        if table.rows[row][c][4:5] != "-":
            value = value.replace("-", "")
        return Mutated(kind, _encode(_replace(table, row, c, value)), suffix, touched={row})
    if kind in ("stray_quote", "nul_in_field", "bom_in_field"):
        lines = table.lines()
        at = row + (table.header is not None)
        text = lines[at]
        char = {"stray_quote": '"', "nul_in_field": "\x00", "bom_in_field": "\ufeff"}[kind]
        pos = rng.randrange(len(text) + 1)
        lines[at] = text[:pos] + char + text[pos:]
        return Mutated(kind, _encode(table, lines), suffix, touched={row})
    if kind == "long_field":
        value = "x" * rng.choice([70_000, 1_100_000, 5_000_000])
        return Mutated(kind, _encode(_replace(table, row, col, value)), suffix, touched={row})
    if kind == "bom_start":
        return Mutated(kind, b"\xef\xbb\xbf" + _encode(table), suffix)
    if kind == "crlf":
        return Mutated(kind, _encode(table).replace(b"\n", b"\r\n"), suffix)
    all_rows = set(range(n))
    if kind == "columns_reordered" and table.header is not None:
        order = list(range(len(table.header)))
        rng.shuffle(order)
        rows = [[r[i] if i < len(r) else "" for i in order] for r in table.rows]
        moved = Table([table.header[i] for i in order], rows, table.delimiter, table.quoted)
        # a positional format (GDELT's export, read by its header only when it starts with
        # GLOBALEVENTID) may refuse it whole
        return Mutated(kind, _encode(moved), suffix, whole_file_refusal_ok=not table.quoted)
    if kind in ("header_shuffled", "header_duplicated", "header_nul", "columns_reordered"):
        header = list(table.header or table.rows[0])
        i, j = rng.sample(range(len(header)), 2)
        if kind == "header_shuffled" or kind == "columns_reordered":
            rng.shuffle(header)
        elif kind == "header_duplicated":
            header[j] = header[i]
        else:
            header[i] = header[i][: len(header[i]) // 2] + "\x00" + header[i][len(header[i]) // 2 :]
        if table.header is None:  # no header to damage: the first row's fields instead
            rows = [header, *table.rows[1:]]
            moved = Table(None, rows, table.delimiter, table.quoted)
            return Mutated(kind, _encode(moved), suffix, touched={0})
        moved = Table(header, table.rows, table.delimiter, table.quoted)
        return Mutated(kind, _encode(moved), suffix, touched=all_rows, whole_file_refusal_ok=True)
    if kind == "empty":
        data = rng.choice([b"", b"\n", b"\xef\xbb\xbf", (table.lines()[0] + "\n").encode()])
        return Mutated(kind, data, suffix, removed=all_rows, whole_file_refusal_ok=True)
    if kind == "random_bytes":
        data = bytes(rng.randrange(256) for _ in range(rng.choice([1, 100, 5000])))
        return Mutated(kind, data, suffix, removed=all_rows, whole_file_refusal_ok=True)
    if kind == "zip":
        data = _zip(f"fuzz.export{suffix.upper()}", _encode(table))
        return Mutated(kind, data, suffix + ".zip", whole_file_refusal_ok=not zip_ok)
    if kind == "zip_corrupt":
        data = bytearray(_zip(f"fuzz.export{suffix.upper()}", _encode(table)))
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(len(data))]
        return Mutated(
            kind, bytes(data), suffix + ".zip", touched=all_rows, whole_file_refusal_ok=True
        )
    raise ValueError(f"unknown mutation kind {kind!r}")


def oversized_zip(table: Table, folder: Path, megabytes: int) -> Path:
    """A small zip whose member is ``megabytes`` MB of the excerpt's first row repeated
    (built once per run in ``folder``; what a zip bomb of a real file looks like)."""
    path = folder / f"oversized-{megabytes}.export.CSV.zip"
    if path.exists():
        return path
    line = (table.line(table.rows[0]) + "\n").encode()
    chunk = line * max(1, (1 << 20) // len(line))
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("oversized.export.CSV", "w", force_zip64=True) as member,
    ):
        if table.header is not None:
            member.write((table.line(table.header) + "\n").encode())
        for _ in range(megabytes * (1 << 20) // len(chunk)):
            member.write(chunk)
    return path
