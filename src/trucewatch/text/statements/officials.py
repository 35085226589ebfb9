"""The state a well-known official speaks for, by name, when the words around the name do not
say it ("President Petro Poroshenko said", "Erdogan said", "أعلن السراج"): a table of facts
(heads of state and government, foreign and defence ministers and envoys of the states of the
conflicts followed), matched as whole words of the person's name; a spokesman speaks for the
side his office names instead (:mod:`.speakers`). A name that several officials share is
written in full ("Mansour Hadi"). A new official goes in :data:`OFFICIALS`; one who speaks for
a side that is no state (Haftar, Hemedti) is not listed.
"""

from __future__ import annotations

import re

__all__ = ["OFFICIALS", "state_of_official"]

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
_NAMES = sorted(((n, s) for s, names in OFFICIALS.items() for n in names), key=lambda p: -len(p[0]))
_GAP = r"[\s-]+"
_OFFICIAL = re.compile(
    "|".join(
        r"(?<![\w-])" + _GAP.join(map(re.escape, re.split(_GAP, n))) + r"(?![\w-])"
        for n, _s in _NAMES
    )
)
_STATE = {" ".join(n.replace("-", " ").casefold().split()): s for n, s in _NAMES}


def state_of_official(person: str | None) -> str | None:
    """The state the official named ``person`` speaks for (:data:`OFFICIALS`), None when the
    name is not listed."""
    if not person:
        return None
    m = _OFFICIAL.search(person)
    if m is None:
        return None
    return _STATE.get(" ".join(m.group().replace("-", " ").casefold().split()))
