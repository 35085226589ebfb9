"""Truce statements from news, stored as draft agreements, reviewed, accepted into the registry.

    >>> report = save_drafts(store, Path("news.jsonl"))             # doctest: +SKIP
    >>> accept(store, report.drafts[0].draft_id)                    # doctest: +SKIP

One draft per truce of an article (:func:`trucewatch.text.truce_drafts.draft_truces`: the
statements about the same truce merged). A draft's id is ``draft-`` + 12 hex digits of the
SHA-256 of the article (title and text) and the position of the truce's first statement: the
same article found again (in this file or another) gives the same id, so saving twice adds
nothing. Accepting a new truce validates the draft's YAML (or an edited copy) with the agreement
loader and stores it as ``trucewatch agreements add`` does; accepting an extension of a stored
agreement appends its ``extensions`` entry to that agreement (a new version of it; a
``declarations`` entry by the speaking side when the agreement's last window is open-ended,
as an extension needs an end to extend); both in the
same transaction that marks the draft accepted. A draft that only refers to a stored agreement
has nothing to add and is refused (reject it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from trucewatch.agreements import load_agreement, parse_agreement
from trucewatch.agreements._yaml import load_yaml
from trucewatch.agreements.edit import DECLARATION_KEYS, add_declaration, add_extension
from trucewatch.catalog import add_agreement_file, load_agreements, stored_boundaries
from trucewatch.errors import AgreementError, StoreError, ValidationError
from trucewatch.model.agreement import Agreement
from trucewatch.store import Store
from trucewatch.store import drafts as draft_store
from trucewatch.store.drafts import Draft
from trucewatch.text.clean import Article, read_articles
from trucewatch.text.gazetteer import Gazetteer, default_gazetteer
from trucewatch.text.statement_model import TruceDraft
from trucewatch.text.statements import draft_agreement_yaml, find_statements
from trucewatch.text.truce_drafts import draft_truces

__all__ = [
    "Accepted",
    "SaveReport",
    "accept",
    "draft_record",
    "drafts_from_articles",
    "reject",
    "save_drafts",
]


def _iso(value: object) -> str | None:
    return None if value is None else value.isoformat()  # type: ignore[attr-defined]


def draft_record(draft: TruceDraft, article: Article) -> dict[str, Any]:
    """A JSON-able dict of a truce draft (what is stored as the draft's ``statement``)."""
    d = draft
    speaker = None
    if d.speaker is not None:
        speaker = {"person": d.speaker.person, "office": d.speaker.office, "state": d.speaker.state}
    return {
        "act": d.act,
        "article_id": d.article_id,
        "speaker": speaker,
        "parties": list(d.parties),
        "scope": list(d.scope),
        "nationwide": d.nationwide,
        "country": d.country,
        "start": _iso(d.start),
        "start_precision": d.start_precision,
        "timezone": d.timezone,
        "duration_hours": None if d.duration is None else d.duration.total_seconds() / 3600,
        "end": _iso(d.end),
        "exclusions": list(d.exclusions),
        "conditions": [{"text": c.text, "days": c.days} for c in d.conditions],
        "deadlines": [{"by": c.by.isoformat(), "what": c.what} for c in d.deadlines],
        "monitoring": d.monitoring,
        "extends": d.extends,
        "new_agreement": d.new_agreement,
        "statements": [
            {
                "act": s.act,
                "sentence_index": s.sentence_index,
                "offset_start": s.span.start,
                "offset_end": s.span.end,
                "sentence": s.span.text,
                "refers_to": s.refers_to,
                "confidence": s.confidence,
            }
            for s in d.statements
        ],
        "confidence": max(s.confidence for s in d.statements),
        "published": _iso(article.published),
        "url": article.url,
        "headline": article.title,
    }


def drafts_from_articles(
    articles: Iterable[Article],
    source_file: str,
    *,
    agreements: Sequence[Agreement] = (),
    gazetteer: Gazetteer | None = None,
) -> tuple[list[tuple[TruceDraft, Draft]], list[str]]:
    """Every truce of ``articles`` with the stored draft made from it (one per truce, see
    :func:`~trucewatch.text.truce_drafts.draft_truces`), and the messages of the articles that
    could not be read for statements (no publication instant)."""
    gaz = gazetteer or default_gazetteer()
    out: list[tuple[TruceDraft, Draft]] = []
    refused: list[str] = []
    for article in articles:
        try:
            statements = find_statements(article, gaz)
        except ValidationError as exc:
            refused.append(f"{source_file}: {exc}")
            continue
        for truce in draft_truces(article, statements, agreements):
            draft = Draft(
                draft_id=truce.draft_id,
                source_file=source_file,
                sentence=" | ".join(s.span.text for s in truce.statements),
                statement=draft_record(truce, article),
                yaml_text=draft_agreement_yaml(truce, article=article, gazetteer=gaz),
            )
            out.append((truce, draft))
    return out, refused


@dataclass(frozen=True)
class SaveReport:
    """What :func:`save_drafts` did: the drafts found (new and known), how many were new,
    and the articles refused (with why)."""

    drafts: tuple[Draft, ...]
    added: int
    already_stored: int
    refused: tuple[str, ...] = field(default=())


def save_drafts(
    store: Store,
    path: Path,
    *,
    published: datetime | None = None,
    gazetteer: Gazetteer | None = None,
) -> SaveReport:
    """Find the truce statements of a news file and store each as a pending draft
    (``gazetteer``: default the embedded one).

    Idempotent: drafts stored already (same id) are left as they are, whatever their status.
    """
    if store.read_only:
        raise StoreError(f"cannot store drafts: store {store.path} was opened read-only")
    path = Path(path)
    found, refused = drafts_from_articles(
        read_articles(path, published=published),
        str(path.resolve()),
        agreements=load_agreements(store),
        gazetteer=gazetteer,
    )
    drafts = [d for _t, d in found]
    added, known = draft_store.put_drafts(store, drafts)
    stored = {d.draft_id: draft_store.get_draft(store, d.draft_id) for d in drafts}
    return SaveReport(tuple(stored.values()), added, known, tuple(refused))


@dataclass(frozen=True)
class Accepted:
    """A draft accepted into the registry as ``agreement_id`` (stored ``version``)."""

    draft_id: str
    agreement_id: str
    version: int
    origin: str


def _fix_hint(draft_id: str, error: AgreementError) -> str:
    where = f"field '{error.field}'" if error.field else "the file"
    return (
        f"draft {draft_id} does not validate as an agreement: {error}. "
        f"Fix {where}: trucewatch drafts show {draft_id} --yaml > {draft_id}.yaml, edit it, "
        f"then trucewatch agreements accept {draft_id} --edit-file {draft_id}.yaml"
    )


def accept(store: Store, draft_id: str, *, edit_file: Path | None = None) -> Accepted:
    """Validate a draft's YAML — or ``edit_file``, an edited copy — with the agreement loader
    and, in one transaction, store the agreement (as ``agreements add`` does) and mark the
    draft accepted. An invalid draft raises AgreementError naming the field and the fix;
    nothing is written then."""
    if store.read_only:
        raise StoreError(f"cannot accept a draft: store {store.path} was opened read-only")
    draft = draft_store.get_draft(store, draft_id)
    if draft.status == "accepted":
        raise StoreError(
            f"draft {draft.draft_id} was already accepted as agreement {draft.agreement_id}"
        )
    if edit_file is None and draft.statement.get("new_agreement") is False:
        return _accept_extension(store, draft)
    boundaries = stored_boundaries(store)
    try:
        if edit_file is not None:
            agreement = load_agreement(edit_file, boundaries=boundaries)
            origin = str(Path(edit_file).resolve())
        else:
            origin = f"draft {draft.draft_id}"
            document, node = load_yaml(draft.yaml_text)
            agreement = parse_agreement(document, source=origin, boundaries=boundaries, node=node)
    except AgreementError as exc:
        raise AgreementError(_fix_hint(draft.draft_id, exc)) from exc
    except yaml.YAMLError as exc:
        raise AgreementError(
            _fix_hint(draft.draft_id, AgreementError(f"not valid YAML: {exc}"))
        ) from exc
    stored = {r.agreement_id: r for r in store.agreement_texts()}
    if agreement.id in stored:
        raise AgreementError(
            f"draft {draft.draft_id}: agreement id {agreement.id!r} is already in the registry "
            f"(from {stored[agreement.id].origin}): give the draft a new 'id' with "
            "--edit-file, or merge it into that agreement's file and run "
            "'trucewatch agreements add'",
            field="id",
        )

    def write() -> int:
        if edit_file is not None:
            return add_agreement_file(store, Path(edit_file))[1]
        return store.put_agreement(agreement.id, agreement.name, draft.yaml_text, origin)

    version = draft_store.accept_draft(store, draft.draft_id, agreement.id, write)
    return Accepted(draft.draft_id, agreement.id, version, origin)


def _accept_extension(store: Store, draft: Draft) -> Accepted:
    """Append an extension draft's entry to the stored agreement it extends (a new version of
    it, validated by the loader); a draft that only refers to an agreement is refused."""
    target = draft.statement.get("extends")
    entries = (yaml.safe_load(draft.yaml_text) or {}).get("extensions") or []
    if not target or draft.statement.get("act") != "extend" or not entries:
        raise AgreementError(
            f"draft {draft.draft_id} only refers to "
            + (f"stored agreement {target}" if target else "an earlier truce")
            + ": there is nothing new to add to the registry. Reject it (trucewatch drafts "
            f"reject {draft.draft_id}), or write the agreement it names and accept it with "
            "--edit-file"
        )
    stored = {r.agreement_id: r for r in store.agreement_texts()}
    if target not in stored:
        raise AgreementError(
            f"draft {draft.draft_id} extends agreement {target!r}, which is not in the "
            "registry: add it first (trucewatch agreements add FILE)"
        )
    origin = f"draft {draft.draft_id} (extension of {target})"
    try:
        text = _extended(store, stored[target].text, entries[0], draft.statement, origin)
        document, node = load_yaml(text)
        agreement = parse_agreement(
            document, source=origin, boundaries=stored_boundaries(store), node=node
        )
    except AgreementError as exc:
        raise AgreementError(
            f"draft {draft.draft_id}: its extension does not fit agreement {target}: {exc}. "
            f"Fix it by hand: trucewatch drafts show {draft.draft_id} --yaml gives the entry; "
            f"add it (or a declaration) to {target}'s file and run 'trucewatch agreements add'"
        ) from exc

    def write() -> int:
        return store.put_agreement(agreement.id, agreement.name, text, origin)

    version = draft_store.accept_draft(store, draft.draft_id, agreement.id, write)
    return Accepted(draft.draft_id, agreement.id, version, origin)


def _extended(
    store: Store, text: str, entry: dict[str, Any], statement: dict[str, Any], origin: str
) -> str:
    """The agreement's text with the draft's entry: an extension of its last window, or —
    when that window is open-ended, with no end to extend ("the nationwide cessation of
    hostilities is extended to Aleppo from 00:01 on 4 May") — a declaration, from the entry's
    start, by the agreement's party, guarantor or mediator that the draft's speaker's state
    or one of its parties names (open unless the draft gives a duration or an end)."""
    document, node = load_yaml(text)
    agreement = parse_agreement(
        document, source=origin, boundaries=stored_boundaries(store), node=node
    )
    last = agreement.extensions[-1] if agreement.extensions else agreement.base
    if last.end is not None or entry.get("parent"):
        return add_extension(text, entry, source=origin)
    by = _declarer(agreement, statement)
    if by is None:
        who = _names_of(statement) or ["no side"]
        raise AgreementError(
            f"its last window is open-ended, so the draft is a declaration, but it names "
            f"{', '.join(who)}, none of which is a party, guarantor or mediator of "
            f"{agreement.id} ({', '.join(a.name for a in agreement.actors()) or 'none'})"
        )
    declaration = {k: v for k, v in entry.items() if k in DECLARATION_KEYS}
    declaration["by"] = by
    if "end" not in declaration and "duration" not in declaration:
        declaration["open"] = True
    return add_declaration(text, declaration, source=origin)


def _names_of(statement: dict[str, Any]) -> list[str]:
    speaker = statement.get("speaker") or {}
    return [n for n in (speaker.get("state"), *(statement.get("parties") or ())) if n]


def _words(name: str) -> str:
    return " " + " ".join(re.findall(r"\w+", name.casefold())) + " "


def _declarer(agreement: Agreement, statement: dict[str, Any]) -> str | None:
    """The id of the agreement's actor the draft's speaker's state or parties name: the same
    words ("United States" in "United States of America (ISSG co-chair)"), or the same side
    by the country pack's aliases ("Russia", "Russian Federation")."""
    country = statement.get("country")
    actors = (default_gazetteer(countries=(country,)) if country else default_gazetteer()).actors

    def sides(text: str) -> set[str]:
        return {m.canonical for m in actors.find(text)}

    for name in _names_of(statement):
        for actor in agreement.actors():
            for label in (actor.name, *getattr(actor, "aliases", ())):
                if _words(name) in _words(label) or _words(label) in _words(name):
                    return actor.id
                if sides(name) & sides(label):
                    return actor.id
    return None


def reject(store: Store, draft_id: str) -> Draft:
    """Mark a draft rejected (it stays in the store, out of the registry)."""
    if store.read_only:
        raise StoreError(f"cannot reject a draft: store {store.path} was opened read-only")
    return draft_store.reject_draft(store, draft_id)
