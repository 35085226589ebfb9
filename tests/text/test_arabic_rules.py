"""The Arabic rules one by one: language, sentences, numbers and tolls, dates, places, sides."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from trucewatch.text import Article, extract
from trucewatch.text.arabic.actors import find_actors
from trucewatch.text.arabic.dates import resolve_date
from trucewatch.text.arabic.names import arabic_pack, pack_entries
from trucewatch.text.arabic.numbers import death_toll
from trucewatch.text.arabic.places import find_places
from trucewatch.text.arabic.split import sentences
from trucewatch.text.arabic.types import classify
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.geonames import load_source
from trucewatch.text.language import detect, is_arabic

DAMASCUS = ZoneInfo("Asia/Damascus")
#: a Thursday
PUBLISHED = datetime(2016, 5, 5, 12, 0, tzinfo=DAMASCUS)


def test_arabic_is_told_from_english_persian_and_an_english_text_with_an_arabic_name() -> None:
    assert detect("قتل خمسة مدنيين في قصف على مدينة حلب اليوم")[0] == "ar"
    assert is_arabic("قتل خمسة مدنيين في قصف على مدينة حلب اليوم")
    assert not is_arabic("Five civilians were killed in shelling on Aleppo today.")
    assert not is_arabic("کشته شدن پنج غیرنظامی در بمباران شهر حلب توسط هواپیماهای روسی")
    assert not is_arabic("December 7th 2016: بلدة المشيرفة Al Msheirfa town, northern Raqqa")


def test_arabic_sentences_end_at_stops_and_lines_and_at_a_comma_before_a_new_report() -> None:
    text = "قتل خمسة مدنيين، بينهم طفلان، في حلب. وقصفت الطائرات إدلب؟ نعم\nسطر آخر، فيما اشتبك"
    got = [s for _a, _b, s in sentences(text)]
    assert got == [
        "قتل خمسة مدنيين، بينهم طفلان، في حلب.",
        "وقصفت الطائرات إدلب؟",
        "نعم",
        "سطر آخر",
        "فيما اشتبك",
    ]
    assert all(text[a:b] == s for a, b, s in sentences(text))


@pytest.mark.parametrize(
    ("sentence", "toll"),
    [
        ("قُتِلَ خَمْسَةُ مدنيين وأصيب عشرة آخرون", (5, 5, 5, "خَمْسَةُ")),
        ("أسفر القصف عن مقتل ٢٥ شخصاً بينهم ٧ أطفال", (25, 25, 25, "٢٥")),
        ("سقط 12 قتيلاً في الغارات", (12, 12, 12, "12")),
        ("ارتفعت حصيلة ضحايا المجزرة إلى 42 قتيلاً", (42, 42, 42, "42")),
        ("مقتل ما لا يقل عن ثلاثة وعشرين مدنياً", (23, 23, None, "ثلاثة وعشرين")),
        ("لقي سبعة أشخاص حتفهم في الانفجار", (7, 7, 7, "سبعة")),
        ("سقوط عشرات القتلى والجرحى", (12, 12, None, "عشرات")),
        ("مقتل طفلين وإصابة أربعة بجروح", (2, 2, 2, "طفلين")),
        ("أعدم التنظيم سبعة رجال", (7, 7, 7, "سبعة")),
        ("قتل قرابة 30 شخصاً", (None, 30, 30, "30")),
        ("قتل ۳۲ شخصا", (32, 32, 32, "۳۲")),
        ("مقتل مئة وخمسين شخصا", (150, 150, 150, "مئة وخمسين")),
    ],
)
def test_arabic_death_tolls(sentence: str, toll: tuple[int | None, int, int | None, str]) -> None:
    found = death_toll(sentence)
    assert found is not None
    assert (found.low, found.best, found.high, found.text) == toll
    assert sentence[found.start : found.end] == found.text


@pytest.mark.parametrize(
    "sentence",
    [
        "أصيب 10 أشخاص بجروح",  # wounded
        "شنت الطائرات 30 غارة على المدينة",  # raids
        "مقتل وإصابة 20 شخصاً",  # killed and wounded together: not a count of deaths
        "قتل خمسة مدنيين بينهم ثلاثة أطفال في 2016"[14:],  # "among them three children"
        "سقوط 5 قذائف على الحي",  # shells fell
    ],
)
def test_arabic_counts_that_are_not_deaths_are_no_toll(sentence: str) -> None:
    assert death_toll(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "first", "last"),
    [
        ("قتل خمسة مدنيين اليوم الخميس", date(2016, 5, 5), date(2016, 5, 5)),
        ("شنت الطائرات غارات أمس", date(2016, 5, 4), date(2016, 5, 4)),
        ("قصفت قوات النظام يوم الثلاثاء البلدة", date(2016, 5, 3), date(2016, 5, 3)),
        ("قتل يوم الخميس الماضي", date(2016, 4, 28), date(2016, 4, 28)),
        ("في 15 شباط/فبراير 2016", date(2016, 2, 15), date(2016, 2, 15)),
        ("في 15 كانون الثاني", date(2016, 1, 15), date(2016, 1, 15)),
        ("يوم 3 مايو", date(2016, 5, 3), date(2016, 5, 3)),
        ("في أواخر نيسان", date(2016, 4, 21), date(2016, 4, 30)),
        ("أول أمس", date(2016, 5, 3), date(2016, 5, 3)),
        ("الليلة الماضية", date(2016, 5, 4), date(2016, 5, 5)),
        ("خلال الساعات الـ24 الماضية", date(2016, 5, 4), date(2016, 5, 5)),
        ("الأسبوع الماضي", date(2016, 4, 28), date(2016, 5, 4)),
        # the day as an ordinal word: a June not yet come is last year's
        ("بدأت هجومها في التاسع عشر من حزيران", date(2015, 6, 19), date(2015, 6, 19)),
        ("في الحادي والعشرين من آب 2013", date(2013, 8, 21), date(2013, 8, 21)),
        ("في الأول من أيار", date(2016, 5, 1), date(2016, 5, 1)),
        ("العاشر من شهر نيسان", date(2016, 4, 10), date(2016, 4, 10)),
    ],
)
def test_arabic_dates_resolve_against_the_publication_day(
    sentence: str, first: date, last: date
) -> None:
    found = resolve_date(sentence, PUBLISHED)
    assert found is not None
    start = found.interval.start.astimezone(DAMASCUS).date()
    end = (found.interval.end - timedelta(microseconds=1)).astimezone(DAMASCUS).date()
    assert (start, end) == (first, last)
    assert sentence[found.start : found.end] == found.text


@pytest.mark.parametrize(
    "sentence",
    ["مارس ضغوطا على الحكومة", "في اليوم التالي للاتفاق", "أب لثلاثة أطفال", "الثاني من نوعه"],
)
def test_arabic_words_that_look_like_dates_are_no_date(sentence: str) -> None:
    assert resolve_date(sentence, PUBLISHED) is None


def _places(sentence: str) -> list[tuple[str, str | None, str, bool]]:
    return [
        (p.place.name, p.place.admin1, p.precision.value, p.elsewhere)
        for p in find_places(sentence, default_gazetteer())
    ]


def test_arabic_place_mentions_are_read_as_in_english() -> None:
    assert _places("سقطت قذائف على محافظة درعا") == [("Daraa", "Daraa", "admin1", False)]
    assert _places("غارات على ريف إدلب الجنوبي") == [
        ("south countryside of Idlib", "Idlib", "near", False)
    ]
    assert _places("اشتباكات قرب الرقة") == [("Ar Raqqah", "Ar-Raqqah", "near", False)]
    assert _places("قصف في ريف دمشق") == [("Rif Dimashq", "Rif Dimashq", "admin1", False)]
    assert _places("وصلوا إلى الحسكة وبحلب") == [
        ("Al Ḩasakah", "Al-Hasakah", "exact", False),
        ("Aleppo", "Aleppo", "exact", False),
    ]
    assert _places("قتل نازحون من حمص في دير الزور") == [
        ("Homs", "Homs", "exact", True),
        ("Deir ez-Zor", "Deir ez-Zor", "exact", False),
    ]


def test_arabic_words_that_are_also_place_names_are_no_places() -> None:
    # "the door", "the revolution", "the visit": Al-Bab, Al-Thawrah, Az-Ziyarah in GeoNames
    assert _places("فتح الباب أمام مفاوضات الثورة بعد الزيارة") == []
    # "the north of the country" after a place word is no place either (Al Bilad in Yemen)
    gaz = default_gazetteer(countries=("YE",))
    found = find_places("غارات على مواقع في محافظة صعدة شمال البلاد", gaz)
    assert [p.place.name for p in found] == ["Saada"]
    assert _places("سقطت قذائف على حي باب توما في دمشق") == [
        ("Damascus", "Damascus", "exact", False)
    ]
    # a small village's GeoNames name is taken after a word for a place
    assert _places("في بلدة تسيل") == [("Tasīl", "Daraa", "exact", False)]
    assert _places("مدينة الباب") == [("Al Bāb", "Aleppo", "exact", False)]


def test_every_place_of_the_arabic_pack_is_a_place_of_the_embedded_gazetteer() -> None:
    pack = arabic_pack("SY")
    resolved = list(pack_entries(default_gazetteer()))
    expected = (
        len(pack["governorates"]) + len(pack["cities"]) + len(pack["regions"]) + 1  # country
    )
    assert len(resolved) == expected
    assert default_gazetteer().lookup("حلب")[0].name == "Aleppo"


def test_arabic_sides_and_keywords() -> None:
    sentence = "شنت الطائرات الروسية وطيران النظام غارات على مواقع لداعش وقسد"
    assert [(a.canonical, a.text) for a in find_actors(sentence)] == [
        ("Russian Federation", "الطائرات الروسية"),
        ("Government of Syria", "طيران النظام"),
        ("IS", "داعش"),
        ("SDF", "قسد"),
    ]
    found = classify("انفجرت سيارة مفخخة في السوق")
    assert found is not None and (found.code, found.keyword) == ("remote.bombing", "سيارة مفخخة")
    assert classify("ضرب زلزال المنطقة") is None  # a disaster, not a conflict event
    assert classify("وصل الوفد إلى المدينة") is None


def test_an_arabic_name_of_a_loaded_geonames_dump_places_an_arabic_article(
    tmp_path: Path,
) -> None:
    # a village the embedded table lacks, with its Arabic alternate names, in Aleppo (09)
    dump = tmp_path / "SY.txt"
    row = [
        "990201", "Tall Shihab", "Tall Shihab", "Tell Shehab,تل شهاب,تلشهاب", "36.30", "37.05",
        "P", "PPL", "SY", "", "09", "", "", "", "0", "", "400", "Asia/Damascus", "2024-01-01",
    ]  # fmt: skip
    dump.write_text("\t".join(row) + "\n", encoding="utf-8")
    folder = tmp_path / "gazetteer"
    load_source(dump, directory=folder)
    article = Article("a", "قصفت قوات النظام قرية تل شهاب أمس", PUBLISHED)
    assert extract(article) == []  # not a place of the embedded gazetteer
    (found,) = extract(article, default_gazetteer(folder))
    assert (found.event.where.place, found.event.where.admin1) == ("Tall Shihab", "Aleppo")
    assert found.event.event_type == "remote.shelling"


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("أفاد المرصد بمقتل 14 عنصراً من قوات النظام", 14),  # "ب" + "مقتل"
        ("ما أدى لاستشهاد 6 مواطنين بينهم 3 أطفال", 6),  # "ل" + "استشهاد"
    ],
)
def test_arabic_killing_words_with_a_glued_preposition(sentence: str, killed: int) -> None:
    found = death_toll(sentence)
    assert found is not None and found.best == killed


def test_the_longest_side_name_wins_over_a_shorter_one_inside_it() -> None:
    # "the gunmen loyal to it" (pro-government militia), not "the gunmen" (insurgents)
    found = find_actors("قتل عناصر من قوات النظام والمسلحين الموالين لها")
    assert [(a.canonical, a.text) for a in found] == [
        ("Government of Syria", "قوات النظام"),
        ("Government of Syria", "المسلحين الموالين لها"),
    ]


@pytest.mark.parametrize(
    "lead",
    [
        "طرابلس، 23 شباط/فبراير — قتل ستة أشخاص الأربعاء في اشتباكات في مدينة الكفرة.",
        "طرابلس (وكالات) — قتل ستة أشخاص الأربعاء في اشتباكات في مدينة الكفرة.",
    ],
)
def test_an_arabic_datelines_city_is_where_the_story_was_filed_not_the_event(lead: str) -> None:
    gaz = default_gazetteer(countries=("LY",))
    article = Article("kufra", f"{lead} واستمرت الاشتباكات ليلا.", PUBLISHED)
    places = [x.event.where.place for x in extract(article, gaz)]
    assert places == ["Kufra", "Kufra"]  # the next sentence's place follows the event's


def test_an_arabic_dateline_alone_is_still_the_place() -> None:
    lead = "طرابلس، 23 شباط/فبراير — قتل ستة أشخاص الأربعاء في اشتباكات في المدينة."
    found = extract(Article("tripoli", lead, PUBLISHED), default_gazetteer(countries=("LY",)))
    assert [x.event.where.place for x in found] == ["Tripoli"]


def test_a_two_word_place_keeps_its_name_after_a_glued_and() -> None:
    gaz = default_gazetteer(countries=("SD",))
    found = find_places("اشتباكات في الخرطوم وبحري وأم درمان", gaz)
    assert [(m.place.name, m.text) for m in found] == [
        ("Khartoum", "الخرطوم"),
        ("Khartoum North", "بحري"),
        ("Omdurman", "أم درمان"),  # "و" + "أم درمان": the two-letter first word is read
    ]
    assert find_places("وأم", gaz) == []  # alone, a two-letter word is no place
