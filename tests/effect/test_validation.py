import pytest

from trucewatch.effect.validation import coverage
from trucewatch.errors import ValidationError


@pytest.fixture(scope="module")
def sixty_runs():
    return coverage(60, effect=0.35, horizon=28)


def test_negative_binomial_intervals_cover_the_true_ratio_in_a_loose_band(sixty_runs):
    # 60 fixed seeds (1-60): 95 % coverage gives 57 of 60 on average; the band allows the
    # sampling noise of 60 runs only (these seeds give 60/60 for events, 54/60 for the DiD)
    assert sixty_runs.events_share >= 0.85
    assert 0.85 <= sixty_runs.did_share <= 0.99
    assert sixty_runs.median_ratio == pytest.approx(0.35, abs=0.05)


def test_exact_poisson_ignores_overdispersion_and_covers_less(sixty_runs):
    exact = coverage(60, effect=0.35, horizon=28, method="exact_poisson")
    assert exact.events_covered < sixty_runs.events_covered


def test_coverage_needs_at_least_one_run():
    with pytest.raises(ValidationError):
        coverage(0)
