"""Tests for conflictcoder.api.routes.sources."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_sources_of_an_event(client: TestClient, ids: dict[str, str]) -> None:
    (source,) = client.get(f"/api/events/{ids['Marib']}/sources").json()
    assert source["doc_id"] == "yemen-1"
    assert source["source"] == "Other Daily"
    assert source["published"] == "2020-03-11"
    assert source["title"] is None


def test_sources_of_unknown_event(client: TestClient) -> None:
    response = client.get("/api/events/cc-nope/sources")
    assert response.status_code == 404
    assert response.json() == {"detail": "event 'cc-nope' not found"}
