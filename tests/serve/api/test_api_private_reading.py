"""With public reading turned off, every request needs a key."""

import httpx

from live_server import running
from machine import scaled
from trucewatch.agreements import example_paths
from trucewatch.catalog import add_agreement_file
from trucewatch.serve.api import create_app
from trucewatch.store import Store


def test_private_server_refuses_reads_without_a_key_and_accepts_a_reader(tmp_path):
    path = tmp_path / "private.duckdb"
    with Store.open(path) as store:
        add_agreement_file(store, example_paths()[0])
        reader = store.create_api_key("reader", "desk")[1]
    with (
        running(create_app(path, public_read=False)) as url,
        httpx.Client(base_url=url, timeout=scaled(30)) as client,
    ):
        anonymous = client.get("/agreements")
        assert anonymous.status_code == 401
        assert set(anonymous.json()["error"]) >= {"code", "message"}
        allowed = client.get("/agreements", headers={"Authorization": f"Bearer {reader}"})
        assert allowed.status_code == 200
