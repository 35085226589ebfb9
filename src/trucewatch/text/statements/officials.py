"""The state a well-known official speaks for, by name, when the words around the name do not
say it ("President Petro Poroshenko said", "Erdogan said", "أعلن السراج"): a table of facts
(heads of state and government, foreign and defence ministers and envoys of the states of the
conflicts followed), matched as whole words of the person's name; a spokesman speaks for the
side his office names instead (:mod:`.speakers`). A name that several officials share is
written in full ("Mansour Hadi"). A new official goes in :data:`OFFICIALS`. The leaders of the
sides (:data:`SIDE_LEADERS`: Haftar, Hemedti, Sarraj) name the side they lead, under its
canonical name in the country's pack or names file — the party of "Haftar said he would".
"""

from __future__ import annotations

import re
from collections.abc import Collection

__all__ = ["OFFICIALS", "SIDE_LEADERS", "side_of_leader", "state_of_official"]

#: state -> the names (English and Arabic spellings) of officials who speak for it
OFFICIALS: dict[str, tuple[str, ...]] = {
    "Ukraine": (
        "Poroshenko",
        "Zelensky",
        "Zelenskiy",
        "Zelenskyy",
        "Yatsenyuk",
        "Klimkin",
        "Kuleba",
        "بوروشينكو",
        "زيلينسكي",
        "كوليبا",
    ),
    "Russia": (
        "Putin",
        "Lavrov",
        "Shoigu",
        "Peskov",
        "Churkin",
        "Nebenzia",
        "Zakharova",
        "Konashenkov",
        "بوتين",
        "لافروف",
        "شويغو",
        "بيسكوف",
        "تشوركين",
        "نيبينزيا",
        "زاخاروفا",
        "كوناشينكوف",
    ),
    "Turkey": (
        "Erdogan",
        "Erdoğan",
        "Cavusoglu",
        "Çavuşoğlu",
        "Davutoglu",
        "Hulusi Akar",
        "أردوغان",
        "جاويش أوغلو",
        "داود أوغلو",
        "خلوصي أكار",
    ),
    "United States": (
        "Obama",
        "Trump",
        "Biden",
        "John Kerry",
        "Tillerson",
        "Pompeo",
        "Blinken",
        "Mark Toner",
        "John Kirby",
        "أوباما",
        "ترامب",
        "بايدن",
        "جون كيري",
        "بلينكن",
        "تيلرسون",
        "بومبيو",
        "كيربي",
    ),
    "Syria": (
        "Bashar al-Assad",
        "Walid al-Muallem",
        "Faisal Mekdad",
        "Bashar al-Jaafari",
        "بشار الأسد",
        "وليد المعلم",
        "فيصل المقداد",
        "بشار الجعفري",
    ),
    "Israel": ("Netanyahu", "Naftali Bennett", "Yair Lapid", "Gallant", "نتنياهو"),
    "Egypt": ("Sisi", "Sameh Shoukry", "السيسي", "سامح شكري"),
    "Yemen": ("Mansour Hadi", "Rashad al-Alimi", "منصور هادي", "رشاد العليمي"),
    "Saudi Arabia": (
        "Adel al-Jubeir",
        "عادل الجبير",
    ),
    "Libya": ("Sarraj", "Dbeibah", "Dbeiba", "السراج", "الدبيبة"),
    "Sudan": ("Burhan", "البرهان"),
    "Iran": ("Zarif", "Rouhani", "ظريف", "روحاني"),
    "Germany": ("Merkel", "Steinmeier", "ميركل"),
    "France": ("Hollande", "Macron", "هولاند", "ماكرون"),
}
#: side (canonical name in its country's pack or names file) -> the names of its leaders
SIDE_LEADERS: dict[str, tuple[str, ...]] = {
    "Libyan National Army": ("Khalifa Haftar", "Khalifa Hifter", "Haftar", "حفتر"),
    "Government of National Accord": (
        "Fayez al-Sarraj",
        "Fayez Serraj",
        "Fayez al-Serraj",
        "Sarraj",
        "Serraj",
        "السراج",
    ),
    "Government of National Unity": ("Dbeibah", "Dbeiba", "الدبيبة"),
    "House of Representatives": ("Aguila Saleh", "عقيلة صالح"),
    "Rapid Support Forces": ("Dagalo", "Hemedti", "Hemeti", "حميدتي", "دقلو"),
    "Sudanese Armed Forces": ("Burhan", "البرهان"),
    "Ansar Allah": ("Abdul-Malik al-Houthi", "Abdulmalik al-Houthi", "عبد الملك الحوثي"),
    "Hamas": ("Ismail Haniyeh", "Yahya Sinwar", "Khaled Meshaal", "هنية", "السنوار", "مشعل"),
    "Russian-backed separatists": (
        "Zakharchenko",
        "Pushilin",
        "Plotnitsky",
        "زاخارتشينكو",
        "بوشيلين",
    ),
}


def _pattern(names: list[str]) -> re.Pattern[str]:
    return re.compile(
        "|".join(
            r"(?<![\w-])" + _GAP.join(map(re.escape, re.split(_GAP, n))) + r"(?![\w-])"
            for n in sorted(names, key=len, reverse=True)
        )
    )


def _key(name: str) -> str:
    return " ".join(name.replace("-", " ").casefold().split())


_GAP = r"[\s-]+"
_LEADERS = _pattern([n for names in SIDE_LEADERS.values() for n in names])
_SIDE = {_key(n): side for side, names in SIDE_LEADERS.items() for n in names}


def side_of_leader(person: str | None, sides: Collection[str]) -> str | None:
    """The side the leader named ``person`` leads (:data:`SIDE_LEADERS`) when ``sides`` (the
    country's canonical side names) has it; None otherwise."""
    m = _LEADERS.search(person or "")
    side = None if m is None else _SIDE.get(_key(m.group()))
    return side if side is not None and side in sides else None


_NAMES = sorted(((n, s) for s, names in OFFICIALS.items() for n in names), key=lambda p: -len(p[0]))
_OFFICIAL = _pattern([n for n, _s in _NAMES])
_STATE = {_key(n): s for n, s in _NAMES}


def state_of_official(person: str | None) -> str | None:
    """The state the official named ``person`` speaks for (:data:`OFFICIALS`), None when the
    name is not listed."""
    if not person:
        return None
    m = _OFFICIAL.search(person)
    if m is None:
        return None
    return _STATE.get(_key(m.group()))
