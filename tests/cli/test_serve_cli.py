"""trucewatch keys and trucewatch serve, with a real server process on 127.0.0.1."""

import subprocess
import sys
import time

import httpx
from typer.testing import CliRunner

from live_server import free_port
from machine import scaled
from trucewatch.cli import app

runner = CliRunner()


def test_keys_create_list_revoke(tmp_path):
    db = str(tmp_path / "k.duckdb")
    created = runner.invoke(
        app, ["keys", "create", "--role", "reader", "--name", "desk", "--db", db]
    )
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("tw_")
    listed = runner.invoke(app, ["keys", "list", "-f", "json", "--db", db])
    assert secret not in listed.stdout and '"role": "reader"' in listed.stdout
    key_id = secret.split("_")[1]
    revoked = runner.invoke(app, ["keys", "revoke", key_id, "--db", db])
    assert revoked.exit_code == 0, revoked.output
    bad = runner.invoke(app, ["keys", "create", "--role", "boss", "--db", db])
    assert bad.exit_code == 2 and "reader, analyst, admin" in bad.output


def test_serve_answers_on_localhost_and_refuses_writes_without_a_key(tmp_path):
    db = str(tmp_path / "s.duckdb")
    assert runner.invoke(app, ["agreements", "add", "--examples", "--db", db]).exit_code == 0
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "trucewatch", "serve", "--port", str(port), "--db", db],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + scaled(60)
        while True:
            try:
                health = httpx.get(f"{base}/health", timeout=scaled(2))
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the server did not start in time"
                time.sleep(0.3)
        assert health.status_code == 200
        agreements = httpx.get(f"{base}/agreements", timeout=scaled(10)).json()
        assert "aleppo-calm-2016-05" in str(agreements)
        refused = httpx.post(f"{base}/agreements", json={"text": "x"}, timeout=scaled(10))
        assert refused.status_code == 401
        assert set(refused.json()) == {"error"}
    finally:
        server.terminate()
        server.communicate(timeout=scaled(30))  # waits and closes the pipe
