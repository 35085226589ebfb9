"""The report of a stored agreement judges at the store's location threshold and says it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from threshold_events import AGREEMENT, edge_store
from trucewatch.publish import report_for_store
from trucewatch.settings import change_setting
from trucewatch.store import Store

DAY = date(2016, 5, 6)


def _count(html: str, label: str) -> str:
    found = re.search(rf"<td>{re.escape(label)}</td>\s*<td[^>]*>([^<]*)</td>", html)
    assert found, label
    return found.group(1)


def test_the_report_follows_the_stores_threshold_and_says_it(tmp_path: Path) -> None:
    path = edge_store(tmp_path / "edge.duckdb")
    with Store.open(path) as store:
        default = report_for_store(store, AGREEMENT, day=DAY).html
        change_setting(store, "min_share_inside", 0.3)
        lower = report_for_store(store, AGREEMENT, day=DAY).html
    assert "Location threshold" not in default
    assert "at least 30 % of its location" in lower and "default 0.5" in lower
    assert _count(default, "Possible violations (events)") == "0"
    assert _count(lower, "Possible violations (events)") == "1"  # the edge event of 6 May
    assert _count(default, "Unlocated, left out (events)").startswith("1 (")
    assert _count(lower, "Unlocated, left out (events)") == "0"
