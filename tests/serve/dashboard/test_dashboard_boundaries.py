"""The admin boundaries base layer: GET /map/boundaries over HTTP on 127.0.0.1, and the page
drawing it in Debian's headless Chromium (those need ``chromium``: tests/machine.py).

The store is the dashboard fixture store plus two hand-drawn layers of
tests/fixtures/dashboard/: three governorate rectangles (level 1: Aleppo, Idleb, Hama; Aleppo's
south edge has one vertex 0.002 degrees off the line) and one district (level 2: Jebel Saman).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from dashboard_fixture import FIXTURES, KINDS, Served, build_store, serving

from machine import scaled_ms
from trucewatch.catalog import load_boundary_file
from trucewatch.store import Store

GOVERNORATES = {"SY02": "Aleppo", "SY05": "Hama", "SY07": "Idleb"}


@pytest.fixture(scope="module")
def bounded_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The dashboard fixture store with the governorate and district layers loaded."""
    path = tmp_path_factory.mktemp("boundaries") / "boundaries.duckdb"
    key = build_store(path)
    with Store.open(path) as store:
        assert load_boundary_file(store, FIXTURES / "governorates.geojson") == ("governorates", 3)
        assert load_boundary_file(store, FIXTURES / "districts.geojson") == ("districts", 1)
    return path, key


@pytest.fixture(scope="module")
def bounded(bounded_store: tuple[Path, str]) -> Iterator[Served]:
    with serving(*bounded_store) as running:
        yield running


@pytest.fixture(scope="module")
def bclient(bounded: Served) -> Iterator[httpx.Client]:
    with bounded.client() as c:
        yield c


def _ring(body: dict[str, Any], code: str) -> list[list[float]]:
    (feature,) = [f for f in body["features"] if f["properties"]["code"] == code]
    assert feature["geometry"]["type"] == "Polygon"
    return list(feature["geometry"]["coordinates"][0])


def test_boundaries_default_to_the_coarsest_stored_level(bclient: httpx.Client) -> None:
    body = bclient.get("/map/boundaries").json()
    assert body["type"] == "FeatureCollection"
    assert body["level"] == 1 and body["levels"] == [1, 2]
    names = {f["properties"]["code"]: f["properties"]["name"] for f in body["features"]}
    assert names == GOVERNORATES
    assert all(f["properties"]["layer"] == "governorates" for f in body["features"])


def test_boundaries_of_a_finer_level_on_request(bclient: httpx.Client) -> None:
    body = bclient.get("/map/boundaries", params={"level": 2}).json()
    assert body["level"] == 2
    assert [f["properties"] for f in body["features"]] == [
        {"code": "SY0200", "name": "Jebel Saman", "layer": "districts", "level": 2}
    ]


@pytest.mark.parametrize(("simplify", "vertices"), [(None, 5), (0.005, 5), (0.001, 6), (0, 6)])
def test_boundaries_simplify_drops_vertices_closer_than_the_tolerance(
    bclient: httpx.Client, simplify: float | None, vertices: int
) -> None:
    params = {} if simplify is None else {"simplify": simplify}
    ring = _ring(bclient.get("/map/boundaries", params=params).json(), "SY02")
    assert len(ring) == vertices and ring[0] == ring[-1]
    assert ([37.6, 35.902] in ring) == (vertices == 6)


def test_unknown_level_is_a_404_that_names_the_stored_levels(bclient: httpx.Client) -> None:
    answer = bclient.get("/map/boundaries", params={"level": 3})
    assert answer.status_code == 404
    error = answer.json()["error"]
    assert error["code"] == "not_found"
    assert "admin level 3" in error["message"] and "stored levels: 1, 2" in error["message"]


@pytest.mark.parametrize("params", [{"level": 4}, {"level": "one"}, {"simplify": 0.5}])
def test_out_of_range_parameters_are_a_422(bclient: httpx.Client, params: dict[str, Any]) -> None:
    answer = bclient.get("/map/boundaries", params=params)
    assert answer.status_code == 422 and "error" in answer.json()


def test_store_without_boundaries_answers_an_empty_collection(client: httpx.Client) -> None:
    body = client.get("/map/boundaries").json()
    assert body == {"type": "FeatureCollection", "features": [], "level": None, "levels": []}
    answer = client.get("/map/boundaries", params={"level": 1})
    assert answer.status_code == 404
    assert "trucewatch boundaries load" in answer.json()["error"]["message"]


def test_boundaries_follow_the_read_rules_of_a_private_server(
    bounded_store: tuple[Path, str],
) -> None:
    with serving(*bounded_store, public_read=False) as private, private.client() as c:
        assert c.get("/map/boundaries").status_code == 401
        auth = {"Authorization": f"Bearer {private.reader_key}"}
        assert len(c.get("/map/boundaries", headers=auth).json()["features"]) == 3


def test_boundaries_endpoint_is_in_the_openapi_document(bclient: httpx.Client) -> None:
    spec = bclient.get("/openapi.json").json()
    get = spec["paths"]["/map/boundaries"]["get"]
    assert get["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/BoundaryCollection"
    }
    assert "404" in get["responses"]


# -- in the browser ---------------------------------------------------------------------------


def _open(browser: Any, url: str, query: str = "") -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    page.goto(f"{url}/?{query}")
    page.wait_for_selector("body[data-state=ready]", timeout=scaled_ms(15_000))
    return context, page, errors


def test_page_draws_the_boundaries_under_unchanged_markers(
    browser: Any, bounded: Served, tmp_path: Path
) -> None:
    context, page, errors = _open(browser, bounded.url)
    try:
        assert page.get_attribute("#map", "data-boundaries") == "3"
        assert page.locator("path.tw-boundary").count() == 3
        assert page.locator("path.tw-marker").count() == len(KINDS) == 10
        assert page.locator("path.tw-kind-violation").count() == 4
        assert page.get_attribute("#status", "data-count") == "10"
        assert page.locator("path.tw-scope").count() == 1
        # drawn first: the outlines come before the scope and the markers in the SVG
        order = page.eval_on_selector_all(
            "#map .leaflet-overlay-pane svg path",
            "ps => ps.map(p => p.getAttribute('class') || '')",
        )
        kinds = [
            "boundary" if "tw-boundary" in c else "scope" if "tw-scope" in c else "marker"
            for c in order
        ]
        assert kinds == ["boundary"] * 3 + ["scope"] + ["marker"] * 10
        assert page.locator("#error").is_hidden()
        shot = tmp_path / "dashboard-boundaries.png"
        page.screenshot(path=str(shot))
        print(f"screenshot: {shot}")
    finally:
        context.close()
    assert not errors, errors


def test_page_without_stored_boundaries_draws_none(browser: Any, served: Served) -> None:
    context, page, errors = _open(browser, served.url)
    try:
        assert page.get_attribute("#map", "data-boundaries") == "0"
        assert page.locator("path.tw-boundary").count() == 0
        assert page.locator("path.tw-marker").count() == 10
    finally:
        context.close()
    assert not errors, errors


def test_hovering_a_boundary_outline_names_the_unit(browser: Any, bounded: Served) -> None:
    # zoomed out enough to see the three rectangles (the default view fits the scope)
    context, page, errors = _open(browser, bounded.url, "view=35.6,37.2,8")
    try:
        outlines = page.locator("path.tw-boundary")
        boxes = [outlines.nth(i).bounding_box() for i in range(outlines.count())]
        left = min(boxes, key=lambda b: b["x"])  # Idleb, the westernmost
        page.mouse.move(left["x"] + 0.2, left["y"] + left["height"] / 2)
        tooltip = page.locator(".leaflet-tooltip")
        tooltip.wait_for(timeout=scaled_ms(5_000))
        assert tooltip.inner_text() == "Idleb"
    finally:
        context.close()
    assert not errors, errors
