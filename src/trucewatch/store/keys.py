"""API keys kept in the store: created with a role, stored as salted hashes, revocable.

A key reads ``tw_<key_id>_<secret>``: ``key_id`` (8 hex digits) finds the row, the secret (32
random bytes, URL-safe base64) is checked against ``pbkdf2_hmac(sha256, secret, salt)``. Only the
salt and the hash are stored; the whole key is shown once, when it is created. The secret is
random and long, so a modest iteration count is enough (it is not a password) and verifying a
key costs about a millisecond per write request. Every check does the same work whether the
key id exists or not (a dummy secret is hashed for an unknown, revoked or malformed key) and
compares in constant time, so the time of an answer does not tell which key ids exist
(``benchmarks/key_checks.py`` prints both).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from trucewatch.errors import ValidationError
from trucewatch.suggest import not_one_of, unknown

__all__ = ["ROLES", "ApiKey", "create_key", "list_keys", "revoke_key", "verify_key"]

#: The roles, weakest first: a reader may read, an analyst may also write, an admin may all.
ROLES = ("reader", "analyst", "admin")

_ITERATIONS = 20_000
_KEY = re.compile(r"^tw_([0-9a-f]{8})_([A-Za-z0-9_-]{20,100})$")
_NAME_MAX = 100
#: hashed in place of a stored key's when the key id is unknown, revoked or malformed
_DUMMY_SALT = secrets.token_bytes(16)
_DUMMY_HASH = bytes(32)


@dataclass(frozen=True)
class ApiKey:
    """A stored key, without its secret."""

    key_id: str
    name: str
    role: str
    created_at: datetime
    revoked_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValidationError(f"role {self.role!r} is not one of {', '.join(ROLES)}")

    @property
    def active(self) -> bool:
        """Not revoked."""
        return self.revoked_at is None

    def allows(self, role: str) -> bool:
        """Whether this key's role is at least ``role``."""
        return ROLES.index(self.role) >= ROLES.index(role)


def _hash(secret: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", secret.encode(), salt, _ITERATIONS)


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def _row_to_key(row: tuple[object, ...]) -> ApiKey:
    key_id, name, role, created, revoked = row
    assert isinstance(created, datetime)
    return ApiKey(str(key_id), str(name), str(role), created.astimezone(UTC), _utc(revoked))  # type: ignore[arg-type]


def create_key(conn: duckdb.DuckDBPyConnection, role: str, name: str = "") -> tuple[ApiKey, str]:
    """Create a key with ``role`` (reader, analyst or admin); return it and the whole key text.

    The text is shown once: only a salted hash of its secret is stored.
    """
    if role not in ROLES:
        raise not_one_of("role", role, ROLES)
    if len(name) > _NAME_MAX:
        raise ValidationError(f"key name is {len(name)} characters long; at most {_NAME_MAX}")
    while True:
        key_id = secrets.token_hex(4)
        taken = conn.execute("SELECT 1 FROM api_keys WHERE key_id = ?", [key_id]).fetchone()
        if taken is None:
            break
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_bytes(16)
    now = datetime.now(UTC)
    conn.execute(
        "INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?, NULL)",
        [key_id, name, role, salt, _hash(secret, salt), now],
    )
    return ApiKey(key_id, name, role, now), f"tw_{key_id}_{secret}"


def list_keys(conn: duckdb.DuckDBPyConnection) -> list[ApiKey]:
    """Every key (revoked ones too), oldest first, without secrets."""
    rows = conn.execute(
        "SELECT key_id, name, role, created_at, revoked_at FROM api_keys "
        "ORDER BY created_at, key_id"
    ).fetchall()
    return [_row_to_key(r) for r in rows]


def revoke_key(conn: duckdb.DuckDBPyConnection, key_id: str) -> ApiKey:
    """Revoke the key ``key_id`` (revoking twice keeps the first instant); return it."""
    row = conn.execute(
        "SELECT key_id, name, role, created_at, revoked_at FROM api_keys WHERE key_id = ?",
        [key_id],
    ).fetchone()
    if row is None:
        known = [r[0] for r in conn.execute("SELECT key_id FROM api_keys").fetchall()]
        raise unknown("API key", key_id, known, listing="trucewatch keys list shows them")
    if row[4] is None:
        conn.execute(
            "UPDATE api_keys SET revoked_at = ? WHERE key_id = ?", [datetime.now(UTC), key_id]
        )
    return _row_to_key(
        conn.execute(
            "SELECT key_id, name, role, created_at, revoked_at FROM api_keys WHERE key_id = ?",
            [key_id],
        ).fetchone()  # type: ignore[arg-type]
    )


def verify_key(conn: duckdb.DuckDBPyConnection, text: str) -> ApiKey | None:
    """The active key whose text is ``text``, or None (malformed, unknown, wrong or revoked)."""
    match = _KEY.match(text.strip()) if len(text) < 200 else None
    key_id, secret = match.groups() if match is not None else ("", "")
    row = conn.execute(
        "SELECT key_id, name, role, created_at, revoked_at, salt, hash FROM api_keys "
        "WHERE key_id = ?",
        [key_id],
    ).fetchone()
    # the same work for every key: a known id's hash, else the dummy's (never a match)
    usable = match is not None and row is not None and row[4] is None
    salt, stored = _DUMMY_SALT, _DUMMY_HASH
    if usable and row is not None:
        salt, stored = bytes(row[5]), bytes(row[6])
    equal = hmac.compare_digest(_hash(secret or "-", salt), stored)
    if not (usable and equal) or row is None:
        return None
    return _row_to_key(row[:5])
