"""Draft agreement records read from news statements, kept in the store for review.

A draft is ``pending`` until an analyst accepts it into the agreement registry (``accepted``,
with the id of the agreement it became) or rejects it (``rejected``). This module is SQL only:
finding statements is :mod:`trucewatch.text.statements`, validating a draft's YAML is
:mod:`trucewatch.agreements`; :mod:`trucewatch.drafts` joins them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb

from trucewatch.errors import NotFoundError, StoreError, ValidationError
from trucewatch.store.connect import Db, conn_of, transaction
from trucewatch.suggest import not_one_of, unknown

__all__ = [
    "STATUSES",
    "Draft",
    "accept_draft",
    "get_draft",
    "list_drafts",
    "put_drafts",
    "reject_draft",
]

#: the states of a draft, in review order
STATUSES = ("pending", "accepted", "rejected")


@dataclass(frozen=True, slots=True)
class Draft:
    """One stored draft: the sentence it came from, the statement found in it (a JSON-able
    dict), the draft agreement file (``yaml_text``) and where the review stands."""

    draft_id: str
    source_file: str
    sentence: str
    statement: dict[str, Any]
    yaml_text: str
    status: str = "pending"
    agreement_id: str | None = None
    created_at: datetime | None = None
    decided_at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.draft_id.strip():
            raise ValidationError("a draft needs a non-empty draft_id")
        if self.status not in STATUSES:
            raise ValidationError(
                f"draft {self.draft_id}: status {self.status!r} is not one of {', '.join(STATUSES)}"
            )
        if (self.status == "accepted") != (self.agreement_id is not None):
            raise ValidationError(
                f"draft {self.draft_id}: an agreement id goes with status 'accepted' only"
            )


_COLUMNS = (
    "draft_id, source_file, sentence, statement, yaml_text, status, agreement_id, "
    "created_at, decided_at"
)


def _draft(values: tuple[Any, ...]) -> Draft:
    draft_id, source, sentence, statement, yaml_text, status, agreement, created, decided = values
    return Draft(
        draft_id,
        source,
        sentence,
        json.loads(statement),
        yaml_text,
        status,
        agreement,
        None if created is None else created.astimezone(UTC),
        None if decided is None else decided.astimezone(UTC),
    )


def put_drafts(db: Db, drafts: Sequence[Draft]) -> tuple[int, int]:
    """Store new drafts in one transaction; return ``(added, already stored)``.

    A draft whose id is stored already is left as it is (its review state is kept), so
    extracting the same file again adds nothing.
    """
    conn = conn_of(db)
    known = {
        row[0]
        for row in conn.execute(
            "SELECT draft_id FROM agreement_drafts WHERE list_contains(?, draft_id)",
            [[d.draft_id for d in drafts]],
        ).fetchall()
    }
    now = datetime.now(UTC)
    rows, seen = [], set(known)
    for d in drafts:
        if d.draft_id in seen:
            continue
        seen.add(d.draft_id)
        statement = json.dumps(d.statement, ensure_ascii=False, sort_keys=True, default=str)
        rows.append([d.draft_id, d.source_file, d.sentence, statement, d.yaml_text, now])
    if rows:
        try:
            with transaction(conn):
                conn.executemany(
                    "INSERT INTO agreement_drafts (draft_id, source_file, sentence, statement, "
                    "yaml_text, status, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)",
                    rows,
                )
        except duckdb.Error as exc:
            raise StoreError(
                f"storing {len(rows)} draft(s) failed, nothing changed: {exc}"
            ) from exc
    return len(rows), len(drafts) - len(rows)


def list_drafts(db: Db, status: str | None = None) -> list[Draft]:
    """Stored drafts (of one status, or all), oldest first."""
    conn = conn_of(db)
    if status is not None and status not in STATUSES:
        raise not_one_of("draft status", status, STATUSES)
    where, params = ("WHERE status = ?", [status]) if status else ("", [])
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM agreement_drafts {where} ORDER BY created_at, draft_id", params
    ).fetchall()
    return [_draft(r) for r in rows]


def get_draft(db: Db, draft_id: str) -> Draft:
    """The draft ``draft_id`` (a unique prefix of it is enough); NotFoundError otherwise."""
    conn = conn_of(db)
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM agreement_drafts WHERE starts_with(draft_id, ?) "
        "ORDER BY draft_id LIMIT 3",
        [draft_id],
    ).fetchall()
    exact = [r for r in rows if r[0] == draft_id]
    if exact or len(rows) == 1:
        return _draft((exact or rows)[0])
    if rows:
        names = ", ".join(r[0] for r in rows)
        raise NotFoundError(f"draft id {draft_id!r} is ambiguous ({names}, ...): give more of it")
    known = [r[0] for r in conn.execute("SELECT draft_id FROM agreement_drafts").fetchall()]
    raise unknown("draft", draft_id, known, listing="trucewatch drafts list shows them")


def _decide(
    conn: duckdb.DuckDBPyConnection, draft_id: str, status: str, agreement_id: str | None
) -> None:
    conn.execute(
        "UPDATE agreement_drafts SET status = ?, agreement_id = ?, decided_at = ? "
        "WHERE draft_id = ?",
        [status, agreement_id, datetime.now(UTC), draft_id],
    )


def reject_draft(db: Db, draft_id: str) -> Draft:
    """Mark a pending draft rejected; an accepted draft cannot be rejected (StoreError)."""
    conn = conn_of(db)
    draft = get_draft(conn, draft_id)
    if draft.status == "accepted":
        raise StoreError(
            f"draft {draft.draft_id} was accepted as agreement {draft.agreement_id}: it cannot "
            "be rejected (the agreement stays in the registry)"
        )
    _decide(conn, draft.draft_id, "rejected", None)
    return get_draft(conn, draft.draft_id)


def accept_draft(
    db: Db,
    draft_id: str,
    agreement_id: str,
    write: Callable[[], int],
) -> int:
    """In one transaction: call ``write`` (which stores the validated agreement, e.g. with
    :func:`trucewatch.store.catalog.put_agreement`, and returns its version) and mark the
    draft accepted as ``agreement_id``. Returns the version; on any error nothing is written."""
    conn = conn_of(db)
    try:
        with transaction(conn):
            version = write()
            _decide(conn, draft_id, "accepted", agreement_id)
    except duckdb.Error as exc:
        raise StoreError(f"accepting draft {draft_id} failed, nothing changed: {exc}") from exc
    return version
