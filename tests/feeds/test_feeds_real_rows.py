"""Real rows through the fake APIs: what a feed writes is stored exactly as the downloaded file
of the same rows is (every event column but the provenance's file and line)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from fake_apis import UCDP_TOKEN, FakeAcled, FakeUcdp

from live_server import running
from trucewatch.feeds.acled import AcledFeed
from trucewatch.feeds.base import feed_for
from trucewatch.feeds.credentials import Credentials
from trucewatch.feeds.ucdp import UcdpFeed
from trucewatch.jobs import ingest_file
from trucewatch.store import Store

pytestmark = pytest.mark.shared_data

ROWS = 1_500
NOT_COMPARED = {"prov_file", "prov_line", "ingest_id", "ingested_at"}
GED_NUMBERS = {"id", "year", "type_of_violence", "where_prec", "date_prec", "country_id"}
GED_NUMBERS |= {"deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"}
GED_NUMBERS |= {"low", "best", "high"}


def _no_sleep(seconds: float) -> None:
    raise AssertionError(f"no retry expected (asked to sleep {seconds} s)")


def stored(db: Path, adapter: str, files: list[Path]) -> dict[str, dict[str, Any]]:
    with Store.open(db) as store:
        for path in files:
            assert ingest_file(store, adapter, path).bad == 0
        return {
            row["event_id"]: {k: v for k, v in row.items() if k not in NOT_COMPARED}
            for row in store.events()
        }


def head(path: Path, count: int) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = [row for _, row in zip(range(count), reader, strict=False)]
        return list(reader.fieldnames or ()), rows


def write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def as_ged_api(row: dict[str, str]) -> dict[str, Any]:
    """A GED CSV row as the API sends it: numbers as numbers, days at midnight."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key in GED_NUMBERS and value != "":
            out[key] = int(value)
        elif key in ("latitude", "longitude"):
            out[key] = float(value)
        elif key in ("date_start", "date_end"):
            out[key] = f"{value}T00:00:00"
        else:
            out[key] = value if value != "" else None
    return out


def test_ucdp_feed_stores_real_ged_rows_as_the_csv_download_does(shared_data, tmp_path):
    header, rows = head(shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv", ROWS)
    direct = stored(tmp_path / "a.duckdb", "ucdp-ged", [write(tmp_path / "ged.csv", header, rows)])
    api = FakeUcdp({"19.1": [as_ged_api(r) for r in rows]})
    with running(api.app) as url:
        feed = feed_for("ucdp", versions="19.1", base_url=f"{url}/api")
        assert isinstance(feed, UcdpFeed)
        feed.sleep = _no_sleep
        feed.credentials = Credentials.load({"TRUCEWATCH_UCDP_TOKEN": UCDP_TOKEN})
        pull = feed.pull(None, tmp_path / "spool")
    assert len(pull.files) == 2
    fed = stored(tmp_path / "b.duckdb", pull.adapter, list(pull.files))
    assert len(fed) == len(direct) == ROWS
    assert fed == direct


def test_acled_feed_stores_real_acled_rows_as_the_csv_export_does(shared_data, tmp_path):
    source = shared_data / "acled_sample" / "acled_syria_2020-04-27_2020-05-09.csv"
    header, rows = head(source, 400)
    direct = stored(tmp_path / "a.duckdb", "acled", [write(tmp_path / "acled.csv", header, rows)])
    api = FakeAcled([{**r, "country": "Syria"} for r in rows])
    with running(api.app) as url:
        feed = feed_for("acled", base_url=url, country="Syria")
        assert isinstance(feed, AcledFeed)
        feed.sleep = _no_sleep
        feed.credentials = Credentials.load(
            {
                "TRUCEWATCH_ACLED_USERNAME": api.username,
                "TRUCEWATCH_ACLED_PASSWORD": api.password,
            }
        )
        pull = feed.pull(None, tmp_path / "spool")
    fed = stored(tmp_path / "b.duckdb", pull.adapter, list(pull.files))
    assert len(fed) == len(direct) == len(rows)
    assert fed == direct
