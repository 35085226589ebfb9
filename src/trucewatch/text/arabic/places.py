"""Places named in an Arabic sentence, through the gazetteer's Arabic names.

Arabic has no capitals to tell a name from a word, so a name the pack does not write by hand
(:mod:`~trucewatch.text.arabic.names`) is taken only when it is long enough to be a name — two
words or more, or the name of a place of at least :data:`TOWN_POPULATION` people that is not also
a common word ("الثورة" the revolution, "الباب" the door) — or when a word for a place comes
right before it ("مدينة", "بلدة", "قرية", "حي", "مخيم", "ريف", "قرب" ...). Mentions are read as
in English: "محافظة حلب" the governorate, "ريف حلب الشمالي" the northern countryside of
Aleppo (a point 25 km north, as "the northern countryside of Aleppo"), "قرب"/"محيط"/"أطراف"/
"شمال" near; a place after "نازحين من" (displaced from) or "منذ معركة" (since the battle of) is
named for something else (:attr:`~trucewatch.text.places.PlaceMatch.elsewhere`).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from trucewatch.text.arabic.letters import Folded, fold, fold_pattern
from trucewatch.text.arabic.names import ArabicIndex, arabic_index, bare
from trucewatch.text.names import Place
from trucewatch.text.places import (
    COUNTRYSIDE_OFFSET_KM,
    COUNTRYSIDE_RADIUS_KM,
    PlaceMatch,
    precision_of,
    radius_of,
)

if TYPE_CHECKING:
    from trucewatch.text.gazetteer import Gazetteer

__all__ = ["TOWN_POPULATION", "find_places"]

#: the population above which a GeoNames Arabic name of one word is taken without a place word
TOWN_POPULATION = 20_000
_P = fold_pattern
#: single words that are place names and also common words
_COMMON_WORDS = (
    "الثورة الحراك الباب التل الطبقة الزيارة السجن الشجرة الكرامة المزرعة المنصورة "
    "الناصرة جديدة حديدة الحاضر الحمراء الروضة الجلاء الحول ملح قارة قنوات برقية الإشارة "
    "التبني الكريمة مهين عجمي بصير الهادر الغانية الصفصافة ربيعة السوداء الكشفة سلوك "
    "الحاجب الدالية المسلخة جنية شين عوج سبة الراعي الجيزة النشابية الحميدية "
    # words for the country, the state, the region, the city, the border, the front
    "البلاد الدولة المنطقة المدينة الوطن الحدود العاصمة الجبهة"
)
_COMMON = frozenset(bare(_P(w)) for w in _COMMON_WORDS.split())
_TOKEN = re.compile(r"[^\W\d_]+")
_CUE = re.compile(
    _P(
        r"(?<!\w)[وف]?[بل]?(?:مدينة|بلدة|قرية|قريتي|حي|أحياء|منطقة|مخيم|ريف|محافظة|ناحية|"
        r"قرب|بالقرب\s+من|محيط|أطراف|ضواحي|مشارف|تخوم|شمال|جنوب|شرق|غرب|شمالي|جنوبي|شرقي|غربي)"
        r"\s+$"
    )
)
_GOVERNORATE_BEFORE = re.compile(_P(r"(?<!\w)[وف]?[بل]?محافظة\s+$"))
_COUNTRYSIDE_BEFORE = re.compile(_P(r"(?<!\w)[وف]?[بل]?ريف\s+$"))
_NEAR_BEFORE = re.compile(
    _P(
        r"(?<!\w)[وف]?[بل]?(?:قرب|بالقرب\s+من|محيط|أطراف|ضواحي|مشارف|تخوم|"
        r"(?:شمال|جنوب|شرق|غرب)(?:ي)?(?:\s+(?:شرق|غرب)(?:ي)?)?)\s+(?:مدينة\s+|بلدة\s+)?$"
    )
)
_DIRECTION_AFTER = re.compile(
    _P(r"^\s+(?:ال)?(شمالي|جنوبي|شرقي|غربي)(?:\s+(?:ال)?(شرقي|غربي))?(?!\w)")
)
_COMPASS = {_P("شمالي"): "north", _P("جنوبي"): "south", _P("شرقي"): "east", _P("غربي"): "west"}
_STEP = {"north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1)}
_ELSEWHERE_BEFORE = re.compile(
    _P(
        r"(?:(?<!\w)(?:نازح\w*|مهجر\w*|المهجرين|أهالي|أبناء|سكان|لاجئ\w*|القادمين|قادمين|"
        r"المنحدرين|منحدرين)\s+(?:\w+\s+){0,2}?(?:من\s+)?|(?<!\w)منذ\s+(?:\w+\s+){0,3})$"
    )
)
_GOVERNMENT_BEFORE = re.compile(
    _P(r"(?<!\w)(?:قالت|أعلنت|اتهمت|نفت|طالبت|رفضت|حذرت|أكدت|ردت|هددت|تقول|تتهم)\s+$")
)
_GROUP_BEFORE = re.compile(
    _P(r"(?<!\w)[وف]?(?:لواء|ألوية|كتيبة|كتائب|فيلق|فرقة|تجمع|جيش|حركة)\s+(?:\w+\s+)?$")
)


def _variants(span: str, shortest: int = 3) -> list[tuple[int, str]]:
    """``(letters cut from the start, key)``: the span, and without the prefixes glued to it
    ("وحلب", "بحلب", "للرقة"), when ``shortest`` letters or more are left."""
    out = [(0, span)]
    for cut in (1, 2):
        head, rest = span[:cut], span[cut:]
        if (
            len(rest) < shortest
            or any(c not in "وفبلك" for c in head)
            or (cut == 2 and head[0] not in "وف")
        ):
            continue
        out.append((cut, rest))
        if rest.startswith("ل") and not rest.startswith("ال"):
            out.append((cut, "ا" + rest))  # "للرقة": "ل" + "الرقة" without its alif
    return out


def _countryside(place: Place, after: str) -> tuple[Place, float]:
    match = _DIRECTION_AFTER.match(after)
    if not match:
        return replace(place, name=f"{place.name} countryside"), COUNTRYSIDE_RADIUS_KM
    words = [_COMPASS[g] for g in match.groups() if g]
    dlat = sum(_STEP[w][0] for w in words)
    dlon = sum(_STEP[w][1] for w in words)
    length = math.hypot(dlat, dlon) or 1.0
    km_lat = COUNTRYSIDE_OFFSET_KM * dlat / length / 111.2
    km_lon = COUNTRYSIDE_OFFSET_KM * dlon / length / (111.2 * math.cos(math.radians(place.lat)))
    name = f"{'-'.join(words)} countryside of {place.name}"
    moved = replace(place, name=name, lat=place.lat + km_lat, lon=place.lon + km_lon)
    return moved, COUNTRYSIDE_RADIUS_KM - COUNTRYSIDE_OFFSET_KM / 2


def _named_alone(key: str, cands: list[Place], before: str) -> bool:
    """Whether a one-word GeoNames name is taken: not a common word, and a town of
    :data:`TOWN_POPULATION` or a place word before it."""
    if bare(key) in _COMMON:
        return False
    return cands[0].population >= TOWN_POPULATION or _CUE.search(before) is not None


def _pick(cands: list[Place], near: str | None) -> Place:
    if near and cands[0].population == 0:
        for place in cands:
            if place.population == 0 and place.admin1 == near and place.kind == cands[0].kind:
                return place
    return cands[0]


def find_places(
    sentence: str, gazetteer: Gazetteer, *, near: str | None = None
) -> list[PlaceMatch]:
    """Non-overlapping places in an Arabic ``sentence``, in order, the longest name first at
    each word (see the module docstring); offsets in ``sentence``. ``near``: as
    :func:`trucewatch.text.places.find_places`."""
    index = arabic_index(gazetteer)
    folded = fold(sentence)
    text = folded.text
    tokens = list(_TOKEN.finditer(text))
    found: list[PlaceMatch] = []
    i = 0
    while i < len(tokens):
        hit = _lookup(index, text, tokens, i)
        if hit is None:
            i += 1
            continue
        cands, cut, n, key = hit
        a, b = tokens[i].start() + cut, tokens[i + n - 1].end()
        before, after = text[max(0, a - 40) : tokens[i].start()], text[b : b + 40]
        if n == 1 and key not in index.trusted and not _named_alone(key, cands, before):
            i += 1
            continue
        place = _pick(cands, near)
        if _GROUP_BEFORE.search(before) or (
            place.kind == "city"
            and place.population > 500_000
            and _GOVERNMENT_BEFORE.search(before)
        ):
            i += n  # "لواء شهداء اليرموك" a group; "اتهمت دمشق" the government
            continue
        found.append(_match(sentence, folded, place, a, b, before, after, gazetteer))
        i += n
    return found


def _lookup(
    index: ArabicIndex, text: str, tokens: list[re.Match[str]], i: int
) -> tuple[list[Place], int, int, str] | None:
    first = _variants(tokens[i].group(), shortest=2)  # "وأم" of "وأم درمان"
    longest = max((index.starts.get(k, 0) for _cut, v in first for k in (v, bare(v))), default=0)
    for n in range(min(longest, len(tokens) - i), 0, -1):
        gaps = [text[tokens[k].end() : tokens[k + 1].start()] for k in range(i, i + n - 1)]
        if any(g.strip() for g in gaps):
            continue  # a name is words with spaces between
        span = " ".join(t.group() for t in tokens[i : i + n])
        for cut, key in _variants(span):
            for k in dict.fromkeys((key, bare(key))):
                cands = index.places.get(k)
                if cands:
                    return cands, cut, n, k
    return None


def _match(
    sentence: str,
    folded: Folded,
    place: Place,
    a: int,
    b: int,
    before: str,
    after: str,
    gazetteer: Gazetteer,
) -> PlaceMatch:
    qualifier: str | None = None
    radius: float | None = None
    if place.kind == "city" and _GOVERNORATE_BEFORE.search(before):
        place, qualifier = gazetteer.admin1_unit(place) or place, "admin1:governorate"
    elif place.kind == "city" and _COUNTRYSIDE_BEFORE.search(before):
        place, radius = _countryside(place, after)
        qualifier = "near:countryside"
    elif place.kind in ("city", "region") and _NEAR_BEFORE.search(before):
        qualifier = "near:" + " ".join(_NEAR_BEFORE.search(before).group().split())  # type: ignore[union-attr]
    precision = precision_of(place, qualifier)
    start, end = folded.span(a, b)
    return PlaceMatch(
        place,
        start,
        end,
        sentence[start:end],
        precision,
        radius or radius_of(place, precision),
        qualifier,
        _ELSEWHERE_BEFORE.search(before) is not None,
    )
