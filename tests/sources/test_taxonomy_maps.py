"""Every source's event types land in the taxonomy; unknown ones become "other"."""

from __future__ import annotations

import pytest

from trucewatch.model.taxonomy import EVENT_TYPES
from trucewatch.sources.taxonomy_maps import (
    ACLED_EVENT_TYPE,
    ACLED_SUB_EVENT_TYPE,
    CAMEO_EXACT,
    CAMEO_PREFIX,
    acled_type,
    cameo_type,
    ucdp_type,
)

ACLED_2019_SUB_EVENT_TYPES = [
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Suicide bomb",
    "Grenade",
    "Chemical weapon",
    "Attack",
    "Abduction/forced disappearance",
    "Sexual violence",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Arrests",
    "Agreement",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
]
ACLED_OLD_EVENT_TYPES = [  # as they appear in the real pre-2019 file
    "Battle-No change of territory",
    "Battle-Government regains territory",
    "Battle-Non-state actor overtakes territory",
    "Remote violence",
    "Violence against civilians",
    "Riots/Protests",
    "Strategic development",
    "Headquarters or base established",
    "Non-violent transfer of territory",
]


def test_every_mapped_code_is_in_the_taxonomy():
    tables = (ACLED_SUB_EVENT_TYPE, ACLED_EVENT_TYPE, CAMEO_EXACT, CAMEO_PREFIX)
    for table in tables:
        assert set(table.values()) <= set(EVENT_TYPES)


@pytest.mark.parametrize("label", ACLED_2019_SUB_EVENT_TYPES)
def test_every_acled_2019_sub_event_type_is_mapped(label):
    assert label.lower() in ACLED_SUB_EVENT_TYPE
    assert acled_type(label, None) != "other"


@pytest.mark.parametrize("label", ACLED_OLD_EVENT_TYPES)
def test_every_pre_2019_acled_event_type_is_mapped(label):
    assert acled_type(None, label) != "other"


@pytest.mark.parametrize(
    ("sub", "main", "expected"),
    [
        ("Air/drone strike", "Explosions/Remote violence", "remote.airstrike"),
        ("Government regains territory", "Battles", "battle.territory_change"),
        (None, "Remote violence", "remote.unspecified"),
        ("Something new", "Battles", "battle.armed_clash"),
        ("Something new", "Something else", "other"),
        (None, None, "other"),
    ],
)
def test_acled_type_uses_the_sub_type_then_the_event_type_then_other(sub, main, expected):
    assert acled_type(sub, main) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [(1, "battle.state_based"), (2, "battle.non_state"), (3, "civilians.one_sided"), (9, "other")],
)
def test_ucdp_type_of_violence(code, expected):
    assert ucdp_type(code) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("0871", "strategic.agreement"),
        ("0874", "interaction.cooperation"),
        ("196", "strategic.ceasefire_violation"),
        ("190", "battle.armed_clash"),
        ("191", "battle.armed_clash"),
        ("192", "battle.armed_clash"),
        ("193", "battle.armed_clash"),
        ("194", "remote.shelling"),
        ("195", "remote.airstrike"),
        ("1952", "remote.airstrike"),
        ("183", "remote.bombing"),
        ("1831", "remote.bombing"),
        ("1834", "remote.bombing"),
        ("181", "civilians.abduction"),
        ("1821", "civilians.sexual_violence"),
        ("1823", "civilians.attack"),
        ("186", "civilians.attack"),
        ("20", "civilians.mass_violence"),
        ("2041", "civilians.mass_violence"),
        ("2042", "civilians.mass_violence"),
        ("173", "strategic.arrest"),
        ("141", "unrest.protest"),
        ("1414", "unrest.protest"),
        ("145", "unrest.riot"),
        ("1452", "unrest.riot"),
        ("010", "interaction.cooperation"),
        ("057", "interaction.cooperation"),
        ("0841", "interaction.cooperation"),
        ("112", "interaction.conflict"),
        ("138", "interaction.conflict"),
        ("172", "interaction.conflict"),
        ("21", "other"),
        ("", "other"),
        (None, "other"),
    ],
)
def test_cameo_codes_map_to_the_taxonomy(code, expected):
    assert cameo_type(code) == expected
