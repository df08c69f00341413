"""Tests for conflictcoder.store.postgres: what only the PostgreSQL back end has.

The behaviour both back ends share is tested in test_base.py; these need the server too.
"""

from __future__ import annotations

import threading
from datetime import date

import psycopg
import pytest
from psycopg import sql

from conflictcoder.errors import StoreError
from conflictcoder.model import Article, Event, Evidence
from conflictcoder.store import PostgresStore, open_store
from conflictcoder.store.migrations import MIGRATIONS
from conflictcoder.store.postgres import redact_url, split_url


def _event(doc_id: str, **kw: object) -> Event:
    values: dict[str, object] = {
        "event_date": "2021-03-01",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Military Forces of Russia (2000-)",
        "country": "Syria",
        "admin1": "Idleb",
        "location": "Ariha",
        "latitude": 35.81374,
        "longitude": 36.60964,
        "geo_precision": 1,
        "doc_ids": [doc_id],
        "evidence": [Evidence(doc_id, "Jets struck Ariha.", 0, 18)],
    }
    values.update(kw)
    return Event(**values)  # type: ignore[arg-type]


def _schema_of(url: str) -> str:
    schema = split_url(url)[1]
    assert schema is not None
    return schema


def test_redact_and_split_url() -> None:
    assert redact_url("postgresql://ana:s3cr%40t@h:5432/db?schema=x") == (
        "postgresql://ana:***@h:5432/db?schema=x"
    )
    assert redact_url("postgresql://h/db") == "postgresql://h/db"
    assert split_url("postgresql://h/db?schema=x") == ("postgresql://h/db", "x")
    assert split_url("postgresql://h/db") == ("postgresql://h/db", None)


def test_geometry_and_search_columns(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        assert isinstance(store, PostgresStore)
        store.upsert_events([_event("a", notes="A bakery was hit.")])
    schema = _schema_of(postgres_url)
    with psycopg.connect(split_url(postgres_url)[0]) as conn:
        row = conn.execute(
            sql.SQL(
                "SELECT ST_AsText(geom), ST_SRID(geom), search::text, pg_typeof(event_date)::text "
                "FROM {}.events"
            ).format(sql.Identifier(schema))
        ).fetchone()
    assert row == (
        "POINT(36.60964 35.81374)",
        4326,
        "'a':1 'ariha':7 'bakery':2 'hit':4 'jets':5 'struck':6 'was':3",
        "date",
    )


def test_migrations_applied_once_per_schema(postgres_url: str) -> None:
    open_store(postgres_url).close()
    open_store(postgres_url).close()
    with psycopg.connect(split_url(postgres_url)[0]) as conn:
        rows = conn.execute(
            sql.SQL("SELECT name FROM {}.migrations ORDER BY applied_at").format(
                sql.Identifier(_schema_of(postgres_url))
            )
        ).fetchall()
    assert rows == [(m.name,) for m in MIGRATIONS]


def test_concurrent_reports_of_one_incident_make_one_event(postgres_url: str) -> None:
    stores = [open_store(postgres_url) for _ in range(4)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(stores))

    def ingest(i: int) -> None:
        try:
            start.wait()
            article = Article(
                f"d{i}", f"Jets struck Ariha, report {i}.", published=date(2021, 3, 1)
            )
            # Different actors or days give each report its own event_id: only the merge rule
            # can join them, and only if the writers take turns.
            actor = None if i % 2 else "Military Forces of Russia (2000-)"
            day = "2021-03-01" if i < 2 else "2021-03-02"
            stores[i].ingest(article, [_event(f"d{i}", actor1=actor, event_date=day)])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=ingest, args=(i,)) for i in range(len(stores))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        [event] = stores[0].events()
        assert sorted(event.doc_ids) == ["d0", "d1", "d2", "d3"]
    finally:
        for store in stores:
            store.close()


def test_bad_schema_name() -> None:
    with pytest.raises(StoreError) as info:
        PostgresStore("postgresql://ana:pw@127.0.0.1/db?schema=drop table")
    assert str(info.value) == (
        "postgresql://ana:***@127.0.0.1/db?schema=drop table: schema must be a plain SQL name "
        "(letters, digits and _, not starting with a digit), got 'drop table'"
    )


def test_unreachable_server_names_the_url_without_password() -> None:
    with pytest.raises(StoreError) as info:
        open_store("postgresql://ana:secret@127.0.0.1:1/events")
    message = str(info.value)
    assert message.startswith(
        "postgresql://ana:***@127.0.0.1:1/events: cannot open store: connection failed"
    )
    assert "secret" not in message
    assert "\n" not in message


def test_wrong_password(postgres_base_url: str) -> None:
    conninfo = psycopg.conninfo.conninfo_to_dict(postgres_base_url)
    url = f"postgresql://{conninfo['user']}:wrong@{conninfo['host']}:{conninfo.get('port', 5432)}"
    url += f"/{conninfo['dbname']}"
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert str(info.value).startswith(f"{redact_url(url)}: cannot open store: connection failed")
    assert "password authentication failed" in str(info.value)


def test_postgres_alias(postgres_url: str) -> None:
    with open_store(postgres_url.replace("postgresql://", "postgres://", 1)) as store:
        assert isinstance(store, PostgresStore)
        assert store.count_events() == 0
        assert repr(store) == f"PostgresStore({redact_url(store.url)!r})"
