"""The learned place ranker: features, the shipped weights and their record, re-training."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from trucewatch.errors import SourceError, ValidationError
from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.pipeline import extract
from trucewatch.text.place_data import fakes_documents, ged_documents
from trucewatch.text.place_rank import (
    FEATURES,
    KINDS,
    PlaceRanker,
    article_place,
    candidates,
    default_ranker,
    kind_of,
    model_path,
    model_record,
    read_places,
)
from trucewatch.text.train_places import train, write

PUBLISHED = datetime(2016, 5, 4, 12, tzinfo=UTC)


def _features(text: str, title: str | None = None) -> dict[str, dict[str, float]]:
    article = Article("t", text, PUBLISHED, title)
    doc = read_places(article, default_gazetteer())
    return {c.match.text: dict(zip(FEATURES, c.features, strict=True)) for c in candidates(doc)}


def test_candidates_are_the_distinct_places_with_their_mentions_counted() -> None:
    found = _features(
        "Air strikes hit Idlib on Monday, killing 12 people. Residents of Idlib fled to Hama.",
        title="Strikes kill 12 in Idlib",
    )
    assert list(found) == ["Idlib", "Hama"]
    idlib, hama = found["Idlib"], found["Hama"]
    assert idlib["first"] == 1.0 and idlib["title"] == 1.0 and idlib["first_event"] == 1.0
    assert idlib["mentions"] > hama["mentions"] and idlib["toll"] == 1.0
    assert hama["first"] == 0.0 and hama["title"] == 0.0 and hama["in_at"] == 0.0


def test_place_named_for_where_people_came_from_is_marked_elsewhere() -> None:
    found = _features("51 martyrs from Kefraya were buried in Aleppo")
    assert found["Kefraya"]["elsewhere"] == 1.0 and found["Aleppo"]["elsewhere"] == 0.0
    assert found["Aleppo"]["in_at"] == 1.0


def test_death_word_counts_only_in_the_clause_of_the_place() -> None:
    found = _features("Clashes in Hama and casualties in raids on Idlib")
    assert found["Hama"]["death_clause"] == 0.0 and found["Idlib"]["death_clause"] == 1.0


def test_headline_place_goes_to_the_clause_with_the_casualties() -> None:
    headline = Article("h", "Clashes in Hama and casualties in raids on Idlib", PUBLISHED)
    place = article_place(headline)
    assert place is not None and place.place.name == "Idlib"
    (ranked,) = extract(headline)
    (ruled,) = extract(headline, places="rules")
    assert ranked.event.where.place == "Idlib" and ruled.event.where.admin1 == "Hama"


def test_ranker_never_places_the_event_where_people_came_from() -> None:
    headline = Article("h", "51 martyrs from Kefraya were buried in Aleppo", PUBLISHED)
    (event,) = extract(headline)
    assert event.event.where.place == "Aleppo"


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        # a wire story's dateline is where it was filed, not where the strike was
        (
            "DAMASCUS/MOSCOW — Coalition aircraft struck army positions near Deir ez-Zor.",
            "Deir ez-Zor",
        ),
        # a town inside the area "southern Idlib" stands for is the finer place
        (
            "Air strikes hit Khan Sheikhoun and villages around it in southern Idlib.",
            "Khān Shaykhūn",
        ),
        # but a city named as the city stays the place
        ("Shelling hit Deir ez-Zor city and al-Mayadin on Sunday.", "Deir ez-Zor"),
    ],
)
def test_a_sentence_with_several_places_is_placed_at_the_event(sentence: str, place: str) -> None:
    (event,) = extract(Article("s", sentence, PUBLISHED))
    assert event.event.where.place == place


def test_article_place_follows_the_governorate_of_the_event() -> None:
    article = Article(
        "a",
        "Warplanes struck Maarat al-Numan in Idlib province on Tuesday, killing 12 civilians. "
        "Rebels in Aleppo had shelled government areas, the Observatory said. Damascus was "
        "quiet.",
        PUBLISHED,
        title="Air strikes kill 12 in Syria",
    )
    place = article_place(article)
    assert place is not None and place.place.admin1 == "Idlib"


def test_text_with_no_place_has_no_article_place() -> None:
    assert article_place(Article("n", "Dozens were killed across the country.", PUBLISHED)) is None


def test_short_untitled_text_is_read_as_a_headline() -> None:
    assert kind_of(Article("h", "Shelling on Homs", PUBLISHED)) == "headline"
    assert kind_of(Article("a", "Shelling on Homs", PUBLISHED, "Homs")) == "article"
    assert kind_of(Article("b", "One. Two. Three.", PUBLISHED)) == "article"


def test_extract_refuses_an_unknown_place_choice() -> None:
    with pytest.raises(ValidationError, match="places must be one of ranker, rules"):
        extract(Article("h", "Shelling on Homs", PUBLISHED), places="best")


def test_shipped_record_names_the_weights_file_hash_features_and_training_files() -> None:
    record = model_record()
    digest = hashlib.sha256(model_path().read_bytes()).hexdigest()
    assert record["sha256"] == digest
    assert record["features"] == list(FEATURES) and record["kinds"] == list(KINDS)
    assert {t["dataset"] for t in record["training"]} == {"fakes", "ged-headlines"}  # type: ignore[attr-defined]
    assert all(len(t["sha256"]) == 64 for t in record["training"])  # type: ignore[attr-defined]
    assert model_path().stat().st_size < 1_000_000


def test_ranker_file_for_other_features_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "old.npz"
    np.savez(
        path,
        weights=np.zeros((2, 3)),
        features=np.array(["a", "b", "c"]),
        kinds=np.array(list(KINDS)),
    )
    with pytest.raises(SourceError, match="train it again"):
        PlaceRanker.load(path)
    with pytest.raises(SourceError, match="not a place-ranker file"):
        PlaceRanker.load(tmp_path / "missing.npz")


def test_retrained_ranker_picks_as_the_shipped_one(shared_data: Path, tmp_path: Path) -> None:
    ranker, record = train(shared_data)
    path = write(tmp_path, ranker, record)
    again = PlaceRanker.load(path)
    shipped = default_ranker()
    gaz = default_gazetteer()
    shipped_record = model_record()
    assert [t["sha256"] for t in record["training"]] == [  # type: ignore[attr-defined]
        t["sha256"]
        for t in shipped_record["training"]  # type: ignore[attr-defined]
    ], "the shared data changed since the shipped ranker was trained"
    for docs, kind in ((fakes_documents(shared_data, gaz), "article"),
                       (ged_documents(shared_data, gaz), "headline")):  # fmt: skip
        many = [d for d in docs if len(d.cands) > 1]
        same = sum(
            int(np.argmax(again.scores(d.cands, kind)))
            == int(np.argmax(shipped.scores(d.cands, kind)))
            for d in many
        )
        assert same >= 0.99 * len(many)
    written = json.loads(path.with_name("place_ranker.json").read_text())
    assert written["seed"] == shipped_record["seed"] and written["sha256"]
