"""Claims about how a truce is going, read from news text (trucewatch.text.claims)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trucewatch.errors import ValidationError
from trucewatch.text.claim_records import (
    claim_from_record,
    claim_record,
    is_claims_file,
    read_claims,
)
from trucewatch.text.claims import find_claims
from trucewatch.text.clean import Article
from trucewatch.text.statements.speakers import find_speaker

PUBLISHED = datetime(2016, 5, 11, 12, 0, tzinfo=UTC)


def _claims(text: str, title: str | None = None, published: datetime = PUBLISHED):
    return find_claims(Article(id="a", text=text, title=title, published=published))


@pytest.mark.parametrize(
    ("sentence", "kind", "direction"),
    [
        (
            "We have seen an overall decrease in violence, the spokesman said.",
            "violence_decreased",
            "down",
        ),
        ("Fighting has eased markedly in Aleppo, residents said.", "violence_decreased", "down"),
        (
            "Civilian casualties have dropped sharply, the monitor said.",
            "violence_decreased",
            "down",
        ),
        (
            "There has been a significant reduction in attacks, officials said.",
            "violence_decreased",
            "down",
        ),
        ("Violence has increased in Idlib, activists said.", "violence_increased", "up"),
        ("Activists reported an escalation of the shelling in Homs.", "violence_increased", "up"),
        (
            "The truce is largely holding, a Russian Defence Ministry spokesman said.",
            "truce_holding",
            None,
        ),
        ("The ceasefire has been largely respected, the army said.", "truce_holding", None),
        ("The truce has collapsed, rebel commanders said.", "truce_collapsed", None),
        ("The ceasefire broke down on Monday, activists said.", "truce_collapsed", None),
    ],
)
def test_claims_are_read_in_varied_phrasings(sentence, kind, direction):
    found = _claims(sentence)
    assert [(c.kind, c.direction) for c in found] == [(kind, direction)]
    assert found[0].period_end == PUBLISHED


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("Rebels violated the truce 12 times in 24 hours, the Russian military said.", 12),
        ("The Hmeimim centre said it had recorded nine violations of the ceasefire.", 9),
        ("A spokesman counted 112 attacks by rebels since the truce took effect.", 112),
    ],
)
def test_a_count_of_violations_keeps_its_number(sentence, count):
    found = _claims(sentence)
    assert [(c.kind, c.count) for c in found] == [("violations_counted", count)]


@pytest.mark.parametrize(
    "sentence",
    [
        "We hope that violence will decrease in the coming days, Kerry said.",
        "The UN called for a reduction in violence in Idlib.",
        "The deal aims to reduce the violence in Aleppo.",
        "Hundreds of people have been killed since the truce broke down there in late April.",
        "Rebels accused the army of violating the truce.",
    ],
)
def test_hopes_demands_background_and_uncounted_accusations_are_not_claims(sentence):
    assert _claims(sentence) == []


def test_the_claimant_is_a_person_an_office_and_a_state():
    speaker = find_speaker("Mark Toner, a State Department spokesman, said on Wednesday.")
    assert speaker is not None
    assert (speaker.person, speaker.office, speaker.state) == (
        "Mark Toner",
        "State Department spokesman",
        "United States",
    )
    kerry = find_speaker("US Secretary of State John Kerry said the truce was holding.")
    assert kerry is not None and (kerry.person, kerry.state) == ("John Kerry", "United States")
    monitor = find_speaker("according to the Syrian Observatory for Human Rights.")
    assert monitor is not None and monitor.state is None  # a monitor, not the Syrian state


def test_a_bare_quote_is_said_by_the_speaker_of_the_sentence_before():
    text = (
        "Mark Toner, a State Department spokesman, said the truce now covers Aleppo. "
        '"We have seen a decrease in violence in these areas."'
    )
    (claim,) = _claims(text)
    assert claim.claimant is not None and claim.claimant.state == "United States"
    assert claim.scope == ("Aleppo",)  # "in these areas": the places of the sentence before
    assert text[claim.span.start : claim.span.end] == claim.span.text


def test_the_area_is_the_sentences_places_or_the_articles_truce_or_nationwide():
    own = _claims("Fighting has eased in Eastern Ghouta near Damascus, residents said.")
    assert own[0].scope == ("Eastern Ghouta",) and not own[0].nationwide  # Damascus locates it
    overall = _claims("We have seen an overall decrease in violence, Toner said.")
    assert overall[0].nationwide and overall[0].scope == ()
    headline = _claims(
        "ALEPPO — The truce is largely holding, the army said.",
        title="Army extends Aleppo truce by 48 hours",
    )
    assert headline[0].scope == ("Aleppo",)  # the truce the article is about
    dateline_only = _claims("DAMASCUS — The truce has collapsed, the army said.")
    assert dateline_only[0].scope == () and dateline_only[0].nationwide


def test_periods_are_relative_to_publication():
    week = _claims("Violence has increased in Aleppo in the past week, activists said.")
    assert week[0].period_start == PUBLISHED - timedelta(days=7)
    day = _claims("Rebels violated the truce 12 times over the last 24 hours, Russia said.")
    assert day[0].period_start == PUBLISHED - timedelta(hours=24)
    since = _claims("Violence has decreased in Aleppo since 4 May, the spokesman said.")
    start = since[0].period_start
    assert start is not None and start.isoformat() == "2016-05-04T00:00:00+03:00"
    plain = _claims("The truce is largely holding, the army said.")
    assert plain[0].period_start is None  # from the truce's start: the checker's agreement


def test_since_the_truce_began_starts_at_the_start_the_article_gives():
    text = (
        "A nationwide cessation of hostilities came into force at midnight on Friday. "
        "Violence has fallen sharply since the truce began, the envoy said."
    )
    (claim,) = _claims(text, published=datetime(2016, 2, 27, 16, tzinfo=UTC))
    start = claim.period_start
    assert start is not None and start.isoformat() == "2016-02-27T00:00:00+02:00"
    assert claim.nationwide


def test_arabic_claims_are_read():
    text = (
        "قالت وزارة الخارجية الأمريكية إن العنف تراجع بشكل عام. "
        "وأعلنت وزارة الدفاع الروسية تسجيل 12 خرقاً للهدنة خلال الساعات الـ24 الماضية. "
        "وقال ناشطون إن انهيار الهدنة في حلب أدى إلى مقتل العشرات. "
        "نأمل أن يتراجع العنف في الأيام المقبلة."
    )
    found = _claims(text)
    assert [c.kind for c in found] == [
        "violence_decreased",
        "violations_counted",
        "truce_collapsed",
    ]
    assert found[0].claimant is not None and found[0].claimant.state == "United States"
    assert found[0].nationwide
    assert found[1].count == 12 and found[1].period_start == PUBLISHED - timedelta(hours=24)
    assert found[2].scope == ("Aleppo",)


def test_claims_need_the_publication_instant():
    with pytest.raises(ValidationError, match="published"):
        find_claims(Article(id="a", text="The truce is holding, the army said."))


def test_a_claims_file_round_trips_and_names_a_bad_line(tmp_path: Path):
    claims = _claims("Rebels violated the truce 12 times in 24 hours in Aleppo, Russia said.")
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps(claim_record(c)) + "\n" for c in claims))
    assert is_claims_file(path)
    assert read_claims(path) == claims
    record = claim_record(claims[0]) | {"count": "many"}
    path.write_text(json.dumps(claim_record(claims[0])) + "\n" + json.dumps(record) + "\n")
    with pytest.raises(ValidationError, match=r"line 2: field 'count'"):
        read_claims(path)
    with pytest.raises(ValidationError, match="kind"):
        claim_from_record(claim_record(claims[0]) | {"kind": "truce_great"})


def test_a_sentence_may_make_two_claims_and_a_count_may_be_zero_or_vague():
    two = _claims(
        "The truce is largely holding, although rebels violated it 12 times, the army said."
    )
    assert [(c.kind, c.count) for c in two] == [
        ("violations_counted", 12),
        ("truce_holding", None),
    ]
    zero = _claims("The army said there had been no attacks on its positions since midnight.")
    assert [(c.kind, c.count) for c in zero] == [("violations_counted", 0)]
    vague = _claims("Rebels said the army had violated the truce dozens of times.")
    assert [(c.kind, c.count) for c in vague] == [("violations_counted", None)]


def test_a_speaker_named_by_name_alone_keeps_the_state_given_when_introduced():
    text = (
        "Mark Toner, a State Department spokesman, said the truce now covers Aleppo. "
        "Toner said violence had decreased overall."
    )
    (claim,) = _claims(text)
    assert claim.claimant is not None
    assert (claim.claimant.person, claim.claimant.state) == ("Toner", "United States")
    arabic = (
        "قال المتحدث باسم وزارة الخارجية الأميركية جون كيربي إن الهدنة مددت. "
        'وقال كيربي إن الهدنة "صامدة إلى حد كبير".'
    )
    (held,) = _claims(arabic)
    assert held.kind == "truce_holding"
    assert held.claimant is not None and held.claimant.state == "United States"


def _claims_in(country: str, text: str, title: str | None = None):
    from trucewatch.text.gazetteer import default_gazetteer

    article = Article(id="a", text=text, title=title, published=PUBLISHED)
    return find_claims(article, default_gazetteer(countries=("SY",)), country=country)


def test_a_claim_in_a_country_without_a_pack_takes_its_places_as_written():
    claims = _claims_in(
        "UA",
        "The ceasefire agreed in Minsk last week was largely respected across the Donetsk and "
        "Luhansk regions, the military said.",
    )
    assert [(c.kind, c.scope, c.nationwide) for c in claims] == [
        ("truce_holding", ("Donetsk", "Luhansk"), False)
    ]


def test_a_claim_in_a_country_without_a_pack_never_gets_another_countrys_places():
    # the SY gazetteer given would read an Arabic Sudanese sentence's words as Syrian towns
    text = "وقال مصدر حكومي إن قوات الدعم السريع ارتكبت أكثر من 70 خرقاً منذ بدء سريان الهدنة."
    claims = _claims_in("SD", text)
    assert [(c.scope, c.nationwide, c.count) for c in claims] == [((), True, 70)]


def test_a_truce_named_by_its_place_in_the_headline_is_the_claims_area():
    claims = _claims_in(
        "PS",
        "The truce between Israel and Hamas held for a second day on Saturday. Aid trucks "
        "crossed into northern Gaza.",
        title="Gaza truce holds into second day",
    )
    assert [(c.kind, c.scope) for c in claims] == [("truce_holding", ("Gaza",))]


def test_a_headline_truce_named_by_an_occasion_or_a_venue_is_no_area():
    claims = _claims_in(
        "UA",
        "The truce declared by Moscow largely held overnight, Kyiv said. It was agreed in Minsk.",
        title="Easter truce holds; Minsk ceasefire talks next",
    )
    assert [(c.kind, c.scope, c.nationwide) for c in claims] == [("truce_holding", (), True)]


@pytest.mark.parametrize(
    ("sentence", "kind", "count"),
    [
        ("The guns have been silent since midnight, residents said.", "truce_holding", None),
        (
            "Fighting has largely stopped along the front line, monitors said.",
            "truce_holding",
            None,
        ),
        ("Shelling has resumed in Hama, activists said.", "violence_increased", None),
        (
            "The army accused rebels of dozens of violations since Friday.",
            "violations_counted",
            None,
        ),
        ("ويسود هدوء حذر مدينة حلب منذ بدء سريان الهدنة.", "truce_holding", None),
        ("واتهم الجيش الفصائل بارتكاب عشرات الخروقات.", "violations_counted", None),
    ],
)
def test_quiet_resumed_fighting_and_vague_counts_are_claims(sentence, kind, count):
    assert [(c.kind, c.count) for c in _claims(sentence)] == [(kind, count)]


@pytest.mark.parametrize(
    "sentence",
    [
        "There were violations on both sides.",
        "Talks on the truce resumed in Geneva on Monday.",
        "Violations of the truce would not be tolerated, the army said.",
    ],
)
def test_violations_without_a_count_and_resumed_talks_are_no_claims(sentence):
    assert _claims(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Jayrud struck a local truce with the army that saved it from the bombing of rebel held "
        "areas.",
        "The truce was agreed by the head of the rescue service in opposition-held Aleppo.",
        "It says the number of casualties is likely to rise.",
        "At least 10 people were killed in barrel bomb attacks dropped by helicopters.",
        "The monitor gave a lower toll of eight civilian deaths.",
        "Militants continue attempts to break down the regime of cessation of hostilities.",
    ],
)
def test_held_areas_forecasts_dropped_bombs_and_lower_tolls_are_no_claims(sentence):
    assert _claims(sentence) == []


def test_the_same_claim_repeated_by_the_same_claimant_is_kept_once():
    text = (
        "The truce in Aleppo is holding, a U.N. spokesman said on Monday. "
        '"The truce is largely holding," the U.N. spokesman said. '
        "Russia's defence ministry said the truce in Aleppo was holding."
    )
    claims = _claims(text)
    assert [c.kind for c in claims] == ["truce_holding", "truce_holding"]
    assert claims[0].claimant != claims[1].claimant


def test_violations_counted_on_occasions():
    claims = _claims("Rebels breached the truce on 12 occasions, the army said.")
    assert [(c.kind, c.count) for c in claims] == [("violations_counted", 12)]


def test_written_places_keep_where_a_truce_held_not_where_it_was_said_or_agreed():
    from trucewatch.text.claim_areas import written_places

    text = (
        "The truce has held in Donetsk, the OSCE told a news conference in Vienna after talks "
        "held in Minsk with monitors from the Trilateral Contact Group."
    )
    assert written_places(text) == ["Donetsk"]


def test_a_holiday_after_over_is_no_written_place():
    from trucewatch.text.claim_areas import written_places

    assert written_places("The truce held over Easter in Donetsk.") == ["Donetsk"]


@pytest.mark.parametrize(
    ("text", "country", "published", "scope"),
    [
        ("The truce is largely holding, a Hamas official said.", "PS", "2014-08-06", ("Gaza",)),
        (
            "Kyiv said the separatists had violated the truce 11 times in eastern Ukraine.",
            "UA",
            "2017-06-24",
            ("Donetsk", "Luhansk"),
        ),
    ],
)
def test_a_claims_area_is_the_theatre_or_the_places_of_an_area_without_a_pack(
    text: str, country: str, published: str, scope: tuple[str, ...]
) -> None:
    when = datetime.fromisoformat(f"{published}T12:00:00+03:00")
    (claim,) = find_claims(Article("t", text, when), country=country)
    assert claim.scope == scope and not claim.nationwide


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("The Israeli army said three rockets had landed near Sderot since the truce began.", 3),
        (
            "وقال الجيش الإسرائيلي إن صاروخين أُطلقا من غزة سقطا في منطقة مفتوحة قرب عسقلان صباح "
            "الثلاثاء بعد سريان التهدئة، من دون إصابات.",
            2,
        ),
    ],
)
def test_rockets_that_landed_within_the_truce_are_violations_counted(
    sentence: str, count: int
) -> None:
    (claim,) = _claims(sentence)
    assert (claim.kind, claim.count) == ("violations_counted", count)


@pytest.mark.parametrize(
    "sentence",
    [
        "The lull, which both sides had accepted, began at 8 a.m. and was largely respected.",
        "The Observatory said the country had been largely calm since dawn, after the truce.",
        "The guns have largely gone quiet over the east since the ceasefire began.",
        '"The guns are quiet this morning," an activist said of the truce.',
    ],
)
def test_a_truce_said_to_be_calm_or_respected_is_holding(sentence: str) -> None:
    assert [c.kind for c in _claims(sentence)] == ["truce_holding"]


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("The military said rebel forces had opened fire 11 times since midnight.", 11),
        ("A spokesman said there had been 28 attacks on Ukrainian positions in 24 hours.", 28),
        ("وقال متحدث عسكري إن الانفصاليين أطلقوا النار 39 مرة على المواقع خلال الهدنة.", 39),
        ("وقالت القيادة إن الانفصاليين فتحوا النار على مواقع القوات 7 مرات منذ بدء الهدنة.", 7),
    ],
)
def test_fire_opened_n_times_is_a_count_of_violations(sentence: str, count: int) -> None:
    found = [c for c in _claims(sentence) if c.kind == "violations_counted"]
    assert [c.count for c in found] == [count]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Ukrainian military said in its morning report that the night had been quieter "
        "than any in weeks.",
        "Aid workers said the truce had reduced fighting in several provinces.",
        "Washington cited a marked reduction in offensive military activity over six months.",
    ],
)
def test_a_quieter_front_or_reduced_fighting_is_violence_decreased(sentence: str) -> None:
    assert "violence_decreased" in {c.kind for c in _claims(sentence)}


def test_arabic_calm_that_prevailed_is_the_truce_holding() -> None:
    text = "وذكر سكان أن الهدوء ساد أحياء المدينة بعد الظهر بعد سريان الهدنة."
    assert "truce_holding" in {c.kind for c in _claims(text)}
