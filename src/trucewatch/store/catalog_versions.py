"""What the parse of the stored agreements depends on, read cheaply (without their texts): the
latest version of each agreement (:class:`StoredVersion`) and a digest of the boundary units
(:func:`boundaries_digest`); the texts of some versions (:func:`version_texts`).

:func:`trucewatch.catalog.load_agreements` keys its cache on them (``store.cache``): a new
version of an agreement (a new ``version`` and ``sha256``) or a boundary layer loaded or
replaced (a new digest, for the agreements that may name admin units) is a new key, seen at
once, in this process or from another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trucewatch.store.connect import Db, conn_of

__all__ = ["StoredVersion", "boundaries_digest", "latest_versions", "version_texts"]


@dataclass(frozen=True)
class StoredVersion:
    """The latest stored version of an agreement: its id, version, the SHA-256 of its text,
    where it came from, and whether the text mentions ``admin`` (so may name admin units,
    resolved against the stored boundaries)."""

    agreement_id: str
    version: int
    sha256: str
    origin: str
    names_admin: bool


def latest_versions(db: Db) -> list[StoredVersion]:
    """The latest version of every stored agreement, ordered by id."""
    rows = (
        conn_of(db)
        .execute(
            "SELECT agreement_id, version, sha256, origin, contains(text, 'admin') "
            "FROM agreements "
            "QUALIFY row_number() OVER (PARTITION BY agreement_id ORDER BY version DESC) = 1 "
            "ORDER BY agreement_id"
        )
        .fetchall()
    )
    return [StoredVersion(str(a), int(v), str(s), str(o), bool(n)) for a, v, s, o, n in rows]


def version_texts(db: Db, versions: Sequence[StoredVersion]) -> dict[tuple[str, int], str]:
    """The stored texts of ``versions``, by (agreement_id, version)."""
    if not versions:
        return {}
    rows = (
        conn_of(db)
        .execute(
            "SELECT a.agreement_id, a.version, a.text FROM agreements a "
            "JOIN (SELECT unnest(?) AS agreement_id, unnest(?) AS version) w "
            "ON a.agreement_id = w.agreement_id AND a.version = w.version",
            [[v.agreement_id for v in versions], [v.version for v in versions]],
        )
        .fetchall()
    )
    return {(str(a), int(v)): str(t) for a, v, t in rows}


def boundaries_digest(db: Db) -> tuple[int, int]:
    """(count, sum of the hashes of every column) of the stored boundary units: another
    digest when a layer is loaded, replaced or removed."""
    row = (
        conn_of(db)
        .execute(
            "SELECT count(*), coalesce(sum(hash(layer, code, name, level, names, parent, wkb)), 0) "
            "FROM boundary_units"
        )
        .fetchone()
    )
    return (int(row[0]), int(row[1])) if row else (0, 0)
