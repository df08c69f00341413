"""Tests for conflictcoder.api.deps: reads public or token-only, the store per request."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conflictcoder.api import create_app
from conflictcoder.api.auth import hash_token
from conflictcoder.api.deps import INVALID_TOKEN, MISSING_TOKEN
from conflictcoder.config import load_settings

from .conftest import AUTH, OTHER_TOKEN, TOKEN, make_app

READS = [
    "/api/events",
    "/api/events/timeline",
    "/api/places",
    "/api/articles",
    "/api/dashboard",
    "/",
]


@pytest.fixture
def private(db_path: Path) -> TestClient:
    settings = load_settings(api_tokens=[hash_token(TOKEN)], public_reads=False)
    return TestClient(make_app(db_path, settings))


@pytest.mark.parametrize("path", READS)
def test_private_reads_need_a_token(private: TestClient, path: str) -> None:
    missing = private.get(path)
    assert missing.status_code == 401
    assert missing.json() == {"detail": MISSING_TOKEN}
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = private.get(path, headers={"Authorization": f"Bearer {OTHER_TOKEN}"})
    assert wrong.status_code == 403
    assert wrong.json() == {"detail": INVALID_TOKEN}
    assert private.get(path, headers=AUTH).status_code == 200


@pytest.mark.parametrize("path", READS)
def test_public_reads_need_none(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


def test_a_malformed_authorization_header_is_a_missing_token(client: TestClient) -> None:
    response = client.patch(
        "/api/events/x", json={"fields": {"fatalities": 1}}, headers={"Authorization": TOKEN}
    )
    assert response.status_code == 401
    assert response.json() == {"detail": MISSING_TOKEN}


def test_the_real_store_dependency_opens_the_app_database(db_path: Path) -> None:
    # no override: get_store opens app.state.db for each request
    with TestClient(create_app(db_path, load_settings())) as client:
        assert client.get("/api/events").json()["total"] == 5
        assert client.get("/api/events", params={"limit": 1}).json()["next_offset"] == 1


def test_store_errors_are_503_with_the_message(tmp_path: Path) -> None:
    with TestClient(create_app(f"nosuch://{tmp_path}", load_settings())) as client:
        response = client.get("/api/events")
    assert response.status_code == 503
    assert "unsupported store URL scheme 'nosuch://'" in response.json()["detail"]
