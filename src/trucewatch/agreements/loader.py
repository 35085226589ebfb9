"""Load agreement files (``trucewatch.agreement/1``) into validated :class:`Agreement` objects.

Pipeline: read YAML strictly (timestamps stay text) → check the ``format:`` key → JSON Schema
(shape, unknown keys) → meaning: time zones, instants and their offsets, durations, the chain of
extensions, declarations by known parties, scopes (valid polygons, point radii, files, admin
units). Every problem raises :class:`~trucewatch.errors.AgreementError` naming the file, the field
path (``extensions[1].start``), the value and what is allowed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo, available_timezones

import yaml

from trucewatch.agreements import _yaml
from trucewatch.agreements.ends import agreement_end, check_replacements, window_with_end
from trucewatch.agreements.instants import parse_duration, parse_instant
from trucewatch.agreements.parts import condition as _condition
from trucewatch.agreements.parts import group as _group
from trucewatch.agreements.schema import (
    FORMAT,
    REPORTED,
    SUPPORTED_FORMATS,
    field_path,
    first_non_finite,
    violations,
)
from trucewatch.errors import AgreementError, TrucewatchError
from trucewatch.geo.boundaries import BoundarySet
from trucewatch.geo.scope import build_scope
from trucewatch.model.agreement import (
    BASE_WINDOW_ID,
    Agreement,
    Party,
    References,
    Scope,
    ThirdParty,
    Window,
)
from trucewatch.model.time import Interval, zone

__all__ = ["load_agreement", "load_agreements", "parse_agreement"]

Parts = list[str | int]


@dataclass
class _Ctx:
    source: str
    base_dir: Path | None
    boundaries: BoundarySet | None
    node: yaml.Node | None = None
    zones: dict[str, ZoneInfo] = field(default_factory=dict)

    def fail(self, parts: Parts, message: str) -> NoReturn:
        line = _yaml.line_of(self.node, parts) if parts else None
        suffix = f" (line {line})" if line else ""
        raise AgreementError(message + suffix, path=self.source, field=field_path(parts) or None)

    def zone(self, name: str, parts: Parts) -> ZoneInfo:
        if name not in self.zones:
            try:
                self.zones[name] = zone(name)
            except TrucewatchError:
                close = difflib.get_close_matches(name, sorted(available_timezones()), n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                self.fail(
                    parts,
                    f"unknown time zone {name!r}: use an IANA name such as "
                    f"'Asia/Damascus' or 'UTC'{hint}",
                )
        return self.zones[name]

    def instant(self, raw: Any, tz_name: str, parts: Parts) -> datetime:
        try:
            return parse_instant(raw, self.zone(tz_name, parts))
        except ValueError as exc:
            message = str(exc)
            self.fail(parts, message if tz_name in message else f"{message} (in {tz_name})")


def load_agreement(path: str | Path, *, boundaries: BoundarySet | None = None) -> Agreement:
    """Read and validate one agreement file; admin scopes are resolved if boundaries are given.

    ``file:`` scopes are read relative to the file's folder (regular files only, see
    :func:`trucewatch.geo.scope.read_geojson_file`).
    """
    path = Path(path)
    document, node = _yaml.load_yaml(_yaml.read_agreement_text(path), str(path))
    return parse_agreement(
        document, source=str(path), base_dir=path.parent, boundaries=boundaries, node=node
    )


def load_agreements(
    paths: str | Path | Iterable[str | Path], *, boundaries: BoundarySet | None = None
) -> list[Agreement]:
    """Load files, or every ``*.yaml``/``*.yml`` of a folder; ids must be unique across them."""
    if isinstance(paths, str | Path) and Path(paths).is_dir():
        folder = Path(paths)
        files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    else:
        files = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    loaded: dict[str, Agreement] = {}
    for file in files:
        agreement = load_agreement(file, boundaries=boundaries)
        if agreement.id in loaded:
            raise AgreementError(
                f"agreement id {agreement.id!r} is already used by "
                f"{loaded[agreement.id].source_path}; ids must be unique",
                path=str(file),
                field="id",
            )
        loaded[agreement.id] = agreement
    return list(loaded.values())


def parse_agreement(
    document: Any,
    *,
    source: str = "<agreement>",
    base_dir: Path | None = None,
    boundaries: BoundarySet | None = None,
    node: yaml.Node | None = None,
) -> Agreement:
    """Validate an already-parsed document (a mapping) and build the :class:`Agreement`.

    ``base_dir`` is the folder of the agreement file, where ``file:`` scopes are read; without
    it (a text from the API, the store or a draft) a ``file:`` scope is refused, and no path
    named in the document is looked at.
    """
    ctx = _Ctx(source, base_dir, boundaries, node)
    if not isinstance(document, Mapping):
        ctx.fail([], f"an agreement file must be a mapping of keys, got {type(document).__name__}")
    non_finite = first_non_finite(document)
    if non_finite is not None:
        ctx.fail(non_finite[0], f"value {non_finite[1]} is not a finite number")
    if "format" not in document:
        ctx.fail(["format"], f"missing required key 'format': write 'format: {FORMAT}' first")
    if document["format"] not in SUPPORTED_FORMATS:
        ctx.fail(
            ["format"],
            f"unsupported format {document['format']!r}: this trucewatch reads "
            f"{', '.join(SUPPORTED_FORMATS)}",
        )
    problems = violations(document, limit=REPORTED + 1)
    if problems:
        parts, message = problems[0]
        if len(problems) > 1:
            others = ", ".join(field_path(p) or "(top level)" for p, _ in problems[1:6])
            more = f"{len(problems) - 1}" if len(problems) <= REPORTED else "many"
            message += f" (and {more} more problem(s): {others})"
        ctx.fail(parts, message)
    try:
        return _build(ctx, document)
    except AgreementError:
        raise
    except TrucewatchError as exc:  # a domain object refused something not caught above
        raise AgreementError(str(exc), path=source) from exc


def _build(ctx: _Ctx, doc: Mapping[str, Any]) -> Agreement:
    agreement_id, tz_name = doc["id"], doc["timezone"]
    ctx.zone(tz_name, ["timezone"])
    parties = tuple(
        _party(ctx, p, ["parties", i], tz_name) for i, p in enumerate(doc.get("parties", []))
    )
    guarantors = tuple(ThirdParty(g["id"], g["name"]) for g in doc.get("guarantors", []))
    mediators = tuple(ThirdParty(m["id"], m["name"]) for m in doc.get("mediators", []))
    _unique(
        ctx,
        [
            *(("parties", p) for p in doc.get("parties", [])),
            *(("guarantors", g) for g in doc.get("guarantors", [])),
            *(("mediators", m) for m in doc.get("mediators", [])),
        ],
    )
    groups = tuple(
        _group(ctx, g, ["excluded_groups", i]) for i, g in enumerate(doc.get("excluded_groups", []))
    )
    _unique(ctx, [("excluded_groups", g) for g in doc.get("excluded_groups", [])])
    scope = _scope(ctx, doc["scope"], ["scope"]) if "scope" in doc else None
    base = _window(ctx, doc, [], agreement_id, tz_name, "base", BASE_WINDOW_ID)
    extensions = _extensions(ctx, doc.get("extensions", []), agreement_id, tz_name, base)
    actors = {p.id for p in parties} | {t.id for t in (*guarantors, *mediators)}
    declarations = []
    for i, raw in enumerate(doc.get("declarations", [])):
        parts: Parts = ["declarations", i]
        if raw["by"] not in actors:
            known = ", ".join(sorted(actors)) or "none are declared"
            ctx.fail(
                [*parts, "by"],
                f"unknown party id {raw['by']!r}: a declaration must be by "
                f"a declared party, guarantor or mediator ({known})",
            )
        declarations.append(
            _window(
                ctx,
                raw,
                parts,
                agreement_id,
                tz_name,
                "declaration",
                raw["id"],
                declared_by=raw["by"],
            )
        )
    _unique(
        ctx,
        [("extensions", e) for e in doc.get("extensions", [])]
        + [("declarations", d) for d in doc.get("declarations", [])],
        reserved=BASE_WINDOW_ID,
    )
    placed: list[tuple[Window, Parts]] = [(base, [])]
    placed += [(w, ["extensions", i]) for i, w in enumerate(extensions)]
    placed += [(w, ["declarations", i]) for i, w in enumerate(declarations)]
    check_replacements(ctx, placed)
    ended = None
    if "ended" in doc:
        ended, cut = agreement_end(ctx, doc["ended"], tz_name, placed)
        base, extensions, declarations = (
            cut[0],
            cut[1 : 1 + len(extensions)],
            cut[1 + len(extensions) :],
        )
    conditions = tuple(
        _condition(ctx, c, ["conditions", i], tz_name)
        for i, c in enumerate(doc.get("conditions", []))
    )
    _unique(ctx, [("conditions", c) for c in doc.get("conditions", [])])
    refs = doc.get("references", {})
    eth = refs.get("eth_prio_id")
    return Agreement(
        id=agreement_id,
        name=doc["name"],
        timezone=tz_name,
        base=base,
        scope=scope,
        parties=parties,
        guarantors=guarantors,
        mediators=mediators,
        excluded_groups=groups,
        extensions=tuple(extensions),
        declarations=tuple(declarations),
        conditions=conditions,
        references=References(
            pax_id=refs.get("pax_id"),
            eth_prio_id=None if eth is None else str(eth),
            urls=tuple(refs.get("urls", [])),
            citations=tuple(refs.get("citations", [])),
        ),
        notes=doc.get("notes"),
        source_path=ctx.source,
        ended=ended,
    )


def _unique(
    ctx: _Ctx, items: list[tuple[str, Mapping[str, Any]]], reserved: str | None = None
) -> None:
    seen: dict[str, str] = {}
    counters: dict[str, int] = {}
    for section, item in items:
        index = counters.get(section, 0)
        counters[section] = index + 1
        ident = item["id"]
        if ident == reserved:
            ctx.fail([section, index, "id"], f"id {ident!r} is reserved for the base window")
        if ident in seen:
            ctx.fail(
                [section, index, "id"],
                f"id {ident!r} is already used in {seen[ident]}; ids must be unique",
            )
        seen[ident] = section


def _party(ctx: _Ctx, raw: Mapping[str, Any], parts: Parts, tz_name: str) -> Party:
    accession = None
    if "accession" in raw:
        accession = ctx.instant(raw["accession"], tz_name, [*parts, "accession"])
    return Party(raw["id"], raw["name"], tuple(raw.get("aliases", [])), accession)


def _scope(ctx: _Ctx, raw: Mapping[str, Any], parts: Parts) -> Scope:
    try:
        return build_scope(raw, ctx.base_dir, ctx.boundaries)
    except TrucewatchError as exc:
        kind = next((k for k in ("admin", "geojson", "file", "point") if k in raw), None)
        shown = {k: v for k, v in raw.items() if k != "geojson"} if kind else raw
        detail = "" if kind == "geojson" else f" (scope {shown!r})"
        ctx.fail(parts + ([kind] if kind else []), f"{exc}{detail}")


def _window(
    ctx: _Ctx,
    raw: Mapping[str, Any],
    parts: Parts,
    agreement_id: str,
    default_tz: str,
    kind: str,
    window_id: str,
    parent_id: str | None = None,
    declared_by: str | None = None,
) -> Window:
    tz_name = raw.get("timezone", default_tz) if kind != "base" else default_tz
    if kind != "base" and "timezone" in raw:
        ctx.zone(tz_name, [*parts, "timezone"])
    given = [k for k in ("end", "duration", "open") if k in raw]
    if len(given) > 1:
        ctx.fail(
            [*parts, given[1]], f"give only one of end, duration, open (got {', '.join(given)})"
        )
    if not given and kind != "base":
        ctx.fail(
            parts,
            f"a{'n' if kind == 'extension' else ''} {kind} needs one of end, duration"
            + (" or open: true" if kind == "declaration" else ""),
        )
    start = ctx.instant(raw["start"], tz_name, [*parts, "start"])
    end = None
    if "end" in raw:
        end = ctx.instant(raw["end"], tz_name, [*parts, "end"])
        if end <= start:
            ctx.fail(
                [*parts, "end"],
                f"value {raw['end']!r} is not after the start "
                f"{raw['start']!r}: a window must end after it starts",
            )
    elif "duration" in raw:
        try:
            end = start + parse_duration(raw["duration"])
        except ValueError as exc:
            ctx.fail([*parts, "duration"], str(exc))
    scope = (
        _scope(ctx, raw["scope"], [*parts, "scope"]) if kind != "base" and "scope" in raw else None
    )
    window = Window(
        id=window_id,
        agreement_id=agreement_id,
        kind=kind,  # type: ignore[arg-type]
        interval=Interval(start, end),
        timezone=tz_name,
        local_start=start.isoformat(),
        parent_id=parent_id,
        declared_by=declared_by,
        scope=scope,
        note=raw.get("note") if kind != "base" else None,
        source=raw.get("source") if kind != "base" else None,
    )
    if kind != "base" and "ended" in raw:
        at = raw["ended"].get("at")
        window = window_with_end(ctx, window, raw["ended"], [*parts, "ended"], at)
    return window


def _extensions(
    ctx: _Ctx, raws: list[Mapping[str, Any]], agreement_id: str, tz_name: str, base: Window
) -> list[Window]:
    chain: dict[str, Window] = {base.id: base}
    previous = base
    out = []
    for i, raw in enumerate(raws):
        parts: Parts = ["extensions", i]
        parent_id = raw.get("parent", previous.id)
        parent = chain.get(parent_id)
        if parent is None:
            ctx.fail(
                [*parts, "parent"],
                f"unknown parent window {parent_id!r}: an extension extends "
                f"the base window or an earlier extension ({', '.join(chain)})",
            )
        window = _window(ctx, raw, parts, agreement_id, tz_name, "extension", raw["id"], parent_id)
        if window.start < parent.start:
            ctx.fail(
                [*parts, "start"],
                f"value {raw['start']!r} is before its parent window "
                f"{parent.id!r} starts ({parent.local_start}): an extension cannot start "
                "before the window it extends",
            )
        if parent.end is None:
            ctx.fail(
                [*parts, "parent"],
                f"parent window {parent.id!r} is open-ended: there is no end to extend",
            )
        chain[window.id] = window
        previous = window
        out.append(window)
    return out
