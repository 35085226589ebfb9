"""The analysis jobs of one stored agreement, one library function each: :func:`effect_for`
(what ``trucewatch effect`` and ``GET /agreements/{id}/effect`` answer).

Computed from columns (:func:`trucewatch.workspace.columns_of`: the violent events' columns and
the stored verdicts of each window) when the stored verdicts are current; otherwise the
agreement is judged in memory against the stored events (:func:`trucewatch.workspace.
workspace`'s objects), the same answers, slower.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypedDict, Unpack

import numpy as np
from shapely.geometry.base import BaseGeometry

from trucewatch.effect._draws import triangular_values
from trucewatch.effect.columnar import series_from_columns
from trucewatch.effect.estimates import WindowEffect, estimate_effect, window_effect
from trucewatch.effect.horizons import DEFAULT_HORIZONS
from trucewatch.effect.ratios import METHODS
from trucewatch.effect.series import DailySeries
from trucewatch.effect.stored import AgreementColumns
from trucewatch.effect.suggest import SuggestedEnd, suggested_ends, suggested_ends_of
from trucewatch.errors import ValidationError
from trucewatch.model.agreement import Agreement, Window
from trucewatch.model.event import Event
from trucewatch.store import EventQuery, Store
from trucewatch.verdicts.store_rules import StoreRules, rules_of
from trucewatch.workspace import columns_of, load_agreement

__all__ = [
    "DEFAULT_HORIZONS",
    "EFFECT_DEFAULTS",
    "EffectInput",
    "EffectOptions",
    "EffectResult",
    "effect_for",
    "effect_input",
    "effect_of",
    "effects_from_columns",
]


@dataclass(frozen=True, slots=True)
class EffectResult:
    """The effect of one agreement: every window × horizon, the suggested ends (windows with
    no recorded end whose events show a breakdown), the store's rules, and whether the stored
    verdicts were read (``stored``) or the agreement judged in memory (``judged``)."""

    agreement: Agreement
    effects: list[WindowEffect]
    suggested: list[SuggestedEnd]
    rules: StoreRules
    verdicts: str


class EffectOptions(TypedDict, total=False):
    """The options of :func:`effect_for`, :func:`effect_of` and :func:`effects_from_columns`
    (keyword arguments; each left out takes its default, :data:`EFFECT_DEFAULTS`):
    ``horizons`` (days; None = the whole window), ``control`` (``country``, ``excluded`` or a
    shapely geometry), ``volume`` (a reporting volume per day to adjust for), ``method``
    (:data:`~trucewatch.effect.ratios.METHODS`), ``draws`` and ``seed`` (the deaths draws),
    ``suggest`` (the suggested ends too)."""

    horizons: Sequence[int | None]
    control: str | BaseGeometry
    volume: Mapping[date, float] | None
    method: str
    draws: int
    seed: int
    suggest: bool


#: the default of each :class:`EffectOptions`
EFFECT_DEFAULTS: EffectOptions = {
    "horizons": DEFAULT_HORIZONS,
    "control": "country",
    "volume": None,
    "method": "negative_binomial",
    "draws": 200,
    "seed": 0,
    "suggest": True,
}


def _options(given: EffectOptions) -> EffectOptions:
    unknown = sorted(set(given) - set(EFFECT_DEFAULTS))
    if unknown:  # as for a keyword argument the function does not take
        raise TypeError(
            f"unexpected option {unknown[0]!r}; the options are {', '.join(EFFECT_DEFAULTS)}"
        )
    options: EffectOptions = {**EFFECT_DEFAULTS, **given}
    if options["method"] not in METHODS:
        raise ValidationError(f"method {options['method']!r} is not one of {', '.join(METHODS)}")
    return options


def _series(
    columns: AgreementColumns,
    window: Window,
    first: date,
    last: date,
    control: str | BaseGeometry,
    volume: Mapping[date, float] | None = None,
) -> DailySeries:
    return series_from_columns(
        columns.table,
        columns.days,
        columns.verdicts[window.id],
        columns.agreement,
        window,
        min_share_inside=columns.rules.min_share_inside,
        first_day=first,
        last_day=last,
        control=control,
        volume=volume,
    )


def effects_from_columns(
    columns: AgreementColumns, **given: Unpack[EffectOptions]
) -> tuple[list[WindowEffect], list[SuggestedEnd]]:
    """:func:`~trucewatch.effect.estimates.estimate_effect` (and
    :func:`~trucewatch.effect.suggest.suggested_ends`) over the analysis columns."""
    o = _options(given)
    control, volume, suggest = o["control"], o["volume"], o["suggest"]
    agreement = columns.agreement
    span = columns.days.first_last()
    if span is None:
        raise ValidationError(f"no violent events to estimate the effect of {agreement.id!r} on")
    first, last = span
    effects: list[WindowEffect] = []
    plain: list[DailySeries] = []
    for window in agreement.windows():
        series = _series(columns, window, first, last, control, volume)
        for horizon in o["horizons"]:
            effects.append(
                window_effect(series, horizon, method=o["method"], draws=o["draws"], seed=o["seed"])
            )
        if suggest:
            same = isinstance(control, str) and control == "country" and volume is None
            plain.append(series if same else _series(columns, window, first, last, "country"))
    found = suggested_ends_of(plain, agreement) if suggest else []
    return effects, found


@dataclass(frozen=True, eq=False)
class EffectInput:
    """What the effect of one agreement is computed from, read while the store is open:
    its analysis columns when the stored verdicts are current (``columns``), else the stored
    events to judge in memory (``events``)."""

    agreement: Agreement
    rules: StoreRules
    columns: AgreementColumns | None
    events: tuple[Event, ...] = ()


def effect_input(
    store: Store, agreement_id: str, *, update: bool = True, min_confidence: float | None = None
) -> EffectInput:
    """Read what :func:`effect_of` needs (verdicts brought up to date first when ``update``
    and the store is writable). NotFoundError naming the stored ids for an unknown agreement.
    ``min_confidence``: events read from news articles with a lower extraction confidence
    left out (the agreement is then judged in memory)."""
    columns = None
    if min_confidence is None:
        columns = columns_of(store, agreement_id, update=update)
    if columns is not None:
        return EffectInput(columns.agreement, columns.rules, columns)
    agreement, _ = load_agreement(store, agreement_id)
    events = store.iter_events(EventQuery(min_confidence=min_confidence))
    return EffectInput(agreement, rules_of(store), None, tuple(events))


def effect_of(given: EffectInput, **options: Unpack[EffectOptions]) -> EffectResult:
    """The effect of what :func:`effect_input` read (no store needed)."""
    o = _options(options)
    if given.columns is not None:
        effects, found = effects_from_columns(given.columns, **o)
        return EffectResult(given.agreement, effects, found, given.rules, "stored")
    outcomes = given.rules.outcomes(given.events, [given.agreement])
    effects = estimate_effect(
        given.events,
        outcomes,
        given.agreement,
        horizons=o["horizons"],
        control=o["control"],
        volume=o["volume"],
        method=o["method"],
        draws=o["draws"],
        seed=o["seed"],
    )
    found = suggested_ends(given.events, outcomes, given.agreement) if o["suggest"] else []
    return EffectResult(given.agreement, effects, found, given.rules, "judged")


#: what the estimates load on first use (statsmodels' fits with pandas, scipy.stats; ruptures
#: for the suggested ends), about 1 s of imports
_FIT_MODULES = ("statsmodels.discrete.discrete_model", "scipy.stats", "ruptures")


def _load_fits() -> None:
    """Import what the estimates use and load the compiled draws from numba's cache (run in
    a thread while the store is read; a failure is left for the estimates to raise)."""
    try:
        for name in _FIT_MODULES:
            importlib.import_module(name)
        one = np.ones(1)
        triangular_values(np.ones((1, 1)), np.zeros(1, np.int64), one > 0, one > 0, one, one, one)
    except Exception:  # the estimates import them again and raise it
        pass


def _fits_loading() -> threading.Thread | None:
    """:func:`_load_fits` started in a thread, unless already done (None)."""
    if all(name in sys.modules for name in _FIT_MODULES):
        return None
    thread = threading.Thread(target=_load_fits, name="trucewatch-load-fits", daemon=True)
    thread.start()
    return thread


def effect_for(
    store: Store,
    agreement_id: str,
    *,
    update: bool = True,
    min_confidence: float | None = None,
    **options: Unpack[EffectOptions],
) -> EffectResult:
    """Did violence fall? The effect of the stored agreement ``agreement_id`` (docs/effect.md):
    :func:`effect_of` of :func:`effect_input`, with the :class:`EffectOptions` given.

    Verdicts are brought up to date first when ``update`` and the store is writable; read from
    the store when current, else the agreement is judged in memory (the same numbers). Raises
    NotFoundError naming the stored ids for an unknown agreement, ValidationError without
    violent events. Events read from news articles count as coded rows do, unless
    ``min_confidence`` leaves out those of a lower extraction confidence (docs/effect.md).
    """
    loading = _fits_loading()  # the imports the fits need, while the store is read
    try:
        given = effect_input(store, agreement_id, update=update, min_confidence=min_confidence)
    finally:
        if loading is not None:
            loading.join()  # before the estimates import them themselves
    return effect_of(given, **options)
