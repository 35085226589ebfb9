"""Arabic names of the main places of the conflicts of the labelled set that had no country
pack when it was written (Ukraine, Gaza, Sudan, Libya), under the English name the English
articles write, and the Arabic names of the countries: read when an article of one of them is
read without its own gazetteer (a gazetteer of another country given, or a country with sides
but no pack), and a truce's or a claim's scope names a place in English (docs/news.md,
"Arabic"). All four have packs since the tenth session, whose gazetteers read their places.
Facts: the usual Arabic spellings of each name in Arab wire reports, written by hand from public
maps; one table for the statements (:mod:`trucewatch.text.statements.arabic_places`) and the claims
(:mod:`trucewatch.text.claim_places_ar`).
"""

from __future__ import annotations

__all__ = ["COUNTRIES", "PLACES"]

#: per country: the English name, then its Arabic spellings
PLACES: dict[str, dict[str, tuple[str, ...]]] = {
    "UA": {
        "Donetsk": ("دونيتسك", "دونتسك"),
        "Luhansk": ("لوغانسك", "لوهانسك", "لوجانسك"),
        "Debaltseve": ("ديبالتسيفي", "ديبالتسيف", "ديبالتسيفو"),
        "Mariupol": ("ماريوبول",),
        "Sloviansk": ("سلوفيانسك", "سلافيانسك"),
        "Donbas": ("دونباس",),
        "Kramatorsk": ("كراماتورسك",),
        "Crimea": ("القرم",),
        "Kharkiv": ("خاركيف",),
        "Zaporizhzhia": ("زابوريجيا",),
        "Kherson": ("خيرسون",),
    },
    "PS": {
        "Gaza": ("قطاع غزة", "غزة"),
        "Rafah": ("رفح",),
        "Khan Younis": ("خان يونس",),
        "Jabalia": ("جباليا",),
        "Deir al-Balah": ("دير البلح",),
        "West Bank": ("الضفة الغربية",),
    },
    "SD": {
        "Khartoum": ("الخرطوم",),
        "Omdurman": ("أم درمان",),
        "Bahri": ("الخرطوم بحري",),
        "Darfur": ("دارفور",),
        "El Geneina": ("الجنينة",),
        "El Fasher": ("الفاشر",),
        "Nyala": ("نيالا",),
        "Kordofan": ("كردفان",),
        "Wad Madani": ("ود مدني",),
    },
    "LY": {
        "Tripoli": ("طرابلس",),
        "Sirte": ("سرت",),
        "Misrata": ("مصراتة",),
        "Benghazi": ("بنغازي",),
        "Jufra": ("الجفرة",),
        "Derna": ("درنة",),
        "Sabha": ("سبها",),
    },
}
COUNTRIES: dict[str, tuple[str, ...]] = {
    "UA": ("أوكرانيا",),
    "PS": ("فلسطين",),
    "SD": ("السودان",),
    "LY": ("ليبيا",),
    "SY": ("سوريا", "سورية"),
    "YE": ("اليمن",),
}
