"""One draft per truce: the statements of an article about the same truce merged, and a
reference to an earlier truce resolved to the stored agreement it names.

    >>> drafts = draft_truces(article, find_statements(article), agreements)  # doctest: +SKIP

Statements are about the same truce when their places overlap (or one names none), their
start instants agree (or one has none) and they do not come from different states with
different acts (the US extending the cessation to Aleppo and the Syrian army declaring its own
48-hour truce there are two truces). A statement that names no place, no start and no truce of
its own ("Rebels accepted the truce") joins the nearest truce before it. A reference ("the
nationwide cessation agreed in February", "the nationwide truce") is resolved to the stored
agreement whose name, start month and reach match it; an extension of a stored agreement is
drafted as its extension (``extends``, ``new_agreement`` False), and a statement that only
refers to a stored agreement does not become a new truce. docs/news.md, "Drafts".
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from trucewatch.errors import NotFoundError
from trucewatch.model.agreement import Agreement
from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import norm
from trucewatch.text.pack_sides import bodies, pack_sides
from trucewatch.text.packs import country_name
from trucewatch.text.scope_names import first_named, in_areas, in_theatre
from trucewatch.text.statement_model import ACT_STRENGTH, START_PRECISIONS, Statement, TruceDraft
from trucewatch.text.statements.acts import described_at
from trucewatch.text.statements.lexicon import TRUCE, WARRING_WORDS
from trucewatch.text.statements.times import months_in
from trucewatch.text.truce_groups import (
    NEWS_START,
    about_the_truce_named,
    compatible,
    group_statements,
    long_before,
    starts_the_one_truce,
)
from trucewatch.text.truce_links import is_reference, resolve_reference

__all__ = ["NEWS_START", "draft_id_of", "draft_truces", "is_reference", "resolve_reference"]


def draft_id_of(article: Article, statements: Sequence[Statement]) -> str:
    """``draft-`` + 12 hex digits of SHA-256 over the article text and the span of its first
    body statement (the headline's when it has none): stable while the article is the same."""
    first = min(statements, key=lambda s: (s.sentence_index < 0, s.sentence_index))
    key = f"{article.title or ''}\x00{article.text}\x00{first.sentence_index}:{first.span.start}"
    return "draft-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


_STARTS_ONLY = re.compile(
    r"^(?:begin|began|begins|beginning|begun|start\w*|effective|in force|took effect|unilateral|"
    r"t(?:ook|akes?|aking) hold|"
    r"takes? effect|taking effect|went into|kicked in|(?:came|come|comes|went|go|goes|going|"
    r"coming) into|دخل|بدء|بدأ|بدا|سريان|تبدأ|يبدأ|تدخل|يدخل)",
    re.IGNORECASE,
)


def _strength(s: Statement, published: datetime | None = None) -> int:
    """The rank of ``s``'s act in :data:`ACT_STRENGTH`; a declaration that only says when a
    truce starts ("the calm begins at 01:00") ranks after an agreement or acceptance of it,
    and after an accusation too when it began before the day of the report ("The truce began
    at 11 p.m. on Tuesday" in Thursday's "coalition accuses Houthis of breaching truce")."""
    rank = ACT_STRENGTH.index(s.act)
    acts = s.evidence.get("act", ())
    if s.act == "declare" and acts and _STARTS_ONLY.match(acts[0].text):
        start = s.start
        if start and published and start.date() < published.astimezone(start.tzinfo).date():
            return ACT_STRENGTH.index("accuse") + 1
        return ACT_STRENGTH.index("accept") + 1
    if s.act == "declare" and acts and TRUCE.fullmatch(acts[0].text):
        # "Turkey will suspend its offensive" beside "the U.S. and Turkey have agreed to a
        # ceasefire": a halt told by its words alone yields to an agreement said outright
        return ACT_STRENGTH.index("suspend")
    if is_reference(s):
        return len(ACT_STRENGTH)  # background on when the truce began: not the draft's act
    if acts and s.sentence_index >= 0 and described_at(s.span.text, acts[0].start - s.span.start):
        return len(ACT_STRENGTH)  # "the truce, brokered by the U.N., had reduced fighting"
    return rank


def _order(s: Statement) -> int:
    return s.sentence_index


def _parties(ranked: list[Statement], act: str) -> tuple[str, ...]:
    """Who did the draft's act: the body's statements of that act (the headline's only when
    the body names none), else anyone who accepted, rejected or accused."""
    for pick in (
        lambda s: s.act == act and s.sentence_index >= 0,
        lambda s: s.act == act,
        lambda s: True,
    ):
        chosen = [s for s in ranked if pick(s) and s.parties]
        # "both sides had agreed" names the sides at war of the pack's period; a statement
        # that names the sides of this truce ("between Israel and Islamic Jihad") says who
        named = [s for s in chosen if not _generic_parties(s)] or chosen
        if act == "declare":  # one side's own truce: who declared it first, not who echoes it
            named = named[:1]
        found = tuple(dict.fromkeys(p for s in named for p in s.parties))
        if found and act == "agree":
            # "Islamic Jihad and Israel accepted a mutual halt": the other side of the agreement
            found += tuple(
                p
                for s in ranked
                if s.act == "accept" and len(s.parties) > 1 and set(s.parties) & set(found)
                for p in s.parties
                if p not in found
            )
        if found:
            return tuple(dict.fromkeys(found))
    return ()


def _generic_parties(s: Statement) -> bool:
    """Whether every party of ``s`` was read from words like "both sides"."""
    spans = s.evidence.get("parties", ())
    return bool(spans) and all(WARRING_WORDS.search(span.text) for span in spans)


def _first(values: Iterable[object]) -> object:
    return next((v for v in values if v is not None), None)


def _merge(
    article: Article, group: list[Statement], extends: str | None, new_agreement: bool
) -> TruceDraft:
    # the act: the strongest of the body's (a headline's words are loose), and when the body
    # only accepts, rejects or accuses, that of its first statement
    acting = [s for s in group if not is_reference(s)] or group  # not the background's acts

    def strength(s: Statement) -> int:
        return _strength(s, article.published)

    body = sorted((s for s in acting if s.sentence_index >= 0), key=strength) or sorted(
        acting, key=strength
    )
    strong = [s for s in body if strength(s) <= ACT_STRENGTH.index("end")]
    weak = any(s.act == "declare" for s in body)  # a start reported, and who accepts it
    lead = strong[0] if strong else min(body, key=strength if weak else _order)
    ranked = [lead, *sorted((s for s in group if s is not lead), key=strength)]
    own = [s for s in ranked if not is_reference(s)] or ranked
    # the body's words before the headline's, and the most precise start ("at 19:00 on
    # Saturday" in the body, "on Saturday evening" in the headline)
    body_first = sorted(own, key=lambda s: s.sentence_index < 0)
    # the body's places; the headline's only when the body names none ("Donbas truce
    # holding" over "a ceasefire in the Donetsk and Luhansk regions"); where a declared truce
    # was accused of being broken ("accused each other of breaching it in Khartoum") is not
    # its reach, and an accusation's own places count only when it leads or heads the article
    # ("breaching the Hodeidah ceasefire"), not a quote's ("broken the truce in Aden, Taiz")
    reach = [s for s in own if s.act != "accuse" or s is lead or s.sentence_index < 0]
    placed = [s for s in reach if s.scope and s.sentence_index >= 0] or reach
    scope = tuple(dict.fromkeys(p for s in placed for p in s.scope))
    if not scope and extends is not None:  # "the ceasefire agreed in Minsk ... across Donetsk
        # and Luhansk": the places of the stored truce it is about, as the article names them
        scope = tuple(dict.fromkeys(p for s in group if is_reference(s) for p in s.scope))
    on = article.published.date() if article.published is not None else None
    texts = [s.span.text for s in sorted(own, key=lambda s: s.sentence_index < 0)]
    scope = in_theatre(lead.country, in_areas(lead.country, on, scope, texts), on)
    timed = sorted(
        (s for s in body_first if s.start is not None),
        key=lambda s: (s.sentence_index < 0, START_PRECISIONS.index(s.start_precision or "day")),
    )
    if not timed and extends is None:  # "وكانت التهدئة قد بدأت في 19 يونيو": when it began
        timed = [s for s in group if is_reference(s) and s.start is not None]
    return TruceDraft(
        draft_id=draft_id_of(article, group),
        article_id=article.id,
        act=lead.act,
        statements=tuple(sorted(group, key=lambda s: s.sentence_index)),
        speaker=_first(s.speaker for s in ranked),  # type: ignore[arg-type]
        # who declared, agreed or extended it; those who accepted or accused only if none
        parties=_not_the_country(
            lead.country,
            _with_bodies(lead.country, article, ranked, _parties(ranked, lead.act), lead.act),
        ),
        scope=scope,
        # a truce said of no place is taken as the whole country's (docs/news.md)
        nationwide=not scope,
        country=lead.country,
        start=timed[0].start if timed else None,
        start_precision=timed[0].start_precision if timed else None,
        timezone=lead.timezone,
        duration=_first(s.duration for s in body_first) or _months(body_first, timed),  # type: ignore[arg-type]
        end=_first(s.end for s in body_first),  # type: ignore[arg-type]
        exclusions=tuple(dict.fromkeys(e for s in group for e in s.exclusions)),
        conditions=tuple(c for s in group for c in s.conditions),
        deadlines=tuple(d for s in group for d in s.deadlines),
        monitoring=_first(s.monitoring for s in group),  # type: ignore[arg-type]
        extends=extends,
        new_agreement=new_agreement,
    )


def _months(statements: list[Statement], timed: list[Statement]) -> timedelta | None:
    """A term in months for a truce with no start to count them from ("a six-month
    ceasefire", signed on a day that is not its start): 30 days a month (labelled set README,
    batch 5)."""
    if timed:
        return None
    found = (months_in(s.span.text)[0] for s in statements if s.sentence_index >= 0)
    months = next((m for m in found if m is not None), None)
    return timedelta(days=30 * months) if months is not None else None


def _not_the_country(country: str | None, parties: tuple[str, ...]) -> tuple[str, ...]:
    """``parties`` without the country itself when it is none of its sides ("Libya" agreed
    nothing: its government or the armed groups did)."""
    if not country:
        return parties
    try:
        own = country_name(country)
    except NotFoundError:
        return parties
    return tuple(p for p in parties if p != own or p in pack_sides(country)[0])


def _with_bodies(
    country: str | None,
    article: Article,
    ranked: list[Statement],
    parties: tuple[str, ...],
    act: str,
) -> tuple[str, ...]:
    """``parties`` with the sides of a body whose members agree together, when a statement of
    the draft's act names it ("agreed by the Trilateral Contact Group": Ukraine, Russia and the
    separatists; ``pack_sides.bodies``)."""
    on = article.published.date() if article.published is not None else None
    found = bodies(country, on) if country and on is not None and act in ("agree", "extend") else {}
    if not found:
        return parties
    texts = [s.span.text for s in ranked if s.act == act]
    if any(_THE_GROUP.search(t) for t in texts):  # "the group ... agreed": the body named before
        texts.append(f"{article.title or ''}\n{article.text}")
    sides = first_named(found, texts)
    return parties if sides is None else tuple(dict.fromkeys((*parties, *sides)))


_THE_GROUP = re.compile(r"\bthe\s+(?:contact\s+)?group\b|المجموعة", re.IGNORECASE)


def _starts_with(agreement: Agreement | None, group: list[Statement]) -> bool:
    """Whether the body's start of ``group`` (if any) is within a day of a window of
    ``agreement``."""
    starts = [s.start for s in group if s.start is not None and s.sentence_index >= 0]
    if agreement is None or not starts:
        return True
    return any(
        abs(w.interval.start - start) <= timedelta(days=1)
        for w in agreement.windows()
        for start in starts
    )


def _by_place(
    article: Article, draft: TruceDraft, agreements: Sequence[Agreement], published: datetime
) -> list[TruceDraft]:
    """``draft`` split in one draft per place when its statements give each of its places a
    duration of its own ("24 hours in Eastern Ghouta and 72 hours in Latakia": two truces),
    each linked to the stored truce of its place; else ``draft`` alone."""
    said = next((s.place_durations for s in draft.statements if s.place_durations), ())
    if len(draft.scope) < 2 or not said:
        return [draft]
    durations = {}
    for place in draft.scope:
        durations[place] = next(
            (d for name, d in said if norm(place) in norm(name) or norm(name) in norm(place)), None
        )
    if any(d is None for d in durations.values()):
        return [draft]
    lead = next(s for s in draft.statements if s.act == draft.act)
    parts = []
    for place, duration in durations.items():
        alone = replace(
            lead,
            scope=(place,),
            start=draft.start,
            start_precision=draft.start_precision,
            evidence={},
            refers_to=None,
        )
        extends = resolve_reference(alone, agreements, published) or draft.extends
        key = f"{draft.draft_id}\x00{place}".encode()
        parts.append(
            replace(
                draft,
                draft_id="draft-" + hashlib.sha256(key).hexdigest()[:12],
                scope=(place,),
                duration=duration,
                end=None,
                extends=extends,
                new_agreement=extends is None,
            )
        )
    return parts


def _in_the_article_area(drafts: list[TruceDraft]) -> list[TruceDraft]:
    """A draft said of no place (none of its statements names a place or the whole country)
    covers the one area the article's other truces cover ("Olmert agreed to halt military
    operations" beside "a ceasefire ... in the Gaza Strip"), not the whole country."""
    areas = {d.scope for d in drafts if d.scope}
    if len(areas) != 1:
        return drafts
    (area,) = areas
    return [
        replace(d, scope=area, nationwide=False)
        if not d.scope and not any(s.scope or s.nationwide for s in d.statements)
        else d
        for d in drafts
    ]


def draft_truces(
    article: Article, statements: Sequence[Statement], agreements: Sequence[Agreement] = ()
) -> list[TruceDraft]:
    """One :class:`TruceDraft` per truce the statements of ``article`` are about (see the
    module docstring), in the order of their first statement."""
    if not statements:
        return []
    published = article.require_published("truce drafts")
    by_id = {a.id: a for a in agreements}
    resolved = {id(s): resolve_reference(s, agreements, published) for s in statements}
    # a statement only pointing at a stored agreement joins the draft acting on it, if any;
    # so does one about a truce that began weeks before the report ("a truce declared for the
    # holidays on Dec. 23 faded in January"): background, never a new truce
    behind = [is_reference(s) or long_before(s, published) for s in statements]
    background = [s for s, b in zip(statements, behind, strict=True) if b]
    plain = [s for s, b in zip(statements, behind, strict=True) if not b]
    drafts: list[TruceDraft] = []
    groups = group_statements(plain)
    refs = background
    for ref in list(refs):  # "the calm had begun on 19 June": when the one truce here began
        # "shortly before the ceasefire took effect, jets struck Saada": background of it
        told = resolved[id(ref)] is None and len(groups) == 1 and is_reference(ref)
        if starts_the_one_truce(ref, resolved[id(ref)], groups) or (
            told and ref.start is None and not ref.scope and compatible(groups[0], ref)
        ):
            groups[0].append(ref)
            refs.remove(ref)
    named = list(dict.fromkeys(i for r in refs if (i := resolved[id(r)])))
    for group in groups:
        specific = sorted(group, key=lambda s: (not s.scope, s.sentence_index < 0))
        ids = [i for s in specific if (i := resolved[id(s)])]  # a place's before all
        if ids and not any(s.refers_to for s in group) and "extend" not in {s.act for s in group}:
            # linked only as the truce in force: not when the draft starts when none of the
            # agreement's windows does (a new truce after the old one, "the third this year")
            ids = [i for i in ids if _starts_with(by_id.get(i), group)]
        if not ids and len(named) == 1 and any(s.act == "extend" for s in group):
            ids = named  # "extended to Aleppo" + "the nationwide truce agreed in February"
        elif not ids and len(named) == 1 and about_the_truce_named(group):
            ids = named  # "the ceasefire agreed in Minsk" + "112 attacks since the truce began"
        extends = ids[0] if ids else None
        joined = [r for r in refs if extends and resolved[id(r)] == extends]
        refs = [r for r in refs if r not in joined]
        acts = {s.act for s in group}
        # resolved: the stored truce itself (reported, extended, accepted, accused), not a new one
        new = extends is None and not acts <= {"accuse", "reject"}
        drafts.append(_merge(article, group + joined, extends, new))
    drafts = [part for d in drafts for part in _by_place(article, d, agreements, published)]
    drafts = _in_the_article_area(drafts)
    notes: dict[str | None, list[Statement]] = {}
    for ref in refs:  # references alone: a note on the agreement, never a new truce
        notes.setdefault(resolved[id(ref)] or (ref.refers_to or "").lower(), []).append(ref)
    for group in notes.values():
        drafts.append(_merge(article, group, resolved[id(group[0])], False))
    drafts.sort(key=lambda d: min(s.sentence_index for s in d.statements))
    return drafts
