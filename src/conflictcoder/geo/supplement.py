"""A user's own places: a CSV that outranks every other source.

Columns (header row required, ``#`` lines are comments): ``name``, ``aliases`` (joined by
``|``), ``latitude``, ``longitude``, ``country`` (a name or ISO alpha-2 code), ``admin1``,
``admin2``; optional ``admin3`` and ``feature_code`` (``PPL`` by default; ``AIRB`` an
airbase, ``MILB`` a military base...). The name is written as the event's location.

Example file::

    name,aliases,latitude,longitude,country,admin1,admin2
    Jarjanaz,Jarjnaz|Jirjinaz,35.5622,36.7958,Syria,Idleb,Maarrat An Nu'man
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..errors import GazetteerError
from ..files import os_problem
from ..registry import gazetteer_sources
from .gazetteer import Gazetteer
from .index import ImportResult, IndexWriter, PlaceRecord
from .paths import index_file, source_file

SOURCE = "supplement"
REQUIRED = ("name", "aliases", "latitude", "longitude", "country", "admin1", "admin2")
# GeoNames feature codes -> class, for the optional feature_code column.
_CLASSES = {
    "PPL": "P",
    "PPLA": "P",
    "PPLA2": "P",
    "PPLC": "P",
    "PPLX": "P",
    "PPLL": "P",
    "AIRB": "S",
    "AIRP": "S",
    "AIRF": "S",
    "MILB": "S",
    "CMP": "S",
    "CMPRF": "S",
    "BDG": "S",
    "DAM": "S",
    "PRN": "S",
    "HSP": "S",
    "MT": "T",
    "HLL": "T",
    "AREA": "L",
    "RGN": "L",
    "ADM2": "A",
    "ADM3": "A",
}


def supplement_records(path: str | Path, gazetteer: Gazetteer) -> list[PlaceRecord]:
    """The places of a supplement CSV, validated.

    path (str | Path): the file.
    gazetteer (Gazetteer): maps country and province names.
    RETURNS (list[PlaceRecord]): one per row.

    Raises GazetteerError as ``FILE:LINE: problem`` for a bad row.

    Example:
        >>> _ = (tmp / "places.csv").write_text(
        ...     "name,aliases,latitude,longitude,country,admin1,admin2\\n"
        ...     "Tell Hamra,Tal Hamra|Tall Hamra,35.6,36.5,Syria,Idlib,Ariha\\n")
        >>> [(r.name, r.aliases, r.admin1) for r in supplement_records(tmp / "places.csv", gaz)]
        [('Tell Hamra', ('Tal Hamra', 'Tall Hamra'), 'Idleb')]
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise GazetteerError(os_problem(exc), path) from None
    numbered = [
        (i + 1, line)
        for i, line in enumerate(lines)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not numbered:
        raise GazetteerError(f"no header row; expected columns {', '.join(REQUIRED)}", path)
    reader = csv.reader([line for _, line in numbered])
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise GazetteerError(f"missing columns: {', '.join(missing)}", path, numbered[0][0])
    records: list[PlaceRecord] = []
    for (line, _), values in zip(numbered[1:], reader, strict=True):
        if len(values) != len(header):
            raise GazetteerError(f"expected {len(header)} columns, got {len(values)}", path, line)
        row = {k: v.strip() for k, v in zip(header, values, strict=True)}
        if not row["name"]:
            raise GazetteerError("name must not be empty", path, line)
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except ValueError:
            raise GazetteerError(
                f"latitude and longitude must be numbers, got "
                f"{row['latitude']!r}, {row['longitude']!r}",
                path,
                line,
            ) from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(f"coordinates out of range: {lat}, {lon}", path, line)
        found = gazetteer.country(row["country"]) if row["country"] else None
        if found is None:
            raise GazetteerError(
                f"unknown country {row['country']!r}: give a name (Syria) or an "
                "ISO alpha-2 code (SY)",
                path,
                line,
            )
        cc = found[1]
        admin1 = row["admin1"] or None
        if admin1:
            unit = gazetteer.admin1(admin1, country_code=cc)
            admin1 = unit.admin1 if unit and unit.admin1 else admin1
        code = (row.get("feature_code") or "PPL").upper()
        if code not in _CLASSES:
            raise GazetteerError(
                f"unknown feature_code {code!r}: use one of {', '.join(sorted(_CLASSES))}",
                path,
                line,
            )
        records.append(
            PlaceRecord(
                name=row["name"],
                country_code=cc,
                latitude=lat,
                longitude=lon,
                aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                admin1=admin1,
                admin2=row["admin2"] or None,
                admin3=row.get("admin3") or None,
                feature_class=_CLASSES[code],
                feature_code=code,
            )
        )
    return records


@gazetteer_sources.register("conflictcoder.supplement.v1", aliases=("supplement",))
def import_supplement(index: str | Path | None, path: str | Path) -> ImportResult:
    """Import a user supplement CSV into the index (idempotent; its places rank first).

    index (str | Path | None): the gazetteer index. Defaults to ``Settings().gazetteer_file``.
    path (str | Path): the CSV (see the module docstring).
    RETURNS (ImportResult): places added.

    Example:
        >>> import shutil
        >>> index = shutil.copy(gaz.path, tmp / "gaz.sqlite")
        >>> _ = (tmp / "places.csv").write_text(
        ...     "name,aliases,latitude,longitude,country,admin1,admin2\\n"
        ...     "Tell Hamra,,35.6,36.5,Syria,Idlib,Ariha\\n")
        >>> import_supplement(index, tmp / "places.csv").added
        1
    """
    path = source_file(path)
    with IndexWriter(index_file(index)) as writer:
        records = supplement_records(path, writer.gazetteer)
        return writer.add(SOURCE, str(path), records, kind="supplement")
