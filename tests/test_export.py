"""Tests for conflictcoder.export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conflictcoder.errors import ConfigError
from conflictcoder.export import CSV_FIELDS, write_events
from conflictcoder.model import ACLED_FIELDS, Event, Evidence
from conflictcoder.registry import exporters

JETS = "Jets struck the town, killing three — two of them children."


def _events() -> list[Event]:
    return [
        Event(
            event_date="2022-05-04",
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            actor1="Military Forces of Russia (2000-)",
            inter1=8,
            actor2="Civilians (Syria)",
            inter2=7,
            interaction=78,
            civilian_targeting="Civilian targeting",
            country="Syria",
            iso=760,
            admin1="Idleb",
            location="Ma'arrat Misrin",
            latitude=36.0119,
            longitude=36.6711,
            geo_precision=1,
            fatalities=3,
            injured=5,
            fatalities_breakdown={"women": 1, "children": 2},
            doc_ids=["doc-7", "doc-9"],
            evidence=[
                Evidence("doc-7", JETS, 0, 58),
                Evidence("doc-9", JETS, 4, 62),
                Evidence("doc-9", "Five were hurt.", 63, 78),
            ],
            reported_by="Syrian Civil Defence",
        ),
        Event(
            event_date="2022-05-05",
            event_type="Battles",
            sub_event_type="Armed clash",
            actor1="Opposition Rebels (Syria)",
            inter1=2,
            interaction=20,
            country="Syria",
            location="somewhere unnamed",
            doc_ids=["doc-8"],
        ),
    ]


def _write(fmt: str, events: list[Event] | None = None) -> tuple[int, str]:
    buf = io.StringIO()
    n = write_events(_events() if events is None else events, buf, fmt)
    return n, buf.getvalue()


def test_builtins_registered_with_aliases() -> None:
    names = {"conflictcoder.jsonl.v1", "conflictcoder.full_csv.v1", "conflictcoder.geojson.v1"}
    assert names <= set(exporters)
    assert exporters.get("csv") is exporters.get("conflictcoder.full_csv.v1")
    assert exporters.get("full-csv") is exporters.get("conflictcoder.full_csv.v1")
    # the wide CSV's old registered name still selects it
    assert exporters.get("conflictcoder.acled_csv.v1") is exporters.get("csv")
    assert exporters.get("acled") is exporters.get("conflictcoder.acled.v1")
    assert exporters.get("ucdp") is exporters.get("conflictcoder.ucdp_ged.v1")
    assert exporters.get("gpkg") is exporters.get("conflictcoder.gpkg.v1")
    assert exporters.get("jsonl") is exporters.get("conflictcoder.jsonl.v1")
    assert exporters.get("geojson") is exporters.get("conflictcoder.geojson.v1")


def test_jsonl_one_event_per_line_doc_id_first() -> None:
    n, text = _write("jsonl")
    lines = text.splitlines()
    assert n == 2 and len(lines) == 2 and text.endswith("\n")
    first = json.loads(lines[0])
    assert list(first)[0] == "doc_id"
    assert first == _events()[0].to_dict()
    assert list(first) == list(_events()[0].to_dict())
    assert "—" in lines[0]  # ensure_ascii=False
    assert Event.from_dict(first) == _events()[0]


def test_jsonl_is_deterministic() -> None:
    assert _write("jsonl") == _write("conflictcoder.jsonl.v1")


def test_csv_header_is_acled_order_then_doc_id() -> None:
    n, text = _write("csv")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert header[: len(ACLED_FIELDS)] == list(ACLED_FIELDS)
    assert header[len(ACLED_FIELDS)] == "doc_id"
    assert header == list(CSV_FIELDS)
    assert n == 2
    assert "\r" not in text


def test_csv_values() -> None:
    _, text = _write("csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    first, second = rows
    assert first["event_id"] == _events()[0].event_id
    assert first["location"] == "Ma'arrat Misrin"
    assert first["latitude"] == "36.0119"
    assert first["fatalities"] == "3"
    assert first["doc_id"] == "doc-7"
    assert first["doc_ids"] == "doc-7; doc-9"
    assert first["injured"] == "5"
    assert first["fatalities_breakdown"] == '{"children": 2, "women": 1}'
    assert first["reported_by"] == "Syrian Civil Defence"
    assert first["evidence"] == (
        "Jets struck the town, killing three — two of them children. | Five were hurt."
    )
    assert second["actor2"] == "" and second["latitude"] == "" and second["injured"] == ""
    assert second["fatalities"] == "0"


def test_csv_empty_still_has_header() -> None:
    n, text = _write("csv", [])
    assert n == 0
    assert text == ",".join(CSV_FIELDS) + "\n"


def test_geojson_feature_collection() -> None:
    n, text = _write("geojson")
    data = json.loads(text)
    assert n == 2
    assert data["type"] == "FeatureCollection"
    first, second = data["features"]
    assert first["type"] == "Feature"
    assert first["id"] == _events()[0].event_id
    assert first["geometry"] == {"type": "Point", "coordinates": [36.6711, 36.0119]}
    assert first["properties"]["doc_id"] == "doc-7"
    assert second["geometry"] is None


def test_geojson_empty() -> None:
    n, text = _write("geojson", [])
    assert n == 0
    assert json.loads(text) == {"type": "FeatureCollection", "features": []}


def test_write_events_accepts_a_generator() -> None:
    buf = io.StringIO()
    assert write_events((e for e in _events()), buf) == 2


def test_unknown_format() -> None:
    with pytest.raises(ConfigError) as info:
        write_events([], io.StringIO(), "xlsx")
    assert str(info.value).startswith("unknown exporter 'xlsx': choose one of ")
    assert "csv" in str(info.value) and "geojson" in str(info.value)


# -- acled, ucdp, options -----------------------------------------------------------------

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)


def test_acled_header_is_exactly_acleds_31_columns() -> None:
    n, text = _write("acled")
    assert n == 2
    header = text.splitlines()[0]
    assert header == ACLED_HEADER
    assert len(header.split(",")) == 31
    _, empty = _write("acled", [])
    assert empty == ACLED_HEADER + "\n"


def test_acled_values_labels_by_default_numbers_with_inter_num() -> None:
    _, text = _write("acled")
    first, second = csv.DictReader(io.StringIO(text))
    assert first["event_id_cnty"].startswith("SYR") and first["event_id_cnty"][3:].isdigit()
    assert (first["inter1"], first["inter2"]) == ("External/Other forces", "Civilians")
    assert first["interaction"] == "Civilians-External/Other forces"
    assert (first["year"], first["region"], first["disorder_type"]) == (
        "2022",
        "Middle East",
        "Political violence",
    )
    assert second["interaction"] == "Rebel group only"
    buf = io.StringIO()
    write_events(_events(), buf, "acled", inter_num=True)
    first, second = csv.DictReader(io.StringIO(buf.getvalue()))
    assert (first["inter1"], first["inter2"], first["interaction"]) == ("8", "7", "78")
    assert second["interaction"] == "20"


def test_ucdp_writes_organised_violence_only() -> None:
    protest = Event("2022-05-06", "Protests", "Peaceful protest", inter1=6, doc_ids=["p"])
    n, text = _write("ucdp", [*_events(), protest])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert n == 2 and len(rows) == 2
    assert [r["type_of_violence"] for r in rows] == ["3", "2"]
    assert text.splitlines()[0].startswith("id,year,type_of_violence,side_a,side_b,")


@pytest.mark.parametrize("fmt", ["csv", "acled", "ucdp"])
def test_bom_option_starts_csv_with_a_byte_order_mark(fmt: str) -> None:
    buf = io.StringIO()
    write_events(_events(), buf, fmt, bom=True)
    assert buf.getvalue().startswith("\ufeff")
    assert not _write(fmt)[1].startswith("\ufeff")
    raw = io.BytesIO()
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    write_events(_events(), text, fmt, bom=True)
    text.flush()
    assert raw.getvalue().startswith(b"\xef\xbb\xbf")


def test_an_option_a_format_does_not_take_is_an_error() -> None:
    with pytest.raises(ConfigError, match="the jsonl format takes no option 'bom'"):
        write_events(_events(), io.StringIO(), "jsonl", bom=True)
    with pytest.raises(ConfigError, match="the ucdp format takes no option 'inter_num'"):
        write_events(_events(), io.StringIO(), "ucdp", inter_num=True)


def test_geojson_properties_are_typed() -> None:
    _, text = _write("geojson")
    props = json.loads(text)["features"][0]["properties"]
    assert isinstance(props["fatalities"], int) and isinstance(props["iso"], int)
    assert isinstance(props["latitude"], float) and isinstance(props["confidence"], float)
    assert props["event_date"] == "2022-05-04"


def test_gpkg_is_a_typed_point_layer(tmp_path: Path) -> None:
    pyogrio = pytest.importorskip("pyogrio")
    out = tmp_path / "events.gpkg"
    with out.open("w", encoding="utf-8", newline="") as fh:
        assert write_events(_events(), fh, "gpkg") == 2
    info = pyogrio.read_info(out)
    assert info["geometry_type"] == "Point" and info["crs"] == "EPSG:4326"
    assert info["features"] == 2
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert list(types) == list(CSV_FIELDS)
    assert types["event_date"] == "datetime64[D]"
    assert types["fatalities"] == "int64" and types["latitude"] == "float64"
    _, table = pyogrio.read_arrow(out)
    rows = table.to_pylist()
    assert rows[0]["location"] == "Ma'arrat Misrin" and rows[1]["inter2"] is None


# the binary formats: the library that writes each and the bytes its files start with
BINARY = {"parquet": ("pyarrow", b"PAR1"), "gpkg": ("pyogrio", b"SQLite format 3\x00")}


@pytest.mark.parametrize("fmt", list(BINARY))
def test_binary_formats_write_their_file_signature(fmt: str, tmp_path: Path) -> None:
    library, signature = BINARY[fmt]
    pytest.importorskip(library)
    out = tmp_path / f"events.{fmt}"
    with out.open("w", encoding="utf-8", newline="") as fh:  # as the CLI opens --output
        assert write_events(_events(), fh, fmt) == 2
    assert out.read_bytes().startswith(signature)


@pytest.mark.parametrize("fmt", list(BINARY))
def test_binary_formats_refuse_a_text_stream_without_bytes(fmt: str) -> None:
    pytest.importorskip(BINARY[fmt][0])
    with pytest.raises(ConfigError) as info:
        write_events(_events(), io.StringIO(), fmt)
    assert str(info.value) == f"the {fmt} format is binary: write it to a file (--output FILE)"


def test_full_csv_holds_every_event_field() -> None:
    import dataclasses

    names = {f.name for f in dataclasses.fields(Event)}
    assert names <= set(CSV_FIELDS)
    _, text = _write("csv", [Event("2020-01-02", "Battles", "Armed clash", timestamp=17)])
    row = next(csv.DictReader(io.StringIO(text)))
    assert (row["timestamp"], row["unresolved_location"], row["admin1_pcode"]) == (
        "17",
        "false",
        "",
    )
