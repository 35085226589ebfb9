"""The cheap check in front of the rule patterns never changes an answer (text/prefilter.py)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.text import dates, not_event_cues, types
from trucewatch.text.prefilter import Prefiltered, fold, starts_of, word_starts


def _rule_patterns() -> list[Prefiltered]:
    cues = [p for p in vars(not_event_cues).values() if isinstance(p, Prefiltered)]
    return [p for _code, p in types._COMPILED] + [p for _k, p in dates._FILTERED] + cues


SENTENCES = [
    "Warplanes struck the town of Douma on Tuesday, killing 12 people.",
    "The cessation of hostilities took effect at 00:01 on Saturday.",
    "Fierce fighting had raged in the city for weeks before the truce.",
    "A man walks past a destroyed building in Aleppo, Syria May 4, 2016. REUTERS/Abdalrhman Ismail",
    "Protesters hold a placard reading 'Save Aleppo' outside the embassy.",
    "Rebels accused the army of violating the ceasefire 21 times.",
    "Violence has decreased significantly since the truce began.",
    "ſhelling and KILLED and İDLIB",  # characters re.IGNORECASE folds onto ASCII letters
    "Car-bomb blast: 3 dead (AFP).",
    "",
]


def test_a_pattern_lists_the_word_beginnings_its_matches_start_with() -> None:
    pattern = re.compile(r"(?<![\w-])(?:kill(?:ed|s)?|shell\w*|air ?strikes?)(?![\w-])", re.I)
    assert starts_of(pattern) == frozenset({"kill", "shel", "air ", "airs"})


def test_a_pattern_that_may_begin_anywhere_or_with_any_word_is_not_filtered() -> None:
    assert starts_of(re.compile(r"\w+ed\b")) is None  # any word
    assert starts_of(re.compile(r"killed")) is None  # may begin inside a word ("unkilled")
    assert starts_of(re.compile(r"\b(?:a|b)\b")) is None  # too short to filter on
    assert starts_of(re.compile(r"\bshelling", re.ASCII)) is None  # ASCII \\b: "éshelling"
    assert Prefiltered(re.compile(r"\w+ed\b")).may_match("nothing here")


def test_a_sentence_without_the_beginnings_is_answered_no_match_without_running() -> None:
    pattern = Prefiltered(re.compile(r"\b(?:shelling|air ?strikes?)\b", re.I))
    assert not pattern.may_match("Talks resumed in Geneva on Monday.")
    assert pattern.search("Talks resumed in Geneva on Monday.") is None
    found = pattern.search("Heavy SHELLING hit the east.")
    assert found is not None and found.group() == "SHELLING"


def test_folding_keeps_offsets_and_treats_characters_as_ignorecase_does() -> None:
    text = "ſhell K İdlib\tcity"
    assert len(fold(text)) == len(text)
    assert fold(text).startswith("shell k i")
    assert "\t" not in fold(text)
    pattern = Prefiltered(re.compile(r"\bshell\w*", re.I))
    assert pattern.compiled.search(text) is not None  # re folds the long s onto "s" ...
    assert pattern.search(text) is not None  # ... and so does the check
    assert "shel" in word_starts(text)


def test_digits_fold_to_one_so_a_pattern_of_numbers_is_filtered() -> None:
    pattern = Prefiltered(re.compile(r"\bat\s+\d{1,2}:\d{2}", re.I))
    assert pattern.starts == frozenset({"at 0", "at  "})  # "\\s+": one space or more
    assert fold("At 10:45 on 3 May") == "at 00:00 on 0 may"
    assert pattern.search("It began at 23:59.") is not None
    assert pattern.search("It began at noon.") is None
    assert pattern.search("It began at \u0662\u0663:00.") is not None  # Arabic-Indic digits are \d


def test_every_rule_pattern_answers_as_its_compiled_pattern_on_sample_sentences() -> None:
    patterns = _rule_patterns()
    assert sum(p.starts is not None for p in patterns) >= 40  # most are filtered
    for pattern in patterns:
        for sentence in SENTENCES:
            want = [m.span() for m in pattern.compiled.finditer(sentence)]
            assert [m.span() for m in pattern.finditer(sentence)] == want, pattern.pattern[:60]
            assert pattern.sub("#", sentence) == pattern.compiled.sub("#", sentence)


_PIECES = st.sampled_from(
    [
        "killed",
        "Shelling",
        "air strike",
        "airstrikes",
        "truce",
        "cease-fire",
        "since",
        "before",
        "had raged",
        "weeks",
        "decreased",
        "placard",
        "reading",
        "REUTERS/",
        "(AFP)",
        "accused",
        "violating",
        "21 times",
        "protesters",
        "riot",
        "mob",
        "ſ",
        "İ",
        "K",
        "-",
        " ",
        ", ",
        ". ",
        "'",
        "\u2019",
        "\xa0",
        "\t",
        "un",
        "x",
        "2016",
        "May 4,",
        "Photo:",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=14).map("".join))
def test_no_rule_pattern_is_ever_refused_where_it_matches(text: str) -> None:
    for pattern in _rule_patterns():
        if pattern.compiled.search(text) is not None:
            assert pattern.may_match(text), (pattern.pattern[:60], text)
