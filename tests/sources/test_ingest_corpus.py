"""A seeded corpus of mutated source files: no traceback, no good row lost, no bad row hidden.

Each case takes a file that reads cleanly (the hand-made fixtures; with ``../shared/data``, the
first records of the real UCDP GED, ACLED and GDELT files), applies one seeded mutation (a byte
flip, a cut, a repeated record with a changed field, a huge number, an impossible date, a stray
quote, a NUL, a BOM, a shuffled or marked header) and reads it as the ingest does
(:func:`trucewatch.store.ingest.read_file`; every eighth case also into a real store). Then:

* nothing but a :class:`~trucewatch.errors.TrucewatchError` is raised, and a whole-file
  :class:`~trucewatch.errors.SourceError` only when the header was touched;
* every record the mutation did not touch comes out as it did from the original file: the same
  event on the same line, or a bad row on that line (an untouched record may be reported only as
  a repeat of the id a touched record took);
* every touched record is stored or reported (a bad row on one of its lines).
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from trucewatch.errors import RowError, SourceError, TrucewatchError
from trucewatch.model.event import Event
from trucewatch.sources import AcledAdapter, GdeltAdapter, GenericCsvAdapter, UcdpGedAdapter
from trucewatch.sources.generic_csv import mapping_from_file
from trucewatch.store import Store
from trucewatch.store.ingest import FileRead, read_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
SEEDS = range(4)


@dataclass
class Case:
    """One file to mutate: its bytes, split into physical lines (with their line breaks)."""

    name: str
    lines: list[bytes]
    make: Callable[[], object]
    delimiter: str
    header: bool
    id_column: int


def fixture_cases() -> list[Case]:
    mapping = mapping_from_file(FIXTURES / "mycsv_mapping.yaml")
    return [
        Case("ucdp", _lines(FIXTURES / "ucdp_ged_good.csv"), UcdpGedAdapter, ",", True, 0),
        Case("acled", _lines(FIXTURES / "acled_current.csv"), AcledAdapter, ",", True, 2),
        Case("gdelt", _lines(FIXTURES / "gdelt_export_bad.CSV"), GdeltAdapter, "\t", False, 0),
        Case(
            "mycsv",
            _lines(FIXTURES / "mycsv.csv"),
            lambda: GenericCsvAdapter(mapping),
            ";",
            True,
            0,
        ),
    ]


def _lines(path: Path, limit: int | None = None) -> list[bytes]:
    lines = path.read_bytes().splitlines(keepends=True)
    if limit is None:
        return lines
    # whole records only: stop at the end of a record, never inside a quoted field
    text = b"".join(lines[: limit + 40]).decode("utf-8", "surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""))
    end = 0
    for count, _ in enumerate(reader, start=1):
        end = reader.line_num
        if count > limit:
            break
    return lines[:end]


# --------------------------------------------------------------------------- mutations

Mutation = Callable[[random.Random, Case, list[bytes]], tuple[list[bytes], set[int]]]


def _data_line(rng: random.Random, case: Case, lines: list[bytes]) -> int:
    first = 2 if case.header else 1
    return rng.randrange(first, len(lines) + 1)


def _at(line: bytes, rng: random.Random, insert: bytes) -> bytes:
    body = line.rstrip(b"\r\n")
    at = rng.randrange(0, len(body) + 1)
    return body[:at] + insert + body[at:] + line[len(body) :]


def flip(rng, case, lines):
    n = _data_line(rng, case, lines) if rng.random() < 0.9 else 1
    raw = bytearray(lines[n - 1])
    body = len(raw.rstrip(b"\r\n"))
    at = rng.randrange(body)
    for bit in rng.sample(range(8), 8):
        if raw[at] ^ (1 << bit) not in (0x0A, 0x0D):  # keep the line count
            raw[at] ^= 1 << bit
            break
    return [*lines[: n - 1], bytes(raw), *lines[n:]], {n}


def cut(rng, case, lines):
    last = lines[-1].rstrip(b"\r\n")
    keep = rng.randrange(1, len(last))  # strictly inside the last line
    return [*lines[:-1], last[:keep]], {len(lines)}


def repeat_changed(rng, case, lines):
    n = _data_line(rng, case, lines)
    text = lines[n - 1].decode("utf-8", "surrogateescape")
    digits = [m.start() for m in re.finditer(r"\d", text)]
    fields = text.split(case.delimiter)
    id_end = len(case.delimiter.join(fields[: case.id_column + 1]))
    id_start = id_end - len(fields[case.id_column])
    digits = [d for d in digits if not id_start <= d < id_end]
    if not digits:
        return lines, set()
    at = rng.choice(digits)
    changed = text[:at] + str((int(text[at]) + 1) % 10) + text[at + 1 :]
    ended = lines[-1] if lines[-1].endswith(b"\n") else lines[-1] + b"\n"
    new = changed.encode("utf-8", "surrogateescape")
    new = new if new.endswith(b"\n") else new + b"\n"
    return [*lines[:-1], ended, new], {len(lines) + 1}


def huge(rng, case, lines):
    n = _data_line(rng, case, lines)
    text = lines[n - 1].decode("utf-8", "surrogateescape")
    numbers = list(re.finditer(r"(?<![\w.])\d+(?![\w.])", text))
    if not numbers:
        return lines, set()
    m = rng.choice(numbers)
    text = text[: m.start()] + "99999999999999999999" + text[m.end() :]
    return [*lines[: n - 1], text.encode("utf-8", "surrogateescape"), *lines[n:]], {n}


def bad_date(rng, case, lines):
    n = _data_line(rng, case, lines)
    text = lines[n - 1].decode("utf-8", "surrogateescape")
    dates = list(re.finditer(r"\b(\d{4}-\d{2}-\d{2}|\d{8}|\d{14}|\d{1,2}/\d{2}/\d{4})\b", text))
    if not dates:
        return lines, set()
    m = rng.choice(dates)
    value = {8: "00010101", 14: "00010101000000"}.get(
        len(m.group()), rng.choice(["0001-01-01", "9999-12-31"])
    )
    if "/" in m.group():
        value = "31/12/9999"
    text = text[: m.start()] + value + text[m.end() :]
    return [*lines[: n - 1], text.encode("utf-8", "surrogateescape"), *lines[n:]], {n}


def insert(what: bytes) -> Mutation:
    def mutate(rng, case, lines):
        n = _data_line(rng, case, lines) if rng.random() < 0.85 else 1
        return [*lines[: n - 1], _at(lines[n - 1], rng, what), *lines[n:]], {n}

    mutate.__name__ = f"insert_{what.hex()}"
    return mutate


def shuffle_header(rng, case, lines):
    """Columns in another order, records and header alike: nothing is touched."""
    if not case.header:
        return lines, set()
    text = b"".join(lines).decode("utf-8", "surrogateescape")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=case.delimiter))
    width = len(rows[0])
    if any(len(r) != width for r in rows if r):
        return lines, set()
    order = rng.sample(range(width), width)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=case.delimiter, lineterminator="\n")
    for row in rows:
        writer.writerow([row[i] for i in order])
    return out.getvalue().encode("utf-8", "surrogateescape").splitlines(keepends=True), set()


def bom_header(rng, case, lines):
    """One or two byte-order marks before the first line: nothing is touched."""
    return [b"\xef\xbb\xbf" * rng.randint(1, 2) + lines[0], *lines[1:]], set()


MUTATIONS: list[Mutation] = [
    flip,
    cut,
    repeat_changed,
    huge,
    bad_date,
    insert(b'"'),
    insert(b"\x00"),
    insert("\ufeff".encode()),
    insert(b"\x1b"),
    shuffle_header,
    bom_header,
]


# --------------------------------------------------------------------------- checking


def _read(case: Case, path: Path) -> FileRead:
    read = read_file(case.make(), path)
    return replace(read, events=read.event_objects())  # (a file read as columns has a table)


def _content(event: Event) -> Event:
    return replace(event, provenance=replace(event.provenance, file=None))


def _spans(base: FileRead, total: int) -> dict[int, range]:
    starts = sorted({e.provenance.line for e in base.events} | {e.line for e in base.errors})
    ends = [*starts[1:], total + 1]
    return {s: range(s, e) for s, e in zip(starts, ends, strict=True)}


def check(case: Case, mutation: Mutation, seed: int, tmp_path: Path, use_store: bool) -> None:
    original = tmp_path / f"{case.name}.orig"
    original.write_bytes(b"".join(case.lines))
    base = _read(case, original)
    rng = random.Random(f"{case.name}-{mutation.__name__}-{seed}")
    lines, touched = mutation(rng, case, list(case.lines))
    path = tmp_path / f"{case.name}-{mutation.__name__}-{seed}"
    path.write_bytes(b"".join(lines))
    where = f"{case.name} {mutation.__name__} seed {seed} (touched lines {sorted(touched)})"
    try:
        got = _read(case, path)
    except SourceError as exc:
        assert case.header and 1 in touched, f"{where}: whole file refused: {exc}"
        return
    except TrucewatchError as exc:  # pragma: no cover - would be a wrong kind of refusal
        pytest.fail(f"{where}: {type(exc).__name__}: {exc}")
    events = {e.provenance.line: e for e in got.events}
    errors: dict[int, list[RowError]] = {}
    for error in got.errors:
        errors.setdefault(error.line, []).append(error)
    spans = _spans(base, len(case.lines))
    base_events = {e.provenance.line: e for e in base.events}
    header_touched = case.header and 1 in touched  # a renamed column may change every event
    for start, span in spans.items():
        if header_touched or touched & set(span):
            assert any(n in events or n in errors for n in span), (
                f"{where}: the touched record on line {start} is neither stored nor reported"
            )
            continue
        if start in base_events:
            if start in events:
                assert _content(events[start]) == _content(base_events[start]), (
                    f"{where}: the untouched record on line {start} changed"
                )
                continue
            reasons = [e.reason for e in errors.get(start, [])]
            firsts = [
                int(m.group(1)) for r in reasons if (m := re.search(r"first on line (\d+)", r))
            ]
            assert firsts and set(firsts) <= touched | {
                n for s in touched for n in spans.get(s, ())
            }, f"{where}: the good record on line {start} is lost: {reasons}"
        else:
            assert start in errors, f"{where}: the bad record on line {start} is not reported"
    for line in {n for n in touched if n > len(case.lines)}:  # an appended record
        if line in errors:
            continue
        alone = tmp_path / "alone"
        alone.write_bytes((lines[0] if case.header else b"") + lines[line - 1])
        again = _read(case, alone)
        assert again.events and any(
            _content(
                replace(again.events[0], provenance=replace(again.events[0].provenance, line=0))
            )
            == _content(replace(e, provenance=replace(e.provenance, line=0)))
            for e in base.events
        ), f"{where}: the appended record on line {line} is neither reported nor an exact repeat"
    if use_store:
        with Store.open(tmp_path / f"{path.name}.duckdb") as store:
            report = store.ingest(case.make(), path)
        assert (report.stored, report.bad) == (len(got.events), len(got.errors)), where
        assert report.rows == report.stored + report.duplicates + report.bad, where


def run(cases: list[Case], tmp_path: Path) -> int:
    count = 0
    for case in cases:
        for mutation in MUTATIONS:
            for seed in SEEDS:
                check(case, mutation, seed, tmp_path, use_store=count % 8 == 0)
                count += 1
    return count


def test_mutated_fixtures_lose_no_good_row_and_hide_no_bad_one(tmp_path):
    assert run(fixture_cases(), tmp_path) == 4 * len(MUTATIONS) * len(SEEDS)


@pytest.mark.shared_data
def test_mutated_real_files_lose_no_good_row_and_hide_no_bad_one(shared_data, tmp_path):
    cases = [
        Case(
            "real-ucdp",
            _lines(shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv", 60),
            UcdpGedAdapter,
            ",",
            True,
            0,
        ),
        Case(
            "real-acled",
            _lines(shared_data / "acled_sample" / "acled_global_2020-04-27_2020-05-09.csv", 60),
            AcledAdapter,
            ",",
            True,
            _column(
                shared_data / "acled_sample" / "acled_global_2020-04-27_2020-05-09.csv",
                "event_id_cnty",
            ),
        ),
        Case(
            "real-gdelt",
            (shared_data / "gdelt2_events_sample" / "gdelt2_events_20201113.tsv")
            .read_bytes()
            .splitlines(keepends=True)[:60],
            GdeltAdapter,
            "\t",
            True,
            0,
        ),
    ]
    assert run(cases, tmp_path) == 3 * len(MUTATIONS) * len(SEEDS)


def _column(path: Path, name: str) -> int:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh)).index(name)
