"""The actor names are matched by one prefix-factored regex (a trie): it must find exactly what
a plain list of the names finds, longest name first, case rules kept."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.text import Article, extract
from trucewatch.text.actors import find_actors
from trucewatch.text.packs import pack

ALIASES = pack("SY").actors
_STRICT = frozenset({"IS", "SAA", "NDF", "FSA", "JFS", "HTS", "SDF", "YPG"})


def _plain(sentence: str) -> list[tuple[str, str, int]]:
    """The reference: every alias as its own branch, longest first."""
    hits = []
    for names, flags in (
        ([(a, c) for c, ns in ALIASES.items() for a in ns if a not in _STRICT], re.IGNORECASE),
        ([(a, c) for c, ns in ALIASES.items() for a in ns if a in _STRICT], 0),
    ):
        names.sort(key=lambda p: -len(p[0]))
        branches = [
            re.escape(a).replace("'", "['’]").replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+")
            for a, _c in names
        ]
        pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(f"({b})" for b in branches) + r")(?![\w-])", flags
        )
        for m in pattern.finditer(sentence):
            index = next(i for i, g in enumerate(m.groups()) if g is not None)
            hits.append((names[index][1], m.group(), m.start()))
    hits.sort(key=lambda h: (h[2], -len(h[1])))
    out: list[tuple[str, str, int]] = []
    for h in hits:
        if out and h[2] < out[-1][2] + len(out[-1][1]):
            continue
        out.append(h)
    return out


_WORDS = [a for names in ALIASES.values() for a in names] + [
    "killed",
    "in",
    "Aleppo",
    "is",
    "the",
    "regimes",
    "rebel-held",
    "US",
    "Assad’s",
    "-",
    ",",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12), st.booleans())
def test_the_trie_finds_what_the_plain_list_of_names_finds(words: list[str], upper: bool) -> None:
    sentence = " ".join(words)
    if upper:
        sentence = sentence.upper()
    got = [(a.canonical, a.text, a.start) for a in find_actors(sentence)]
    assert got == _plain(sentence)


def test_case_rules_and_longest_names() -> None:
    found = find_actors("Regime forces hit IS; this is not IS-held, Assad’s forces and SDF")
    assert [(a.canonical, a.text) for a in found] == [
        ("Government of Syria", "Regime forces"),
        ("IS", "IS"),
        ("Government of Syria", "Assad’s forces"),
        ("SDF", "SDF"),
    ]


def test_an_armed_side_comes_before_civilians_when_no_perpetrator_is_named() -> None:
    text = "More than 19 civilians were killed in Douma as the Syrian regime stepped up its siege."
    published = datetime(2017, 11, 26, 12, tzinfo=ZoneInfo("Asia/Damascus"))
    (event,) = extract(Article("c", text, published))
    assert (event.event.actors.side_a, event.event.actors.side_b) == (
        "Government of Syria",
        "Civilians",
    )


def test_letters_that_fold_to_ascii_under_ignorecase_are_found_not_crashed_on() -> None:
    found = find_actors("Ruſſian raids; \u212aurdish forces")  # long s, Kelvin sign
    assert [a.canonical for a in found] == ["Russian Federation", "SDF"]
