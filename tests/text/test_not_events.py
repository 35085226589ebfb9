"""Sentences that are not events (issue 18): captions, placards, background sentences and
truce statements give no new violent event; tolls "since" span to the publication instant; a
truce's declarer is never the attacker — sentence by sentence, through ``extract`` and through
the CLI into a real store. The articles are our own wording."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from trucewatch.cli import app
from trucewatch.model.taxonomy import is_violent
from trucewatch.text.actors import find_actors
from trucewatch.text.clean import Article
from trucewatch.text.dates import resolve_date
from trucewatch.text.not_events import REASONS, declarers, masked, not_an_event
from trucewatch.text.pipeline import extract

PUBLISHED = datetime.fromisoformat("2016-05-04T14:00:00+00:00")
runner = CliRunner()

# An extension of the nationwide truce to Aleppo, told as a wire story would tell it
EXTENSION = Article(
    "aleppo-extension",
    "The United States and Russia have extended the renewed cessation of hostilities in Syria "
    "to Aleppo, a State Department spokesman said on Wednesday, adding that it took effect at "
    "00:01 Damascus time.\n\n"
    '"We have seen an overall decrease in violence in these areas," the spokesman said.\n\n'
    "Hundreds of people have been killed in Aleppo since the truce broke down there in late "
    "April.\n\n"
    "Fierce fighting continued there.\n\n"
    "Government forces shelled Douma on Tuesday, killing five people, in violation of a truce "
    "brokered by Russia.\n\n"
    "A man walks past a damaged building in Aleppo's al-Sukari neighbourhood, Syria May 3, "
    "2016.\n\nREUTERS/Abdalrhman Ismail\n\n"
    'A protester holds a placard reading "Aleppo is burning" during a rally in Istanbul.',
    PUBLISHED,
)


def _by_sentence(article: Article) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for x in extract(article):
        found.setdefault(x.sentence, []).append(x.event.event_type)
    return found


@pytest.mark.parametrize(
    "sentence",
    [
        "Pictured: a boy walks through the rubble of a market in Idlib.",
        "Photo caption: Smoke rises over Aleppo after an air strike.",
        "A man walks past a damaged building in Aleppo, Syria May 4, 2016. REUTERS/Omar Sanadiki",
        "Rescue workers search the rubble in Douma (Photo: AFP)",
        "Smoke rises after an airstrike on the town of Dael in Deraa, Syria September 5 2016.",
        "A checkpoint in Douma is seen after an attack (Reuters)",
    ],
)
def test_photo_captions_are_not_events(sentence: str) -> None:
    assert not_an_event(sentence) == "caption"


def test_a_scene_is_a_caption_when_the_next_sentence_is_a_credit() -> None:
    article = Article(
        "c1",
        "Civil defence members carry a wounded man in Idlib.\n\nREUTERS/Khalil Ashawi\n\n"
        "Civil defence members carried a wounded man in Idlib on Tuesday.",
        PUBLISHED,
    )
    assert not_an_event(article.text.split("\n\n")[0], article=article, sentence_index=0) == (
        "caption"
    )
    assert not_an_event(article.text.split("\n\n")[2], article=article, sentence_index=2) is None


def test_a_placard_in_a_photo_scene_is_not_an_event_and_its_place_is_never_the_events() -> None:
    assert not_an_event('A protester holds a placard reading "Save Aleppo" in London.') == (
        "placard"
    )
    article = Article(
        "p1",
        'Protesters in Idlib carried banners reading "Aleppo is burning" on Friday.',
        PUBLISHED,
    )
    (event,) = [x.event for x in extract(article)]
    assert event.event_type == "unrest.protest" and event.where.admin1 == "Idlib"
    sentence = "رفع متظاهرون لافتات كتب عليها «أنقذوا حلب» في إدلب"
    assert "حلب" not in masked(sentence) and len(masked(sentence)) == len(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Fierce fighting had raged in the city for weeks.",
        "Airstrikes killed 20 people in Douma before the truce took effect.",
        "Syrian and Russian warplanes have bombed Idlib heavily in recent weeks.",
        "More than 280,000 people have been killed since the conflict began in March 2011.",
        "More than 500 people have been killed in the enclave in a week of bombardment.",
        "The deal comes a week after government forces took full control of Aleppo.",
        "وكانت أحياء حلب الشرقية قد شهدت خلال الأسبوعين الماضيين قصفاً عنيفاً أودى بحياة المئات.",
    ],
)
def test_sentences_about_earlier_weeks_are_background(sentence: str) -> None:
    assert not_an_event(sentence) == "background"


@pytest.mark.parametrize(
    "sentence",
    [
        "A monitor said ten people had been killed in shelling on Douma.",
        "Earlier on Sunday the air force had bombed areas around the base.",
        "Some 50 leaders had gathered at a house when the blast went off.",
        "Hours before the truce took effect, warplanes struck Douma.",
        "It may be the deadliest attack on a school since the conflict began.",
        "Despite the truce, shelling killed five people in Douma.",
        "Warplanes struck Douma on Thursday, killing 10.",
        "The opposition accused government forces of killing 40 civilians with gas on Wednesday.",
        '"A suicide bomber on a motorcycle blew himself up in Hasakeh," the monitor said.',
        "Militants seized villages in a campaign which locals warned threatens to spread.",
        "قتل خمسة مدنيين في قصف على دوما",
    ],
)
def test_news_of_the_day_is_an_event(sentence: str) -> None:
    assert not_an_event(sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The army announced a 48-hour regime of calm in Aleppo from 01:00 on Thursday.",
        "Russia and the United States agreed to extend the truce to Aleppo.",
        "Turkey and Russia agreed on Thursday to halt fighting in Idlib from 00:01 on Friday.",
        "The truce has largely held in Eastern Ghouta.",
        "We have seen an overall decrease in violence in these areas, a spokesman said.",
        '"We cannot negotiate while the regime starves and bombs our people," he said.',
        "أعلن الجيش السوري هدنة لمدة 48 ساعة في حلب",
        "The coalition accused the Houthis on Thursday of breaching the ceasefire 21 times.",
        "The group threatened to strike oil facilities if exports continued.",
        "No major fighting was reported on Sunday night.",
        "The Houthis accused coalition aircraft of flying over Sanaa.",
        "قالت السعودية والولايات المتحدة إن حدة القتال في الخرطوم تراجعت رغم رصد خروقات.",
        # an ultimatum, a demand that the other side stop (not the attack or the bombing)
        "The council gave the town until Saturday to surrender or face an assault.",
        "The Council demanded that Khartoum stop bombing southern territory.",
        "The factions called on the government and Russian forces to halt airstrikes on Idlib.",
    ],
)
def test_truce_statements_and_claims_are_statements(sentence: str) -> None:
    assert not_an_event(sentence) == "statement"


def test_every_reason_is_one_of_the_documented_reasons() -> None:
    sentences = [s for s in EXTENSION.text.split("\n\n") if s]
    reasons = {
        not_an_event(s, article=EXTENSION, sentence_index=i) for i, s in enumerate(sentences)
    }
    assert reasons - {None} <= set(REASONS)
    assert reasons >= {"statement", "background", "caption", "placard"}


def test_the_extension_article_gives_no_violent_event_but_the_shelling_of_the_day() -> None:
    found = _by_sentence(EXTENSION)
    violent = {s: t for s, types in found.items() for t in types if is_violent(t)}
    assert list(violent) == [
        "Government forces shelled Douma on Tuesday, killing five people, in violation of a "
        "truce brokered by Russia."
    ]
    assert "Fierce fighting continued there." not in found
    assert not any("placard" in s or "walks past" in s for s in found)


def test_a_toll_since_late_april_spans_late_april_to_the_publication_instant() -> None:
    (x,) = [
        x for x in extract(EXTENSION) if x.sentence.startswith("Hundreds of people")
    ] or pytest.skip("the toll sentence names no place the gazetteer knows")
    assert x.event.when.start.isoformat() == "2016-04-20T21:00:00+00:00"  # 21 April, Damascus
    assert x.event.when.end == PUBLISHED


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Nearly 300 people have been killed since late April.", "2016-04-21"),
        ("300 have been killed since the truce broke down in late April.", "2016-04-21"),
        ("Forty people have died since the start of the month.", "2016-05-01"),
        ("Forty people have died since February.", "2016-02-01"),
        ("Forty people have died since the ceasefire began on 27 February.", "2016-02-27"),
    ],
)
def test_since_spans_from_its_day_to_the_publication_instant(text: str, start: str) -> None:
    date = resolve_date(text, PUBLISHED, "Asia/Damascus")
    assert date is not None
    local = date.interval.start.astimezone(ZoneInfo("Asia/Damascus"))
    assert (local.date().isoformat(), local.hour, local.minute) == (start, 0, 0)
    assert date.interval.end == PUBLISHED


def test_a_toll_since_the_truce_began_spans_from_the_start_the_article_gives() -> None:
    article = Article(
        "since-truce",
        "The truce took effect at 00:01 on Tuesday, the army said.\n\n"
        "Ten people have been killed in Homs since the truce began.",
        PUBLISHED,
    )
    (toll,) = [x for x in extract(article) if x.event.fatalities.best == 10]
    assert toll.event.when.start.isoformat() == "2016-05-02T21:01:00+00:00"
    assert toll.event.when.end == PUBLISHED
    alone = Article("since-unknown", article.text.split("\n\n")[1], PUBLISHED)
    assert extract(alone) == []  # a count since a start no sentence gives: no event


def test_a_truces_broker_is_never_the_attacker() -> None:
    sentence = (
        "Government forces shelled Douma on Tuesday, killing five people, in violation of a "
        "truce brokered by Russia."
    )
    actors = find_actors(sentence)
    assert declarers(sentence, actors) == {"Russian Federation"}
    (event,) = [x.event for x in extract(Article("broker", sentence, PUBLISHED))]
    assert event.actors.perpetrator == "Government of Syria"
    assert "Russian Federation" not in (event.actors.side_a, event.actors.side_b)
    both = "Russian jets struck Idlib on Tuesday despite the truce declared by Russia."
    assert declarers(both, find_actors(both)) == frozenset()  # also named as the attacker


def test_a_truce_named_to_date_an_air_strike_does_not_make_it_a_truce_declared() -> None:
    text = (
        "Warplanes struck Douma on Tuesday, killing five people, hours after a truce declared "
        "by Russia took effect."
    )
    (event,) = [x.event for x in extract(Article("dated", text, PUBLISHED))]
    assert event.event_type == "remote.airstrike" and event.actors.perpetrator is None


def test_through_the_cli_the_explanation_never_calls_the_broker_the_attacker(
    tmp_path: Path,
) -> None:
    db = tmp_path / "store.duckdb"
    articles = tmp_path / "articles.jsonl"
    record = {"id": "ext", "published": PUBLISHED.isoformat(), "text": EXTENSION.text}
    articles.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert runner.invoke(app, ["agreements", "add", "--examples", "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["ingest", "news", str(articles), "--db", str(db)])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["events", "list", "-f", "json", "--db", str(db)])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    violent = [r for r in rows if is_violent(r["event_type"])]
    assert [r["source_row_id"] for r in violent] == ["ext-s4"]  # the shelling of Douma
    explained = runner.invoke(
        app,
        ["explain", "news:ext-s4", "--agreement", "syria-coh-2016", "-f", "json", "--db", str(db)],
    )
    assert explained.exit_code == 0, explained.output
    text = explained.stdout
    assert "Government of Syria (the attacker)" in text
    assert "Russian Federation (the attacker)" not in text


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Fighting around the city of Marib has intensified since January.", "background"),
        ("Hundreds of air strikes hit rebel-held districts over the past month.", "background"),
        ("This is the first car bomb to hit Qardaha since the uprising began in 2011.", None),
        ("At least 400 civilians have been killed in the province since January.", None),
        ("Government forces have shelled Douma since Sunday.", None),
    ],
)
def test_a_trend_over_weeks_is_background_but_a_toll_or_a_comparison_is_not(
    sentence: str, reason: str | None
) -> None:
    article = Article("trend", sentence, datetime.fromisoformat("2020-04-10T12:00:00+03:00"))
    assert not_an_event(sentence, article=article, sentence_index=0) == reason


def test_an_arabic_accusation_of_breaches_is_a_statement() -> None:
    sentence = (
        "وقال المتحدث باسم التحالف إن العمليات استؤنفت بعد انتهاء الهدنة، متهماً الحوثيين "
        "بارتكاب خروقات متكررة خلال الأيام الخمسة."
    )
    assert not_an_event(sentence) == "statement"


@pytest.mark.parametrize(
    "sentence",
    [
        "وقال المسماري إن قوات الوفاق تحشد غرب مدينة سرت، مؤكداً أن الجيش في حالة تأهب قصوى "
        "للرد على أي هجوم.",
        "وقال متحدث باسم قواتها إن العمليات مستمرة حتى استعادة سرت وقاعدة الجفرة.",
        "غير أن فصيلين رئيسيين لم يوقعا الاتفاق، ما يبقي مناطق واسعة خارج ترتيباته.",
    ],
)
def test_an_arabic_readiness_vow_or_unsigned_deal_is_no_event(sentence: str) -> None:
    assert not_an_event(sentence) is not None
    assert not_an_event("قصفت قوات الوفاق مواقع غرب مدينة سرت وقتلت خمسة مقاتلين.") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Hamas denied that it had fired the rockets and accused Israel of seeking a pretext.",
        "The government and its ally Russia denied using chemical weapons in the town.",
        "The army denied any role in the attack on the convoy.",
        "Khartoum denies this and says the rebels attack its forces.",
        'وقالت الوزيرة إن إسرائيل "لن تقبل بإطلاق الصواريخ على مواطنيها".',
        "ويشن حفتر منذ نيسان الماضي هجوماً للسيطرة على طرابلس.",
    ],
)
def test_a_denial_a_warning_or_an_offensive_since_a_month_gone_is_no_new_event(
    sentence: str,
) -> None:
    assert not_an_event(sentence) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "The statement said the three would go on fighting Islamic State and the Nusra Front.",
        "The coalition had demanded an immediate halt to the fighting from 1 a.m. on Sunday.",
        "The decree orders the armed forces to halt offensive operations, while allowing them "
        "to respond to attacks, SUNA said.",
        "The rebels dismissed the extension and accused the army of mobilising troops.",
    ],
)
def test_a_vow_a_demand_an_order_or_an_accusation_of_preparing_is_no_event(sentence: str) -> None:
    assert not_an_event(sentence) is not None


def test_a_year_named_for_a_war_dates_the_sentence_in_that_year() -> None:
    sentence = "Thousands of soldiers were killed or captured in the fighting of 1987."
    found = resolve_date(sentence, PUBLISHED, "Africa/Tripoli")
    assert found is not None and found.text == "fighting of 1987"
    assert found.interval.start.astimezone(ZoneInfo("Africa/Tripoli")).year == 1987
    assert resolve_date("The toll of 2000 people rose.", PUBLISHED, "UTC") is None
