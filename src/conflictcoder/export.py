"""Write events as JSONL, CSV, ACLED's and UCDP GED's columns, GeoJSON, Parquet or GeoPackage.

Each writer is registered in ``registry.exporters`` under a versioned name with a short
alias, exactly as a user package would register its own; ``write_events`` picks one by
name. Output is deterministic: events are written in the order given (``Coder`` and
``Store.events`` both sort), keys and columns in a fixed order.

Formats (alias: registered name):

* ``jsonl`` (conflictcoder.jsonl.v1): the full record, one event per line.
* ``csv``, ``full-csv`` (conflictcoder.full_csv.v1): the full record as CSV, ACLED's
  field names first, then ``doc_id`` and ``CSV_EXTRA_FIELDS``.
* ``acled`` (conflictcoder.acled.v1): exactly ACLED's 31 columns in ACLED's order
  (``formats.acled_row``), for acledR, spreadsheets and scripts written for ACLED's data.
* ``ucdp`` (conflictcoder.ucdp_ged.v1): UCDP GED's columns (``formats.ucdp_row``); only
  organised violence, as in GED.
* ``geojson`` (conflictcoder.geojson.v1), ``parquet`` (conflictcoder.parquet.v1),
  ``gpkg`` (conflictcoder.gpkg.v1, GeoPackage for QGIS; needs the ``gpkg`` extra).

Options, given to ``write_events`` as keywords: ``bom=True`` starts a CSV format with a
UTF-8 byte order mark (spreadsheets then read accents right); ``inter_num=True`` writes
the acled format's inter1/inter2/interaction as numbers instead of labels.

Example:
    >>> import io
    >>> buf = io.StringIO()
    >>> write_events([], buf, "csv")
    0
"""

from __future__ import annotations

import csv
import io
import json
import struct
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from .errors import ConfigError, InputError
from .files import iter_jsonl
from .formats import SourceScales, acled_codebook, acled_rows, ucdp_row, ucdp_rules
from .model import ACLED_FIELDS, Event
from .registry import exporters

# The byte order mark that ``bom=True`` writes first (Excel reads a CSV as UTF-8 with it).
BOM = "\ufeff"

# Columns after the ACLED ones and doc_id in the CSV export.
CSV_EXTRA_FIELDS: tuple[str, ...] = (
    "doc_ids",
    "injured",
    "fatalities_low",
    "fatalities_high",
    "fatalities_breakdown",
    "confidence",
    "modality",
    "weapon",
    "target",
    "reported_by",
    "geonameid",
    "date_end",
    "plover_type",
    "evidence",
    "unresolved_location",
    "admin1_pcode",
    "admin2_pcode",
    "admin3_pcode",
    "timestamp",
)
CSV_FIELDS: tuple[str, ...] = (*ACLED_FIELDS, "doc_id", *CSV_EXTRA_FIELDS)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


@exporters.register("conflictcoder.jsonl.v1", aliases=("jsonl",))
def write_jsonl(events: Iterable[Event], fh: TextIO) -> int:
    """One ``Event.to_dict()`` per line: ``doc_id`` first, then the Event fields in order.

    RETURNS (int): the number of events written.

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> write_jsonl([Event("2020-01-02", "Battles", "Armed clash", doc_ids=["d1"])], buf)
        1
        >>> buf.getvalue()[:14]
        '{"doc_id": "d1'
    """
    count = 0
    for event in events:
        fh.write(_json(event.to_dict()) + "\n")
        count += 1
    return count


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_row(event: Event) -> dict[str, Any]:
    """The CSV export row of one event, keyed by ``CSV_FIELDS``.

    Example:
        >>> csv_row(Event("2020-01-02", "Battles", "Armed clash", doc_ids=["d1", "d2"]))["doc_ids"]
        'd1; d2'
    """
    row = {name: _cell(value) for name, value in event.to_acled().items()}
    row["doc_id"] = _cell(event.doc_id)
    row["doc_ids"] = "; ".join(event.doc_ids)
    for name in ("injured", "fatalities_low", "fatalities_high", "confidence", "modality"):
        row[name] = _cell(getattr(event, name))
    row["fatalities_breakdown"] = (
        _json(dict(sorted(event.fatalities_breakdown.items())))
        if event.fatalities_breakdown
        else ""
    )
    for name in ("weapon", "target", "reported_by", "geonameid", "date_end", "plover_type"):
        row[name] = _cell(getattr(event, name))
    for name in CSV_EXTRA_FIELDS[CSV_EXTRA_FIELDS.index("unresolved_location") :]:
        row[name] = _cell(getattr(event, name))
    sentences: list[str] = []
    for evidence in event.evidence:
        if evidence.sentence not in sentences:
            sentences.append(evidence.sentence)
    row["evidence"] = " | ".join(sentences)
    return row


def _write_csv(
    rows: Iterable[dict[str, Any]], fh: TextIO, columns: Iterable[str], *, bom: bool
) -> int:
    if bom:
        fh.write(BOM)
    writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({name: _cell(value) for name, value in row.items()})
        count += 1
    return count


# The old name stays an alias, so that settings naming it keep working.
@exporters.register(
    "conflictcoder.full_csv.v1", aliases=("csv", "full-csv", "conflictcoder.acled_csv.v1")
)
def write_full_csv(events: Iterable[Event], fh: TextIO, *, bom: bool = False) -> int:
    """The full record as CSV: ACLED's field names in ACLED's order, then ``doc_id``, then
    ``CSV_EXTRA_FIELDS``.

    Empty values are empty cells; lines end with "\\n".
    bom (bool): start with a UTF-8 byte order mark. Defaults to False.
    RETURNS (int): events written.

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> write_full_csv([], buf)
        0
        >>> buf.getvalue().split(",")[:3]
        ['event_id', 'event_date', 'time_precision']
    """
    return _write_csv((csv_row(e) for e in events), fh, CSV_FIELDS, bom=bom)


# Kept for code that imported it by its old name.
write_acled_csv = write_full_csv


@exporters.register("conflictcoder.acled.v1", aliases=("acled",))
def write_acled(
    events: Iterable[Event],
    fh: TextIO,
    *,
    inter_num: bool = False,
    bom: bool = False,
    scales: SourceScales | None = None,
) -> int:
    """CSV with exactly ACLED's 31 columns in ACLED's order (``acled_codebook.yaml``).

    inter_num (bool): inter1, inter2 and interaction as ACLED's numeric codes instead of the
        labels ("State forces") that ACLED's API gives by default. Defaults to False.
    bom (bool): start with a UTF-8 byte order mark. Defaults to False.
    scales (SourceScales | None): the source scales, with those watched sources declare
        (``formats.store_scales``). Defaults to the packaged file.
    RETURNS (int): events written.

    Example:
        >>> import csv, io
        >>> strike = Event("2020-03-04", "Explosions/Remote violence", "Air/drone strike",
        ...     actor1="Military Forces of Russia (2000-)", inter1=8, country="Syria")
        >>> for inter_num in (False, True):
        ...     buf = io.StringIO()
        ...     _ = write_acled([strike], buf, inter_num=inter_num)
        ...     row = next(csv.DictReader(io.StringIO(buf.getvalue())))
        ...     print(row["event_date"], row["inter1"], row["event_id_cnty"][:3])
        2020-03-04 External/Other forces SYR
        2020-03-04 8 SYR
    """
    rows = acled_rows(events, inter_num=inter_num, scales=scales)
    return _write_csv(rows, fh, acled_codebook().columns, bom=bom)


@exporters.register("conflictcoder.ucdp_ged.v1", aliases=("ucdp",))
def write_ucdp(events: Iterable[Event], fh: TextIO, *, bom: bool = False) -> int:
    """CSV with UCDP GED's columns (``ucdp.yaml``): one row per event of organised violence.

    Protests, riots and strategic developments are not written (GED holds none).
    bom (bool): start with a UTF-8 byte order mark. Defaults to False.
    RETURNS (int): the number of rows written.

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> write_ucdp([Event("2020-01-02", "Protests", "Peaceful protest")], buf)
        0
        >>> buf.getvalue().split(",")[:3]
        ['id', 'year', 'type_of_violence']
    """
    rules = ucdp_rules()
    rows = (r for r in (ucdp_row(e, rules=rules) for e in events) if r is not None)
    return _write_csv(rows, fh, rules.columns, bom=bom)


def geojson_feature(event: Event) -> dict[str, Any]:
    """A GeoJSON Feature: a Point at (longitude, latitude), or geometry null without both.

    Example:
        >>> geojson_feature(Event("2020-01-02", "Battles", "Armed clash"))["geometry"] is None
        True
    """
    geometry: dict[str, Any] | None = None
    if event.latitude is not None and event.longitude is not None:
        geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
    return {
        "type": "Feature",
        "id": event.event_id,
        "geometry": geometry,
        "properties": event.to_dict(),
    }


@exporters.register("conflictcoder.geojson.v1", aliases=("geojson",))
def write_geojson(events: Iterable[Event], fh: TextIO) -> int:
    """A GeoJSON FeatureCollection, one Feature per line, written as the events stream in.

    RETURNS (int): the number of events written.

    Example:
        >>> import io, json
        >>> buf = io.StringIO()
        >>> write_geojson([], buf)
        0
        >>> json.loads(buf.getvalue())
        {'type': 'FeatureCollection', 'features': []}
    """
    fh.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for event in events:
        fh.write(("," if count else "") + "\n" + _json(geojson_feature(event)))
        count += 1
    fh.write("\n]}\n" if count else "]}\n")
    return count


# Parquet column types: ACLED columns first, then doc_id and the extras, as in the CSV export.
_PARQUET_INTS = frozenset(
    {
        "time_precision",
        "inter1",
        "inter2",
        "interaction",
        "iso",
        "geo_precision",
        "fatalities",
        "injured",
        "fatalities_low",
        "fatalities_high",
        "geonameid",
        "timestamp",
    }
)
_PARQUET_BOOLS = frozenset({"unresolved_location"})
_PARQUET_FLOATS = frozenset({"latitude", "longitude", "confidence"})
_PARQUET_DATES = frozenset({"event_date", "date_end"})


def _day(value: Any) -> date | None:
    """A YYYY-MM-DD string as a date (None for none or for a value that is not one)."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _scalar_type(name: str) -> Any:
    """The Arrow type of a typed scalar column (integers, floats, dates, booleans), or None
    for the others (text, lists, maps)."""
    import pyarrow as pa

    if name in _PARQUET_INTS:
        return pa.int64()
    if name in _PARQUET_FLOATS:
        return pa.float64()
    if name in _PARQUET_DATES:
        return pa.date32()
    if name in _PARQUET_BOOLS:
        return pa.bool_()
    return None


def _parquet_schema() -> Any:
    import pyarrow as pa

    # The columns kept as lists and maps; the others as typed scalars or text.
    compound = {
        "doc_ids": pa.list_(pa.string()),
        "fatalities_breakdown": pa.map_(pa.string(), pa.int64()),
        "evidence": pa.list_(
            pa.struct(
                [
                    ("doc_id", pa.string()),
                    ("sentence", pa.string()),
                    ("start", pa.int64()),
                    ("end", pa.int64()),
                ]
            )
        ),
    }
    fields = []
    for name in CSV_FIELDS:
        kind = _scalar_type(name)
        fields.append(pa.field(name, compound.get(name, pa.string()) if kind is None else kind))
    return pa.schema(fields)


def parquet_row(event: Event) -> dict[str, Any]:
    """The Parquet row of one event: the CSV columns, with dates, lists, maps and numbers
    kept typed.

    Example:
        >>> row = parquet_row(Event("2020-01-02", "Battles", "Armed clash", doc_ids=["d1"]))
        >>> row["doc_ids"], row["fatalities"], row["actor1"], row["event_date"]
        (['d1'], 0, None, datetime.date(2020, 1, 2))
    """
    data = event.to_dict()
    row: dict[str, Any] = {name: data.get(name) for name in CSV_FIELDS}
    for name in _PARQUET_DATES:
        row[name] = _day(row[name])
    row["fatalities_breakdown"] = sorted(event.fatalities_breakdown.items())
    row["evidence"] = [
        {"doc_id": e.doc_id, "sentence": e.sentence, "start": e.start, "end": e.end}
        for e in event.evidence
    ]
    return row


@exporters.register("conflictcoder.parquet.v1", aliases=("parquet",))
def write_parquet(events: Iterable[Event], fh: Any, *, row_group_size: int = 10_000) -> int:
    """A Parquet file with the CSV export's columns, typed: dates as dates, counts as
    integers, coordinates as floats, lists and maps kept as such.

    fh: a binary file, or a text file opened on one (its ``buffer`` is used, so
        ``write_events(events, open(path, "w"), "parquet")`` works); needs pyarrow.
    row_group_size (int): events per row group. Defaults to 10,000.
    RETURNS (int): the number of events written.

    Example:
        >>> import io, pyarrow.parquet as pq
        >>> events = [Event("2020-01-02", "Battles", "Armed clash"),
        ...           Event("2020-01-03", "Riots", "Mob violence")]
        >>> buf = io.BytesIO()
        >>> write_parquet(events, buf, row_group_size=1)
        2
        >>> pq.ParquetFile(buf).num_row_groups, pq.read_table(buf)["event_date"][0]
        (2, <pyarrow.Date32Scalar: datetime.date(2020, 1, 2)>)
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow comes with the web extra
        raise ConfigError(
            "the parquet format needs pyarrow: pip install 'conflictcoder[web]'"
        ) from None
    fh = _binary(fh, "parquet")
    schema = _parquet_schema()
    count = 0
    with pq.ParquetWriter(fh, schema) as writer:
        batch: list[dict[str, Any]] = []
        for event in events:
            batch.append(parquet_row(event))
            count += 1
            if len(batch) >= row_group_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count


def _binary(fh: Any, fmt: str) -> Any:
    """The binary stream under a text file (formats that write bytes)."""
    if isinstance(fh, io.TextIOBase):
        if not hasattr(fh, "buffer"):
            raise ConfigError(f"the {fmt} format is binary: write it to a file (--output FILE)")
        fh.flush()
        return fh.buffer
    return fh


def _point_wkb(event: Event) -> bytes | None:
    if event.latitude is None or event.longitude is None:
        return None
    # little-endian WKB Point (type 1): x = longitude, y = latitude
    return struct.pack("<BIdd", 1, 1, float(event.longitude), float(event.latitude))


def _gpkg_table(events: Iterable[Event]) -> tuple[Any, int]:
    """The events as an Arrow table of flat, typed columns plus a WKB ``geometry`` column."""
    import pyarrow as pa

    fields = []
    for name in CSV_FIELDS:
        kind = _scalar_type(name)
        fields.append(pa.field(name, pa.string() if kind is None else kind))
    fields.append(pa.field("geometry", pa.binary()))
    schema = pa.schema(fields)
    rows = []
    for event in events:
        flat = csv_row(event)
        row: dict[str, Any] = {}
        for field in fields[:-1]:
            value = flat.get(field.name)
            if value == "":
                value = None
            elif field.name in _PARQUET_DATES:
                value = _day(value)
            elif field.name in _PARQUET_INTS | _PARQUET_FLOATS | _PARQUET_BOOLS:
                value = getattr(event, field.name)
            elif value is not None:
                value = str(value)
            row[field.name] = value
        row["geometry"] = _point_wkb(event)
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=schema), len(rows)


@exporters.register("conflictcoder.gpkg.v1", aliases=("gpkg", "geopackage"))
def write_gpkg(events: Iterable[Event], fh: Any, *, layer: str = "events") -> int:
    """A GeoPackage (the format QGIS opens natively): one Point layer in WGS84 (EPSG:4326)
    with the CSV export's columns, typed (dates, integers, floats); events without
    coordinates have an empty geometry. Written with GDAL through pyogrio.

    fh: a binary file, or a text file opened on one (its ``buffer`` is used).
    layer (str): the layer's name. Defaults to "events".
    RETURNS (int): the number of events written.

    Example:
        >>> import pyogrio
        >>> with open(tmp / "events.gpkg", "wb") as fh:
        ...     write_gpkg([Event("2020-01-02", "Battles", "Armed clash")], fh, layer="strikes")
        1
        >>> info = pyogrio.read_info(tmp / "events.gpkg", layer="strikes")
        >>> info["geometry_type"], info["crs"]
        ('Point', 'EPSG:4326')
    """
    try:
        from pyogrio import write_arrow
    except ImportError:
        raise ConfigError(
            "the gpkg format needs pyogrio (GDAL): pip install 'conflictcoder[gpkg]'"
        ) from None
    import tempfile
    from pathlib import Path as _Path

    out = _binary(fh, "gpkg")
    table, count = _gpkg_table(events)
    # GDAL writes a GeoPackage to a file it creates: write one, then copy its bytes over.
    with tempfile.TemporaryDirectory(prefix="conflictcoder-gpkg-") as folder:
        target = _Path(folder) / "events.gpkg"
        write_arrow(
            table,
            str(target),
            layer=layer,
            driver="GPKG",
            geometry_name="geometry",
            geometry_type="Point",
            crs="EPSG:4326",
        )
        out.write(target.read_bytes())
    out.flush()
    return count


def store_options(store: Any, fmt: str, options: dict[str, Any]) -> dict[str, Any]:
    """``options`` plus what the exporter of ``fmt`` takes from the store the events come
    from: the ACLED export, the source scales its watched sources declare."""
    if exporters.get(fmt) is write_acled:
        from .formats import store_scales

        return {**options, "scales": store_scales(store)}
    return options


def write_events(events: Iterable[Event], fh: TextIO, fmt: str = "jsonl", **options: Any) -> int:
    """Write events to an open text file with the exporter registered as ``fmt``.

    events (Iterable[Event]): the events, written in the order given.
    fh (TextIO): where to write (open it with ``newline=""`` for CSV files).
    fmt (str): exporter name or alias: "jsonl", "csv", "acled", "ucdp", "geojson",
        "parquet", "gpkg" or a registered name such as "conflictcoder.acled.v1".
        Defaults to "jsonl".
    options: the exporter's keyword options (``bom=True``, ``inter_num=True``); an option
        the exporter does not take is a ConfigError naming it.
    RETURNS (int): the number of events written. Raises ConfigError for an unknown ``fmt``.

    Example:
        >>> import sys
        >>> write_events([Event("2020-01-02", "Battles", "Armed clash")], sys.stdout, "csv")
        ... # doctest: +ELLIPSIS
        event_id,event_date,...
        1
    """
    writer = exporters.get(fmt)
    if options:
        import inspect

        accepted = inspect.signature(writer).parameters
        for name in options:
            if name not in accepted:
                raise ConfigError(f"the {fmt} format takes no option '{name}'")
    count: int = writer(events, fh, **options)
    return count


def read_events(path: str | Path) -> Iterator[Event]:
    """Read events back from a JSONL export (the inverse of ``write_jsonl``).

    Blank lines are skipped; a line that is not an event raises InputError naming the
    file and line.

    Example:
        >>> with open(tmp / "events.jsonl", "w") as fh:
        ...     write_jsonl([Event("2020-01-02", "Battles", "Armed clash")], fh)
        1
        >>> [e.sub_event_type for e in read_events(tmp / "events.jsonl")]
        ['Armed clash']
    """
    for number, data in iter_jsonl(path):
        if not isinstance(data, dict):
            raise InputError(Path(path), "expected a JSON object (one event per line)", number)
        for key in ("event_type", "sub_event_type"):
            if not isinstance(data.get(key), str):
                raise InputError(Path(path), f"not an event: missing '{key}'", number)
        try:
            yield Event.from_dict(data)
        except (TypeError, ValueError) as exc:
            raise InputError(Path(path), f"not an event: {exc}", number) from None
