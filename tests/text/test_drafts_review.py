"""Truce statements stored as drafts, accepted into the registry or rejected (real stores)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from trucewatch.catalog import add_agreement_file, load_agreements
from trucewatch.drafts import accept, reject, save_drafts
from trucewatch.errors import AgreementError, NotFoundError, StoreError
from trucewatch.store import Store
from trucewatch.store.drafts import get_draft, list_drafts

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
        d.statement["kind"] + ":" + str(d.statement["article_id"]): d.draft_id
        for d in list_drafts(store.conn)
    }


def test_saving_a_file_twice_stores_each_statement_once(store: Store, tmp_path: Path) -> None:
    first = save_drafts(store, STATEMENTS)
    again = save_drafts(store, STATEMENTS)
    assert (first.added, first.already_stored) == (6, 0)
    assert (again.added, again.already_stored) == (0, 6)
    copy = tmp_path / "elsewhere.jsonl"
    shutil.copy(STATEMENTS, copy)
    assert save_drafts(store, copy).added == 0  # the id depends on the article, not the file
    drafts = list_drafts(store.conn)
    assert len(drafts) == 6 and {d.status for d in drafts} == {"pending"}
    for d in drafts:
        assert d.draft_id.startswith("draft-") and len(d.draft_id) == 18
        assert d.sentence and f"id: {d.statement['yaml_id']}" in d.yaml_text
        assert d.source_file == str(STATEMENTS.resolve())


def test_an_extension_of_a_stored_agreement_names_it_as_candidate(store: Store) -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        add_agreement_file(store, path)
    save_drafts(store, STATEMENTS)
    drafts = {d.statement["kind"]: d for d in list_drafts(store.conn)}
    extended = drafts["extended"]
    assert extended.statement["candidate_agreements"][0] == "aleppo-calm-2016-05"
    assert "May refer to stored agreement(s) aleppo-calm-2016-05" in extended.yaml_text
    assert drafts["declared"].statement["candidate_agreements"] == []  # a new truce


def test_accepting_stores_the_agreement_and_marks_the_draft_in_one_go(store: Store) -> None:
    save_drafts(store, STATEMENTS)
    draft_id = _by_kind(store)["extended:aleppo-extension"]
    done = accept(store, draft_id[:10])  # a unique prefix is enough
    assert (done.draft_id, done.version) == (draft_id, 1)
    (agreement,) = load_agreements(store)
    assert agreement.id == done.agreement_id == "draft-aleppo-extension-s0-extended"
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
    draft_id = _by_kind(store)["declared:aleppo-calm"]
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
    draft_id = _by_kind(store)["declared:aleppo-calm"]
    text = get_draft(store.conn, draft_id).yaml_text
    edited = tmp_path / "aleppo.yaml"
    edited.write_text(
        text.replace("id: draft-aleppo-calm-s0-declared", "id: aleppo-48h-2016-05"),
        encoding="utf-8",
    )
    done = accept(store, draft_id, edit_file=edited)
    assert done.agreement_id == "aleppo-48h-2016-05"
    assert store.agreement_texts()[0].origin == str(edited.resolve())


def test_a_draft_whose_id_is_taken_is_refused(store: Store) -> None:
    save_drafts(store, STATEMENTS)
    ids = _by_kind(store)
    accept(store, ids["declared:aleppo-calm"])
    store.conn.execute(
        "UPDATE agreement_drafts SET yaml_text = replace(yaml_text, "
        "'draft-aleppo-calm-s1-accepted', 'draft-aleppo-calm-s0-declared') WHERE draft_id = ?",
        [ids["accepted:aleppo-calm"]],
    )
    with pytest.raises(AgreementError, match="already in the registry"):
        accept(store, ids["accepted:aleppo-calm"])
    assert get_draft(store.conn, ids["accepted:aleppo-calm"]).status == "pending"


def test_rejecting_keeps_the_draft_and_unknown_ids_are_named(store: Store) -> None:
    save_drafts(store, STATEMENTS)
    draft_id = _by_kind(store)["rejected:aleppo-calm"]
    assert reject(store, draft_id).status == "rejected"
    assert [d.draft_id for d in list_drafts(store.conn, "rejected")] == [draft_id]
    with pytest.raises(NotFoundError, match="trucewatch drafts list"):
        get_draft(store.conn, "draft-000000000000")
