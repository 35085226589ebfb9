"""Unknown ids and values: the error guesses what was meant and names what is known."""

from __future__ import annotations

from trucewatch.errors import NotFoundError, ValidationError
from trucewatch.suggest import MAX_LISTED, close_matches, not_one_of, unknown, unknown_agreement

AGREEMENTS = ["aleppo-calm-2016-05", "eastern-ghouta-2016-04", "latakia-2016-04", "syria-coh-2016"]


def test_a_typo_in_an_agreement_id_is_guessed_and_the_known_ids_named() -> None:
    error = unknown_agreement("aleppo-calm-2016", AGREEMENTS)
    assert isinstance(error, NotFoundError)
    assert str(error) == (
        "no agreement 'aleppo-calm-2016' in the store: did you mean aleppo-calm-2016-05? "
        f"(known: {', '.join(AGREEMENTS)})"
    )


def test_no_agreement_stored_says_how_to_add_one() -> None:
    assert str(unknown_agreement("x", [])) == (
        "no agreement 'x' in the store (none in the store yet; add one with trucewatch "
        "agreements add)"
    )


def test_a_prefix_and_a_case_slip_are_guessed_first() -> None:
    assert close_matches("SYRIA", AGREEMENTS) == ["syria-coh-2016"]
    assert close_matches("IS", ["is", "ISIS", "Jaysh al-Islam"])[:2] == ["is", "ISIS"]


def test_many_known_values_are_cut_and_the_listing_named() -> None:
    known = [f"draft-{i:04d}" for i in range(MAX_LISTED + 5)]
    message = str(unknown("draft", "x", known, listing="trucewatch drafts list shows them"))
    assert "did you mean" not in message
    assert "and 5 more; trucewatch drafts list shows them)" in message
    assert message.count("draft-0") == MAX_LISTED


def test_candidates_only_are_not_listed_as_known() -> None:
    error = unknown("event", "ucdp_ged:31869", ["ucdp_ged:318694"], list_known=False)
    assert str(error) == "no event 'ucdp_ged:31869' in the store: did you mean ucdp_ged:318694?"


def test_a_value_outside_a_closed_set_is_a_validation_error_with_a_guess() -> None:
    error = not_one_of("--status", "sentt", ("pending", "failed", "sent", "dead"))
    assert isinstance(error, ValidationError)
    assert str(error) == (
        "--status 'sentt' is not one of pending, failed, sent, dead: did you mean sent?"
    )
    assert "did you mean" not in str(not_one_of("role", "zzz", ("reader", "admin")))
