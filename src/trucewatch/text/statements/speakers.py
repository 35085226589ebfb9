"""Who speaks in a sentence — the one speaker finder of truce statements and of claims: the
noun phrase around a reporting verb ("X said", "said X", "according to X") read for a person,
an office and the state the office belongs to ("Mark Toner, a State Department spokesman" →
Mark Toner, State Department spokesman, United States); else the patterns of
:mod:`.speaker_patterns` (English person/office patterns and Arabic: "قالت وزارة الخارجية
الأمريكية", "وقال كيربي إن"). The state is that of :func:`.speaker_patterns.state_of` (a monitor
or an opposition body names none), else that of the side the office names ("coalition
spokesman").
"""

from __future__ import annotations

import re

from trucewatch.text.actors import find_actors
from trucewatch.text.gazetteer import Gazetteer, norm
from trucewatch.text.statement_model import Speaker
from trucewatch.text.statements import lexicon as lx
from trucewatch.text.statements.officials import state_of_official
from trucewatch.text.statements.speaker_patterns import TITLE_WORDS, pattern_speaker, state_of

__all__ = ["completed", "find_speaker", "full_name", "speaker_in", "state_of", "subject_speaker"]

_PERSON = re.compile(
    r"(?<![\w-])(?:[A-Z][a-z]+(?:[-'][A-Za-z]+)?|al-[A-Z][a-z]+)(?:\s+(?:[A-Z][a-z]+(?:[-'][A-Za-z]+)?"
    r"|al-[A-Z][a-z]+|bin|ibn|de|van)){1,3}(?![\w-])"
)
_TITLES = re.compile(
    r"\b(?:(?:deputy |assistant |foreign |defen[cs]e |prime |special |senior )*(?:spokes(?:man|"
    r"woman|person)|minister|secretary(?:-general| of state)?|envoy|ambassador|president|"
    r"general|colonel|commander|chief|official|adviser|advisor|chancellor)|"
    r"(?:state )?department|ministry|"
    r"command)\b",
    re.IGNORECASE,
)


def _clause_np(text: str) -> tuple[int, int] | None:
    """The noun phrase of a speaker around a reporting verb, as a span of ``text``."""
    verb = lx.REPORTING.search(text)
    if verb is None:
        return None
    if verb.group().lower() == "according to":
        m = re.match(
            r"\s*([^.;:]{3,120}?)(?=[.;:]|,\s+(?:the|a|which|who)\b|$)", text[verb.end() :]
        )
        return None if m is None else (verb.end() + m.start(1), verb.end() + m.end(1))
    before = text[: verb.start()].rstrip(" ,")
    stops = [m.start() for m in _SENTENCE_STOP.finditer(before)]  # not "U.S. President"
    cut = max(stops[-1] if stops else -1, before.rfind("; "), before.rfind('"'), before.rfind("”"))
    start = cut + 1 if cut >= 0 else 0
    if verb.start() - start > 110 or before.endswith(("that", "which")):
        start = max(start, verb.start() - 110)
    np_text = text[start : verb.start()].strip(" ,")
    if len(np_text.split()) > 8 and "," in np_text:  # "..., the State Department said"
        parts = [p.strip() for p in np_text.split(",")]
        tail = parts[-1]
        if len(parts) > 2 and re.match(r"(?:a|an|the)\s", tail) and len(parts[-2].split()) <= 4:
            tail = f"{parts[-2]}, {tail}"  # "Mark Toner, a State Department spokesman"
        elif (
            len(parts) > 1
            and _person(tail, None) is not None
            and re.match(r"(?:a|an|the)\s", parts[-2], re.IGNORECASE)
            and _TITLES.search(parts[-2])
            and len(parts[-2].split()) <= 10
        ):
            tail = f"{parts[-2]}, {tail}"  # "a spokesman for the LNA, Ahmed al-Mismari"
        tail = _first_of_two(tail)
        if 0 < len(tail.split()) <= 14:
            np_text = tail
    if len(np_text.split()) <= 14 and np_text:
        first = text.find(np_text, start)
        return first, first + len(np_text)
    after = re.match(r"\s*([^.;:\"]{3,100}?)(?=[.;:\"]|$)", text[verb.end() :])
    if after is not None:  # "..., said Mark Toner, a State Department spokesman."
        return verb.end() + after.start(1), verb.end() + after.end(1)
    return None


def _first_of_two(phrase: str) -> str:
    """The first of two speakers joined by "and", each with a name ("U.S. Secretary of State
    Rex Tillerson and Russian Foreign Minister Sergei Lavrov" → the first); else the phrase."""
    two = re.match(r"(.+?)\s+and\s+(?=[A-Z])(.+)$", phrase)
    if two is not None and _person(two.group(1), None) and _person(two.group(2), None):
        return two.group(1)
    return phrase


_SENTENCE_STOP = re.compile(r"(?<!\b[A-Z])\.\s")
_DATELINE = re.compile(r"^[^a-z]*?[A-Z]{3,}[A-Z/ ,.'’a-z0-9()]*?\s+[—–-]\s+")
_OFFICE_WORDS = frozenset(
    [
        "coalition",
        "military",
        "defence",
        "defense",
        "foreign",
        "army",
        "political",
        "senior",
        "deputy",
        "acting",
        "chief",
        "government",
        "opposition",
        "rebel",
        "ministry",
        "state",
        "security",
        "interior",
        "general",
        "presidential",
        "un",
        "u.n.",
        "joint",
    ]
)
_RANKS = frozenset(("colonel", "general", "major", "brigadier", "captain", "lieutenant"))
_RUN = re.compile(
    r"(?:[A-Z][\w'’.-]*|al-[A-Z][\w'’-]*|bin|ibn)"
    r"(?:\s+(?:[A-Z][\w'’.-]*|al-[A-Z][\w'’-]*|(?:bin|ibn|de)(?![\w-])))*"
)


def _office(tail: str) -> str | None:
    """The office around its head word, with the capitalized or office words before it
    ("State Department spokesman", "coalition spokesman", "Syria's army")."""
    heads = list(_TITLES.finditer(tail)) or list(lx.OFFICE.finditer(tail))
    if not heads:
        return None
    offices = [h for h in heads if h.group().lower() not in _RANKS]  # "spokesman Colonel X"
    head = (offices or heads)[-1]
    words = tail[: head.start()].split()
    keep: list[str] = []
    for w in reversed(words):
        bare = w.strip(",")
        if w.endswith(",") or not bare:
            break
        if bare[0].isupper() or bare.endswith(("'s", "’s")) or bare.lower() in _OFFICE_WORDS:
            keep.insert(0, bare)
            continue
        break
    while keep and keep[0].lower() in ("the", "a", "an"):
        keep.pop(0)
    right = re.match(
        r"(?:\s+(?:of|for|to|at|in)\s+(?:the\s+)?[^,;]{2,50}?)?(?=,|$|\s+(?:said|told|says))",
        tail[head.end() :],
    )
    office = " ".join([*keep, head.group()]) + (right.group() if right else "")
    office = office.strip(" ,")
    person = _person(office, None)
    if person and office.endswith(person):
        office = office[: -len(person)].strip()
    return office or None


def _person(tail: str, gaz: Gazetteer | None) -> str | None:
    """A person's name: a run of two or more capitalized words once titles, offices and
    states are taken off its front ("Russian President Vladimir Putin" → Vladimir Putin)."""
    for m in _RUN.finditer(tail):
        words = m.group().split()
        whole = len(words)
        while words and (
            words[0].lower() in TITLE_WORDS
            or (words[0] == "State" and re.search(r"\bof\s+$", tail[: m.start()]))
            or lx.STATE_NAMES.fullmatch(words[0].rstrip("'’s"))
            or lx.OFFICE.fullmatch(words[0])
            or words[0].endswith(("'s", "’s"))
        ):
            words.pop(0)
        while words and words[0].lower() in ("the", "a", "an", "its", "his", "her"):
            words.pop(0)
        name = re.sub(r"['’]s$", "", " ".join(words).strip(" ,."))  # "Hadi's office"
        if re.search(r"-(?:led|backed|run|aligned|allied|held)\b", name):
            continue  # "Iran-aligned Houthi movement": a side described, not a person
        if len(words) == whole and re.search(r"\b(?:for|of)\s+$", tail[: m.start()]):
            continue  # "the Syrian Observatory for Human Rights": a body's name, not a person
        if len(name.split()) < 2 or lx.OFFICE.search(name) or _TITLES.search(name):
            continue
        if lx.STATE_NAMES.search(name) or (gaz is not None and gaz.by_norm.get(norm(name))):
            continue
        if gaz is not None and gaz.actors.knows(name):
            continue  # "the Rapid Support Forces": a side, not a person
        if lx.TRUCE.search(name):
            continue
        return name
    return None


_WHEN_SAID = re.compile(r"\s+(?:late |early )?on \w+day\s*$|\s+(?:today|yesterday)\s*$")


def subject_speaker(
    text: str, before: int, gaz: Gazetteer | None = None
) -> tuple[Speaker | None, tuple[int, int] | None]:
    """The speaker of a sentence with no reporting verb: the subject before the act when it
    names an office or a person ("Israel's security cabinet voted to accept", "President
    Vladimir Putin ordered")."""
    head = _WHEN_SAID.sub("", _DATELINE.sub("", text[:before]))  # "... Netanyahu on Wednesday"
    cut = max(head.rfind(", "), head.rfind("; "))
    subject = head[cut + 1 :].strip() if cut >= 0 else head.strip()
    if not subject or len(subject.split()) > 8:
        return None, None
    if not (_TITLES.search(subject) or lx.OFFICE.search(subject) or _person(subject, gaz)):
        return None, None
    office = _office(subject)
    person = _person(subject, gaz)
    state = state_of(subject)
    if person is None and office is None:
        return None, None
    at = text.find(subject)
    return _official(Speaker(person=person, office=office, state=state)), (at, at + len(subject))


def speaker_in(
    text: str, gaz: Gazetteer | None = None
) -> tuple[Speaker | None, tuple[int, int] | None]:
    """Who speaks in ``text``, with the span read: "Mark Toner, a State Department spokesman,
    said" → person Mark Toner, office State Department spokesman, state United States; (None,
    None) when no one does."""
    span = _clause_np(text)
    found = None if span is None else _read_np(text, span, gaz)
    matched = pattern_speaker(text)
    if matched is not None and gaz is not None:
        who = matched[0]
        if who.person and not who.office and gaz.actors.knows(who.person):
            matched = None  # "Hamas said": a side, which is a party, not a person
        elif who.person is None and who.office and _ARABIC.search(who.office):
            matched = (_arabic_name_after_side(who, text, matched[1], gaz), matched[1])
    if found is None or span is None:
        if matched is None:
            return None, None
        return _official(_side_state(matched[0], gaz)), matched[1]
    said, _at = matched if matched is not None else (None, None)
    if said is not None and found.office and said.office and found.office in said.office:
        # the patterns read the office whole: "Russia's Hmeimim reconciliation centre",
        # "U.N. envoy", "OSCE monitoring mission"
        found = Speaker(found.person, said.office, found.state or said.state)
    return _official(found), span


_ARABIC = re.compile(r"[\u0620-\u064a]")


def _arabic_name_after_side(
    who: Speaker, text: str, span: tuple[int, int], gaz: Gazetteer
) -> Speaker:
    """An Arabic office that ends with a side's name and a name before a comma: "رئيس المجلس
    الرئاسي لحكومة الوفاق الوطني فايز السراج،" → the person after the side."""
    from trucewatch.text.arabic.actors import find_actors as arabic_actors

    office = who.office or ""
    sides = arabic_actors(office, gaz.actors)
    rest = office[max(a.end for a in sides) :].split() if sides else []
    if not 2 <= len(rest) <= 3 or not re.match(r"\s*[،,]", text[span[1] :]):
        return who
    person = " ".join(rest)
    return Speaker(person, office[: office.rfind(rest[0])].strip(), who.state)


def _side_state(speaker: Speaker, gaz: Gazetteer | None) -> Speaker:
    """``speaker`` with the state of the side its office names when it names none
    ("المتحدث باسم التحالف" → the Saudi-led coalition's: Saudi Arabia)."""
    if speaker.state is not None or not speaker.office or gaz is None:
        return speaker
    from trucewatch.text.arabic.actors import find_actors as arabic_actors

    finder = arabic_actors if _ARABIC.search(speaker.office) else find_actors
    states = [_state_of_side(a.canonical) for a in finder(speaker.office, gaz.actors)]
    state = next((s for s in states if s), None)
    return speaker if state is None else Speaker(speaker.person, speaker.office, state)


def _state_of_side(canonical: str) -> str | None:
    """The state a side is ("Saudi-led coalition" → Saudi Arabia); none for a side a state
    only backs ("Russian-backed separatists") or that is not the state's (the Libyan National
    Army, :data:`.speaker_patterns.STATE_WORDS`)."""
    return None if "-backed" in canonical else state_of(canonical)


def _official(speaker: Speaker) -> Speaker:
    """``speaker`` with the state of the official it names when its words name none
    ("President Petro Poroshenko" → Ukraine; :mod:`.officials`)."""
    if speaker.state is not None or not (speaker.person or speaker.office):
        return speaker
    state = state_of_official(speaker.person) or state_of_official(speaker.office)
    return speaker if state is None else Speaker(speaker.person, speaker.office, state)


def completed(
    speaker: Speaker, span: tuple[int, int], text: str, act_at: int, gaz: Gazetteer | None = None
) -> Speaker:
    """A statement's speaker with what the sentence says around it: "its spokesman" speaks
    for the side named before it ("The Saudi-led coalition ... , its spokesman said" → Saudi
    Arabia); an office with no person takes the person who is the subject of the act
    ("President Vladimir Putin ordered ..., the Kremlin said" → Vladimir Putin)."""
    body = _DATELINE.sub("", text[: span[0]])
    lead = len(text[: span[0]]) - len(body)
    state, person = speaker.state, speaker.person
    if state is None and re.match(r"(?:its|their)\s", speaker.office or ""):
        state = state_of(body)
    if person is None and span[0] > act_at:
        subject = re.match(r"\s*((?:[A-Z][\w'’.-]*\s+){1,5}?)(?=[a-z]|$)", text[lead:act_at])
        words = subject.group(1) if subject is not None else ""
        person = _person(words, gaz) if words else None
        if person is not None and state is not None and state_of(words) not in (None, state):
            person = None  # another state's person
    return Speaker(person=person, office=speaker.office, state=state)


def full_name(person: str, before: str, gaz: Gazetteer | None = None) -> str:
    """``person`` in full when it is a surname alone and ``before`` (the text before it) named
    the person in full ("Presidents Tayyip Erdogan and Vladimir Putin ... Erdogan said" →
    Tayyip Erdogan); else ``person``."""
    if len(person.split()) != 1:
        return person
    names = [
        _person(m.group(), gaz)
        for m in re.finditer(
            rf"(?:[A-Z][\w'’.-]*\s+){{1,4}}{_PARTICLE}{re.escape(person)}(?![\w-])", before
        )
    ]
    found = [n for n in names if n and re.search(rf"\s{_PARTICLE}{re.escape(person)}$", n)]
    return found[-1] if found else person


_PARTICLE = r"(?:(?:al|el|ad|ar|as|ash|az|an)-)?"  # dropped when repeated: "al-Jubeir ... Jubeir'


def find_speaker(sentence: str, gaz: Gazetteer | None = None) -> Speaker | None:
    """Who speaks in ``sentence`` (:func:`speaker_in` without the span), None when no one."""
    return speaker_in(sentence, gaz)[0]


def _read_np(text: str, span: tuple[int, int], gaz: Gazetteer | None) -> Speaker | None:
    phrase = text[span[0] : span[1]]
    tail = re.split(r",\s+(?:which|who|adding|saying)\b", phrase)[0]
    if len(tail.split()) > 14:
        tail = " ".join(tail.split()[-8:])
    tail = _DATELINE.sub("", tail)
    office = _office(tail)
    person = _person(tail, gaz)
    state = state_of(tail)
    if state is None and office and gaz is not None:  # "coalition spokesman": the coalition's
        sides = find_actors(office, gaz.actors)
        state = next(
            (_state_of_side(a.canonical) for a in sides if _state_of_side(a.canonical)), None
        )
    if person is None and office is None and state is None:
        return None
    return Speaker(person=person, office=office, state=state)
