"""Tests for conflictcoder.api.routes.articles: listing, one article, submitting for coding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conflictcoder.api.auth import hash_token
from conflictcoder.api.deps import INVALID_TOKEN, MISSING_TOKEN, WRITES_DISABLED
from conflictcoder.api.routes.articles import default_id
from conflictcoder.config import Settings, load_settings

from ..conftest import AUTH, OTHER_TOKEN, SYRIA, TOKEN, FakeCoder, make_app

DOCUMENT = {
    "id": "saraqib-1",
    "title": "Shelling on Saraqib",
    "text": "Shelling on Saraqib\n\nRegime guns shelled Saraqib in Idlib province on Monday.",
    "published": "2020-03-16",
    "source": "Test Wire",
}


def test_list_articles_without_text(client: TestClient) -> None:
    body = client.get("/api/articles").json()
    assert sorted(item["id"] for item in body["items"]) == ["idlib-1", "yemen-1"]
    assert all("text" not in item for item in body["items"])
    assert body["next_offset"] is None
    first = client.get("/api/articles", params={"limit": 1}).json()
    assert first["next_offset"] == 1
    assert len(first["items"]) == 1


def test_one_article_with_text(client: TestClient) -> None:
    body = client.get("/api/articles/idlib-1").json()
    assert body["text"] == SYRIA.text
    assert body["source"] == "Test Wire"
    assert body["published"] == "2020-03-04"


def test_unknown_article_is_404(client: TestClient) -> None:
    response = client.get("/api/articles/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "article 'nope' not found"}


def test_submission_needs_a_token(client: TestClient, fake_coder: FakeCoder) -> None:
    missing = client.post("/api/articles", json=DOCUMENT)
    assert (missing.status_code, missing.json()) == (401, {"detail": MISSING_TOKEN})
    wrong = client.post(
        "/api/articles", json=DOCUMENT, headers={"Authorization": f"Bearer {OTHER_TOKEN}"}
    )
    assert (wrong.status_code, wrong.json()) == (403, {"detail": INVALID_TOKEN})
    assert fake_coder.calls == 0


def test_submission_is_refused_when_no_token_is_configured(db_path: Path) -> None:
    app = make_app(db_path, load_settings(api_tokens=[]))
    with TestClient(app) as client:
        response = client.post("/api/articles", json=DOCUMENT, headers=AUTH)
    assert response.status_code == 403
    assert response.json() == {"detail": WRITES_DISABLED}


def test_submit_json_document(client: TestClient, fake_coder: FakeCoder) -> None:
    response = client.post("/api/articles", json=DOCUMENT, headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["stored"] is True
    assert body["article"]["id"] == "saraqib-1"
    assert body["article"]["published"] == "2020-03-16"
    assert "text" not in body["article"]
    (event,) = body["events"]
    assert event["location"] == "Saraqib"
    assert event["event_date"] == "2020-03-16"
    assert fake_coder.calls == 1
    assert client.get("/api/events", params={"country": "Syria"}).json()["total"] == 4
    assert client.get("/api/articles/saraqib-1").json()["title"] == "Shelling on Saraqib"
    again = client.post("/api/articles", json=DOCUMENT, headers=AUTH)
    assert again.status_code == 200
    assert again.json()["stored"] is False
    assert client.get("/api/events").json()["total"] == 6


def test_submit_plain_text(client: TestClient) -> None:
    text = "Regime guns shelled Saraqib in Idlib province on Monday."
    response = client.post(
        "/api/articles",
        content=text.encode(),
        params={"title": "Saraqib", "published": "2020-03-16"},
        headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"},
    )
    assert response.status_code == 201, response.text
    article = response.json()["article"]
    assert article["id"] == default_id(text)
    assert article["title"] == "Saraqib"
    assert client.get(f"/api/articles/{article['id']}").json()["text"] == text


def test_submission_of_another_content_type(client: TestClient) -> None:
    response = client.post(
        "/api/articles",
        content=b"<doc/>",
        headers={**AUTH, "Content-Type": "application/xml"},
    )
    assert response.status_code == 415
    assert response.json() == {
        "detail": "unsupported content type 'application/xml': send application/json "
        "(a document) or text/plain (the article text)"
    }


def test_invalid_documents_say_why(client: TestClient, fake_coder: FakeCoder) -> None:
    cases = [
        ({"title": "no text"}, "invalid document: missing 'text'"),
        ({"text": "   "}, "invalid document: empty document"),
        (
            {"text": "x", "published": "16/03/2020"},
            "invalid document: 'published' must be YYYY-MM-DD, got '16/03/2020'",
        ),
        ({"text": "Bonjour", "language": "fr"}, "invalid document: not English (language 'fr')"),
    ]
    for document, detail in cases:
        response = client.post("/api/articles", json=document, headers=AUTH)
        assert response.status_code == 422, document
        assert response.json() == {"detail": detail}
    broken = client.post(
        "/api/articles",
        content=b'{"text": "x",',
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert broken.status_code == 422
    assert broken.json()["detail"].startswith("invalid document: malformed JSON (")
    assert fake_coder.calls == 0


def test_default_id_is_stable() -> None:
    assert default_id("Shelling hit Ariha.") == default_id("Shelling hit Ariha.")
    assert default_id("Shelling hit Ariha.") != default_id("Shelling hit Sarmin.")
    assert default_id("x").startswith("api-")


def test_submission_is_coded_by_the_real_coder(
    db_path: Path, api_settings: Settings, coder: Any
) -> None:
    document = {
        "id": "kafr-nabl-2",
        "text": "Regime helicopters dropped barrel bombs on Kafr Nabl in southern Idlib "
        "province on Monday, killing two civilians.",
        "published": "2020-03-03",
    }
    with TestClient(make_app(db_path, api_settings, coder)) as client:
        response = client.post("/api/articles", json=document, headers=AUTH)
        assert response.status_code == 201, response.text
        (event,) = response.json()["events"]
        assert (event["sub_event_type"], event["location"]) == ("Air/drone strike", "Kafr Nabl")
        assert event["event_date"] == "2020-03-02"
        assert event["evidence"][0]["doc_id"] == "kafr-nabl-2"
        stored = client.get(f"/api/events/{event['event_id']}").json()
        assert "kafr-nabl-2" in [s["doc_id"] for s in stored["sources"]]


@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_a_text_over_max_document_chars_is_413_as_documented(
    db_path: Path, content_type: str
) -> None:
    settings = load_settings(api_tokens=[hash_token(TOKEN)], max_document_chars=1000)
    text = "Shelling hit Ariha. " * 150  # 3000 characters, within max_request_bytes
    body = json.dumps({"text": text}) if content_type == "application/json" else text
    with TestClient(make_app(db_path, settings, FakeCoder())) as client:
        stored = [item["id"] for item in client.get("/api/articles").json()["items"]]
        response = client.post(
            "/api/articles", content=body, headers={**AUTH, "Content-Type": content_type}
        )
        assert response.status_code == 413, response.text
        assert response.json() == {
            "detail": "document too large (3000 characters; the limit is max_document_chars = 1000)"
        }
        assert [item["id"] for item in client.get("/api/articles").json()["items"]] == stored
        # the documented answer is the one sent
        documented = client.get("/openapi.json").json()["paths"]["/api/articles"]["post"]
        assert "413" in documented["responses"]
