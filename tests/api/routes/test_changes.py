"""A partner who pulls /api/changes after every round of edits ends with the server's data."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from ..conftest import AUTH


def _pull(client: TestClient, mirror: dict[str, dict[str, Any]], cursor: int) -> int:
    """Apply every page of changes after ``cursor`` to ``mirror``; the new cursor."""
    while True:
        page = client.get("/api/changes", params={"after": cursor, "limit": 2}).json()
        for event in page["events"]:
            mirror[event["event_id"]] = event
        for removed in page["removed"]:
            mirror.pop(removed["event_id"], None)
        cursor = page["cursor"]
        if page["complete"]:
            return cursor


def _server(client: TestClient) -> dict[str, dict[str, Any]]:
    items = client.get("/api/events", params={"limit": 1000}).json()["items"]
    return {item["event_id"]: item for item in items}


def test_a_partner_pulling_every_hour_holds_exactly_the_servers_dataset(
    client: TestClient, ids: dict[str, str]
) -> None:
    mirror: dict[str, dict[str, Any]] = {}
    cursor = _pull(client, mirror, 0)  # the first pull: everything
    assert mirror == _server(client)
    hours = [
        lambda: client.patch(
            f"/api/events/{ids['Ariha']}", json={"fields": {"fatalities": 6}}, headers=AUTH
        ),
        lambda: client.delete(f"/api/events/{ids['Marib']}?reason=duplicate", headers=AUTH),
        lambda: client.post(
            f"/api/review/{ids['Taiz']}/reject", json={"reason": "no protest"}, headers=AUTH
        ),
        lambda: client.post(
            f"/api/review/{ids['Ariha']}/merge", json={"other": ids["Kafr Nabl"]}, headers=AUTH
        ),
        lambda: client.post(f"/api/review/{ids['Taiz']}/reopen", headers=AUTH),
        lambda: client.post(
            "/api/articles",
            json={"id": "new-1", "text": "Artillery shelled Ariha again on Friday."},
            headers=AUTH,
        ),
    ]
    for hour in hours:
        answer = hour()
        assert answer.status_code in (200, 201, 204), answer.text
        cursor = _pull(client, mirror, cursor)
        assert mirror == _server(client)
    assert ids["Marib"] not in mirror and ids["Kafr Nabl"] not in mirror
    assert ids["Taiz"] in mirror  # reopened: back in the dataset
    assert mirror[ids["Ariha"]]["fatalities"] == 6
