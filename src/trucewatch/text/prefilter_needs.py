"""The strings one of which every match of a regular expression contains.

:mod:`trucewatch.text.prefilter` skips a pattern when a sentence has no word its matches may
begin with; some patterns may begin with any word or with white space ("(\\w+) days ago",
"\\b(?:on)?\\s*(monday|...)") and cannot be filtered so. Most still cannot match without one of
a few literal strings: a weekday's name, a month's, "days ago". :func:`needs_of` reads those
strings from the pattern's parse tree (folded as :func:`~trucewatch.text.prefilter.fold` folds
text), so that a sentence containing none of them is answered "no match" without running the
pattern. Each part of a sequence must match, so each part's strings are a test of their own:
the pattern's top-level parts give up to three sets, all tested (the longest strings first),
and inside an alternation's branch the part whose shortest string is the longest stands for
the branch. Zero-width parts, wide classes and optional parts need nothing; a class of a few
characters needs one of them, a digit class the digit every digit folds to; an alternation
needs one of its branches' strings, and nothing when one branch needs nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

__all__ = ["needs_of", "parse_tree"]

#: the most strings in one set, and how many sets are kept (each is tested until one fails)
_MOST = 64
_SETS = 3
#: strings nearly every sentence has: a set holding one is not worth testing
_EVERYWHERE = frozenset({" ", ",", ".", "a", "e", "i", "o", "s", "t"})

_Needs = frozenset[str] | None


def _better(a: _Needs, b: _Needs) -> _Needs:
    """The more selective of two sets a match must meet one string of (None: no set)."""
    if a is None or b is None:
        return a if b is None else b
    key_a = (min(map(len, a)), -len(a))
    key_b = (min(map(len, b)), -len(b))
    return a if key_a >= key_b else b


def _usable(found: _Needs) -> _Needs:
    if found is None or not found or len(found) > _MOST:
        return None
    return found


def _parts(items: Any, fold_code: Any) -> list[frozenset[str]]:
    """What each part of a sequence needs (runs of literal characters as one part)."""
    found: list[_Needs] = []
    run = ""
    for op, av in items:
        if op is sre.LITERAL:
            run += fold_code(av)
            continue
        if run:
            found.append(_usable(frozenset({run})))
            run = ""
        found.append(_item(op, av, fold_code))
    if run:
        found.append(_usable(frozenset({run})))
    return [need for need in found if need is not None]


def _sequence(items: Any, fold_code: Any) -> _Needs:
    best: _Needs = None
    for need in _parts(items, fold_code):
        best = _better(best, need)
    return best


def _item(op: Any, av: Any, fold_code: Any) -> _Needs:
    if op is sre.SUBPATTERN:
        return _sequence(av[3], fold_code)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av, fold_code)
    if op is sre.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            need = _sequence(branch, fold_code)
            if need is None:
                return None
            found |= need
        return _usable(frozenset(found))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _sequence(av[2], fold_code)
    if op is sre.IN and all(o is sre.LITERAL for o, _ in av):
        return _usable(frozenset(fold_code(code) for _, code in av))  # a few characters
    if op is sre.IN and av == [(sre.CATEGORY, sre.CATEGORY_DIGIT)]:
        return frozenset({fold_code(ord("0"))})  # a digit: every digit folds to one
    return None  # zero width, a class, any character, an optional part: nothing needed


@lru_cache(maxsize=512)
def parse_tree(pattern: str, flags: int) -> tuple[Any, ...]:
    """The parse tree of a pattern, read once for the starts and the needs of it."""
    return tuple(sre_parse.parse(pattern, flags))


def needs_of(pattern: re.Pattern[str], fold_code: Any) -> tuple[frozenset[str], ...]:
    """Sets of strings (folded by ``fold_code`` character by character, at most 64 a set)
    such that the folded text of every match of ``pattern`` contains one string of each set:
    one set for each part of the pattern's sequence that needs one (a pattern that is one
    alternation gives one set), the longest strings first; () when none is found."""
    if pattern.flags & (re.ASCII | re.LOCALE):
        return ()  # the folding of ``fold_code`` is Unicode's
    try:
        tree = list(parse_tree(pattern.pattern, pattern.flags))
    except (RecursionError, ValueError, TypeError, AttributeError):
        return ()
    while len(tree) == 1 and tree[0][0] is sre.SUBPATTERN:
        tree = list(tree[0][1][3])
    sets = {need for need in _parts(tree, fold_code) if not need & _EVERYWHERE}
    return tuple(sorted(sets, key=lambda need: (-min(map(len, need)), len(need))))[:_SETS]
