"""API keys kept in the store: created with a role, stored as salted hashes, revocable.

A key reads ``tw_<key_id>_<secret>``: ``key_id`` (8 hex digits) finds the row, the secret (32
random bytes, URL-safe base64) is checked against ``pbkdf2_hmac(sha256, secret, salt)``. Only the
salt and the hash are stored; the whole key is shown once, when it is created. The secret is
random and long, so a modest iteration count is enough (it is not a password) and verifying a
key costs about a millisecond per write request.
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
    if match is None:
        return None
    key_id, secret = match.groups()
    row = conn.execute(
        "SELECT key_id, name, role, created_at, revoked_at, salt, hash FROM api_keys "
        "WHERE key_id = ?",
        [key_id],
    ).fetchone()
    if row is None or row[4] is not None:
        return None
    if not hmac.compare_digest(_hash(secret, bytes(row[5])), bytes(row[6])):
        return None
    return _row_to_key(row[:5])
