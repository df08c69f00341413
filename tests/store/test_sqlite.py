"""Tests for conflictcoder.store.sqlite (and the Store interface in store/base.py)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from conflictcoder.errors import StoreError
from conflictcoder.model import Article, Event, Evidence
from conflictcoder.store import SqliteStore, Store, open_store
from conflictcoder.store.migrations import MIGRATIONS


def _article(doc_id: str = "d1", text: str = "Shelling hit Kafr Tala on Monday.") -> Article:
    return Article(id=doc_id, text=text, title="T", published=date(2021, 3, 1), source="Wire")


def _event(**kw: object) -> Event:
    values: dict[str, object] = {
        "event_date": "2021-03-01",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Military Forces of Syria (2000-)",
        "inter1": 1,
        "country": "Syria",
        "admin1": "Idleb",
        "location": "Kafr Tala",
        "latitude": 35.5,
        "longitude": 36.6,
        "fatalities": 2,
        "doc_ids": ["d1"],
        "evidence": [Evidence("d1", "Shelling hit Kafr Tala on Monday.", 0, 33)],
    }
    values.update(kw)
    return Event(**values)  # type: ignore[arg-type]


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "events.sqlite") as s:
        assert isinstance(s, SqliteStore)
        yield s


def test_ingest_stores_article_and_events(store: SqliteStore) -> None:
    assert store.ingest(_article(), [_event()]) is True
    assert store.count_articles() == 1
    assert store.count_events() == 1
    assert store.has_article(_article().content_hash)
    [event] = store.events()
    assert event == _event()


def test_ingest_same_text_twice_changes_nothing(store: SqliteStore) -> None:
    assert store.ingest(_article(), [_event()])
    assert store.ingest(_article(doc_id="other-id"), [_event(location="Elsewhere")]) is False
    assert store.count_articles() == 1
    assert [e.location for e in store.events()] == ["Kafr Tala"]


def test_ingest_adds_article_id_to_doc_ids(store: SqliteStore) -> None:
    store.ingest(_article("d9"), [_event(doc_ids=[])])
    [event] = store.events()
    assert event.doc_ids == ["d9"]


def test_ingest_rolls_back_when_an_event_is_invalid(store: SqliteStore) -> None:
    store.ingest(_article(), [_event()])
    second = _article("d2", "Another report about an airstrike.")
    bad = _event(event_id="cc-bad", event_type=None, doc_ids=["d2"])
    with pytest.raises(StoreError) as info:
        store.ingest(second, [_event(location="Binnish", doc_ids=["d2"]), bad])
    assert str(info.value) == (
        f"{store.path}: cannot store event cc-bad: event_type must be a non-empty string, got None"
    )
    assert store.count_articles() == 1
    assert not store.has_article(second.content_hash)
    assert [e.location for e in store.events()] == ["Kafr Tala"]
    # The store is still usable after the failed write.
    assert store.ingest(second, [_event(location="Binnish", doc_ids=["d2"])])
    assert store.count_events() == 2


def test_ingest_rolls_back_on_unserialisable_event(store: SqliteStore) -> None:
    bad = _event(location="Binnish", fatalities_breakdown={"children": {1, 2}})
    with pytest.raises(StoreError, match="not serialisable"):
        store.ingest(_article(), [_event(location="Sarmin"), bad])
    assert store.count_articles() == 0
    assert store.count_events() == 0


def test_ingest_rolls_back_on_foreign_exception(store: SqliteStore) -> None:
    class Boom(Exception):
        pass

    def events() -> list[Event]:
        class Exploding(list[Event]):
            def __iter__(self) -> Iterator[Event]:
                yield _event()
                raise Boom

        return Exploding()

    with pytest.raises(Boom):
        store.ingest(_article(), events())
    assert store.count_articles() == 0
    assert store.count_events() == 0


def test_upsert_merges_doc_ids_and_evidence(store: SqliteStore) -> None:
    first = _event()
    ev2 = Evidence("d2", "Regime shells hit Kafr Tala.", 10, 38)
    second = _event(doc_ids=["d2", "d1"], evidence=[ev2, first.evidence[0]], fatalities=3)
    assert first.event_id == second.event_id
    assert store.upsert_events([first]) == 1
    assert store.upsert_events([second]) == 1
    assert store.count_events() == 1
    [event] = store.events()
    assert event.doc_ids == ["d1", "d2"]
    assert event.evidence == [first.evidence[0], ev2]
    assert event.fatalities == 3  # other fields take the newer value
    rows = sqlite3.connect(store.path).execute(
        "SELECT event_id, doc_id FROM event_sources ORDER BY doc_id"
    )
    assert rows.fetchall() == [(first.event_id, "d1"), (first.event_id, "d2")]


def test_upsert_is_idempotent(store: SqliteStore) -> None:
    events = [_event(), _event(location="Binnish")]
    store.upsert_events(events)
    before = [e.to_dict() for e in store.events()]
    store.upsert_events(events)
    assert [e.to_dict() for e in store.events()] == before


def test_upsert_commits_per_batch(store: SqliteStore) -> None:
    good = [_event(location=f"Town {i}") for i in range(4)]
    bad = _event(location="Bad", sub_event_type="")
    with pytest.raises(StoreError, match="sub_event_type must be a non-empty string"):
        store.upsert_events([*good, bad], batch_size=2)
    # The two full batches were committed; the batch holding the bad event was not.
    assert store.count_events() == 4
    with pytest.raises(StoreError, match="sub_event_type"):
        store.upsert_events([good[0], bad], batch_size=2)
    assert store.count_events() == 4


def test_upsert_rejects_bad_batch_size(store: SqliteStore) -> None:
    with pytest.raises(StoreError, match="batch_size must be at least 1, got 0"):
        store.upsert_events([], batch_size=0)


def test_events_filters_and_limit(store: SqliteStore) -> None:
    store.upsert_events(
        [
            _event(event_date="2021-03-03", location="C"),
            _event(event_date="2021-03-01", location="A", admin1="Aleppo"),
            _event(
                event_date="2021-03-02",
                location="B",
                event_type="Battles",
                sub_event_type="Armed clash",
            ),
            _event(event_date=None, location="D", country="Iraq"),
        ]
    )
    assert [e.location for e in store.events()] == ["A", "B", "C", "D"]
    assert [e.location for e in store.events(limit=2)] == ["A", "B"]
    assert [e.location for e in store.events(date_from="2021-03-02")] == ["B", "C"]
    assert [e.location for e in store.events(date_to=date(2021, 3, 2))] == ["A", "B"]
    assert [e.location for e in store.events(admin1="Aleppo")] == ["A"]
    assert [e.location for e in store.events(country="Iraq")] == ["D"]
    assert [e.location for e in store.events(event_type="Battles")] == ["B"]
    assert [e.location for e in store.events(sub_event_type="Armed clash")] == ["B"]
    assert [e.location for e in store.events(country=None)] == ["A", "B", "C", "D"]


def test_events_unknown_filter(store: SqliteStore) -> None:
    with pytest.raises(StoreError) as info:
        store.events(city="Idlib")
    assert str(info.value) == (
        "unknown event filter 'city': use one of date_from, date_to, country, admin1, "
        "event_type, sub_event_type"
    )


def test_schema_columns_and_json(store: SqliteStore) -> None:
    store.ingest(_article(), [_event()])
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    row = conn.execute("SELECT location, fatalities, inter1, data FROM events").fetchone()
    assert row[:3] == ("Kafr Tala", 2, 1)
    assert json.loads(row[3]) == _event().to_dict()
    article = conn.execute(
        "SELECT id, content_hash, title, published, source, url, text FROM articles"
    ).fetchone()
    assert article == (
        "d1", _article().content_hash, "T", "2021-03-01", "Wire", None, _article().text
    )


def test_migrations_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    SqliteStore(path).close()
    SqliteStore(path).close()
    rows = sqlite3.connect(path).execute("SELECT name FROM migrations").fetchall()
    assert rows == [(m.name,) for m in MIGRATIONS]


def test_reopen_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    with open_store(path) as s:
        s.ingest(_article(), [_event()])
    with open_store(f"sqlite:///{path}") as s:
        assert s.count_articles() == 1
        assert s.count_events() == 1


def test_closed_store_raises(tmp_path: Path) -> None:
    s = SqliteStore(tmp_path / "c.sqlite")
    s.close()
    s.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="the store is closed"):
        s.count_events()


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("this is not a database, just some text that is long enough " * 20)
    with pytest.raises(StoreError) as info:
        SqliteStore(path)
    assert str(info.value) == f"{path}: cannot open store: file is not a database"


def test_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "dir.sqlite"
    with pytest.raises(StoreError) as info:
        open_store(path)
    assert str(info.value) == f"{path}: cannot open store: unable to open database file"


@pytest.mark.parametrize("url", [":memory:", "sqlite://", "sqlite:///:memory:"])
def test_open_store_memory(url: str) -> None:
    with open_store(url) as s:
        assert isinstance(s, Store)
        assert s.count_events() == 0


def test_open_store_url_forms(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path}/a.sqlite") as s:
        assert isinstance(s, SqliteStore)
        assert s.path == f"{tmp_path}/a.sqlite"


def test_open_store_unknown_scheme() -> None:
    with pytest.raises(StoreError) as info:
        open_store("postgresql://localhost/events")
    assert str(info.value) == (
        "postgresql://localhost/events: unsupported store URL scheme 'postgresql://'; give a "
        "SQLite file path or sqlite:///PATH (the PostgreSQL back end is not available in this "
        "version)"
    )


def test_malformed_sqlite_url() -> None:
    with pytest.raises(StoreError, match="malformed SQLite URL; write sqlite:///PATH"):
        open_store("sqlite://host/x.db")
