"""The cheap check in front of the rule patterns never changes an answer (text/prefilter.py)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.text import dates, not_event_cues, types
from trucewatch.text.claim_patterns import EN_KINDS
from trucewatch.text.prefilter import Prefiltered, _fold_code, fold, starts_of, word_starts
from trucewatch.text.prefilter_needs import needs_of
from trucewatch.text.statements import speaker_patterns


def _rule_patterns() -> list[Prefiltered]:
    cues = [p for p in vars(not_event_cues).values() if isinstance(p, Prefiltered)]
    claims = [p for _kind, p in EN_KINDS]
    speakers = list(speaker_patterns._SPEAKER_PATTERNS)
    return (
        [p for _code, p in types._COMPILED]
        + [p for _k, p in dates._FILTERED]
        + cues
        + claims
        + speakers
    )


SENTENCES = [
    "Warplanes struck the town of Douma on Tuesday, killing 12 people.",
    "Foreign Minister Sergei Lavrov said the truce was largely holding.",
    "According to John Kerry, the U.S. Secretary of State, rebels violated it 21 times.",
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
    assert Prefiltered(re.compile(r"\w+ed\b")).may_match("unnamed words")  # any word but ...
    assert not Prefiltered(re.compile(r"\w+ed\b")).may_match("nothing here")  # ... needs "ed"


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


def test_a_pattern_that_may_begin_with_any_word_still_needs_its_literal_words() -> None:
    weekday = re.compile(r"\b(?:on|last)?\s*(monday|tuesday|friday)\b", re.I)
    assert starts_of(weekday) is None  # may begin with white space
    assert needs_of(weekday, _fold_code) == (frozenset({"monday", "tuesday", "friday"}),)
    relative = re.compile(r"\b(today|(\w+) days ago|past (?:24|48) hours)\b", re.I)
    assert needs_of(relative, _fold_code) == (frozenset({"today", " days ago", " hours"}),)
    pattern = Prefiltered(weekday)
    assert not pattern.may_match("Talks resumed in Geneva.")
    assert pattern.search("Talks resumed in Geneva.") is None
    found = pattern.search("Talks resumed on FRIDAY.")
    assert found is not None and found.group() == "on FRIDAY"


def test_each_part_of_a_sequence_needs_one_of_its_strings_in_the_text() -> None:
    pattern = re.compile(r"\bsince\s+(?:early|late)[\s-]+(?:May|June)\s+\d{4}", re.I)
    assert set(needs_of(pattern, _fold_code)) == {
        frozenset({"since"}),
        frozenset({"early", "late"}),
        frozenset({"may", "june"}),
    }
    filtered = Prefiltered(pattern)
    assert not filtered.may_match("since early July 2016")  # no month of the pattern
    assert not filtered.may_match("since mid-May 2016")  # neither early nor late
    assert filtered.search("Fighting since late-May 2016.") is not None
    assert needs_of(re.compile(r"\d+ killed"), _fold_code)[0] == frozenset({" killed"})


def test_a_pattern_may_be_checked_by_the_strings_it_contains_alone() -> None:
    said = Prefiltered(re.compile(r"[A-Z]\w+ (?:said|told)"), starts=False)
    assert said.starts is None and said.needs == (frozenset({"said", "told"}),)
    assert not said.may_match("Kerry spoke.")
    found = said.search("Then Kerry told reporters.")
    assert found is not None and found.group() == "Kerry told"


def test_optional_parts_classes_and_white_space_need_nothing() -> None:
    assert needs_of(re.compile(r"(?:foo)?\w+\s+[a-z]"), _fold_code) == ()
    assert needs_of(re.compile(r"\bkilled", re.ASCII), _fold_code) == ()
    assert Prefiltered(re.compile(r"(?:foo)?\w+")).may_match("anything")


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
        "on Friday",
        "Monday",
        "3 days ago",
        "yesterday",
        "last night",
        "early",
        "mid-",
        "late",
        "in ",
        "at ",
        "00:01",
        "p.m.",
        "Sept.",
        "12",
        "walks",
        "banner",
        "since the war",
        "\u0662",
        "said",
        "Foreign Minister",
        "John Kerry",
        "according to",
        "violated the truce",
        "times",
        "is holding",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=14).map("".join))
def test_no_rule_pattern_is_ever_refused_where_it_matches(text: str) -> None:
    for pattern in _rule_patterns():
        if pattern.compiled.search(text) is not None:
            assert pattern.may_match(text), (pattern.pattern[:60], text)
