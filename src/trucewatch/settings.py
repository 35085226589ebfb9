"""A store's settings, shown and changed: what ``trucewatch settings`` and ``GET/PUT /settings``
run.

A setting is declared in the store (``store/settings.py``), never a command's option, so that
every command and the API judge the same way (docs/store.md, "Settings"). Changing one stores
it and then, when the store holds verdicts judged otherwise, brings them up to date in the
same writing turn (:func:`~trucewatch.verdicts.update.update_verdicts`), so that from then on
every output gives the verdicts of the new setting.

    >>> with Store.open("monitor.duckdb") as store:          # doctest: +SKIP
    ...     change = change_setting(store, "min_share_inside", 0.3)
    ...     print(change)          # min-share-inside: 0.5 -> 0.3 (default 0.5); verdicts: ...
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from trucewatch.catalog import load_agreements
from trucewatch.errors import StoreError
from trucewatch.model.threshold import threshold_note
from trucewatch.model.verdict import rules_version
from trucewatch.store import Store
from trucewatch.store.settings import (
    SettingRow,
    StoreSettings,
    read_settings,
    setting_info,
    setting_rows,
    write_setting,
)
from trucewatch.store.verdicts import judged_rules_versions, stale_verdicts

if TYPE_CHECKING:
    from trucewatch.verdicts.update import UpdateReport

__all__ = ["SettingChange", "SettingsState", "change_setting", "settings_state"]


@dataclass(frozen=True)
class SettingsState:
    """A store's settings: ``rows`` (a :class:`~trucewatch.store.settings.SettingRow` per
    setting, by name), the rules version verdicts get with them, and ``stale``: why the
    stored verdicts are not all judged with them (None when they are, or none are stored)."""

    settings: StoreSettings
    rows: tuple[SettingRow, ...]
    rules_version: str
    stale: str | None

    @property
    def note(self) -> str:
        """The sentence outputs that count verdicts add ("" at the default threshold)."""
        return threshold_note(self.settings.min_share_inside)


def settings_state(store: Store) -> SettingsState:
    """The settings of ``store`` and whether its stored verdicts are judged with them."""
    settings = read_settings(store)
    return SettingsState(
        settings,
        tuple(setting_rows(store)),
        rules_version(settings.min_share_inside),
        stale_verdicts(store, settings.min_share_inside),
    )


@dataclass(frozen=True)
class SettingChange:
    """What a change did: the setting's value ``before`` and ``after``, the verdict update
    run after it (None when no stored verdict was judged otherwise, or ``update`` was off),
    and ``stale``: why stored verdicts are still not judged with the new value (None when
    they are)."""

    name: str
    before: Any
    after: Any
    default: Any
    update: UpdateReport | None
    stale: str | None
    verdicts_stored: bool = True

    def __str__(self) -> str:
        option = self.name.replace("_", "-")
        default = " (the default)" if self.after == self.default else f" (default {self.default})"
        text = f"{option}: {self.before!r} -> {self.after!r}{default}"
        if self.update is not None:
            text += f"; verdicts: {self.update}"
        elif self.stale is not None:
            text += f"; {self.stale}"
        elif not self.verdicts_stored:
            text += "; no verdicts are stored yet (trucewatch verdicts judges the events)"
        else:
            text += "; the stored verdicts are judged with it already"
        return text


def change_setting(store: Store, name: str, value: Any, *, update: bool = True) -> SettingChange:
    """Set ``name`` (``min_share_inside`` or ``min-share-inside``) to ``value`` in ``store``
    (opened for writing), then, with ``update``, re-judge the stored verdicts judged otherwise.

    An unknown name or an invalid value (``min_share_inside``: a number in [0, 1]) is a
    ValidationError naming the setting and what is allowed, and stores nothing.
    """
    info = setting_info(name)
    if store.read_only:
        raise StoreError(
            f"cannot change setting {info.option}: store {store.path} was opened read-only"
        )
    before = getattr(read_settings(store), info.name)
    settings = write_setting(store, info.name, value)
    report = None
    if update and stale_verdicts(store, settings.min_share_inside) is not None:
        from trucewatch.verdicts.update import update_verdicts  # numba: imported here

        report = update_verdicts(store, load_agreements(store))
    stale = stale_verdicts(store, settings.min_share_inside)
    stored = bool(judged_rules_versions(store))
    after = getattr(settings, info.name)
    return SettingChange(info.name, before, after, info.default, report, stale, stored)
