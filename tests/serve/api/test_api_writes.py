"""Writing through the API: keys and roles, validation by the loader, the rate limit."""

from __future__ import annotations

import httpx
import pytest

from trucewatch.agreements import example_paths

ALEPPO = next(p for p in example_paths() if p.name.startswith("aleppo")).read_text()


def _yaml(key: str | None, text: str = ALEPPO, header: str = "authorization") -> dict[str, str]:
    headers = {"content-type": "application/yaml"}
    if key is not None:
        headers[header] = f"Bearer {key}" if header == "authorization" else key
    return headers


def test_write_without_a_key_is_401(client: httpx.Client) -> None:
    response = client.post("/agreements", content=ALEPPO, headers=_yaml(None))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("which", ["revoked", "not-a-key", "tw_00000000_" + "x" * 43])
def test_write_with_a_bad_or_revoked_key_is_401(client: httpx.Client, server, which) -> None:
    key = server.keys.get(which, which)
    response = client.post("/agreements", content=ALEPPO, headers=_yaml(key))
    assert response.status_code == 401


def test_write_with_a_reader_key_is_403(client: httpx.Client, server) -> None:
    response = client.post("/agreements", content=ALEPPO, headers=_yaml(server.keys["reader"]))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(("role", "header"), [("analyst", "authorization"), ("admin", "x-api-key")])
def test_write_with_an_analyst_or_admin_key_is_201(
    client: httpx.Client, server, role: str, header: str
) -> None:
    response = client.post(
        "/agreements", content=ALEPPO, headers=_yaml(server.keys[role], header=header)
    )
    assert response.status_code == 201, response.text
    assert response.json()["id"] == "aleppo-calm-2016-05"


def test_write_as_json_text_creates_a_new_version_when_the_text_changes(
    client: httpx.Client, server
) -> None:
    text = ALEPPO.replace("aleppo-calm-2016-05", "aleppo-copy-2016-05", 1)
    headers = {"authorization": f"Bearer {server.keys['admin']}"}
    response = client.post("/agreements", json={"text": text}, headers=headers)
    assert response.status_code == 201, response.text
    assert response.json() == {
        "id": "aleppo-copy-2016-05",
        "name": response.json()["name"],
        "version": 1,
        "windows": response.json()["windows"],
        "refresh": response.json()["refresh"],
    }
    assert response.json()["refresh"]["windows_rejudged"] == response.json()["windows"]
    assert client.get("/agreements/aleppo-copy-2016-05").status_code == 200
    changed = text.replace("\nname:", "\n# edited\nname:", 1)
    again = client.post("/agreements", json={"text": changed}, headers=headers)
    assert again.json()["version"] == 2


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("format: trucewatch.agreement/1\nid: x\n", "name"),
        ("format: trucewatch.agreement/9\n", "unsupported format"),
        ("- just\n- a list\n", "mapping"),
        ("key: [unclosed\n", "YAML"),
    ],
)
def test_invalid_agreement_is_422_with_the_loader_message(
    client: httpx.Client, server, text: str, words: str
) -> None:
    headers = _yaml(server.keys["admin"])
    response = client.post("/agreements", content=text, headers=headers)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid" and words in error["message"]


def test_writes_beyond_the_burst_get_429_with_retry_after(client: httpx.Client, server) -> None:
    headers = _yaml(server.keys["limited"])
    statuses = [
        client.post("/agreements", content=ALEPPO, headers=headers).status_code
        for _ in range(server.burst + 2)
    ]
    assert statuses == [201] * server.burst + [429] * 2  # then one per 20 s
    response = client.post("/agreements", content=ALEPPO, headers=headers)
    assert response.json()["error"]["code"] == "rate_limited"
    assert int(response.headers["retry-after"]) >= 1
