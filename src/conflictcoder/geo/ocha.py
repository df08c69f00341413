"""OCHA common operational datasets (admin units and populated places with P-codes).

Reads CSV or JSON (a list of records, or GeoJSON features whose properties are records) in
the column shapes OCHA's COD files use: ``admin1Name_en``/``admin1Pcode`` (COD tables),
``ADM1_EN``/``ADM1_PCODE`` (COD shapefile attributes), or one unit per row with ``level``,
``pcode``, ``name_en``, ``alt_names``, ``latitude``, ``longitude`` and its parents'
``admin1_en``/``admin1_pcode``... Column names are matched without regard to case, ``_``
or spaces.

* A first-level unit gives its P-code to the ACLED province of the same name.
* Second- and third-level units (districts, sub-districts) with a centroid become places
  (feature class A, ADM2/ADM3): the finest enclosing unit of an unresolved toponym
  ("X in the Ras al-Ayn district"), and the source of admin2/admin3 names and P-codes of
  every place the resolver codes in that country (the unit with the nearest centroid in the
  same province).
* A row naming a place (``featureName``/``name``) without a ``level`` is a populated place
  (feature class P) with its admin P-codes.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import GazetteerError
from ..files import os_problem
from ..registry import gazetteer_sources
from .countries import countries_table
from .gazetteer import Gazetteer
from .index import ImportResult, IndexWriter, PlaceRecord
from .paths import index_file, open_source, source_file

SOURCE = "ocha"
_KEY = re.compile(r"[^a-z0-9]+")
_NAME_KEYS = (
    "admin{n}nameen",
    "adm{n}en",
    "admin{n}en",
    "adm{n}nameen",
    "admin{n}name",
    "adm{n}name",
)
_PCODE_KEYS = ("admin{n}pcode", "adm{n}pcode")
_OWN_NAME = ("featurename", "featurenameen", "nameen", "name", "placename")
_LAT = ("latitude", "lat", "centerlat", "centroidlat", "y")
_LON = ("longitude", "lon", "lng", "long", "centerlon", "centroidlon", "x")
_ALIASES = ("altnames", "aliases", "alternatenames", "altname")
_SPLIT = re.compile(r"\s*[|;]\s*")


def _norm(key: str) -> str:
    return _KEY.sub("", key.lower())


def _first(row: dict[str, Any], keys: tuple[str, ...], n: int | None = None) -> str | None:
    for key in keys:
        value = row.get(key.format(n=n) if n is not None else key)
        if value not in (None, ""):
            text = " ".join(str(value).split())
            if text:
                return text
    return None


def _records_of(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line or item number, flat record with normalised keys) of a CSV or JSON file."""
    if path.suffix.lower() in (".json", ".geojson"):
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise GazetteerError(os_problem(exc), path) from None
        except UnicodeDecodeError:
            raise GazetteerError("not UTF-8 text", path) from None
        except json.JSONDecodeError as exc:
            raise GazetteerError(
                f"malformed JSON ({exc.msg} at column {exc.colno})", path, exc.lineno
            ) from None
        items = data.get("features") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise GazetteerError("expected a list of records or a GeoJSON FeatureCollection", path)
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise GazetteerError(f"item {number} is not an object", path)
            record = dict(item.get("properties") or {}) if "properties" in item else dict(item)
            geometry = item.get("geometry")
            if isinstance(geometry, dict) and geometry.get("type") == "Point":
                coords = geometry.get("coordinates") or []
                if len(coords) >= 2:
                    record.setdefault("longitude", coords[0])
                    record.setdefault("latitude", coords[1])
            yield number, {_norm(str(k)): v for k, v in record.items()}
        return
    with open_source(path, encoding="utf-8-sig", newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh), start=2):
            yield number, {_norm(k or ""): v for k, v in row.items()}


def ocha_records(
    path: str | Path, gazetteer: Gazetteer
) -> tuple[list[PlaceRecord], list[tuple[str, str, int, str]], int]:
    """Places and admin P-codes of an OCHA file.

    path (str | Path): CSV or JSON.
    gazetteer (Gazetteer): maps OCHA province names to ACLED's.
    RETURNS (tuple[list[PlaceRecord], list[tuple[str, str, int, str]], int]): places (units
        with a centroid, populated places), admin codes (ISO alpha-2, P-code, level, ACLED or
        OCHA name) and the count of rows skipped.

    Example:
        >>> _ = (tmp / "units.csv").write_text(
        ...     "level,pcode,name_en,admin1_en,admin1_pcode,latitude,longitude\\n"
        ...     "1,SY07,Idlib,,,,\\n3,SY070100,Ariha,Idlib,SY07,35.81,36.61\\n")
        >>> places, codes, skipped = ocha_records(tmp / "units.csv", gaz)
        >>> [(p.name, p.admin1, p.feature_code) for p in places]
        [('Ariha', 'Idleb', 'ADM3')]
        >>> codes, skipped
        ([('SY', 'SY07', 1, 'Idleb'), ('SY', 'SY070100', 3, 'Ariha')], 0)
    """
    path = Path(path)
    table = countries_table()
    places: list[PlaceRecord] = []
    codes: list[tuple[str, str, int, str]] = []
    skipped = 0
    admin1_names: dict[tuple[str, str], str] = {}
    seen_any = False
    for number, row in _records_of(path):
        seen_any = True
        names = {n: _first(row, _NAME_KEYS, n) for n in range(1, 5)}
        pcodes = {n: _first(row, _PCODE_KEYS, n) for n in range(1, 5)}
        level_text = _first(row, ("level", "adminlevel", "admlevel"))
        own_name = _first(row, _OWN_NAME)
        own_pcode = _first(row, ("pcode",))
        if level_text is not None:
            try:
                level = int(float(level_text))
            except ValueError:
                raise GazetteerError(
                    f"level must be 1-4, got {level_text!r}", path, number
                ) from None
            populated = False
        elif own_name and _first(row, _LAT) is not None:
            level, populated = max((n for n in names if names[n] or pcodes[n]), default=0), True
        else:
            level = max((n for n in pcodes if pcodes[n]), default=0)
            populated = False
        name = own_name if (populated or level_text is not None) and own_name else names.get(level)
        pcode = (
            own_pcode if (populated or level_text is not None) and own_pcode else pcodes.get(level)
        )
        if not populated and level in names and level_text is not None:
            names[level] = names[level] or name
            pcodes[level] = pcodes[level] or pcode
        if not name or (not populated and not (1 <= level <= 4)):
            skipped += 1
            continue
        cc = next(
            (
                c
                for c in (
                    _country(row, code or "", table)
                    for code in (pcode, pcodes.get(1), pcodes.get(2))
                )
                if c
            ),
            None,
        )
        if cc is None:
            raise GazetteerError(
                f"cannot tell the country of {name!r}: give an admin0Pcode or "
                "iso2 column, or P-codes that start with the ISO alpha-2 code (SY07)",
                path,
                number,
            )
        province = names.get(1)
        acled = None
        if province:
            key = (cc, province)
            if key not in admin1_names:
                unit = gazetteer.admin1(province, country_code=cc)
                admin1_names[key] = unit.admin1 if unit and unit.admin1 else province
            acled = admin1_names[key]
        if not populated and level == 1:
            if pcode:
                codes.append((cc, pcode, 1, acled or name))
            continue
        lat = _number(_first(row, _LAT))
        lon = _number(_first(row, _LON))
        if lat is None or lon is None:
            if pcode:
                codes.append((cc, pcode, level, name))
            else:
                skipped += 1
            continue
        aliases_text = _first(row, _ALIASES) or ""
        aliases = tuple(a for a in _SPLIT.split(aliases_text) if a and a != name)
        code = "PPL" if populated else f"ADM{level}"
        places.append(
            PlaceRecord(
                name=name,
                country_code=cc,
                latitude=lat,
                longitude=lon,
                aliases=aliases,
                admin1=acled,
                admin2=names.get(2) if level >= 2 or populated else None,
                admin3=names.get(3) if level >= 3 or populated else None,
                admin1_pcode=pcodes.get(1),
                admin2_pcode=pcodes.get(2) if level >= 2 or populated else None,
                admin3_pcode=pcodes.get(3) if level >= 3 or populated else None,
                feature_class="P" if populated else "A",
                feature_code=code,
                source_key=f"{cc}|{pcode}" if pcode else None,
            )
        )
        if pcode and not populated:
            codes.append((cc, pcode, level, name))
    if not seen_any:
        raise GazetteerError("no rows", path)
    return places, codes, skipped


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _country(row: dict[str, Any], pcode: str, table: dict[str, Any]) -> str | None:
    for key in ("admin0pcode", "adm0pcode", "iso2", "countrycode", "iso"):
        value = row.get(key)
        if isinstance(value, str) and value.strip().upper()[:2] in table:
            return value.strip().upper()[:2]
    prefix = pcode[:2].upper()
    return prefix if prefix in table else None


@gazetteer_sources.register("conflictcoder.ocha_cod.v1", aliases=("ocha",))
def import_ocha(index: str | Path | None, path: str | Path) -> ImportResult:
    """Import OCHA admin units (and populated places) with P-codes into the index (idempotent).

    index (str | Path | None): the gazetteer index. Defaults to ``Settings().gazetteer_file``.
    path (str | Path): a CSV or JSON file (see the module docstring for the columns).
    RETURNS (ImportResult): places added (units with a centroid, populated places).

    Example:
        >>> import shutil
        >>> index = shutil.copy(gaz.path, tmp / "gaz.sqlite")
        >>> _ = (tmp / "units.csv").write_text("level,pcode,name_en,latitude,longitude\\n"
        ...                                    "1,SY07,Idlib,,\\n3,SY070100,Ariha,35.81,36.61\\n")
        >>> import_ocha(index, tmp / "units.csv").added
        1
        >>> import_ocha(index, tmp / "units.csv").added
        0
    """
    path = source_file(path)
    with IndexWriter(index_file(index)) as writer:
        places, codes, skipped = ocha_records(path, writer.gazetteer)
        writer.add_admin_codes(SOURCE, str(path), codes, kind="ocha p-codes")
        return writer.add(SOURCE, str(path), places, kind="ocha", skipped=skipped)
