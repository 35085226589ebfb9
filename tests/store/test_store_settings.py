"""The store's settings: declared in the store, checked on the way in and on the way out."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from trucewatch.errors import StoreError, ValidationError
from trucewatch.model.threshold import min_share_of, threshold_note
from trucewatch.model.verdict import rules_version
from trucewatch.settings import change_setting
from trucewatch.store import Store
from trucewatch.store.settings import (
    StoreSettings,
    parse_setting,
    read_settings,
    setting_rows,
    write_setting,
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "settings.duckdb"
    Store.open(path).close()
    return path


def _rows(store: Store) -> list[tuple]:
    return store.conn.execute("SELECT name, value FROM settings").fetchall()


def test_a_new_store_has_the_default_threshold_and_no_setting_row(db: Path) -> None:
    with Store.open(db, read_only=True) as store:
        assert read_settings(store.conn) == StoreSettings(min_share_inside=0.5)
        assert _rows(store) == []
        (row,) = setting_rows(store.conn)
    assert (row.name, row.value, row.default, row.is_default, row.changed_at) == (
        "min_share_inside",
        0.5,
        0.5,
        True,
        None,
    )


def test_a_setting_is_kept_in_the_store_file(db: Path) -> None:
    with Store.open(db) as store:
        assert write_setting(store.conn, "min-share-inside", 0.3).min_share_inside == 0.3
    with Store.open(db, read_only=True) as store:
        assert read_settings(store.conn).min_share_inside == 0.3
        (row,) = setting_rows(store.conn)
    assert row.is_default is False and row.changed_at is not None


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (1.5, "outside [0, 1]"),
        (-0.1, "outside [0, 1]"),
        (30, "not a percentage: 30 % is 0.3"),
        (math.nan, "not a number"),
        (math.inf, "not a number"),
        (True, "not a number"),
        ("0.3", "not a number"),
        (None, "not a number"),
    ],
)
def test_an_invalid_threshold_is_refused_and_stores_nothing(
    db: Path, value: object, says: str
) -> None:
    with Store.open(db) as store:
        write_setting(store.conn, "min_share_inside", 0.3)
        with pytest.raises(ValidationError, match="setting min-share-inside") as caught:
            write_setting(store.conn, "min_share_inside", value)
        assert says in str(caught.value) and "give a share from 0 to 1" in str(caught.value)
        assert _rows(store) == [("min_share_inside", "0.3")]


def test_an_unknown_setting_is_refused_with_a_guess(db: Path) -> None:
    with Store.open(db) as store:
        with pytest.raises(ValidationError, match="did you mean min-share-inside"):
            write_setting(store.conn, "min-share", 0.3)
        assert _rows(store) == []


@pytest.mark.parametrize(
    ("text", "value"), [("0.3", 0.3), (" 1 ", 1.0), ("0", 0.0), ("2.5e-1", 0.25)]
)
def test_a_threshold_written_as_text_is_read_as_a_number(text: str, value: float) -> None:
    assert parse_setting("min-share-inside", text) == value


@pytest.mark.parametrize("text", ["30%", "abc", "", "NaN", "true", "1.01"])
def test_a_threshold_text_that_is_no_share_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="setting min-share-inside"):
        parse_setting("min-share-inside", text)


def test_a_hand_edited_invalid_row_is_an_error_naming_the_fix(db: Path) -> None:
    with Store.open(db) as store:
        store.conn.execute("INSERT INTO settings VALUES ('min_share_inside', '7', now())")
        with pytest.raises(StoreError, match="trucewatch settings set min-share-inside VALUE"):
            read_settings(store.conn)


def test_a_changed_setting_changes_the_store_state_token(db: Path) -> None:
    with Store.open(db) as store:
        before = store.state_token()
        write_setting(store.conn, "min_share_inside", 0.3)
        assert store.state_token() != before
        write_setting(store.conn, "min_share_inside", 0.5)
        assert store.state_token() != before  # a stored row, even of the default value
        token = store.state_token()
        write_setting(store.conn, "min_share_inside", 0.5)
        assert store.state_token() == token


@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 0.99, 1.0])
def test_the_threshold_is_read_back_from_a_rules_version(threshold: float) -> None:
    assert min_share_of(rules_version(threshold)) == threshold


def test_the_threshold_note_is_empty_at_the_default_only() -> None:
    assert threshold_note(0.5) == ""
    assert "at least 30 %" in threshold_note(0.3) and "default 0.5" in threshold_note(0.3)


def test_a_setting_is_not_changed_through_a_read_only_store(db: Path) -> None:
    with (
        Store.open(db, read_only=True) as store,
        pytest.raises(StoreError, match="opened read-only"),
    ):
        change_setting(store, "min_share_inside", 0.3)
