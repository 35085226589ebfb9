"""Numbers that cannot mislead: unknown ids are errors, cut listings say so, actors are names."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from machine import scaled
from trucewatch.cli import app
from ucdp_rows import UCDP_HEADER, ucdp_row

runner = CliRunner()


def run(*args: object) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four shipped agreements and three hand-written UCDP events (the third with IS)."""
    folder = tmp_path_factory.mktemp("ids")
    ged = folder / "ged.csv"
    rows = [
        ucdp_row(1, "36.2", "2016-05-09"),
        ucdp_row(2, "36.21", "2016-05-05", side_b="Jaysh al-Islam"),
        ucdp_row(3, "35.93", "2016-03-01", side_b="IS"),
    ]
    ged.write_text("\n".join([UCDP_HEADER, *rows]) + "\n")
    path = folder / "ids.duckdb"
    assert run("agreements", "add", "--examples", "--db", path)[0] == 0
    assert run("ingest", "ucdp-ged", ged, "--db", path)[0] == 0
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("verdicts", "--agreement", "aleppo-calm-2016"),
            "no agreement 'aleppo-calm-2016' in the store: did you mean aleppo-calm-2016-05?",
        ),
        (("summary", "--agreement", "syria-coh"), "did you mean syria-coh-2016?"),
        (("effect", "--agreement", "aleppo-calm-2016"), "did you mean aleppo-calm-2016-05?"),
        (("report", "--agreement", "aleppo-calm-2016"), "did you mean aleppo-calm-2016-05?"),
        (("agreements", "show", "aleppo-calm-2016"), "did you mean aleppo-calm-2016-05?"),
        (
            ("explain", "ucdp_ged:1", "--agreement", "latakia"),
            "did you mean latakia-2016-04?",
        ),
        (("explain", "ucdp_ged:4"), "no event 'ucdp_ged:4' in the store: did you mean"),
        (("events", "list", "--source", "ucdp-gde"), "no source 'ucdp-gde' in the store"),
        (("events", "list", "--type", "airstrikes"), "did you mean remote.airstrike?"),
        (("export", "x.csv", "--source", "ucdp-gde"), "did you mean ucdp_ged?"),
        (("verdicts", "--verdict", "violations"), "'violations' is not one of"),
        (("drafts", "show", "draft-0000"), "no draft 'draft-0000' in the store"),
        (("subscriptions", "remove", "0000abcd"), "no subscription '0000abcd' in the store"),
        (("alerts", "list", "--subscription", "0000abcd"), "no subscription '0000abcd'"),
        (("alerts", "list", "--status", "sentt"), "did you mean sent?"),
        (("keys", "revoke", "36c56254"), "no API key '36c56254' in the store"),
        (("keys", "create", "--role", "analist"), "did you mean analyst?"),
        (("drafts", "list", "--status", "pendng"), "did you mean pending?"),
        (
            ("effect", "--agreement", "syria-coh-2016", "--control", "excl"),
            "did you mean excluded?",
        ),
        (
            ("subscriptions", "add", "--name", "x", "--email", "a@b.org", "--kind", "violations"),
            "did you mean violation or",
        ),
        (
            ("subscriptions", "add", "--name", "x", "--email", "a@b.org", "--agreement", "latakia"),
            "no agreement 'latakia' in the store: did you mean latakia-2016-04?",
        ),
    ],
)
def test_an_unknown_id_or_value_is_an_error_with_what_is_known(
    db: Path, args: tuple[str, ...], message: str, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*args, "--db", db)
    assert code == 2, (out, err)
    assert message in " ".join(err.split()), err
    assert out == ""


def test_verdicts_typo_in_agreement_id_is_an_error_before_any_judging(db: Path) -> None:
    code, out, err = run("verdicts", "--agreement", "aleppo-calm-2016", "--db", db)
    assert code == 2 and "0 verdicts" not in out
    assert "known: aleppo-calm-2016-05, eastern-ghouta-2016-04" in err
    assert "judging" not in err and "verdicts:" not in err


def test_a_known_source_without_events_is_zero_matches_not_an_error(db: Path) -> None:
    code, out, err = run("events", "list", "--source", "acled", "-f", "csv", "--db", db)
    assert code == 0
    assert out.splitlines()[0].startswith("event_id,") and len(out.splitlines()) == 1
    assert "0 events match" in err
    code, out, _ = run("events", "list", "--source", "acled", "--db", db)
    assert code == 0 and "0 events match" in out


def test_a_listing_cut_at_its_limit_says_so_on_stderr_and_keeps_csv_clean(db: Path) -> None:
    code, out, err = run("events", "list", "--limit", "2", "-f", "csv", "--db", db)
    assert code == 0
    assert len(list(csv.DictReader(io.StringIO(out)))) == 2
    assert "2 of 3 events shown; --limit N or --all for more" in err
    code, out, err = run("events", "list", "--limit", "2", "-f", "json", "--db", db)
    assert [json.loads(line)["event_id"] for line in out.splitlines()] == [
        "ucdp_ged:3",
        "ucdp_ged:2",
    ]
    assert "2 of 3 events shown" in err


def test_all_lists_every_event_and_says_nothing_on_stderr(db: Path) -> None:
    code, out, err = run("events", "list", "--limit", "2", "--all", "-f", "csv", "--db", db)
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 3
    assert err == ""


def test_a_cut_table_says_so_in_its_footer(db: Path) -> None:
    code, out, _ = run("events", "list", "--limit", "1", "--db", db)
    assert code == 0 and "1 of 3 events shown; --limit N or --all for more" in out
    code, out, _ = run("events", "list", "--db", db)
    assert code == 0 and re.search(r"^\s*3 events\s*$", out, re.M)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--actor", "IS"), ["ucdp_ged:3"]),
        (("--actor", "daesh"), ["ucdp_ged:3"]),  # an alias of the agreements' excluded group
        (("--actor", "Islam"), []),
        (("--actor-contains", "is"), ["ucdp_ged:3", "ucdp_ged:2"]),
        (("--actor", "jaysh al-islam"), ["ucdp_ged:2"]),
    ],
)
def test_actor_matches_whole_names_and_aliases_actor_contains_text(
    db: Path, args: tuple[str, ...], expected: list[str]
) -> None:
    code, out, _ = run("events", "list", *args, "-f", "json", "--db", db)
    assert code == 0
    assert [json.loads(line)["event_id"] for line in out.splitlines()] == expected


def test_a_piped_table_keeps_every_cell_whole(tmp_path: Path) -> None:
    long_side = "Armed opposition factions of the northern countryside of Aleppo and the city"
    ged = tmp_path / "ged.csv"
    ged.write_text(UCDP_HEADER + "\n" + ucdp_row(7, "36.2", "2016-05-09", long_side) + "\n")
    db = tmp_path / "pipe.duckdb"
    assert run("ingest", "ucdp-ged", ged, "--db", db)[0] == 0
    done = subprocess.run(
        [sys.executable, "-m", "trucewatch", "events", "list", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=scaled(120),
        env={"PATH": "/usr/bin:/bin", "TERM": "xterm-256color"},
    )
    assert done.returncode == 0, done.stderr
    row = next(line for line in done.stdout.splitlines() if "ucdp_ged:7" in line)
    assert f"Government of Syria – {long_side}" in row
    assert "…" not in done.stdout


def test_actor_is_on_the_real_ucdp_file_lists_only_is_events(shared_data: Path, tmp_path) -> None:
    """UCDP GED Syria 2016: 'IS' is a whole side (or one actor of a coalition) in exactly the
    rows counted here; a substring match also took Jaysh al-Islam and Hawar Kilis."""
    ged = shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv"
    with ged.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def names(row: dict[str, str]) -> set[str]:
        return {p.strip() for side in (row["side_a"], row["side_b"]) for p in side.split(",")}

    is_ids = {f"ucdp_ged:{r['id']}" for r in rows if "IS" in names(r)}
    db = tmp_path / "real.duckdb"
    assert run("agreements", "add", "--examples", "--db", db)[0] == 0
    assert run("ingest", "ucdp-ged", ged, "--db", db)[0] == 0
    code, out, err = run("events", "list", "--actor", "IS", "--all", "-f", "csv", "--db", db)
    assert code == 0 and err == ""
    listed = list(csv.DictReader(io.StringIO(out)))
    assert {r["event_id"] for r in listed} == is_ids
    assert all("IS" in names(r) for r in listed)
    code, out, err = run("events", "list", "--actor", "IS", "-f", "csv", "--db", db)
    assert len(out.splitlines()) == 101
    assert f"100 of {len(is_ids):,} events shown" in err
    code, out, _ = run("events", "list", "--actor-contains", "IS", "--all", "-f", "csv", "--db", db)
    contains = list(csv.DictReader(io.StringIO(out)))
    assert any("Jaysh al-Islam" in r["side_a"] + r["side_b"] for r in contains)
    assert any("Hawar Kilis" in r["side_a"] + r["side_b"] for r in contains)
    assert len(contains) > len(is_ids)


def test_an_actor_no_side_is_named_says_so_with_the_nearest_names(db: Path) -> None:
    code, out, err = run("events", "list", "--actor", "Jaish al-Islam", "-f", "csv", "--db", db)
    assert code == 0 and len(out.splitlines()) == 1
    assert "0 events match; no side in the store is named 'Jaish al-Islam'" in err
    assert "did you mean Jaysh al-Islam" in err
    code, out, err = run("events", "list", "--actor", "IS", "--until", "2016-02-01", "--db", db)
    assert "0 events match" in out and "no side" not in out


def test_an_actor_typo_is_guessed_among_the_agreements_names_too(db: Path) -> None:
    # "Islamic State" is no stored side (UCDP says IS) but --actor takes it: an alias of IS
    code, out, err = run("events", "list", "--actor", "Islamic Stat", "-f", "csv", "--db", db)
    assert code == 0 and len(out.splitlines()) == 1
    assert "did you mean Islamic State" in err
