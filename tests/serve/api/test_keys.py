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


@pytest.mark.parametrize(
    "guess",
    ["known id, wrong secret", "unknown id", "revoked", "malformed", "right"],
)
def test_every_key_check_hashes_one_secret_whatever_the_key_id(
    store: Store, monkeypatch: pytest.MonkeyPatch, guess: str
) -> None:
    """The same work for an unknown key id as for a known one (no timing tells them apart):
    one PBKDF2 hash, one constant-time comparison."""
    from trucewatch.store import keys as keys_module

    known, text = store.create_api_key("analyst")
    revoked, revoked_text = store.create_api_key("analyst")
    store.revoke_api_key(revoked.key_id)
    other_id = "0" * 8 if known.key_id != "0" * 8 else "1" * 8
    texts = {
        "known id, wrong secret": text[:-4] + "AAAA",
        "unknown id": text.replace(known.key_id, other_id),
        "revoked": revoked_text,
        "malformed": "not a key at all",
        "right": text,
    }
    hashed: list[bytes] = []
    compared: list[int] = []
    real_hash, real_compare = keys_module._hash, keys_module.hmac.compare_digest

    def counting_hash(secret: str, salt: bytes) -> bytes:
        hashed.append(salt)
        return real_hash(secret, salt)

    def counting_compare(a: bytes, b: bytes) -> bool:
        compared.append(len(b))
        return real_compare(a, b)

    monkeypatch.setattr(keys_module, "_hash", counting_hash)
    monkeypatch.setattr(keys_module.hmac, "compare_digest", counting_compare)
    found = store.verify_api_key(texts[guess])
    assert (found == known) if guess == "right" else found is None
    assert len(hashed) == 1 and len(hashed[0]) == 16
    assert compared == [32]
