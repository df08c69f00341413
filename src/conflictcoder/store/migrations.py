"""Named schema migrations, applied once each and recorded in a ``migrations`` table.

Why over 600 lines: it is the append-only, ordered record of every shipped schema step with
its SQL for both back ends, read top to bottom as the schema's history; steps are never
edited once shipped, so splitting them by area would only scatter one order.

Each step has a stable name and the SQL for every back end that has one. A back end applies
the steps it has not recorded yet, in order, each in its own transaction, so a store
written by an older version is brought up to date when it is opened. Never edit a step
that has shipped: add a new one.

SQLite statements run through ``sqlite3`` (one statement each; a trigger body counts as one);
PostgreSQL statements through psycopg without parameters. PostgreSQL migrations run under an
advisory lock per schema, so concurrent openers apply each step once.
"""

from __future__ import annotations

import sqlite3
import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class Migration:
    """One schema step.

    name (str): stable, unique name ("0001_initial"); recorded once applied.
    sqlite (tuple[str, ...]): SQL statements for the SQLite back end.
    postgres (tuple[str, ...]): SQL statements for the PostgreSQL back end.
    """

    name: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...] = ()


# -- SQL of the steps after 0001 (and 0001 for PostgreSQL, which arrived with 0002) ------


def _event_columns(day: str, real: str) -> str:
    """The ACLED columns of the events table (0001), in a back end's types for a date and a
    floating-point number."""
    return f"""
    event_date {day},
    time_precision INTEGER,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    actor1 TEXT,
    assoc_actor_1 TEXT,
    inter1 INTEGER,
    actor2 TEXT,
    assoc_actor_2 TEXT,
    inter2 INTEGER,
    interaction INTEGER,
    civilian_targeting TEXT,
    iso INTEGER,
    country TEXT,
    admin1 TEXT,
    admin2 TEXT,
    admin3 TEXT,
    location TEXT,
    latitude {real},
    longitude {real},
    geo_precision INTEGER,
    source TEXT,
    notes TEXT,
    fatalities INTEGER NOT NULL DEFAULT 0,"""


_SQLITE_EVENT_COLUMNS = _event_columns("TEXT", "REAL")
_SQLITE_ARTICLE_COLUMNS = """
    id TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    title TEXT,
    published TEXT,
    source TEXT,
    url TEXT,
    language TEXT,
    origin TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL"""
# The indexes of 0001, on both back ends (0002 recreates them on SQLite's rebuilt tables).
_INDEXES_0001_ARTICLES = ("CREATE INDEX articles_id ON articles (id)",)
_INDEXES_0001_EVENTS = (
    "CREATE INDEX events_date ON events (event_date)",
    "CREATE INDEX events_country_admin1 ON events (country, admin1)",
    "CREATE INDEX events_type ON events (event_type, sub_event_type)",
)
_INDEXES_0001_SOURCES = ("CREATE INDEX event_sources_doc ON event_sources (doc_id)",)
# The events indexes 0002 adds, on both back ends.
_INDEXES_0002_EVENTS = (
    "CREATE INDEX events_match ON events (sub_event_type, event_date)",
    "CREATE INDEX events_actor1 ON events (actor1)",
    "CREATE INDEX events_actor2 ON events (actor2)",
    "CREATE INDEX events_fatalities ON events (fatalities)",
    "CREATE INDEX events_updated ON events (updated_at)",
)


def _event_sources_table(name: str, events: str) -> str:
    """The event_sources table (0001, and 0002's copy on SQLite), same on both back ends."""
    return f"""
    CREATE TABLE {name} (
        event_id TEXT NOT NULL REFERENCES {events} (event_id) ON DELETE CASCADE,
        doc_id TEXT NOT NULL,
        PRIMARY KEY (event_id, doc_id)
    )
    """


def _sqlite_history_table(name: str, actions: str) -> str:
    """The SQLite event_history table (0002, and 0004's copy that takes the review actions),
    ``actions`` being the SQL list of the actions it accepts."""
    return f"""
    CREATE TABLE {name} (
        id INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL,
        at TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ({actions})),
        doc_id TEXT,
        user_name TEXT,
        note TEXT,
        changes TEXT NOT NULL CHECK (json_valid(changes)),
        overridden TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(overridden))
    )
    """


# The history actions of 0002 (0004 adds the review actions, ``HISTORY_ACTIONS``).
_ACTIONS_0002_SQL = "'create', 'merge', 'update', 'correct'"
_ACLED_COPY = (
    "event_id, event_date, time_precision, event_type, sub_event_type, actor1, assoc_actor_1,"
    " inter1, actor2, assoc_actor_2, inter2, interaction, civilian_targeting, iso, country,"
    " admin1, admin2, admin3, location, latitude, longitude, geo_precision, source, notes,"
    " fatalities"
)
_FTS_TOKENIZER = "tokenize = 'unicode61 remove_diacritics 2'"

# 0002 (SQLite): explicit INTEGER PRIMARY KEYs (``seq``) for the tables that the FTS5 and
# R*Tree indexes point into (VACUUM may renumber implicit rowids), the columns the new queries
# need, reports/corrections/history, and the indexes; rows of an 0001 store are carried over,
# each event becoming its own first report.
_SQLITE_0002: tuple[str, ...] = (
    f"""
    CREATE TABLE events_new (
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,{_SQLITE_EVENT_COLUMNS}
        search_text TEXT NOT NULL DEFAULT '',
        number_of_sources INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT,
        data TEXT NOT NULL CHECK (json_valid(data))
    )
    """,
    f"""
    INSERT INTO events_new ({_ACLED_COPY}, search_text, number_of_sources, updated_at, data)
    SELECT {_ACLED_COPY},
        trim(coalesce(notes, '') || ' ' || coalesce(
            (SELECT group_concat(json_extract(e.value, '$.sentence'), ' ')
             FROM json_each(events.data, '$.evidence') AS e), '')),
        coalesce(json_array_length(events.data, '$.doc_ids'), 0),
        strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'),
        data
    FROM events ORDER BY rowid
    """,
    _event_sources_table("event_sources_new", "events_new"),
    "INSERT INTO event_sources_new (event_id, doc_id) SELECT event_id, doc_id FROM event_sources",
    "DROP TABLE event_sources",
    "DROP TABLE events",
    "ALTER TABLE events_new RENAME TO events",
    "ALTER TABLE event_sources_new RENAME TO event_sources",
    f"""
    CREATE TABLE articles_new (
        seq INTEGER PRIMARY KEY,{_SQLITE_ARTICLE_COLUMNS}
    )
    """,
    """
    INSERT INTO articles_new (id, content_hash, title, published, source, url, language,
                              origin, text, ingested_at)
    SELECT id, content_hash, title, published, source, url, language, origin, text, ingested_at
    FROM articles ORDER BY rowid
    """,
    "DROP TABLE articles",
    "ALTER TABLE articles_new RENAME TO articles",
    *_INDEXES_0001_ARTICLES,
    *_INDEXES_0001_EVENTS,
    *_INDEXES_0002_EVENTS,
    *_INDEXES_0001_SOURCES,
    """
    CREATE TABLE event_reports (
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
        report_id TEXT NOT NULL,
        doc_key TEXT NOT NULL,
        doc_id TEXT,
        data TEXT NOT NULL CHECK (json_valid(data)),
        received_at TEXT NOT NULL,
        event_type TEXT NOT NULL,
        sub_event_type TEXT NOT NULL,
        event_date TEXT,
        latitude REAL,
        longitude REAL,
        UNIQUE (report_id, doc_key)
    )
    """,
    "CREATE INDEX event_reports_event ON event_reports (event_id, seq)",
    "CREATE INDEX event_reports_match ON event_reports (sub_event_type, event_date)",
    """
    INSERT INTO event_reports (event_id, report_id, doc_key, doc_id, data, received_at,
                               event_type, sub_event_type, event_date, latitude, longitude)
    SELECT event_id, event_id, coalesce(json_extract(data, '$.doc_ids'), '[]'),
           json_extract(data, '$.doc_ids[0]'), data, updated_at,
           event_type, sub_event_type, event_date, latitude, longitude
    FROM events ORDER BY seq
    """,
    """
    CREATE TABLE event_corrections (
        id INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        value TEXT NOT NULL CHECK (json_valid(value)),
        user_name TEXT NOT NULL,
        note TEXT,
        at TEXT NOT NULL
    )
    """,
    "CREATE INDEX event_corrections_event ON event_corrections (event_id, id)",
    _sqlite_history_table("event_history", _ACTIONS_0002_SQL),
    "CREATE INDEX event_history_event ON event_history (event_id, id)",
    """
    INSERT INTO event_history (event_id, at, action, doc_id, note, changes)
    SELECT event_id, updated_at, 'create', json_extract(data, '$.doc_ids[0]'),
           'stored before event history was kept', '{}'
    FROM events ORDER BY seq
    """,
    "CREATE VIRTUAL TABLE events_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat)",
    f"""
    CREATE VIRTUAL TABLE events_fts USING fts5 (
        search_text, content = 'events', content_rowid = 'seq', {_FTS_TOKENIZER}
    )
    """,
    f"""
    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text, content = 'articles', content_rowid = 'seq', {_FTS_TOKENIZER}
    )
    """,
    """
    CREATE TRIGGER events_after_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_fts (rowid, search_text) VALUES (new.seq, new.search_text);
        INSERT INTO events_rtree
            SELECT new.seq, new.longitude, new.longitude, new.latitude, new.latitude
            WHERE new.latitude IS NOT NULL AND new.longitude IS NOT NULL;
    END
    """,
    """
    CREATE TRIGGER events_after_delete AFTER DELETE ON events BEGIN
        INSERT INTO events_fts (events_fts, rowid, search_text)
            VALUES ('delete', old.seq, old.search_text);
        DELETE FROM events_rtree WHERE id = old.seq;
    END
    """,
    """
    CREATE TRIGGER events_after_update AFTER UPDATE ON events BEGIN
        INSERT INTO events_fts (events_fts, rowid, search_text)
            VALUES ('delete', old.seq, old.search_text);
        INSERT INTO events_fts (rowid, search_text) VALUES (new.seq, new.search_text);
        DELETE FROM events_rtree WHERE id = old.seq;
        INSERT INTO events_rtree
            SELECT new.seq, new.longitude, new.longitude, new.latitude, new.latitude
            WHERE new.latitude IS NOT NULL AND new.longitude IS NOT NULL;
    END
    """,
    """
    CREATE TRIGGER articles_after_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
    END
    """,
    """
    CREATE TRIGGER articles_after_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
    END
    """,
    """
    CREATE TRIGGER articles_after_update AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
    END
    """,
    """
    INSERT INTO events_rtree
    SELECT seq, longitude, longitude, latitude, latitude FROM events
    WHERE latitude IS NOT NULL AND longitude IS NOT NULL
    """,
    "INSERT INTO events_fts (events_fts) VALUES ('rebuild')",
    "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
)

# 0001 (PostgreSQL): the 0001 tables with PostgreSQL types; identity ``seq`` columns give
# articles and events their arrival order.
_POSTGRES_0001: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT,
        published DATE,
        source TEXT,
        url TEXT,
        language TEXT,
        origin TEXT,
        text TEXT NOT NULL,
        ingested_at TIMESTAMPTZ NOT NULL
    )
    """,
    *_INDEXES_0001_ARTICLES,
    f"""
    CREATE TABLE events (
        seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        event_id TEXT PRIMARY KEY,{_event_columns("DATE", "DOUBLE PRECISION")}
        data JSONB NOT NULL
    )
    """,
    *_INDEXES_0001_EVENTS,
    _event_sources_table("event_sources", "events"),
    *_INDEXES_0001_SOURCES,
)

# 0002 (PostgreSQL): PostGIS point and full-text columns generated from the row (GiST and
# GIN indexed), reports/corrections/history, and the indexes; rows carried over as in SQLite.
_POSTGRES_0002: tuple[str, ...] = (
    "ALTER TABLE events ADD COLUMN search_text TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE events ADD COLUMN number_of_sources INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE events ADD COLUMN updated_at TIMESTAMPTZ",
    """
    ALTER TABLE events ADD COLUMN geom geometry(Point, 4326) GENERATED ALWAYS AS (
        CASE WHEN latitude IS NULL OR longitude IS NULL THEN NULL
             ELSE ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) END
    ) STORED
    """,
    """
    ALTER TABLE events ADD COLUMN search tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', search_text)
    ) STORED
    """,
    "ALTER TABLE articles ADD COLUMN search tsvector",
    "UPDATE articles SET search = to_tsvector('simple', coalesce(title, '') || ' ' || text)",
    """
    UPDATE events SET
        search_text = trim(coalesce(notes, '') || ' ' || coalesce(
            (SELECT string_agg(e->>'sentence', ' ')
             FROM jsonb_array_elements(data->'evidence') AS e), '')),
        number_of_sources = coalesce(jsonb_array_length(data->'doc_ids'), 0),
        updated_at = now()
    """,
    "CREATE INDEX events_geom ON events USING gist (geom)",
    "CREATE INDEX events_search ON events USING gin (search)",
    "CREATE INDEX articles_search ON articles USING gin (search)",
    *_INDEXES_0002_EVENTS,
    """
    CREATE TABLE event_reports (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
        report_id TEXT NOT NULL,
        doc_key TEXT NOT NULL,
        doc_id TEXT,
        data JSONB NOT NULL,
        received_at TIMESTAMPTZ NOT NULL,
        event_type TEXT NOT NULL,
        sub_event_type TEXT NOT NULL,
        event_date DATE,
        latitude DOUBLE PRECISION,
        longitude DOUBLE PRECISION,
        UNIQUE (report_id, doc_key)
    )
    """,
    "CREATE INDEX event_reports_event ON event_reports (event_id, seq)",
    "CREATE INDEX event_reports_match ON event_reports (sub_event_type, event_date)",
    """
    INSERT INTO event_reports (event_id, report_id, doc_key, doc_id, data, received_at,
                               event_type, sub_event_type, event_date, latitude, longitude)
    SELECT event_id, event_id, coalesce((data->'doc_ids')::text, '[]'), data->'doc_ids'->>0,
           data, now(), event_type, sub_event_type, event_date, latitude, longitude
    FROM events ORDER BY seq
    """,
    """
    CREATE TABLE event_corrections (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        value JSONB NOT NULL,
        user_name TEXT NOT NULL,
        note TEXT,
        at TIMESTAMPTZ NOT NULL
    )
    """,
    "CREATE INDEX event_corrections_event ON event_corrections (event_id, id)",
    """
    CREATE TABLE event_history (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('create', 'merge', 'update', 'correct')),
        doc_id TEXT,
        user_name TEXT,
        note TEXT,
        changes JSONB NOT NULL,
        overridden JSONB NOT NULL DEFAULT '{}'
    )
    """,
    "CREATE INDEX event_history_event ON event_history (event_id, id)",
    """
    INSERT INTO event_history (event_id, at, action, doc_id, note, changes)
    SELECT event_id, now(), 'create', data->'doc_ids'->>0,
           'stored before event history was kept', '{}'
    FROM events ORDER BY seq
    """,
)

# 0003 (both back ends): the order of the events list, ``ORDER BY (event_date IS NULL),
# event_date [DESC], event_id`` (undated events last), read from an index, oldest or newest
# first: without these a page of the list sorted every matching event first. The
# (event_date) index cannot serve it: the order starts with an expression.
_EVENTS_LIST_ORDER: tuple[str, ...] = (
    "CREATE INDEX events_list_date ON events ((event_date IS NULL), event_date, event_id)",
    "CREATE INDEX events_list_date_desc ON events "
    "((event_date IS NULL), event_date DESC, event_id)",
)


# 0004 (both back ends): change tracking and review. ``timestamp`` is the Unix second of an
# event's last change (ACLED's column); ``change_seq`` orders every change by one counter
# (``change_counter``), which writers bump inside their transaction, so a reader that sees
# counter N has seen every change numbered up to N: ``Store.changes`` pages on it exactly.
# ``removed_events`` remembers ids deleted, merged away or rejected. ``review_status`` is
# pending, confirmed or rejected; the history takes the review actions.
HISTORY_ACTIONS: tuple[str, ...] = (
    "create",
    "merge",
    "update",
    "correct",
    "delete",
    "confirm",
    "reject",
    "reopen",
    "absorb",
    "merged_away",
    "split",
)
_ACTIONS_SQL = ", ".join(f"'{a}'" for a in HISTORY_ACTIONS)


def _change_tracking(epoch_of_updated: str, history: tuple[str, ...]) -> tuple[str, ...]:
    return (
        "ALTER TABLE events ADD COLUMN timestamp BIGINT",
        "ALTER TABLE events ADD COLUMN change_seq BIGINT",
        "ALTER TABLE events ADD COLUMN review_status TEXT NOT NULL DEFAULT 'pending'",
        f"UPDATE events SET timestamp = {epoch_of_updated}, change_seq = seq",
        "CREATE INDEX events_change_seq ON events (change_seq)",
        "CREATE INDEX events_timestamp ON events (timestamp)",
        "CREATE INDEX events_review ON events (review_status, confidence_rank, event_id)",
        """
        CREATE TABLE change_counter (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq BIGINT NOT NULL
        )
        """,
        "INSERT INTO change_counter (id, seq) SELECT 1, coalesce(max(seq), 0) FROM events",
        """
        CREATE TABLE removed_events (
            event_id TEXT PRIMARY KEY,
            change_seq BIGINT NOT NULL,
            timestamp BIGINT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('delete', 'merge', 'reject')),
            merged_into TEXT,
            user_name TEXT,
            reason TEXT
        )
        """,
        "CREATE INDEX removed_events_change_seq ON removed_events (change_seq)",
        "CREATE INDEX removed_events_timestamp ON removed_events (timestamp)",
        *history,
    )


_SQLITE_0004: tuple[str, ...] = (
    "ALTER TABLE events ADD COLUMN confidence_rank REAL",
    "UPDATE events SET confidence_rank = json_extract(data, '$.confidence')",
    *_change_tracking(
        "CAST(strftime('%s', coalesce(updated_at, 'now')) AS INTEGER)",
        (
            # indented as shipped: the text SQLite keeps as the table's schema stays the same
            textwrap.indent(_sqlite_history_table("event_history_0004", _ACTIONS_SQL), " " * 8),
            "INSERT INTO event_history_0004 SELECT * FROM event_history",
            "DROP TABLE event_history",
            "ALTER TABLE event_history_0004 RENAME TO event_history",
            "CREATE INDEX event_history_event ON event_history (event_id, id)",
        ),
    ),
    "UPDATE events SET data = json_set(data, '$.timestamp', timestamp)",
)
_POSTGRES_0004: tuple[str, ...] = (
    "ALTER TABLE events ADD COLUMN confidence_rank DOUBLE PRECISION",
    "UPDATE events SET confidence_rank = (data->>'confidence')::double precision",
    *_change_tracking(
        "extract(epoch FROM coalesce(updated_at, now()))::bigint",
        (
            "ALTER TABLE event_history DROP CONSTRAINT IF EXISTS event_history_action_check",
            f"ALTER TABLE event_history ADD CONSTRAINT event_history_action_check "
            f"CHECK (action IN ({_ACTIONS_SQL}))",
        ),
    ),
    "UPDATE events SET data = jsonb_set(data, '{timestamp}', to_jsonb(timestamp))",
)


# 0005 (both back ends): what ``watch`` remembers per source (``store/watch_state.py``), and
# an index that finds the articles stored in a time window (articles per day per source).
def _watch_sources(time: str) -> tuple[str, ...]:
    return (
        f"""
        CREATE TABLE watch_sources (
            name TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            etag TEXT,
            last_modified TEXT,
            last_poll {time},
            last_success {time},
            first_success {time},
            last_status INTEGER,
            last_error TEXT,
            last_error_at {time},
            failures INTEGER NOT NULL DEFAULT 0,
            next_due {time},
            articles_seen INTEGER NOT NULL DEFAULT 0,
            articles_new INTEGER NOT NULL DEFAULT 0
        )
        """,
        "CREATE INDEX articles_ingested ON articles (ingested_at)",
    )


# 0006 (both back ends): saved searches (``alerts``: the search as JSON, the webhook and its
# signing secret, ``cursor``: the change_seq claimed up to) and the webhook delivery log,
# one row per (alert, event, event timestamp), so each is sent once; ``payload`` is the exact
# body signed and sent (retries send the same bytes).
def _alert_deliveries_table(name: str, time: str, identity: str, *, versioned: bool) -> str:
    """The alert_deliveries table of 0006 and, ``versioned``, the SQLite copy of 0009 whose
    key takes the ``version`` column."""
    version_column = "\n        version TEXT NOT NULL DEFAULT ''," if versioned else ""
    version_key = ", version" if versioned else ""
    return f"""
    CREATE TABLE {name} (
        id {identity},
        alert_id TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        event_id TEXT NOT NULL,
        event_timestamp BIGINT NOT NULL,{version_column}
        change_seq BIGINT,
        action TEXT NOT NULL CHECK (action IN ('created', 'updated')),
        payload TEXT NOT NULL,
        status TEXT NOT NULL
            CHECK (status IN ('pending', 'sending', 'delivered', 'failed', 'abandoned')),
        attempts INTEGER NOT NULL DEFAULT 0,
        response_status INTEGER,
        error TEXT,
        created_at {time} NOT NULL,
        last_attempt_at {time},
        delivered_at {time},
        next_attempt_at {time},
        UNIQUE (alert_id, event_id, event_timestamp{version_key})
    )
    """


_ALERT_DELIVERIES_INDEXES: tuple[str, ...] = (
    "CREATE INDEX alert_deliveries_due ON alert_deliveries (status, next_attempt_at)",
    "CREATE INDEX alert_deliveries_alert ON alert_deliveries (alert_id, id)",
)


def _alerts(time: str, json_type: str, identity: str) -> tuple[str, ...]:
    return (
        f"""
        CREATE TABLE alerts (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            search {json_type} NOT NULL,
            webhook_url TEXT,
            secret TEXT NOT NULL,
            created_at {time} NOT NULL,
            created_by TEXT,
            cursor BIGINT NOT NULL DEFAULT 0
        )
        """,
        # indented as shipped, like 0004's history table
        textwrap.indent(
            _alert_deliveries_table("alert_deliveries", time, identity, versioned=False), " " * 4
        ),
        *_ALERT_DELIVERIES_INDEXES,
    )


# 0007 (both back ends): accounts (scrypt password hashes, roles) and sign-in sessions (the
# SHA-256 of each token only), see ``store/accounts.py``.
_ACCOUNTS: tuple[str, ...] = (
    """
    CREATE TABLE users (
        name TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('reader', 'reviewer', 'admin')),
        created_at BIGINT NOT NULL
    )
    """,
    """
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
    )
    """,
    "CREATE INDEX sessions_user ON sessions (user_name)",
)


# 0009 (both back ends): a delivery's ``version`` (a digest of the event as sent) joins the
# key, so two versions of an event stored within the same second (timestamps are whole
# seconds) are both delivered, and each version still once.
_SQLITE_0009: tuple[str, ...] = (
    _alert_deliveries_table("alert_deliveries_0009", "TEXT", "INTEGER PRIMARY KEY", versioned=True),
    """
    INSERT INTO alert_deliveries_0009 (id, alert_id, event_id, event_timestamp, change_seq,
        action, payload, status, attempts, response_status, error, created_at,
        last_attempt_at, delivered_at, next_attempt_at)
    SELECT id, alert_id, event_id, event_timestamp, change_seq, action, payload, status,
        attempts, response_status, error, created_at, last_attempt_at, delivered_at,
        next_attempt_at
    FROM alert_deliveries ORDER BY id
    """,
    "DROP TABLE alert_deliveries",
    "ALTER TABLE alert_deliveries_0009 RENAME TO alert_deliveries",
    *_ALERT_DELIVERIES_INDEXES,
)
_POSTGRES_0009: tuple[str, ...] = (
    "ALTER TABLE alert_deliveries ADD COLUMN version TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE alert_deliveries "
    "DROP CONSTRAINT alert_deliveries_alert_id_event_id_event_timestamp_key",
    "ALTER TABLE alert_deliveries ADD CONSTRAINT alert_deliveries_version_key "
    "UNIQUE (alert_id, event_id, event_timestamp, version)",
)

# What the API's timeline (events and deaths per day) and places (per coordinates) read:
# the timeline is answered from the first index alone, without touching the table.
_AGGREGATE_INDEXES: tuple[str, ...] = (
    "CREATE INDEX events_timeline ON events (event_date, fatalities)",
    "CREATE INDEX events_place ON events (latitude, longitude)",
)

# 0010 (both back ends): the ACLED source scale a watched source declares in the sources
# file (``source_scale``), kept with its state so ``sources`` shows it and exports use it.
_WATCH_SOURCE_SCALE: tuple[str, ...] = ("ALTER TABLE watch_sources ADD COLUMN source_scale TEXT",)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_initial",
        sqlite=(
            f"CREATE TABLE articles ({_SQLITE_ARTICLE_COLUMNS}\n)",
            *_INDEXES_0001_ARTICLES,
            f"""
            CREATE TABLE events (
                event_id TEXT PRIMARY KEY,{_SQLITE_EVENT_COLUMNS}
                data TEXT NOT NULL CHECK (json_valid(data))
            )
            """,
            *_INDEXES_0001_EVENTS,
            _event_sources_table("event_sources", "events"),
            *_INDEXES_0001_SOURCES,
        ),
        postgres=_POSTGRES_0001,
    ),
    Migration("0002_reports_history_search", sqlite=_SQLITE_0002, postgres=_POSTGRES_0002),
    Migration("0003_events_list_order", sqlite=_EVENTS_LIST_ORDER, postgres=_EVENTS_LIST_ORDER),
    Migration("0004_change_tracking_review", sqlite=_SQLITE_0004, postgres=_POSTGRES_0004),
    Migration(
        "0005_watch_sources",
        sqlite=_watch_sources("TEXT"),
        postgres=_watch_sources("TIMESTAMPTZ"),
    ),
    Migration(
        "0006_alerts",
        sqlite=_alerts("TEXT", "TEXT", "INTEGER PRIMARY KEY"),
        postgres=_alerts("TIMESTAMPTZ", "JSONB", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
    ),
    Migration("0007_accounts", sqlite=_ACCOUNTS, postgres=_ACCOUNTS),
    Migration("0008_aggregate_indexes", sqlite=_AGGREGATE_INDEXES, postgres=_AGGREGATE_INDEXES),
    Migration("0009_alert_delivery_versions", sqlite=_SQLITE_0009, postgres=_POSTGRES_0009),
    Migration("0010_watch_source_scale", sqlite=_WATCH_SOURCE_SCALE, postgres=_WATCH_SOURCE_SCALE),
)


def applied_sqlite(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations recorded in a SQLite store, in the order applied.

    Example:
        >>> conn = sqlite3.connect(":memory:", isolation_level=None)
        >>> apply_sqlite(conn) == [m.name for m in MIGRATIONS]
        True
        >>> applied_sqlite(conn) == [m.name for m in MIGRATIONS]
        True
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    rows = conn.execute("SELECT name FROM migrations ORDER BY rowid").fetchall()
    return [row[0] for row in rows]


def apply_sqlite(
    conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS
) -> list[str]:
    """Apply the migrations a SQLite store has not recorded yet, each in one transaction.

    conn (sqlite3.Connection): a connection in autocommit mode (``isolation_level=None``).
    migrations (tuple[Migration, ...]): the steps, in order. Defaults to ``MIGRATIONS``.
    RETURNS (list[str]): the names applied by this call (empty when up to date).

    Example:
        >>> conn = sqlite3.connect(":memory:", isolation_level=None)
        >>> apply_sqlite(conn)[0], apply_sqlite(conn)
        ('0001_initial', [])
    """
    done = set(applied_sqlite(conn))
    applied: list[str] = []
    for migration in migrations:
        if migration.name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # A concurrent opener may have applied it while we waited for the write lock.
            if conn.execute(
                "SELECT 1 FROM migrations WHERE name = ?", (migration.name,)
            ).fetchone():
                conn.execute("ROLLBACK")
                continue
            for statement in migration.sqlite:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                (migration.name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(migration.name)
    return applied


_PG_MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
)
# One advisory lock per schema: openers of the same schema apply each step once.
_PG_LOCK = "SELECT pg_advisory_xact_lock(hashtext('conflictcoder.migrations.' || current_schema()))"


def applied_postgres(conn: Any) -> list[str]:
    """Names of the migrations recorded in a PostgreSQL schema, in the order applied.

    conn (psycopg.Connection): a connection in autocommit mode, its search_path set.

    Example:
        >>> applied_postgres(conn)  # doctest: +SKIP
        ['0001_initial', '0002_reports_history_search', '0003_events_list_order']
    """
    with conn.transaction():
        conn.execute(_PG_LOCK)
        conn.execute(_PG_MIGRATIONS_TABLE)
        rows = conn.execute("SELECT name FROM migrations ORDER BY applied_at, name").fetchall()
    return [row[0] for row in rows]


def apply_postgres(conn: Any, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply the migrations a PostgreSQL schema has not recorded yet, each in one transaction.

    conn (psycopg.Connection): a connection in autocommit mode, its search_path set to the
        store's schema (PostGIS must be reachable on it).
    migrations (tuple[Migration, ...]): the steps, in order. Defaults to ``MIGRATIONS``.
    RETURNS (list[str]): the names applied by this call (empty when up to date).
    Driver errors propagate; the failed step is rolled back and not recorded.

    Example:
        >>> apply_postgres(conn), apply_postgres(conn)  # doctest: +SKIP
        (['0001_initial', '0002_reports_history_search', '0003_events_list_order'], [])
    """
    done = set(applied_postgres(conn))
    applied: list[str] = []
    for migration in migrations:
        if migration.name in done:
            continue
        if not migration.postgres:
            raise ValueError(f"migration {migration.name} has no PostgreSQL statements")
        with conn.transaction():
            conn.execute(_PG_LOCK)
            # A concurrent opener may have applied it while we waited for the lock.
            if conn.execute(
                "SELECT 1 FROM migrations WHERE name = %s", (migration.name,)
            ).fetchone():
                continue
            for statement in migration.postgres:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (%s, clock_timestamp())",
                (migration.name,),
            )
        applied.append(migration.name)
    return applied
