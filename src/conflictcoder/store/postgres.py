"""The server store: PostgreSQL with PostGIS, through psycopg 3 (the ``postgres`` extra).

The tables are those of the SQLite store with PostgreSQL types (DATE, TIMESTAMPTZ, JSONB);
``events.geom`` is a PostGIS point generated from the coordinates (GiST index);
``events.search`` (generated from ``search_text``, the notes and evidence) and
``articles.search`` (title and text, set on insert) are ``tsvector`` columns with GIN
indexes, built with the 'simple' configuration from ``base.search_words`` (words without
accents, no stemming), so that they match what the SQLite FTS5 index matches.

``?schema=NAME`` in the URL keeps the store in its own schema (created if missing), so one
database can hold several stores. Writers serialise on an advisory lock per schema, so
concurrent ingests never create the same event twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import StoreError
from ..merge import DEFAULT_RULE, MergeRule
from ..model import Article
from ..registry import stores
from .base import search_words
from .migrations import apply_postgres
from .sql import SqlStore

_SCHEMA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
_WRITE_LOCK = "SELECT pg_advisory_xact_lock(hashtext('conflictcoder.writes.' || current_schema()))"
INSTALL_HINT = "pip install 'conflictcoder[postgres]'"


def redact_url(url: str) -> str:
    """The URL with its password replaced by ``***``, for messages.

    Example:
        >>> redact_url("postgresql://ana:secret@db.example:5432/events")
        'postgresql://ana:***@db.example:5432/events'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user_info, _, host = parts.netloc.rpartition("@")
    user = user_info.split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def split_url(url: str) -> tuple[str, str | None]:
    """The libpq connection URL and the ``schema`` query parameter (removed from it).

    Example:
        >>> split_url("postgresql://localhost/events?schema=demo&sslmode=disable")
        ('postgresql://localhost/events?sslmode=disable', 'demo')
    """
    parts = urlsplit(url)
    schema: str | None = None
    query: list[tuple[str, str]] = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "schema":
            schema = value
        else:
            query.append((key, value))
    return urlunsplit(parts._replace(query=urlencode(query))), schema


@lru_cache(maxsize=512)
def _placeholders(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _problem(exc: BaseException) -> str:
    """A driver error as one line."""
    return " ".join(line.strip() for line in str(exc).splitlines() if line.strip())


class PostgresStore(SqlStore):
    """Events and articles in a PostgreSQL database with the PostGIS extension.

    url (str): ``postgresql://USER:PASSWORD@HOST:PORT/DB``, optionally ``?schema=NAME``; any
        other libpq URL parameters are passed on.
    rule (MergeRule): when two reports are the same incident. Defaults to ``DEFAULT_RULE``.

    Example:
        >>> with PostgresStore("postgresql://cc:cc@127.0.0.1/cc_test") as store:  # doctest: +SKIP
        ...     store.count_events()
        0
    """

    _json_param = "CAST(? AS jsonb)"
    _no_limit = "ALL"
    _json_field_sql = "(data ->> '{name}')"
    _instr = "strpos"

    def __init__(self, url: str, rule: MergeRule = DEFAULT_RULE) -> None:
        super().__init__(redact_url(url), url, rule)
        try:
            import psycopg
            from psycopg import sql
        except ImportError:
            raise StoreError(
                f"{self.name}: the PostgreSQL back end needs psycopg: {INSTALL_HINT}"
            ) from None
        self._errors: type[Exception] = psycopg.Error
        conninfo, schema = split_url(url)
        if schema is not None and not _SCHEMA_NAME.fullmatch(schema):
            raise StoreError(
                f"{self.name}: schema must be a plain SQL name (letters, digits and _, "
                f"not starting with a digit), got {schema!r}"
            )
        self.schema = schema
        self._conn: Any = None
        try:
            conn = psycopg.connect(
                conninfo, autocommit=True, connect_timeout=10, application_name="conflictcoder"
            )
        except psycopg.Error as exc:
            raise StoreError(f"{self.name}: cannot open store: {_problem(exc)}") from None
        try:
            if schema is not None:
                conn.execute(
                    sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema))
                )
                conn.execute(
                    "SELECT set_config('search_path', %s || ', ' || current_setting('search_path'),"
                    " false)",
                    (sql.Identifier(schema).as_string(conn),),
                )
            self._require_postgis(conn)
            apply_postgres(conn)
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(f"{self.name}: cannot open store: {_problem(exc)}") from None
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _require_postgis(self, conn: Any) -> None:
        if conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone():
            return
        try:
            with conn.transaction():
                conn.execute("CREATE EXTENSION postgis")
        except self._errors as exc:
            raise StoreError(
                f"{self.name}: cannot open store: the database lacks the PostGIS extension and "
                f"this user cannot add it ({_problem(exc)}); as a superuser run: "
                "CREATE EXTENSION postgis;"
            ) from None

    # -- dialect --------------------------------------------------------------------------

    def _connection(self) -> Any:
        if self._conn is None:
            raise StoreError(f"{self.name}: the store is closed; open it again with open_store")
        return self._conn

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        conn = self._connection()
        cursor = conn.execute(_placeholders(sql), list(params)) if params else conn.execute(sql)
        return cursor.fetchall() if cursor.description else []

    @contextmanager
    def _transaction(self, action: str) -> Iterator[None]:
        with self._lock:
            conn = self._connection()
            try:
                with conn.transaction():
                    conn.execute(_WRITE_LOCK)
                    yield
            except self._errors as exc:
                raise StoreError(f"{self.name}: {action}: {_problem(exc)}") from None

    def _read_error(self, exc: Exception) -> StoreError | None:
        if isinstance(exc, self._errors):
            return StoreError(f"{self.name}: cannot read store: {_problem(exc)}")
        return None

    def _load_json(self, value: Any) -> Any:
        return value  # psycopg has already decoded the jsonb column

    def _article_search(self, article: Article) -> tuple[str, str, list[Any]]:
        words = " ".join(search_words(f"{article.title or ''} {article.text}"))
        return ", search", ", to_tsvector('simple', ?)", [words]

    def _text_query(self, words: list[str]) -> str:
        return " ".join(words)

    def _text_match(self, table: str) -> str:
        return f"{table}.search @@ plainto_tsquery('simple', ?)"

    def _bbox_candidates(self, bbox: tuple[float, float, float, float]) -> tuple[str, list[Any]]:
        min_lon, min_lat, max_lon, max_lat = bbox
        # The GiST index finds candidates by bounding box.
        return "events.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)", [
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        ]

    # -- lifecycle ------------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"PostgresStore({self.name!r})"


@stores.register("conflictcoder.postgresql.v1", aliases=("postgresql", "postgres"))
def open_postgres(url: str) -> PostgresStore:
    """Open a PostgreSQL store from ``postgresql://...`` (or ``postgres://...``).

    Example:
        >>> open_postgres("postgresql://cc:cc@127.0.0.1/cc_test")  # doctest: +SKIP
        PostgresStore('postgresql://cc:***@127.0.0.1/cc_test')
    """
    return PostgresStore(str(url))
