"""``/api/alerts``: token-protected management, the public Atom feed, the delivery log."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient

from conflictcoder.alerts import deliver_alerts
from conflictcoder.api import create_app
from conflictcoder.api.auth import hash_token
from conflictcoder.config import load_settings
from conflictcoder.store import open_store

from .conftest import Receiver, clash, strike

TOKEN = "alerts-test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "events.sqlite")
    open_store(path).close()
    return path


@pytest.fixture()
def client(db: str) -> Iterator[TestClient]:
    settings = load_settings(api_tokens=[hash_token(TOKEN)])
    with TestClient(create_app(db, settings)) as test_client:
        yield test_client


def test_create_list_get_delete(client: TestClient, receiver: Receiver) -> None:
    body = {
        "name": "Idlib strikes",
        "search": {"admin1": "Idlib", "event_types": ["air/drone strike"], "min_fatalities": 1},
        "webhook_url": receiver.url,
    }
    created = client.post("/api/alerts", json=body, headers=AUTH)
    assert created.status_code == 201, created.text
    alert = created.json()
    assert alert["id"].startswith("al-") and len(alert["secret"]) >= 40
    assert alert["search"] == {
        "admin1": "Idlib",
        "event_types": ["Air/drone strike"],
        "min_fatalities": 1,
    }
    assert alert["description"] == "admin1 Idlib, Air/drone strike, at least 1 fatalities"
    assert alert["feed"] == f"http://testserver/api/alerts/{alert['id']}/feed.atom"
    assert alert["created_by"].startswith("token:")
    listed = client.get("/api/alerts", headers=AUTH).json()
    assert [a["id"] for a in listed] == [alert["id"]]
    assert "secret" not in listed[0]
    one = client.get(f"/api/alerts/{alert['id']}", headers=AUTH)
    assert one.status_code == 200 and "secret" not in one.json()
    assert client.delete(f"/api/alerts/{alert['id']}", headers=AUTH).status_code == 204
    missing = client.delete(f"/api/alerts/{alert['id']}", headers=AUTH)
    assert missing.status_code == 404
    assert missing.json()["detail"] == f"alert '{alert['id']}' not found"


def test_management_needs_a_token(client: TestClient) -> None:
    assert client.get("/api/alerts").status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert (
        client.post("/api/alerts", json={"name": "x", "search": {}}, headers=wrong).status_code
        == 403
    )
    # The token comes before the body: malformed JSON without one is still 401.
    broken = client.post(
        "/api/alerts", content="{not json", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 401
    with_token = client.post(
        "/api/alerts", content="{not json", headers={"Content-Type": "application/json", **AUTH}
    )
    assert with_token.status_code == 422
    assert with_token.json()["detail"].startswith("invalid alert: ")


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"name": "x", "search": {"country": "Narnia"}}, "country must be a country's name"),
        (
            {"name": "x", "search": {"event_types": ["Airstrike"]}},
            "event_types: 'Airstrike' is no ACLED event type",
        ),
        (
            {"name": "x", "search": {}, "webhook_url": "ftp://hooks.example/"},
            "webhook must be an http:// or https:// address",
        ),
    ],
)
def test_invalid_alerts_are_422_with_the_reason(
    client: TestClient, body: dict[str, object], detail: str
) -> None:
    answer = client.post("/api/alerts", json=body, headers=AUTH)
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith(detail)


def test_feed_and_delivery_log(client: TestClient, db: str, receiver: Receiver) -> None:
    alert = client.post(
        "/api/alerts",
        json={"name": "Syria", "search": {"country": "syria"}, "webhook_url": receiver.url},
        headers=AUTH,
    ).json()
    with open_store(db) as store:
        store.upsert_events([strike("Ariha", 35.81, 36.61), clash("Marib")])
        deliver_alerts(store)
    feed = client.get(f"/api/alerts/{alert['id']}/feed.atom")  # a read: no token needed
    assert feed.status_code == 200
    assert feed.headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo
    assert [e.title for e in parsed.entries] == [
        "2024-03-04 Air/drone strike in Ariha, Idleb, Syria: 3 fatalities"
    ]
    log = client.get(f"/api/alerts/{alert['id']}/deliveries", headers=AUTH).json()
    assert [(d["status"], d["action"], d["attempts"]) for d in log] == [("delivered", "created", 1)]
    assert client.get("/api/alerts/al-000000000000/feed.atom").status_code == 404
    assert receiver.verified(alert["secret"])[0]["event"]["location"] == "Ariha"


def test_signed_in_admins_manage_alerts_reviewers_do_not(client: TestClient, db: str) -> None:
    with open_store(db) as store:
        store.add_user("ada", "correct horse battery", role="admin")
        store.add_user("rev", "another long password", role="reviewer")
    body = {"name": "all", "search": {}}
    for name, password, expected in (
        ("rev", "another long password", 403),
        ("ada", "correct horse battery", 201),
    ):
        client.cookies.clear()
        signed = client.post("/api/session", json={"name": name, "password": password})
        assert signed.status_code == 200, signed.text
        answer = client.post("/api/alerts", json=body)
        assert answer.status_code == expected, answer.text
    assert answer.json()["created_by"] == "ada"
    client.cookies.clear()
    assert client.get("/api/alerts").status_code == 401
