"""The file targets: UCDP GED, ACLED, GDELT and generic CSV, each fed mutated excerpts of its
real files, ingested through ``Store.ingest`` into a fresh DuckDB store per case.

The excerpt is ingested unmutated first (its *baseline*, once per worker): the events it gives
and which row gave which. After a case, every good row (not touched by the mutation) must be in
the store exactly as in the baseline, unless the whole file was refused with a clear error and
the mutation allows that.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
import traceback
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fuzzing.runner import Case, Outcome
from fuzzing.tables import TABLE_KINDS, Mutated, Table, excerpt, mutate, read_table

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "sources"
EXCERPTS = 6
#: columns that depend on where and when a file was ingested, not on its rows
VOLATILE = ("prov_file", "prov_line", "ingest_id", "ingested_at")

PHOENIX_MAPPING = {
    "source_name": "phoenix",
    "date_format": "%Y%m%d",
    "mapping": {
        "id": "ID",
        "date": "Date",
        "lat": "Lat",
        "lon": "Lon",
        "side_a": "SrcActor",
        "side_b": "TgtActor",
        "place": "Geoname",
        "url": "URL",
    },
}


@dataclass(frozen=True)
class Spec:
    """A file target: the adapter, its real files (shared data) and a fixture to fall back on."""

    target: str
    adapter: str
    shared: tuple[str, ...]
    fixture: str
    delimiter: str = ","
    quoted: bool = True
    zip_ok: bool = False


SPECS = {
    "ucdp-ged": Spec(
        "ucdp-ged", "ucdp-ged", ("ucdp_ged_syria/ged_syria_2016.csv",), "ucdp_ged_good.csv"
    ),
    "acled": Spec(
        "acled",
        "acled",
        (
            "acled_sample/acled_syria_2020-04-27_2020-05-09.csv",
            "acled_sample/acled_africa_2016-06_2016-07_old_schema.csv",
        ),
        "acled_current.csv",
    ),
    "gdelt": Spec(
        "gdelt",
        "gdelt",
        ("gdelt2_events_sample/gdelt2_events_20201113.tsv",),
        "gdelt_export_bad.CSV",
        delimiter="\t",
        quoted=False,
        zip_ok=True,
    ),
    "csv": Spec(
        "csv",
        "csv",
        ("phoenix_cameo_events_sample/phoenix_events_syria_subset.csv",),
        "mycsv.csv",
        delimiter=",",
    ),
}


def shared_data() -> Path | None:
    folder = Path(os.environ.get("TRUCEWATCH_FUZZ_DATA", REPO / ".." / "shared" / "data"))
    return folder if folder.is_dir() else None


@cache
def tables(target: str) -> tuple[Table, ...]:
    """The real tables of a target (shared data when present, else the repo fixture)."""
    spec = SPECS[target]
    data = shared_data()
    if data is not None and all((data / p).is_file() for p in spec.shared):
        return tuple(read_table(data / p, spec.delimiter, spec.quoted) for p in spec.shared)
    if target == "csv":
        return (read_table(FIXTURES / spec.fixture, ";"),)
    return (read_table(FIXTURES / spec.fixture, spec.delimiter, spec.quoted),)


def adapter(target: str) -> Any:
    from trucewatch.sources.base import adapter_for

    if target == "news":
        return adapter_for("news")
    if target != "csv":
        return adapter_for(SPECS[target].adapter)
    if tables("csv")[0].delimiter == ";":  # the fixture and its mapping
        options = json.loads((FIXTURES / "mycsv_mapping.json").read_text())
    else:
        options = dict(PHOENIX_MAPPING)
    return adapter_for("csv", **options)


def events_of(conn: Any) -> dict[str, tuple[Any, ...]]:
    """Every stored event: id -> its columns but the volatile ones."""
    cursor = conn.execute("SELECT * FROM events")
    names = [d[0] for d in cursor.description]
    keep = [i for i, n in enumerate(names) if n not in VOLATILE]
    return {row[0]: tuple(row[i] for i in keep) for row in cursor.fetchall()}


@dataclass(frozen=True)
class Baseline:
    table: Table
    events: dict[str, tuple[Any, ...]]
    row_event: dict[int, str]  # row index -> the event id it gave
    id_col: int | None


def ingest(target: str, data: bytes, suffix: str) -> tuple[str, Any, dict[str, Any], str]:
    """(status, report or None, stored events, detail) of one file through Store.ingest."""
    from trucewatch.errors import TrucewatchError
    from trucewatch.store import Store

    folder = Path(tempfile.mkdtemp(prefix="case-", dir=os.environ.get("TRUCEWATCH_FUZZ_TMP")))
    try:
        path = folder / f"fuzz{suffix}"
        path.write_bytes(data)
        with Store.open(folder / "store.duckdb") as store:
            try:
                report = store.ingest(adapter(target), path)
                status, detail = "accepted", ""
            except TrucewatchError as exc:
                report, status, detail = None, "clear error", f"{type(exc).__name__}"
            except Exception as exc:  # what the fuzzer is looking for
                report, status, detail = None, "traceback", where(exc)
            stored = events_of(store.conn)
        return status, report, stored, detail
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def where(exc: BaseException) -> str:
    """The exception and the innermost frame of trucewatch it went through."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "trucewatch" in f.filename]
    place = ""
    if frames:
        last = frames[-1]
        place = f" at {last.filename.split('src/')[-1]}:{last.lineno} ({last.name})"
    text = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}{place}: {text}"


@cache
def baseline(target: str, number: int) -> Baseline:
    tabs = tables(target)
    table = excerpt(tabs[number % len(tabs)], number)
    suffix = ".tsv" if table.delimiter == "\t" else ".csv"
    status, _report, stored, detail = ingest(target, table.text().encode(), suffix)
    if status == "traceback":
        raise RuntimeError(f"the unmutated excerpt {number} of {target} failed: {detail}")
    ids = {eid.split(":", 1)[1]: eid for eid in stored}
    best, best_hits = None, 0
    for c in range(len(table.rows[0]) if table.rows else 0):
        hits = sum(1 for r in table.rows if c < len(r) and r[c] in ids)
        if hits > best_hits:
            best, best_hits = c, hits
    row_event = {}
    if best is not None:
        for i, r in enumerate(table.rows):
            if best < len(r) and r[best] in ids:
                row_event[i] = ids[r[best]]
    return Baseline(table, stored, row_event, best)


def _repeat_conflicts(target: str, base: Baseline, mutated: Mutated) -> bool:
    """Whether the repeated row of ``dup_changed``, ingested alone, gives an event other than
    its original's (a change to a column the adapter ignores is no conflict)."""
    if mutated.repeat is None:
        return False
    table = Table(base.table.header, [mutated.repeat], base.table.delimiter, base.table.quoted)
    suffix = ".tsv" if table.delimiter == "\t" else ".csv"
    status, _report, stored, _detail = ingest(target, table.text().encode(), suffix)
    return status == "accepted" and any(
        eid in base.events and event != base.events[eid] for eid, event in stored.items()
    )


def run_file_case(case: Case) -> Outcome:
    rng = random.Random(case.seed)
    base = baseline(case.target, rng.randrange(EXCERPTS))
    if not base.table.rows:
        return Outcome(case, "accepted", detail="empty excerpt")
    if case.kind == "zip_oversized":
        data = (Path(os.environ["TRUCEWATCH_FUZZ_TMP"]) / "oversized.export.CSV.zip").read_bytes()
        mutated = Mutated(case.kind, data, ".CSV.zip", whole_file_refusal_ok=True)
        mutated.removed = set(range(len(base.table.rows)))
    else:
        mutated = mutate(
            base.table, case.kind, rng, zip_ok=SPECS[case.target].zip_ok, id_col=base.id_col
        )
    status, report, stored, detail = ingest(case.target, mutated.data, mutated.suffix)
    return judge(
        case,
        base.row_event,
        base.events,
        mutated,
        status,
        report,
        stored,
        detail,
        conflict=mutated.conflict and _repeat_conflicts(case.target, base, mutated),
        rows=len(base.table.rows),
    )


def judge(
    case: Case,
    row_event: dict[int, str],
    original: dict[str, tuple[Any, ...]],
    mutated: Mutated,
    status: str,
    report: Any,
    stored: dict[str, tuple[Any, ...]],
    detail: str,
    *,
    conflict: bool,
    rows: int,
    ids_kept: bool = True,
) -> Outcome:
    """Count good rows lost and say whether a changed row vanished without a word
    (``ids_kept``: a changed row keeps its event's id, as a table's row keeps its id column;
    a news article's events change ids when its text changes)."""
    outcome = Outcome(case, status, detail=detail)
    spared = mutated.touched | mutated.removed
    good = {i: eid for i, eid in row_event.items() if i not in spared}
    if not (status == "clear error" and mutated.whole_file_refusal_ok):
        lost = [eid for eid in good.values() if stored.get(eid) != original.get(eid)]
        outcome.lost = len(lost)
        if lost and not outcome.detail:
            outcome.detail = f"{len(lost)} of {len(good)} good rows not stored as they were"
    if status != "accepted" or report is None:
        return outcome
    errors = len(report.errors)
    if conflict and not errors:
        outcome.silent, outcome.detail = True, "a repeated id with other content, no error"
    touched_gone = [
        row_event[i]
        for i in mutated.touched
        if ids_kept and i in row_event and row_event[i] not in stored
    ]
    expected_events = len(original) - len([i for i in mutated.removed if i in row_event])
    if touched_gone and not errors and len(stored) < expected_events:
        outcome.silent, outcome.detail = True, "a changed row neither stored nor reported"
    cut = mutated.cut_last
    if cut is not None and cut in row_event and not errors:
        eid = row_event[cut]
        if eid in stored and stored[eid] != original.get(eid):
            outcome.silent, outcome.detail = True, "a row cut short stored without a word"
    expected = rows - len(mutated.removed)
    if ids_kept and report.rows < expected - 1 and not errors and not mutated.whole_file_refusal_ok:
        outcome.silent = True
        outcome.detail = f"{report.rows} rows read of {expected}, none reported"
    return outcome


KINDS = TABLE_KINDS
