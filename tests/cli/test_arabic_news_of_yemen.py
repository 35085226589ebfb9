"""End to end: hand-written Arabic Yemeni articles (tests/fixtures/text/arabic/
yemen_articles.jsonl, our own wording of plausible reports) through `trucewatch ingest news
--country YE` into a real store, read with the Yemeni Arabic pack
(text/packs/arabic/YE.json), and judged against the Hodeidah ceasefire of
test_news_of_another_country.py, whose "Houthis" the Arabic "الحوثي" is read as."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_news_of_another_country import HODEIDAH
from typer.testing import CliRunner

from trucewatch.cli import app

runner = CliRunner()
ADEN = ZoneInfo("Asia/Aden")
ARTICLES = (
    Path(__file__).resolve().parents[1] / "fixtures" / "text" / "arabic" / "yemen_articles.jsonl"
)

#: article -> (place, governorate, local days, killed, type, sides), the Ansar Allah of the
#: pack under the agreement's name "Houthis"; what a reader of each article finds
EXPECTED: dict[str, tuple[str, str, str, int | None, str, set[str]]] = {
    # "قصف مسلحو الحوثي بقذائف الهاون مواقع القوات الحكومية جنوب مدينة الحديدة مساء أمس، ما أدى
    # إلى مقتل ثلاثة جنود"
    "ye-ar-hodeidah-mortars": (
        "Al Ḩudaydah", "Hodeidah", "2018-12-19", 3, "remote.shelling",
        {"Houthis", "Government of Yemen"},
    ),
    # "أدى قصف مدفعي لجماعة الحوثي على حي سكني في مدينة تعز اليوم السبت إلى مقتل طفلين"
    "ye-ar-taiz-shelling": (
        "Taiz", "Taiz", "2018-12-22", 2, "remote.shelling", {"Houthis", "Civilians"},
    ),
    # "اندلعت اشتباكات عنيفة بين قوات الجيش الوطني والحوثيين غرب مدينة مأرب يوم الأحد، وأسفرت
    # عن مقتل 15 مقاتلاً"
    "ye-ar-marib-clashes": (
        "Ma'rib", "Marib", "2018-12-23", 15, "battle.armed_clash",
        {"Government of Yemen", "Houthis"},
    ),
    # "شنت طائرات التحالف بقيادة السعودية غارات جوية على سوق شعبي في محافظة صعدة أمس الخميس"
    "ye-ar-saada-market": (
        "Saada", "Saada", "2018-11-01", 7, "remote.airstrike",
        {"Saudi-led coalition", "Civilians"},
    ),
    # "انفجرت سيارة مفخخة صباح اليوم قرب مقر لقوات الحزام الأمني في مدينة عدن ... وتبنى تنظيم
    # داعش الهجوم"
    "ye-ar-aden-car-bomb": (
        "Aden", "Aden", "2019-08-01", 5, "remote.bombing",
        {"Southern Transitional Council", "IS"},
    ),
    # "قُتل ثلاثة يشتبه في انتمائهم إلى تنظيم القاعدة في جزيرة العرب بغارة لطائرة أمريكية بدون
    # طيار ... في محافظة شبوة مساء الاثنين"
    "ye-ar-shabwa-drone": (
        "Shabwah", "Shabwah", "2019-03-04", 3, "remote.airstrike", {"AQAP", "United States"},
    ),
    # "شن طيران التحالف فجر اليوم الاثنين سلسلة غارات على معسكر للحوثيين في العاصمة صنعاء"
    "ye-ar-sanaa-raids": (
        "Sanaa", "Amanat al-Asimah", "2018-12-10", None, "remote.airstrike",
        {"Saudi-led coalition", "Houthis"},
    ),
    # "اتهمت الحكومة اليمنية جماعة الحوثي بخرق وقف إطلاق النار في مدينة الحديدة مرات عدة"
    # (no date: the day before publication and the day itself)
    "ye-ar-hodeidah-truce": (
        "Al Ḩudaydah", "Hodeidah", "2018-12-25..2018-12-26", None,
        "strategic.ceasefire_violation", {"Houthis", "Government of Yemen"},
    ),
}  # fmt: skip


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("yemen-arabic")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRUCEWATCH_GAZETTEER_DIR", str(folder / "gazetteer"))
        db = folder / "store.duckdb"
        agreement = folder / "hodeidah.yaml"
        agreement.write_text(HODEIDAH, encoding="utf-8")
        _ok("agreements", "add", str(agreement), "--db", str(db))
        _ok("ingest", "news", str(ARTICLES), "--country", "YE", "--db", str(db))
    return db


def _events(db: Path) -> dict[str, dict[str, object]]:
    listed = _ok("events", "list", "-f", "json", "--db", str(db))
    rows = [json.loads(line) for line in listed.splitlines()]
    return {str(r["source_row_id"]).removesuffix("-s0"): r for r in rows}


def _days(event: dict[str, object]) -> str:
    """The local days of an event in Aden time: "2018-12-19" or "2018-12-25..2018-12-26"."""
    first = datetime.fromisoformat(str(event["time_start"])).astimezone(ADEN).date()
    end = datetime.fromisoformat(str(event["time_end"])) - timedelta(microseconds=1)
    last = end.astimezone(ADEN).date()
    return str(first) if first == last else f"{first}..{last}"


def test_arabic_yemeni_articles_become_events_in_yemen_with_their_governorate_and_sides(
    db: Path,
) -> None:
    events = _events(db)
    assert set(events) == set(EXPECTED)
    for article, (place, governorate, days, killed, kind, sides) in EXPECTED.items():
        event = events[article]
        got = (
            event["place"],
            event["admin1"],
            _days(event),
            event["fatalities_best"],
            event["event_type"],
        )
        assert got == (place, governorate, days, killed, kind), article
        assert {event["side_a"], event["side_b"]} == sides, article
        assert (event["country"], event["timezone"]) == ("Yemen", "Asia/Aden"), article


def test_an_arabic_report_of_houthi_shelling_at_hodeidah_is_a_violation_of_its_ceasefire(
    db: Path,
) -> None:
    listed = _ok("verdicts", "--agreement", "hodeidah-2018-12", "-f", "json", "--db", str(db))
    rows = {r["event_id"]: r for r in (json.loads(line) for line in listed.splitlines())}
    mortars = rows["news:ye-ar-hodeidah-mortars-s0"]
    assert mortars["verdict"] == "violation"
    assert [(p["name"], p["status"], p["matched"]) for p in mortars["parties"]] == [
        ("Houthis", "party", "houthis"),
        ("Government of Yemen", "party", "government-of-yemen"),
    ]
    assert mortars["explanation"].endswith("read from a news article, extraction confidence 0.90.")
    # Taiz, Marib, Saada... lie outside the 30 km around Hodeidah: no verdict listed
    assert set(rows) == {"news:ye-ar-hodeidah-mortars-s0", "news:ye-ar-hodeidah-truce-s0"}


def test_read_as_syrian_news_the_arabic_yemeni_articles_find_no_yemeni_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUCEWATCH_GAZETTEER_DIR", str(tmp_path / "gazetteer"))
    db = tmp_path / "store.duckdb"
    _ok("ingest", "news", str(ARTICLES), "--db", str(db))
    # the Syrian gazetteer has none of their places, and an event needs a place
    assert _events(db) == {}
