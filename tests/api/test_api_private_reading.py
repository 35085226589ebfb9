"""With public reading turned off, every request needs a key."""

import socket
import threading
import time

import httpx
import uvicorn

from trucewatch.agreements import example_paths
from trucewatch.catalog import add_agreement_file
from trucewatch.publish.api import create_app
from trucewatch.store import Store


def test_private_server_refuses_reads_without_a_key_and_accepts_a_reader(tmp_path):
    path = tmp_path / "private.duckdb"
    with Store.open(path) as store:
        add_agreement_file(store, example_paths()[0])
        reader = store.create_api_key("reader", "desk")[1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    app = create_app(path, public_read=False)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", ws="none")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            anonymous = client.get("/agreements")
            assert anonymous.status_code == 401
            assert set(anonymous.json()["error"]) >= {"code", "message"}
            allowed = client.get("/agreements", headers={"Authorization": f"Bearer {reader}"})
            assert allowed.status_code == 200
    finally:
        server.should_exit = True
        thread.join(timeout=10)
