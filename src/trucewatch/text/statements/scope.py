"""Where a truce statement applies: the gazetteer's places of the sentence that are its
scope (not a dateline, a clock's city, a place left out or a place of fighting far from the
truce words), or nationwide; for a country without a gazetteer, places as written."""

from __future__ import annotations

import re

from trucewatch.model.event import LocationPrecision
from trucewatch.text.actors import ActorMatch
from trucewatch.text.gazetteer import Gazetteer
from trucewatch.text.places import find_places
from trucewatch.text.statements import lexicon as lx
from trucewatch.text.statements.reading import Reading, Spans
from trucewatch.text.statements.reading import inside as _inside
from trucewatch.text.statements.venues import abroad

__all__ = ["scope"]

_COUNTRY = LocationPrecision.COUNTRY
_NOT_SCOPE = re.compile(
    r"\b(?:excluded?|excluding|except|not (?:include|including|cover|covered|included)|"
    r"outside|apart from|other than|from|near|residents of|fighters from|against|"
    # "representatives of Kiev and Moscow": a capital for its government
    r"(?:representatives?|envoys?|delegates?|delegations?)\s+(?:of|for)|"
    # "calls for the reopening of Mitiga": a term's object, not where the truce applies
    r"reopen|reopens|reopening of|"
    # "Bashir told delegates in Khartoum": where it was said
    r"(?:told|telling|speaking|spoke)\s+(?:[\w-]+\s+){0,2}?(?:in|at)(?:\s+an?)?|"
    # "Libya Dawn, which holds Tripoli": what a side holds, not where its truce applies
    r"(?:which|that|who)\s+(?:holds?|held|controls?|controlled|runs?|rules?)(?:\s+the\s+capital)?,?)"
    r"\s+(?:the\s+)?"
    # "a group from the town of Tarhouna", "its campaign against the city of Tripoli"
    r"(?:(?:town|city|village)\s+of\s+)?$",
    re.IGNORECASE,
)


_SPEAKS = re.compile(
    r"\s+(?:says?|said|accepts?|accepted|rejects?|rejected|announces?|announced|declares?|"
    r"declared|welcomes?|welcomed|agrees?|agreed|approves?|approved|warns?|warned|tells?|"
    r"accuses?|accused|calls?|called)\b"
)
#: a second word of a name: capitalised, or an Arabic article joined to one ("Deir al-Balah")
_NEXT = r"(?:\s+(?:[A-Z][\w'’-]+|(?:al|el|ad|ash|as|az|ar|an|ed|at)-[A-Z][\w'’-]+))?"
_WRITTEN = re.compile(
    r"\b(?:in|into|inside|across|around|for|over)\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|"
    rf"central)\s+)?(?P<names>[A-Z][\w'’-]+{_NEXT}(?:\s+and\s+(?:the\s+)?"
    rf"[A-Z][\w'’-]+{_NEXT})?)"
)
_NOT_PLACE = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|A|An|"
    # "the Orthodox Christmas ceasefire", "an Eid truce": a feast, not a place
    r"Christmas|Easter|Eid|Ramadan|Year|New|Orthodox|Holiday|Olympic|Harvest|Humanitarian|"
    r"Spring|Summer|Autumn|Winter|School|Bread)$"
)


#: "Gaza ceasefire", "Idlib truce": a place named as the truce's adjective
_BEFORE_TRUCE = re.compile(
    r"(?<![.!?]\s)(?<!^)\b(?P<names>[A-Z][\w'’-]+)\s+(?:truce|cease-?fire|pause|lull|calm)\b"
)


#: "envoys meeting in Minsk", "signed in Cairo": the venue before "in", not the scope
_VENUE = re.compile(
    r"\b(?:meeting|met|talks|signed|summit|conference|negotiations|gathered)\s+$", re.IGNORECASE
)
#: "the deal, signed in the town of Zawiya": a venue of the country's own places
_VENUE_BEFORE = re.compile(
    r"\b(?:meeting|met|talks|signed|summit|conference|negotiations|gathered)\s+(?:in|at)\s+"
    r"(?:the\s+)?(?:(?:town|city|capital)\s+of\s+)?$",
    re.IGNORECASE,
)
#: "shelled their positions in the Donetsk region", "a strike that hit a market in Idlib":
#: where violence struck (not "halt attacks on Hodeidah", the halt's object)
_STRUCK = re.compile(
    r"(?P<halt>\b(?:halt|stop|end|cease|suspend|pause|freeze)\w*\s+(?:\w+\s+){0,2}?)?"
    r"\b(?:shell(?:ed|ing|s)?|attack(?:ed|ing|s)?|struck|hit|bomb(?:ed|ing|s)?|"
    r"fir(?:ed|ing)\s+(?:at|on)|raid(?:ed|s)?|kill(?:ed|ing)|strikes?)\b[^,.;]{0,45}?"
    r"\b(?:in|near|on|at|around|across)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?$",
    re.IGNORECASE,
)
#: "near the borders with Jordan and the Golan Heights": places the scope is beside
_NEAR = re.compile(
    # "takes hold south of Damascus", "20 km north-west of Hama": a place it lies beside
    r"\b(?:near|borders? with|bordering|(?:north|south)(?:-?(?:east|west))?\s+of|"
    r"(?:east|west)\s+of)\b[^,.;]{0,40}$",
    re.IGNORECASE,
)
#: "in the western region of the country": a part of the country named by its direction
_REGION = re.compile(
    r"\bin\s+the\s+(?P<name>(?:north|south|east|west)(?:ern|-?(?:east|west)(?:ern)?)?\s+"
    r"(?:region|regions|part|parts|provinces|areas))\s+of\s+the\s+country\b",
    re.IGNORECASE,
)


#: "Douma, the last opposition-held town in eastern Ghouta": where the place named before lies
_APPOSITIVE = re.compile(
    r"[A-Z][\w'’-]+,\s+(?:a|an|the)\s+[^,;.()]{0,60}?\b(?:in|of)\s+(?:the\s+)?"
    r"(?:(?i:north|south|east|west|central)\w*\s+)?$"
)
#: "Kefraya in Idlib province": the words between a place and the province it lies in
_IN_CONTAINER = re.compile(r"\s+in\s+(?:the\s+)?(?:(?i:north|south|east|west|central)\w*\s+)?")
#: what joins the places of one list ("Donetsk and Luhansk", "Aleppo, Idlib and Hama")
_LISTED = re.compile(r"(?:\s*,\s*|\s+)(?:and\s+|or\s+)?(?:the\s+)?")


def _written_places(text: str, anchor: int, out: Reading, country: str | None = None) -> None:
    """Places as written, for a country without a gazetteer: "a ceasefire in the Donetsk and
    Luhansk regions" → Donetsk, Luhansk (only after the truce word or the act), or "the Gaza
    ceasefire" (not a state's name, nor the first word of the sentence)."""
    for m in _BEFORE_TRUCE.finditer(text):
        name = m.group("names")
        if _NOT_PLACE.match(name) or lx.STATE_NAMES.fullmatch(name) or name in out.scope:
            continue
        if abroad(name, country):  # "the Minsk ceasefire": where it was signed
            continue
        if lx.OFFICE.search(name) or lx.state_of(name) is not None or re.search(r"-[a-z]", name):
            continue  # "Egyptian-brokered truce", "UN-backed truce": who, not where
        out.scope.append(name)
        out.cite("scope", m.span("names"))
    for m in _REGION.finditer(text, anchor):
        if m.start() - anchor <= 80 and m.group("name") not in out.scope:
            out.scope.append(m.group("name"))
            out.cite("scope", m.span("name"))
    for m in _WRITTEN.finditer(text, anchor):
        if m.start() - anchor > 80:
            break
        if _VENUE.search(text, max(0, m.start() - 40), m.start()):
            continue  # "meeting in Minsk", "talks in Cairo": where it was agreed
        for name in re.split(r"\s+and\s+(?:the\s+)?", m.group("names")):
            words = name.split()
            state = lx.STATE_NAMES.fullmatch(name) and name not in lx.CAPITALS
            if not words or _NOT_PLACE.match(words[0]) or state:  # "in Tripoli": the city
                continue
            if abroad(name, country):  # "talks in Geneva": a venue abroad
                continue
            if name not in out.scope:
                out.scope.append(name)
                a = text.find(name, m.start())
                out.cite("scope", (a, a + len(name)))
        break


def scope(text: str, gaz: Gazetteer, actors: list[ActorMatch], skip: Spans, out: Reading) -> None:
    if not gaz.places:
        truce = lx.TRUCE.search(text)
        act = out.evidence.get("act", [(0, 0)])[0][0]
        anchors = [a for a in (truce.start() if truce else None, act) if a is not None]
        _written_places(text, min(anchors), out, gaz.countries[0] if gaz.countries else None)
    dateline = lx.DATELINE.match(text)
    struck_end = -1  # where the last place violence struck ends ("in Deir ez-Zor, Idlib and")
    for p in find_places(text, gaz):
        if _inside(p.start, p.end, skip) or p.elsewhere or p.place in gaz.neighbours:
            continue  # a neighbour's town (Sderot) is where rockets fall, not a truce's scope
        if any(a.start < p.end and p.start < a.end for a in actors):
            continue  # "Ahrar al-Sham" is not Damascus
        if (
            _NOT_SCOPE.search(text[max(0, p.start - 40) : p.start])
            or _NEAR.search(text[max(0, p.start - 60) : p.start])
            or _VENUE_BEFORE.search(text[max(0, p.start - 50) : p.start])
        ):
            continue
        if re.match(
            r"\s+(?:was|were|is|are|remains?)\s+(?:excluded|not)", text[p.end : p.end + 30]
        ):
            continue
        struck = _STRUCK.search(text[max(0, p.start - 70) : p.start])
        listed = struck_end >= 0 and _LISTED.fullmatch(text, struck_end, p.start) is not None
        if listed or (struck is not None and not struck.group("halt")):
            struck_end = p.end  # "shelled their positions in the Donetsk region", and the
            continue  # places listed after it
        if dateline is not None and p.start < dateline.end():
            continue  # "DAMASCUS — ...", "GENEVA/ADEN — ...": the dateline
        if p.start < 3 and _SPEAKS.match(text, p.end):
            continue  # "Damascus accepts truce": the capital speaking for its government
        if re.match(r"\s+(?:local )?time\b", text[p.end : p.end + 12], re.IGNORECASE):
            continue  # "00:01 Damascus time" is a clock
        if p.precision is _COUNTRY:
            if re.search(
                r"\b(?:across|all of|throughout|in all|whole of)\s+(?:the\s+)?$",
                text[max(0, p.start - 20) : p.start],
                re.IGNORECASE,
            ):
                out.nationwide = True
                out.cite("nationwide", (p.start, p.end))
            continue
        if out.scope and _APPOSITIVE.search(text[max(0, p.start - 90) : p.start]):
            continue  # where the place named before lies, not a second place
        last = out.evidence.get("scope", [])
        if last and _IN_CONTAINER.fullmatch(text, last[-1][1], p.start):
            continue  # "the villages of Fuaa and Kefraya in Idlib province": where they lie
        if p.place.name not in out.scope:
            out.scope.append(p.place.name)
            out.cite("scope", (p.start, p.end))
    if gaz.places:
        _regions(text, gaz, out)
    nation = lx.NATIONWIDE.search(text)
    if nation is not None and not _inside(*nation.span(), skip):
        out.nationwide = True
        out.cite("nationwide", nation.span())
    if out.nationwide and out.scope:
        # "extended the nationwide truce to Aleppo": Aleppo; "a nationwide truce ..., though
        # fighting was reported around Taiz": nationwide
        anchors = [m.end() for m in lx.TRUCE.finditer(text)] + [
            b for _a, b in out.evidence.get("act", [])
        ]
        near: list[tuple[str, tuple[int, int]]] = []
        for name, span in zip(out.scope, out.evidence.get("scope", []), strict=False):
            listed = bool(near) and _LISTED.fullmatch(text, near[-1][1][1], span[0]) is not None
            if listed or any(0 <= span[0] - a <= 60 for a in anchors):
                near.append((name, span))  # "in the Donetsk and Luhansk regions": both
        if near:
            out.scope = [n for n, _s in near]
            out.evidence["scope"] = [s for _n, s in near]
            out.nationwide = False
            out.evidence.pop("nationwide", None)
        else:
            out.scope = []
            out.evidence.pop("scope", None)
    if gaz.places and not out.scope:
        _the_region(text, gaz, out, dateline.end() if dateline else 0)


#: "a comprehensive ceasefire in the region": the region named before in the sentence
_THE_AREA = re.compile(
    r"\b(?:truce|cease-?fire|cessation of hostilities|calm)\s+(?:\w+\s+){0,2}?in\s+the\s+"
    r"(?P<kind>region|province|city|town|enclave)\b",
    re.IGNORECASE,
)
_KINDS = {
    "region": ("region", "admin1"),
    "province": ("admin1", "region"),
    "city": ("city", "town"),
    "town": ("town", "city", "village"),
    "enclave": ("region", "admin1", "city", "town"),
}


def _the_region(text: str, gaz: Gazetteer, out: Reading, after: int) -> None:
    """The place a truce "in the region" (province, city, town) is in: the last one of that
    kind the sentence named before ("Darfur's largest rebel group signed a peace agreement
    that includes a comprehensive ceasefire in the region": Darfur)."""
    m = _THE_AREA.search(text)
    if m is None:
        return
    kinds = _KINDS[m.group("kind").lower()]
    before = [p for p in find_places(text[: m.start()], gaz) if p.start >= after]
    named = [p for p in before if p.place.kind in kinds and p.precision is not _COUNTRY]
    if named:
        out.scope.append(named[-1].place.name)
        out.cite("scope", (named[-1].start, named[-1].end))
        out.nationwide = False
        out.evidence.pop("nationwide", None)


def _regions(text: str, gaz: Gazetteer, out: Reading) -> None:
    """The gazetteer's region written "in the western region of the country" near the truce
    words or the act (Libya's "western region" is Tripolitania), if it has one."""
    truce = lx.TRUCE.search(text)
    act = out.evidence.get("act", [(0, 0)])[0][0]
    anchor = min(a for a in (truce.start() if truce else None, act) if a is not None)
    for m in _REGION.finditer(text, anchor):
        if m.start() - anchor > 80:
            break
        region = next((p for p in gaz.lookup(m.group("name")) if p.kind == "region"), None)
        if region is not None and region.name not in out.scope:
            out.scope.append(region.name)
            out.cite("scope", m.span("name"))
