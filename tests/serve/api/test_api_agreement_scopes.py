"""The API takes scopes inline or as admin units, never as a server path: a ``file:`` scope in a
new agreement, a replacement text or an extension is a 422 that reads the same whether the path
exists, is a FIFO or is absent; an agreement stored with one by an older version is refused by
id on read, and the server never opens it."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from live_server import create_keys, running
from machine import scaled
from trucewatch.agreements import example_paths
from trucewatch.serve.api import create_app
from trucewatch.store import Store

ALEPPO = next(p for p in example_paths() if p.name.startswith("aleppo")).read_text()
NEW_ID = "aleppo-file-scope-2016-05"


def _key(server) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"authorization": f"Bearer {server.keys['analyst']}"}


def _with_file_scope(path: str, ident: str = NEW_ID) -> str:
    head, _, rest = ALEPPO.replace("aleppo-calm-2016-05", ident, 1).partition("\nscope:")
    body = rest.split("\nstart:", 1)[1]
    return f"{head}\nscope: {{file: '{path}'}}\nstart:{body}"


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """An existing file, a FIFO and an absent path, all of the same length."""
    folder = tmp_path_factory.mktemp("paths")
    (folder / "there.json").write_text("{}")
    names = ["there.json", "absent.json"]
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifoed.json")
        names.append("fifoed.json")
    return [str(folder / n) for n in names]


def _detail(response: httpx.Response, path: str) -> str:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    return str(error).replace(path, "PATH")


def test_post_of_a_file_scope_is_422_saying_the_same_for_any_path(client, server, paths):
    details = set()
    for path in paths:
        response = client.post(
            "/agreements", json={"text": _with_file_scope(path)}, headers=_key(server)
        )
        details.add(_detail(response, path))
    assert len(details) == 1
    (detail,) = details
    assert "scope.file" in detail and "inline" in detail
    assert NEW_ID not in {a["id"] for a in client.get("/agreements").json()}


def test_put_and_extension_with_a_file_scope_are_422(client, server, paths):
    put = client.put(
        "/agreements/aleppo-calm-2016-05",
        json={"text": _with_file_scope(paths[-1], "aleppo-calm-2016-05")},
        headers=_key(server),
    )
    assert "scope.file" in _detail(put, paths[-1])
    extension = {"id": "ext-file", "duration": "24h", "scope": {"file": paths[-1]}}
    response = client.post(
        "/agreements/aleppo-calm-2016-05/extensions", json=extension, headers=_key(server)
    )
    assert "scope" in _detail(response, paths[-1])


def test_a_stored_file_scope_from_an_older_version_is_refused_on_read_not_opened(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    db = tmp_path / "legacy.duckdb"
    with Store.open(db) as store:
        keys = create_keys(store, ("reader",))
        store.put_agreement(NEW_ID, "Legacy", _with_file_scope(str(fifo)), "api (key old)")
    with (
        running(create_app(Path(db))) as url,
        httpx.Client(base_url=url, timeout=scaled(30)) as client,
    ):
        headers = {"authorization": f"Bearer {keys['reader']}"}
        for route in ("/agreements", f"/agreements/{NEW_ID}"):
            response = client.get(route, headers=headers)
            assert response.status_code == 422, response.text
            message = response.json()["error"]["message"]
            assert f"stored agreement '{NEW_ID}'" in message
            assert f"PUT /agreements/{NEW_ID}" in message
