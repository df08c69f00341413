"""The administrative hierarchy of the gazetteer: countries, provinces and their capitals.

``AdminHierarchy`` answers the questions above the town level: which province or country a
name is, where a unit's capital is and what ACLED calls it, a province's P-code, and which
units and names the index holds for them. It reads the index through the same connection
and cached place rows as the town lookups (see ``reader.py``).
"""

from __future__ import annotations

from collections import defaultdict

from .build import curated_countries
from .countries import all_country_keys, countries_table
from .entry import GazetteerEntry
from .names import ascii_name, name_key
from .reader import IndexConnection, PlaceRows
from .terms import strip_admin_terms


class AdminHierarchy:
    """Countries, provinces (ADM1) and their capitals, over one index.

    Example:
        >>> db = IndexConnection(gaz.path)
        >>> AdminHierarchy(db, PlaceRows(db)).admin1("Idlib province").admin1
        'Idleb'
    """

    def __init__(self, db: IndexConnection, rows: PlaceRows) -> None:
        self._db = db
        self._rows = rows
        self._countries = countries_table()
        self._admin1_keys: dict[str, list[tuple[str, str]]] | None = None
        self._capitals: dict[int, str] | None = None
        self._pcodes: dict[tuple[str, str], str] | None = None

    def admin1(self, name: str, *, country_code: str | None = None) -> GazetteerEntry | None:
        """A province by any spelling ("the governorate of Hama"), placed at its capital."""
        cc = country_code.upper() if country_code else None
        for candidate in dict.fromkeys((name.strip(), strip_admin_terms(name))):
            key = name_key(candidate)
            if not key:
                continue
            for entry in self._rows.by_key(key):
                if entry.feature_code == "ADM1" and (cc is None or entry.country_code == cc):
                    return entry
        return None

    def capital(self, entry: GazetteerEntry) -> GazetteerEntry | None:
        """The capital town of a province (ADM1) or country (PCLI), as ACLED names it."""
        if entry.feature_code == "PCLI":
            info = self._countries.get(entry.country_code)
            found = (
                [
                    e
                    for e in self._rows.named(info.capital, entry.country_code)
                    if e.feature_class == "P"
                ]
                if info and info.capital
                else []
            )
            return self._as_capital(found[0]) if found else None
        if entry.admin1 is None:
            return None
        row = self._db.fetchone(
            "SELECT capital, capital_geonameid, latitude, longitude FROM admin1 "
            "WHERE country_code = ? AND name = ?",
            (entry.country_code, entry.admin1),
        )
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
        """The ACLED name of a town when it is a province capital ("Idleb" for Idlib city)."""
        if entry.geonameid is None:
            return None
        if self._capitals is None:
            rows = self._db.fetchall(
                "SELECT capital_geonameid, capital FROM admin1 WHERE capital_geonameid IS NOT NULL"
            )
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

    def admin1_pcode(self, country_code: str, admin1: str) -> str | None:
        """The OCHA P-code of a province by its ACLED name, when OCHA codes were imported."""
        if self._pcodes is None:
            rows = self._db.fetchall(
                "SELECT country_code, name, code FROM admin_codes WHERE level = 1 "
                "AND source = 'ocha' ORDER BY code"
            )
            self._pcodes = {}
            for cc, name, code in rows:
                self._pcodes.setdefault((cc, name), code)
        return self._pcodes.get((country_code.upper(), admin1))

    @staticmethod
    def curated_countries() -> frozenset[str]:
        """The countries whose units ``admin1.csv`` lists as ACLED names them."""
        return curated_countries()

    def admin1_units(self) -> dict[str, list[tuple[str, str]]]:
        """name_key of every province name and alias -> [(ISO alpha-2, ACLED admin1 name)]."""
        if self._admin1_keys is None:
            rows = self._db.fetchall(
                "SELECT n.key, p.country_code, p.admin1 FROM names n "
                "JOIN places p ON p.id = n.place_id WHERE p.feature_code = 'ADM1' "
                "ORDER BY n.key, p.population DESC"
            )
            units: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for key, cc, admin1 in rows:
                units[key].append((cc, admin1))
            self._admin1_keys = dict(units)
        return self._admin1_keys

    def country(self, name: str) -> tuple[str, str, int] | None:
        """(ACLED country name, ISO alpha-2, ISO numeric) of a country's name, short name,
        demonym or adjective ("Iraqi", "Syria's"), or of its alpha-2 code in capitals."""
        text = name.strip()
        if len(text) == 2 and text.isupper() and text in self._countries:
            info = self._countries[text]
            return (info.name, text, info.iso if info.iso is not None else 0)
        for suffix in ("'s", "’s"):
            if text.endswith(suffix):
                text = text[: -len(suffix)]
        names = all_country_keys()
        for candidate in dict.fromkeys((text, strip_admin_terms(text))):
            cc = names.get(name_key(candidate))
            if cc is not None:
                info = self._countries[cc]
                return (info.name, cc, info.iso if info.iso is not None else 0)
        return None
