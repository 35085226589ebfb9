"""GET /agreements/{id}/effect: did violence fall? Rate ratios before vs during each window.

The same job as ``trucewatch effect`` (:func:`trucewatch.analysis.effect_for`): computed from
the stored verdicts' columns when they are current, else the agreement is judged in memory
against the stored events (the server does not write verdicts on a read). Answers are cached per
store state and parameters and counted against clients without a key
(:mod:`~trucewatch.serve.api.costly`).
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.encoders import jsonable_encoder

from trucewatch.analysis import DEFAULT_HORIZONS, effect_input, effect_of
from trucewatch.effect.estimates import WindowEffect, effect_records
from trucewatch.serve.api.costly import Answers, json_answer
from trucewatch.serve.api.errors import ApiError
from trucewatch.serve.api.routes_agreements import AgreementId, stored_agreement
from trucewatch.serve.api.routes_data import access_of
from trucewatch.serve.api.schemas import EffectAnswer

__all__ = ["EFFECTS", "effect_json", "router"]

router = APIRouter(tags=["agreements"])

#: the effect answers, by store state and parameters (docs/api.md, "Expensive answers")
EFFECTS = Answers("effect", 64)


def effect_json(effects: list[WindowEffect]) -> list[dict[str, Any]]:
    """The effect records, JSON-safe (NaN and infinity as null)."""
    records = effect_records(effects)
    return [{k: _finite(v) for k, v in r.items()} for r in jsonable_encoder(records)]


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: such a figure is given as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _horizons(values: list[str] | None) -> tuple[int | None, ...]:
    if not values:
        return DEFAULT_HORIZONS
    out: list[int | None] = []
    for value in values:
        if value == "whole":
            out.append(None)
            continue
        if not value.isdigit() or not 1 <= int(value) <= 365:
            raise ApiError(422, f"horizon {value!r} must be a number of days 1..365 or 'whole'")
        out.append(int(value))
    return tuple(dict.fromkeys(out))


@router.get("/agreements/{agreement_id}/effect", response_model=EffectAnswer)
def get_effect(
    request: Request,
    agreement_id: AgreementId,
    horizon: Annotated[
        list[str] | None,
        Query(max_length=8, description="Days before vs during (repeatable) or 'whole'."),
    ] = None,
    control: Annotated[str, Query(pattern="^(country|excluded)$")] = "country",
    seed: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> Response:
    """Did violence fall? Rate ratios before vs during each window, with 95 % intervals.

    As ``trucewatch effect`` computes it (from the stored verdicts when current, else the
    agreement judged in memory against every stored event); answers are cached until the
    store changes (new events, agreement versions, boundaries or verdicts, written by this
    server or another process). A client without a key may
    have only so many answers computed (429 with Retry-After beyond; cached ones are free).
    """
    access = access_of(request)
    key = access.require_read(request)
    horizons = _horizons(horizon)
    with access.reading() as store:
        slot = EFFECTS.lookup(store, (agreement_id, horizons, control, seed))
        if slot.value is not None:  # known at this store state: no agreement to load again
            return EFFECTS.response(slot.value)
        stored_agreement(store, agreement_id)
        access.charge_anonymous(request, key, EFFECTS.what)
        given = effect_input(store, agreement_id, update=False)

    def compute() -> bytes:
        result = effect_of(given, horizons=horizons, control=control, seed=seed, suggest=False)
        rules = result.rules
        answer = {
            "agreement_id": agreement_id,
            "horizons": list(horizons),
            "control": control,
            "min_share_inside": rules.min_share_inside,
            "records": effect_json(result.effects),
        }
        return json_answer(EffectAnswer, answer)

    return EFFECTS.response(EFFECTS.fill(slot, compute))
