"""Truce statements from news, stored as draft agreements, reviewed, accepted into the registry.

    >>> report = save_drafts(store, Path("news.jsonl"))             # doctest: +SKIP
    >>> accept(store, report.drafts[0].draft_id)                    # doctest: +SKIP

A draft's id is ``draft-`` + 12 hex digits of the SHA-256 of the article text, the sentence's
character offsets and the statement kind: the same article found again (in this file or another)
gives the same id, so saving twice adds nothing. Accepting validates the draft's YAML (or an
edited copy) with the agreement loader and stores it as ``trucewatch agreements add`` does, in
the same transaction that marks the draft accepted.

Linking a statement to a stored agreement it may extend, accept, reject or accuse of violation
is best effort (:func:`candidate_agreements`): same place (inside a stored scope, or the place's
name in the agreement's name) at a time when one of its windows is in force or ended at most a
week before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from trucewatch.agreements import load_agreement, parse_agreement
from trucewatch.agreements._yaml import load_yaml
from trucewatch.catalog import add_agreement_file, load_agreements, stored_boundaries
from trucewatch.errors import AgreementError, StoreError, ValidationError
from trucewatch.model.agreement import Agreement
from trucewatch.store import Store
from trucewatch.store import drafts as draft_store
from trucewatch.store.drafts import Draft
from trucewatch.text.clean import Article, read_articles
from trucewatch.text.gazetteer import Gazetteer, default_gazetteer, norm
from trucewatch.text.statements import DraftStatement, draft_agreement_yaml, find_statements

__all__ = [
    "Accepted",
    "SaveReport",
    "accept",
    "candidate_agreements",
    "draft_id_of",
    "drafts_from_articles",
    "reject",
    "save_drafts",
    "statement_record",
]

#: how long after a window ends a statement may still refer to it
LINK_AFTER_END = timedelta(days=7)


def draft_id_of(article: Article, statement: DraftStatement) -> str:
    """The stable store id of a statement: ``draft-`` + 12 hex digits of SHA-256 over the
    article text, the sentence offsets and the kind."""
    key = f"{article.text}\x00{statement.offset_start}:{statement.offset_end}\x00{statement.kind}"
    return "draft-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _covering_area(agreement: Agreement, lat: float, lon: float) -> float | None:
    """The area (square degrees) of the smallest scope of ``agreement`` that covers the point."""
    import shapely

    point = shapely.Point(lon, lat)
    areas = [
        float(scope.geometry.area)
        for scope in agreement.scopes()
        if scope.geometry is not None and scope.geometry.intersects(point)
    ]
    return min(areas) if areas else None


def candidate_agreements(statement: DraftStatement, agreements: Iterable[Agreement]) -> list[str]:
    """Ids of stored agreements ``statement`` may refer to (best effort, see the module doc).

    Declarations are new truces and get none; a statement without a place gets none.
    Agreements whose name names the place come first, then by the area of the covering scope,
    smallest first (a city's truce before a nationwide one).
    """
    if statement.kind == "declared" or statement.place is None:
        return []
    place = statement.place.place
    when = statement.start or statement.published
    name = norm(place.name)
    found: list[tuple[int, float, str]] = []
    for agreement in agreements:
        timely = any(
            w.start <= when + timedelta(days=1)
            and (w.end is None or w.end + LINK_AFTER_END >= when)
            for w in agreement.windows()
        )
        if not timely:
            continue
        if bool(name) and f" {name} " in f" {norm(agreement.name)} ":
            found.append((0, 0.0, agreement.id))
            continue
        area = _covering_area(agreement, place.lat, place.lon)
        if area is not None:
            found.append((1, area, agreement.id))
    return [agreement_id for _named, _area, agreement_id in sorted(found)]


def statement_record(statement: DraftStatement) -> dict[str, Any]:
    """A JSON-able dict of a statement (what is stored as the draft's ``statement``)."""
    s = statement
    place = None
    if s.place is not None:
        place = {
            "name": s.place.place.name,
            "text": s.place.text,
            "lat": s.place.place.lat,
            "lon": s.place.place.lon,
            "admin1": s.place.place.admin1,
            "precision": s.place.precision.value,
            "radius_km": s.place.radius_km,
        }
    return {
        "kind": s.kind,
        "article_id": s.article_id,
        "sentence_index": s.sentence_index,
        "offset_start": s.offset_start,
        "offset_end": s.offset_end,
        "trigger": s.trigger,
        "confidence": s.confidence,
        "published": s.published.isoformat(),
        "actor": s.actor,
        "accused": s.accused,
        "place": place,
        "start": None if s.start is None else s.start.isoformat(),
        "start_precision": None if s.start_precision is None else s.start_precision.value,
        "duration_hours": None if s.duration is None else s.duration.total_seconds() / 3600,
        "timezone": s.timezone,
        "url": s.url,
        "headline": s.headline,
        "yaml_id": s.draft_id,
    }


def _with_candidates(yaml_text: str, candidates: Sequence[str]) -> str:
    if not candidates:
        return yaml_text
    doc = yaml.safe_load(yaml_text)
    doc["notes"] += (
        "\nMay refer to stored agreement(s) "
        + ", ".join(candidates)
        + " (same place and time; found automatically, check it)."
    )
    header = yaml_text.split("\n", 1)[0] + "\n"
    return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def drafts_from_articles(
    articles: Iterable[Article],
    source_file: str,
    *,
    agreements: Sequence[Agreement] = (),
    gazetteer: Gazetteer | None = None,
) -> tuple[list[tuple[DraftStatement, Draft]], list[str]]:
    """Every statement of ``articles`` with the draft made from it, and the messages of the
    articles that could not be read for statements (no publication instant)."""
    gaz = gazetteer or default_gazetteer()
    out: list[tuple[DraftStatement, Draft]] = []
    refused: list[str] = []
    for article in articles:
        try:
            statements = find_statements(article, gaz)
        except ValidationError as exc:
            refused.append(f"{source_file}: {exc}")
            continue
        for s in statements:
            candidates = candidate_agreements(s, agreements)
            record = statement_record(s) | {"candidate_agreements": candidates}
            draft = Draft(
                draft_id=draft_id_of(article, s),
                source_file=source_file,
                sentence=s.sentence,
                statement=record,
                yaml_text=_with_candidates(draft_agreement_yaml(s), candidates),
            )
            out.append((s, draft))
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
    drafts = [d for _s, d in found]
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


def reject(store: Store, draft_id: str) -> Draft:
    """Mark a draft rejected (it stays in the store, out of the registry)."""
    if store.read_only:
        raise StoreError(f"cannot reject a draft: store {store.path} was opened read-only")
    return draft_store.reject_draft(store, draft_id)
