"""The labelled truce articles (issue 18) and their scorer."""

from __future__ import annotations

import json
import shutil
import tomllib
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from fnmatch import fnmatch
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trucewatch.cli import app
from trucewatch.errors import SourceError
from trucewatch.text.clean import Article
from trucewatch.text.gazetteer import default_gazetteer
from trucewatch.text.pipeline import extract
from trucewatch.text.statement_baseline import baseline_drafts
from trucewatch.text.statement_eval import _Parts, _run, evaluate_statements
from trucewatch.text.statement_model import Claim, Deadline, Span, Speaker, Statement, TruceDraft
from trucewatch.text.statement_score import score_article
from trucewatch.text.statement_set import (
    FORMAT,
    ExpectedClaim,
    LabelledArticle,
    load_set,
    read_labelled,
    set_agreements,
    set_aliases,
    set_root,
)
from trucewatch.text.statement_split import draw_split

REPO = Path(__file__).resolve().parents[2]
DAMASCUS_MAY = timezone(timedelta(hours=3))


@pytest.fixture(scope="module")
def labelled() -> list[LabelledArticle]:
    return load_set("all", agreement_ids=[a.id for a in set_agreements()])


def _article(items: list[LabelledArticle], ident: str) -> LabelledArticle:
    return next(i for i in items if i.id == ident)


def test_labelled_set_loads_with_enough_articles_conflicts_and_arabic(labelled) -> None:
    assert len(labelled) >= 40
    conflicts = Counter(i.conflict for i in labelled)
    assert {"SY", "YE"} <= set(conflicts) and len(conflicts) >= 3
    assert sum(i.language == "ar" for i in labelled) >= 8
    assert sum(bool(i.truces) for i in labelled) >= 40
    assert any(not i.truces for i in labelled), "an article with no truce at all"
    assert any(len(i.truces) >= 2 for i in labelled), "an article with two truces"
    for item in labelled:
        for truce in item.truces:
            assert truce.new_agreement == (truce.extends is None), item.id
    acts = Counter(t.act for i in labelled for t in i.truces)
    assert {"extend", "reject", "accuse", "declare", "agree"} <= set(acts)


def test_every_file_has_every_field_of_the_format() -> None:
    for path in sorted(set_root().glob("*/*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert raw["format"] == FORMAT, path
        assert raw["id"] == path.stem, path
        assert {"title", "text", "published"} <= set(raw["article"]), path
        assert {"truces", "claims", "events", "not_events"} <= set(raw["expected"]), path
        for truce in raw["expected"]["truces"]:
            assert {"act", "speaker", "parties", "scope", "start", "extends"} <= set(truce), path


def test_folders_are_the_recorded_seeded_draw(labelled) -> None:
    batches = {i.id: i.batch for i in labelled}
    drawn = draw_split({i.id: i.conflict for i in labelled}, seed=20261207, batches=batches)
    assert {i.id: i.split for i in labelled} == drawn
    readme = (set_root() / "README.md").read_text(encoding="utf-8")
    assert "20261207" in readme
    for item in labelled:
        row = next(line for line in readme.splitlines() if f"`{item.id}`" in line)
        dev, held = row.split("|")[2:4]
        assert f"`{item.id}`" in (dev if item.split == "dev" else held)
    held_share = sum(i.split == "held" for i in labelled) / len(labelled)
    assert 0.3 <= held_share <= 0.5
    for conflict in {i.conflict for i in labelled}:
        sides = {i.split for i in labelled if i.conflict == conflict and i.batch == 1}
        assert sides == {"dev", "held"}, conflict


def test_a_later_batch_never_moves_an_article_already_drawn(labelled) -> None:
    first = {i.id: i.conflict for i in labelled if i.batch == 1}
    everything = {i.id: i.conflict for i in labelled}
    batches = {i.id: i.batch for i in labelled}
    assert len(everything) > len(first)
    alone, together = draw_split(first), draw_split(everything, batches=batches)
    assert all(together[ident] == side for ident, side in alone.items())


def test_another_seed_draws_another_split(labelled) -> None:
    conflicts = {i.id: i.conflict for i in labelled}
    assert draw_split(conflicts, seed=1) != draw_split(conflicts, seed=20261207)
    held = [i for i, side in draw_split(conflicts, seed=1).items() if side == "held"]
    assert 0.3 <= len(held) / len(conflicts) <= 0.5


def test_set_agreements_load_with_the_agreement_loader() -> None:
    ids = {a.id for a in set_agreements()}
    assert {"syria-coh-2016", "ye-un-truce-2022", "ye-hodeidah-2018", "ua-minsk-2015"} <= ids


def test_set_ships_as_package_data() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    globs = config["tool"]["setuptools"]["package-data"]["trucewatch"]
    package = REPO / "src" / "trucewatch"
    for path in set_root().rglob("*"):
        if path.is_file():
            relative = path.relative_to(package).as_posix()
            assert any(fnmatch(relative, g) for g in globs), relative


def test_unknown_act_is_an_error_naming_file_and_field(labelled, tmp_path) -> None:
    source = _article(labelled, "sy-2016-05-04-aleppo-extension").path
    raw = json.loads(source.read_text(encoding="utf-8"))
    raw["expected"]["truces"][1]["act"] = "declared"
    bad = tmp_path / "dev" / source.name
    bad.parent.mkdir()
    bad.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(SourceError, match=r"dev/sy-2016-05-04-aleppo-extension\.json: "
                       r"expected\.truces\[1\]\.act: 'declared' is not one of"):  # fmt: skip
        read_labelled(bad, "dev")


def test_extends_naming_no_known_agreement_is_an_error(labelled, tmp_path) -> None:
    shutil.copytree(set_root() / "dev", tmp_path / "dev")
    (tmp_path / "held").mkdir()
    path = tmp_path / "dev" / "sy-2016-05-10-aleppo-48h-accuse.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["expected"]["truces"][0]["extends"] = "aleppo-calm-2061"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(SourceError, match=r"extends: agreement 'aleppo-calm-2061' is neither"):
        load_set("all", tmp_path, agreement_ids=[a.id for a in set_agreements()])


def _statement(act: str) -> Statement:
    return Statement(act=act, article_id="a", sentence_index=0, span=Span(0, 5, "words"))


def _draft(act: str, **fields) -> TruceDraft:
    return TruceDraft(
        draft_id=f"d-{act}-{len(fields)}",
        article_id="sy-2016-05-04-aleppo-extension",
        act=act,
        statements=(_statement(act),),
        **fields,
    )


def test_scorer_counts_fields_duplicates_and_extra_drafts(labelled) -> None:
    item = _article(labelled, "sy-2016-05-04-aleppo-extension")
    extension = _draft(
        "extend",
        speaker=Speaker("Mark Toner", "State Department spokesman", "United States"),
        parties=("United States", "Russia"),
        scope=("Aleppo",),
        start=datetime(2016, 5, 4, 0, 0, tzinfo=DAMASCUS_MAY),  # 00:01 rounded down: wrong
        start_precision="minute",
        timezone="Asia/Damascus",
        extends="syria-coh-2016",
        new_agreement=False,
        exclusions=("IS",),  # Jabhat al-Nusra missed
        deadlines=(Deadline(date(2016, 8, 1), "political transition"),),
    )
    army = dict(
        parties=("Government of Syria",),
        scope=("Aleppo",),
        start=datetime(2016, 5, 5, 1, 0, tzinfo=DAMASCUS_MAY),
        start_precision="minute",
        duration=timedelta(hours=48),
    )
    declared, again = _draft("declare", **army), _draft("declare", **army)
    february = _draft("agree", nationwide=True)  # the background truce drafted as new
    claims = [
        Claim(
            "violence_decreased",
            item.id,
            Span(0, 5, "words"),
            scope=("Eastern Ghouta", "Latakia"),
            direction="down",
        ),
        Claim("truce_holding", item.id, Span(0, 5, "words"), nationwide=True),
    ]
    score = score_article(item, [extension, declared, again, february], claims, None)
    got = {name: (t.correct, t.n) for name, t in score.tallies.items()}
    assert got["act"] == (2, 2)
    assert got["whole_truce"] == (0, 2)  # the extension's start is wrong, the army's drafted twice
    assert got["speaker"] == (1, 2)  # the army's statement has no speaker here
    assert got["parties"] == (2, 2)
    assert got["scope"] == (2, 2)
    assert got["start"] == (1, 2)
    assert got["duration"] == (1, 1)  # only the army's truce gives one
    assert got["link"] == (1, 2)  # the army's calm is the stored aleppo-calm-2016-05
    assert got["drafted_once"] == (1, 2)
    assert got["exclusions"] == (1, 2)
    assert got["deadlines"] == (1, 1)
    assert got["conditions"] == (0, 0)
    assert got["claims"] == (1, 1)
    assert got["events"] == (0, 0)  # not run
    assert score.counts == {"extra_new_drafts": 2, "extra_starts": 0, "extra_claims": 1}


def test_scorer_matches_a_wrong_act_by_scope_and_scores_it_wrong(labelled) -> None:
    item = _article(labelled, "sy-2016-05-04-aleppo-extension")
    score = score_article(item, [_draft("agree", scope=("Aleppo",))], [], None)
    assert (score.tallies["act"].correct, score.tallies["act"].n) == (0, 2)
    assert score.tallies["whole_truce"].correct == 0
    assert score.tallies["drafted_once"].correct == 0
    assert score.tallies["claims"].correct == 0 and score.tallies["claims"].n == 1
    assert score.counts["extra_new_drafts"] == 0


def test_a_scope_written_as_another_spelling_of_the_same_place_counts(labelled) -> None:
    item = _article(labelled, "sy-2016-05-04-aleppo-extension")
    spelled = replace(item, truces=tuple(replace(t, scope=("Halab",)) for t in item.truces))
    draft = _draft("declare", scope=("Aleppo",))
    by_words = score_article(spelled, [draft], [], None)
    assert by_words.tallies["scope"].correct == 0  # no gazetteer: the words differ
    by_place = score_article(spelled, [draft], [], None, default_gazetteer(countries=("SY",)))
    assert by_place.tallies["scope"].correct == 1  # the gazetteer reads "Halab" as Aleppo
    elsewhere = score_article(
        spelled, [_draft("declare", scope=("Homs",))], [], None, default_gazetteer()
    )
    assert elsewhere.tallies["scope"].correct == 0


def test_no_drafts_score_every_truce_wrong_and_none_leaves_it_unscored(labelled) -> None:
    item = _article(labelled, "sy-2016-05-04-aleppo-extension")
    empty = score_article(item, [], None, None)
    assert (empty.tallies["start"].correct, empty.tallies["start"].n) == (0, 2)
    assert score_article(item, None, None, None).tallies["start"].n == 0


def test_a_truce_sentence_extracted_as_an_event_is_counted(labelled) -> None:
    text = "Government jets bombed a market in Aleppo on Tuesday, killing 30 people."
    article = Article("x", text, published=datetime(2016, 5, 4, 12, tzinfo=UTC))
    extractions = extract(article)
    assert extractions, "the rules find the bombing"
    item = _article(labelled, "sy-2016-06-14-no-truce-aleppo")
    fake = replace(item, article=article, not_events=("bombed a market in Aleppo",), events=())
    score = score_article(fake, None, None, extractions)
    assert (score.tallies["not_events"].correct, score.tallies["not_events"].n) == (0, 1)


def test_a_part_raising_not_implemented_is_reported_not_available() -> None:
    parts = _Parts()

    def unfinished() -> list[Claim]:
        raise NotImplementedError("find_claims is a skeleton")

    assert _run(parts, "claims", unfinished) is None
    assert parts.unavailable == {"claims": "not available: find_claims is a skeleton"}
    assert _run(parts, "claims", lambda: [1]) is None  # stays unavailable


def test_evaluate_statements_prints_per_split_with_n(labelled) -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["evaluate", "statements", "--split", "dev"])
    assert table.exit_code == 0, table.output
    n_dev = sum(i.split == "dev" for i in labelled)
    assert f"dev (n {n_dev})" in table.output
    for name in ("act", "start", "drafted_once", "exclusions", "not_events"):
        assert name in table.output
    as_json = runner.invoke(app, ["evaluate", "statements", "--split", "dev", "-f", "json"])
    data = json.loads(as_json.stdout)
    assert data["splits"]["dev"]["n"] == n_dev
    assert data["splits"]["dev"]["fields"]["not_events"]["n"] == sum(
        len(i.not_events) for i in labelled if i.split == "dev"
    )
    for part in data["not_available"]:
        assert part in ("drafts", "claims", "events")


def test_evaluate_statements_refuses_an_unknown_split() -> None:
    result = CliRunner().invoke(app, ["evaluate", "statements", "--split", "test"])
    assert result.exit_code != 0
    assert "split must be dev, held or all" in result.output


def test_library_scores_only_the_split_asked_for(labelled) -> None:
    dev = [i for i in labelled if i.split == "dev"][:2]
    scores = evaluate_statements(items=dev)
    assert list(scores.splits) == ["dev"] and scores.articles == {"dev": 2}


def test_expected_event_is_found_by_gazetteer_point_despite_spelling(labelled) -> None:
    text = "Warplanes struck Douma on Monday, killing five people, rescuers said."
    article = Article("x", text, published=datetime(2018, 2, 26, 12, tzinfo=UTC))
    extractions = extract(article)
    assert extractions[0].event.where.place != "Douma"  # the gazetteer spells it Dūmā
    item = replace(_article(labelled, "sy-2018-02-26-ghouta-pause"), article=article)
    with_gazetteer = score_article(item, None, None, extractions, default_gazetteer())
    assert (with_gazetteer.tallies["events"].correct, with_gazetteer.tallies["events"].n) == (1, 1)
    wrong_day = replace(item, events=(replace(item.events[0], date=date(2018, 2, 20)),))
    assert score_article(wrong_day, None, None, extractions).tallies["events"].correct == 0
    wrong_type = replace(item, events=(replace(item.events[0], type_prefix="battle"),))
    assert score_article(wrong_type, None, None, extractions).tallies["events"].correct == 0


def test_parties_are_compared_through_the_conflicts_aliases(labelled) -> None:
    item = _article(labelled, "sy-2016-04-29-ghouta-latakia")
    assert "Russia" in item.truces[0].parties
    draft = _draft(
        "agree", parties=("Russian Federation", "United States"), scope=("Eastern Ghouta",)
    )
    plain = score_article(item, [draft], None, None)
    folded = score_article(item, [draft], None, None, aliases=set_aliases("SY"))
    assert plain.tallies["parties"].correct == 0
    assert folded.tallies["parties"].correct == 1


def test_sides_of_conflicts_labelled_before_their_pack_are_names_of_names_json(labelled) -> None:
    names = json.loads((set_root() / "names.json").read_text(encoding="utf-8"))["actors"]
    for item in labelled:
        if item.conflict in ("SY", "YE"):
            continue
        aliases = set_aliases(item.conflict)
        canonical = {c.casefold() for c in names[item.conflict]}
        for truce in item.truces:
            for name in (*truce.parties, *truce.exclusions):
                assert name.casefold() in canonical, (item.id, name)
                assert name.casefold() in aliases, (item.id, name)


def test_a_label_of_names_json_is_folded_with_the_packs_name_of_its_side() -> None:
    aliases = set_aliases("UA")
    assert aliases["separatists"] == aliases["russian-backed separatists"]
    assert aliases["russia"] == aliases["russian federation"]
    assert aliases["german government"] == "germany"


def test_the_baseline_drafts_the_first_truce_named_as_declared_on_the_day() -> None:
    published = datetime(2016, 5, 4, 14, 0, tzinfo=UTC)
    article = Article(
        "b", "Jets struck Douma. The army declared a truce in Aleppo.", published, "Talks go on"
    )
    (draft,) = baseline_drafts(article, default_gazetteer())
    assert (draft.act, draft.scope, draft.nationwide) == ("declare", ("Aleppo",), False)
    assert draft.start == datetime(2016, 5, 4, tzinfo=UTC) and draft.start_precision == "day"
    assert baseline_drafts(Article("n", "Jets struck Douma.", published), default_gazetteer()) == []


def test_the_table_shows_the_baseline_beside_each_split(labelled) -> None:
    item = _article(labelled, "sy-2016-05-04-aleppo-extension")
    scores = evaluate_statements(items=[item])
    rows = {r["field"]: r for r in scores.rows()}
    assert rows["act"]["dev baseline"].startswith(("0/2", "1/2", "2/2"))
    assert rows["claims"]["dev baseline"] == "-"
    assert "baseline" in scores.as_dict()["splits"]["dev"]


def test_a_background_sentence_dated_in_its_own_past_is_not_a_new_event(labelled) -> None:
    text = "Haftar's forces shelled Tripoli in April 2019, killing 12 people."
    article = Article("x", text, published=datetime(2020, 4, 30, 12, tzinfo=UTC))
    extractions = extract(article, default_gazetteer(countries=("LY",)))
    assert extractions and all(x.event.when.end is not None for x in extractions)
    item = _article(labelled, "sy-2016-06-14-no-truce-aleppo")
    fake = replace(item, article=article, not_events=("shelled tripoli",), events=())
    score = score_article(fake, None, None, extractions)
    assert (score.tallies["not_events"].correct, score.tallies["not_events"].n) == (1, 1)
    today = replace(article, text="Haftar's forces shelled Tripoli on Thursday, killing 12 people.")
    fake = replace(fake, article=today)
    score = score_article(fake, None, None, extract(today, default_gazetteer(countries=("LY",))))
    assert (score.tallies["not_events"].correct, score.tallies["not_events"].n) == (0, 1)


def test_a_claim_labelled_with_no_place_is_about_the_countrys_theatre(labelled) -> None:
    item = _article(labelled, "sy-2016-05-04-aleppo-extension")
    nowhere = ExpectedClaim("violations_counted", None, None, (), False, None, None, None, 3)
    gaza = replace(item, conflict="PS", claims=(nowhere,), truces=())
    found = Claim("violations_counted", item.id, Span(0, 5, "words"), scope=("Gaza",), count=3)
    score = score_article(gaza, [], [found], None)
    assert (score.tallies["claims"].correct, score.tallies["claims"].n) == (1, 1)
    elsewhere = replace(found, scope=("Rafah",))
    assert score_article(gaza, [], [elsewhere], None).tallies["claims"].correct == 0
    before = replace(
        gaza, article=replace(item.article, published=datetime(2003, 7, 1, tzinfo=UTC))
    )
    assert score_article(before, [], [found], None).tallies["claims"].correct == 0


def test_from_batch_16_each_conflict_holds_out_its_own_positions() -> None:
    # five articles per conflict, ids sorted by date: before batch 16 every conflict held out
    # the same sorted positions (its two latest events); from batch 16 the draw differs
    conflicts = {
        f"{c}-2020-01-0{d}-x": c.upper() for c in ("sy", "ye", "ua", "ly") for d in range(1, 6)
    }
    for batch, varied in ((15, False), (16, True)):
        drawn = draw_split(conflicts, batches=dict.fromkeys(conflicts, batch))
        shapes = {
            "".join(drawn[f"{c}-2020-01-0{d}-x"][0] for d in range(1, 6))
            for c in ("sy", "ye", "ua", "ly")
        }
        assert (len(shapes) > 1) is varied, shapes
        assert all(shape.count("h") == 2 for shape in shapes)
