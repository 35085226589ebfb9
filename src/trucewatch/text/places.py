"""Places named in a sentence, with what the mention stands for (city, governorate, "near").

"Aleppo" alone is the city, and so are "the eastern districts of Aleppo" and "parts of
Aleppo"; "Aleppo province", "the province of Aleppo", "Aleppo countryside" and "the northern
countryside of Aleppo" are the governorate; "near", "outskirts of", "suburbs of" and "around"
widen the city to a limited area around it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from trucewatch.model.event import LocationPrecision
from trucewatch.text.gazetteer import HEAD_LETTERS, Gazetteer, Place, norm, skeleton
from trucewatch.text.names import head_keys
from trucewatch.text.packs import pack_of_country
from trucewatch.text.places_elsewhere import OF_BEFORE, named_elsewhere
from trucewatch.text.sentences import dateline_end

__all__ = ["PlaceMatch", "after_dateline", "find_places", "precision_of", "radius_of"]


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A gazetteer place found at ``[start, end)`` of a sentence, and how precise the mention is."""

    place: Place
    start: int
    end: int
    text: str
    precision: LocationPrecision
    radius_km: float
    qualifier: str | None = None
    # named for something other than the event: where people came from ("51 martyrs from
    # Kefraya"), an earlier event ("the worst fighting since the battle for Aleppo")
    elsewhere: bool = False


#: people per km² of a city's built-up area, for the radius of a city named plainly: the disc
#: has the area population / CITY_DENSITY (docs/news.md, "Radii"). The twelve cities mapped in
#: OCHA's neighbourhood layer have 5,200-18,400 people per km² (Aleppo 18,400, Damascus
#: 13,700); 10,000 gives each city a disc somewhat larger than its mapped neighbourhoods.
CITY_DENSITY = 10_000.0
#: the radius of a place with no population (a village, a district or neighbourhood, a site)
SMALL_PLACE_KM = 2.0
#: added to the radius of a place mentioned as "near X", "outskirts of X", "east of X"
NEAR_KM = 10.0
#: an admin-1 unit whose pack gives no area
GOVERNORATE_KM = 150.0
#: a region (Eastern Ghouta, Qalamoun, ...), unless its pack gives its radius (``radius_km``:
#: a city district or a small area written among the regions)
REGION_DEFAULT_KM = 25.0


_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*")
_ADMIN_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:(?:northern|southern|eastern|western|north-?\w*|south-?\w*)\s+)?"
    r"(province|governorate|countryside|rural areas|region|suburbs|outskirts|district)\b",
    re.IGNORECASE,
)
_ADMIN_BEFORE = re.compile(
    r"\b(province|governorate|countryside|rural areas|region)\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
_NEAR_BEFORE = re.compile(
    r"\b(near|nearby|around|outside|close to|outskirts of|edges? of|vicinity of|"
    r"suburbs? of|districts? of|neighbou?rhoods? of|parts? of|(?:north|south|east|west)"
    r"(?:-?(?:east|west))?(?:ern)?\s+of|(?:north|south|east|west)(?:ern)?)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: a part of a city is in the city (its own disc), not near it
_PART_OF = re.compile(r"(?:districts?|neighbou?rhoods?|parts?) of")
_CITY_AFTER = re.compile(r"^(?:['’]s)?\s+(city|town|village)\b", re.IGNORECASE)


def _disc_radius(area_km2: float) -> float:
    return math.sqrt(area_km2 / math.pi)


def radius_of(place: Place, precision: LocationPrecision) -> float:
    """The radius (km) of what a mention stands for (docs/news.md, "Radii").

    A city named plainly: the disc of the city's own area (population / :data:`CITY_DENSITY`,
    at least :data:`SMALL_PLACE_KM`); "near" it: that plus :data:`NEAR_KM`; a governorate: the
    disc of its area (``area_km2`` in its country's pack); the country: 500 km; a region: 25 km
    unless its pack says otherwise (a city district written among the regions: 2 km).
    """
    country = pack_of_country(place.country)
    if precision is LocationPrecision.ADMIN1:
        unit = country.unit(place.admin1 or place.name) if country else None
        area = unit.area_km2 if unit else None
        return GOVERNORATE_KM if area is None else round(_disc_radius(area), 1)
    if precision is LocationPrecision.COUNTRY:
        return 500.0
    if place.kind == "region":
        radius = country.region_radius(place.name) if country else None
        return REGION_DEFAULT_KM if radius is None else radius
    size = max(SMALL_PLACE_KM, round(_disc_radius(place.population / CITY_DENSITY), 1))
    return size + NEAR_KM if precision is LocationPrecision.NEAR else size


def _qualify(place: Place, sentence: str, start: int, end: int) -> tuple[Place, str | None]:
    after = sentence[end : end + 40]
    before = sentence[max(0, start - 50) : start]
    if place.kind == "city" and not _CITY_AFTER.match(after):
        match = _ADMIN_AFTER.match(after) or _ADMIN_BEFORE.search(before)
        if match and match.group(1).lower() not in ("suburbs", "outskirts", "district"):
            return place, "admin1:" + match.group(1).lower()
        if match:
            return place, "near:" + match.group(1).lower()
    match = _NEAR_BEFORE.search(before)
    if match and place.kind in ("city", "region"):
        words = " ".join(match.group(1).lower().split())
        if place.kind == "city" and _PART_OF.fullmatch(words):
            return place, "in:" + words  # "the eastern districts of Aleppo" are in the city
        return place, "near:" + words
    return place, None


_DIRECTION = re.compile(r"\b(north|south|east|west)(?:-?(east|west))?(?:ern)?\b", re.IGNORECASE)
_STEP = {"north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1)}
COUNTRYSIDE_OFFSET_KM = 25.0
COUNTRYSIDE_RADIUS_KM = 60.0


def _countryside(place: Place, context: str) -> tuple[Place, float]:
    """The countryside of a city: a point 25 km from it in the direction named (if any), with a
    60 km radius (docs/news.md)."""
    match = _DIRECTION.search(context)
    if not match:
        return replace(place, name=f"{place.name} countryside"), COUNTRYSIDE_RADIUS_KM
    dlat = dlon = 0.0
    for word in (match.group(1), match.group(2)):
        if word:
            north, east = _STEP[word.lower()]
            dlat += north
            dlon += east
    norm_ = math.hypot(dlat, dlon) or 1.0
    km_lat = COUNTRYSIDE_OFFSET_KM * dlat / norm_ / 111.2
    km_lon = COUNTRYSIDE_OFFSET_KM * dlon / norm_ / (111.2 * math.cos(math.radians(place.lat)))
    name = f"{match.group(0).lower()} countryside of {place.name}"
    return (
        replace(place, name=name, lat=place.lat + km_lat, lon=place.lon + km_lon),
        COUNTRYSIDE_RADIUS_KM - COUNTRYSIDE_OFFSET_KM / 2,
    )


def precision_of(place: Place, qualifier: str | None) -> LocationPrecision:
    """The precision a place named with ``qualifier`` ("near:...", "admin1:...") is read at."""
    if place.kind == "admin1" or (qualifier or "").startswith("admin1"):
        return LocationPrecision.ADMIN1
    if place.kind == "country":
        return LocationPrecision.COUNTRY
    if (qualifier or "").startswith("near") or place.kind == "region":
        return LocationPrecision.NEAR
    return LocationPrecision.EXACT


def _capitalized(word: str) -> bool:
    if word[:1].isupper():
        return True
    if "-" not in word and "_" not in word:
        return False  # no article before a capital ("al-Bab")
    head, _, rest = word.replace("_", "-").partition("-")
    return head.lower() in _ARTICLE_HEADS and rest[:1].isupper()


_ARTICLE_HEADS = frozenset(["al", "el", "ar", "as", "ad", "an", "at", "ash", "az", "ed", "ez"])
_POSSESSIVE = re.compile(r"['’]s$")


def _span_end(token: re.Match[str]) -> int:
    """Where a mention ending with ``token`` ends: a possessive ("Aleppo’s") is not part of it."""
    match = _POSSESSIVE.search(token.group())
    return token.end() - (2 if match and len(token.group()) > 4 else 0)


_IN = re.compile(
    r"(?:\s+(?:farms?|area|village|town|camp|district|neighbou?rhood|quarter|hills?|plain))?"
    r"\s+in\s+(?:the\s+)?",
    re.IGNORECASE,
)


def _inside_container(
    found: list[PlaceMatch], sentence: str, gazetteer: Gazetteer
) -> list[PlaceMatch]:
    """Read "A in B" or "A Farms / area / village ... in B" (B a city, governorate or region)
    as A inside B's governorate: a place of
    A's name there if the gazetteer has one, else A is dropped (an unknown village that shares
    its name with a place far away: "Hader in Quneitra" is not Al Hadir in Aleppo)."""
    kept: list[PlaceMatch] = []
    for k, match in enumerate(found):
        nxt = found[k + 1] if k + 1 < len(found) else None
        if (
            nxt is None
            or match.place.kind != "city"
            or match.qualifier is not None
            or nxt.place.kind not in ("city", "admin1", "region")
            or not _IN.fullmatch(sentence[match.end : nxt.start])
        ):
            kept.append(match)
            continue
        gov = nxt.place.name if nxt.place.kind == "admin1" else nxt.place.admin1
        if gov is None or match.place.admin1 == gov:
            kept.append(match)
            continue
        key = match.text
        cands = gazetteer.by_norm.get(norm(key)) or gazetteer.by_skeleton.get(skeleton(key), [])
        inside = [p for p in cands if p.kind == "city" and p.admin1 == gov]
        if inside:
            kept.append(replace(match, place=inside[0]))
    return kept


#: a capital named for its government: "Damascus said", "despite Damascus promises",
#: "Damascus and its ally Moscow" (checked after the name; "Damascus countryside" is a place)
_GOVERNMENT_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:has\s+|had\s+)?(?:said|says|say|promised|promises?|announced|"
    r"accused|denied|denies|insisted|insists|rejected|rejects|agreed|demanded|warned|"
    r"government|regime|and its all(?:y|ies)|allies|ally)\b",
    re.IGNORECASE,
)
# A place name inside an armed group's name: "Shuhada'a al-Yarmouk Brigade", "Idlib Army".
_GROUP_AFTER = re.compile(
    r"^\s+(?:(?i:brigades?|battalions?|division|regiment|legion|corps)|Front|Army)\b"
)
#: words that begin Levantine place names ("hill", "village", "spring", "inn", "monastery",
#: "bridge", "gate", "cape", "mountain", "well", "house"); alone they may be a place too
_NAME_HEADS = frozenset(
    norm(w)
    for w in (
        "Tall", "Tal", "Tel", "Tell", "Kafr", "Kfar", "Kafar", "Ain", "Ein", "Ayn", "Khan", "Deir",
        "Dayr", "Jisr", "Bab", "Ras", "Jabal", "Jebel", "Bir", "Beit", "Bayt", "Qasr", "Maarat",
        "Maaret",
    )
)  # fmt: skip


def _unknown_longer_name(tokens: list[re.Match[str]], i: int, n: int, sentence: str) -> bool:
    """Whether the match is a name's head word alone while the name goes on ("Tall Tawil"):
    a one-word match in _NAME_HEADS followed, after one space or hyphen, by a capitalised
    word (the longest-first lookup already failed on the longer name)."""
    if n != 1 or norm(tokens[i].group()) not in _NAME_HEADS or i + 1 >= len(tokens):
        return False
    gap = sentence[tokens[i].end() : tokens[i + 1].start()]
    return gap in (" ", "-") and _capitalized(tokens[i + 1].group())


def _pick(cands: list[Place], near: str | None) -> Place:
    """The best candidate; among places of no known population (loaded neighbourhoods, admin
    units: "Al Zahra" is a quarter of Aleppo and of Damascus), one in governorate ``near``."""
    if near and cands[0].population == 0:
        for place in cands:
            if place.population == 0 and place.admin1 == near and place.kind == cands[0].kind:
                return place
    return cands[0]


_GLUED_DIRECTION = re.compile(r"^(?P<name>.{4,}?)(?:north|south|east|west)(?:ern)?$")


def _glued_direction(
    token: re.Match[str], gazetteer: Gazetteer
) -> tuple[Place, int, int, int] | None:
    """A place name glued to the direction after it, as scraped text has them ("near
    Kobaninorth Syria" for "near Kobani, north Syria"): the place, over the name's letters."""
    match = _GLUED_DIRECTION.match(token.group())
    if not match:
        return None
    cands = gazetteer.by_norm.get(norm(match.group("name")))
    if not cands:
        return None
    return cands[0], token.start(), token.start() + len(match.group("name")), 1


def _may_begin_longer(token: re.Match[str], sentence: str, gazetteer: Gazetteer) -> bool:
    """Whether a name of two words or more may begin with ``token``: False only when neither
    its normalized first word nor its skeleton's first letters begin an indexed name
    (:meth:`~trucewatch.text.gazetteer.Gazetteer.heads`), so the longer lookups can be
    skipped. The character after the token must end its word for :func:`norm` (any ASCII
    one but the backtick it deletes); otherwise the lookups run."""
    after = sentence[token.end() : token.end() + 1]
    if not after.isascii() or after == "`":
        return True
    keys = head_keys(token.group())
    if keys is None:
        return True
    first, skel = keys
    words, starts = gazetteer.heads()
    return first in words or not skel or skel[:HEAD_LETTERS] in starts


def find_places(
    sentence: str, gazetteer: Gazetteer, *, near: str | None = None
) -> list[PlaceMatch]:
    """Non-overlapping places in ``sentence``, in order, longest name first at each position.

    Only mentions that start with a capital (or ``al-`` + capital) are looked up, so English
    words that are also village names are not taken for places. ``near`` (a governorate, e.g.
    that of the article's last place) breaks ties between same-named places of no population.
    """
    tokens = list(_TOKEN.finditer(sentence))
    caps = [_capitalized(t.group()) for t in tokens]
    found: list[PlaceMatch] = []
    i = 0
    while i < len(tokens):
        if not caps[i]:
            i += 1
            continue
        hit = None
        longest = min(gazetteer.max_words, len(tokens) - i)
        if longest > 1 and not _may_begin_longer(tokens[i], sentence, gazetteer):
            longest = 1
        for n in range(longest, 0, -1):
            start, end = tokens[i].start(), _span_end(tokens[i + n - 1])
            span = sentence[start:end]
            cands = gazetteer.by_norm.get(norm(span))
            if not cands and all(caps[i : i + n]):
                skel = skeleton(span)
                cands = gazetteer.by_skeleton.get(skel) if len(skel) >= 5 else None
            if cands and near and cands[0].population == 0 and len(skeleton(span)) >= 5:
                cands = [*cands, *gazetteer.by_skeleton.get(skeleton(span), [])]
            if cands:
                hit = (_pick(cands, near), start, end, n)
                break
        if hit is None:
            hit = _glued_direction(tokens[i], gazetteer)
        if hit is None:
            i += 1
            continue
        place, start, end, n = hit
        if (
            place.kind == "city"
            and _GOVERNMENT_AFTER.match(sentence[end : end + 30])
            and not OF_BEFORE.search(sentence[max(0, start - 12) : start])
        ):
            i += n  # "Damascus said", "Damascus promises": the government, not the city
            continue  # ("the mayor of Mariupol said": the city)
        if _GROUP_AFTER.match(sentence[end : end + 20]):
            i += n  # "al-Yarmouk Brigade": a group named for a place
            continue
        if _unknown_longer_name(tokens, i, n, sentence):
            i += 2  # "Tall Tawil", "Kafr Nabudah": not the place named by the head word alone
            continue
        place, qualifier = _qualify(place, sentence, start, end)
        radius = None
        if qualifier in ("admin1:countryside", "admin1:rural areas") and place.kind == "city":
            # "the (northern) countryside of Homs": an area around the city, not its centroid
            place, radius = _countryside(place, sentence[max(0, start - 50) : end + 40])
            qualifier = "near:countryside"
        elif qualifier and qualifier.startswith("admin1") and place.kind == "city":
            place = gazetteer.admin1_unit(place) or place
        precision = precision_of(place, qualifier)
        found.append(
            PlaceMatch(
                place,
                start,
                end,
                sentence[start:end],
                precision,
                radius or radius_of(place, precision),
                qualifier,
                named_elsewhere(found, sentence, start, end),
            )
        )
        i += n
    return _inside_container(found, sentence, gazetteer)


def after_dateline(sentence: str, found: list[PlaceMatch]) -> list[PlaceMatch]:
    """The places of ``sentence`` named after its dateline, when one of them may be an event's
    (below the country, not named for something else): the dateline is where the story was
    filed ("طرابلس، 23 شباط/فبراير — ... في مدينة الكفرة"); else all of ``found``."""
    head = dateline_end(sentence)
    body = [p for p in found if p.start >= head]
    if head and any(p.precision is not LocationPrecision.COUNTRY and not p.elsewhere for p in body):
        return body
    return found
