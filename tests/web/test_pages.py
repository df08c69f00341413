"""Tests for conflictcoder.web.pages: each page renders the dict of its JSON twin."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.conftest import AUTH, SYRIA, army_shelling, evidence
from conflictcoder.model import Article
from conflictcoder.store import open_store
from conflictcoder.web import VENDOR_FILES, missing_assets


def embedded(html: str) -> dict[str, object]:
    match = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "the page embeds its data"
    data: dict[str, object] = json.loads(match.group(1))
    return data


def test_dashboard_page_renders_the_dashboard_dict(client: TestClient) -> None:
    html = client.get("/", params={"country": "Yemen"}).text
    twin = client.get("/api/dashboard", params={"country": "Yemen"}).json()
    assert embedded(html) == twin
    assert html.count('class="event-row"') == twin["total"] == 2
    assert 'value="Yemen"' in html
    assert "GeoNames" in html and "CC BY 4.0" in html and "Natural Earth" in html


def test_dashboard_page_loads_nothing_from_other_hosts(client: TestClient) -> None:
    html = client.get("/").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    loaded = [s for s in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)]
    assert loaded and all(s.startswith("/") or s.startswith("data:") for s in loaded)
    assert any(s.startswith("/static/vendor/leaflet") for s in sources)


def test_dashboard_page_with_invalid_filters(client: TestClient) -> None:
    response = client.get("/", params={"date_from": "yesterday"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "date_from must be a day written YYYY-MM-DD, got 'yesterday'"
    }


def test_event_page_marks_the_evidence(client: TestClient, ids: dict[str, str]) -> None:
    html = client.get(f"/events/{ids['Kafr Nabl']}").text
    assert (
        '<mark class="evidence">Warplanes struck the town of Kafr Nabl on Tuesday, '
        "killing three civilians.</mark>" in html
    )
    assert "Strikes on Idlib towns" in html
    assert "Test Wire" in html
    assert html.count('<mark class="evidence">') == 1
    # the rest of the article is there, unmarked
    assert "Artillery shelled Ariha on the same day." in html
    assert SYRIA.url in html


def test_event_page_escapes_article_text(client: TestClient) -> None:
    document = {"id": "x-1", "text": "Shelling <script>alert(1)</script> hit Saraqib today."}
    from api.conftest import AUTH

    body = client.post("/api/articles", json=document, headers=AUTH).json()
    event_id = body["events"][0]["event_id"]
    html = client.get(f"/events/{event_id}").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unknown_event_page_is_404(client: TestClient) -> None:
    response = client.get("/events/cc-nope")
    assert response.status_code == 404
    assert "event &#39;cc-nope&#39; not found" in response.text


def test_vendor_assets_are_installed() -> None:
    # `make web-assets` (a step of `make install`) copies them from web/node_modules
    assert missing_assets() == [], f"run make web-assets: missing {missing_assets()}"
    assert "leaflet.js" in VENDOR_FILES


HOSTILE_URLS = [
    "javascript:alert(document.cookie)",
    " JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.invalid/x",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_submitted_url_that_is_not_http_is_not_stored(client: TestClient, url: str) -> None:
    document = {
        "id": "hostile-1",
        "text": "Warplanes struck the town of Saraqib on Monday, killing two civilians.",
        "url": url,
    }
    response = client.post("/api/articles", json=document, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["article"]["url"] is None
    assert client.get("/api/articles/hostile-1").json()["url"] is None


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_stored_url_that_is_not_http_is_shown_as_text(
    client: TestClient, db_path: Path, url: str
) -> None:
    # stored before the check at the door, or written to the store by another tool
    text = "Artillery shelled the village of Taftanaz on Sunday, killing one farmer."
    article = Article(id="old-1", text=text, title="Shelling of Taftanaz", url=url)
    event = army_shelling("2020-03-01", "Taftanaz", 35.99, 36.78, evidence(article, text))
    with open_store(db_path) as store:
        store.ingest(article, [event])
        (stored,) = [e for e in store.events() if e.location == "Taftanaz"]
    html = client.get(f"/events/{stored.event_id}").text
    assert "Shelling of Taftanaz" in html
    assert "javascript:" not in html.lower() and "vbscript:" not in html.lower()
    assert '<a href="data:' not in html and 'href="//evil' not in html
