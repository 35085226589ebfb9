"""No authentication bypass: every operation of /openapi.json, with schemathesis-generated
requests, sent with no key, a malformed, wrong or revoked key, and each role's key too weak
for it, against a real uvicorn on 127.0.0.1 whose reading is private. None may succeed (2xx),
none may fail as a 5xx, and the store is unchanged at the end (its state token, subscriptions
and keys): a refused write wrote nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from live_server import create_keys, fill_store, handmade_event, running
from machine import scaled
from trucewatch.serve.api import Limits, create_app
from trucewatch.store import Store
from trucewatch.store.keys import ROLES

#: the role each operation needs beyond reading (a server with private reading: every other
#: operation needs a reader); every operation that is not a GET must be listed here
NEEDS = {
    "POST /agreements": "analyst",
    "PUT /agreements/{agreement_id}": "analyst",
    "POST /agreements/{agreement_id}/extensions": "analyst",
    "POST /agreements/{agreement_id}/end": "analyst",
    "POST /ingest/{adapter}": "analyst",
    "POST /verdicts/refresh": "analyst",
    "PUT /settings": "admin",
    "GET /subscriptions": "admin",
    "GET /subscriptions/{subscription_id}": "admin",
    "POST /subscriptions": "admin",
    "DELETE /subscriptions/{subscription_id}": "admin",
    "GET /alerts": "admin",
}
#: generated requests per operation, each sent with every credential too weak for it
EXAMPLES = 6
#: routes answered before any key is looked at (GET / is the page; its data needs a key)
OPEN = {"GET /health"}


@dataclass(frozen=True)
class Private:
    url: str
    db: Path
    keys: dict[str, str]
    subscription: str


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Private]:
    path = tmp_path_factory.mktemp("auth") / "auth.duckdb"
    with Store.open(path) as store:
        fill_store(store, [handmade_event(i) for i in range(10)], label="h", adapter="h.v1")
        keys = create_keys(store)
        revoked, keys["revoked admin"] = store.create_api_key("admin", "revoked")
        store.revoke_api_key(revoked.key_id)
    # no limit hides a route: every guess is checked, every answer computed
    limits = Limits(key_failures=10**6, key_failure_rate=1000.0, anonymous_burst=10**6)
    app = create_app(path, public_read=False, write_rate=1000.0, write_burst=10**6, limits=limits)
    with running(app) as url:
        admin = {"Authorization": f"Bearer {keys['admin']}"}
        body = {"name": "desk", "channel": "email", "target": "desk@example.org"}
        created = httpx.post(f"{url}/subscriptions", json=body, headers=admin, timeout=scaled(30))
        assert created.status_code == 201, created.text
        yield Private(url, path, keys, created.json()["subscription_id"])


def _credentials(keys: dict[str, str]) -> dict[str, tuple[str | None, dict[str, str]]]:
    """Each way to ask: its role (None: no valid key) and its headers."""
    admin = keys["admin"]
    out: dict[str, tuple[str | None, dict[str, str]]] = {
        "no key": (None, {}),
        "malformed": (None, {"Authorization": "Bearer tw_nonsense"}),
        "basic": (None, {"Authorization": "Basic YWRtaW46YWRtaW4="}),
        "wrong secret": (
            None,
            {"X-API-Key": admin[:-4] + ("AAAA" if admin[-4:] != "AAAA" else "BBBB")},
        ),
        "unknown id": (None, {"X-API-Key": "tw_00000000_" + admin.split("_", 2)[2]}),
        "revoked admin": (None, {"Authorization": f"Bearer {keys['revoked admin']}"}),
    }
    for role in ROLES:
        out[role] = (role, {"Authorization": f"Bearer {keys[role]}"})
    return out


def _too_weak(role: str | None, needed: str) -> bool:
    return role is None or ROLES.index(role) < ROLES.index(needed)


def _snapshot(db: Path) -> tuple[object, ...]:
    with Store.open(db, read_only=True) as store:
        subscriptions = store.conn.execute(
            "SELECT count(*), count(revoked_at) FROM subscriptions"
        ).fetchall()
        keys = store.conn.execute("SELECT count(*), count(revoked_at) FROM api_keys").fetchall()
        return (store.state_token(), subscriptions, keys)


def _send_weak(
    private: Private,
    operation: schemathesis.APIOperation,
    weak: dict[str, dict[str, str]],
    known: dict[str, str],
) -> list[tuple[str, int, str]]:
    """Generated requests of ``operation``, each sent with every credential of ``weak``:
    (credential, status, the answer's start) for each."""
    outcomes: list[tuple[str, int, str]] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE),
        real_ids=st.booleans(),
    )
    def run(case: schemathesis.Case, real_ids: bool) -> None:
        if real_ids and case.path_parameters:
            for param in case.path_parameters:
                case.path_parameters[param] = known.get(param, "h:001")
        for credential, headers in weak.items():
            response = case.call(base_url=private.url, headers=headers, timeout=scaled(60))
            outcomes.append((credential, response.status_code, response.text[:200]))

    run()
    return outcomes


def test_no_request_succeeds_without_the_role_it_needs(private: Private) -> None:
    schema = schemathesis.openapi.from_url(f"{private.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    names = {f"{o.method.upper()} {o.path}" for o in operations}
    writes = {n for n in names if not n.startswith("GET ")}
    assert writes <= set(NEEDS), f"say which role these need: {sorted(writes - set(NEEDS))}"
    assert set(NEEDS) <= names, f"no longer in the API: {sorted(set(NEEDS) - names)}"
    credentials = _credentials(private.keys)
    before = _snapshot(private.db)
    bypasses: list[str] = []
    errors: list[str] = []
    refused: dict[str, set[int]] = {}
    known = {
        "agreement_id": "aleppo-calm-2016-05",
        "subscription_id": private.subscription,
        "event_id": "h:001",
        "adapter": "ucdp-ged",
    }
    for operation in operations:
        name = f"{operation.method.upper()} {operation.path}"
        if name in OPEN:
            continue
        needed = NEEDS.get(name, "reader")
        weak = {k: h for k, (role, h) in credentials.items() if _too_weak(role, needed)}
        outcomes = _send_weak(private, operation, weak, known)
        refused[name] = {status for _, status, _ in outcomes}
        for credential, status, text in outcomes:
            if status < 300:
                bypasses.append(f"{name} with {credential}: {status} {text}")
            elif status >= 500:
                errors.append(f"{name} with {credential}: {status} {text}")
    assert not bypasses, "\n".join(bypasses)
    assert not errors, "\n".join(errors)
    assert _snapshot(private.db) == before, "a refused request changed the store"
    # the refusals were the key's, not only the request's shape
    for name, statuses in refused.items():
        assert statuses & {401, 403}, f"{name} was never refused for its key: {statuses}"


def test_the_right_role_gets_through_where_a_weaker_one_does_not(private: Private) -> None:
    """The test above is not vacuous: the same server lets the right keys in."""
    keys = private.keys
    with httpx.Client(base_url=private.url, timeout=scaled(60)) as client:

        def status(method: str, path: str, role: str | None, **kw: object) -> int:
            headers = {"Authorization": f"Bearer {keys[role]}"} if role else {}
            return client.request(method, path, headers=headers, **kw).status_code  # type: ignore[arg-type]

        assert status("GET", "/events", None) == 401
        assert status("GET", "/events", "reader") == 200
        assert status("POST", "/verdicts/refresh", "reader") == 403
        assert status("POST", "/verdicts/refresh", "analyst") == 200
        assert status("GET", "/alerts", "analyst") == 403
        assert status("GET", "/alerts", "admin") == 200
        assert status("PUT", "/settings", "analyst", json={"min_share_inside": 0.5}) == 403
        assert status("PUT", "/settings", "admin", json={"min_share_inside": 0.5}) == 200
