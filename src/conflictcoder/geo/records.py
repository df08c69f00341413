"""The places an import writes, and how they go into the index's tables.

``PlaceRecord`` is one place as an importer reads it; ``PlaceTable`` writes records into the
``places``, ``raw_names``, ``names`` and ``exact_names`` tables of one connection, keyed with
the name rules (``keys.py``). ``IndexWriter`` (``index.py``) holds the transactions around it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .keys import alternate_ok, index_names, key_pair
from .names import exact_key


@dataclass(frozen=True)
class PlaceRecord:
    """One place to import.

    name (str): the name the source gives (shown as the event's location for learned,
        OCHA and supplement places).
    country_code (str): ISO 3166 alpha-2.
    latitude, longitude (float): WGS84.
    aliases (tuple[str, ...]): other names (non-Latin ones are not indexed).
    admin1 (str | None): ACLED admin1 name, when the importer could map it.
    admin1_code, admin2_code (str | None): GeoNames admin codes ("12", "167610").
    admin2, admin3 (str | None): unit names as the source writes them.
    admin1_pcode, admin2_pcode, admin3_pcode (str | None): OCHA P-codes.
    feature_class, feature_code (str): GeoNames classes ("P"/"PPL", "S"/"AIRB", "A"/"ADM3").
    population (int): 0 when unknown.
    geonameid (int | None): GeoNames id, when the source has one.
    source_key (str | None): the place's identity within its source. Defaults to the GeoNames
        id, else country, spelling and coordinates to about 100 m.

    Example:
        >>> PlaceRecord("Kafr Nabl", "SY", 35.61376, 36.56449).key
        'SY|kafrnabl|35.614|36.564'
    """

    name: str
    country_code: str
    latitude: float
    longitude: float
    aliases: tuple[str, ...] = ()
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    admin2_code: str | None = None
    admin3: str | None = None
    admin1_pcode: str | None = None
    admin2_pcode: str | None = None
    admin3_pcode: str | None = None
    feature_class: str = "P"
    feature_code: str = "PPL"
    population: int = 0
    geonameid: int | None = None
    source_key: str | None = None

    @property
    def key(self) -> str:
        """The identity of the place within its source (see ``source_key``)."""
        if self.source_key:
            return self.source_key
        if self.geonameid is not None:
            return str(self.geonameid)
        return (
            f"{self.country_code}|{exact_key(self.name)}|{self.latitude:.3f}|{self.longitude:.3f}"
        )


def alternate_names(record: PlaceRecord) -> tuple[list[str], list[str]]:
    """(names to store, all names) of a record: the name always, aliases when indexable."""
    keep = [record.name]
    for alias in record.aliases:
        alias = alias.strip()
        if alias and alias not in keep and alternate_ok(alias, key_pair(alias)[0]):
            keep.append(alias)
    return keep, [record.name, *record.aliases]


class PlaceTable:
    """Row writes to the place and name tables of one read-write connection (the caller
    holds the transaction).

    Example:
        >>> import shutil, sqlite3
        >>> conn = sqlite3.connect(shutil.copy(gaz.path, tmp / "gaz.sqlite"))
        >>> PlaceTable(conn).write("learned", 1, [PlaceRecord("Tell Hamra", "SY", 35.6, 36.5)])
        (1, 0, 0)
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def write(self, source: str, rank: int, records: list[PlaceRecord]) -> tuple[int, int, int]:
        """Insert places idempotently with their names: (added, already known, names added)."""
        conn = self.conn
        added = known = 0
        named: list[tuple[int, list[str], bool]] = []
        for record in records:
            key = record.key
            cursor = conn.execute(
                "INSERT OR IGNORE INTO places (geonameid, name, country_code, admin1_code, "
                "admin1, admin2, latitude, longitude, feature_class, feature_code, population, "
                "source, source_key, rank, admin2_code, admin3, admin1_pcode, admin2_pcode, "
                "admin3_pcode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record.geonameid,
                    record.name,
                    record.country_code,
                    record.admin1_code,
                    record.admin1,
                    record.admin2,
                    record.latitude,
                    record.longitude,
                    record.feature_class,
                    record.feature_code,
                    record.population,
                    source,
                    key,
                    rank,
                    record.admin2_code,
                    record.admin3,
                    record.admin1_pcode,
                    record.admin2_pcode,
                    record.admin3_pcode,
                ),
            )
            if cursor.rowcount:
                added += 1
                named.append((int(cursor.lastrowid or 0), alternate_names(record)[0], True))
            else:
                known += 1
                row = conn.execute(
                    "SELECT id FROM places WHERE source = ? AND source_key = ?", (source, key)
                ).fetchone()
                named.append((row[0], alternate_names(record)[0], False))
        names_added = 0
        raw: list[tuple[int, str]] = []
        for place_id, names, new in named:
            if new:
                raw.extend((place_id, n) for n in names)
                continue
            stored = {
                n
                for (n,) in conn.execute(
                    "SELECT name FROM raw_names WHERE place_id = ?", (place_id,)
                )
            }
            fresh = [n for n in names if n not in stored]
            names_added += len(fresh)
            raw.extend((place_id, n) for n in fresh)
        conn.executemany("INSERT OR IGNORE INTO raw_names VALUES (?, ?)", raw)
        index_names(conn, raw)
        return added, known, names_added

    def names_by_id(
        self, source: str, rank: int, gid: int, names: list[str]
    ) -> tuple[int, int] | None:
        """Add alternate names to the place of GeoNames id ``gid`` in ``source``, copying an
        embedded default's place into ``source`` first: (places copied, names added), or
        None when the index has no place of that id."""
        conn = self.conn
        row = conn.execute(
            "SELECT id FROM places WHERE source = ? AND source_key = ?",
            (source, str(gid)),
        ).fetchone()
        copied = 0
        if row is None:
            base = conn.execute(
                "SELECT id FROM places WHERE geonameid = ? ORDER BY rank LIMIT 1", (gid,)
            ).fetchone()
            if base is None:
                return None
            place_id = self.copy(base[0], source, rank, str(gid))
            copied = 1
        else:
            place_id = row[0]
        record_names = [n for n in names if n.strip()]
        keep = [n for n in record_names if alternate_ok(n, key_pair(n)[0])]
        new = conn.executemany(
            "INSERT OR IGNORE INTO raw_names VALUES (?, ?)", [(place_id, n) for n in keep]
        ).rowcount
        index_names(conn, [(place_id, n) for n in keep])
        return copied, max(new, 0)

    def copy(self, place_id: int, source: str, rank: int, key: str) -> int:
        """Copy a place into ``source`` with every name and key of the original: its new id."""
        conn = self.conn
        cursor = conn.execute(
            "INSERT INTO places (geonameid, name, country_code, admin1_code, admin1, admin2, "
            "latitude, longitude, feature_class, feature_code, population, source, source_key, "
            "rank, admin2_code, admin3, admin1_pcode, admin2_pcode, admin3_pcode) "
            "SELECT geonameid, name, country_code, admin1_code, admin1, admin2, latitude, "
            "longitude, feature_class, feature_code, population, ?, ?, ?, admin2_code, admin3, "
            "admin1_pcode, admin2_pcode, admin3_pcode FROM places WHERE id = ?",
            (source, key, rank, place_id),
        )
        new_id = int(cursor.lastrowid or 0)
        names = [
            n for (n,) in conn.execute("SELECT name FROM raw_names WHERE place_id = ?", (place_id,))
        ]
        name = conn.execute("SELECT name FROM places WHERE id = ?", (place_id,)).fetchone()[0]
        all_names = list(dict.fromkeys([name, *names]))
        conn.executemany(
            "INSERT OR IGNORE INTO raw_names VALUES (?, ?)", [(new_id, n) for n in all_names]
        )
        # the default's own keys, so the copy is found by every name the original is
        conn.execute(
            "INSERT OR IGNORE INTO names SELECT key, ? FROM names WHERE place_id = ?",
            (new_id, place_id),
        )
        conn.execute(
            "INSERT OR IGNORE INTO exact_names SELECT key, ? FROM exact_names WHERE place_id = ?",
            (new_id, place_id),
        )
        for n in all_names:
            k, e = key_pair(n)
            if k:
                conn.execute("INSERT OR IGNORE INTO names VALUES (?, ?)", (k, new_id))
                conn.execute("INSERT OR IGNORE INTO exact_names VALUES (?, ?)", (e, new_id))
        return new_id
