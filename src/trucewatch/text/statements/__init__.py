"""Truce statements in news text, as data: who declared, agreed, extended, accepted, rejected,
suspended or ended which truce, where, from which minute, for how long, excluding whom, on
what condition and by which deadline — with the characters each field was read from.

    >>> statements = find_statements(article)                      # doctest: +SKIP
    >>> drafts = draft_truces(article, statements, agreements)     # doctest: +SKIP
    >>> print(draft_agreement_yaml(drafts[0]))                     # doctest: +SKIP

Rules only, like the rest of :mod:`trucewatch.text`. The headline (``sentence_index`` -1) and
each sentence naming a truce with an act verb make a :class:`~trucewatch.text.statement_model.
Statement`; a sentence naming no act but truce terms (an exclusion, a condition, a deadline,
monitoring) adds them to the statement before it — to the one of the same speaker's state when
it names one. A truce named with the words of an earlier one ("the nationwide cessation agreed
in February") is ``refers_to``, not a new truce: :mod:`trucewatch.text.truce_drafts` merges
the statements of one truce and resolves references to stored agreements. English and Arabic
(:mod:`.arabic`); docs/news.md, "Agreement statements".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from trucewatch.text.arabic.letters import fold
from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import Gazetteer, default_gazetteer
from trucewatch.text.pack_sides import government_on
from trucewatch.text.packs import country_name, pack, shipped_packs
from trucewatch.text.rule_sets import rules_for
from trucewatch.text.statement_model import (
    START_PRECISIONS,
    Condition,
    Deadline,
    Span,
    Speaker,
    Statement,
)
from trucewatch.text.statements.arabic import TRUCE_WORDS, read_arabic
from trucewatch.text.statements.english import Reading, read_sentence, speaker_in
from trucewatch.text.statements.lexicon import TRUCE, state_of
from trucewatch.text.statements.render import draft_agreement_yaml
from trucewatch.text.statements.spokesmen import named_spokesmen
from trucewatch.text.truce_links import is_reference

__all__ = ["draft_agreement_yaml", "find_statements", "statement_units"]


def _zone(gaz: Gazetteer, country: str | None) -> tuple[str, str | None]:
    if country is not None:
        code = country.upper()
        if code in shipped_packs():
            return pack(code).timezone, code
        return country_zone(code) or gaz.home_timezone(), code
    return gaz.home_timezone(), (gaz.countries[0] if gaz.countries else None)


def country_zone(code: str) -> str | None:
    """The IANA zone of a country without a pack, from the system's ``zone.tab`` (the zone
    "most of" the country when it has several, else the first listed)."""
    import zoneinfo
    from pathlib import Path

    for folder in zoneinfo.TZPATH:
        table = Path(folder) / "zone.tab"
        if not table.is_file():
            continue
        rows = [
            line.split("\t")
            for line in table.read_text(encoding="utf-8").splitlines()
            if line.startswith(f"{code}\t")
        ]
        rows.sort(key=lambda r: not (len(r) > 3 and r[3].startswith("most")))
        if rows:
            return rows[0][2]
    return None


def statement_units(article: Article, arabic: bool) -> list[tuple[int, int, int, str]]:
    """The units :func:`find_statements` reads, as ``(index, start, end, text)``: each headline
    (index -1; a headline with ";" or a clause after "as" is two) and each sentence of the
    text (split by the Arabic rules when ``arabic``)."""
    from trucewatch.text.rule_sets import arabic_rules

    split = arabic_rules().sentences if arabic else None
    units: list[tuple[int, int, int, str]] = []
    if article.title:  # "US says truce extended; army announces calm": two headlines
        import re

        # "... truce from 18:00 as fighting rages in Khartoum": the clause after "as" is
        # another headline (its places are the fighting's, not the truce's)
        at = 0
        for m in re.finditer(r";|(?<!\bsuch)(?<!\bknown)(?<!\bsame)\s+as\s+|$", article.title):
            part = article.title[at : m.start()]
            lead = len(part) - len(part.lstrip())
            if part.strip():
                units.append((-1, at + lead, at + lead + len(part.strip()), part.strip()))
            at = m.end()
            if m.start() == len(article.title):
                break
    if split is None:
        from trucewatch.text.sentences import sentences

        split = sentences
    units += [(i, a, b, s) for i, (a, b, s) in enumerate(split(article.text))]
    return units


def _statement(
    reading: Reading,
    article: Article,
    index: int,
    offset: int,
    sentence: str,
    tz: str,
    country: str | None,
    confidence: float,
) -> Statement:
    def span(a: int, b: int) -> Span:
        return Span(offset + a, offset + b, sentence[a:b])

    evidence = {
        name: tuple(span(a, b) for a, b in spans) for name, spans in reading.evidence.items()
    }
    assert reading.act is not None
    return Statement(
        act=reading.act,
        article_id=article.id,
        sentence_index=index,
        span=Span(offset, offset + len(sentence), sentence),
        speaker=reading.speaker,
        parties=tuple(reading.parties),
        scope=tuple(reading.scope),
        nationwide=reading.nationwide,
        country=country,
        start=reading.start,
        start_precision=reading.start_precision,
        timezone=reading.timezone or tz,
        duration=reading.duration,
        end=reading.end,
        exclusions=tuple(reading.exclusions),
        conditions=tuple(Condition(t, d, span(*s)) for t, d, s in reading.conditions),
        deadlines=tuple(Deadline(by, what, span(*s)) for by, what, s in reading.deadlines),  # type: ignore[arg-type]
        monitoring=reading.monitoring,
        refers_to=reading.refers_to,
        place_durations=tuple(reading.place_durations),
        evidence=evidence,
        confidence=confidence,
    )


def _confidence(r: Reading) -> float:
    value = 0.4 + 0.1 * bool(r.scope or r.nationwide) + 0.15 * bool(r.parties or r.speaker)
    value += 0.15 * (r.start is not None) + 0.1 * (r.duration is not None)
    return round(min(value, 0.95), 2)


def _attach(previous: Statement, terms: Reading, offset: int, sentence: str) -> Statement:
    """``previous`` with the exclusions, conditions, deadlines and monitoring of a sentence
    that names no act of its own."""

    def span(a: int, b: int) -> Span:
        return Span(offset + a, offset + b, sentence[a:b])

    evidence = dict(previous.evidence)
    for name in ("exclusions", "conditions", "deadlines", "monitoring"):
        spans = terms.evidence.get(name)
        if spans:
            evidence[name] = evidence.get(name, ()) + tuple(span(a, b) for a, b in spans)
    timing = _timing(previous, terms)
    for name in timing:
        if name == "place_durations":
            continue
        spans = terms.evidence.get(name)
        evidence[name] = tuple(span(a, b) for a, b in spans or ())
    if terms.parties and previous.act in ("agree", "declare", "extend"):  # "signed by A and B"
        timing["parties"] = tuple(dict.fromkeys((*previous.parties, *terms.parties)))
        evidence["parties"] = previous.evidence.get("parties", ()) + tuple(
            span(a, b) for a, b in terms.evidence.get("parties", ())
        )
    if terms.scope and not previous.scope and not previous.nationwide:  # "The truce covers A and B"
        timing["scope"], timing["nationwide"] = tuple(terms.scope), False
        evidence["scope"] = tuple(span(a, b) for a, b in terms.evidence.get("scope", ()))
    return replace(
        previous,
        **timing,  # type: ignore[arg-type]
        exclusions=tuple(dict.fromkeys((*previous.exclusions, *terms.exclusions))),
        conditions=previous.conditions
        + tuple(Condition(t, d, span(*s)) for t, d, s in terms.conditions),
        deadlines=previous.deadlines
        + tuple(Deadline(by, what, span(*s)) for by, what, s in terms.deadlines),  # type: ignore[arg-type]
        monitoring=previous.monitoring or terms.monitoring,
        evidence=evidence,
    )


def _timing(previous: Statement, terms: Reading) -> dict[str, object]:
    """The start, duration and end a sentence without an act gives the statement before it:
    where it has none, or a start less precise ("voted on Thursday", then "it would begin at
    2 a.m. on Friday")."""
    out: dict[str, object] = {}
    rank = START_PRECISIONS.index
    if terms.start is not None and (
        previous.start is None
        or rank(terms.start_precision or "day") < rank(previous.start_precision or "day")
    ):
        out["start"], out["start_precision"] = terms.start, terms.start_precision
        if terms.timezone:
            out["timezone"] = terms.timezone
    if terms.duration is not None and previous.duration is None:
        out["duration"] = terms.duration
    if terms.end is not None and previous.end is None:
        out["end"] = terms.end
    if terms.place_durations and not previous.place_durations:
        out["place_durations"] = tuple(terms.place_durations)
    return out


def find_statements(
    article: Article, gazetteer: Gazetteer | None = None, *, country: str | None = None
) -> list[Statement]:
    """The truce statements of ``article`` (headline first, then sentence by sentence).

    ``country`` (ISO code) names the country pack whose time zone the times are read in
    (default: the gazetteer's first country); ``gazetteer`` defaults to that country's. Needs
    ``article.published`` to resolve "on Thursday" (else ValidationError)."""
    published: datetime = article.require_published("truce start dates ('starting on Thursday')")
    if gazetteer is not None:
        gaz = gazetteer
    elif country is not None and country.upper() not in shipped_packs():
        gaz = _sides_only(country.upper())  # no pack: places as written
    else:
        gaz = default_gazetteer(countries=(country.upper(),) if country else ("SY",))
    tz, code = _zone(gaz, country)
    if code is not None and gaz.countries and code not in gaz.countries:
        gaz = _sides_only(code)  # another country's places and sides would be wrong
    arabic = rules_for(article).language == "ar"
    out: list[Statement] = []
    pending: list[tuple[Reading, int, str]] = []
    last_speaker = None
    seen = False  # a truce named in a unit before ("the agreement" is then that truce)
    units = statement_units(article, arabic)
    captions = set() if arabic else _captions(article, units)
    for index, offset, _end, sentence in units:
        if index in captions:  # "Photo: ... after the ceasefire took effect": no statement
            continue
        if arabic:
            reading = read_arabic(sentence, published, tz, gaz, after_truce=seen)
        else:
            reading = read_sentence(sentence, published, tz, gaz, after_truce=seen)
        seen = seen or names_truce(sentence, arabic=arabic)
        if reading is None:
            if not arabic:
                found, _span = speaker_in(sentence, gaz)
                last_speaker = found or last_speaker
                _quoted_party(out, found, sentence, gaz)
            continue
        if reading.act is None:  # terms only: they belong to a truce named before
            said = speaker_in(sentence, gaz)[0] if not arabic else None
            state = said.state if said is not None and said.state else state_of(sentence[:40])
            if said is None and _refers_back(sentence) and last_speaker is not None:
                state = last_speaker.state
            own = [i for i in range(len(out)) if not is_reference(out[i])]
            target = next(
                (
                    i
                    for i in reversed(own)
                    if state is not None
                    and out[i].speaker is not None
                    and out[i].speaker.state == state  # type: ignore[union-attr]
                ),
                _terms_target(out, own),
            )
            if target >= 0:
                out[target] = _attach(out[target], reading, offset, sentence)
            else:
                pending.append((reading, offset, sentence))
            continue
        if reading.speaker is None and index >= 0 and _refers_back(sentence):
            reading.speaker = last_speaker
        last_speaker = reading.speaker or last_speaker
        statement = _statement(
            reading, article, index, offset, sentence, tz, code, _confidence(reading)
        )
        for terms, at, text in pending:
            statement = _attach(statement, terms, at, text)
        pending = []
        out.append(statement)
    body = [(index, sentence) for index, _a, _b, sentence in units if index >= 0]
    return _as_government(named_spokesmen(out, body, gaz, article.text), code, published)


def _as_government(out: list[Statement], code: str | None, published: datetime) -> list[Statement]:
    """The country's own name as a party is the side that was its government that day
    ("Libya declared a ceasefire", March 2011: the Gaddafi government), when its pack or
    names files say which (``governments``, docs/countries.md)."""
    side = government_on(code, published.date()) if code else None
    if side is None or code is None:
        return out
    own = country_name(code)
    return [
        replace(s, parties=tuple(dict.fromkeys(side if p == own else p for p in s.parties)))
        if own in s.parties
        else s
        for s in out
    ]


def _captions(article: Article, units: list[tuple[int, int, int, str]]) -> set[int]:
    """The indexes of the sentences that are photo captions (English)."""
    from trucewatch.text.captions import furniture_of

    rules = rules_for(article)
    body = [(i, s) for i, _a, _b, s in units if i >= 0]
    return {
        i
        for k, (i, s) in enumerate(body)
        if furniture_of(s, rules, body[k + 1][1] if k + 1 < len(body) else None) == "caption"
    }


def _quoted_party(
    out: list[Statement], found: Speaker | None, sentence: str, gaz: Gazetteer
) -> None:
    """A party who speaks of the truce after its statement ("'We will work together to ensure
    the ceasefire,' Erdogan said") is the speaker of the last statement that has none and
    names that party (the state of the speaker, as a side of the country's pack)."""
    if found is None or found.state is None or not TRUCE.search(sentence):
        return
    from trucewatch.text.statements.parties import side_of_state

    side = side_of_state(found.state, gaz)
    for i in reversed(range(len(out))):
        if out[i].speaker is None and side in out[i].parties and not is_reference(out[i]):
            out[i] = replace(out[i], speaker=found)
            return


def _terms_target(out: list[Statement], own: list[int]) -> int:
    """The statement that terms of no speaker's state belong to: the last that makes, extends
    or accepts a truce (an accusation or a rejection is about it, not its terms), else the
    last of its own; -1 when there is none yet."""
    making = [i for i in own if out[i].act not in ("accuse", "reject")]
    return making[-1] if making else (own[-1] if own else len(out) - 1)


def _sides_only(code: str) -> Gazetteer:
    """A gazetteer of no place (places are kept as written) with the sides of country
    ``code``: its pack's, else its name files' (``text/packs/LY.sides.json``)."""
    from trucewatch.text.actors import actor_table

    return Gazetteer(countries=(code,), actors=actor_table((code,)))


def names_truce(sentence: str, *, arabic: bool = False) -> bool:
    """Whether ``sentence`` names a truce ("Gaza truce holds", "الهدنة في الحديدة")."""
    if arabic:
        return TRUCE_WORDS.search(fold(sentence).text) is not None
    return TRUCE.search(sentence) is not None


def _refers_back(sentence: str) -> bool:
    """Whether a sentence's speaker is the one named before ("he said", "the spokesman
    added")."""
    import re

    return bool(
        re.search(
            r"\b(?:he|she|they|it|the (?:spokes\w+|minister|ministry|envoy|official|"
            r"department|statement))\s+(?:said|added|told|says|announced|noted)\b",
            sentence,
            re.IGNORECASE,
        )
    )
