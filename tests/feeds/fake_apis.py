"""Fake UCDP and ACLED APIs on 127.0.0.1 (FastAPI apps served by a real uvicorn: ``running``
of tests/live_server.py), shaped like the real answers, from small hand-written fixtures.

Each fake keeps what it was asked (``requests``) and can be told to misbehave for the next
requests (``faults``: ``"500"``, ``"429"``, ``"429-date"``, ``"truncated"``, ``"cut"``), to
forbid (403, an account's tier) or, for ACLED, to let every access token expire, to refuse
refresh tokens, and to edit or delete an event between two pulls.

UCDP: ``GET /api/gedevents/<release>?pagesize=&page=`` (pages from 0, ``Country``,
``StartDate``), token in ``x-ucdp-access-token``; the answer ``{TotalCount, TotalPages,
PreviousPageUrl, NextPageUrl, Result}`` (https://ucdp.uu.se/apidocs; an example answer of
release 25.1 is at https://apis.io/examples/uppsala/uppsala-gedevents-example/).
ACLED: ``POST /oauth/token`` (password and refresh_token grants, client_id ``acled``),
``GET /api/acled/read?_format=json`` and ``GET /api/deleted/read`` with
``Authorization: Bearer``; answers ``{status, success, count, data}``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from ucdp_rows import UCDP_HEADER, ucdp_row

UCDP_TOKEN = "ucdp-token-SECRET-4d2f"
ACLED_USER = "monitor@example.org"
ACLED_PASSWORD = "acled-password-SECRET-9c1e"

_INTS = {
    "id", "year", "type_of_violence", "conflict_new_id", "dyad_new_id", "side_a_new_id",
    "side_b_new_id", "number_of_sources", "where_prec", "priogrid_gid", "country_id",
    "event_clarity", "date_prec", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "low", "best", "high",
}  # fmt: skip


def ged_record(event_id: int, lat: str, day: str, side_b: str = "Syrian insurgents") -> dict:
    """A GED event as the API gives it: the hand-written row of tests/ucdp_rows.py, numbers as
    numbers, ``active_year`` a boolean, days at midnight (``2016-02-20T00:00:00``), plus
    fields of later releases (``relid``, ``code_status``, ``where_description``)."""
    names = UCDP_HEADER.split(",")
    values = ucdp_row(event_id, lat, day, side_b).split(",")
    assert len(names) == len(values)
    record: dict[str, Any] = {}
    for name, value in zip(names, values, strict=True):
        if name in _INTS:
            record[name] = int(value)
        elif name in ("latitude", "longitude"):
            record[name] = float(value)
        elif name == "active_year":
            record[name] = value == "1"
        elif name in ("date_start", "date_end"):
            record[name] = f"{value}T00:00:00"
        else:
            record[name] = value or None
    record["relid"] = f"SYR-2016-1-299-{event_id}"
    record["code_status"] = "Clear"
    record["where_description"] = "Aleppo city"
    return record


def acled_record(
    number: int, day: str, timestamp: int, *, fatalities: int = 1, country: str = "Syria"
) -> dict:
    """An ACLED event as the API's JSON gives it (strings, as ACLED sends them)."""
    return {
        "event_id_cnty": f"SYR{number}",
        "event_date": day,
        "year": day[:4],
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Military Forces of Syria (2000-2024)",
        "assoc_actor_1": "",
        "inter1": "State forces",
        "actor2": "HTS: Hayat Tahrir al Sham",
        "assoc_actor_2": "",
        "inter2": "Rebel group",
        "interaction": "State forces-Rebel group",
        "civilian_targeting": "",
        "iso": "760",
        "region": "Middle East",
        "country": country,
        "admin1": "Idleb",
        "admin2": "Ariha",
        "admin3": "Ariha",
        "location": "Ariha",
        "latitude": "35.8131",
        "longitude": "36.6078",
        "geo_precision": "1",
        "source": "SOHR",
        "source_scale": "National",
        "notes": f"On {day}, regime forces shelled positions near Ariha (event {number}).",
        "fatalities": str(fatalities),
        "tags": "",
        "timestamp": str(timestamp),
    }


@dataclass
class Faults:
    """What the next requests get instead of an answer, in order (then answers again)."""

    queue: list[str] = field(default_factory=list)
    retry_after: int = 120

    def take(self) -> str | None:
        return self.queue.pop(0) if self.queue else None


def _fault(kind: str, body: bytes, retry_after: int) -> Response | None:
    if kind == "500":
        return JSONResponse({"error": "internal"}, status_code=500)
    if kind == "429":
        return Response(status_code=429, headers={"Retry-After": str(retry_after)})
    if kind == "429-date":
        when = datetime.now().astimezone() + timedelta(seconds=retry_after)
        return Response(status_code=429, headers={"Retry-After": format_datetime(when, True)})
    if kind == "truncated":  # half of the JSON, as a complete HTTP answer
        return Response(body[: len(body) // 2], media_type="application/json")
    if kind == "cut":  # the connection closes before the declared length
        half = body[: len(body) // 2]

        async def chunks() -> Any:
            yield half

        return StreamingResponse(
            chunks(), media_type="application/json", headers={"Content-Length": str(len(body))}
        )
    if kind == "huge":
        return Response(b"[" + b"0," * 400_000 + b"0]", media_type="application/json")
    return None


class FakeUcdp:
    """The UCDP API: ``releases`` maps a release ("25.1") to its events."""

    def __init__(self, releases: dict[str, list[dict]], *, token: str = UCDP_TOKEN) -> None:
        self.releases = releases
        self.token = token
        self.forbidden: set[str] = set()
        self.faults = Faults()
        self.requests: list[dict[str, Any]] = []
        self.app = FastAPI()
        self.app.get("/api/gedevents/{release}")(self._events)

    async def _events(self, release: str, request: Request) -> Response:
        params = dict(request.query_params)
        self.requests.append({"release": release, **params})
        sent = request.headers.get("x-ucdp-access-token")
        if sent != self.token:
            return JSONResponse({"message": "Unauthorized"}, status_code=401)
        if release in self.forbidden:
            return JSONResponse({"message": "Forbidden"}, status_code=403)
        if release not in self.releases:
            return JSONResponse({"message": "Not found"}, status_code=404)
        rows = self.releases[release]
        if "Country" in params:
            codes = {int(c) for c in params["Country"].split(",")}
            rows = [r for r in rows if r["country_id"] in codes]
        if "StartDate" in params:
            rows = [r for r in rows if r["date_start"][:10] >= params["StartDate"]]
        size, page = min(int(params.get("pagesize", 100)), 1000), int(params.get("page", 0))
        pages = -(-len(rows) // size)
        base = f"{request.base_url}api/gedevents/{release}?pagesize={size}&page="
        body = json.dumps(
            {
                "TotalCount": len(rows),
                "TotalPages": pages,
                "PreviousPageUrl": base + str(page - 1) if page > 0 else "",
                "NextPageUrl": base + str(page + 1) if page + 1 < pages else "",
                "Result": rows[page * size : (page + 1) * size],
            }
        ).encode()
        fault = self.faults.take()
        answer = _fault(fault, body, self.faults.retry_after) if fault else None
        return answer or Response(body, media_type="application/json")


class FakeAcled:
    """ACLED's API: events (edited and deleted in place), deletions, OAuth tokens."""

    def __init__(
        self,
        events: list[dict],
        *,
        username: str = ACLED_USER,
        password: str = ACLED_PASSWORD,
        clock: Callable[[], int] | None = None,
    ) -> None:
        self.events = {e["event_id_cnty"]: dict(e) for e in events}
        self.deleted: list[dict[str, str]] = []
        self.username, self.password = username, password
        self.access: set[str] = set()
        self.refresh: set[str] = set()
        self.refuse_refresh = False
        self.forbidden = False
        self.faults = Faults()
        self.requests: list[dict[str, Any]] = []
        self.grants: list[str] = []
        self.clock = clock or (lambda: 1_800_000_000)
        self._numbers = itertools.count(1)
        self.app = FastAPI()
        self.app.post("/oauth/token")(self._token)
        self.app.get("/api/acled/read")(self._read)
        self.app.get("/api/deleted/read")(self._deleted)

    # -- what the tests change between pulls --------------------------------------------

    def expire_tokens(self) -> None:
        """Every access token issued so far is refused from now on (401)."""
        self.access.clear()

    def edit(self, event_id: str, at: int, **fields: str) -> None:
        self.events[event_id].update(fields, timestamp=str(at))

    def add(self, event: dict) -> None:
        self.events[event["event_id_cnty"]] = dict(event)

    def delete(self, event_id: str, at: int) -> None:
        del self.events[event_id]
        self.deleted.append({"event_id_cnty": event_id, "deleted_timestamp": str(at)})

    # -- the API ------------------------------------------------------------------------

    async def _token(self, request: Request) -> Response:
        form = dict(parse_qsl((await request.body()).decode()))
        grant = str(form.get("grant_type"))
        self.grants.append(grant)
        if form.get("client_id") != "acled":
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        if grant == "password":
            if form.get("username") != self.username or form.get("password") != self.password:
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
        elif grant == "refresh_token":
            if self.refuse_refresh or form.get("refresh_token") not in self.refresh:
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            self.refresh.discard(str(form.get("refresh_token")))
        else:
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        number = next(self._numbers)
        access, refresh = f"access-SECRET-{number}", f"refresh-SECRET-{number}"
        self.access.add(access)
        self.refresh.add(refresh)
        return JSONResponse(
            {
                "token_type": "Bearer",
                "expires_in": 86400,
                "access_token": access,
                "refresh_token": refresh,
            }
        )

    def _refused(self, request: Request) -> Response | None:
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.access:
            return JSONResponse({"message": "Unauthorized"}, status_code=401)
        if self.forbidden:
            return JSONResponse({"message": "Access level"}, status_code=403)
        return None

    def _page(self, rows: list[dict], params: dict[str, str]) -> Response:
        limit, page = int(params.get("limit", 5000)), int(params.get("page", 1))
        chunk = rows[(page - 1) * limit : page * limit]
        body = json.dumps(
            {"status": 200, "success": True, "count": len(chunk), "data": chunk}
        ).encode()
        fault = self.faults.take()
        answer = _fault(fault, body, self.faults.retry_after) if fault else None
        return answer or Response(body, media_type="application/json")

    async def _read(self, request: Request) -> Response:
        params = dict(request.query_params)
        self.requests.append({"path": "read", **params})
        refused = self._refused(request)
        if refused is not None:
            return refused
        rows = sorted(
            self.events.values(), key=lambda e: (int(float(e["timestamp"])), e["event_id_cnty"])
        )
        if "country" in params:
            rows = [r for r in rows if r["country"] == params["country"]]
        if "timestamp" in params:
            since = int(params["timestamp"])
            assert params.get("timestamp_where") == ">="
            rows = [r for r in rows if int(float(r["timestamp"])) >= since]
        if "event_date" in params:
            assert params.get("event_date_where") == ">="
            rows = [r for r in rows if r["event_date"] >= params["event_date"]]
        return self._page(rows, params)

    async def _deleted(self, request: Request) -> Response:
        params = dict(request.query_params)
        self.requests.append({"path": "deleted", **params})
        refused = self._refused(request)
        if refused is not None:
            return refused
        since = int(params.get("timestamp", 0))
        rows = [d for d in self.deleted if int(d["deleted_timestamp"]) >= since]
        return self._page(rows, params)


def day(offset: int, start: date = date(2020, 5, 1)) -> str:
    return (start + timedelta(days=offset)).isoformat()
