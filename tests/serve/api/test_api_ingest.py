"""POST /ingest/{adapter} and POST /verdicts/refresh on a real uvicorn over a store of their own:
what `trucewatch ingest` and `trucewatch verdicts` do, through the API, with the one error
shape for every refusal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from live_server import create_keys, fill_store, handmade_event, running
from machine import scaled
from trucewatch.cli import app as cli
from trucewatch.serve.api import create_app
from trucewatch.store import Store

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
GOOD = (SOURCES / "ucdp_ged_good.csv").read_bytes()
BAD = (SOURCES / "ucdp_ged_bad.csv").read_bytes()
#: the largest upload of the test server, in bytes
LIMIT = 50_000


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, Path, dict]]:
    path = tmp_path_factory.mktemp("ingest") / "ingest.duckdb"
    with Store.open(path) as store:
        fill_store(store, [handmade_event(i) for i in range(5)], label="h", adapter="h.v1")
        keys = create_keys(store)
    app = create_app(path, write_rate=100.0, write_burst=1000, max_upload=LIMIT)
    with running(app) as url, httpx.Client(base_url=url, timeout=scaled(60)) as client:
        yield client, path, keys


def _auth(keys: dict, role: str = "analyst") -> dict[str, str]:
    return {"Authorization": f"Bearer {keys[role]}"}


def _events(client: httpx.Client, source: str) -> list[dict]:
    page = client.get("/events", params={"source": source, "limit": 1000})
    assert page.status_code == 200, page.text
    return page.json()["items"]


def test_ingest_upload_stores_the_file_once_and_reports_as_the_cli(served) -> None:
    client, _, keys = served
    first = client.post(
        "/ingest/ucdp-ged", params={"filename": "ged_good.csv"}, content=GOOD, headers=_auth(keys)
    )
    assert first.status_code == 201, first.text
    answer = first.json()
    assert answer["file"] == "upload:ged_good.csv"
    assert (answer["adapter"], answer["exit_code"], answer["bad"]) == ("ucdp_ged.v1", 0, 0)
    assert answer["stored"] == answer["rows"] > 0
    events = _events(client, "ucdp_ged")
    assert len(events) == answer["stored"]
    assert {e["prov_file"] for e in events} == {"upload:ged_good.csv"}
    again = client.post(
        "/ingest/ucdp-ged", params={"filename": "other.csv"}, content=GOOD, headers=_auth(keys)
    )
    assert again.status_code == 200, again.text
    assert again.json()["already_ingested"] is True
    assert again.json()["ingest_id"] == answer["ingest_id"]
    assert len(_events(client, "ucdp_ged")) == answer["stored"]


def test_ingest_upload_bad_rows_are_listed_kept_and_exit_code_1(served) -> None:
    client, path, keys = served
    reply = client.post(
        "/ingest/ucdp-ged", params={"filename": "ged_bad.csv"}, content=BAD, headers=_auth(keys)
    )
    assert reply.status_code == 201, reply.text
    answer = reply.json()
    assert answer["exit_code"] == 1 and answer["bad"] == len(answer["bad_rows"]) > 0
    assert {r["file"] for r in answer["bad_rows"]} == {"upload:ged_bad.csv"}
    assert all(r["line"] > 1 and r["reason"] for r in answer["bad_rows"])
    with Store.open(path, read_only=True) as store:
        kept = store.bad_rows(answer["ingest_id"])
    assert [(e.line, e.field) for e in kept] == [
        (r["line"], r["field"]) for r in answer["bad_rows"]
    ]


def test_ingest_upload_strict_with_a_bad_row_stores_nothing(served) -> None:
    client, path, keys = served
    bad = BAD.replace(b"\n", b"\r\n")  # other bytes than the ingest above, same rows
    with Store.open(path, read_only=True) as store:
        before = (store.count_events(), len(store.ingests()))
    reply = client.post(
        "/ingest/ucdp-ged",
        params={"filename": "strict.csv", "strict": "true"},
        content=bad,
        headers=_auth(keys),
    )
    assert reply.status_code == 422, reply.text
    error = reply.json()["error"]
    assert error["code"] == "bad_rows" and "nothing stored" in error["message"]
    assert error["details"] and error["details"][0]["file"] == "upload:strict.csv"
    with Store.open(path, read_only=True) as store:
        assert (store.count_events(), len(store.ingests())) == before


def test_ingest_upload_csv_takes_its_mapping_as_a_query_parameter(served) -> None:
    client, _, keys = served
    mapping = json.loads((SOURCES / "mycsv_mapping.json").read_text())
    reply = client.post(
        "/ingest/csv",
        params={
            "filename": "mycsv.csv",
            "source_name": "mycsv",
            "mapping": json.dumps(mapping, separators=(",", ":")),
        },
        content=(SOURCES / "mycsv.csv").read_bytes(),
        headers=_auth(keys),
    )
    assert reply.status_code == 201, reply.text
    assert reply.json()["stored"] == len(_events(client, "mycsv")) > 0


@pytest.mark.parametrize(
    ("role", "status"), [(None, 401), ("reader", 403), ("revoked-looking", 401)]
)
def test_ingest_and_refresh_need_an_analyst_key(served, role, status) -> None:
    client, _, keys = served
    headers = {}
    if role == "reader":
        headers = _auth(keys, "reader")
    elif role is not None:
        headers = {"Authorization": "Bearer tw_nothing_nothing"}
    for url, params in (("/ingest/ucdp-ged", {"filename": "x.csv"}), ("/verdicts/refresh", {})):
        reply = client.post(url, params=params, content=GOOD, headers=headers)
        assert reply.status_code == status, reply.text
        assert set(reply.json()) == {"error"}


@pytest.mark.parametrize(
    ("url", "params", "body", "status", "says"),
    [
        ("/ingest/ucdp", {"filename": "a.csv"}, GOOD, 404, "did you mean ucdp-ged"),
        ("/ingest/ucdp-ged", {"filename": "../a.csv"}, GOOD, 422, "no folders"),
        ("/ingest/ucdp-ged", {}, GOOD, 422, "filename"),
        ("/ingest/ucdp-ged", {"filename": "a.csv"}, b"", 422, "empty"),
        ("/ingest/ucdp-ged", {"filename": "a.csv"}, b"x" * (LIMIT + 1), 413, "at most"),
        ("/ingest/csv", {"filename": "a.csv"}, GOOD, 422, "needs the option 'mapping'"),
        ("/ingest/ucdp-ged", {"filename": "a.csv", "encoding": "klingon"}, GOOD, 422, "encoding"),
        ("/ingest/ucdp-ged", {"filename": "a.csv", "published": "2016-05-04"}, GOOD, 422, "news,"),
        ("/ingest/ucdp-ged", {"filename": "a.csv"}, b"no,columns\n1,2\n", 422, "column"),
        ("/ingest/ucdp-ged", {"filename": "a.csv"}, b"\x9b\xff\n1\n", 422, "\\udc9b"),
    ],
    ids=[
        "unknown-adapter",
        "folder-name",
        "no-filename",
        "empty",
        "too-large",
        "csv-no-mapping",
        "bad-encoding",
        "news-option",
        "not-ged",
        "undecodable-header",
    ],
)
def test_ingest_refusals_have_the_one_error_shape(served, url, params, body, status, says):
    client, path, keys = served
    with Store.open(path, read_only=True) as store:
        before = len(store.ingests())
    reply = client.post(url, params=params, content=body, headers=_auth(keys))
    assert reply.status_code == status, reply.text
    assert set(reply.json()) == {"error"}
    assert says in reply.json()["error"]["message"]
    with Store.open(path, read_only=True) as store:
        assert len(store.ingests()) == before


@pytest.mark.parametrize(
    ("source", "options", "query", "says"),
    [
        ("acled", ["--split-incidents"], {"split_incidents": "true"}, "takes no option"),
        ("ucdp-ged", ["--published", "2016-05-04"], {"published": "2016-05-04"}, "news"),
        ("gdelt", ["--source-name", "mine"], {"source_name": "mine"}, "csv"),
        ("csv", [], {}, "needs the option 'mapping'"),
        ("acled", ["--encoding", "klingon"], {"encoding": "klingon"}, "cp1256"),
        ("ucdp", [], {}, "did you mean ucdp-ged?"),
        ("ucdp-ged", ["--country", "YE"], {"country": "YE"}, "news"),
    ],
    ids=[
        "undeclared",
        "news-only",
        "csv-only",
        "required",
        "encoding",
        "unknown-source",
        "news-country",
    ],
)
def test_the_cli_and_the_api_refuse_a_sources_options_in_the_same_words(
    served, tmp_path, source, options, query, says
) -> None:
    """One check (``trucewatch.jobs.source_adapter``) for both faces: the same message."""
    client, _, keys = served
    path = tmp_path / "a.csv"
    path.write_bytes(GOOD)
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(cli, ["ingest", source, str(path), *options, "--db", str(db)])
    assert result.exit_code == 2, result.output
    reply = client.post(
        f"/ingest/{source}",
        params={"filename": "a.csv", **query},
        content=GOOD,
        headers=_auth(keys),
    )
    assert reply.status_code in (404, 422), reply.text
    message = reply.json()["error"]["message"]
    assert says in message
    assert result.output.strip() == f"error: {message}"
    assert not db.exists()


def test_ingest_news_of_another_country_takes_its_country_as_the_cli_does(served) -> None:
    client, _, keys = served
    article = {
        "id": "api-ye",
        "text": "Houthi rebels shelled residential areas of Taiz on Tuesday, killing three "
        "civilians, a local health official said.",
        "published": "2018-12-22T12:00:00+03:00",
    }
    reply = client.post(
        "/ingest/news",
        params={"filename": "ye.jsonl", "country": "YE"},
        content=json.dumps(article).encode() + b"\n",
        headers=_auth(keys),
    )
    assert reply.status_code == 201, reply.text
    (event,) = [e for e in _events(client, "news") if e["article"] == "api-ye"]
    assert (event["place"], event["admin1"], event["country"]) == ("Taiz", "Taiz", "Yemen")
    assert event["side_a"] == "Ansar Allah"


def test_ingest_refusal_of_a_wrong_file_names_the_upload_not_the_servers_temporary_path(
    served,
) -> None:
    client, _, keys = served
    reply = client.post(
        "/ingest/gdelt", params={"filename": "ged_good.csv"}, content=GOOD, headers=_auth(keys)
    )
    assert reply.status_code == 422, reply.text
    message = reply.json()["error"]["message"]
    assert message.startswith("upload:ged_good.csv: not a GDELT 2.0 event export"), message
    assert "trucewatch-upload-" not in message


def test_refresh_judges_the_new_events_and_then_has_nothing_to_do(served) -> None:
    client, _, keys = served
    fresh = GOOD.replace(b"\n9000", b"\n9100")  # the same rows as new events
    stored = client.post(
        "/ingest/ucdp-ged",
        params={"filename": "fresh.csv", "refresh": "false"},  # left to POST /verdicts/refresh
        content=fresh,
        headers=_auth(keys),
    )
    assert stored.status_code == 201 and stored.json()["refresh"] is None
    new_ids = {e["event_id"] for e in _events(client, "ucdp_ged") if ":9100" in e["event_id"]}
    assert new_ids and stored.json()["stored"] > 0
    first = client.post("/verdicts/refresh", headers=_auth(keys))
    assert first.status_code == 200, first.text
    done = first.json()
    assert done["windows_total"] > 0 and done["events"] == stored.json()["stored"]
    judged = client.get("/verdicts", params={"limit": 1000}).json()["items"]
    assert {v["event_id"] for v in judged} & new_ids
    second = client.post("/verdicts/refresh", headers=_auth(keys)).json()
    assert (second["windows_rejudged"], second["verdicts_written"]) == (0, 0)
    assert second["windows_kept"] == done["windows_total"]
