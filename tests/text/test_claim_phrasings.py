"""Claims in less usual phrasings: violations without a number, attacks counted within the
truce, Arabic past tenses, and the area of a claim where the truce's own clause or an Arabic
place name gives it (trucewatch.text.claims, .claim_areas, .claim_places_ar)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from trucewatch.text.claims import find_claims
from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import default_gazetteer

PUBLISHED = datetime(2016, 5, 11, 12, 0, tzinfo=UTC)


def _claims(text: str, title: str | None = None, country: str = "SY"):
    article = Article(id="a", text=text, title=title, published=PUBLISHED)
    return find_claims(article, default_gazetteer(countries=("SY",)), country=country)


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("Government troops have broken the truce repeatedly since Sunday, rebels said.", None),
        ("Monitors reported repeated breaches of the ceasefire, a diplomat said.", None),
        ("The army said militants had carried out numerous attacks since the truce began.", None),
        ("Dozens of mortar shells have been fired at the town since the ceasefire began.", None),
        ("The militia launched 14 drones during the truce, the ministry said.", 14),
        ("Officials said the rebels were breaking the truce more than 40 times a day.", 40),
        ("Officials accused the militia of breaching the ceasefire by shelling the market.", None),
        ("وقال الجيش إن خمس قذائف هاون أطلقت على مواقعه خلال سريان الهدنة.", 5),
        ("واتهمت الحكومة المتمردين بارتكاب خروقات متكررة منذ يوم الجمعة.", None),
        ("واتهمت الحكومة المتمردين بخرق الهدنة 8 مرات منذ يوم الجمعة.", 8),
    ],
)
def test_violations_are_claimed_with_a_vague_word_a_count_within_the_truce_or_violent_means(
    sentence, count
):
    assert [(c.kind, c.count) for c in _claims(sentence)] == [("violations_counted", count)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels accused the army of violating the truce.",
        "The opposition accused the army of violating the deal by blocking aid convoys.",
        "Dozens of rockets were fired at the city last month.",
        "Many rockets will be fired if the truce fails, the commander warned.",
        "واتهمت قوات المعارضة الجيش بخرق الهدنة.",
    ],
)
def test_bare_or_peaceful_accusations_and_attacks_outside_a_truce_are_no_claims(sentence):
    assert _claims(sentence) == []


def test_a_vague_claim_of_violations_gives_way_to_a_count_for_the_same_area():
    text = (
        "Rebel commanders said the army had breached the truce in Aleppo repeatedly. "
        "A rebel spokesman said the army had violated the truce in Aleppo 11 times."
    )
    assert [(c.kind, c.count) for c in _claims(text)] == [("violations_counted", 11)]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("وقال المبعوث إن وقف إطلاق النار صمد منذ أسبوعين.", "truce_holding"),
        ("انهار مساء الجمعة اتفاق التهدئة في حلب.", "truce_collapsed"),
        ("The ceasefire was widely respected on Monday, monitors said.", "truce_holding"),
        ("The truce in Hama has fallen apart, activists said.", "truce_collapsed"),
    ],
)
def test_past_tenses_and_words_before_the_truce_are_read(sentence, kind):
    assert [c.kind for c in _claims(sentence)] == [kind]


def test_a_headline_place_outside_the_truces_clause_is_not_its_area():
    claims = _claims(
        "Rebels said government forces had violated the truce 9 times.",
        title="Air strikes hit Idlib as truce frays",
    )
    assert [(c.scope, c.nationwide) for c in claims] == [((), True)]


def test_a_place_in_the_truces_clause_before_a_participle_is_its_area():
    claims = _claims(
        "Shells hit Homs on Sunday, putting strain on the truce in Aleppo. "
        "The army said rebels had violated the truce 6 times."
    )
    assert [(c.scope, c.count) for c in claims] == [(("Aleppo",), 6)]


def test_an_arabic_claim_in_a_country_without_a_pack_takes_its_places_from_a_table():
    claims = _claims("وقال الجيش إن الانفصاليين خرقوا الهدنة 15 مرة في لوغانسك.", country="UA")
    assert [(c.scope, c.count) for c in claims] == [(("Luhansk",), 15)]


def test_an_arabic_region_of_the_country_is_not_nationwide():
    claims = _claims(
        "بدأ وقف إطلاق النار في منطقتي دونيتسك ولوغانسك يوم الجمعة. "
        "واتهم الجيش الانفصاليين بخرق الهدنة 20 مرة.",
        title="تمديد الهدنة في شرق أوكرانيا",
        country="UA",
    )
    assert [(c.scope, c.nationwide) for c in claims] == [(("Donetsk", "Luhansk"), False)]


def test_an_arabic_country_name_makes_the_truce_nationwide():
    claims = _claims(
        "واتهم التحالف الحوثيين بخرق الهدنة 12 مرة في أيامها الأولى.",
        title="هدنة إنسانية في اليمن",
        country="YE",
    )
    assert [(c.scope, c.nationwide) for c in claims] == [((), True)]


@pytest.mark.parametrize(
    ("sentence", "kind", "count"),
    [
        ("An uneasy calm descended on Daraa once the truce began.", "truce_holding", None),
        (
            "Air raids have dropped by almost half since April, monitors said.",
            "violence_decreased",
            None,
        ),
        ("Clashes erupted again north of Hama on Friday.", "violence_increased", None),
        (
            "There was no breach of the ceasefire overnight, the ministry said.",
            "violations_counted",
            0,
        ),
        ("No violations of the truce were recorded on Friday.", "violations_counted", 0),
    ],
)
def test_calm_descending_falls_by_a_share_renewed_clashes_and_none_recorded(sentence, kind, count):
    assert [(c.kind, c.count) for c in _claims(sentence)] == [(kind, count)]


@pytest.mark.parametrize(
    ("sentence", "kind", "count"),
    [
        ("وأكد المبعوث أن وقف إطلاق النار يصمد منذ ثلاثة أيام.", "truce_holding", None),
        ("وقال سكان إن هدوءاً نسبياً ساد أحياء حلب.", "truce_holding", None),
        ("وقالت الفصائل إن الجيش خرق الهدنة أكثر من 25 مرة.", "violations_counted", 25),
        ("وقال الجيش إنه لم يسجل أي خرق للهدنة خلال الليل.", "violations_counted", 0),
        ("وقال ناشطون إن الاشتباكات تجددت قرب حماة.", "violence_increased", None),
        ("واشتدت حدة المعارك جنوب إدلب.", "violence_increased", None),
    ],
)
def test_arabic_present_tenses_calm_with_tanween_renewed_fighting_and_none_recorded(
    sentence, kind, count
):
    assert [(c.kind, c.count) for c in _claims(sentence)] == [(kind, count)]


def test_a_collapse_with_the_fighting_that_ends_it_is_one_claim():
    found = _claims("The truce in Aleppo collapsed on Sunday as shelling intensified.")
    assert [c.kind for c in found] == ["truce_collapsed"]


def test_a_truce_said_not_to_hold_is_a_collapse_only():
    found = _claims("The truce in Aleppo is not holding, the opposition said.")
    assert [c.kind for c in found] == ["truce_collapsed"]


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("The truce was breached at least twice overnight, monitors said.", 2),
        ("Rebels violated the ceasefire once on Sunday, the army said.", 1),
    ],
)
def test_violations_counted_in_words_for_how_often(sentence, count):
    assert [(c.kind, c.count) for c in _claims(sentence)] == [("violations_counted", count)]


@pytest.mark.parametrize(
    ("sentence", "start"),
    [
        # published Wednesday 11 May 2016, 15:00 in Damascus
        ("Rebels breached the truce 4 times after 10:30, the army said.", "2016-05-11T10:30"),
        ("No shells have been fired since midnight, residents said.", "2016-05-11T00:00"),
        ("Rebels violated the truce 7 times since 18:00 on Monday.", "2016-05-09T18:00"),
        ("وقال الجيش إن الفصائل خرقت الهدنة 3 مرات منذ منتصف الليل.", "2016-05-11T00:00"),
    ],
)
def test_a_clock_time_starts_the_period_at_its_last_instant_before_publication(sentence, start):
    (claim,) = _claims(sentence)
    assert claim.period_start is not None
    assert claim.period_start.isoformat()[:16] == start


def test_the_first_day_of_a_truce_starts_the_period_at_the_truce():
    (claim,) = _claims(
        "The truce took effect at 07:00 on Monday. Rebels breached it 3 times in the first day."
    )
    assert claim.period_start is not None
    assert claim.period_start.isoformat()[:16] == "2016-05-09T07:00"
