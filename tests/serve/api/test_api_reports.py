"""GET /agreements/{id}/report: the report as HTML or PDF, built without writing the store."""

from __future__ import annotations

import httpx
import pytest


def _table_counts(client: httpx.Client) -> tuple[int, int, list]:
    verdicts = client.get("/verdicts", params={"limit": 1}).json()["total"]
    events = client.get("/events", params={"limit": 1}).json()["total"]
    versions = sorted((a["id"], a["version"]) for a in client.get("/agreements").json())
    return verdicts, events, versions


def test_html_report_names_the_agreement_and_the_day(client: httpx.Client) -> None:
    before = _table_counts(client)
    response = client.get("/agreements/aleppo-calm-2016-05/report", params={"date": "2016-05-08"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "Regime of calm in Aleppo" in response.text and "2016-05-08" in response.text
    assert _table_counts(client) == before


def test_pdf_report_is_a_pdf(client: httpx.Client) -> None:
    response = client.get(
        "/agreements/aleppo-calm-2016-05/report", params={"format": "pdf", "date": "2016-05-08"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        'filename="aleppo-calm-2016-05-2016-05-08.pdf"' in response.headers["content-disposition"]
    )


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/agreements/nope/report", {}, 404),
        ("/agreements/aleppo-calm-2016-05/report", {"format": "docx"}, 422),
        ("/agreements/aleppo-calm-2016-05/report", {"date": "2016-13-01"}, 422),
        ("/agreements/aleppo-calm-2016-05/report", {"date": "0001-01-01"}, 422),
        ("/agreements/aleppo-calm-2016-05/report", {"date": "9999-12-31"}, 422),
    ],
)
def test_bad_report_requests_get_the_error_shape(
    client: httpx.Client, path: str, params: dict, status: int
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    assert set(response.json()["error"]) == {"code", "message", "details"}


def test_report_route_never_writes_the_store(client: httpx.Client) -> None:
    client.get("/agreements/eastern-ghouta-2016-04/report").raise_for_status()
    # the server holds the only connection; its view of the tables must be unchanged
    access_counts = _table_counts(client)
    client.get("/agreements/eastern-ghouta-2016-04/report").raise_for_status()
    assert _table_counts(client) == access_counts
