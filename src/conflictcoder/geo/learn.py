"""Places learned from event datasets a team already has: every place its coders coded.

Reads, by content (not by file name):

* an ACLED export CSV (``location``, ``latitude``, ``longitude``, ``admin1``..``admin3``,
  ``country``, ``geo_precision``, ``event_date``);
* a UCDP GED CSV (``where_coordinates``, ``where_prec``, ``latitude``, ``longitude``,
  ``adm_1``, ``adm_2``, ``country``, ``date_start``);
* JSON Lines of our own events (``conflictcoder extract --format jsonl``) or gold files
  (``{"gold": {"events": [...]}}``).

A place is learned from an event coded at the place itself or near it (ACLED
``geo_precision`` 1-2, UCDP ``where_prec`` 1-2); events coded only to a region, and our own
unresolved locations, teach nothing. The name is the coder's (``location``), kept as the
event's location when the place is found again, with the coder's coordinates and admin names.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import GazetteerError
from ..files import iter_jsonl
from ..registry import gazetteer_sources
from .countries import countries_table
from .gazetteer import Gazetteer
from .index import ImportResult, IndexWriter, PlaceRecord
from .paths import index_file, open_source, source_file
from .terms import strip_admin_terms, strip_place_terms

SOURCE = "learned"
LEARNED_PRECISIONS = frozenset({1, 2})
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d-%B-%Y",
    "%d/%m/%Y",
    "%Y/%m/%d",
    "%B %d, %Y",
    "%d %b %Y",
)
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class CodedPlace:
    """One place as an event dataset coded it (before mapping to the index)."""

    name: str
    latitude: float
    longitude: float
    country: str | None
    iso: int | None
    admin1: str | None
    admin2: str | None
    admin3: str | None
    day: date | None


def parse_date(text: Any) -> date | None:
    """A date as event datasets write it ("2020-02-03", "03 February 2020", ISO timestamps).

    Example:
        >>> parse_date("03 February 2020"), parse_date("2020-02-03 00:00:00.000")
        (datetime.date(2020, 2, 3), datetime.date(2020, 2, 3))
    """
    if not isinstance(text, str) or not text.strip():
        return None
    value = text.strip()
    match = _ISO_DATE.match(value)
    if match:
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN is no coordinate


def _int(value: Any) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _acled_row(row: dict[str, Any]) -> CodedPlace | None:
    if _int(row.get("geo_precision")) not in LEARNED_PRECISIONS:
        return None
    return _coded(
        row.get("location"),
        row.get("latitude"),
        row.get("longitude"),
        row.get("country"),
        _int(row.get("iso")),
        row.get("admin1"),
        row.get("admin2"),
        row.get("admin3"),
        parse_date(row.get("event_date")),
    )


def _ucdp_row(row: dict[str, Any]) -> CodedPlace | None:
    if _int(row.get("where_prec")) not in LEARNED_PRECISIONS:
        return None
    name = _text(row.get("where_coordinates"))
    return _coded(
        strip_place_terms(name) if name else None,
        row.get("latitude"),
        row.get("longitude"),
        row.get("country"),
        None,
        strip_admin_terms(row.get("adm_1") or "") or None,
        strip_admin_terms(row.get("adm_2") or "") or None,
        None,
        parse_date(row.get("date_start")),
    )


def _coded(
    name: Any,
    lat: Any,
    lon: Any,
    country: Any,
    iso: int | None,
    admin1: Any,
    admin2: Any,
    admin3: Any,
    day: date | None,
) -> CodedPlace | None:
    text = _text(name)
    latitude, longitude = _float(lat), _float(lon)
    if not text or latitude is None or longitude is None:
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return CodedPlace(
        text,
        latitude,
        longitude,
        _text(country),
        iso,
        _text(admin1),
        _text(admin2),
        _text(admin3),
        day,
    )


def _event_places(data: dict[str, Any], published: date | None) -> Iterator[CodedPlace]:
    """Places of one JSONL line: a gold document's events or one of our events."""
    gold = data.get("gold")
    if isinstance(gold, dict):
        events = gold.get("events") or []
        day = parse_date(data.get("published")) or published
        for event in events if isinstance(events, list) else []:
            if isinstance(event, dict):
                place = _acled_row(event)
                if place is not None:
                    when = day or place.day
                    yield CodedPlace(
                        place.name,
                        place.latitude,
                        place.longitude,
                        place.country,
                        place.iso,
                        place.admin1,
                        place.admin2,
                        place.admin3,
                        when,
                    )
        return
    if data.get("unresolved_location"):
        return
    place = _acled_row(data)
    if place is not None:
        yield place


def _gazetteer_error(path: Path, problem: str, line: int | None) -> GazetteerError:
    return GazetteerError(problem, path, line)


def read_coded_places(path: str | Path) -> Iterator[tuple[int, CodedPlace | None]]:
    """(line, place or None for a row that teaches nothing) of an event dataset.

    path (str | Path): an ACLED CSV, a UCDP GED CSV, or JSON Lines of events or gold
        documents.
    RETURNS (Iterator[tuple[int, CodedPlace | None]]): in file order.

    Raises GazetteerError naming the file (and line) when it is none of these.

    Example:
        >>> _ = (tmp / "acled.csv").write_text(
        ...     "event_date,location,latitude,longitude,geo_precision,country,admin1\\n"
        ...     "2020-02-03,Tell Hamra,35.6,36.5,1,Syria,Idlib\\n"
        ...     "2020-02-04,Idlib,35.93,36.63,3,Syria,Idlib\\n")
        >>> [(line, place and place.name) for line, place in read_coded_places(tmp / "acled.csv")]
        [(2, 'Tell Hamra'), (3, None)]
    """
    path = Path(path)
    with open_source(path, encoding="utf-8-sig", newline="") as fh:
        first = ""
        for line in fh:
            if line.strip():
                first = line.strip()
                break
        fh.seek(0)
        if first.startswith("{"):
            for number, data in iter_jsonl(path, error=_gazetteer_error, encoding="utf-8-sig"):
                if not isinstance(data, dict):
                    raise GazetteerError("expected a JSON object per line", path, number)
                places = list(_event_places(data, None))
                if not places:
                    yield number, None
                for place in places:
                    yield number, place
            return
        reader = csv.DictReader(fh)
        header = {h.strip().lower() for h in reader.fieldnames or []}
        if {"where_coordinates", "latitude", "longitude"} <= header:
            parse = _ucdp_row
        elif {"location", "latitude", "longitude", "geo_precision"} <= header:
            parse = _acled_row
        else:
            raise GazetteerError(
                "not an event dataset: expected an ACLED export (location, latitude, "
                "longitude, geo_precision...), a UCDP GED file (where_coordinates, latitude, "
                "longitude...) or JSON Lines of events",
                path,
            )
        for number, row in enumerate(reader, start=2):
            clean = {(k or "").strip().lower(): v for k, v in row.items()}
            yield number, parse(clean)


class _Mapper:
    """Country and admin1 names of a dataset -> the index's codes and ACLED names."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.by_iso = {info.iso: cc for cc, info in countries_table().items() if info.iso}
        self._countries: dict[str, str | None] = {}
        self._admin1: dict[tuple[str, str], str] = {}

    def country(self, place: CodedPlace) -> str | None:
        if place.iso is not None and place.iso in self.by_iso:
            return self.by_iso[place.iso]
        name = place.country or ""
        if name not in self._countries:
            found = self.gazetteer.country(name) if name else None
            self._countries[name] = found[1] if found else None
        return self._countries[name]

    def admin1(self, cc: str, name: str | None) -> str | None:
        if not name:
            return None
        if (cc, name) not in self._admin1:
            unit = self.gazetteer.admin1(name, country_code=cc)
            self._admin1[cc, name] = unit.admin1 if unit and unit.admin1 else name
        return self._admin1[cc, name]


def learned_records(
    paths: Iterable[str | Path], gazetteer: Gazetteer, *, before: date | None = None
) -> tuple[list[PlaceRecord], int]:
    """The places to learn from event datasets, and how many rows taught nothing.

    paths (Iterable[str | Path]): ACLED CSVs, UCDP GED CSVs, JSONL events or gold files.
    gazetteer (Gazetteer): maps country and province names.
    before (date | None): only events (gold documents: publication dates) before this day.
    RETURNS (tuple[list[PlaceRecord], int]): records (one per distinct name and place) and
        the count of rows skipped.

    Example:
        >>> _ = (tmp / "acled.csv").write_text(
        ...     "event_date,location,latitude,longitude,geo_precision,country,admin1\\n"
        ...     "2020-02-03,Tell Hamra,35.6,36.5,1,Syria,Idlib\\n"
        ...     "2020-02-04,Idlib,35.93,36.63,3,Syria,Idlib\\n")
        >>> records, skipped = learned_records([tmp / "acled.csv"], gaz)
        >>> [(r.name, r.country_code, r.admin1) for r in records], skipped
        ([('Tell Hamra', 'SY', 'Idleb')], 1)
    """
    mapper = _Mapper(gazetteer)
    records: dict[str, PlaceRecord] = {}
    skipped = 0
    for path in paths:
        for _line, place in read_coded_places(path):
            if place is None or (before is not None and (place.day is None or place.day >= before)):
                skipped += 1
                continue
            cc = mapper.country(place)
            if cc is None:
                skipped += 1
                continue
            record = PlaceRecord(
                name=place.name,
                country_code=cc,
                latitude=place.latitude,
                longitude=place.longitude,
                admin1=mapper.admin1(cc, place.admin1),
                admin2=place.admin2,
                admin3=place.admin3,
            )
            records.setdefault(record.key, record)
    return list(records.values()), skipped


@gazetteer_sources.register("conflictcoder.learned_events.v1", aliases=("learned",))
def learn_places(
    index: str | Path | None, paths: Iterable[str | Path], *, before: date | None = None
) -> ImportResult:
    """Learn the places of event datasets into the index (idempotent).

    index (str | Path | None): the gazetteer index. Defaults to ``Settings().gazetteer_file``.
    paths (Iterable[str | Path]): ACLED CSVs, UCDP GED CSVs, JSONL events or gold files.
    before (date | None): only events before this day (gold documents: published before).
    RETURNS (ImportResult): places added and rows skipped.

    Example:
        >>> import shutil
        >>> index = shutil.copy(gaz.path, tmp / "gaz.sqlite")
        >>> rows = [
        ...     "event_date,location,latitude,longitude,geo_precision,country,admin1",
        ...     "2020-02-03,Tell Hamra,35.6,36.5,1,Syria,Idlib",
        ...     "2021-06-09,Kafr Halab,36.1,36.8,1,Syria,Aleppo",
        ... ]
        >>> _ = (tmp / "acled.csv").write_text("\\n".join(rows))
        >>> learn_places(index, [tmp / "acled.csv"], before=date(2021, 1, 1)).added
        1
        >>> learn_places(index, [tmp / "acled.csv"]).added  # the later one: Tell Hamra is known
        1
    """
    files = [source_file(p) for p in paths]
    with IndexWriter(index_file(index)) as writer:
        records, skipped = learned_records(files, writer.gazetteer, before=before)
        origin = ", ".join(str(p) for p in files)
        if before is not None:
            origin += f" (before {before.isoformat()})"
        return writer.add(SOURCE, origin, records, kind="event dataset", skipped=skipped)
