"""Hand facts for the gazetteer: places the 2016 press names that the embedded GeoNames table
(cities500) lacks, and press spellings of places it has.

cities500 keeps populated places of 500 people or more; the war's news is full of places it
does not have: suburbs of Damascus (Jobar, Zamalka), camps (Khan al-Shih, Handarat), airbases
(T4, Kuweires, Menagh), besieged villages (al-Fu'ah, Kafraya), front-line hamlets south of
Aleppo (Khan Tuman, Khalsa). These are written here as facts: a name, a point, the governorate,
and the spellings of the English-language press and of SOHR's translations. Points were written
from the public GeoNames / Wikipedia coordinates of each place to about 1 km; those of Khalsa,
Zitan, Kafr Sajna, Khan al-Subul and Deir Khabiyeh are good to a few km, the Shaer gas field's
to about 15 km. Where a place is an area (a gas field, a road, farmland) the kind is
``region`` (a 25 km radius, precision ``near``) and the point its middle.
``tests/text/test_press_places.py`` checks that each point lies in its governorate's OCHA
polygon when ``../shared/data`` is present.

The list was drawn up reading the places that the UCDP GED 2016 headlines and FA-KES articles
name and the embedded table misses, so the dev scores of ``trucewatch evaluate extraction``
are optimistic for these names (docs/news.md). A full GeoNames dump or the OCHA layers loaded
with ``trucewatch gazetteer load`` add many more.
"""

from __future__ import annotations

__all__ = ["REGIONS", "SITES", "SPELLINGS"]

# (name, lat, lon, governorate, spellings): areas the press names that are not populated places
# (approximate centres, from the Wikipedia article of each; radius handled in places.py).
REGIONS: tuple[tuple[str, float, float, str, tuple[str, ...]], ...] = (
    ("Eastern Ghouta", 33.55, 36.42, "Rif Dimashq", ("East Ghouta", "Ghouta")),
    ("Qalamoun", 33.95, 36.60, "Rif Dimashq", ("Qalamoun Mountains", "Eastern Qalamoun")),
    ("Wadi Barada", 33.68, 36.10, "Rif Dimashq", ("Barada Valley", "Barada valley")),
    ("Jabal al-Zawiya", 35.65, 36.52, "Idlib", ("Jabal Zawiya", "Jebel al-Zawiya")),
    (
        "Jabal al-Akrad",
        35.78,
        36.15,
        "Latakia",
        ("Kurd Mountain", "Jabal Akrad", "Jabal al-Kurd", "Jabal al-Kurds"),
    ),
    ("Jabal al-Turkman", 35.83, 36.05, "Latakia", ("Turkmen Mountain", "Jabal Turkman")),
    ("Al-Waer", 34.74, 36.66, "Homs", ("Waer", "al-Wa'er")),
    ("Sheikh Maqsoud", 36.23, 37.16, "Aleppo", ("Sheikh Maksoud", "Sheikh Maqsud")),
    # the Syrian-held side of the 1974 Golan ceasefire line (Quneitra governorate)
    ("Golan Heights", 33.10, 35.85, "Quneitra", ("Golan", "Syrian Golan", "occupied Golan")),
    # areas, not points: gas fields, a road, farmland
    ("Shaer gas field", 34.83, 37.75, "Homs", ("Shaer", "Shair gas field", "al-Shaer field")),
    ("Castello road", 36.262, 37.138, "Aleppo", ("Castillo road", "Castello", "Castillo")),
    ("Mallah farms", 36.300, 37.135, "Aleppo", ("al-Mallah", "al-Mallah farms", "Mallah")),
)

# (name, lat, lon, governorate, spellings): points missing from cities500. Quarters, suburbs,
# camps and villages are ``city`` places of unknown population (a 2 km radius), airbases too.
SITES: tuple[tuple[str, float, float, str, tuple[str, ...]], ...] = (
    # Damascus and its eastern and southern suburbs
    ("Jobar", 33.530, 36.333, "Damascus", ("Jawbar",)),
    ("Qaboun", 33.547, 36.340, "Damascus", ("Qabun", "al-Qaboun", "Al Qabun")),
    ("Barzeh", 33.552, 36.322, "Damascus", ("Barza", "Barzah", "Barzeh al-Balad")),
    ("Tadamon", 33.481, 36.312, "Damascus", ("Tadamun", "al-Tadamon")),
    ("Mezzeh", 33.500, 36.250, "Damascus", ("al-Mezzeh", "Mazzeh", "al-Mazzeh", "Mazza")),
    ("Mezzeh airbase", 33.477, 36.223, "Damascus", ("Mezzeh military airport",)),
    ("Zamalka", 33.521, 36.357, "Rif Dimashq", ("Zamalka", "Zamlaka")),
    ("Ain Tarma", 33.513, 36.350, "Rif Dimashq", ("Ein Tarma", "Ayn Tarma")),
    (
        "Hammouriyeh",
        33.523,
        36.392,
        "Rif Dimashq",
        ("Hamouria", "Hammuriyah", "Hamouriyeh", "Hammouria", "Hammuriyyeh"),
    ),
    ("Saqba", 33.530, 36.378, "Rif Dimashq", ("Saqbah",)),
    ("Jisrin", 33.503, 36.392, "Rif Dimashq", ("Jisreen", "Jesrin", "Jisrein")),
    ("Mesraba", 33.563, 36.393, "Rif Dimashq", ("Misraba", "Mesrab")),
    (
        "Moadamiyeh",
        33.462,
        36.195,
        "Rif Dimashq",
        (
            "Moadamiyet al-Sham",
            "Muadamiyat al-Sham",
            "Moadamiya",
            "Mouadamiyeh",
            "Moadamiyah",
            "Muadhamiyah",
            "Moadamiyet",
        ),
    ),
    (
        "Khan al-Shih",
        33.383,
        36.102,
        "Rif Dimashq",
        ("Khan al-Sheikh", "Khan al-Shekh", "Khan Esh Sheikh", "Khan Ash Shih", "Khan al-Shieh"),
    ),
    ("Yalda", 33.462, 36.323, "Rif Dimashq", ()),
    ("Beit Sahem", 33.456, 36.336, "Rif Dimashq", ("Beit Sahm", "Bayt Sahm")),
    (
        "Sayyida Zaynab",
        33.444,
        36.341,
        "Rif Dimashq",
        (
            "Sayyida Zeinab",
            "Sayyeda Zeinab",
            "Sayeda Zeinab",
            "Sayyidah Zaynab",
            "Sayeda Zanab",
            "Sayyida Zainab",
            "Sitt Zaynab",
        ),
    ),
    ("Deir Khabiyeh", 33.330, 36.210, "Rif Dimashq", ("Dayr Khabiyah", "Deir Khabiya")),
    # Aleppo: the city's northern and western edges, the southern front, airbases
    ("Bani Zaid", 36.233, 37.147, "Aleppo", ("Bani Zeid", "Bani Zayd", "Beni Zaid")),
    ("Leramoun", 36.240, 37.125, "Aleppo", ("Layramun", "Lairamoun", "Lermon", "Al-Layramoun")),
    (
        "Handarat",
        36.283,
        37.180,
        "Aleppo",
        ("Handarat camp", "Hendarat", "Hindarat", "Ain al-Tal camp"),
    ),
    ("Sheikh Najjar", 36.285, 37.260, "Aleppo", ("al-Sheikh Najjar", "Shaykh Najjar")),
    ("Ramouseh", 36.156, 37.128, "Aleppo", ("al-Ramouseh", "Ramousa", "Ramousah", "Ramosa")),
    (
        "Aleppo airport",
        36.181,
        37.224,
        "Aleppo",
        ("Aleppo International Airport", "Nayrab airport", "Nairab airport", "Nairab airbase"),
    ),
    ("Khan Tuman", 36.110, 37.075, "Aleppo", ("Khan Touman", "Khan Toman", "Khan Touman")),
    ("Khalsa", 36.040, 37.060, "Aleppo", ("Khalsah", "Khelsa", "al-Khalsa")),
    ("Zitan", 36.035, 37.035, "Aleppo", ("Zeitan", "Zaytan", "Zetan")),
    ("Anadan", 36.296, 37.044, "Aleppo", ("Andan", "Enadan", "Anadan town")),
    ("Kafr Hamra", 36.268, 37.098, "Aleppo", ("Kafr Hamrah", "Kfar Hamra")),
    ("Dabiq", 36.537, 37.273, "Aleppo", ("Dabeq", "Dabik")),
    (
        "Menagh airbase",
        36.521,
        37.047,
        "Aleppo",
        ("Menagh", "Minakh", "Mennagh", "Minnigh", "Menagh military airport", "Menagh airport"),
    ),
    (
        "Kuweires airbase",
        36.187,
        37.583,
        "Aleppo",
        ("Kweires", "Kuweires", "Kuweiris", "Kweiris", "Kweres", "Kuweires military airport"),
    ),
    # Idlib and Hama
    ("Al-Fu'ah", 35.981, 36.704, "Idlib", ("Fuaa", "Foua", "al-Fouaa", "Fou'a", "al-Foua", "Fu'a")),
    ("Kafraya", 35.987, 36.684, "Idlib", ("Kefraya", "Kafria", "Kfarya", "Kafriya", "Kefrayya")),
    ("Turmanin", 36.222, 36.819, "Idlib", ("Termanin", "Tirmanin")),
    ("Sarmada", 36.185, 36.715, "Idlib", ("Sarmadah",)),
    ("Tall Minnis", 35.664, 36.700, "Idlib", ("Tal Minnis", "Telmins", "Tell Mannas", "Talmenes")),
    ("Kafr Sajna", 35.548, 36.580, "Idlib", ("Kafar Sajna", "Kafr Sijnah", "Kfar Sajna")),
    ("Khan al-Subul", 35.820, 36.750, "Idlib", ("Khan al-Sobol", "Khan Subul", "Khan al-Sabil")),
    ("Latamneh", 35.317, 36.618, "Hama", ("al-Lataminah", "Lataminah", "Al-Latamneh", "Lataminah")),
    ("Hama airbase", 35.118, 36.711, "Hama", ("Hama military airport", "Hama airport")),
    # Homs desert, the coast, the south, the east
    (
        "T4 airbase",
        34.522,
        37.630,
        "Homs",
        (
            "Tiyas",
            "Tiyas airbase",
            "T-4 airbase",
            "Tifor",
            "Tivur",
            "Tayfour",
            "Taifor",
            "al-Tayfour",
        ),
    ),
    ("Shayrat airbase", 34.490, 36.909, "Homs", ("Shayrat", "Shairat", "al-Shayrat", "Sha'irat")),
    ("Hmeimim airbase", 35.401, 35.949, "Latakia", ("Hmeimim", "Khmeimim", "Hmaymim", "Humaymim")),
    ("Salma", 35.697, 36.185, "Latakia", ()),
    (
        "Thaala airbase",
        32.706,
        36.412,
        "As-Suwayda",
        ("Thaala", "al-Thula", "Tha'la", "Thula airbase"),
    ),
    (
        "Deir ez-Zor airport",
        35.285,
        40.176,
        "Deir ez-Zor",
        ("Deir ez-Zor military airport", "Deir Ezzor military airport", "Deir ez-Zor airbase"),
    ),
    ("Tabqa airbase", 35.755, 38.567, "Ar-Raqqah", ("Tabqa military airport", "Tabqa airport")),
)

# (cities500 name, governorate): spellings the press uses that the table lacks.
SPELLINGS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Khān Shaykhūn", "Idlib"): (
        "Khan Sheikhoun",
        "Khan Sheikhun",
        "Khan Shekhon",
        "Khan Shaikhoun",
        "Khan Shaykhoun",
        "Khan Sheikhon",
    ),
    ("Kafranbel", "Idlib"): ("Kafr Nabl", "Kafrnabl", "Kafrnabal", "Kafranbul", "Kafr Nubl"),
    ("Ar Rā‘ī", "Aleppo"): ("al-Rai", "al-Raii", "al-Ra'i"),
    ("Al Ḩawl", "Al-Hasakah"): ("al-Hol", "al-Hawl", "Hol camp"),
    ("‘Ayn al Fījah", "Rif Dimashq"): ("Ain al-Fijeh", "Ein al-Fijeh", "Ain al-Fija", "Ain Fijeh"),
    ("Abū az̧ Z̧uhūr", "Idlib"): ("Abu Dhuhur", "Abu al-Dhuhur", "Abu Zuhur", "Abu al-Zuhur"),
}
