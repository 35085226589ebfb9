"""Whole articles: files in, events with provenance out; the news adapter; the evaluation."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from trucewatch.errors import RowError, SourceError, ValidationError
from trucewatch.model.event import Event, LocationPrecision
from trucewatch.sources.base import adapter_for
from trucewatch.sources.news import NewsAdapter
from trucewatch.text import (
    Article,
    ArticleEvents,
    extract,
    extract_articles,
    extract_file,
    load_geonames,
    read_articles,
)
from trucewatch.text.clean import html_to_text
from trucewatch.text.evaluate import evaluate_extraction

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"
PUBLISHED = datetime.fromisoformat("2016-05-05T14:00:00+03:00")


def test_plain_text_article_gives_events_with_stable_ids_and_offsets() -> None:
    path = FIXTURES / "aleppo_truce.txt"
    text = path.read_text(encoding="utf-8")
    found = extract_file(path, published=PUBLISHED)
    assert [e.event.source_row_id for e in found] == [
        "aleppo_truce-s1",
        "aleppo_truce-s2",
        "aleppo_truce-s3",
        "aleppo_truce-s4",
        "aleppo_truce-s5",
    ]
    for e in found:
        assert text[e.start : e.end] == e.sentence
        assert e.event.adapter == "news.v1" and e.event.source == "news"
        assert e.sentence in (e.event.provenance.notes or "")
        assert 0 < e.confidence <= 1
    assert extract_file(path, published=PUBLISHED)[0].event == found[0].event


def test_strike_on_thursday_in_eastern_districts_is_a_dated_airstrike_by_the_government() -> None:
    found = extract_file(FIXTURES / "aleppo_truce.txt", published=PUBLISHED)
    strike = found[0].event
    assert strike.event_type == "remote.airstrike"
    assert strike.where.place == "Aleppo" and strike.where.admin1 == "Aleppo"
    assert strike.when.start.isoformat() == "2016-05-04T21:00:00+00:00"
    assert strike.actors.perpetrator == "Government of Syria"
    assert (strike.fatalities.low, strike.fatalities.best) == (27, 27)


def test_truce_at_one_minute_past_midnight_damascus_is_exact() -> None:
    found = extract_file(FIXTURES / "aleppo_truce.txt", published=PUBLISHED)
    truce = next(e.event for e in found if e.event.event_type == "strategic.agreement")
    assert truce.when.start.isoformat() == "2016-05-04T21:01:00+00:00"
    assert truce.date_precision.value == "exact"


def test_sentence_without_its_own_place_takes_the_previous_one_at_lower_confidence() -> None:
    article = Article(
        "x1", "Warplanes struck Douma on Monday. Rescuers said 9 people died.", PUBLISHED
    )
    first, second = extract(article)
    assert second.event.where.place == first.event.where.place
    assert second.confidence < first.confidence


@pytest.mark.parametrize(
    ("part", "precision"),
    [("eastern districts", LocationPrecision.EXACT), ("outskirts", LocationPrecision.NEAR)],
)
def test_the_citys_eastern_districts_are_in_the_city_named_before_its_outskirts_near_it(
    part: str, precision: LocationPrecision
) -> None:
    article = Article(
        "x2", f"Aleppo was quiet on Sunday. Later, jets hit the city's {part}.", PUBLISHED
    )
    (event,) = [e.event for e in extract(article)]
    assert event.where.place == "Aleppo" and event.where.precision is precision


def test_html_page_furniture_is_removed() -> None:
    text = html_to_text((FIXTURES / "page.html").read_text(encoding="utf-8"))
    assert "al-Waer district of Homs" in text
    for furniture in ("Skip to main content", "newsletter", "Republish", "All rights reserved"):
        assert furniture not in text


def test_html_article_gives_shelling_events_in_homs() -> None:
    found = extract_file(FIXTURES / "page.html", published=PUBLISHED)
    assert {e.event.where.admin1 for e in found} == {"Homs"}
    assert any(e.event.fatalities.best == 3 for e in found)
    assert all(e.event.provenance.headline == "Shelling hits Homs" for e in found)


def test_json_lines_articles_carry_their_own_publication_and_url() -> None:
    articles = list(read_articles(FIXTURES / "articles.jsonl"))
    assert [a.id for a in articles] == ["a1", "a2", "a3"]
    assert articles[0].published == datetime.fromisoformat("2016-04-28T18:00:00+03:00")
    assert "A 24-hour truce" in articles[1].text and articles[2].published is None
    events = [e for a in articles[:2] for e in extract(a)]
    assert events[0].event.provenance.url == "https://example.org/a1"


def test_article_without_publication_is_refused_with_the_fix() -> None:
    with pytest.raises(ValidationError, match="no publication instant"):
        extract(Article("nodate", "Shelling on Idlib killed five people."))


def test_news_adapter_yields_events_and_one_row_error_for_an_undatable_article() -> None:
    records = list(NewsAdapter().read(FIXTURES / "articles.jsonl"))
    errors = [r for r in records if isinstance(r, RowError)]
    events = [r for r in records if isinstance(r, Event)]
    assert len(errors) == 1 and errors[0].line == 3 and "published" in errors[0].reason
    assert {e.source_row_id for e in events} >= {"a1-s0", "a1-s1", "a2-s1"}


def test_news_adapter_is_registered_as_news_with_a_published_option() -> None:
    adapter = adapter_for("news", published="2016-05-05T14:00:00+03:00")
    assert adapter.name == "news.v1"
    assert all(isinstance(r, Event) for r in adapter.read(FIXTURES / "articles.jsonl"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json\n", "line 1 .*not valid JSON"),
        ('{"id": "z"}\n', "neither 'text' nor 'html'"),
        ('{"id": "z", "text": "x", "published": "2016-05-05"}\n', "no UTC offset"),
    ],
)
def test_bad_json_lines_name_the_line_and_the_fix(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        list(read_articles(path))


def test_full_geonames_dump_adds_villages_and_keeps_only_the_country() -> None:
    gaz = load_geonames(FIXTURES / "geonames_SY_sample.txt")
    (village,) = gaz.lookup("Khirbet Testa")
    assert village.admin1 == "Idlib" and gaz.lookup("Beirut") == []
    assert gaz.lookup("Haleb")[0].name == "Aleppo"


def test_evaluation_scores_system_and_baseline_on_fakes_and_ged(shared_data: Path) -> None:
    fakes = evaluate_extraction("fakes", shared_data)
    assert fakes["governorate"]["n"] == 384 and fakes["total_killed_exact"]["n"] == 200
    assert fakes["governorate"]["system"] >= fakes["governorate"]["baseline"]
    assert fakes["total_killed_exact"]["system"] > fakes["total_killed_exact"]["baseline"]
    ged = evaluate_extraction("ged-headlines", shared_data)
    assert ged["place_within_50km"]["n"] == 5410
    assert ged["place_within_50km"]["system"] >= ged["place_within_50km"]["baseline"]
    # the place ranker, cross-validated on the same rows, fold by fold, beside both
    for place in (fakes["governorate"], ged["place_within_50km"]):
        assert place["split"].startswith("5-fold cross-validation, grouped, seed 20261207")
        assert sum(fold["n"] for fold in place["folds"]) == place["n"]
        assert place["ranker"] > place["baseline"]
    later = ged["place_within_50km_sep_dec"]
    assert later["split"].startswith("time split: fitted on Jan-Aug 2016")
    assert 0 < later["n"] < 5410 and 0.0 <= later["ranker"] <= 1.0


def test_article_toll_prefers_the_title_then_the_first_toll_even_without_a_place() -> None:
    from trucewatch.text.pipeline import article_death_toll

    titled = Article(
        "t",
        "At least 20 rebels were killed in a blast.",
        PUBLISHED,
        title="Blast at border crossing kills 21 rebels",
    )
    untitled = Article("u", "Get short URL 2440 Over 100 civilians have been killed.", PUBLISHED)
    assert article_death_toll(titled).best == 21  # type: ignore[union-attr]
    assert article_death_toll(untitled).best == 100  # type: ignore[union-attr]


def test_extract_articles_reports_a_bad_line_a_conflict_and_an_undatable_article_and_goes_on(
    tmp_path: Path,
) -> None:
    lines = (FIXTURES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    other = json.dumps({**first, "text": "Another article under the same id."})
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join([*lines, "{not json", other, lines[0]]) + "\n", encoding="utf-8")
    items = list(extract_articles(path, published=None))
    bad = [(i.line, i.field) for i in items if isinstance(i, RowError)]
    assert bad == [(3, "published"), (4, None), (5, "id")]
    good = [i for i in items if isinstance(i, ArticleEvents)]
    assert [i.line for i in good] == [1, 2, 6]  # an identical repeat is no conflict
    assert good[2].extractions == good[0].extractions and good[0].extractions
    with pytest.raises(SourceError, match=r"articles\.jsonl:3"):
        extract_file(path)
