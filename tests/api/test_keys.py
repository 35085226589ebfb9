"""API keys in the store: salted hashes, roles, revocation, listing without secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from trucewatch.errors import NotFoundError, ValidationError
from trucewatch.store import Store


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "keys.duckdb") as s:
        yield s


def test_a_created_key_verifies_and_only_its_hash_is_stored(store: Store) -> None:
    key, text = store.create_api_key("analyst", "newsroom")
    assert store.verify_api_key(text) == key
    secret = text.split("_", 2)[2]
    stored = store.conn.execute("SELECT * FROM api_keys").fetchall()
    assert secret.encode() not in repr(stored).encode()


@pytest.mark.parametrize("tamper", [lambda t: t + "x", lambda t: t[:-1] + "A", lambda t: "x"])
def test_a_wrong_key_does_not_verify(store: Store, tamper) -> None:
    text = store.create_api_key("admin")[1]
    if tamper(text) != text:
        assert store.verify_api_key(tamper(text)) is None


def test_a_revoked_key_stops_verifying_and_is_listed_as_revoked(store: Store) -> None:
    key, text = store.create_api_key("reader")
    store.revoke_api_key(key.key_id)
    assert store.verify_api_key(text) is None
    (listed,) = store.api_keys()
    assert listed.key_id == key.key_id and not listed.active


def test_unknown_role_and_unknown_key_are_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="reader, analyst, admin"):
        store.create_api_key("root")
    with pytest.raises(NotFoundError, match="no API key"):
        store.revoke_api_key("deadbeef")


def test_roles_are_ordered(store: Store) -> None:
    key = store.create_api_key("analyst")[0]
    assert key.allows("reader") and key.allows("analyst") and not key.allows("admin")
