"""The review desk over HTTP: sessions, the queue, decisions, DELETE and /api/changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conflictcoder.api.auth import hash_token
from conflictcoder.config import load_settings
from conflictcoder.store import open_store

from ..conftest import AUTH, TOKEN, FakeCoder, make_app

PASSWORD = "a long passphrase"
ORIGIN = {"Origin": "http://testserver"}


@pytest.fixture
def accounts(db_path: Path) -> Path:
    with open_store(db_path) as store:
        store.add_user("ana", PASSWORD, role="reviewer")  # type: ignore[attr-defined]
        store.add_user("rea", PASSWORD, role="reader")  # type: ignore[attr-defined]
    return db_path


def _sign_in(client: TestClient, name: str = "ana") -> None:
    answer = client.post("/api/session", json={"name": name, "password": PASSWORD})
    assert answer.status_code == 200, answer.text


def test_sign_in_sets_a_strict_httponly_cookie(client: TestClient, accounts: Path) -> None:
    wrong = client.post("/api/session", json={"name": "ana", "password": "nope nope nope"})
    assert wrong.status_code == 401 and wrong.json()["detail"] == "wrong user name or password"
    answer = client.post("/api/session", json={"name": "ana", "password": PASSWORD})
    cookie = answer.headers["set-cookie"]
    assert "cc_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get("/api/session").json() == {
        "name": "ana",
        "role": "reviewer",
        "via": "session",
    }
    assert client.delete("/api/session").status_code == 204
    assert client.get("/api/session").json()["name"] is None


def test_the_queue_needs_a_reviewer(client: TestClient, accounts: Path) -> None:
    assert client.get("/api/review").status_code == 401
    _sign_in(client, "rea")
    answer = client.get("/api/review")
    assert answer.status_code == 403
    assert answer.json()["detail"] == "this needs the reviewer role; rea is a reader"
    assert client.get("/api/review", headers=AUTH).status_code == 200  # a token acts as reviewer


def test_queue_confirm_correct_and_history(client: TestClient, accounts: Path) -> None:
    _sign_in(client)
    queue = client.get("/api/review").json()
    assert queue["total"] == 5
    confidences = [item["confidence"] for item in queue["items"]]
    assert confidences == sorted(confidences)
    first = queue["items"][0]["event_id"]
    answer = client.post(f"/api/review/{first}/confirm", json={"note": "ok"}, headers=ORIGIN)
    assert answer.status_code == 200 and answer.json()["review_status"] == "confirmed"
    assert client.get("/api/review").json()["total"] == 4
    second = client.get("/api/review").json()["items"][0]
    corrected = client.post(
        f"/api/review/{second['event_id']}/correct",
        json={"fields": {"actor1": "Civilians (Syria)", "fatalities": 4}, "note": "per OCHA"},
        headers=ORIGIN,
    ).json()
    assert corrected["actor1"] == "Civilians (Syria)" and corrected["inter1"] == 7
    assert corrected["review_status"] == "confirmed"
    history = client.get(f"/api/events/{second['event_id']}/history").json()
    assert history[-2]["action"] == "correct" and history[-2]["user"] == "ana"
    assert history[-2]["changes"]["fatalities"]["new"] == 4
    assert history[-1]["action"] == "confirm"


def test_a_cookie_write_from_another_site_is_refused(client: TestClient, accounts: Path) -> None:
    _sign_in(client)
    first = client.get("/api/review").json()["items"][0]["event_id"]
    answer = client.post(f"/api/review/{first}/confirm", headers={"Origin": "https://evil.example"})
    assert answer.status_code == 403 and "cross-site request refused" in answer.json()["detail"]


def test_unknown_actor_without_inter_is_refused_with_the_reason(
    client: TestClient, ids: dict[str, str]
) -> None:
    answer = client.post(
        f"/api/review/{ids['Ariha']}/correct",
        json={"fields": {"actor1": "Liwa Nowhere"}},
        headers=AUTH,
    )
    assert answer.status_code == 422
    assert answer.json()["detail"].endswith(
        "actor1 'Liwa Nowhere' is not in the actor dictionary, so its inter code is unknown: "
        "give inter1 too (1-8)"
    )


def test_reject_merge_split_delete_and_changes(client: TestClient, ids: dict[str, str]) -> None:
    start = client.get("/api/changes").json()
    assert len(start["events"]) == 5 and start["complete"]
    cursor = start["cursor"]
    rejected = client.post(
        f"/api/review/{ids['Taiz']}/reject", json={"reason": "a demand, no protest"}, headers=AUTH
    )
    assert rejected.status_code == 200
    assert ids["Taiz"] not in {e["event_id"] for e in client.get("/api/events").json()["items"]}
    merged = client.post(
        f"/api/review/{ids['Ariha']}/merge", json={"other": ids["Kafr Nabl"]}, headers=AUTH
    )
    assert merged.status_code == 200
    assert (
        client.delete(f"/api/events/{ids['Marib']}?reason=duplicate", headers=AUTH).status_code
        == 204
    )
    assert client.delete(f"/api/events/{ids['Marib']}", headers=AUTH).status_code == 404
    assert client.delete(f"/api/events/{ids['Ariha']}").status_code == 401
    page = client.get("/api/changes", params={"after": cursor}).json()
    assert [e["event_id"] for e in page["events"]] == [ids["Ariha"]]
    assert sorted((r["event_id"], r["action"]) for r in page["removed"]) == sorted(
        [(ids["Taiz"], "reject"), (ids["Kafr Nabl"], "merge"), (ids["Marib"], "delete")]
    )
    assert client.get("/api/changes", params={"after": page["cursor"]}).json()["events"] == []
    since = client.get("/api/changes", params={"since": "2000-01-01T00:00:00Z"}).json()
    assert len(since["events"]) == 2  # Ariha and Kafr Zita are left
    bad = client.get("/api/changes", params={"since": "yesterday"})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("since must be Unix seconds")


@pytest.fixture
def reviewed_only(db_path: Path) -> Iterator[TestClient]:
    settings = load_settings(
        api_tokens=[hash_token(TOKEN)], public_reads=True, public_reviewed_only=True
    )
    with TestClient(make_app(db_path, settings, FakeCoder())) as test_client:
        yield test_client


def test_the_public_sees_only_reviewed_events_when_set(reviewed_only: TestClient) -> None:
    client = reviewed_only
    assert client.get("/api/events").json()["total"] == 0
    assert client.get("/api/changes").json()["events"] == []
    all_events = client.get("/api/events", headers=AUTH).json()["items"]
    assert len(all_events) == 5
    first = all_events[0]["event_id"]
    client.post(f"/api/review/{first}/confirm", headers=AUTH)
    assert [e["event_id"] for e in client.get("/api/events").json()["items"]] == [first]
    assert [e["event_id"] for e in client.get("/api/changes").json()["events"]] == [first]


def test_private_reads_admit_a_signed_in_reader(db_path: Path, accounts: Path) -> None:
    settings = load_settings(api_tokens=[hash_token(TOKEN)], public_reads=False)
    with TestClient(make_app(db_path, settings, FakeCoder())) as client:
        assert client.get("/api/events").status_code == 401
        assert client.get("/api/changes").status_code == 401
        _sign_in(client, "rea")
        assert client.get("/api/events").json()["total"] == 5
        assert client.get("/api/changes").status_code == 200
        client.delete("/api/session")
        assert client.get("/api/events").status_code == 401


@pytest.mark.parametrize("action", ["confirm", "reopen", "reject", "correct", "merge", "split"])
@pytest.mark.parametrize("body", ["{not json", '{"note": NaN}', "[1, 2"])
def test_the_reviewer_is_checked_before_the_body(
    client: TestClient, accounts: Path, action: str, body: str
) -> None:
    url = f"/api/review/cc-anything/{action}"
    headers = {"Content-Type": "application/json"}
    anonymous = client.post(url, content=body, headers=headers)
    assert anonymous.status_code == 401, anonymous.text  # not 400 or 422: nobody is signed in
    _sign_in(client, "rea")
    reader = client.post(url, content=body, headers=headers)
    assert reader.status_code == 403, reader.text
    refused = client.post(url, content=body, headers={**headers, **AUTH})
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("invalid "), refused.text


def test_a_confirmation_needs_no_body(client: TestClient, ids: dict[str, str]) -> None:
    answer = client.post(f"/api/review/{ids['Ariha']}/confirm", headers=AUTH)
    assert answer.status_code == 200, answer.text
    assert answer.json()["review_status"] == "confirmed"


def test_the_review_bodies_are_documented(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    reject = paths["/api/review/{event_id}/reject"]["post"]["requestBody"]
    assert reject["required"] is True
    assert "reason" in reject["content"]["application/json"]["schema"]["properties"]
    assert paths["/api/review/{event_id}/confirm"]["post"]["requestBody"]["required"] is False


@pytest.fixture
def team_files(db_path: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    """The app with the team's rule files set (empty at first)."""
    settings = load_settings(
        api_tokens=[hash_token(TOKEN)],
        public_reads=True,
        user_rules={"triggers": str(tmp_path / "team_triggers.yaml")},
        gazetteer_supplement=str(tmp_path / "team_places.csv"),
    )
    with TestClient(make_app(db_path, settings, FakeCoder())) as test_client:
        yield test_client, tmp_path


def test_a_corrected_place_and_type_offer_lessons_that_teach_accepts(
    team_files: tuple[TestClient, Path], ids: dict[str, str]
) -> None:
    client, folder = team_files
    fields = {
        "location": "Tell Qarnoun",  # invented: no gazetteer has it
        "latitude": 35.8,
        "longitude": 36.61,
        "sub_event_type": "Air/drone strike",
    }
    answer = client.post(
        f"/api/review/{ids['Ariha']}/correct", json={"fields": fields}, headers=AUTH
    )
    assert answer.status_code == 200, answer.text
    lessons = {lesson["kind"]: lesson for lesson in answer.json()["lessons"]}
    assert lessons["place"]["place"] == {
        "name": "Tell Qarnoun",
        "aliases": "",
        "latitude": 35.8,
        "longitude": 36.61,
        "country": "Syria",
        "admin1": "Idleb",
        "admin2": "",
    }
    trigger = lessons["trigger"]
    assert trigger["label"] == "Air/drone strike"
    assert trigger["pattern"] in "artillery shelled"
    for lesson in lessons.values():
        taught = client.post(f"/api/review/{ids['Ariha']}/teach", json=lesson, headers=AUTH)
        assert taught.status_code == 200, taught.text
    assert "Tell Qarnoun,,35.8,36.61,Syria,Idleb," in (folder / "team_places.csv").read_text()
    rules = (folder / "team_triggers.yaml").read_text()
    assert f"pattern: {trigger['pattern']}" in rules and f"priority: {trigger['priority']}" in rules
    # A correction with no coordinates has no place to offer.
    again = client.post(
        f"/api/review/{ids['Marib']}/correct",
        json={"fields": {"location": "Wadi Imaginary"}},
        headers=AUTH,
    )
    assert again.json()["lessons"] == []
