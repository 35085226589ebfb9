"""The API target: a real ``trucewatch serve`` on 127.0.0.1 (its own process, alerts delivered
every second) sent hostile requests, one at a time, each under the case's time limit.

A 5xx answer is a traceback, no answer in time a hang; a write answered 2xx without a key, with
a bogus key or with a role below the route's is an auth bypass. Webhook subscriptions point at a
canary HTTP server on 127.0.0.1: every request it receives is a request to a disallowed address.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import ClassVar

import httpx

from fuzzing.agreements import hostile_yaml
from fuzzing.files import FIXTURES, shared_data
from fuzzing.runner import Case, Outcome
from fuzzing.tables import TABLE_KINDS, Table, mutate

API_KINDS = {
    "wrong_role": 4,
    "bad_json": 2,
    "oversized_body": 1,
    "hostile_params": 4,
    "webhook_internal": 2,
    "ingest_hostile": 3,
    "agreement_hostile": 2,
    "effect_anonymous": 0,  # drawn by count: each can cost seconds of CPU
}
#: writes and the lowest role each needs
WRITES = [
    ("POST", "/agreements", "analyst"),
    ("PUT", "/agreements/aleppo-calm-2016-05", "analyst"),
    ("POST", "/agreements/aleppo-calm-2016-05/extensions", "analyst"),
    ("POST", "/agreements/aleppo-calm-2016-05/end", "analyst"),
    ("POST", "/ingest/ucdp-ged?filename=x.csv", "analyst"),
    ("POST", "/verdicts/refresh", "analyst"),
    ("PUT", "/settings", "admin"),
    ("POST", "/subscriptions", "admin"),
    ("DELETE", "/subscriptions/sub-1", "admin"),
    ("GET", "/subscriptions", "admin"),
    ("GET", "/alerts", "admin"),
]
READS = [
    "/events",
    "/events/{id}",
    "/verdicts",
    "/agreements",
    "/agreements/{id}",
    "/agreements/{id}/series",
    "/agreements/{id}/report",
    "/map/events",
    "/map/scopes",
    "/map/boundaries",
    "/settings",
    "/health",
]
PARAMS = [
    "limit",
    "offset",
    "cursor",
    "bbox",
    "since",
    "until",
    "source",
    "type",
    "actor",
    "agreement",
    "kind",
    "event_id",
    "simplify",
    "level",
    "window",
    "days_before",
    "horizon",
    "control",
    "date",
    "format",
    "seed",
    "actor_contains",
    "all",
    "status",
]
VALUES = [
    "-1",
    "0",
    "1e400",
    "NaN",
    "inf",
    "99999999999999999999",
    "",
    "%00",
    "\x00",
    "x" * 10_000,
    "1,2,3",
    "nan,nan,nan,nan",
    "-181,-91,181,91",
    "0001-01-01",
    "9999-12-31T23:59:59+14:00",
    "2016-02-30",
    "' OR 1=1 --",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "\u202e",
    "[]",
    "{}",
    "true",
    "ucdp_ged:1",
]
IDS = ["aleppo-calm-2016-05", "nope", "%2e%2e%2f", "x" * 5000, "ucdp_ged:1", "\u202e", "a/b"]
ROLE_ORDER = ["none", "bogus", "reader", "analyst", "admin"]


class _Canary(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[Counter[str]] = Counter()

    def _hit(self) -> None:
        _Canary.hits[self.path] += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"canary: internal answer")

    do_GET = do_POST = do_PUT = _hit

    def log_message(self, *args: object) -> None:
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _events_file(folder: Path) -> Path:
    """UCDP rows of Aleppo in May 2016 (real), else the fixture: events the truces cover."""
    data = shared_data()
    path = folder / "aleppo.csv"
    source = None if data is None else data / "ucdp_ged_syria" / "ged_syria_2016.csv"
    if source is None or not source.is_file():
        path.write_bytes((FIXTURES / "ucdp_ged_good.csv").read_bytes())
        return path
    with source.open(encoding="utf-8") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        start, adm = header.index("date_start"), header.index("adm_1")
        rows = [r for r in reader if r[start][:7] == "2016-05" and "Aleppo" in r[adm]][:150]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _setup(folder: Path) -> tuple[Path, dict[str, str], Table]:
    from trucewatch.agreements import example_paths
    from trucewatch.catalog import add_agreement_file, load_agreements
    from trucewatch.sources.base import adapter_for
    from trucewatch.store import Store
    from trucewatch.verdicts.update import update_verdicts

    db = folder / "api.duckdb"
    events = _events_file(folder)
    with Store.open(db) as store:
        for path in example_paths():
            add_agreement_file(store, path)
        store.ingest(adapter_for("ucdp-ged"), events)
        update_verdicts(store, load_agreements(store))
        keys = {role: store.create_api_key(role, f"fuzz {role}")[1] for role in ROLE_ORDER[2:]}
    rows = list(csv.reader(io.StringIO(events.read_text(encoding="utf-8"))))
    return db, keys, Table(rows[0], rows[1:21])


def _headers(role: str, keys: dict[str, str]) -> dict[str, str]:
    if role == "none":
        return {}
    if role == "bogus":
        return {"Authorization": "Bearer tw_bogus.0000000000000000"}
    return {"Authorization": f"Bearer {keys[role]}"}


def run_api_cases(count: int, seed: int, folder: Path, *, timeout: float) -> list[Outcome]:
    """``count`` hostile requests against a server started here, and the canary's count."""
    db, keys, table = _setup(folder)
    canary = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    threading.Thread(target=canary.serve_forever, daemon=True).start()
    port = _free_port()
    log = (folder / "serve.log").open("w")
    env = dict(os.environ, TRUCEWATCH_WAIT="5")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "trucewatch",
            "serve",
            "--port",
            str(port),
            "--db",
            str(db),
            "--alerts-every",
            "1",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    outcomes: list[Outcome] = []
    try:
        with httpx.Client(base_url=base, timeout=timeout) as client:
            for _ in range(240):
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            rng = random.Random(seed)
            names = [k for k, w in API_KINDS.items() if w]
            weights = [API_KINDS[k] for k in names]
            plan = [rng.choices(names, weights)[0] for _ in range(max(0, count - 2))]
            plan += ["effect_anonymous"] * min(2, count)
            for index, kind in enumerate(plan):
                case = Case("api", kind, rng.randrange(2**32), index)
                outcomes.append(_one(client, case, keys, table, canary.server_address[1]))
            time.sleep(5)  # the alert loop runs every second: give it time to deliver
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        canary.shutdown()
        log.close()
    for outcome in outcomes:
        hits = sum(
            n for path, n in _Canary.hits.items() if path.startswith(f"/fuzz-{outcome.case.index}/")
        )
        if hits:
            outcome.disallowed = hits
            outcome.detail = f"{hits} request(s) from the server to {outcome.extra.get('target')}"
    return outcomes


def _one(
    client: httpx.Client, case: Case, keys: dict[str, str], table: Table, canary: int
) -> Outcome:
    rng = random.Random(case.seed)
    kind = case.kind
    need = ""
    role = "admin"
    extra: dict[str, object] = {}
    if kind == "wrong_role":
        method, path, need = rng.choice(WRITES)
        role = rng.choice(ROLE_ORDER[: ROLE_ORDER.index(need)])
        body: bytes | None = b'{"text": "x"}'
        ctype = "application/json"
    elif kind == "bad_json":
        method, path, need = rng.choice([w for w in WRITES if w[0] != "GET"])
        body = rng.choice(
            [b"{", b"\xff\xfe", b"[" * 100_000, b'{"a":' * 50_000, b"null", b"1e400", b'"\x00"']
        )
        ctype = "application/json"
    elif kind == "oversized_body":
        method, path, need = rng.choice([w for w in WRITES if w[0] != "GET"])
        body = b"{" + b" " * (rng.choice([2, 20, 60]) << 20) + b"}"
        ctype = "application/json"
    elif kind == "hostile_params":
        method = "GET"
        path = rng.choice(READS).replace("{id}", rng.choice(IDS))
        query = {rng.choice(PARAMS): rng.choice(VALUES) for _ in range(rng.randint(1, 4))}
        path += "?" + str(httpx.QueryParams(query))
        role = rng.choice(ROLE_ORDER)
        body, ctype = None, ""
    elif kind == "webhook_internal":
        method, path, need = "POST", "/subscriptions", "admin"
        host = rng.choice(
            [
                "127.0.0.1",
                "localhost",
                "[::1]",
                "0x7f000001",
                "2130706433",
                "127.1",
                "0.0.0.0",
                "user:pw@127.0.0.1",
            ]
        )
        target = f"http://{host}:{canary}/fuzz-{case.index}/"
        extra["target"] = target
        body = json.dumps(
            {
                "name": f"fuzz {case.index}",
                "channel": "webhook",
                "target": target,
                "include_existing": True,
                "kinds": [
                    "violation",
                    "possible_violation",
                    "unlocated",
                    "not_covered",
                    "outside_scope",
                    "outside_window",
                ],
            }
        ).encode()
        ctype = "application/json"
    elif kind == "ingest_hostile":
        method, need = "POST", "analyst"
        mkind = rng.choice([k for k, w in TABLE_KINDS.items() if w])
        mutated = mutate(table, mkind, rng, zip_ok=False, id_col=0)
        path = f"/ingest/ucdp-ged?filename=fuzz{case.index}{mutated.suffix}"
        body, ctype = mutated.data, "application/octet-stream"
        extra["mutation"] = mkind
    elif kind == "agreement_hostile":
        method, path, need = "POST", "/agreements", "analyst"
        akind = rng.choice(
            [
                "byte_flip",
                "huge_number",
                "alias_bomb",
                "deep_nesting",
                "recursive_alias",
                "nan_coordinate",
                "huge_duration",
                "file_scope",
            ]
        )
        if akind == "file_scope":
            text = hostile_yaml("empty", rng)
            text = (
                "format: trucewatch.agreement/1\nid: fuzz-file\nname: F\ntimezone: UTC\n"
                "start: 2016-02-27T00:00:00+02:00\nscope: {file: "
                + rng.choice(["/etc/passwd", "/dev/zero", "/proc/self/environ", "../../x.geojson"])
                + "}\n"
            )
        else:
            text = hostile_yaml(akind, rng)
        body, ctype = text.encode("utf-8", errors="replace"), "application/yaml"
        extra["mutation"] = akind
    else:  # effect_anonymous
        method = "GET"
        path = f"/agreements/aleppo-calm-2016-05/effect?seed={rng.randrange(10**6)}"
        role, body, ctype = "none", None, ""
    headers = _headers(role, keys)
    if ctype:
        headers["Content-Type"] = ctype
    outcome = Outcome(case, "accepted", extra=extra)
    start = time.perf_counter()
    try:
        answer = client.request(method, path, content=body, headers=headers)
    except httpx.TimeoutException:
        outcome.status, outcome.detail = "hang", f"{method} {path[:60]}: no answer in time"
        return outcome
    except httpx.HTTPError as exc:
        outcome.status = "clear error"
        outcome.detail = f"{method} {path[:60]}: connection {type(exc).__name__}"
        return outcome
    outcome.seconds = time.perf_counter() - start
    code = answer.status_code
    what = f"{method} {path.split('?')[0][:60]} as {role}" + (
        f" ({extra['mutation']})" if "mutation" in extra else ""
    )
    if code >= 500:
        outcome.status, outcome.detail = "traceback", f"{what}: {code}"
    elif code >= 400:
        outcome.status = "clear error"
    if need and code < 300 and ROLE_ORDER.index(role) < ROLE_ORDER.index(need):
        outcome.bypass, outcome.detail = 1, f"{what}: {code} without the {need} role"
    if kind == "webhook_internal" and code < 300:
        outcome.extra["warning"] = "a webhook to an internal address accepted"
    return outcome
