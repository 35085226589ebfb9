"""A cheap test that tells when a large regular expression cannot match a sentence.

The rule patterns of the news pipeline (event types, the cues of sentences that are not
events) are alternations of hundreds of keywords that begin with a look-behind or ``\\b``, so
Python's ``re`` cannot skip ahead to a likely start and tries every alternative at every
position: 5–30 µs a pattern a sentence. :class:`Prefiltered` wraps such a pattern with the set
of the short strings (up to three characters, case-folded as ``re`` folds them) that any match
must begin with, read from the pattern's parse tree once; a sentence that contains none of them
is answered "no match" without running the pattern. When it may match, the pattern itself runs,
so the answers are those of the pattern, always: the prefilter can only say "maybe" too often,
never "no" wrongly. A pattern whose start cannot be enumerated (it may begin with any letter,
``\\w+``, or match the empty string) is never filtered.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from re import _casefix  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from typing import Any

from trucewatch.text.prefilter_needs import needs_of, parse_tree

__all__ = ["Prefiltered", "fold", "starts_of"]

#: how long the strings a match begins with are; the most kept for one pattern
_WIDTH = 4
#: a prefix shorter than _WIDTH (a short match, or any character next) is cut to this
_SHORT = 3
_MOST = 50_000
#: a character class wider than this is taken as "any character" (no filter)
_WIDEST_CLASS = 64

_EXTRA: dict[int, tuple[int, ...]] = _casefix._EXTRA_CASES


@lru_cache(maxsize=4096)
def _fold_code(code: int) -> str:
    if chr(code).isspace():
        return " "  # all white space is one, as ``\\s`` takes it
    if chr(code).isdecimal():
        return "0"  # all digits are one, as ``\\d`` takes them
    lower = _sre.unicode_tolower(code)
    return chr(min((lower, *_EXTRA.get(lower, ()))))


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds each character as ``re.IGNORECASE`` compares it."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_code(code)
        return folded


_TABLE = _FoldTable()
_ASCII_FOLD = re.compile(r"[\t\n\r\f\v\x1c-\x1f0-9]")


def fold(text: str) -> str:
    """``text`` with each character replaced by one representative of the characters that
    ``re.IGNORECASE`` takes as equal to it, and each white space by a space (same length,
    same offsets)."""
    if text.isascii():
        return _ASCII_FOLD.sub(lambda m: " " if m.group().isspace() else "0", text.lower())
    return text.translate(_TABLE)


class _Wide(Exception):
    """Any character may come next: the prefixes stop growing here."""


class _TooMany(Exception):
    """The pattern may begin with too many strings to list: no filter."""


def _class_chars(items: list[tuple[Any, Any]]) -> list[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(_fold_code(av))
        elif op is sre.RANGE and av[1] - av[0] <= _WIDEST_CLASS:
            chars.update(_fold_code(c) for c in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av is sre.CATEGORY_SPACE:
            chars.add(" ")  # the text's white space is folded to a space
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            chars.add("0")  # and its digits to 0
        else:  # NEGATE, \\w, a wide range: any of many characters
            raise _Wide
    if len(chars) > _WIDEST_CLASS:
        raise _Wide
    return sorted(chars)


def _next_chars(op: Any, av: Any) -> list[str]:
    if op is sre.LITERAL:
        return [_fold_code(av)]
    if op is sre.IN:
        return _class_chars(av)
    raise _Wide  # ANY, NOT_LITERAL, GROUPREF, ...


_Prefixes = tuple[frozenset[str], frozenset[str]]


def _walk(items: Any, open_: frozenset[str], done: frozenset[str]) -> _Prefixes:
    """The strings a match of ``items`` may begin with, folded, continuing ``open_`` (the
    prefixes still growing): each ``_WIDTH`` characters long, or shorter where the match
    ends or any character may come next; returned as (still growing, done)."""
    for op, av in items:
        if not open_:
            break
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero width: a match begins where it would without it
        if op is sre.BRANCH:
            grown, ended = frozenset[str](), done
            for branch in av[1]:
                g, e = _walk(branch, open_, done)
                grown, ended = grown | g, ended | e
            open_, done = grown, ended
        elif op is sre.SUBPATTERN:
            open_, done = _walk(av[3], open_, done)
        elif op is sre.ATOMIC_GROUP:
            open_, done = _walk(av, open_, done)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            least, _most, sub = av
            grown = open_ if least == 0 else frozenset[str]()
            step = open_
            for n in range(1, _WIDTH + 1):  # more turns add nothing to a prefix this short
                step, done = _walk(sub, step, done)
                if n >= least or n == _WIDTH:
                    grown |= step
            open_ = grown
        else:
            try:
                chars = _next_chars(op, av)
            except _Wide:
                open_, done = frozenset(), done | open_
                break
            longer = {p + c for p in open_ for c in chars}
            open_ = frozenset(p for p in longer if len(p) < _WIDTH)
            done = done | {p for p in longer if len(p) >= _WIDTH}
        if len(open_) + len(done) > _MOST:
            raise _TooMany
    return open_, done


def _word_start(items: Any) -> bool:
    """Whether every match of ``items`` begins where no word character is just before it:
    after ``\\b`` or a look-behind that refuses a word character (``(?<![\\w-])``), or at
    the start of the text, in each alternative (other look-arounds before it are passed)."""
    for op, av in items:
        if op is sre.AT:
            return av in (sre.AT_BOUNDARY, sre.AT_BEGINNING, sre.AT_BEGINNING_STRING)
        if op is sre.ASSERT_NOT and av[0] < 0:
            if any(o is sre.IN and (sre.CATEGORY, sre.CATEGORY_WORD) in a for o, a in av[1]):
                return True
            continue
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            continue
        if op is sre.BRANCH:
            return all(_word_start(branch) for branch in av[1])
        if op is sre.SUBPATTERN:
            return _word_start(av[3])
        return False
    return False


def _wordy(text: str) -> bool:
    return all(c.isalnum() or c == "_" for c in text)


def starts_of(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The strings (folded by :func:`fold`; each ``_WIDTH`` characters, or the whole match
    when shorter) that any match of ``pattern`` begins with, when every match begins at the
    start of a word (after ``\\b`` or ``(?<![\\w-])``, with a word character first); None
    when they cannot be listed or a match may begin elsewhere (no filter)."""
    if pattern.flags & (re.ASCII | re.LOCALE):
        return None  # their \\w and \\b are not the word starts read here
    try:
        tree = list(parse_tree(pattern.pattern, pattern.flags))
        open_, done = _walk(tree, frozenset({""}), frozenset())
    except (_TooMany, RecursionError, ValueError, TypeError, AttributeError):
        return None
    found = {p if len(p) >= _WIDTH else p[:_SHORT] for p in open_ | done}
    if any(len(p) < _SHORT for p in found) or not _word_start(tree):
        return None
    if not all(_wordy(p[0]) for p in found):
        return None
    return frozenset(found)


_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1024)
def _folded(text: str) -> str:
    return fold(text)


@lru_cache(maxsize=1024)
def word_starts(text: str) -> frozenset[str]:
    """The folded strings of ``_WIDTH`` and ``_SHORT`` characters that begin a word of
    ``text`` (fewer at its end)."""
    seen = _folded(text)
    starts = [m.start() for m in _WORD.finditer(seen)]
    return frozenset([seen[i : i + w] for i in starts for w in (_WIDTH, _SHORT)])


class Prefiltered:
    """A compiled pattern that first checks, cheaply, that the text holds a word beginning a
    match must begin with (:func:`starts_of`, read on first use); the answers are always the
    pattern's own."""

    __slots__ = ("_needs", "_starts", "compiled", "pattern")

    def __init__(self, compiled: re.Pattern[str], *, starts: bool = True) -> None:
        """``starts=False``: check only the strings a match contains, for a pattern whose
        matches begin with any capitalised name (listing its starts would cost a second)."""
        self.compiled = compiled
        self.pattern = compiled.pattern
        self._starts: frozenset[str] | bool | None = False if starts else None  # False: unread
        self._needs: tuple[frozenset[str], ...] | None = None  # None: not read yet

    @property
    def flags(self) -> int:
        return self.compiled.flags

    @property
    def starts(self) -> frozenset[str] | None:
        """What :func:`starts_of` says of the pattern (None: the pattern always runs)."""
        if self._starts is False:
            self._starts = starts_of(self.compiled)
        return self._starts  # type: ignore[return-value]

    @property
    def needs(self) -> tuple[frozenset[str], ...]:
        """Sets of strings, one string of each of which any match contains (:func:`~trucewatch.
        text.prefilter_needs.needs_of`, read on first use; (): none known)."""
        if self._needs is None:
            self._needs = needs_of(self.compiled, _fold_code)
        return self._needs

    def may_match(self, text: str) -> bool:
        """False only when no match of the pattern can be in ``text``: no word begins as a
        match must, or a set of strings a match contains one of has none in it."""
        starts = self.starts
        if starts is not None and starts.isdisjoint(word_starts(text)):
            return False
        needs = self.needs
        if not needs:
            return True
        folded = _folded(text)
        return all(any(need in folded for need in group) for group in needs)

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return self.compiled.search(text, *args) if self.may_match(text) else None

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return self.compiled.match(text, *args) if self.may_match(text) else None

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, *args) if self.may_match(text) else iter(())

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return self.compiled.sub(repl, text, count) if self.may_match(text) else text
