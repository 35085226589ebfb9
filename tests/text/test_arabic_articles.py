"""Arabic news articles end to end: `trucewatch ingest news` on hand-written Arabic articles
(JSON lines, a text file, an HTML page) stores the events an English article of the same
facts would give: place, local day, death toll, type.

The articles (tests/fixtures/text/arabic/) are our own wording of plausible reports.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from trucewatch.cli import app
from trucewatch.model.event import Event
from trucewatch.store import Store

runner = CliRunner()
DAMASCUS = ZoneInfo("Asia/Damascus")

#: event id -> (place, governorate, first local day, last local day, killed, type)
EXPECTED: dict[str, tuple[str, str, date, date, int | None, str]] = {
    # "قُتل خمسة مدنيين، بينهم طفلان، اليوم الثلاثاء في قصف مدفعي ... على مدينة دوما"
    "news:ar-douma-s0": (
        "Dūmā", "Rif Dimashq", date(2016, 5, 3), date(2016, 5, 3), 5, "remote.shelling"
    ),
    # "وشنت الطائرات الروسية أمس غارات على بلدة سراقب ... ما أسفر عن مقتل ثلاثة أشخاص"
    "news:ar-douma-s1": (
        "Saraqib", "Idlib", date(2016, 5, 2), date(2016, 5, 2), 3, "remote.airstrike"
    ),
    # "من جهة أخرى، اندلعت اشتباكات بين قسد وتنظيم داعش قرب الرقة" (no date: the day before
    # publication and the day itself)
    "news:ar-douma-s2": (
        "Ar Raqqah", "Ar-Raqqah", date(2016, 5, 2), date(2016, 5, 3), None, "battle.armed_clash"
    ),
    # "قُتل 12 مدنياً على الأقل في 28 نيسان 2016 جراء غارات جوية ... بمدينة حلب"
    "news:ar-aleppo-hospital-s0": (
        "Aleppo", "Aleppo", date(2016, 4, 28), date(2016, 4, 28), 12, "remote.airstrike"
    ),
    # "أعدم تنظيم داعش سبعة رجال في بلدة تسيل بريف درعا الغربي يوم 5 يونيو 2016"
    "news:ar-daraa-executions-s0": (
        "Tasīl", "Daraa", date(2016, 6, 5), date(2016, 6, 5), 7, "civilians.attack"
    ),
    # "قصفت قوات النظام ... مدينة اللطامنة ... يوم الخميس، ما أدى إلى مقتل أربعة مدنيين"
    "news:ar-latamneh-s0": (
        "Latamneh", "Hama", date(2016, 5, 5), date(2016, 5, 5), 4, "remote.shelling"
    ),
    # "انفجرت سيارة مفخخة صباح اليوم ... في مدينة إعزاز ... سقوط 8 قتلى وعشرات الجرحى"
    "news:ar-azaz-car-bomb-s0": (
        "I‘zāz", "Aleppo", date(2016, 2, 21), date(2016, 2, 21), 8, "remote.bombing"
    ),
    # "ارتفعت حصيلة القتلى جراء القصف ... في مدينة الميادين ... أمس إلى ٢٣ قتيلاً"
    "news:ar-mayadin-market-s0": (
        "Al Mayādīn", "Deir ez-Zor", date(2016, 7, 9), date(2016, 7, 9), 23, "remote.shelling"
    ),
    # "سيطرت قسد يوم الاثنين الماضي على قرية تل السمن شمال الرقة بعد معارك عنيفة مع تنظيم
    # الدولة": an unknown village north of Raqqa, near Raqqa
    "news:ar-raqqa-village-s0": (
        "Ar Raqqah", "Ar-Raqqah", date(2016, 5, 30), date(2016, 5, 30), None, "battle.armed_clash"
    ),
    # "اتهمت المعارضة قوات النظام بخرق الهدنة في حي الشيخ مقصود بمدينة حلب ليلة أمس"
    "news:ar-sheikh-maqsoud-s0": (
        "Sheikh Maqsoud", "Aleppo", date(2016, 5, 5), date(2016, 5, 6), None,
        "strategic.ceasefire_violation",
    ),
    # "وأعلنت روسيا والولايات المتحدة اتفاقاً على تمديد الهدنة في حلب لمدة 72 ساعة"
    "news:ar-sheikh-maqsoud-s1": (
        "Aleppo", "Aleppo", date(2016, 5, 5), date(2016, 5, 6), None, "strategic.agreement"
    ),
    # "خطف مسلحون مجهولون ۱۲ مدنياً من بلدة الصنمين ... يوم السبت" (Persian digits; no deaths)
    "news:ar-sanamayn-abduction-s0": (
        "Aş Şanamayn", "Daraa", date(2016, 8, 13), date(2016, 8, 13), None, "civilians.abduction"
    ),
    # "تظاهر المئات في مدينة السويداء ... اليوم"
    "news:ar-suwayda-protest-s0": (
        "As-Suwayda", "As-Suwayda", date(2016, 8, 20), date(2016, 8, 20), None, "unrest.protest"
    ),
    # "أصيب أكثر من 40 شخصاً بحالات اختناق في مدينة سراقب ... مساء 1 أغسطس 2016 ... غاز الكلور"
    "news:ar-saraqib-chlorine-s0": (
        "Saraqib", "Idlib", date(2016, 8, 1), date(2016, 8, 1), None, "remote.chemical"
    ),
    # kobani.txt: "هاجم مسلحون من تنظيم داعش فجر اليوم مدينة عين العرب (كوباني) وقتلوا ما لا
    # يقل عن خمسة وعشرين مدنياً"
    "news:kobani-s0": (
        "‘Ayn al ‘Arab", "Aleppo", date(2015, 6, 25), date(2015, 6, 25), 25, "civilians.attack"
    ),
    # damascus_mortars.html: "سقطت عدة قذائف هاون على حي باب توما في دمشق القديمة مساء أمس،
    # ما أدى إلى مقتل شخصين وإصابة ستة آخرين" (the page's heading is its sentence 0)
    "news:damascus_mortars-s1": (
        "Damascus", "Damascus", date(2016, 3, 14), date(2016, 3, 14), 2, "remote.shelling"
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> dict[str, Event]:
    folder = repo_root / "tests" / "fixtures" / "text" / "arabic"
    db = tmp_path_factory.mktemp("arabic") / "store.duckdb"
    for name, published in (
        ("articles.jsonl", []),
        ("kobani.txt", ["--published", "2015-06-25T14:00:00+03:00"]),
        ("damascus_mortars.html", ["--published", "2016-03-15T20:00:00+02:00"]),
    ):
        result = runner.invoke(
            app, ["ingest", "news", str(folder / name), "--db", str(db), *published]
        )
        assert result.exit_code == 0, result.output
    with Store.open(db, read_only=True) as store:
        return {e.event_id: e for e in store.iter_events()}


@pytest.mark.parametrize("event_id", sorted(EXPECTED))
def test_an_arabic_article_gives_the_event_an_english_one_would(
    stored: dict[str, Event], event_id: str
) -> None:
    event = stored[event_id]
    got = (
        event.where.place,
        event.where.admin1,
        event.when.start.astimezone(DAMASCUS).date(),
        (event.when.end - timedelta(microseconds=1)).astimezone(DAMASCUS).date(),
        event.fatalities.best,
        event.event_type,
    )
    assert got == EXPECTED[event_id]


def test_arabic_articles_give_no_event_the_table_does_not_expect(
    stored: dict[str, Event],
) -> None:
    # the other two: the HTML page's heading repeated as its first sentence, and the Kobani
    # article's second sentence (a car bomb at the crossing, dated by default)
    assert set(stored) - set(EXPECTED) == {"news:damascus_mortars-s0", "news:kobani-s1"}
    assert len(stored) == 18


def test_arabic_events_name_the_sides_in_canonical_names(stored: dict[str, Event]) -> None:
    assert stored["news:ar-douma-s0"].actors.side_a == "Government of Syria"
    assert stored["news:ar-douma-s1"].actors.side_a == "Russian Federation"
    assert (stored["news:ar-douma-s2"].actors.side_a, stored["news:ar-douma-s2"].actors.side_b) == (
        "SDF",
        "IS",
    )
    assert stored["news:ar-daraa-executions-s0"].actors.side_a == "IS"


def test_an_arabic_event_keeps_its_sentence_and_offsets_as_evidence(
    stored: dict[str, Event],
) -> None:
    notes = stored["news:ar-aleppo-hospital-s0"].provenance.notes or ""
    assert notes.startswith("sentence 0 [0:")
    assert "قُتل 12 مدنياً على الأقل في 28 نيسان 2016" in notes
