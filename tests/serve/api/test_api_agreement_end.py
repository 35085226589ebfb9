"""Recording how an agreement ended (POST /agreements/{id}/end) and showing it over HTTP."""

from __future__ import annotations

import httpx
import pytest

from trucewatch.agreements import example_paths

COH = next(p for p in example_paths() if p.name.startswith("syria-coh")).read_text()
ALEPPO = next(p for p in example_paths() if p.name.startswith("aleppo")).read_text()
ENDED_ID = "coh-ended-2016"
EVIDENCE = "Reuters, 22 April 2016: the cessation of hostilities has collapsed (test citation)"


def _key(server, role: str = "analyst") -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"authorization": f"Bearer {server.keys[role]}"}


@pytest.fixture(scope="module")
def coh_copy(client: httpx.Client, server) -> str:  # type: ignore[no-untyped-def]
    """A copy of the open-ended CoH under its own id, stored through the API."""
    text = COH.replace("id: syria-coh-2016", f"id: {ENDED_ID}", 1)
    response = client.post("/agreements", json={"text": text}, headers=_key(server, "admin"))
    assert response.status_code == 201, response.text
    return ENDED_ID


def test_open_ended_agreements_are_listed_as_such(client: httpx.Client) -> None:
    listed = {a["id"]: a for a in client.get("/agreements").json()}
    coh = listed["syria-coh-2016"]
    assert coh["open_ended"] is True and coh["end_utc"] is None
    assert coh["end"] == "open-ended (no end recorded): base"
    aleppo = listed["aleppo-calm-2016-05"]
    assert aleppo["open_ended"] is False and aleppo["end_utc"].startswith("2016-05-11T22:00")
    window = client.get("/agreements/syria-coh-2016").json()["windows"][0]
    assert window["open_ended"] is True and window["end"] == "open-ended (no end recorded)"


def test_an_analyst_records_a_collapse_as_a_new_version(
    client: httpx.Client, server, coh_copy: str
) -> None:
    before = {a["id"]: a for a in client.get("/agreements").json()}[coh_copy]
    body = {"kind": "collapsed", "at": "2016-04-22", "evidence": [EVIDENCE]}
    response = client.post(f"/agreements/{coh_copy}/end", json=body, headers=_key(server))
    assert response.status_code == 201, response.text
    assert response.json()["version"] == before["version"] + 1
    shown = client.get(f"/agreements/{coh_copy}").json()
    assert shown["open_ended"] is False
    assert shown["ended"]["kind"] == "collapsed"
    assert shown["ended"]["evidence"] == [EVIDENCE]
    (base,) = shown["windows"]
    # a date is the end of that local day: 23 April 00:00 Damascus time (+03:00)
    assert base["end_utc"] == "2016-04-22T21:00:00Z"
    assert base["end"] == "collapsed 2016-04-22T21:00:00Z"
    again = client.post(f"/agreements/{coh_copy}/end", json=body, headers=_key(server))
    assert again.status_code == 422
    assert "already has an end" in again.json()["error"]["message"]


@pytest.mark.parametrize(("role", "status"), [(None, 401), ("reader", 403)])
def test_recording_an_end_needs_an_analyst_key(
    client: httpx.Client, server, role: str | None, status: int
) -> None:
    headers = {} if role is None else _key(server, role)
    body = {"kind": "collapsed", "at": "2016-04-22", "evidence": [EVIDENCE]}
    response = client.post("/agreements/syria-coh-2016/end", json=body, headers=headers)
    assert response.status_code == status


@pytest.mark.parametrize(
    ("agreement", "body", "status", "where"),
    [
        ("syria-coh-2016", {"kind": "collapsed", "at": "2016-04-22"}, 422, "ended.evidence"),
        (
            "syria-coh-2016",
            {"kind": "collapsed", "at": "2016-02-01", "evidence": [EVIDENCE]},
            422,
            "ended.at",
        ),
        (
            "aleppo-calm-2016-05",
            {"window": "base", "kind": "collapsed", "at": "2016-05-06", "evidence": [EVIDENCE]},
            422,
            "ended",
        ),
        (
            "aleppo-calm-2016-05",
            {"window": "nope", "kind": "collapsed", "at": "2016-05-06", "evidence": [EVIDENCE]},
            422,
            "ended",
        ),
        ("syria-coh-2016", {"kind": "exploded", "at": "2016-04-22"}, 422, "body.kind"),
        ("never-stored", {"kind": "collapsed", "at": "2016-04-22", "evidence": ["x"]}, 404, None),
    ],
)
def test_bad_ends_are_refused_naming_the_field(
    client: httpx.Client, server, agreement: str, body: dict, status: int, where: str | None
) -> None:
    response = client.post(f"/agreements/{agreement}/end", json=body, headers=_key(server))
    assert response.status_code == status, response.text
    if where is not None:
        assert response.json()["error"]["details"][0]["where"] == where
    stored = client.get("/agreements/syria-coh-2016").json()
    assert stored["open_ended"] is True  # nothing was stored
