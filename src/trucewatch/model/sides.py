"""The sides of an agreement: parties, third parties, excluded groups and their names.

Names are compared through :func:`normalize_name` (case, diacritics, apostrophes, punctuation,
Arabic spellings); an excluded group's name matches inside a longer name unless the longer
name is about fighting it ("anti-IS coalition"). Re-exported by :mod:`trucewatch.model.agreement`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from trucewatch.errors import ValidationError
from trucewatch.model._ids import check_id as _check_id
from trucewatch.model.time import ensure_aware

__all__ = ["ExcludedGroup", "GroupName", "Party", "ThirdParty", "normalize_name"]

# Arabic letters written in several ways: fold to one spelling before comparing names.
_ARABIC_FOLD = str.maketrans(
    {"ة": "ه", "ى": "ي", "ـ": None, "ٱ": "ا", "أ": "ا", "إ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ي"}
)
_APOSTROPHES = re.compile(r"['’‘`ʿʾ′´]")
_NON_WORD = re.compile(r"[\W_]+")


def normalize_name(name: str) -> str:
    """Fold a name for comparison: case, diacritics, apostrophes, punctuation, Arabic spellings.

    ``"Hay’at Taḥrīr al-Shām"`` and ``"hayat tahrir al sham"`` give the same key.
    """
    text = unicodedata.normalize("NFKD", name.translate(_ARABIC_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = unicodedata.normalize("NFC", text).translate(_ARABIC_FOLD).casefold()
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


@dataclass(frozen=True, slots=True)
class ThirdParty:
    """A guarantor or mediator (e.g. the US and Russia as ISSG co-chairs)."""

    id: str
    name: str

    def __post_init__(self) -> None:
        _check_id(self.id, "guarantor/mediator")


@dataclass(frozen=True, slots=True)
class Party:
    """A party bound by the agreement, its other names and when it accepted (if known)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    accession: datetime | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "party")
        object.__setattr__(self, "aliases", tuple(self.aliases))
        if self.accession is not None:
            ensure_aware(self.accession, f"accession of party {self.id!r}")

    def matches(self, name: str) -> bool:
        """Whether ``name`` is this party's name or one of its aliases (folded comparison)."""
        key = normalize_name(name)
        return any(normalize_name(n) == key for n in (self.name, *self.aliases))


@dataclass(frozen=True, slots=True)
class GroupName:
    """One name of an excluded group, valid from ``valid_from`` to ``valid_until`` (inclusive)."""

    name: str
    valid_from: date | None = None
    valid_until: date | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValidationError("a group name must not be empty")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                f"name {self.name!r}: until {self.valid_until} is before from {self.valid_from}"
            )

    def valid_on(self, day: date) -> bool:
        """Whether the name was in use on ``day`` (both bounds inclusive)."""
        after_start = self.valid_from is None or self.valid_from <= day
        return after_start and (self.valid_until is None or day <= self.valid_until)


_SHORT_ALIAS = 5  # one-word aliases shorter than this (IS, HTS, JFS) must match the whole name

# Words that, just before a group's name, make the name about someone fighting that group:
# "Global Coalition Against Daesh", "Opposition to Jabhat al-Nusra", "Anti-Daesh forces".
_AGAINST = re.compile(r"(?:^| )(?:against|anti|counter|opposition to|opposed to|war on|fighting) $")


def _names_as_itself(key: str, alias_key: str) -> bool:
    """Whether the folded name ``key`` contains ``alias_key`` as whole words, at least once
    not right after a word of opposition (then the name is of the group's enemy)."""
    words = f" {key} "
    needle = f" {alias_key} "
    start = words.find(needle)
    while start >= 0:
        if not _AGAINST.search(words[: start + 1]):
            return True
        start = words.find(needle, start + 1)
    return False


@dataclass(frozen=True, slots=True)
class ExcludedGroup:
    """A group the agreement does not protect, under all its names and renamings."""

    id: str
    names: tuple[GroupName, ...]
    note: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "excluded group")
        object.__setattr__(self, "names", tuple(self.names))
        if not self.names:
            raise ValidationError(f"excluded group {self.id!r} has no names")

    @property
    def name(self) -> str:
        """The first name listed (the group's name when the agreement was made)."""
        return self.names[0].name

    def names_on(self, on: date | datetime) -> tuple[str, ...]:
        """The names in use on a day (a datetime counts by its own calendar date)."""
        day = on.date() if isinstance(on, datetime) else on
        return tuple(n.name for n in self.names if n.valid_on(day))

    def matches(self, name: str, on: date | datetime) -> bool:
        """Whether ``name`` designates this group on ``on``.

        Comparison ignores case, diacritics, apostrophes and punctuation. A name matches if it is
        an alias in use that day, or contains one as whole words (aliases of one short word such
        as "IS" or "HTS" must be the whole name) not right after a word of opposition ("Global
        Coalition Against Daesh" and "Opposition to Jabhat al-Nusra" fight the group).
        """
        key = normalize_name(name)
        if not key:
            return False
        for alias in self.names_on(on):
            alias_key = normalize_name(alias)
            if alias_key == key:
                return True
            short = " " not in alias_key and len(alias_key) < _SHORT_ALIAS
            if alias_key and not short and _names_as_itself(key, alias_key):
                return True
        return False
