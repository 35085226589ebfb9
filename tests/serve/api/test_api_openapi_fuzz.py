"""A property-based run over the OpenAPI spec with schemathesis against a real uvicorn.

Every operation of /openapi.json (writes included, with an analyst key) gets generated
requests, valid and invalid; every answer must not be a 5xx, must have a documented status and
content type, and must match its documented schema. The server runs on its own store (the
writes change it) with a write burst large enough that the rate limit does not hide routes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from live_server import day_event, fill_store, running
from machine import scaled
from trucewatch.agreements import example_paths
from trucewatch.model import Event
from trucewatch.serve.api import create_app
from trucewatch.store import Store

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
#: seconds a request may take before it counts as hung (schemathesis's default is a fixed 10 s,
#: which the report route's PDF can pass on a busy machine)
REQUEST_TIMEOUT = scaled(60)
#: generated requests per operation (the report is slow to build: fewer)
EXAMPLES = 25
SLOW_EXAMPLES = {"/agreements/{agreement_id}/report": 6}
ALEPPO = next(p for p in example_paths() if p.name.startswith("aleppo")).read_text()
GED = (
    Path(__file__).resolve().parents[2] / "fixtures" / "sources" / "ucdp_ged_good.csv"
).read_bytes()
#: the routes of this part of the API: each must answer 2xx to some generated request
OURS = {
    "GET /health",
    "GET /events",
    "GET /events/{event_id}",
    "GET /verdicts",
    "GET /agreements",
    "POST /agreements",
    "GET /agreements/{agreement_id}",
    "PUT /agreements/{agreement_id}",
    "POST /agreements/{agreement_id}/extensions",
    "GET /agreements/{agreement_id}/effect",
    "GET /agreements/{agreement_id}/report",
    "POST /ingest/{adapter}",
    "POST /verdicts/refresh",
    "GET /settings",
}
KNOWN_IDS = ["aleppo-calm-2016-05", "syria-coh-2016", "eastern-ghouta-2016-04", "fuzz:003"]


def _event(serial: int) -> Event:
    day = date(2016, 4, 1) + timedelta(days=3 * serial)
    return day_event("fuzz", f"{serial:03d}", day, 36.2, 37.16)


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """uvicorn on 127.0.0.1 over a store of its own; yields its URL and an analyst key."""
    path: Path = tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb"
    with Store.open(path) as store:
        fill_store(store, [_event(i) for i in range(20)], label="fuzz", adapter="fuzz.v1")
        key = store.create_api_key("analyst", "fuzz")[1]
    with running(create_app(path, write_rate=100.0, write_burst=100_000)) as url:
        yield url, key


def _with_known_ids(case: schemathesis.Case, known: str | None) -> schemathesis.Case:
    """Point half of the cases at ids that exist, so routes get past their 404."""
    if known is not None and case.path_parameters:
        for name in case.path_parameters:
            case.path_parameters[name] = known
    return case


def _valid_writes(operation: schemathesis.APIOperation) -> st.SearchStrategy:
    """Valid write bodies (random text rarely is an agreement), mixed with the generated ones."""
    name = f"{operation.method.upper()} {operation.path}"
    aleppo = {"agreement_id": "aleppo-calm-2016-05"}
    if name == "POST /agreements":
        copy = ALEPPO.replace("aleppo-calm-2016-05", "fuzz-copy", 1)
        return st.just(operation.Case(body={"text": copy}, media_type="application/json"))
    if name == "PUT /agreements/{agreement_id}":
        return st.builds(
            lambda n: operation.Case(
                path_parameters=aleppo,
                body={"text": ALEPPO + f"\n# revision {n}\n"},
                media_type="application/json",
            ),
            st.integers(0, 10**6),
        )
    if name == "POST /ingest/{adapter}":
        return st.builds(
            lambda n: operation.Case(
                path_parameters={"adapter": "ucdp-ged"},
                query={"filename": f"ged-{n}.csv"},
                body=GED + f"# copy {n}\n".encode(),
                media_type="application/octet-stream",
            ),
            st.integers(0, 10**6),
        )
    if name == "POST /agreements/{agreement_id}/extensions":
        return st.builds(
            lambda n, duration: operation.Case(
                path_parameters=aleppo,
                body={"id": f"ext-fuzz-{n}", "duration": duration},
                media_type="application/json",
            ),
            st.integers(0, 10**9),
            st.sampled_from(["1d", "24h", "90min", "PT6H"]),
        )
    return st.nothing()


def _first_cases(operation: schemathesis.APIOperation) -> list[schemathesis.Case]:
    """Valid requests sent once before the generated ones (with few examples, random dates
    and ids would rarely give the report route a 2xx)."""
    if operation.path == "/agreements/{agreement_id}/report":
        aleppo = {"agreement_id": "aleppo-calm-2016-05"}
        return [operation.Case(path_parameters=aleppo, query={"format": "html"})]
    return []


def test_no_generated_request_gets_a_500_or_breaks_the_schema(
    fuzz_server: tuple[str, str],
) -> None:
    url, key = fuzz_server
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    headers = {"Authorization": f"Bearer {key}"}
    failures: list[str] = []
    seen: dict[str, set[int]] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        name = f"{operation.method.upper()} {operation.path}"
        for first in _first_cases(operation):
            response = first.call_and_validate(
                base_url=url, headers=headers, checks=CHECKS, timeout=REQUEST_TIMEOUT
            )
            seen.setdefault(name, set()).add(response.status_code)
        generated = st.one_of(
            operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
        )
        cases = st.one_of(
            generated.map(lambda c: (c, True)), _valid_writes(operation).map(lambda c: (c, False))
        )
        known = st.one_of(st.none(), st.sampled_from(KNOWN_IDS))

        @settings(
            max_examples=SLOW_EXAMPLES.get(operation.path, EXAMPLES),
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases, known_id=known)
        def run(case: tuple[schemathesis.Case, bool], known_id: str | None) -> None:
            request, generated = case
            if generated:
                request = _with_known_ids(request, known_id)
            response = request.call_and_validate(
                base_url=url, headers=headers, checks=CHECKS, timeout=REQUEST_TIMEOUT
            )
            seen.setdefault(f"{request.method.upper()} {request.operation.path}", set()).add(
                response.status_code
            )

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then fail once
            failures.append(f"{name}: {exc}")
    assert not failures, "\n\n".join(failures)
    answered = {n for n, statuses in seen.items() if any(s < 300 for s in statuses)}
    assert answered >= OURS, f"some routes never answered 2xx: {seen}"
