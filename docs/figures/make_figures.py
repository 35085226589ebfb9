"""Make the example figures of docs/report.md from the real UCDP GED 2016 Syria data.

Run from the repository root:  .venv/bin/python docs/figures/make_figures.py [--reports DIR]

Reads ``../shared/data/ucdp_ged_syria/ged_syria_2016.csv`` (UCDP GED, CC BY 4.0) beside the
repository, judges it against the bundled syria-coh-2016 and aleppo-calm-2016-05 agreements,
builds each report and writes its map and daily-series PNGs here (each under 150 KB). With
``--reports DIR`` it also writes the full HTML and PDF reports into DIR (not into the repo).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from trucewatch import Event, load_examples
from trucewatch.publish import build_report, write_report
from trucewatch.sources.base import adapter_for
from trucewatch.verdicts.judge import judge

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
UCDP = REPO / ".." / "shared" / "data" / "ucdp_ged_syria" / "ged_syria_2016.csv"
MAX_BYTES = 150_000

#: agreement id -> the report day shown in the docs (local, Damascus)
CASES: dict[str, date] = {
    "syria-coh-2016": date(2016, 3, 26),  # four weeks into the cessation
    "aleppo-calm-2016-05": date(2016, 5, 12),  # the last day of the chain of extensions
}


def read_events(path: Path) -> list[Event]:
    """Every good row of the UCDP file as an Event (bad rows are counted and skipped)."""
    events, bad = [], 0
    for record in adapter_for("ucdp-ged").read(path):
        if isinstance(record, Event):
            events.append(record)
        else:
            bad += 1
    print(f"{path.name}: {len(events)} events, {bad} bad rows")
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, help="also write the full reports here")
    args = parser.parse_args()
    if not UCDP.is_file():
        raise SystemExit(f"{UCDP}: not found (the shared data folder must sit beside the repo)")
    events = read_events(UCDP.resolve())
    agreements = {a.id: a for a in load_examples()}
    for agreement_id, day in CASES.items():
        agreement = agreements[agreement_id]
        verdicts = judge(events, [agreement], include_outside=True)
        report = build_report(events, verdicts, agreement, day=day)
        for fig in report.figures:
            name = f"report-{agreement_id}-{fig.figure_id.removeprefix('fig-')}.png"
            if len(fig.png) > MAX_BYTES:
                raise SystemExit(f"{name}: {len(fig.png)} bytes, over {MAX_BYTES}")
            (HERE / name).write_bytes(fig.png)
            print(f"wrote docs/figures/{name} ({len(fig.png) // 1024} KB)")
        if args.reports:
            paths = write_report(report, args.reports)
            print(f"wrote {paths.html} and {paths.pdf}")


if __name__ == "__main__":
    main()
