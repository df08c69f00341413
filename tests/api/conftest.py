"""API fixtures: a temporary SQLite store with invented articles, the app wired to it.

The app's ``get_store`` and ``get_coder`` are swapped through ``app.dependency_overrides``
(STYLE.md section 3): the store is a file under tmp_path, opened per request; the coder is
a stand-in that codes one fixed event, so these tests need no spaCy pipeline.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from conflictcoder.api import create_app
from conflictcoder.api.auth import hash_token
from conflictcoder.api.deps import get_coder, get_store
from conflictcoder.config import Settings, load_settings
from conflictcoder.model import Article, Event, Evidence
from conflictcoder.store import Store, open_store

TOKEN = "test-token-0123456789"
OTHER_TOKEN = "someone-elses-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

SYRIA_TEXT = (
    "Strikes on Idlib towns\n\n"
    "Warplanes struck the town of Kafr Nabl on Tuesday, killing three civilians.\n\n"
    "Artillery shelled Ariha on the same day.\n\n"
    "On Wednesday rebels fought soldiers near Kafr Zita, leaving twelve fighters dead."
)
YEMEN_TEXT = (
    "Gunmen shot dead a teacher in Marib city on Tuesday.\n\n"
    "Protesters gathered in Taiz on Wednesday to demand salaries."
)
SYRIA = Article(
    id="idlib-1",
    text=SYRIA_TEXT,
    title="Strikes on Idlib towns",
    published=date(2020, 3, 4),
    source="Test Wire",
    url="https://news.invalid/idlib-1",
)
YEMEN = Article(
    id="yemen-1",
    text=YEMEN_TEXT,
    title=None,
    published=date(2020, 3, 11),
    source="Other Daily",
)
SAF = "Military Forces of Syria (2000-)"
IN_SYRIA: dict[str, Any] = {"country": "Syria", "iso": 760}
IN_YEMEN: dict[str, Any] = {"country": "Yemen", "iso": 887}


def evidence(article: Article, sentence: str) -> Evidence:
    start = article.text.index(sentence)
    return Evidence(article.id, sentence, start, start + len(sentence))


def army_shelling(
    day: str | None, location: str, latitude: float, longitude: float, proof: Evidence
) -> Event:
    """A shelling by the Syrian army of a town in Idleb province, as several fixtures need."""
    return Event(
        day,
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        actor1=SAF,
        inter1=1,
        interaction=10,
        **IN_SYRIA,
        admin1="Idleb",
        location=location,
        latitude=latitude,
        longitude=longitude,
        geo_precision=1,
        evidence=[proof],
    )


def syria_events() -> list[Event]:
    return [
        Event(
            "2020-03-03",
            "Explosions/Remote violence",
            "Air/drone strike",
            actor1=SAF,
            inter1=1,
            actor2="Civilians (Syria)",
            inter2=7,
            interaction=17,
            civilian_targeting="Civilian targeting",
            **IN_SYRIA,
            admin1="Idleb",
            location="Kafr Nabl",
            latitude=35.586,
            longitude=36.561,
            geo_precision=1,
            fatalities=3,
            evidence=[
                evidence(
                    SYRIA,
                    "Warplanes struck the town of Kafr Nabl on Tuesday, killing three civilians.",
                )
            ],
        ),
        army_shelling(
            "2020-03-03",
            "Ariha",
            35.8126,
            36.6083,
            evidence(SYRIA, "Artillery shelled Ariha on the same day."),
        ),
        Event(
            "2020-03-04",
            "Battles",
            "Armed clash",
            actor1="Opposition Rebels (Syria)",
            inter1=2,
            actor2=SAF,
            inter2=1,
            interaction=12,
            **IN_SYRIA,
            admin1="Hama",
            location="Kafr Zita",
            latitude=35.3745,
            longitude=36.6017,
            geo_precision=2,
            fatalities=12,
            evidence=[
                evidence(
                    SYRIA,
                    "On Wednesday rebels fought soldiers near Kafr Zita, "
                    "leaving twelve fighters dead.",
                )
            ],
        ),
    ]


def yemen_events() -> list[Event]:
    return [
        Event(
            "2020-03-10",
            "Violence against civilians",
            "Attack",
            actor1="Unidentified Armed Group (Yemen)",
            inter1=3,
            actor2="Civilians (Yemen)",
            inter2=7,
            interaction=37,
            **IN_YEMEN,
            admin1="Marib",
            location="Marib",
            latitude=15.4591,
            longitude=45.3253,
            geo_precision=1,
            fatalities=1,
            evidence=[evidence(YEMEN, "Gunmen shot dead a teacher in Marib city on Tuesday.")],
        ),
        Event(
            "2020-03-11",
            "Protests",
            "Peaceful protest",
            actor1="Protesters (Yemen)",
            inter1=6,
            interaction=60,
            **IN_YEMEN,
            admin1="Taizz",
            location="Taiz",
            evidence=[
                evidence(YEMEN, "Protesters gathered in Taiz on Wednesday to demand salaries.")
            ],
        ),
    ]


@dataclass
class FakeCoder:
    """Codes every article into one shelling event in Saraqib, from its first sentence."""

    calls: int = 0

    def code(self, article: Article) -> list[Event]:
        self.calls += 1
        sentence = article.text.split("\n\n")[-1]
        start = article.text.index(sentence)
        day = article.published.isoformat() if article.published else None
        proof = Evidence(article.id, sentence, start, start + len(sentence))
        return [army_shelling(day, "Saraqib", 35.8623, 36.8006, proof)]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "events.sqlite"
    with open_store(path) as store:
        assert store.ingest(SYRIA, syria_events())
        assert store.ingest(YEMEN, yemen_events())
    return path


def make_app(db_path: Path, settings: Settings, coder: Any = None) -> FastAPI:
    app = create_app(db_path, settings)

    async def temporary_store() -> AsyncIterator[Store]:
        with open_store(db_path) as store:
            yield store

    app.dependency_overrides[get_store] = temporary_store
    app.dependency_overrides[get_coder] = lambda: coder or FakeCoder()
    return app


@pytest.fixture
def fake_coder() -> FakeCoder:
    return FakeCoder()


@pytest.fixture
def api_settings() -> Settings:
    return load_settings(api_tokens=[hash_token(TOKEN)], public_reads=True)


@pytest.fixture
def client(db_path: Path, api_settings: Settings, fake_coder: FakeCoder) -> Iterator[TestClient]:
    with TestClient(make_app(db_path, api_settings, fake_coder)) as test_client:
        yield test_client


@pytest.fixture
def ids(client: TestClient) -> dict[str, str]:
    """Event ids by location, as the store keeps them."""
    items = client.get("/api/events", params={"limit": 100}).json()["items"]
    return {item["location"]: item["event_id"] for item in items}
