"""Numbers in Arabic news text and the death toll of an Arabic sentence.

Digits (ASCII, Arabic-Indic "٢٥", Persian "۲۵"), number words in both genders and cases ("خمسة",
"خمس", "خمسة عشر", "خمسة وعشرون", "مئتين", "ثلاثة آلاف"), duals of people ("طفلين" two
children, "قتيلين" two dead) and vague words coded as the English ones are (docs/news.md):
"عشرات" (dozens) 12, "مئات" (hundreds) 100, "آلاف" (thousands) 1000, "عدة"/"بضعة"/"عدد من"
(several, a few) 3.

A death toll is a number after a killing word ("مقتل 12", "قتل 5", "أودى بحياة 7", "ارتفعت
حصيلة القتلى إلى 40") or before a word for the dead ("12 قتيلاً", "سقوط 5 قتلى", "7 أشخاص
لقوا حتفهم"); "ما لا يقل عن" and "أكثر من" (at least, more than) make it a lower bound, "قرابة"
and "ما يصل إلى" (nearly, up to) an upper one; a number after "بينهم"/"منهم" (among them) is a
part of the toll and skipped, and so are counts of wounded, raids, shells or days.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from trucewatch.text.arabic.letters import fold, fold_pattern
from trucewatch.text.numbers import MAX_TOLL, DeathToll, Number

__all__ = ["death_toll", "numbers_in"]

_UNITS = {
    "واحد": 1, "واحدة": 1, "أحد": 1, "إحدى": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2,
    "اثنتي": 2,
    "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6,
    "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "ثمان": 8, "تسعة": 9, "تسع": 9,
}  # fmt: skip
_TEN = ("عشرة", "عشر")
_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}  # fmt: skip
_HUNDREDS = {
    "مئة": 100, "مائة": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200,
    **{f"{u}{h}": v * 100 for u, v in (("ثلاث", 3), ("أربع", 4), ("خمس", 5), ("ست", 6),
                                        ("سبع", 7), ("ثمان", 8), ("تسع", 9))
       for h in ("مئة", "مائة")},
}  # fmt: skip
_THOUSAND = ("ألف", "آلاف", "ألفا")
_DUALS = (
    "شخصين", "شخصان", "طفلين", "طفلان", "قتيلين", "قتيلان", "شهيدين", "شهيدان", "جنديين",
    "جنديان", "عنصرين", "عنصران", "رجلين", "رجلان", "امرأتين", "امرأتان", "مدنيَّين",
)  # fmt: skip
_VAGUE = {"عشرات": 12, "مئات": 100, "آلاف": 1000, "عدة": 3, "بضعة": 3, "بضع": 3, "عدد من": 3}

_VALUES: dict[str, tuple[str, int]] = {
    **{fold_pattern(w): ("unit", v) for w, v in _UNITS.items()},
    **{fold_pattern(w): ("ten", 10) for w in _TEN},
    **{fold_pattern(w): ("tens", v) for w, v in _TENS.items()},
    **{fold_pattern(w): ("hundreds", v) for w, v in _HUNDREDS.items()},
    **{fold_pattern(w): ("thousand", 1000) for w in _THOUSAND},
}


def _alternation(words: Iterable[str]) -> str:
    folded = {re.escape(fold_pattern(w)) for w in words}
    return "|".join(sorted(folded, key=len, reverse=True))


_WORD = _alternation(_VALUES)
_NUMBER = re.compile(
    r"(?<![^\s\"'«(\[/\-وبلف])(?:ال)?(?:"
    r"(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]\d)(?P<times>\s+(?:الف|الاف))?"
    rf"|(?P<words>(?:{_WORD})(?:(?:\s+و?|\s*و)(?:{_WORD}))*)"
    rf"|(?P<dual>{_alternation(_DUALS)})"
    rf"|(?P<vague>{_alternation(_VAGUE)}))(?!\w)"
)
_DUALS_FOLDED = frozenset(fold_pattern(d) for d in _DUALS)
_VAGUE_FOLDED = {fold_pattern(k): v for k, v in _VAGUE.items()}


def _words_value(text: str) -> int:
    total = current = 0
    for token in text.replace("و", " و ").split():
        kind, value = _VALUES.get(token, ("", 0))
        if kind in ("unit", "tens", "hundreds"):
            current += value
        elif kind == "ten":
            current += 10
        elif kind == "thousand":
            total += max(current, 1) * 1000
            current = 0
    return total + current


def numbers_in(folded: str) -> list[Number]:
    """Every number in a folded text (:func:`~trucewatch.text.arabic.letters.fold`), in order,
    offsets in the folded text; years (1900-2099 written as digits) are skipped."""
    out: list[Number] = []
    for m in _NUMBER.finditer(folded):
        if m.group("digits"):
            value = int(m.group("digits").replace(",", ""))
            if 1900 <= value <= 2099 and "," not in m.group("digits"):
                continue
            if folded[m.end("digits") : m.end("digits") + 1] in (":", "/", "%", "."):
                continue
            if m.group("times"):
                value *= 1000
            out.append(Number(value, m.start("digits"), m.end()))
        elif m.group("words"):
            value = _words_value(m.group("words"))
            if value:
                out.append(Number(value, m.start("words"), m.end()))
        elif m.group("dual"):
            out.append(Number(2, m.start("dual"), m.end()))
        else:
            vague = m.group("vague")
            out.append(Number(_VAGUE_FOLDED[vague], m.start("vague"), m.end(), vague=True))
    return out


_QUALIFIER = (
    r"(?:ما\s+لا\s+يقل\s+عن|لا\s+يقل\s+عن|أكثر\s+من|ما\s+يزيد\s+عن|ما\s+يزيد\s+على|أزيد\s+من|"
    r"نحو|حوالي|قرابة|زهاء|ما\s+يقارب|ما\s+يصل\s+إلى|حتى)"
)
_P = fold_pattern
#: a killing word right before the number (and its qualifier)
_KILLED_BEFORE = re.compile(
    _P(
        r"(?<!\w)[وف]?[بل]?(?:مقتل|قتل|قتلت|يقتل|تقتل|قتلوا|مصرع|استشهاد|إعدام|أعدم|أعدمت|ذبح|"
        r"بحياة|حياة|وفاة|حصد|حصدت|أودى|أودت)\s+(?P<gap>(?:[^\s\d]+\s+){0,3}?)"
        rf"(?:{_QUALIFIER}\s+)?$"
    )
)
#: "the toll rose to" before the number
_RISEN = re.compile(
    _P(
        r"(?:حصيلة|عدد)\s+(?:ال)?(?:قتلى|ضحايا|شهداء|وفيات|الموتى)(?:\s+\S+){0,6}?\s+"
        rf"(?:إلى|ل|بلغت|بلغ)\s*(?:{_QUALIFIER}\s+)?$"
    )
)
#: a word for the dead right after the number (up to two words between)
_KILLED_AFTER = re.compile(
    _P(
        r"^(?P<gap>(?:\s+\S+){0,2}?)\s+[وف]?(?:ال)?(?:قتلى|قتيلا|قتيل|شهداء|شهيدا|شهيد|جثث|جثة|"
        r"قتلوا|لقوا\s+حتفهم|حتفهم|حتفه|لقوا\s+مصرعهم|مصرعهم|قضوا)(?!\w)"
    )
)
_GAP_NOT = re.compile(_P(r"جرحى|جريح|مصاب|إصابة|\d|و\S*(?:جرح|صاب)"))
_NOT_DEATHS = re.compile(
    _P(
        r"^\s+(?:ال)?(?:جرحى|جريح|مصابين|مصابا|مصاب|إصابة|إصابات|غارات|غارة|صواريخ|صاروخ|"
        r"قذائف|قذيفة|براميل|برميل|أيام|يوم|يوما|ساعات|ساعة|أشهر|شهر|شهور|أسابيع|أسبوع|"
        r"سنوات|سنة|أعوام|عام|عاما|كيلومترات|كيلومتر|كم|كلم|متر|أمتار|قرى|قرية|بلدات|بلدة|"
        r"منازل|منزل|مباني|مبنى|عائلات|عائلة|أسر|معتقل|معتقلين|مختطف|مخطوف|أسرى|دقائق|دقيقة|"
        r"طائرات|طائرة|دبابات|دبابة|مرات|مرة|بالمئة|بالمائة|طن|أطنان|مليون|نقاط|نقطة)(?!\w)"
    )
)
_SUBSET = re.compile(_P(rf"(?:بينهم|منهم|بينهن|منهن|بينهما|منهما)\s+(?:{_QUALIFIER}\s+)?$"))
_LOW_BEFORE = re.compile(
    _P(
        r"(?:ما\s+لا\s+يقل\s+عن|لا\s+يقل\s+عن|أكثر\s+من|ما\s+يزيد\s+عن|ما\s+يزيد\s+على|أزيد\s+من)\s+$"
    )
)
_LOW_AFTER = re.compile(_P(r"^(?:\s+\S+)?\s+على\s+الأقل"))
_HIGH_BEFORE = re.compile(_P(r"(?:قرابة|ما\s+يقارب|ما\s+يصل\s+إلى|حتى)\s+$"))


def death_toll(sentence: str) -> DeathToll | None:
    """The first death toll of an Arabic ``sentence`` (see the module docstring), its offsets
    in ``sentence``."""
    folded = fold(sentence)
    text = folded.text
    for num in numbers_in(text):
        before = text[max(0, num.start - 60) : num.start]
        after = text[num.end : num.end + 60]
        dual = text[num.start : num.end] in _DUALS_FOLDED  # "طفلين": the noun is the count
        if _SUBSET.search(before) or (_NOT_DEATHS.match(after) and not dual):
            continue
        killed_after = _KILLED_AFTER.match(after)
        if killed_after and _GAP_NOT.search(killed_after.group("gap")):
            killed_after = None
        killed_before = _KILLED_BEFORE.search(before)
        if killed_before and _GAP_NOT.search(killed_before.group("gap")):
            killed_before = None
        if not (killed_after or killed_before or _RISEN.search(before)):
            continue
        if num.value > MAX_TOLL:
            continue
        low: int | None = num.value
        high: int | None = num.value
        if _LOW_BEFORE.search(before) or _LOW_AFTER.match(after) or num.vague:
            high = None
        if _HIGH_BEFORE.search(before):
            low = None
        start, end = folded.span(num.start, num.end)
        return DeathToll(low, num.value, high, start, end, sentence[start:end], num.vague)
    return None
