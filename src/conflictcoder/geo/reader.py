"""Reading the gazetteer index: one read-only connection, and the place rows behind it.

``IndexConnection`` owns the SQLite connection (shared by threads under one lock) and the
index's meta table; ``PlaceRows`` turns rows of the ``places`` table into ``GazetteerEntry``
values and caches the queries every lookup goes through (by name key, by exact key, the
towns of a province, the units of a country). ``Gazetteer`` composes them; ``index_status``
reads the connection directly.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import GazetteerError
from .countries import countries_table
from .entry import GazetteerEntry
from .names import name_key

# The columns of a GazetteerEntry, in its field order (country name and ISO numeric aside).
PLACE_COLUMNS = (
    "p.geonameid, p.name, p.country_code, "
    "COALESCE(p.admin1, (SELECT a.name FROM admin_codes a WHERE a.country_code = p.country_code "
    "AND a.code = p.admin1_code)), "
    "COALESCE(p.admin2, (SELECT a.name FROM admin_codes a WHERE a.country_code = p.country_code "
    "AND a.code = p.admin1_code || '.' || p.admin2_code)), p.latitude, p.longitude, "
    "p.feature_class, p.feature_code, p.population, p.source, p.admin3, p.admin1_pcode, "
    "p.admin2_pcode, p.admin3_pcode, p.rank, p.id"
)


class IndexConnection:
    """A read-only connection to a gazetteer index, safe to share between threads.

    path (Path): the index file.

    Raises GazetteerError when the file is not a gazetteer index.

    Example:
        >>> IndexConnection(gaz.path).fetchone("SELECT count(*) FROM places WHERE name = 'Idlib'")
        (1,)
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            uri = path.resolve().as_uri() + "?mode=ro"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            meta = dict(self._conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            raise GazetteerError(
                f"not a gazetteer index ({exc}); delete it to rebuild", path
            ) from None
        self.meta: dict[str, str] = meta

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Every row of one query."""
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first row of one query, or None."""
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()


class PlaceRows:
    """The places of the index as entries, through cached queries.

    Example:
        >>> rows = PlaceRows(IndexConnection(gaz.path))
        >>> rows.by_key(name_key("Idleb"))[0].name
        'Idlib'
    """

    def __init__(self, db: IndexConnection) -> None:
        self._db = db
        self._countries = countries_table()
        self.by_key = lru_cache(maxsize=65_536)(self._by_key)
        self.by_exact_key = lru_cache(maxsize=65_536)(self._by_exact_key)
        self.has_key = lru_cache(maxsize=262_144)(self._has_key)
        self.has_exact_key = lru_cache(maxsize=262_144)(self._has_exact_key)
        self.town_keys = lru_cache(maxsize=256)(self._town_keys)
        self.fuzzy_index = lru_cache(maxsize=64)(self._fuzzy_index)
        self.units = lru_cache(maxsize=64)(self._units)

    def named(self, name: str, country_code: str | None = None) -> tuple[GazetteerEntry, ...]:
        """The places called ``name`` in any transliteration (of one country when given)."""
        key = name_key(name)
        if not key:
            return ()
        entries = self.by_key(key)
        if country_code:
            cc = country_code.upper()
            entries = tuple(e for e in entries if e.country_code == cc)
        return entries

    def _by_key(self, key: str) -> tuple[GazetteerEntry, ...]:
        sql = (
            f"SELECT {PLACE_COLUMNS} FROM names n JOIN places p ON p.id = n.place_id "
            "WHERE n.key = ? ORDER BY (p.feature_class = 'P') DESC, p.population DESC, p.id"
        )
        return self._dedupe([self.to_entry(row) for row in self._db.fetchall(sql, (key,))])

    def _by_exact_key(self, key: str) -> tuple[GazetteerEntry, ...]:
        sql = (
            f"SELECT {PLACE_COLUMNS} FROM exact_names n JOIN places p ON p.id = n.place_id "
            "WHERE n.key = ? ORDER BY (p.feature_class = 'P') DESC, p.population DESC, p.id"
        )
        return self._dedupe([self.to_entry(row) for row in self._db.fetchall(sql, (key,))])

    def _has_key(self, key: str) -> bool:
        row = self._db.fetchone("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,))
        return row is not None

    def _has_exact_key(self, key: str) -> bool:
        row = self._db.fetchone("SELECT 1 FROM exact_names WHERE key = ? LIMIT 1", (key,))
        return row is not None

    def to_entry(self, row: tuple[Any, ...]) -> GazetteerEntry:
        """The entry of one row of ``PLACE_COLUMNS``."""
        # the row's columns after the country code are the entry's fields after its iso code
        gid, name, cc, *rest = row
        info = self._countries.get(cc)
        return GazetteerEntry(
            gid, name, cc, info.name if info else cc, info.iso if info else None, *rest
        )

    @staticmethod
    def _dedupe(entries: list[GazetteerEntry]) -> tuple[GazetteerEntry, ...]:
        """One entry per GeoNames id (an imported dump repeats the embedded default's
        places): the best-ranked source's, at the position of the first."""
        best: dict[int, GazetteerEntry] = {}
        for entry in entries:
            if entry.geonameid is not None:
                held = best.get(entry.geonameid)
                if held is None or entry.rank < held.rank:
                    best[entry.geonameid] = entry
        result: list[GazetteerEntry] = []
        seen: set[int] = set()
        for entry in entries:
            if entry.geonameid is None:
                result.append(entry)
            elif entry.geonameid not in seen:
                seen.add(entry.geonameid)
                result.append(best[entry.geonameid])
        return tuple(result)

    def entry(self, place_id: int) -> GazetteerEntry | None:
        """The entry of one row of the index."""
        row = self._db.fetchone(f"SELECT {PLACE_COLUMNS} FROM places p WHERE p.id = ?", (place_id,))
        return self.to_entry(row) if row else None

    def _town_keys(self, country_code: str, admin1: str) -> tuple[tuple[str, GazetteerEntry], ...]:
        sql = (
            f"SELECT n.key, {PLACE_COLUMNS} FROM places p JOIN names n ON n.place_id = p.id "
            "WHERE p.country_code = ? AND p.admin1 = ? AND p.feature_class = 'P' "
            "ORDER BY p.population DESC, p.id, n.key"
        )
        rows = self._db.fetchall(sql, (country_code, admin1))
        return tuple((row[0], self.to_entry(row[1:])) for row in rows)

    def _fuzzy_index(
        self, country_code: str, admin1: str
    ) -> dict[str, tuple[list[str], list[int]]]:
        sql = (
            "SELECT n.key, p.id FROM places p JOIN names n ON n.place_id = p.id "
            "WHERE p.country_code = ? AND p.admin1 = ? AND p.feature_class = 'P' "
            "ORDER BY p.population DESC, p.id, n.key"
        )
        index: dict[str, tuple[list[str], list[int]]] = {}
        for key, place_id in self._db.fetchall(sql, (country_code, admin1)):
            keys, ids = index.setdefault(key[:1], ([], []))
            keys.append(key)
            ids.append(place_id)
        return index

    def _units(self, country_code: str) -> tuple[GazetteerEntry, ...]:
        sql = (
            f"SELECT {PLACE_COLUMNS} FROM places p WHERE p.country_code = ? AND "
            "p.feature_class = 'A' AND p.feature_code IN ('ADM2', 'ADM3') "
            "ORDER BY p.feature_code DESC, p.rank, p.id"
        )
        return tuple(self.to_entry(row) for row in self._db.fetchall(sql, (country_code,)))
