"""Matching drafted truces and claims to the expected ones of a labelled article, and the
tallies of each field (:func:`score_article`; the runner is :mod:`trucewatch.text.statement_eval`).

Drafted truces are matched to expected ones one to one: first same act and overlapping scope,
then overlapping scope alone (so a wrong act is scored as a wrong act). Scope overlaps when
both are nationwide, when they share a place, or when neither names a place. Fields:

* per expected truce: ``act``, ``parties`` (same set, through the conflict's aliases),
  ``scope`` (same places and nationwide flag), ``link`` (``extends`` and ``new_agreement``),
  ``drafted_once`` (exactly one draft with the act and an overlapping scope); where the text
  gives them: ``speaker`` (state and person), ``start`` (same instant, at minute precision, when
  the text gives a time; the same local day when it gives a date), ``duration`` (the duration
  or the end); an unmatched truce counts wrong;
* per expected item: ``exclusions``, ``conditions``, ``deadlines`` (same day, or same month for
  ``YYYY-MM``), ``claims`` (a claim of the kind with an overlapping scope), ``claim_count``;
* ``events`` (expected violent events still found: type prefix, the day within the event's
  interval, the place by name or within the event's radius) and ``not_events``
  (words, any case, that must not be in the sentence of any extracted event);
* counts: ``extra_new_drafts`` (new-agreement drafts that match no expected truce),
  ``extra_starts`` (a start on a matched draft where the text gives none), ``extra_claims``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from trucewatch.model.taxonomy import is_violent
from trucewatch.text.gazetteer import Gazetteer
from trucewatch.text.pipeline import Extraction
from trucewatch.text.place_data import km
from trucewatch.text.places import find_places
from trucewatch.text.scope_names import in_theatre
from trucewatch.text.statement_model import Claim, TruceDraft
from trucewatch.text.statement_set import (
    ExpectedClaim,
    ExpectedEvent,
    ExpectedTruce,
    LabelledArticle,
)

__all__ = ["COUNTS", "FIELDS", "PARTS", "ArticleScore", "Tally", "score_article"]

#: the fields scored as correct / n, in the order they are printed, with the part they need
FIELDS: tuple[tuple[str, str], ...] = (
    # the target: drafted once with the right act, parties, scope and start (if given)
    ("whole_truce", "drafts"),
    ("act", "drafts"),
    ("speaker", "drafts"),
    ("parties", "drafts"),
    ("scope", "drafts"),
    ("start", "drafts"),
    ("duration", "drafts"),
    ("link", "drafts"),
    ("drafted_once", "drafts"),
    ("exclusions", "drafts"),
    ("conditions", "drafts"),
    ("deadlines", "drafts"),
    ("claims", "claims"),
    ("claim_count", "claims"),
    ("events", "events"),
    ("not_events", "events"),
)
#: the counts printed after the fields (lower is better)
COUNTS: tuple[tuple[str, str], ...] = (
    ("extra_new_drafts", "drafts"),
    ("extra_starts", "drafts"),
    ("extra_claims", "claims"),
)
#: the parts of the pipeline the scores need
PARTS: tuple[str, ...] = ("drafts", "claims", "events")


@dataclass(slots=True)
class Tally:
    """``correct`` of ``n``."""

    correct: int = 0
    n: int = 0

    def add(self, ok: bool) -> None:
        self.correct += int(ok)
        self.n += 1

    @property
    def share(self) -> float | None:
        return self.correct / self.n if self.n else None


@dataclass(slots=True)
class ArticleScore:
    """The tallies and counts of one article (or of a split, summed)."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f, _ in FIELDS})
    counts: dict[str, int] = field(default_factory=lambda: {c: 0 for c, _ in COUNTS})

    def add(self, other: ArticleScore) -> None:
        for name, t in other.tallies.items():
            self.tallies[name].correct += t.correct
            self.tallies[name].n += t.n
        for name, c in other.counts.items():
            self.counts[name] += c


def _fold(names: Sequence[str]) -> set[str]:
    return {n.casefold() for n in names}


class _Scopes:
    """Whether two scopes name the same places: the same words (case folded), or names the
    gazetteer reads as the same place — "Hodeidah" written in a label and the city "Al
    Ḩudaydah" the rules give, one of whose spellings it is."""

    def __init__(self, gazetteer: Gazetteer | None) -> None:
        self.gazetteer = gazetteer
        self._keys: dict[str, frozenset[str]] = {}

    def keys(self, name: str) -> frozenset[str]:
        if name not in self._keys:
            found = self.gazetteer.lookup(name) if self.gazetteer is not None else []
            self._keys[name] = frozenset(
                {name.casefold()} | {f"{p.name}|{p.lat:.3f}|{p.lon:.3f}" for p in found}
            )
        return self._keys[name]

    def same(self, a: str, b: str) -> bool:
        return bool(self.keys(a) & self.keys(b))

    def overlap(
        self, e_scope: Sequence[str], e_nationwide: bool, d_scope: Sequence[str], d_nw: bool
    ) -> bool:
        if e_nationwide or d_nw:
            return e_nationwide and d_nw
        if not e_scope and not d_scope:
            return True
        return any(self.same(a, b) for a in e_scope for b in d_scope)

    def equal(self, e_scope: Sequence[str], d_scope: Sequence[str]) -> bool:
        """Each place of either scope is one of the other's."""
        return all(any(self.same(a, b) for b in d_scope) for a in e_scope) and all(
            any(self.same(a, b) for a in e_scope) for b in d_scope
        )


def _same_day(expected: date, found: datetime | date, tz: str) -> bool:
    if isinstance(found, datetime):
        found = found.astimezone(ZoneInfo(tz)).date()
    return found == expected


def _same_when(expected: datetime | date | None, found: datetime | date | None, tz: str) -> bool:
    if expected is None or found is None:
        return expected is None and found is None
    if isinstance(expected, datetime):
        return isinstance(found, datetime) and found == expected
    return _same_day(expected, found, tz)


def _start_ok(e: ExpectedTruce, d: TruceDraft) -> bool:
    if not _same_when(e.start, d.start, e.timezone):
        return False
    return e.start_precision != "minute" or d.start_precision == "minute"


def _duration_ok(e: ExpectedTruce, d: TruceDraft) -> bool:
    by_duration = e.duration is not None and d.duration == e.duration
    by_end = e.end is not None and d.end is not None and _same_when(e.end, d.end, e.timezone)
    return by_duration or by_end


def _speaker_ok(e: ExpectedTruce, d: TruceDraft) -> bool:
    if d.speaker is None:
        return False
    return all(
        want is None or (got is not None and want.casefold() == got.casefold())
        for want, got in ((e.speaker_state, d.speaker.state), (e.speaker_person, d.speaker.person))
    )


def _deadline_found(by: str, d: TruceDraft) -> bool:
    for deadline in d.deadlines:
        day = deadline.by.date() if isinstance(deadline.by, datetime) else deadline.by
        if len(by) == 7 and day.isoformat()[:7] == by:
            return True
        if len(by) != 7 and day == date.fromisoformat(by[:10]):
            return True
    return False


def _condition_found(days: int | None, d: TruceDraft) -> bool:
    return any(days is None or c.days == days for c in d.conditions)


def _match(
    expected: Sequence[ExpectedTruce], drafts: Sequence[TruceDraft], scopes: _Scopes
) -> list[int | None]:
    """For each expected truce the index of its draft (one to one), or None."""
    taken: set[int] = set()
    out: list[int | None] = [None] * len(expected)
    for same_act in (True, False):
        for i, e in enumerate(expected):
            if out[i] is not None:
                continue
            for j, d in enumerate(drafts):
                if j in taken or (same_act and d.act != e.act):
                    continue
                if scopes.overlap(e.scope, e.nationwide, d.scope, d.nationwide):
                    out[i] = j
                    taken.add(j)
                    break
    return out


def _score_truces(
    item: LabelledArticle,
    drafts: Sequence[TruceDraft],
    s: ArticleScore,
    aliases: Mapping[str, str],
    scopes: _Scopes,
) -> None:
    def sides(names: Sequence[str]) -> set[str]:
        return {aliases.get(n.casefold(), n.casefold()) for n in names}

    t = s.tallies
    pairs = _match(item.truces, drafts, scopes)
    for e, j in zip(item.truces, pairs, strict=True):
        d = None if j is None else drafts[j]
        same = [x for x in drafts if x.act == e.act]
        same = [x for x in same if scopes.overlap(e.scope, e.nationwide, x.scope, x.nationwide)]
        once = len(same) == 1
        act = d is not None and d.act == e.act
        parties = d is not None and sides(d.parties) == sides(e.parties)
        scope = d is not None and d.nationwide == e.nationwide and scopes.equal(e.scope, d.scope)
        start = e.start is None or (d is not None and _start_ok(e, d))
        t["whole_truce"].add(once and act and parties and scope and start)
        t["drafted_once"].add(once)
        t["act"].add(act)
        if e.speaker_state is not None or e.speaker_person is not None:
            t["speaker"].add(d is not None and _speaker_ok(e, d))
        t["parties"].add(parties)
        t["scope"].add(scope)
        if e.start is not None:
            t["start"].add(start)
        elif d is not None and d.start is not None:
            s.counts["extra_starts"] += 1
        if e.duration is not None or e.end is not None:
            t["duration"].add(d is not None and _duration_ok(e, d))
        t["link"].add(
            d is not None and d.extends == e.extends and d.new_agreement == e.new_agreement
        )
        for name in e.exclusions:
            t["exclusions"].add(d is not None and sides([name]) <= sides(d.exclusions))
        for _, days in e.conditions:
            t["conditions"].add(d is not None and _condition_found(days, d))
        for by, _ in e.deadlines:
            t["deadlines"].add(d is not None and _deadline_found(by, d))
    matched = {j for j in pairs if j is not None}
    s.counts["extra_new_drafts"] += sum(
        1 for j, d in enumerate(drafts) if j not in matched and d.new_agreement
    )


def _score_claims(
    item: LabelledArticle, claims: Sequence[Claim], s: ArticleScore, scopes: _Scopes
) -> None:
    on = item.article.published.date() if item.article.published is not None else None

    def matches(e: ExpectedClaim, c: Claim) -> bool:
        # a claim labelled with no place, in a country with a theatre, is about the theatre
        # (README: "a claim that names no place"; docs/countries.md, "theatre")
        named = e.scope if e.nationwide else in_theatre(item.conflict, tuple(e.scope), on)
        return c.kind == e.kind and scopes.overlap(named, e.nationwide, c.scope, c.nationwide)

    taken: set[int] = set()
    for e in item.claims:
        j = next((j for j, c in enumerate(claims) if j not in taken and matches(e, c)), None)
        s.tallies["claims"].add(j is not None)
        if j is not None:
            taken.add(j)
        if e.count is not None:
            s.tallies["claim_count"].add(j is not None and claims[j].count == e.count)
    s.counts["extra_claims"] += len(claims) - len(taken)


#: how far before its publication an article's news reaches: a violent event of a
#: not-event sentence counts against the rules when its interval reaches into these days
NEWS_DAYS = timedelta(days=2)


def _plain(name: str) -> str:
    """A name without accents, ayn marks, case or punctuation: "Dārayyā" -> "darayya"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isalnum()).casefold()


def _event_found(
    e: ExpectedEvent, extractions: Sequence[Extraction], point: tuple[float, float] | None
) -> bool:
    """An extraction of the type, whose interval holds the day, at the place: the same name, or
    (``point``: the gazetteer's point of the expected place) within the event's own radius."""
    for x in extractions:
        where, when = x.event.where, x.event.when
        start = when.start.date()
        end = (when.end - timedelta(microseconds=1)).date() if when.end else start
        if not (x.event.event_type.startswith(e.type_prefix) and start <= e.date <= end):
            continue
        names = {_plain(n) for n in (where.place, where.admin1, where.admin2) if n}
        near = point is not None and km(*point, where.lat, where.lon) <= max(where.radius_km, 10)
        if _plain(e.place) in names or near:
            return True
    return False


def _score_events(
    item: LabelledArticle,
    extractions: Sequence[Extraction],
    s: ArticleScore,
    gazetteer: Gazetteer | None,
) -> None:
    for e in item.events:
        found = find_places(e.place, gazetteer) if gazetteer is not None else []
        point = (found[0].place.lat, found[0].place.lon) if found else None
        s.tallies["events"].add(_event_found(e, extractions, point))
    # a truce statement may still be recorded as a non-violent agreement event, and a
    # background sentence as an event of its own past ("launched his offensive in April
    # 2019"); what must not happen is a violent event of the days the article reports from
    # any of them: one whose interval reaches into the two days before publication
    published = item.article.published
    violent = [
        x.sentence.casefold()
        for x in extractions
        if is_violent(x.event.event_type)
        and (
            published is None
            or x.event.when.end is None
            or x.event.when.end > published - NEWS_DAYS
        )
    ]
    for words in item.not_events:
        words = words.casefold()
        s.tallies["not_events"].add(not any(words in sentence for sentence in violent))


def score_article(
    item: LabelledArticle,
    drafts: Sequence[TruceDraft] | None,
    claims: Sequence[Claim] | None,
    extractions: Sequence[Extraction] | None,
    gazetteer: Gazetteer | None = None,
    aliases: Mapping[str, str] | None = None,
) -> ArticleScore:
    """The tallies of one article; a part given as None is left unscored (n stays 0).
    ``gazetteer`` places the expected events (else they are matched by name only); parties and
    exclusions are compared through ``aliases`` (casefolded name -> canonical name,
    :func:`~trucewatch.text.statement_set.set_aliases`), else by their casefolded names."""
    score = ArticleScore()
    scopes = _Scopes(gazetteer)
    if drafts is not None:
        _score_truces(item, drafts, score, aliases or {}, scopes)
    if claims is not None:
        _score_claims(item, claims, score, scopes)
    if extractions is not None:
        _score_events(item, extractions, score, gazetteer)
    return score
