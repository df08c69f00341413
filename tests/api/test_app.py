"""Tests for conflictcoder.api.app: the wiring and what OpenAPI documents."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def spec(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    spec: dict[str, Any] = response.json()
    return spec


def test_every_resource_has_its_routes(spec: dict[str, Any]) -> None:
    assert {
        "/api/events",
        "/api/events/export",
        "/api/events/timeline",
        "/api/events/{event_id}",
        "/api/events/{event_id}/history",
        "/api/events/{event_id}/sources",
        "/api/places",
        "/api/articles",
        "/api/articles/{doc_id}",
        "/api/dashboard",
    } <= set(spec["paths"])
    assert set(spec["paths"]["/api/events/{event_id}"]) == {"get", "patch", "delete"}
    assert set(spec["paths"]["/api/articles"]) == {"get", "post"}


def test_the_event_schema_is_documented(spec: dict[str, Any]) -> None:
    event = spec["components"]["schemas"]["EventModel"]["properties"]
    assert event["fatalities"]["description"] == "ACLED's most conservative reported death toll."
    assert event["geo_precision"]["description"].startswith("1 town")
    assert all("description" in prop for prop in event.values())


def test_errors_are_documented(spec: dict[str, Any]) -> None:
    detail = spec["paths"]["/api/events/{event_id}"]["get"]["responses"]
    assert detail["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorModel"
    }
    patch = spec["paths"]["/api/events/{event_id}"]["patch"]
    assert {"401", "403", "404", "422"} <= set(patch["responses"])
    assert patch["security"] == [{"HTTPBearer": []}]
    post = spec["paths"]["/api/articles"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/json", "text/plain"}
    assert {"200", "201", "401", "403", "413", "415"} <= set(post["responses"])


def test_filters_are_documented(spec: dict[str, Any]) -> None:
    params = {p["name"]: p for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {
        "date_from",
        "date_to",
        "country",
        "admin1",
        "event_type",
        "sub_event_type",
        "actor",
        "bbox",
        "text",
        "min_fatalities",
        "review",
        "limit",
        "offset",
    } == set(params)
    assert params["date_from"]["schema"]["format"] == "date"
    assert params["min_fatalities"]["schema"]["type"] == "integer"


def test_docs_and_static_files_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    script = client.get("/static/app.js")
    assert script.status_code == 200
    assert "renderTimeline" in script.text


def test_docs_use_the_packaged_swagger_ui(client: TestClient) -> None:
    from conflictcoder.api.routes.docs import swagger_assets_installed

    assert swagger_assets_installed(), "run make web-assets"
    page = client.get("/docs")
    assert page.status_code == 200
    assert '"/static/vendor/swagger-ui-bundle.js"' in page.text
    assert "cdn.jsdelivr.net" not in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-favicon-32x32.png"):
        assert client.get(f"/static/vendor/{asset}").status_code == 200, asset
    assert client.get("/docs/oauth2-redirect").status_code == 200
    assert "/docs" not in client.get("/openapi.json").json()["paths"]
