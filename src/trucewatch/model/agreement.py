"""Agreements as data: parties, excluded groups, scopes, time windows and conditions.

An :class:`Agreement` is what an agreement file (``docs/agreements.md``) says once loaded: every
instant is resolved to UTC, every scope to a shapely geometry in WGS84 (except admin scopes not yet
resolved against boundaries). Objects are frozen and check themselves at construction.

Windows of an agreement (:meth:`Agreement.windows`): the ``base`` window, each link of the chain of
``extensions`` (each one ``[its start, its start + duration)``) and each ``declaration`` made by a
single party, with its own start instant. A window's ``interval`` is its effective interval: it
ends at the earliest of its stated end and its recorded end (:class:`WindowEnd`: expired, lapsed,
collapsed, superseded, terminated); ``nominal_interval`` is the interval as stated.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal

from shapely.geometry.base import BaseGeometry

from trucewatch.errors import ValidationError
from trucewatch.model._ids import check_id as _check_id
from trucewatch.model.sides import ExcludedGroup, GroupName, Party, ThirdParty, normalize_name
from trucewatch.model.time import ensure_aware, zone
from trucewatch.model.window import BASE_WINDOW_ID, Window, WindowEnd, check_ends

__all__ = [
    "BASE_WINDOW_ID",
    "Agreement",
    "Condition",
    "ExcludedGroup",
    "GroupName",
    "Party",
    "References",
    "Scope",
    "ThirdParty",
    "Window",
    "WindowEnd",
    "normalize_name",
]

ScopeKind = Literal["admin", "geojson", "file", "point"]
ConditionKind = Literal["continuous_calm", "deadline", "other"]


def _check_unique(ids: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ValidationError(f"{what} id {ident!r} is used twice; ids must be unique")
        seen.add(ident)


@dataclass(frozen=True, slots=True)
class Scope:
    """Where an agreement or window applies: kind, the spec as written, the WGS84 geometry.

    ``geometry`` is None only for an ``admin`` scope not yet resolved against boundaries.
    ``spec_json`` is the spec as canonical JSON (kept as text so the scope stays hashable).
    """

    kind: ScopeKind
    spec_json: str
    geometry: BaseGeometry | None = field(default=None, compare=False)
    label: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("admin", "geojson", "file", "point"):
            raise ValidationError(
                f"scope kind {self.kind!r} is not one of admin, geojson, file, point"
            )
        if self.geometry is None and self.kind != "admin":
            raise ValidationError(f"a {self.kind} scope needs a geometry")
        if self.geometry is not None:
            if self.geometry.is_empty or self.geometry.geom_type not in (
                "Polygon",
                "MultiPolygon",
            ):
                raise ValidationError(
                    f"scope geometry must be a non-empty Polygon or MultiPolygon, "
                    f"got {self.geometry.geom_type}"
                )
            if not self.geometry.is_valid:
                raise ValidationError("scope geometry is not a valid polygon")

    @classmethod
    def make(
        cls,
        kind: ScopeKind,
        spec: dict[str, Any],
        geometry: BaseGeometry | None,
        label: str | None = None,
    ) -> Scope:
        """Build a scope from a spec mapping (stored as canonical JSON)."""
        return cls(kind, json.dumps(spec, sort_keys=True, ensure_ascii=False), geometry, label)

    @property
    def spec(self) -> dict[str, Any]:
        """The scope as written in the agreement file (a fresh dict)."""
        return dict(json.loads(self.spec_json))

    @property
    def resolved(self) -> bool:
        return self.geometry is not None

    def with_geometry(self, geometry: BaseGeometry) -> Scope:
        """The same scope with its geometry set (used to resolve admin scopes)."""
        return Scope(self.kind, self.spec_json, geometry, self.label)


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition written into the agreement, recorded as data (not evaluated here).

    ``continuous_calm`` uses ``days``; ``deadline`` uses ``by`` (a date or an aware instant).
    """

    id: str
    kind: ConditionKind
    text: str
    consequence: str | None = None
    days: int | None = None
    by: date | datetime | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "condition")
        if self.kind == "continuous_calm" and (self.days is None or self.days < 1):
            raise ValidationError(f"condition {self.id!r}: continuous_calm needs days >= 1")
        if self.kind == "deadline" and self.by is None:
            raise ValidationError(f"condition {self.id!r}: a deadline needs 'by'")
        if isinstance(self.by, datetime):
            ensure_aware(self.by, f"condition {self.id!r} by")


@dataclass(frozen=True, slots=True)
class References:
    """Where the agreement is recorded: PA-X and ETH/PRIO ids, URLs and citations."""

    pax_id: int | None = None
    eth_prio_id: str | None = None
    urls: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Agreement:
    """A ceasefire agreement with its windows resolved to UTC (see the module docstring)."""

    id: str
    name: str
    timezone: str
    base: Window
    scope: Scope | None = None
    parties: tuple[Party, ...] = ()
    guarantors: tuple[ThirdParty, ...] = ()
    mediators: tuple[ThirdParty, ...] = ()
    excluded_groups: tuple[ExcludedGroup, ...] = ()
    extensions: tuple[Window, ...] = ()
    declarations: tuple[Window, ...] = ()
    conditions: tuple[Condition, ...] = ()
    references: References = field(default_factory=References)
    notes: str | None = None
    source_path: str | None = field(default=None, compare=False)
    ended: WindowEnd | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "agreement")
        zone(self.timezone)
        for name in (
            "parties",
            "guarantors",
            "mediators",
            "excluded_groups",
            "extensions",
            "declarations",
            "conditions",
        ):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if self.base.kind != "base" or self.base.id != BASE_WINDOW_ID:
            raise ValidationError(f"the base window must have kind and id {BASE_WINDOW_ID!r}")
        windows = self.windows()
        for w in windows:
            if w.agreement_id != self.id:
                raise ValidationError(
                    f"window {w.id!r} belongs to {w.agreement_id!r}, not {self.id!r}"
                )
        _check_unique((w.id for w in windows), "window")
        _check_unique((p.id for p in self.actors()), "party/guarantor/mediator")
        _check_unique((g.id for g in self.excluded_groups), "excluded group")
        _check_unique((c.id for c in self.conditions), "condition")
        self._check_chain()
        check_ends(self.id, windows, self.ended)
        actor_ids = {a.id for a in self.actors()}
        for d in self.declarations:
            if d.kind != "declaration":
                raise ValidationError(f"window {d.id!r} in declarations is a {d.kind}")
            if d.declared_by not in actor_ids:
                raise ValidationError(
                    f"declaration {d.id!r} is by {d.declared_by!r}, which is not a party, "
                    f"guarantor or mediator ({', '.join(sorted(actor_ids)) or 'none declared'})"
                )

    def _check_chain(self) -> None:
        known = {self.base.id: self.base}
        for ext in self.extensions:
            if ext.kind != "extension":
                raise ValidationError(f"window {ext.id!r} in extensions is a {ext.kind}")
            parent = known.get(ext.parent_id or "")
            if parent is None:
                raise ValidationError(
                    f"extension {ext.id!r} extends {ext.parent_id!r}, which is not the base "
                    f"window or an earlier extension ({', '.join(known)})"
                )
            if ext.start < parent.start:
                raise ValidationError(
                    f"extension {ext.id!r} starts {ext.start.isoformat()}, before its parent "
                    f"{parent.id!r} starts {parent.start.isoformat()}"
                )
            known[ext.id] = ext

    @property
    def open_ended(self) -> bool:
        """Whether some window has no end, stated or recorded."""
        return any(w.open_ended for w in self.windows())

    @property
    def end(self) -> datetime | None:
        """When the last window ends (None if some window is open-ended)."""
        ends = [w.end for w in self.windows()]
        return None if any(e is None for e in ends) else max(e for e in ends if e is not None)

    def actors(self) -> tuple[Party | ThirdParty, ...]:
        """Parties, guarantors and mediators: everyone who can make a declaration."""
        return (*self.parties, *self.guarantors, *self.mediators)

    def windows(self) -> list[Window]:
        """Every window in UTC: the base window, each extension, each declaration."""
        return [self.base, *self.extensions, *self.declarations]

    def window(self, window_id: str) -> Window:
        """The window with this id (ValidationError listing the ids if there is none)."""
        for w in self.windows():
            if w.id == window_id:
                return w
        ids = ", ".join(w.id for w in self.windows())
        raise ValidationError(f"agreement {self.id!r} has no window {window_id!r} (has: {ids})")

    def scope_of(self, window: Window) -> Scope | None:
        """The scope that applies to a window: its own, else the agreement's."""
        return window.scope if window.scope is not None else self.scope

    def excluded_group_for(self, name: str, on: date | datetime) -> ExcludedGroup | None:
        """The excluded group that ``name`` designates on ``on``, if any."""
        return next((g for g in self.excluded_groups if g.matches(name, on)), None)

    def scopes(self) -> list[Scope]:
        """Every scope of the agreement (its own first, then the windows')."""
        found = [self.scope] if self.scope is not None else []
        return found + [w.scope for w in self.windows() if w.scope is not None]

    def replace_scopes(self, resolve: Callable[[Scope], Scope]) -> Agreement:
        """A copy where each scope ``s`` is replaced by ``resolve(s)`` (for admin resolution)."""

        def win(w: Window) -> Window:
            return w if w.scope is None else replace(w, scope=resolve(w.scope))

        return replace(
            self,
            scope=None if self.scope is None else resolve(self.scope),
            base=win(self.base),
            extensions=tuple(win(w) for w in self.extensions),
            declarations=tuple(win(w) for w in self.declarations),
        )
