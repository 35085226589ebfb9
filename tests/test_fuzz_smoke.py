"""The fuzz benchmark's machinery on a few seeded cases of the news and text targets, so that
``benchmarks/fuzz.py`` keeps working (its full run is ``make fuzz``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from machine import scaled

FUZZ = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz.py"


@pytest.fixture(scope="module")
def fuzz():
    spec = importlib.util.spec_from_file_location("trucewatch_fuzz_benchmark", FUZZ)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_fuzz_news_and_text_cases_end_clean_and_print_the_table(fuzz, capsys):
    code = fuzz.main(
        [
            "--cases",
            "30",
            "--seed",
            "5",
            "--targets",
            "news,text",
            "--jobs",
            "1",
            "--timeout",
            str(scaled(120)),
        ]
    )
    out = capsys.readouterr().out
    assert "30 cases, seed 5, targets news,text" in out
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("target"))
    header, _rule, *rows = lines[start : start + 5]
    assert [c.strip() for c in header.split("|")][:5] == [
        "target",
        "cases",
        "clear error",
        "accepted",
        "traceback",
    ]
    table = {
        r.split("|")[0].strip(): [int(c.replace(",", "")) for c in r.split("|")[1:]] for r in rows
    }
    assert set(table) == {"news", "text", "total"}
    assert table["total"][0] == 30
    cases, clear, accepted, traceback, hang, lost, silent = table["total"][:7]
    assert clear + accepted + traceback + hang == cases
    assert (traceback, hang, lost, silent) == (0, 0, 0, 0), out
    assert code == 0


def test_fuzz_plan_is_seeded_and_spreads_cases_over_targets_and_kinds(fuzz):
    first = fuzz.plan(200, 7, ["news", "text", "ucdp-ged"])
    assert first == fuzz.plan(200, 7, ["news", "text", "ucdp-ged"])
    assert first != fuzz.plan(200, 8, ["news", "text", "ucdp-ged"])
    assert {c.target for c in first} == {"news", "text", "ucdp-ged"}
    assert len({c.kind for c in first if c.target == "news"}) > 5


def test_fuzz_worker_that_hangs_is_killed_and_counted_as_a_hang(fuzz):
    from fuzzing.runner import Case, run_cases

    outcomes = list(run_cases([Case("text", "sleep", 0, 0)], _sleep_forever, jobs=1, timeout=1.0))
    assert [o.status for o in outcomes] == ["hang"]


def _sleep_forever(case):
    import time

    while True:
        time.sleep(1)
