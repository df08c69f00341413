"""Tests for conflictcoder.store.sqlite: what only the SQLite back end has.

The behaviour both back ends share is tested in test_base.py.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from conflictcoder.errors import StoreError
from conflictcoder.model import Article, Event, Evidence
from conflictcoder.store import SqliteStore, Store, open_store
from conflictcoder.store.migrations import MIGRATIONS, apply_sqlite


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
        "geo_precision": 1,
        "fatalities": 2,
        "doc_ids": ["d1"],
        "evidence": [Evidence("d1", "Shelling hit Kafr Tala on Monday.", 0, 33)],
    }
    values.update(kw)
    return Event(**values)  # type: ignore[arg-type]


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "events.sqlite") as s:
        yield s


def test_schema_columns_json_and_wal(store: SqliteStore) -> None:
    store.ingest(_article(), [_event()])
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    row = conn.execute(
        "SELECT location, fatalities, inter1, number_of_sources, search_text, data FROM events"
    ).fetchone()
    assert row[:5] == ("Kafr Tala", 2, 1, 1, "shelling hit kafr tala on monday")
    data = json.loads(row[5])
    assert isinstance(data.pop("timestamp"), int)  # the store's: when it last changed
    assert data == {k: v for k, v in _event().to_dict().items() if k != "timestamp"}
    article = conn.execute(
        "SELECT id, content_hash, title, published, source, url, text FROM articles"
    ).fetchone()
    assert article == (
        "d1",
        _article().content_hash,
        "T",
        "2021-03-01",
        "Wire",
        None,
        _article().text,
    )


def test_fts_and_rtree_follow_every_write(store: SqliteStore) -> None:
    store.upsert_events([_event(), _event(location="Binnish", latitude=35.95, longitude=36.71)])
    event_id = _event().event_id
    store.correct_event(event_id, {"latitude": 36.2, "longitude": 37.16}, user="ana")
    conn = sqlite3.connect(store.path)
    boxes = conn.execute(
        "SELECT e.location, r.min_lon, r.min_lat FROM events_rtree r "
        "JOIN events e ON e.seq = r.id ORDER BY e.location"
    ).fetchall()
    assert [(name, round(lon, 2), round(lat, 2)) for name, lon, lat in boxes] == [
        ("Binnish", 36.71, 35.95),
        ("Kafr Tala", 37.16, 36.2),
    ]
    assert conn.execute("SELECT count(*) FROM events_rtree").fetchone() == (2,)
    assert conn.execute(
        "SELECT count(*) FROM events_fts WHERE events_fts MATCH 'kafr'"
    ).fetchone() == (2,)
    # The external-content indexes agree with their tables.
    conn.execute("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def test_upgrade_from_an_0001_store_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    assert apply_sqlite(conn, MIGRATIONS[:1]) == ["0001_initial"]
    old = _event()
    conn.execute(
        "INSERT INTO articles (id, content_hash, title, published, source, url, language,"
        " origin, text, ingested_at) VALUES (?, ?, 'T', '2021-03-01', 'Wire', NULL, 'en', NULL,"
        " ?, '2021-03-01T00:00:00+00:00')",
        ("d1", _article().content_hash, _article().text),
    )
    conn.execute(
        "INSERT INTO events (event_id, event_date, event_type, sub_event_type, location,"
        " latitude, longitude, fatalities, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            old.event_id,
            old.event_date,
            old.event_type,
            old.sub_event_type,
            old.location,
            old.latitude,
            old.longitude,
            old.fatalities,
            old.to_json(),
        ),
    )
    conn.execute("INSERT INTO event_sources VALUES (?, 'd1')", (old.event_id,))
    conn.close()
    with SqliteStore(path) as store:
        assert store.events() == [old]
        assert store.has_article(_article().content_hash)
        assert store.count_events(text="monday kafr") == 1
        assert store.count_events(text="shelling", bbox=(36.5, 35.4, 36.7, 35.6)) == 1
        [history] = store.event_history(old.event_id)
        assert (history["action"], history["note"]) == (
            "create",
            "stored before event history was kept",
        )
        # A new report of the same incident joins the carried-over event.
        store.ingest(_article("d2", "Two died."), [_event(doc_ids=["d2"], fatalities=1)])
        [event] = store.events()
        assert (event.doc_ids, event.fatalities) == (["d1", "d2"], 1)
        assert [s["doc_id"] for s in store.event_sources(old.event_id)] == ["d1", "d2"]


def test_migrations_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    SqliteStore(path).close()
    SqliteStore(path).close()
    rows = sqlite3.connect(path).execute("SELECT name FROM migrations").fetchall()
    assert rows == [(m.name,) for m in MIGRATIONS]


def test_store_shared_between_threads(store: SqliteStore) -> None:
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            store.ingest(
                _article(f"t{i}", f"Report {i}."),
                [_event(location=f"Town {i}", latitude=30.0 + i, doc_ids=[f"t{i}"])],
            )
            store.events(text="report")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.count_events() == 8
    assert store.count_articles() == 8


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


def test_empty_path() -> None:
    with pytest.raises(StoreError) as info:
        SqliteStore("")
    assert str(info.value) == "empty store path: give a file such as events.sqlite"


@pytest.mark.parametrize("url", [":memory:", "sqlite://", "sqlite:///:memory:"])
def test_open_store_memory(url: str) -> None:
    with open_store(url) as s:
        assert isinstance(s, Store)
        assert s.count_events() == 0


def test_open_store_url_forms(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path}/a.sqlite") as s:
        assert isinstance(s, SqliteStore)
        assert s.path == f"{tmp_path}/a.sqlite"
        assert s.name == s.path
        assert s.url == f"sqlite:///{tmp_path}/a.sqlite"


def test_open_store_unknown_scheme() -> None:
    with pytest.raises(StoreError) as info:
        open_store("mysql://ana:secret@localhost/events")
    assert str(info.value) == (
        "mysql://ana:***@localhost/events: unsupported store URL scheme 'mysql://'; use "
        "postgres://, postgresql://, sqlite:// or a SQLite file path"
    )


def test_malformed_sqlite_url() -> None:
    with pytest.raises(StoreError, match="malformed SQLite URL; write sqlite:///PATH"):
        open_store("sqlite://host/x.db")
