"""The labelled truce articles of issue 18: reading, checking and splitting them.

Each file of ``text/labelled/truce/{dev,held}/`` is one hand-written article in the format
``trucewatch.truce-article/1`` with the truces, claims and events the rules should find in it
(``text/labelled/truce/README.md`` describes every field). :func:`load_set` reads and checks
the files (a bad one raises :class:`~trucewatch.errors.SourceError` naming the file and the
field); :func:`trucewatch.text.statement_split.draw_split` is the seeded, conflict-stratified
draw that put each article in ``dev/`` or ``held/``. Scoring:
:mod:`trucewatch.text.statement_eval`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from trucewatch.agreements.bundled import load_examples
from trucewatch.agreements.loader import load_agreements
from trucewatch.errors import SourceError, TrucewatchError
from trucewatch.model.agreement import Agreement
from trucewatch.text.clean import Article
from trucewatch.text.packs import pack, shipped_packs
from trucewatch.text.statement_model import ACTS, CLAIM_KINDS, DIRECTIONS, START_PRECISIONS

__all__ = [
    "FORMAT", "SPLITS", "ExpectedClaim", "ExpectedEvent", "ExpectedTruce", "LabelledArticle",
    "load_set", "read_labelled", "set_agreement_paths", "set_agreements", "set_aliases",
    "set_root",
]  # fmt: skip

FORMAT = "trucewatch.truce-article/1"
#: the folders of the set, in the order they are scored
SPLITS: tuple[str, ...] = ("dev", "held")

_TOP = {"format", "id", "conflict", "language", "article", "expected", "batch"}
_ARTICLE = {"title", "text", "published", "url"}
_EXPECTED = {"truces", "claims", "events", "not_events", "references"}
_TRUCE = {
    "act", "speaker", "parties", "scope", "nationwide", "start", "start_precision", "timezone",
    "duration_hours", "end", "extends", "new_agreement", "exclusions", "conditions", "deadlines",
}  # fmt: skip
_CLAIM = {
    "kind", "claimant_state", "claimant_person", "scope", "nationwide", "direction",
    "period_start", "period_end", "count",
}  # fmt: skip
_EVENT = {"type_prefix", "place", "date"}


@dataclass(frozen=True, slots=True)
class ExpectedTruce:
    """One truce the article reports as news, as the rules should draft it."""

    act: str
    speaker_person: str | None
    speaker_office: str | None
    speaker_state: str | None
    parties: tuple[str, ...]
    scope: tuple[str, ...]
    nationwide: bool
    start: datetime | date | None
    start_precision: str | None
    timezone: str
    duration: timedelta | None
    end: datetime | date | None
    extends: str | None
    new_agreement: bool
    exclusions: tuple[str, ...]
    conditions: tuple[tuple[str, int | None], ...]
    deadlines: tuple[tuple[str, str], ...]  # (by: ISO date, instant or YYYY-MM, what)


@dataclass(frozen=True, slots=True)
class ExpectedClaim:
    """One claim about how a truce is going."""

    kind: str
    claimant_state: str | None
    claimant_person: str | None
    scope: tuple[str, ...]
    nationwide: bool
    direction: str | None
    period_start: date | None
    period_end: date | None
    count: int | None


@dataclass(frozen=True, slots=True)
class ExpectedEvent:
    """A violent event the news extraction should still find: type prefix, place, day."""

    type_prefix: str
    place: str
    date: date


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    """One file of the set: the article and what should be found in it."""

    id: str
    conflict: str
    language: str
    split: str
    batch: int
    path: Path
    article: Article
    truces: tuple[ExpectedTruce, ...]
    claims: tuple[ExpectedClaim, ...]
    events: tuple[ExpectedEvent, ...]
    not_events: tuple[str, ...]
    references: tuple[tuple[str, str], ...]  # (words, agreement id)


def set_root() -> Path:
    """The folder of the shipped set (``trucewatch/text/labelled/truce``)."""
    return Path(str(resources.files("trucewatch.text").joinpath("labelled", "truce")))


def set_agreement_paths(root: Path | None = None) -> list[Path]:
    """The agreement files the set refers to beyond the shipped examples, sorted."""
    return sorted((root or set_root()).joinpath("agreements").glob("*.yaml"))


def set_agreements(root: Path | None = None) -> list[Agreement]:
    """The shipped example agreements (Syria 2016) and those of the labelled set."""
    return [*load_examples(), *load_agreements(set_agreement_paths(root))]


def set_aliases(conflict: str, root: Path | None = None) -> dict[str, str]:
    """Every name of a side of ``conflict`` (casefolded) -> its canonical name (casefolded): the
    country pack's actor aliases where there is a pack, then the set's ``names.json`` (the
    names of the conflicts labelled before their pack: "separatists" is the UA pack's
    "Russian-backed separatists", "German government" still Germany)."""
    tables: list[Mapping[str, Sequence[str]]] = []
    if conflict in shipped_packs():
        tables.append(pack(conflict).actors)
    path = (root or set_root()) / "names.json"
    tables.append(json.loads(path.read_text(encoding="utf-8"))["actors"].get(conflict, {}))
    out: dict[str, str] = {}
    for actors in tables:
        for canonical, aliases in actors.items():
            folded = out.get(canonical.casefold(), canonical.casefold())
            for alias in (canonical, *aliases):
                out.setdefault(alias.casefold(), folded)
    return out


class _Reader:
    """Typed access to one JSON document that names the file and field of every error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, message: str) -> SourceError:
        return SourceError(f"{self.path}: {where}: {message}")

    def obj(self, value: Any, where: str, keys: set[str], required: Iterable[str]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, not {type(value).__name__}")
        unknown = sorted(set(value) - keys)
        if unknown:
            raise self.fail(where, f"unknown field(s) {', '.join(unknown)}; known: {sorted(keys)}")
        missing = [k for k in required if k not in value]
        if missing:
            raise self.fail(where, f"missing field(s) {', '.join(missing)}")
        return value

    def text(self, value: Any, where: str, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"expected a non-empty string, not {value!r}")
        return value

    def names(self, value: Any, where: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list of names, not {value!r}")
        return tuple(str(self.text(v, f"{where}[{i}]")) for i, v in enumerate(value))

    def flag(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, f"expected true or false, not {value!r}")
        return value

    def choice(self, value: Any, where: str, allowed: Sequence[str], optional: bool) -> str | None:
        if value is None and optional:
            return None
        if value not in allowed:
            raise self.fail(where, f"{value!r} is not one of {', '.join(allowed)}")
        return str(value)

    def when(self, value: Any, where: str) -> datetime | date | None:
        """An ISO date (``2016-05-04``) or an instant with its offset, or null."""
        if value is None:
            return None
        raw = str(self.text(value, where))
        try:
            if "T" not in raw:
                return date.fromisoformat(raw)
            instant = datetime.fromisoformat(raw)
        except ValueError:
            raise self.fail(where, f"{raw!r} is not an ISO date or instant") from None
        if instant.tzinfo is None:
            raise self.fail(where, f"{raw!r} has no UTC offset (write e.g. +03:00)")
        return instant

    def day(self, value: Any, where: str) -> date | None:
        found = self.when(value, where)
        return found.date() if isinstance(found, datetime) else found

    def count(self, value: Any, where: str, *, positive: bool = False) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < int(positive):
            raise self.fail(
                where, f"expected a {'positive' if positive else ''} count, not {value!r}"
            )
        return value


def _truce(r: _Reader, raw: Any, where: str) -> ExpectedTruce:
    d = r.obj(raw, where, _TRUCE, sorted(_TRUCE))
    speaker = d["speaker"]
    if speaker is not None:
        speaker = r.obj(speaker, f"{where}.speaker", {"person", "office", "state"}, ())
        if not any(speaker.get(k) for k in ("person", "office", "state")):
            raise r.fail(f"{where}.speaker", "a speaker needs a person, an office or a state")
    sp = speaker or {}
    tz = str(r.text(d["timezone"], f"{where}.timezone"))
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise r.fail(f"{where}.timezone", f"{tz!r} is not an IANA time zone") from None
    start = r.when(d["start"], f"{where}.start")
    precision = r.choice(d["start_precision"], f"{where}.start_precision", START_PRECISIONS, True)
    if (start is None) != (precision is None):
        raise r.fail(f"{where}.start_precision", "give a precision exactly when a start is given")
    hours = d["duration_hours"]
    if hours is not None and (not isinstance(hours, int | float) or hours <= 0):
        raise r.fail(f"{where}.duration_hours", f"expected a positive number, not {hours!r}")
    if d["nationwide"] and d["scope"]:
        raise r.fail(f"{where}.scope", "a nationwide truce has no place scope")
    conditions = []
    for i, c in enumerate(d["conditions"] or []):
        c = r.obj(c, f"{where}.conditions[{i}]", {"text", "days"}, ("text", "days"))
        days = r.count(c["days"], f"{where}.conditions[{i}].days", positive=True)
        conditions.append((str(r.text(c["text"], f"{where}.conditions[{i}].text")), days))
    deadlines = []
    for i, c in enumerate(d["deadlines"] or []):
        c = r.obj(c, f"{where}.deadlines[{i}]", {"by", "what"}, ("by", "what"))
        by = str(r.text(c["by"], f"{where}.deadlines[{i}].by"))
        if len(by) != 7:  # YYYY-MM names a month; anything else must be a date or an instant
            r.when(by, f"{where}.deadlines[{i}].by")
        deadlines.append((by, str(r.text(c["what"], f"{where}.deadlines[{i}].what"))))
    extends = r.text(d["extends"], f"{where}.extends", optional=True)
    new = r.flag(d["new_agreement"], f"{where}.new_agreement")
    if extends is not None and new and d["act"] == "extend":
        raise r.fail(f"{where}.new_agreement", f"an extension of {extends} is not a new agreement")
    return ExpectedTruce(
        act=str(r.choice(d["act"], f"{where}.act", ACTS, False)),
        speaker_person=sp.get("person"),
        speaker_office=sp.get("office"),
        speaker_state=sp.get("state"),
        parties=r.names(d["parties"], f"{where}.parties"),
        scope=r.names(d["scope"], f"{where}.scope"),
        nationwide=r.flag(d["nationwide"], f"{where}.nationwide"),
        start=start,
        start_precision=precision,
        timezone=tz,
        duration=None if hours is None else timedelta(hours=hours),
        end=r.when(d["end"], f"{where}.end"),
        extends=extends,
        new_agreement=new,
        exclusions=r.names(d["exclusions"], f"{where}.exclusions"),
        conditions=tuple(conditions),
        deadlines=tuple(deadlines),
    )


def _claim(r: _Reader, raw: Any, where: str) -> ExpectedClaim:
    d = r.obj(raw, where, _CLAIM, sorted(_CLAIM))
    return ExpectedClaim(
        kind=str(r.choice(d["kind"], f"{where}.kind", CLAIM_KINDS, False)),
        claimant_state=r.text(d["claimant_state"], f"{where}.claimant_state", optional=True),
        claimant_person=r.text(d["claimant_person"], f"{where}.claimant_person", optional=True),
        scope=r.names(d["scope"], f"{where}.scope"),
        nationwide=r.flag(d["nationwide"], f"{where}.nationwide"),
        direction=r.choice(d["direction"], f"{where}.direction", DIRECTIONS, True),
        period_start=r.day(d["period_start"], f"{where}.period_start"),
        period_end=r.day(d["period_end"], f"{where}.period_end"),
        count=r.count(d["count"], f"{where}.count"),
    )


def _event(r: _Reader, raw: Any, where: str) -> ExpectedEvent:
    d = r.obj(raw, where, _EVENT, sorted(_EVENT))
    day = r.day(d["date"], f"{where}.date")
    assert day is not None  # r.day only returns None for null, which r.text refuses
    return ExpectedEvent(
        type_prefix=str(r.text(d["type_prefix"], f"{where}.type_prefix")),
        place=str(r.text(d["place"], f"{where}.place")),
        date=day,
    )


def read_labelled(path: Path, split: str) -> LabelledArticle:
    """One file of the set, checked field by field (SourceError names the file and field)."""
    r = _Reader(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{path}: cannot be read as JSON: {exc}") from None
    d = r.obj(raw, "top level", _TOP, sorted(_TOP - {"batch"}))
    if d["format"] != FORMAT:
        raise r.fail("format", f"{d['format']!r} is not {FORMAT!r}")
    ident = str(r.text(d["id"], "id"))
    if ident != path.stem:
        raise r.fail("id", f"{ident!r} differs from the file name {path.stem!r}")
    a = r.obj(d["article"], "article", _ARTICLE, ("title", "text", "published"))
    e = r.obj(d["expected"], "expected", _EXPECTED, ("truces", "claims", "events", "not_events"))
    published = r.when(a["published"], "article.published")
    if not isinstance(published, datetime):
        raise r.fail("article.published", "expected an instant with its offset, not a date")
    text = str(r.text(a["text"], "article.text"))
    try:
        article = Article(
            id=ident,
            text=text,
            published=published,
            title=r.text(a["title"], "article.title", optional=True),
            url=r.text(a.get("url"), "article.url", optional=True),
        )
    except TrucewatchError as exc:
        raise r.fail("article", str(exc)) from None
    not_events = r.names(e["not_events"], "expected.not_events")
    for i, words in enumerate(not_events):
        if words not in text:
            raise r.fail(f"expected.not_events[{i}]", f"{words!r} is not in the article text")
    references = []
    for i, ref in enumerate(e.get("references") or []):
        ref = r.obj(
            ref, f"expected.references[{i}]", {"words", "agreement"}, ("words", "agreement")
        )
        words = str(r.text(ref["words"], f"expected.references[{i}].words"))
        if words not in text:
            raise r.fail(f"expected.references[{i}].words", f"{words!r} is not in the text")
        references.append((words, str(r.text(ref["agreement"], f"expected.references[{i}]"))))
    return LabelledArticle(
        id=ident,
        conflict=str(r.text(d["conflict"], "conflict")),
        language=str(r.choice(d["language"], "language", ("en", "ar"), False)),
        split=split,
        batch=r.count(d.get("batch", 1), "batch", positive=True) or 1,
        path=path,
        article=article,
        truces=tuple(_truce(r, t, f"expected.truces[{i}]") for i, t in enumerate(e["truces"])),
        claims=tuple(_claim(r, c, f"expected.claims[{i}]") for i, c in enumerate(e["claims"])),
        events=tuple(_event(r, v, f"expected.events[{i}]") for i, v in enumerate(e["events"])),
        not_events=not_events,
        references=tuple(references),
    )


def load_set(
    split: str = "all", root: Path | None = None, *, agreement_ids: Iterable[str] | None = None
) -> list[LabelledArticle]:
    """The articles of ``split`` (``dev``, ``held`` or ``all``), sorted by split then id.

    With ``agreement_ids``, every ``extends`` and reference must name one of them."""
    if split not in (*SPLITS, "all"):
        raise SourceError(f"split must be dev, held or all, not {split!r}")
    base = root or set_root()
    out: list[LabelledArticle] = []
    for name in SPLITS if split == "all" else (split,):
        folder = base / name
        if not folder.is_dir():
            raise SourceError(f"{folder}: the labelled set has no {name}/ folder")
        out.extend(read_labelled(p, name) for p in sorted(folder.glob("*.json")))
    seen: dict[str, Path] = {}
    known = None if agreement_ids is None else set(agreement_ids)
    for item in out:
        if item.id in seen:
            raise SourceError(f"{item.path}: id {item.id!r} is also in {seen[item.id]}")
        seen[item.id] = item.path
        links = [(f"expected.truces[{i}].extends", t.extends) for i, t in enumerate(item.truces)]
        links += [(f"expected.references[{i}]", a) for i, (_, a) in enumerate(item.references)]
        for where, agreement in links:
            if known is not None and agreement is not None and agreement not in known:
                raise SourceError(
                    f"{item.path}: {where}: agreement {agreement!r} is neither shipped nor in "
                    f"{base / 'agreements'}; add its YAML there"
                )
    return out
