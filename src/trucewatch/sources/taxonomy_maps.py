"""Each source's own event types mapped into :mod:`trucewatch.model.taxonomy` codes.

An unmapped value becomes ``"other"``, never an error: the source's own label is kept in
``Event.source_event_type``. The full tables, with their reasons, are in docs/event-model.md.
"""

from __future__ import annotations

__all__ = [
    "ACLED_EVENT_TYPE",
    "ACLED_SUB_EVENT_TYPE",
    "CAMEO_EXACT",
    "CAMEO_PREFIX",
    "UCDP_TYPE_OF_VIOLENCE",
    "acled_type",
    "cameo_type",
    "ucdp_type",
]

#: ACLED ``sub_event_type`` (2019+ codebook)
ACLED_SUB_EVENT_TYPE: dict[str, str] = {
    # Battles
    "armed clash": "battle.armed_clash",
    "government regains territory": "battle.territory_change",
    "non-state actor overtakes territory": "battle.territory_change",
    # Explosions/Remote violence
    "air/drone strike": "remote.airstrike",
    "shelling/artillery/missile attack": "remote.shelling",
    "remote explosive/landmine/ied": "remote.bombing",
    "suicide bomb": "remote.bombing",
    "grenade": "remote.grenade",
    "chemical weapon": "remote.chemical",
    # Violence against civilians
    "attack": "civilians.attack",
    "abduction/forced disappearance": "civilians.abduction",
    "sexual violence": "civilians.sexual_violence",
    # Protests and riots
    "peaceful protest": "unrest.protest",
    "protest with intervention": "unrest.protest",
    "excessive force against protesters": "unrest.protest",
    "violent demonstration": "unrest.riot",
    "mob violence": "unrest.riot",
    # Strategic developments
    "arrests": "strategic.arrest",
    "agreement": "strategic.agreement",
    "change to group/activity": "strategic.other",
    "disrupted weapons use": "strategic.other",
    "headquarters or base established": "strategic.other",
    "looting/property destruction": "strategic.other",
    "non-violent transfer of territory": "strategic.other",
    "other": "strategic.other",
}

#: ACLED ``event_type``: the pre-2019 values, and the 2019+ values when no sub-type is given
ACLED_EVENT_TYPE: dict[str, str] = {
    # pre-2019 schema
    "battle-no change of territory": "battle.armed_clash",
    "battle-government regains territory": "battle.territory_change",
    "battle-non-state actor overtakes territory": "battle.territory_change",
    "remote violence": "remote.unspecified",
    "violence against civilians": "civilians.attack",
    "riots/protests": "unrest.protest",
    "strategic development": "strategic.other",
    "headquarters or base established": "strategic.other",
    "non-violent transfer of territory": "strategic.other",
    "non-violent activity by a conflict actor": "strategic.other",
    # 2019+ schema, used only when sub_event_type is empty
    "battles": "battle.armed_clash",
    "explosions/remote violence": "remote.unspecified",
    "protests": "unrest.protest",
    "riots": "unrest.riot",
    "strategic developments": "strategic.other",
}

#: UCDP GED ``type_of_violence``
UCDP_TYPE_OF_VIOLENCE: dict[int, str] = {
    1: "battle.state_based",
    2: "battle.non_state",
    3: "civilians.one_sided",
}

#: CAMEO event codes matched exactly (checked before the prefixes)
CAMEO_EXACT: dict[str, str] = {
    "0871": "strategic.agreement",  # Declare truce, ceasefire
    "145": "unrest.riot",  # Protest violently, riot (and 1451-1454 below)
    "173": "strategic.arrest",  # Arrest, detain, or charge with legal action
    "181": "civilians.abduction",  # Abduct, hijack, or take hostage
    "1821": "civilians.sexual_violence",  # Sexually assault
    "196": "strategic.ceasefire_violation",  # Violate ceasefire
}

#: CAMEO code prefixes, longest first wins
CAMEO_PREFIX: dict[str, str] = {
    "145": "unrest.riot",
    "183": "remote.bombing",  # suicide, car, roadside bombing
    "190": "battle.armed_clash",  # conventional military force
    "191": "battle.armed_clash",  # blockade
    "192": "battle.armed_clash",  # occupy territory
    "193": "battle.armed_clash",  # small arms and light weapons
    "194": "remote.shelling",  # artillery and tanks
    "195": "remote.airstrike",  # aerial weapons (1951, 1952 drones)
    "14": "unrest.protest",
    "18": "civilians.attack",
    "20": "civilians.mass_violence",
    **{f"{root:02d}": "interaction.cooperation" for root in range(1, 10)},
    **{f"{root:02d}": "interaction.conflict" for root in (10, 11, 12, 13, 15, 16, 17)},
}


def acled_type(sub_event_type: str | None, event_type: str | None) -> str:
    """The taxonomy code of an ACLED event: by sub-event type, else by event type."""
    if sub_event_type:
        code = ACLED_SUB_EVENT_TYPE.get(sub_event_type.strip().lower())
        if code:
            return code
    if event_type:
        return ACLED_EVENT_TYPE.get(event_type.strip().lower(), "other")
    return "other"


def ucdp_type(type_of_violence: int | None) -> str:
    """The taxonomy code of a UCDP GED ``type_of_violence``."""
    if type_of_violence is None:
        return "other"
    return UCDP_TYPE_OF_VIOLENCE.get(type_of_violence, "other")


def cameo_type(event_code: str | None) -> str:
    """The taxonomy code of a CAMEO event code such as ``"0871"`` or ``"190"``."""
    if not event_code:
        return "other"
    code = event_code.strip()
    exact = CAMEO_EXACT.get(code)
    if exact:
        return exact
    for length in (3, 2):
        hit = CAMEO_PREFIX.get(code[:length]) if len(code) >= length else None
        if hit:
            return hit
    return "other"
