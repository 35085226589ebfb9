"""GET /alerts: the alert outbox through the API (admin only, read-only, as `alerts list`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from live_server import create_keys, running
from trucewatch.publish.alerts import run_alerts, subscribe
from trucewatch.serve.api import create_app
from trucewatch.store import Store
from trucewatch.store.outbox import outbox_rows

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FIELDS = {
    "delivery_id",
    "subscription_id",
    "event_id",
    "agreement_id",
    "verdict",
    "status",
    "attempts",
    "next_attempt_at",
    "last_error",
    "sent_at",
}


def _webhook(store: Store, receiver, agreement_id: str) -> str:
    sub = subscribe(
        store,
        name=agreement_id,
        channel="webhook",
        target=receiver.url,
        agreement_ids=[agreement_id],
        include_existing=True,
    )
    return sub.subscription_id


@contextmanager
def _admin_client(db: Path) -> Iterator[httpx.Client]:
    """A client of a real server over ``db`` sending an admin key."""
    with Store.open(db) as store:
        key = create_keys(store, ("admin",))["admin"]
    with (
        running(create_app(db)) as url,
        httpx.Client(base_url=url, headers={"authorization": f"Bearer {key}"}) as client,
    ):
        yield client


def _get(client: httpx.Client, **params: Any) -> dict[str, Any]:
    response = client.get("/alerts", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_failed_and_pending_rows_show_with_the_error_then_sent_after_a_later_run(
    db: Path, receiver
) -> None:
    receiver.status = 500
    with Store.open(db) as store:
        sid = _webhook(store, receiver, "aleppo-calm-2016-05")
        run_alerts(store, now=NOW)
        expected = outbox_rows(store.conn)
    with _admin_client(db) as client:
        everything = _get(client)
        failed = _get(client, status="failed")
        pending = _get(client, status="pending")
    assert everything["total"] == len(expected) == len(everything["items"]) > 1
    assert [r["delivery_id"] for r in everything["items"]] == [r.delivery_id for r in expected]
    assert all(set(r) == FIELDS and r["subscription_id"] == sid for r in everything["items"])
    assert failed["total"] == 1  # one try per subscription per run; the rest wait
    (row,) = failed["items"]
    assert row["attempts"] == 1 and "answered 500" in row["last_error"]
    assert row["sent_at"] is None and row["agreement_id"] == "aleppo-calm-2016-05"
    assert datetime.fromisoformat(row["next_attempt_at"]) == NOW + timedelta(minutes=1)
    assert pending["total"] == len(expected) - 1
    assert all(r["attempts"] == 0 and r["last_error"] is None for r in pending["items"])

    receiver.status = 200
    with Store.open(db) as store:
        run_alerts(store, now=NOW + timedelta(minutes=2))
    with _admin_client(db) as client:
        sent = _get(client, status="sent")
        waiting = _get(client, status=["pending", "failed"])
    assert sent["total"] == len(expected) and waiting["total"] == 0
    assert all(r["last_error"] is None and r["sent_at"] is not None for r in sent["items"])


def test_subscription_status_and_paging_filter_like_alerts_list(db: Path, receiver) -> None:
    with Store.open(db) as store:
        first = _webhook(store, receiver, "aleppo-calm-2016-05")
        run_alerts(store, now=NOW)  # all sent
        second = _webhook(store, receiver, "syria-coh-2016")
        run_alerts(store, now=NOW, deliver=False)  # queued only: pending
        of_second = outbox_rows(store.conn, subscription_id=second)
        of_first = outbox_rows(store.conn, subscription_id=first)
    assert of_first and len(of_second) > 3
    with _admin_client(db) as client:
        by_sub = _get(client, subscription=second)
        both = _get(client, subscription=second, status="pending")
        none = _get(client, subscription=second, status="sent")
        sent = _get(client, status="sent")
        page = _get(client, subscription=second, limit=2, offset=1)
        nobody = client.get("/alerts", params={"subscription": first[:-1] + "x"})
    assert by_sub["total"] == both["total"] == len(of_second) and none["total"] == 0
    assert {r["subscription_id"] for r in sent["items"]} == {first}
    assert sent["total"] == len(of_first)
    assert (page["total"], page["limit"], page["offset"]) == (len(of_second), 2, 1)
    assert [r["delivery_id"] for r in page["items"]] == [r.delivery_id for r in of_second[1:3]]
    assert nobody.status_code == 404  # an unknown id is an error, never an empty page
    assert f"did you mean {first}?" in nobody.json()["error"]["message"]


@pytest.mark.parametrize(
    ("role", "status"), [(None, 401), ("reader", 403), ("analyst", 403), ("admin", 200)]
)
def test_alerts_need_an_admin_key(db: Path, role: str | None, status: int) -> None:
    with Store.open(db) as store:
        keys = create_keys(store)
    headers = {} if role is None else {"authorization": f"Bearer {keys[role]}"}
    with running(create_app(db)) as url:
        response = httpx.get(f"{url}/alerts", headers=headers)
    assert response.status_code == status, response.text
    if status != 200:
        assert set(response.json()) == {"error"}
        assert response.json()["error"]["code"] == {401: "unauthorized", 403: "forbidden"}[status]


@pytest.mark.parametrize(
    "params",
    [{"status": "lost"}, {"status": ["sent", "bounced"]}, {"limit": 0}, {"offset": -1}],
)
def test_a_bad_filter_is_422_in_the_error_shape(db: Path, params: dict[str, Any]) -> None:
    with _admin_client(db) as client:
        response = client.get("/alerts", params=params)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid" and next(iter(params)) in error["message"]


def test_alerts_is_in_the_openapi_spec_with_its_response_model(db: Path) -> None:
    with running(create_app(db)) as url:
        spec = httpx.get(f"{url}/openapi.json").json()
    operation = spec["paths"]["/alerts"]["get"]
    assert "Admin" in operation["description"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/OutboxPage")
    row = spec["components"]["schemas"]["OutboxRowOut"]
    assert set(row["properties"]) == FIELDS
    status = next(p for p in operation["parameters"] if p["name"] == "status")
    assert "dead" in str(status["schema"])


def test_an_answer_of_the_target_is_never_shown(db: Path, receiver) -> None:
    receiver.status = 503
    receiver.answer = b"<html>internal admin console, token=abc123</html>"
    with Store.open(db) as store:
        _webhook(store, receiver, "aleppo-calm-2016-05")
        run_alerts(store, now=NOW)
    with _admin_client(db) as client:
        page = client.get("/alerts", params={"status": "failed"})
    assert page.status_code == 200
    (row,) = page.json()["items"]
    assert row["last_error"] == f"webhook 127.0.0.1:{receiver.port} answered 503, not 2xx"
    assert "token" not in page.text and "console" not in page.text
