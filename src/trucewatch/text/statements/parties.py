"""Who does a truce statement's act: the parties of one English sentence, named by the
canonical names of the country's sides (:mod:`trucewatch.text.actors`) or, for a state that is
no side of the pack, by its English name.

The sides and states named before the act (after the reporting clause), else those of "between
X and Y" after it, else — for an act one side can do alone — the side the speaker speaks for
("the Syrian army said it would extend"). Never a party: a name in an exclusion, a reference or
the speaker's phrase, the dateline ("RIYADH —"), a mediator or guarantor ("brokered by
Washington and Moscow", "Qatari mediators"), a place ("a truce in Yemen", "across Ukraine"),
an aside ("Turkey, which backs rebel groups, and Russia agreed").
"""

from __future__ import annotations

import re
from datetime import date

from trucewatch.text.actors import ActorMatch
from trucewatch.text.gazetteer import Gazetteer, norm
from trucewatch.text.pack_sides import warring_sides
from trucewatch.text.statements import lexicon as lx
from trucewatch.text.statements.officials import side_of_leader, state_of_official
from trucewatch.text.statements.reading import Spans
from trucewatch.text.statements.reading import inside as _inside
from trucewatch.text.statements.speaker_patterns import state_of as state_of_speaker

__all__ = ["not_parties", "parties", "side_of_state"]

_MEDIATORS = re.compile(
    r"\b(?:(?:brokered|mediated|guaranteed|sponsored|facilitated|hosted|called|convened)\s+by|"
    r"under the auspices of|with the mediation of|with the help of)\s+[^.;:]{2,80}?"
    r"(?=\s*(?:[.;:]|,|\s+(?:that|which|came|took|went|to|on|in|will|would)\b|"
    r"\s+and\s+(?:was\s+|were\s+)?[a-z]+ed\s+by\b|$))",
    re.IGNORECASE,
)
_MEDIATOR_NOUN = re.compile(r"\s+(?:mediators?|mediation|brokers?|guarantors?)\b", re.IGNORECASE)
_PLACE_BEFORE = re.compile(
    r"\b(?:in|across|throughout|inside|into|over|all of|parts of|along|border with|around|"
    r"frontier with|(?:eastern|northern|southern|western|central|east|north|south|west)(?:ern)?)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: "declared by Kiev", "accepted by Israel and Hamas late on Monday": the doers after "by"
_PASSIVE_BY = re.compile(
    r"\s+by\s+(?P<who>(?:both\s+)?(?:the\s+)?[A-Z][^.;:,]{1,80}?|both\s+the\s+[^.;:,]{1,80}?)"
    r"(?=\s*(?:[.;:,]|\s+(?:on|in|at|late|early|"
    r"last|to|for|which|that|after|before|as|but|while|and\s+(?:was|were|is|are|has|had|"
    r"will|would)\b)\b|$))"
)
#: "the truce with the RSF", "a ceasefire with Hamas": the other side of a two-sided truce
_WITH_SIDE = re.compile(
    r"\b(?:truce|cease-?fire|cessation of hostilities|pause|calm)\s+with\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BOTH_SIDES = frozenset({"extend", "agree", "accept"})
#: an aside about a side ("Turkey, which backs rebel groups, and Russia, an ally of Damascus,
#: agreed"): the names in it do not act
_ASIDE = re.compile(
    r"(?<=[\w)]),\s+(?P<aside>(?:which|who|whose|an?|one of)\s[^,;.()\"“”]{2,80}),"
    r"(?=\s+(?:and\s+)?[A-Za-z])"
)
#: "responded to Saudi Arabia's call", "Egypt's proposal": who asked or proposed, not who acts
_PROPOSER = re.compile(
    r"\s*['’]s?\s+(?:call|calls|request|invitation|initiative|proposal|plan|offer|appeal)\b",
    re.IGNORECASE,
)
#: "informed the coalition of the truce", "urged Hamas to": who is told, not who acts
_TOLD = re.compile(
    r"\b(?:informed|notified|told|urged|asked|called on|invited|pressed)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: "Egypt announced the agreement": who made a deal known, not a side of it
_ANNOUNCED = re.compile(r"\s+(?:\w+\s+)?announc(?:ed|es|e)\b", re.IGNORECASE)
#: "... announced that": the act after it is that clause's subject's, not the announcer's
_THAT_CLAUSE_AT = re.compile(
    r"\b(?:announc(?:ed|es|e|ing)|said|says|confirmed|stated)\s+(?:on\s+\w+\s+)?that\s+"
    r"(?!.*\bthat\s)"
)
#: a broker's own verb, active ("Egypt brokered a truce"; not "brokered by")
_BROKERED = re.compile(r"(?:brokered|mediated)\b(?!\s+by\b)", re.IGNORECASE)
#: acts one side does alone: with no party named, the speaker's side did it
_ALONE = frozenset({"declare", "extend", "suspend", "end", "accept", "reject", "accuse"})


def not_parties(text: str) -> Spans:
    """The spans of ``text`` whose names are never parties: the dateline and mediators."""
    out: Spans = []
    dateline = lx.DATELINE.match(text)
    if dateline is not None:
        out.append(dateline.span())
    out += [m.span() for m in _MEDIATORS.finditer(text)]
    return out


def _a_place(text: str, start: int, end: int) -> bool:
    """Whether the name at ``[start, end)`` is a place, a mediator's adjective or one told of
    the truce, not a side: "a truce in Yemen", "Qatari mediators", "informed the coalition",
    "along Saudi Arabia's southern border"."""
    return bool(
        _PLACE_BEFORE.search(text[max(0, start - 30) : start])
        or re.match(r"['’]s\s+(?:\w+\s+)?(?:border|frontier)", text[end : end + 30])
        or _MEDIATOR_NOUN.match(text, end)
        or _PROPOSER.match(text, end)
        or _TOLD.search(text[max(0, start - 30) : start])
    )


_BODY_NAMED = re.compile(
    r"\s+(?:[A-Z][\w-]+\s+){0,2}(?:Group|Council|Committee|Forum|Initiative|Conference|"
    r"Commission|Mission)\b"
)


def _states(text: str, spans: Spans) -> list[tuple[str, int, int]]:
    out = []
    for m in lx.STATE_NAMES.finditer(text):
        if _inside(m.start(), m.end(), spans):
            continue
        state = lx.state_of(m.group())
        # "Syrian army", "Russian warplanes": an adjective before a noun is not the state itself
        nxt = text[m.end() : m.end() + 20]
        if re.match(
            r"\s+(?:army|forces|troops|government|regime|military|warplanes|jets|commander|"
            r"strongman|warlord)",
            nxt,
            re.I,
        ):
            continue
        if lx.TRUCE.match(nxt.lstrip()) or re.match(r"['’]s\s", nxt):
            continue  # "the Syria truce", "Syria-wide": where, not who
        if _BODY_NAMED.match(text, m.end()):
            continue  # "the International Syria Support Group": a body's name, not the state
        if state is not None:
            out.append((state, m.start(), m.end()))
    return out


def parties(
    text: str,
    actors: list[ActorMatch],
    trigger: tuple[int, int],
    skip: Spans,
    speaker: Spans,
    gaz: Gazetteer,
    *,
    act: str | None = None,
    on: date | None = None,
) -> tuple[list[str], Spans]:
    """Who does the act at ``trigger`` (see the module docstring): the parties' names, in
    order, and the spans they were read from. ``skip``: exclusions, references, conditions;
    ``speaker``: the speaker's phrase; ``act``: the sentence's act; ``on``: the day of the
    article, whose sides at war "the two sides" are (the country pack's ``warring``)."""
    skip = skip + not_parties(text)
    # an aside about a side is no party, unless the act is in it ("The truce, which the two
    # sides agreed last week, ...")
    skip += [
        m.span("aside")
        for m in _ASIDE.finditer(text)
        if not m.start("aside") <= trigger[1] - 1 < m.end("aside")
    ]
    named: list[tuple[str, int, int]] = [
        (_as_state(a, gaz), a.start, a.end)
        for a in actors
        if not _inside(a.start, a.end, skip) and not _a_place(text, a.start, a.end)
    ]
    for state, a, b in _states(text, skip):
        if _a_place(text, a, b):
            continue
        if not any(s < b and a < e for _n, s, e in named):
            named.append((side_of_state(state, gaz), a, b))
    named += [
        w
        for w in _warring(text, skip, gaz, on)
        if not any(s < w[2] and w[1] < e for _n, s, e in named)
    ]
    for name, a, b in _led_forces(text, skip, gaz):
        if not any(s < b and a < e for _n, s, e in named):
            named.append((name, a, b))
    for name, a, b in _named_pair(text, trigger[0], gaz):
        if name and not any(s < b and a < e for _n, s, e in named):
            named.append((name, a, b))
    named.sort(key=lambda x: x[1])
    by = _PASSIVE_BY.match(text, trigger[1])
    if by is not None and text[trigger[1] - 2 : trigger[1]] == "ed":
        # "the truce declared by Kiev", "accepted by Israel and Hamas": who is after "by"
        after = [n for n in named if by.start("who") <= n[1] and n[2] <= by.end("who")]
        if after:
            return _names(after), [(a, b) for _n, a, b in after]
    low = speaker[0][1] if speaker and speaker[0][1] <= trigger[0] else 0
    before = [n for n in named if low <= n[1] and n[2] <= trigger[0]]
    if (
        not before
        and speaker
        and (0 <= trigger[0] - speaker[0][1] <= 2 or speaker[0][0] < trigger[0] < speaker[0][1])
    ):  # "the army announced", "the ministry also accused" (the verb read with the speaker)
        before = [n for n in named if _inside(n[1], n[2], speaker)]
    if not before:
        before = [n for n in named if n[2] <= trigger[0] and not _inside(n[1], n[2], speaker)]
    if not before and not _ACCUSING.match(text, trigger[0]):
        # "a truce ran out ... after the Houthis turned down": the act's own clause (not the
        # accused of "accused the Houthis of breaching the truce")
        before = [
            n
            for n in named
            if trigger[0] <= n[1] and n[2] <= trigger[1] and not _inside(n[1], n[2], speaker)
        ]
    said_so = speaker and _PRONOUN.search(text[speaker[0][1] : trigger[0]])
    if said_so and lx.WARRING_WORDS.search(said_so.group()):
        said_so = None  # "Egypt said both sides had agreed": the sides, not the speaker
    if not before and not said_so:  # "said it would observe ..., answering a call by X": not X
        before = _named_between(text, trigger[1], named, _BETWEEN_OR_BY)
    clause = _THAT_CLAUSE_AT.search(text, 0, trigger[1]) if act != "accuse" else None
    if clause is not None:  # "Kerry and Ban announce that Israel and Hamas have agreed"
        inside = [n for n in named if clause.end() <= n[1] and n[2] <= trigger[1]]
        before = inside or before
    if act == "agree" and before and all(_ANNOUNCED.match(text, n[2]) for n in before):
        # "Egypt announced that Israel and Hamas had agreed", "Egypt announced the agreement,
        # saying both sides had agreed": the sides agreed; the announcer, unless it says "we"
        sides = [n for n in named if trigger[0] < n[1] and n[2] <= trigger[1]] or [
            n for n in named if n[1] >= trigger[1] and lx.WARRING_WORDS.search(text, n[1], n[2])
        ]
        before = sides or before
    if act == "agree" and _BROKERED.match(text, trigger[0]) and on is not None and gaz.countries:
        # "Egypt brokered a ceasefire": the broker is no party; the sides at war that day are
        # ("between Israel and Islamic Jihad" when the text says)
        sides = _named_between(text, trigger[1], named, _BETWEEN)
        sides = sides or [(side, *trigger) for side in warring_sides(gaz.countries[0], on)]
        before = sides or before
    if speaker and _reported(text, speaker[0], trigger, act):
        before = []  # "the ministry said rebels had broken the truce": the accuser's act
    if not before and speaker and (act in _ALONE or said_so):
        # "the Syrian army said it would extend", "the army and the RSF said they had agreed"
        before = [n for n in named if _inside(n[1], n[2], speaker)]
        if not before:  # "Khalifa Haftar said he would": the leader's side; "President Petro
            # Poroshenko said he would": the official's state
            words = text[speaker[0][0] : speaker[0][1]]
            led = side_of_leader(words, gaz.actors.aliases) or _run_by(words, gaz)
            theirs = state_of_speaker(words) or state_of_official(words)
            if led is not None:
                before = [(led, *speaker[0])]
            elif theirs is not None:
                before = [(side_of_state(theirs, gaz), *speaker[0])]
    if not before:
        return [], []
    if act in _BOTH_SIDES:  # "extended the truce with the RSF": the other side too
        before += [n for n in named if n not in before and _WITH_SIDE.search(text, 0, n[1])]
    return _names(before), [(a, b) for _n, a, b in before]


#: "a truce between Israel and Hamas", "among the factions", "declared by the army"
_BETWEEN_OR_BY = re.compile(r"\b(?:between|among|by(?=\s+(?:the\s+)?[A-Z]))\s+[^.;]{3,120}")
_BETWEEN = re.compile(r"\bbetween\s+[^.;]{3,120}")


def _named_between(
    text: str, after: int, named: list[tuple[str, int, int]], words: re.Pattern[str]
) -> list[tuple[str, int, int]]:
    """The names of ``named`` inside the first phrase ``words`` finds after ``after``."""
    m = words.search(text, after)
    return [] if m is None else [n for n in named if m.start() <= n[1] and n[2] <= m.end()]


#: "army forces under Khalifa Haftar", "troops loyal to Haftar": the leader's side
_LED = re.compile(
    r"\b(?:forces|troops|army|fighters|units)\s+(?:under|loyal to|led by|commanded by)\s+"
    r"(?P<who>(?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+)"
)


def _led_forces(text: str, skip: Spans, gaz: Gazetteer) -> list[tuple[str, int, int]]:
    """The sides of forces named by their leader (:func:`side_of_leader`)."""
    out = []
    for m in _LED.finditer(text):
        side = side_of_leader(m.group("who"), gaz.actors.aliases)
        if side is not None and not _inside(m.start(), m.end(), skip):
            out.append((side, m.start(), m.end()))
    return out


def _run_by(words: str, gaz: Gazetteer) -> str | None:
    """The side that runs the speaking outlet: "the Houthi-run Saba news agency" → Ansar
    Allah; None when the words name none."""
    m = re.search(r"([\w'’ ]{2,30}?)-(?:run|controlled|owned|affiliated)\b", words)
    if m is None:
        return None
    name = m.group(1).split()[-1] if m.group(1).split() else ""
    return gaz.actors.knows(name) or gaz.actors.knows(m.group(1).strip())


def _names(found: list[tuple[str, int, int]]) -> list[str]:
    names: list[str] = []
    for name, _a, _b in found:
        if name not in names and name != "Civilians":
            names.append(name)
    return names


#: the act's subject is the speaker: "said they had agreed", "said it would observe"
_PRONOUN = re.compile(r"\b(?:they|it|he|she|we|both)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_ACCUSING = re.compile(r"\b(?:accus|blam|charg)", re.IGNORECASE)


def _reported(
    text: str, speaker: tuple[int, int], trigger: tuple[int, int], act: str | None
) -> bool:
    """Whether the act is a breach the speaker reports of another ("the ministry said the
    rebels had broken the truce"): its party is the accuser, not the side said to break it."""
    if act != "accuse":
        return False
    if _ACCUSING.search(text, speaker[0], speaker[1]):
        return True  # "the ministry also accused Washington of ...": read with the speaker
    if _ACCUSING.match(text, trigger[0]):
        return False
    opened = text.count('"', 0, trigger[0]) % 2 == 1 or (
        text.rfind("“", 0, trigger[0]) > text.rfind("”", 0, trigger[0])
    )
    if opened and speaker[0] >= trigger[1]:
        return True  # '"The terrorist groups have violated the truce," the army said'
    between = text[speaker[1] : trigger[0]]
    return speaker[1] <= trigger[0] and lx.REPORTING.search(between) is not None


def _warring(text: str, skip: Spans, gaz: Gazetteer, on: date | None) -> list[tuple[str, int, int]]:
    """Each side at war, at the words "the two sides" / "the warring parties" naming them."""
    if on is None or not gaz.countries:
        return []
    out = []
    for m in lx.WARRING_WORDS.finditer(text):
        if not _inside(m.start(), m.end(), skip):
            out += [(side, m.start(), m.end()) for side in warring_sides(gaz.countries[0], on)]
    return out


def _as_state(a: ActorMatch, gaz: Gazetteer) -> str:
    """A state named by its name ("Russia", "the US") is that state, whatever the pack's
    canonical name for its forces (:func:`side_of_state`)."""
    m = lx.STATE_NAMES.fullmatch(a.text.strip())
    state = lx.state_of(a.text) if m is not None else None
    return a.canonical if state is None else side_of_state(state, gaz)


def side_of_state(state: str, gaz: Gazetteer) -> str:
    """A state as a party: the pack's side of that state when its canonical name is the
    state's own name ("Russia" -> "Russian Federation", labelled set README) or its
    government ("Yemen" -> "Government of Yemen"), else the state's English name ("United
    States")."""
    canonical = gaz.actors.knows(state)
    if canonical is None or lx.STATE_NAMES.fullmatch(canonical) is None:
        government = f"Government of {state}"  # "Yemen" -> Government of Yemen
        return government if government in gaz.actors.aliases else state
    return canonical if lx.state_of(canonical) == state else state


_PAIR = re.compile(
    r"(?P<a>(?:[A-Z][\w'’.-]+)(?: [A-Z][\w'’.-]+){0,3}) and (?:the )?"
    r"(?P<b>(?:[A-Z][\w'’.-]+)(?: [A-Z][\w'’.-]+){0,3})\s+(?:have |has |had |on \w+ )?$"
)


def _named_pair(text: str, trigger: int, gaz: Gazetteer) -> list[tuple[str, int, int]]:
    """ "Israel and Hamas agreed": two names joined by "and" right before the act."""
    m = _PAIR.search(text[:trigger])
    if m is None:
        return []
    out = []
    for g in ("a", "b"):
        name = re.sub(r"^The ", "", m.group(g))
        if gaz.by_norm.get(norm(name)) or lx.OFFICE.search(name):
            continue
        state = lx.state_of(name) if lx.STATE_NAMES.fullmatch(name) else None
        led = side_of_leader(name, gaz.actors.aliases)  # "Serraj and Haftar committed"
        side = led or (name if state is None else side_of_state(state, gaz))
        out.append((side, m.start(g), m.end(g)))
    return out  # type: ignore[return-value]
