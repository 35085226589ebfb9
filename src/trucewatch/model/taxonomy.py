"""The normalized event-type taxonomy (``category.type``), and whether a type is violent.

Sources map into it: ACLED sub-event types, UCDP ``type_of_violence`` and CAMEO codes
(see :mod:`trucewatch.sources.taxonomy_maps` and docs/event-model.md).
"""

from __future__ import annotations

__all__ = ["EVENT_TYPES", "VIOLENT_CATEGORIES", "is_event_type", "is_violent"]

#: type code -> one-line meaning. The part before the dot is the category.
EVENT_TYPES: dict[str, str] = {
    # organized violence: two armed sides
    "battle.armed_clash": "armed clash between organized armed groups",
    "battle.territory_change": "a side takes or loses territory by force",
    "battle.state_based": "state-based armed conflict, type of attack not given (UCDP 1)",
    "battle.non_state": "fighting between non-state groups, type not given (UCDP 2)",
    # remote violence
    "remote.airstrike": "air or drone strike",
    "remote.shelling": "shelling, artillery, rockets or missiles",
    "remote.bombing": "remote explosive, landmine, IED, car or suicide bomb",
    "remote.chemical": "chemical weapon",
    "remote.grenade": "grenade",
    "remote.unspecified": "remote violence, kind not given (ACLED before 2019)",
    # violence against civilians
    "civilians.attack": "attack on civilians",
    "civilians.one_sided": "one-sided violence against civilians, type not given (UCDP 3)",
    "civilians.abduction": "abduction or forced disappearance",
    "civilians.sexual_violence": "sexual violence",
    "civilians.mass_violence": "mass killing or ethnic cleansing",
    # unrest
    "unrest.protest": "protest",
    "unrest.riot": "riot or mob violence",
    # strategic developments
    "strategic.arrest": "arrest",
    "strategic.agreement": "agreement, truce or ceasefire declared",
    "strategic.ceasefire_violation": "a ceasefire is said to be violated",
    "strategic.other": "other strategic development (HQ set up, looting, transfer of territory)",
    # verbal and material interaction (CAMEO)
    "interaction.cooperation": "verbal or material cooperation",
    "interaction.conflict": "verbal conflict: demands, threats, rejections, coercion",
    "other": "not classified",
}

#: categories that are armed violence (what a ceasefire forbids)
VIOLENT_CATEGORIES = frozenset({"battle", "remote", "civilians"})


def is_event_type(code: str) -> bool:
    return code in EVENT_TYPES


def is_violent(code: str) -> bool:
    """True for armed violence: battles, remote violence and violence against civilians."""
    return code.split(".", 1)[0] in VIOLENT_CATEGORIES or code == "unrest.riot"
