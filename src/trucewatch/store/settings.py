"""Settings of a store: declared values every command and the API use (table ``settings``).

A setting that changes what trucewatch decides belongs to the store, not to one command: if
one command judged with its own value, every other command would judge again with the default
and flip the stored verdicts back. So the value is kept in the store (one row per setting that
was ever set, its value as JSON text), read by every path that judges events, and validated
both when it is written and when it is read (a hand-edited row is an error naming the fix).
A setting with no row has its default.

Settings (docs/store.md, "Settings"):

- ``min_share_inside`` (a number in [0, 1], default 0.5): the location threshold of the
  verdicts (docs/verdicts.md, "Location").
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

import duckdb

from trucewatch.errors import StoreError, ValidationError
from trucewatch.model.verdict import DEFAULT_MIN_SHARE_INSIDE, check_min_share, rules_version
from trucewatch.store.connect import Db, conn_of, transaction
from trucewatch.suggest import not_one_of

__all__ = [
    "SETTINGS",
    "SettingInfo",
    "SettingRow",
    "StoreSettings",
    "current_rules_version",
    "parse_setting",
    "read_settings",
    "setting_info",
    "setting_rows",
    "write_setting",
]


def _share(name: str, value: Any) -> float:
    """A share in [0, 1]: a JSON or Python number (not a boolean, NaN or infinity)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(
            f"setting {name}: {value!r} is not a number: give a share from 0 to 1, e.g. 0.3 "
            "(30 % of an event's location inside the scope)"
        )
    if not 0.0 <= value <= 1.0:
        percent = (
            f" (a share, not a percentage: {value:g} % is {value / 100:g})"
            if 1 < value <= 100
            else ""
        )
        raise ValidationError(
            f"setting {name}: {value!r} is outside [0, 1]{percent}: give a share from 0 to 1, "
            "e.g. 0.3 (30 % of an event's location inside the scope)"
        )
    return check_min_share(value)


@dataclass(frozen=True)
class SettingInfo:
    """One setting: its name (``min_share_inside``; the command line writes it with hyphens),
    its default, what it means and its check (which returns the value to store)."""

    name: str
    default: Any
    description: str
    check: Callable[[str, Any], Any]

    @property
    def option(self) -> str:
        """The name as the command line writes it: ``min-share-inside``."""
        return self.name.replace("_", "-")


#: Every setting, by name.
SETTINGS: dict[str, SettingInfo] = {
    "min_share_inside": SettingInfo(
        "min_share_inside",
        DEFAULT_MIN_SHARE_INSIDE,
        "the least share of an event's location uncertainty disc inside a scope for the "
        "event to count as located in it; below it a possible violation is unlocated "
        "(docs/verdicts.md, Location)",
        _share,
    ),
}


@dataclass(frozen=True)
class StoreSettings:
    """The settings of a store, checked at construction (defaults for those never set)."""

    min_share_inside: float = DEFAULT_MIN_SHARE_INSIDE

    def __post_init__(self) -> None:
        for f in fields(self):
            info = SETTINGS[f.name]
            object.__setattr__(self, f.name, info.check(f.name, getattr(self, f.name)))

    def is_default(self, name: str) -> bool:
        """Whether setting ``name`` has its default value."""
        info = setting_info(name)
        return bool(getattr(self, info.name) == info.default)

    def as_dict(self) -> dict[str, Any]:
        """``{name: value}`` of every setting."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def setting_info(name: str) -> SettingInfo:
    """The setting called ``name`` (``min_share_inside`` or ``min-share-inside``); a
    ValidationError with a guess and the known names otherwise."""
    info = SETTINGS.get(name.strip().replace("-", "_"))
    if info is None:
        raise not_one_of("setting", name, [s.option for s in SETTINGS.values()])
    return info


def parse_setting(name: str, text: str) -> Any:
    """The value of setting ``name`` written as text on the command line (``0.3``), checked."""
    info = setting_info(name)
    try:
        value = json.loads(text.strip())
    except ValueError:
        value = text
    return info.check(info.option, value)


def _rows(conn: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, datetime]]:
    found = conn.execute("SELECT name, value, changed_at FROM settings").fetchall()
    return {str(n): (str(v), c.astimezone(UTC)) for n, v, c in found}


def _value(name: str, text: str) -> Any:
    info = SETTINGS[name]
    try:
        return info.check(info.option, json.loads(text))
    except (ValueError, ValidationError) as exc:
        raise StoreError(
            f"the store's setting {info.option} holds {text!r}, which is not valid ({exc}): "
            f"set it again with trucewatch settings set {info.option} VALUE"
        ) from None


def read_settings(db: Db) -> StoreSettings:
    """The store's settings (the default of each one never set); a StoreError naming the
    setting and the fix if a stored value is invalid. Rows of settings this trucewatch does
    not know (written by a newer one) are ignored."""
    conn = conn_of(db)
    rows = _rows(conn)
    return StoreSettings(
        **{name: _value(name, text) for name, (text, _) in rows.items() if name in SETTINGS}
    )


def current_rules_version(db: Db) -> str:
    """The rules version of verdicts judged with the store's settings (its threshold)."""
    conn = conn_of(db)
    return rules_version(read_settings(conn).min_share_inside)


@dataclass(frozen=True)
class SettingRow:
    """One setting as ``trucewatch settings`` and ``GET /settings`` show it: its name
    (``min_share_inside``), value, default, whether the value is the default, when it was
    last set (None if never) and what it means."""

    name: str
    value: Any
    default: Any
    is_default: bool
    changed_at: datetime | None
    description: str


def setting_rows(db: Db) -> list[SettingRow]:
    """Every setting with its value, default, whether it is the default, when it was last
    set (None if never) and what it means, in name order."""
    conn = conn_of(db)
    rows = _rows(conn)
    settings = read_settings(conn)
    return [
        SettingRow(
            name=name,
            value=getattr(settings, name),
            default=info.default,
            is_default=settings.is_default(name),
            changed_at=rows[name][1] if name in rows else None,
            description=info.description,
        )
        for name, info in sorted(SETTINGS.items())
    ]


def write_setting(db: Db, name: str, value: Any) -> StoreSettings:
    """Check ``value`` and store it as setting ``name`` (one transaction); return the new
    settings. An unknown name or an invalid value is a ValidationError and stores nothing."""
    conn = conn_of(db)
    info = setting_info(name)
    checked = info.check(info.option, value)
    with transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO settings VALUES (?, ?, ?)",
            [info.name, json.dumps(checked), datetime.now(UTC)],
        )
    return read_settings(conn)
