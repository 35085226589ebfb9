"""CASE 2021 task 2: label maps, macro-F1, and the score of our event typing on the dev file."""

from __future__ import annotations

from pathlib import Path

import pytest

from trucewatch.errors import SourceError
from trucewatch.model.taxonomy import EVENT_TYPES
from trucewatch.text.case2021 import (
    CASE_FILE,
    CASE_TO_TAXONOMY,
    TAXONOMY_TO_CASE,
    evaluate_case2021,
    macro_f1,
    read_case2021,
)
from trucewatch.text.types import classify, classify_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"


def test_every_case_label_maps_to_a_taxonomy_code_and_back() -> None:
    assert len(CASE_TO_TAXONOMY) == 30
    for label, code in CASE_TO_TAXONOMY.items():
        assert code in EVENT_TYPES
        assert label in TAXONOMY_TO_CASE[code]


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("ART_MISS_ATTACK", "remote.shelling"),
        ("SUIC_BOMB", "remote.bombing"),
        ("REM_EXPLOS", "remote.bombing"),
        ("GOV_REGAINS_TERIT", "battle.territory_change"),
        ("NON_VIOL_TERRIT_TRANSFER", "strategic.other"),
        ("FORCE_AGAINST_PROTEST", "unrest.protest"),
        ("MOB_VIOL", "unrest.riot"),
        ("NATURAL_DISASTER", "other"),
    ],
)
def test_case_label_maps_as_the_acled_sub_event_type(label: str, code: str) -> None:
    assert CASE_TO_TAXONOMY[label] == code


def test_macro_f1_averages_classes_of_gold_and_predictions() -> None:
    assert macro_f1(["a", "a", "b"], ["a", "a", "b"]) == 1.0
    # a: tp 1 fp 0 fn 1 -> 2/3; b: tp 0 -> 0; mean 1/3
    assert macro_f1(["a", "a"], ["a", "b"]) == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("snippet", "code"),
    [
        ("Police used tear gas and water cannon to disperse protesters.", "unrest.protest"),
        ("Protesters hurled stones and torched cars as the rally turned violent.", "unrest.riot"),
        ("An angry mob lynched a man accused of theft.", "unrest.riot"),
        ("Militants lobbed a grenade at a police post.", "remote.grenade"),
        ("Police seized seven illegal firearms and 200 rounds of ammunition.", "strategic.other"),
        ("Turkish forces set up a new military post in Idlib.", "strategic.other"),
        ("Shops were looted during the night.", "strategic.other"),
        ("Soldiers raped women in the village, the report said.", "civilians.sexual_violence"),
        ("Gunmen attacked a church, killing 24 worshippers.", "civilians.attack"),
        ("Gunmen attacked a military patrol south of the capital.", "battle.armed_clash"),
        ("The army recaptured three villages from the militants.", "battle.territory_change"),
        ("The fighters withdrew from the town without a fight.", "strategic.other"),
    ],
)
def test_case_style_snippets_get_their_taxonomy_code(snippet: str, code: str) -> None:
    found = classify_text(snippet)
    assert found is not None and found.code == code


@pytest.mark.parametrize(
    "sentence",
    [
        "A chemical plant exploded, killing six workers.",
        "Floods forced thousands from their homes.",
        "Islamic State claimed responsibility for the attack.",
    ],
)
def test_disasters_and_claims_are_not_typed_as_conflict_events(sentence: str) -> None:
    assert classify(sentence) is None


def test_fixture_file_scores_perfectly_and_beats_the_majority_baseline() -> None:
    result = evaluate_case2021(FIXTURES / "case2021")
    f1 = result["event_type_macro_f1"]
    assert f1["n"] == 6
    assert f1["system"] == 1.0
    assert f1["baseline"] < 0.2
    assert result["event_type_accuracy"]["system"] == 1.0


def test_unknown_label_is_an_error_naming_line_and_allowed_values() -> None:
    with pytest.raises(SourceError, match=r"line 2 of .*NOT_A_LABEL.*allowed: ABDUCT_DISSAP"):
        read_case2021(FIXTURES / "case2021_bad_label.tsv")


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read"):
        evaluate_case2021(tmp_path)


def test_dev_file_macro_f1_reaches_target_and_beats_baseline(shared_data: Path) -> None:
    # the rules were written looking at this file: the figure is optimistic (docs/news.md)
    if not (shared_data / CASE_FILE).is_file():
        pytest.skip(f"{shared_data / CASE_FILE} is absent")
    result = evaluate_case2021(shared_data)["event_type_macro_f1"]
    assert result["n"] == 480
    assert result["system"] >= 0.80
    assert result["baseline"] < 0.05
