"""Updating an agreement (PUT) and adding an extension (POST .../extensions) over HTTP."""

from __future__ import annotations

import httpx
import pytest

from trucewatch.agreements import example_paths

ALEPPO = next(p for p in example_paths() if p.name.startswith("aleppo")).read_text()
EDITED_ID = "aleppo-edited-2016-05"
EDITED = ALEPPO.replace("aleppo-calm-2016-05", EDITED_ID, 1)


def _key(server, role: str = "admin") -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"authorization": f"Bearer {server.keys[role]}"}


@pytest.fixture(scope="module")
def edited(client: httpx.Client, server) -> str:  # type: ignore[no-untyped-def]
    """A copy of the Aleppo agreement under its own id, stored through the API."""
    response = client.post("/agreements", json={"text": EDITED}, headers=_key(server))
    assert response.status_code == 201, response.text
    return EDITED_ID


def test_put_of_a_changed_text_makes_a_new_version(client: httpx.Client, server, edited) -> None:
    before = {a["id"]: a for a in client.get("/agreements").json()}[edited]["version"]
    text = EDITED.replace("name: Regime of calm", "name: Edited regime of calm", 1)
    response = client.put(f"/agreements/{edited}", json={"text": text}, headers=_key(server))
    assert response.status_code == 200, response.text
    assert response.json()["version"] == before + 1
    assert client.get(f"/agreements/{edited}").json()["name"].startswith("Edited")


def test_put_of_the_same_text_keeps_the_version(client: httpx.Client, server, edited) -> None:
    first = client.put(f"/agreements/{edited}", json={"text": EDITED}, headers=_key(server))
    again = client.put(
        f"/agreements/{edited}",
        content=EDITED,
        headers={**_key(server, "analyst"), "content-type": "application/yaml"},
    )
    assert first.status_code == again.status_code == 200
    assert again.json()["version"] == first.json()["version"]


def test_put_for_an_unknown_id_is_404(client: httpx.Client, server) -> None:
    text = ALEPPO.replace("aleppo-calm-2016-05", "never-stored", 1)
    response = client.put("/agreements/never-stored", json={"text": text}, headers=_key(server))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_put_of_a_text_with_another_id_is_422_on_field_id(
    client: httpx.Client, server, edited
) -> None:
    response = client.put(f"/agreements/{edited}", json={"text": ALEPPO}, headers=_key(server))
    assert response.status_code == 422
    error = response.json()["error"]
    assert "aleppo-calm-2016-05" in error["message"]
    assert error["details"][0]["where"] == "id"


@pytest.mark.parametrize(("role", "status"), [(None, 401), ("reader", 403)])
def test_put_and_extend_need_an_analyst_key(
    client: httpx.Client, server, edited, role: str | None, status: int
) -> None:
    headers = {} if role is None else _key(server, role)
    put = client.put(f"/agreements/{edited}", json={"text": EDITED}, headers=headers)
    extend = client.post(
        f"/agreements/{edited}/extensions", json={"id": "x", "duration": "1d"}, headers=headers
    )
    assert put.status_code == extend.status_code == status


def test_extension_without_start_is_appended_after_the_last_window(
    client: httpx.Client, server, edited
) -> None:
    before = client.get(f"/agreements/{edited}").json()
    response = client.post(
        f"/agreements/{edited}/extensions",
        json={"id": "ext-24h-2016-05-12", "duration": "24h", "note": "by the API"},
        headers=_key(server, "analyst"),
    )
    assert response.status_code == 201, response.text
    assert response.json()["windows"] == len(before["windows"]) + 1
    windows = {w["id"]: w for w in client.get(f"/agreements/{edited}").json()["windows"]}
    assert windows["ext-24h-2016-05-12"]["start_utc"].startswith("2016-05-11T22:00")
    assert windows["ext-24h-2016-05-12"]["end_utc"].startswith("2016-05-12T22:00")


@pytest.mark.parametrize(
    ("agreement", "body", "status", "where"),
    [
        (
            EDITED_ID,
            {"id": "early", "start": "2016-05-01T01:00:00+03:00", "duration": "1d"},
            422,
            "extensions[.].start",
        ),
        (
            EDITED_ID,
            {"id": "naive", "start": "2016-05-20T01:00:00", "duration": "1d"},
            422,
            "extensions[.].start",
        ),
        (
            EDITED_ID,
            {"id": "x", "announced": "2016-05-11", "duration": "1d"},
            422,
            "body.announced",
        ),
        (EDITED_ID, {"id": "Not A Slug", "duration": "1d"}, 422, "body.id"),
        (EDITED_ID, {"id": "x", "duration": "1 month"}, 422, "extensions[.].duration"),
        ("syria-coh-2016", {"id": "x", "duration": "1d"}, 422, "extensions[0].start"),
        ("never-stored", {"id": "x", "duration": "1d"}, 404, None),
    ],
)
def test_bad_extensions_are_refused_naming_the_field(
    client: httpx.Client, server, edited, agreement: str, body: dict, status: int, where
) -> None:
    response = client.post(f"/agreements/{agreement}/extensions", json=body, headers=_key(server))
    assert response.status_code == status, response.text
    if where is not None:
        found = response.json()["error"]["details"][0]["where"]
        assert found.startswith(where.split("[.]")[0]) and found.endswith(where.split("]")[-1])


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [("application/json", b"{oops", 400), ("application/yaml", b"id: x", 415)],
)
def test_extension_bodies_must_be_json(
    client: httpx.Client, server, edited, content_type: str, body: bytes, status: int
) -> None:
    response = client.post(
        f"/agreements/{edited}/extensions",
        content=body,
        headers={**_key(server), "content-type": content_type},
    )
    assert response.status_code == status
    assert set(response.json()["error"]) == {"code", "message", "details"}
