"""Truce statements stored as drafts, accepted into the registry or rejected (real stores)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from trucewatch.catalog import add_agreement_file, load_agreements
from trucewatch.drafts import accept, reject, save_drafts
from trucewatch.errors import AgreementError, NotFoundError, StoreError
from trucewatch.store import Store
from trucewatch.store.drafts import Draft, get_draft, list_drafts, put_drafts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"
STATEMENTS = FIXTURES / "truce_statements.jsonl"
EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "trucewatch" / "agreements" / "examples"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "drafts.duckdb")
    yield s
    s.close()


def _by_kind(store: Store) -> dict[str, str]:
    return {
        d.statement["act"] + ":" + str(d.statement["article_id"]): d.draft_id
        for d in list_drafts(store.conn)
    }


def test_saving_a_file_twice_stores_each_truce_once(store: Store, tmp_path: Path) -> None:
    first = save_drafts(store, STATEMENTS)
    again = save_drafts(store, STATEMENTS)
    # aleppo-calm: the army's truce (headline, declaration and acceptance merged), a
    # rejection, an accusation; aleppo-extension: the extension, the Homs truce
    assert (first.added, first.already_stored) == (5, 0)
    assert (again.added, again.already_stored) == (0, 5)
    copy = tmp_path / "elsewhere.jsonl"
    shutil.copy(STATEMENTS, copy)
    assert save_drafts(store, copy).added == 0  # the id depends on the article, not the file
    drafts = list_drafts(store.conn)
    assert len(drafts) == 5 and {d.status for d in drafts} == {"pending"}
    for d in drafts:
        assert d.draft_id.startswith("draft-") and len(d.draft_id) == 18
        assert d.sentence and d.statement["statements"]
        assert d.source_file == str(STATEMENTS.resolve())
    calm = next(d for d in drafts if d.statement["act"] == "declare" and "Aleppo" in d.sentence)
    assert [s["sentence_index"] for s in calm.statement["statements"]] == [-1, 0, 1]
    assert f"id: {calm.draft_id}" in calm.yaml_text


def test_an_extension_of_a_stored_agreement_is_drafted_as_its_extension(store: Store) -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        add_agreement_file(store, path)
    save_drafts(store, STATEMENTS)
    drafts = {d.statement["act"]: d for d in list_drafts(store.conn)}
    extended = drafts["extend"]
    assert extended.statement["extends"] == "aleppo-calm-2016-05"
    assert extended.statement["new_agreement"] is False
    assert "extends: aleppo-calm-2016-05" in extended.yaml_text
    assert "format: trucewatch.agreement/1" not in extended.yaml_text


ALEPPO_48H = """\
format: trucewatch.agreement/1
id: aleppo-48h
name: Regime of calm in Aleppo, May 2016 (48 hours)
timezone: Asia/Damascus
scope: {point: {lat: 36.2, lon: 37.16}, radius_km: 15}
start: 2016-05-05T01:00:00+03:00
duration: 48h
"""


def test_accepting_an_extension_appends_it_to_the_stored_agreement(
    store: Store, tmp_path: Path
) -> None:
    base = tmp_path / "aleppo-48h.yaml"
    base.write_text(ALEPPO_48H, encoding="utf-8")
    add_agreement_file(store, base)
    save_drafts(store, STATEMENTS)
    draft_id = _by_kind(store)["extend:aleppo-extension"]
    done = accept(store, draft_id)
    assert (done.agreement_id, done.version) == ("aleppo-48h", 2)
    (aleppo,) = load_agreements(store)
    (extension,) = aleppo.extensions
    assert extension.interval.start.isoformat() == "2016-05-06T22:00:00+00:00"
    assert extension.interval.end is not None
    assert extension.interval.end.isoformat() == "2016-05-09T22:00:00+00:00"
    assert get_draft(store.conn, draft_id).agreement_id == "aleppo-48h"


def test_an_extension_the_agreement_already_has_is_refused_with_the_fix(store: Store) -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        add_agreement_file(store, path)
    save_drafts(store, STATEMENTS)
    draft_id = _by_kind(store)["extend:aleppo-extension"]
    with pytest.raises(AgreementError, match="does not fit agreement aleppo-calm-2016-05"):
        accept(store, draft_id)
    assert get_draft(store.conn, draft_id).status == "pending"


def test_accepting_stores_the_agreement_and_marks_the_draft_in_one_go(store: Store) -> None:
    save_drafts(store, STATEMENTS)
    draft_id = _by_kind(store)["extend:aleppo-extension"]
    done = accept(store, draft_id[:10])  # a unique prefix is enough
    assert (done.draft_id, done.version) == (draft_id, 1)
    (agreement,) = load_agreements(store)
    assert agreement.id == done.agreement_id == draft_id
    draft = get_draft(store.conn, draft_id)
    assert (draft.status, draft.agreement_id) == ("accepted", agreement.id)
    assert draft.decided_at is not None
    with pytest.raises(StoreError, match="already accepted"):
        accept(store, draft_id)
    with pytest.raises(StoreError, match="cannot be rejected"):
        reject(store, draft_id)


def test_an_invalid_edit_names_the_field_and_the_fix_and_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    save_drafts(store, STATEMENTS)
    draft_id = _by_kind(store)["declare:aleppo-calm"]
    edited = tmp_path / "edited.yaml"
    text = get_draft(store.conn, draft_id).yaml_text
    edited.write_text(text.replace("+03:00'", "'", 1), encoding="utf-8")  # a naive start
    with pytest.raises(AgreementError) as caught:
        accept(store, draft_id, edit_file=edited)
    message = str(caught.value)
    assert "start" in message and "naive" in message and "--edit-file" in message
    assert store.agreement_texts() == []
    assert get_draft(store.conn, draft_id).status == "pending"


def test_an_edited_file_is_accepted_under_its_own_id(store: Store, tmp_path: Path) -> None:
    save_drafts(store, STATEMENTS)
    draft_id = _by_kind(store)["declare:aleppo-calm"]
    text = get_draft(store.conn, draft_id).yaml_text
    edited = tmp_path / "aleppo.yaml"
    edited.write_text(
        text.replace(f"id: {draft_id}", "id: aleppo-48h-2016-05"),
        encoding="utf-8",
    )
    done = accept(store, draft_id, edit_file=edited)
    assert done.agreement_id == "aleppo-48h-2016-05"
    assert store.agreement_texts()[0].origin == str(edited.resolve())


def test_a_draft_whose_id_is_taken_is_refused(store: Store) -> None:
    save_drafts(store, STATEMENTS)
    ids = _by_kind(store)
    accept(store, ids["declare:aleppo-calm"])
    store.conn.execute(
        "UPDATE agreement_drafts SET yaml_text = replace(yaml_text, ?, ?) WHERE draft_id = ?",
        [
            ids["extend:aleppo-extension"],
            ids["declare:aleppo-calm"],
            ids["extend:aleppo-extension"],
        ],
    )
    with pytest.raises(AgreementError, match="already in the registry"):
        accept(store, ids["extend:aleppo-extension"])
    assert get_draft(store.conn, ids["extend:aleppo-extension"]).status == "pending"


def test_a_draft_that_only_refers_to_an_agreement_is_not_accepted(store: Store) -> None:
    save_drafts(store, STATEMENTS)
    draft_id = _by_kind(store)["reject:aleppo-calm"]
    with pytest.raises(AgreementError, match="nothing new to add"):
        accept(store, draft_id)
    assert store.agreement_texts() == []


def test_rejecting_keeps_the_draft_and_unknown_ids_are_named(store: Store) -> None:
    save_drafts(store, STATEMENTS)
    draft_id = _by_kind(store)["reject:aleppo-calm"]
    assert reject(store, draft_id).status == "rejected"
    assert [d.draft_id for d in list_drafts(store.conn, "rejected")] == [draft_id]
    with pytest.raises(NotFoundError, match="trucewatch drafts list"):
        get_draft(store.conn, "draft-000000000000")


def _extension_of_the_nationwide_truce(state: str) -> Draft:
    entry = {
        "id": "ext-aleppo",
        "start": "2016-05-04T00:01:00+03:00",
        "timezone": "Asia/Damascus",
        "scope": {
            "label": "Aleppo (from the text)",
            "point": {"lat": 36.2, "lon": 37.16},
            "radius_km": 15.0,
        },
    }
    text = yaml.safe_dump({"extends": "syria-coh-2016", "extensions": [entry]}, sort_keys=False)
    statement = {
        "act": "extend",
        "article_id": "hand-written",
        "speaker": {"person": None, "office": "State Department spokesman", "state": state},
        "parties": [],
        "country": "SY",
        "extends": "syria-coh-2016",
        "new_agreement": False,
        "statements": [{"act": "extend", "sentence_index": 0}],
    }
    return Draft("draft-0123456789ab", "hand", "extended to Aleppo", statement, text)


def test_extending_an_open_ended_agreement_adds_a_declaration_by_the_speaking_side(
    store: Store,
) -> None:
    add_agreement_file(store, EXAMPLES / "syria-coh-2016.yaml")
    put_drafts(store.conn, [_extension_of_the_nationwide_truce("United States")])
    done = accept(store, "draft-0123456789ab")
    assert (done.agreement_id, done.version) == ("syria-coh-2016", 2)
    (coh,) = load_agreements(store)
    assert coh.extensions == ()  # the base window is open-ended: nothing to extend
    (declared,) = coh.declarations
    assert declared.declared_by == "us"  # "United States of America (ISSG co-chair)"
    assert declared.scope is not None  # Aleppo, not the whole country
    assert declared.interval.start.isoformat() == "2016-05-03T21:01:00+00:00"
    assert declared.interval.end is None  # open, as the draft gives no end


def test_a_declaration_by_a_side_the_agreement_does_not_know_is_refused_naming_its_sides(
    store: Store,
) -> None:
    add_agreement_file(store, EXAMPLES / "syria-coh-2016.yaml")
    put_drafts(store.conn, [_extension_of_the_nationwide_truce("Norway")])
    with pytest.raises(AgreementError, match="Norway, none of which is a party"):
        accept(store, "draft-0123456789ab")
    assert get_draft(store.conn, "draft-0123456789ab").status == "pending"
