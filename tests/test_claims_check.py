"""Claims checked against real data: UCDP GED Syria 2016 and the shipped Syria 2016 agreements
in a real DuckDB store (trucewatch.claims.check_claim)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trucewatch.agreements import load_examples
from trucewatch.catalog import save_agreement
from trucewatch.claims import check_claim
from trucewatch.errors import NotFoundError
from trucewatch.sources.base import adapter_for
from trucewatch.store import Store
from trucewatch.text.claims import find_claims
from trucewatch.text.clean import Article
from trucewatch.text.statement_model import Claim, Span


@pytest.fixture(scope="module")
def store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("claims") / "s.duckdb"
    with Store.open(path) as filled:
        filled.ingest(
            adapter_for("ucdp-ged"), shared_data / "ucdp_ged_syria" / "ged_syria_2016.csv"
        )
        for agreement in load_examples():
            save_agreement(filled, agreement)
    with Store.open(path, read_only=True) as opened:
        yield opened


def _claim(text: str, published: datetime) -> Claim:
    (claim,) = find_claims(Article(id="a", text=text, published=published))
    return claim


ALEPPO = "Violence has decreased in Aleppo since 4 May, a State Department spokesman said."
MAY_11 = datetime(2016, 5, 11, 9, 0, tzinfo=UTC)


def test_violence_decreased_in_aleppo_since_4_may_is_supported_with_the_numbers(store):
    result = check_claim(store, _claim(ALEPPO, MAY_11))
    assert result.verdict == "supported"
    assert result.area_source == "buffer" and result.area.startswith("Aleppo (")
    assert (result.during_first.isoformat(), result.days_during, result.days_before) == (
        "2016-05-04",
        8,
        8,
    )
    assert (result.events_before, result.events_during) == (21, 6)
    assert result.n == 27
    assert result.ci_high is not None and result.ci_high < 1
    assert result.ci_low is not None and result.ci_low < result.rate_ratio < result.ci_high


def test_a_claim_about_an_agreement_is_checked_on_its_scope(store):
    result = check_claim(store, _claim(ALEPPO, MAY_11), agreement="aleppo-calm-2016-05")
    assert result.area_source == "agreement" and "aleppo-calm-2016-05" in result.area
    assert result.agreement_id == "aleppo-calm-2016-05"
    assert result.verdict == "supported"
    assert result.events_before is not None and result.events_during is not None
    assert result.events_during < result.events_before


def test_a_rise_claimed_where_violence_fell_is_contradicted(store):
    claim = _claim("Violence has increased in Aleppo since 4 May, activists said.", MAY_11)
    result = check_claim(store, claim)
    assert result.verdict == "contradicted"
    assert "fell" in result.reason


def test_a_claim_from_the_truces_start_takes_the_agreements_start(store):
    claim = _claim(
        "The truce is largely holding across the country, the envoy said.",
        datetime(2016, 3, 20, 12, tzinfo=UTC),
    )
    assert claim.nationwide and claim.period_start is None
    result = check_claim(store, claim, agreement="syria-coh-2016")
    assert result.period_start is not None
    assert result.period_start.isoformat() == "2016-02-27T00:00:00+02:00"
    assert result.days_during == result.days_before == 23
    assert result.verdict == "supported"
    without = check_claim(store, claim)  # nationwide, no agreement, no boundaries stored
    assert without.verdict == "not enough data" and "--agreement" in without.reason


def test_a_count_of_violations_is_never_contradicted_by_fewer_recorded_events(store):
    claim = _claim(
        "Rebels violated the truce 40 times in Aleppo over the last 24 hours, Russia said.",
        datetime(2016, 5, 10, 12, tzinfo=UTC),
    )
    result = check_claim(store, claim)
    assert claim.count == 40
    assert result.verdict == "not enough data"
    assert "40 claimed" in result.reason


def test_unknown_agreement_ids_are_errors_naming_the_stored_ones(store):
    with pytest.raises(NotFoundError, match="aleppo-calm-2016-05"):
        check_claim(store, _claim(ALEPPO, MAY_11), agreement="aleppo-calm")


def test_a_claim_without_an_area_or_outside_the_data_has_not_enough_data(store):
    nowhere = Claim(
        "violence_decreased",
        "a",
        Span(0, 1, "x"),
        period_start=datetime(2016, 5, 1, tzinfo=UTC),
        period_end=MAY_11,
    )
    result = check_claim(store, nowhere)
    assert result.verdict == "not enough data" and "names no place" in result.reason
    later = _claim(
        "Violence has decreased in Aleppo in the past week, the spokesman said.",
        datetime(2017, 3, 1, tzinfo=UTC),
    )
    result = check_claim(store, later)
    assert result.verdict == "not enough data"
    assert "2016-12-31" in result.reason and result.rate_ratio is None
