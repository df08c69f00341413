"""Tests for conflictcoder.api.routes.places."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_places_leave_out_events_without_coordinates(client: TestClient) -> None:
    places = client.get("/api/places").json()
    assert sorted(p["location"] for p in places) == ["Ariha", "Kafr Nabl", "Kafr Zita", "Marib"]
    nabl = next(p for p in places if p["location"] == "Kafr Nabl")
    assert (nabl["latitude"], nabl["longitude"]) == (35.586, 36.561)
    assert (nabl["events"], nabl["fatalities"]) == (1, 3)
    assert len(nabl["event_ids"]) == 1


def test_places_take_the_event_filters(client: TestClient) -> None:
    places = client.get("/api/places", params={"admin1": "Idleb"}).json()
    assert sorted(p["location"] for p in places) == ["Ariha", "Kafr Nabl"]
    bad = client.get("/api/places", params={"bbox": "1"})
    assert bad.status_code == 422
