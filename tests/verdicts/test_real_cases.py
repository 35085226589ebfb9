"""Hand-checked verdicts on the real UCDP GED 2016 Syria file against the bundled agreements.

Each case was read in ged_syria_2016.csv by hand (id, date, where_prec, coordinates, sides) and
its verdicts worked out on paper from docs/verdicts.md before being asserted here. Windows of
aleppo-calm-2016-05 (Damascus time, UTC+03:00 in May): base 5 May 01:00 + 48 h, ext-72h 7 May
01:00 + 72 h, ext-48h 10 May 01:00 + 48 h, the US declaration from 4 May 00:01 (open). Its scope
is a hand-drawn outline of Aleppo city (lon 37.06-37.26, lat 36.11-36.28). syria-coh-2016: one
open window from 27 Feb 2016 00:00 (UTC+02:00), a hand-drawn outline of Syria; both parties
acceded 26 Feb 12:00. A UCDP day is the local day in Asia/Damascus.
"""

from __future__ import annotations

import pytest

from trucewatch.agreements import load_examples
from trucewatch.model.event import Event
from trucewatch.sources.base import adapter_for
from trucewatch.verdicts.reference import judge_reference

pytestmark = pytest.mark.shared_data

CASES = ("318694", "318665", "216756", "219021", "216813")


@pytest.fixture(scope="module")
def verdicts(shared_data):
    path = shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv"
    events = [
        r
        for r in adapter_for("ucdp-ged").read(path)
        if isinstance(r, Event) and r.source_row_id in CASES
    ]
    assert sorted(e.source_row_id for e in events) == sorted(CASES)
    agreements = [a for a in load_examples() if a.id in ("aleppo-calm-2016-05", "syria-coh-2016")]
    return {
        (v.event_id.split(":")[1], v.agreement_id, v.window_id): v
        for v in judge_reference(events, agreements)
    }


ALEPPO = "aleppo-calm-2016-05"
COH = "syria-coh-2016"
E72, E48, US = "ext-72h-2016-05-07", "ext-48h-2016-05-10", "us-coh-extended-to-aleppo"
PV, OW, OS, UL = "possible_violation", "outside_window", "outside_scope", "unlocated"

# (ucdp id, agreement, window, verdict, space, time, side a, side b)
EXPECTED = [
    # (a) 318694: Aleppo town (where_prec 1, radius 2 km, about 7.7 km inside the outline),
    # 9 May 2016, Government of Syria vs Syrian insurgents (an alias of both agreements'
    # opposition party). 9 May local = [8 May 21:00Z, 9 May 21:00Z): after the base window
    # (ended 6 May 22:00Z), inside the 72 h extension [6 May 22:00Z, 9 May 22:00Z), before
    # the 48 h extension, after the US declaration (it lapsed at the end of 6 May local,
    # 6 May 21:00Z, per ETH/PRIO 652064).
    ("318694", ALEPPO, "base", OW, "inside", "after", "party", "party"),
    ("318694", ALEPPO, E72, "violation", "inside", "during", "party", "party"),
    ("318694", ALEPPO, E48, OW, "inside", "before", "party", "party"),
    ("318694", ALEPPO, US, OW, "inside", "after", "party", "party"),
    ("318694", COH, "base", "violation", "inside", "during", "party", "party"),
    # (b) 318665: UCDP has no 5 May 2016 event on the Aleppo town point; this one is Khan Tuman
    # dam on the city's south-western edge, where_prec 2 (25 km): about 11.5 km outside the
    # outline, so the disc crosses it. 5 May local = [4 May 21:00Z, 5 May 21:00Z) contains the
    # base start 4 May 22:00Z: uncertain in time as well. The 25 km disc (1,963 km²) is too
    # large for half of it to fit in the city outline (about 300 km²): unlocated.
    ("318665", ALEPPO, "base", UL, "uncertain", "uncertain", "party", "party"),
    ("318665", ALEPPO, E72, OW, "uncertain", "before", "party", "party"),
    ("318665", ALEPPO, US, UL, "uncertain", "during", "party", "party"),
    ("318665", COH, "base", "violation", "inside", "during", "party", "party"),
    # (c) 216756: Khan Shaykhun town, Idlib governorate, 4 March 2016, exact: a plain violation
    # of the nationwide CoH, and far outside the Aleppo outline (about 86 km).
    ("216756", COH, "base", "violation", "inside", "during", "party", "party"),
    ("216756", ALEPPO, "base", OS, "outside", "before", "party", "party"),
    # (c') 219021: coded to Idlib Governorate (where_prec 4 -> admin1, 150 km radius) on 9 April:
    # the disc reaches over the Turkish border, so only a possible violation of the CoH.
    ("219021", COH, "base", PV, "uncertain", "during", "party", "party"),
    ("219021", ALEPPO, US, OW, "uncertain", "before", "party", "party"),
    # (d) 216813: Deir ez Zor town, 1 March 2016, Government of Syria vs IS: IS is excluded from
    # the CoH, so the fighting is not covered; hundreds of km from Aleppo.
    ("216813", COH, "base", "not_covered", "inside", "during", "party", "excluded"),
    ("216813", ALEPPO, E72, OS, "outside", "before", "party", "excluded"),
]


@pytest.mark.parametrize(
    ("row", "agreement", "window", "verdict", "space", "time", "side_a", "side_b"), EXPECTED
)
def test_ucdp_2016_hand_checked_verdict(
    verdicts, row, agreement, window, verdict, space, time, side_a, side_b
):
    v = verdicts[(row, agreement, window)]
    assert (v.verdict.value, v.space.value, v.time.value) == (verdict, space, time)
    assert [s.status.value for s in v.parties] == [side_a, side_b]


def test_ucdp_aleppo_event_on_9_may_explained(verdicts):
    v = verdicts[("318694", ALEPPO, "ext-72h-2016-05-07")]
    assert v.explanation.startswith("Violation: ")
    assert "Aleppo town" in v.explanation
    assert "on 9 May 2016" in v.explanation
    assert "during the 72-hour extension that began 7 May 01:00 Damascus time" in v.explanation
    assert v.reasons == (
        "inside_scope",
        "during_window",
        "side_a_party",
        "side_b_party",
        "direction_unknown",
    )


def test_ucdp_5_may_event_straddles_the_base_start(verdicts):
    v = verdicts[("318665", ALEPPO, "base")]
    assert "straddles_window_start" in v.reasons
    assert v.share_inside is not None and 0.0 < v.share_inside < 0.5


def test_ucdp_event_coded_near_the_city_is_unlocated_with_its_reason(verdicts):
    v = verdicts[("318665", ALEPPO, "base")]
    assert v.reasons[:2] == ("straddles_scope_edge", "location_coarser_than_scope")
    assert v.explanation.startswith("Unlocated: ")
    # before the window the verdict is outside_window, but the reason is still given
    assert "location_coarser_than_scope" in verdicts[("318665", ALEPPO, E72)].reasons


def test_ucdp_governorate_coded_event_carries_the_admin_reason(verdicts):
    v = verdicts[("219021", COH, "base")]
    assert v.reasons[:2] == ("straddles_scope_edge", "coded_to_admin_unit")
    assert "coded to the whole of Idlib Governorate" in v.explanation


def test_ucdp_is_event_not_covered_names_the_excluded_group(verdicts):
    v = verdicts[("216813", COH, "base")]
    assert "side_b_excluded" in v.reasons
    assert "side B IS is an excluded group (Islamic State)" in v.explanation
