"""Agreements and boundary layers saved to, and loaded back from, the store.

The store keeps an agreement as its YAML text (versioned); this module validates it on the way
in (so nothing invalid is ever stored) and parses it on the way out, resolving admin-unit scopes
against the boundary layers kept in the same store. A scope that points to a GeoJSON file is
inlined when the agreement file is added (its polygons only), so the store stands alone: a stored
text is parsed without a folder, and a ``file:`` scope in it (which an older trucewatch let the
API store) is refused with an AgreementError naming the agreement and the fix; the path is
never looked at.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from trucewatch.agreements import agreement_end_text, load_agreement, parse_agreement
from trucewatch.agreements._yaml import load_yaml, read_agreement_text
from trucewatch.agreements.edit import add_end
from trucewatch.errors import AgreementError, ValidationError
from trucewatch.geo.boundaries import BoundarySet
from trucewatch.geo.geojson import geometry_only, read_geojson
from trucewatch.model.agreement import Agreement
from trucewatch.store import EventQuery, Store
from trucewatch.store.catalog_versions import (
    StoredVersion,
    boundaries_digest,
    latest_versions,
    version_texts,
)
from trucewatch.store.query import actor_names
from trucewatch.suggest import unknown_agreement

__all__ = [
    "ListedAgreement",
    "add_agreement_file",
    "agreement_listing",
    "load_agreements",
    "load_boundary_file",
    "record_end",
    "save_agreement",
    "self_contained_text",
    "stored_boundaries",
    "with_actor_aliases",
]


def stored_boundaries(store: Store) -> BoundarySet | None:
    """Every boundary unit kept in the store, or None when no layer was loaded."""
    records = store.boundary_records()
    return BoundarySet.from_records(records) if records else None


def _inline_scope_files(node: Any, base_dir: Path) -> Any:
    """Replace every ``scope: {file: ...}`` by the polygons of the GeoJSON it points to (read
    as :func:`trucewatch.geo.scope.read_geojson_file` reads it: regular files only, bounded)."""
    if isinstance(node, list):
        return [_inline_scope_files(item, base_dir) for item in node]
    if not isinstance(node, dict) or isinstance(node, _Flow):
        return node
    out = {}
    for key, value in node.items():
        if key == "scope" and isinstance(value, dict) and "file" in value:
            try:
                geojson = _Flow(geometry_only(read_geojson(base_dir / str(value["file"]))))
            except ValidationError as exc:
                raise AgreementError(str(exc), path=str(base_dir), field="scope.file") from exc
            value = {k: v for k, v in value.items() if k != "file"} | {"geojson": geojson}
        out[key] = _inline_scope_files(value, base_dir)
    return out


def self_contained_text(path: Path) -> str:
    """The text of an agreement file with every ``file:`` scope written inline (the file's
    polygons, without their properties): what the store keeps. The text is unchanged when it
    has no file scope; otherwise it is written again (comments are lost)."""
    text = read_agreement_text(path)
    document, _ = load_yaml(text, str(path))
    inlined = _inline_scope_files(document, path.parent)
    if inlined == document:
        return text
    return yaml.dump(inlined, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


class _Flow(dict[str, Any]):
    """An inlined GeoJSON object: written in flow style, its positions compact."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """SafeDumper (libyaml's emitter when there is one) writing :class:`_Flow` mappings (and
    all they hold) in flow style."""


_Dumper.add_representer(
    _Flow, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, True)
)


def add_agreement_file(store: Store, path: Path) -> tuple[Agreement, int]:
    """Validate ``path`` (admin scopes against the stored boundaries) and store it.

    Returns the agreement and its stored version (the same text again keeps the same version).
    """
    boundaries = stored_boundaries(store)
    agreement = load_agreement(path, boundaries=boundaries)
    unresolved = [s.spec.get("admin") for s in agreement.scopes() if s.geometry is None]
    if unresolved:
        layers = "no boundary layer is loaded" if boundaries is None else "no loaded layer has it"
        raise AgreementError(
            f"scope names admin unit {unresolved[0]} but {layers}: run "
            "'trucewatch boundaries load FILE' with a boundary file that has it, then add again",
            path=str(path),
            field="scope",
        )
    text = self_contained_text(path)
    if any(s.kind == "file" for s in agreement.scopes()):  # the stored text must read alone
        document, node = load_yaml(text, f"{path} (scope files inlined)")
        parse_agreement(document, source=str(path), boundaries=boundaries, node=node)
    version = store.put_agreement(agreement.id, agreement.name, text, str(path))
    return agreement, version


def save_agreement(store: Store, agreement: Agreement) -> int:
    """Store an agreement loaded from a file (its ``source_path``); returns the version."""
    if agreement.source_path is None:
        raise AgreementError(f"agreement {agreement.id!r} has no source file to store")
    return add_agreement_file(store, Path(agreement.source_path))[1]


def load_agreements(store: Store) -> list[Agreement]:
    """Parse the latest version of every stored agreement, ordered by id.

    Each is parsed once and kept in ``store.cache`` (:mod:`trucewatch.store.cache`), one per
    agreement id, with what its parse depends on: its version, text's SHA-256 and origin and,
    when the text may name admin units, the digest of the stored boundaries
    (:mod:`trucewatch.store.catalog_versions`). A new version or a boundary layer loaded is
    other content: parsed again at once, whoever wrote it. The agreements are frozen; the list
    is new.
    """
    return [agreement for _, agreement in _loaded(store)]


def _loaded(store: Store) -> list[tuple[StoredVersion, Agreement]]:
    """The latest version of every stored agreement and its parse (cached), ordered by id."""
    versions = latest_versions(store)
    digest = boundaries_digest(store) if any(v.names_admin for v in versions) else None
    boundaries: list[BoundarySet | None] = []  # read once, on the first parse that needs them

    def parse(version: StoredVersion) -> Agreement:
        if version.names_admin and not boundaries:
            boundaries.append(stored_boundaries(store))
        text = version_texts(store, [version])[(version.agreement_id, version.version)]
        return _parse_stored(version, text, boundaries[0] if version.names_admin else None)

    return [
        (
            v,
            store.cache.get_or_build(
                ("agreement", v.agreement_id),
                (v.version, v.sha256, v.origin, digest if v.names_admin else None),
                partial(parse, v),
            ),
        )
        for v in versions
    ]


@dataclass(frozen=True)
class ListedAgreement:
    """A stored agreement as ``trucewatch agreements list`` and ``GET /agreements`` list it:
    its latest stored version, when its first window starts and its last ends (UTC; None if
    open-ended), how it ends in words (:func:`~trucewatch.agreements.agreement_end_text`), its
    number of windows and its scope's kind ("per window" when each window has its own)."""

    id: str
    name: str
    version: int
    start_utc: datetime | None
    end_utc: datetime | None
    open_ended: bool
    end: str
    windows: int
    scope: str


def agreement_listing(store: Store) -> list[ListedAgreement]:
    """Every stored agreement (latest version), ordered by id: the one listing the command
    line and the API show, so that they list the same agreements with the same counts."""
    out = []
    for version, agreement in _loaded(store):
        windows = agreement.windows()
        out.append(
            ListedAgreement(
                id=agreement.id,
                name=agreement.name,
                version=version.version,
                start_utc=windows[0].interval.start if windows else None,
                end_utc=agreement.end,
                open_ended=agreement.open_ended,
                end=agreement_end_text(agreement),
                windows=len(windows),
                scope=agreement.scope.kind if agreement.scope else "per window",
            )
        )
    return out


def _parse_stored(version: StoredVersion, text: str, boundaries: BoundarySet | None) -> Agreement:
    """One stored agreement text parsed (``boundaries``: to resolve its admin-unit scopes)."""
    origin = f"{version.origin} (stored version {version.version})"
    document, node = load_yaml(text, origin)
    try:
        return parse_agreement(document, source=origin, boundaries=boundaries, node=node)
    except AgreementError as exc:
        if not (exc.field or "").endswith("scope.file"):
            raise
        record = {"agreement_id": version.agreement_id, "version": version.version}
        record["origin"] = version.origin
        raise _stored_file_scope(record, exc.field or "scope.file") from exc


def _stored_file_scope(record: dict[str, Any], field: str) -> AgreementError:
    ident = record["agreement_id"]
    return AgreementError(
        f"stored agreement {ident!r} (version {record['version']}, from {record['origin']}) "
        "has a scope that names a file; stored agreements carry their geometry inline and no "
        "file named in a stored text is read: store it again with 'trucewatch agreements add "
        f"FILE' (which reads the scope file and stores its geometry inline) or replace it "
        f"(PUT /agreements/{ident}) with the geometry inline (geojson:) or an admin unit",
        path=f"agreement {ident}",
        field=field,
    )


def record_end(
    store: Store,
    agreement_id: str,
    end: dict[str, Any],
    *,
    window: str | None = None,
    origin: str = "trucewatch agreements end",
) -> tuple[Agreement, int]:
    """Record how a stored agreement (or one of its windows) ended: a new version of its text.

    ``end`` is an ``ended`` record (``kind``, ``at``, ``evidence``, ``replaced_by``, ``note``;
    docs/agreements.md). The stored text gets the record (comments kept), is validated by the
    loader against the stored boundaries, and is stored as the next version; verdicts of the
    windows it cuts are re-judged on the next update. Unknown agreement: NotFoundError.
    """
    texts = {r.agreement_id: r for r in store.agreement_texts()}
    if agreement_id not in texts:
        raise unknown_agreement(agreement_id, texts)
    record = texts[agreement_id]
    source = f"agreement {agreement_id} (stored version {record.version}) with the end"
    text = add_end(record.text, end, window=window, source=source)
    document, node = load_yaml(text, source)
    agreement = parse_agreement(
        document, source=source, boundaries=stored_boundaries(store), node=node
    )
    return agreement, store.put_agreement(agreement.id, agreement.name, text, origin)


def load_boundary_file(
    store: Store,
    path: Path,
    *,
    layer: str | None = None,
    level: int | None = None,
    code_field: str | None = None,
    name_field: str | None = None,
) -> tuple[str, int]:
    """Read a boundary file and store its units as one layer (replacing a layer of that name)."""
    from trucewatch.geo.boundaries import FieldMap

    fields = None
    if code_field or name_field:
        if not (code_field and name_field):
            raise AgreementError("give both --code-field and --name-field, or neither")
        fields = FieldMap(code=code_field, name=name_field, level=level or 0)
    units = BoundarySet.from_file(path, level=level, fields=fields)
    name = layer or path.stem
    records = [dict(r, layer=name) for r in units.to_records()]
    return name, store.put_boundaries(name, records)


def with_actor_aliases(store: Store, query: EventQuery) -> EventQuery:
    """``query`` with the other names of its actor in the stored agreements (the names of the
    party or excluded group it names: "IS" -> "Islamic State", "ISIS", "Daesh"...)."""
    if query.actor is None:
        return query
    aliases = actor_names(query.actor, load_agreements(store))[1:]
    return replace(query, actor_aliases=aliases)
