"""Tests for the Parquet exporter in conflictcoder.export (``conflictcoder.parquet.v1``)."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow.parquet as pq

from conflictcoder.export import CSV_FIELDS, write_events, write_parquet
from conflictcoder.model import Event, Evidence
from conflictcoder.registry import exporters


def _event() -> Event:
    return Event(
        "2020-03-03",
        "Explosions/Remote violence",
        "Air/drone strike",
        actor1="Military Forces of Syria (2000-)",
        inter1=1,
        location="Kafr Nabl",
        latitude=35.586,
        longitude=36.561,
        fatalities=3,
        fatalities_breakdown={"children": 1, "civilians": 3},
        doc_ids=["a1", "a2"],
        evidence=[Evidence("a1", "Jets struck Kafr Nabl.", 10, 32)],
    )


def test_registered_with_alias() -> None:
    assert exporters.resolve_name("parquet") == "conflictcoder.parquet.v1"


def test_round_trip_keeps_types_and_columns() -> None:
    buf = io.BytesIO()
    assert write_parquet([_event(), Event(None, "Riots", "Mob violence")], buf) == 2
    table = pq.read_table(io.BytesIO(buf.getvalue()))
    assert table.schema.names == list(CSV_FIELDS)
    first, second = table.to_pylist()
    assert first["doc_ids"] == ["a1", "a2"]
    assert first["evidence"] == [
        {"doc_id": "a1", "sentence": "Jets struck Kafr Nabl.", "start": 10, "end": 32}
    ]
    assert dict(first["fatalities_breakdown"]) == {"children": 1, "civilians": 3}
    assert (first["fatalities"], first["latitude"], first["inter1"]) == (3, 35.586, 1)
    assert second["event_date"] is None and second["latitude"] is None


def test_empty_export_has_the_schema() -> None:
    buf = io.BytesIO()
    assert write_parquet([], buf) == 0
    table = pq.read_table(io.BytesIO(buf.getvalue()))
    assert table.num_rows == 0
    assert str(table.schema.field("fatalities").type) == "int64"


def test_row_groups_split_large_exports() -> None:
    buf = io.BytesIO()
    events = [Event(f"2020-03-{day:02d}", "Riots", "Mob violence") for day in range(1, 26)]
    assert write_parquet(events, buf, row_group_size=10) == 25
    assert pq.ParquetFile(io.BytesIO(buf.getvalue())).num_row_groups == 3


def test_writes_through_a_text_file_to_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    with path.open("w", encoding="utf-8", newline="") as fh:
        assert write_events([_event()], fh, "parquet") == 1
    assert pq.read_table(path).num_rows == 1


def test_dates_are_dates() -> None:
    buf = io.BytesIO()
    write_parquet([_event()], buf)
    table = pq.read_table(io.BytesIO(buf.getvalue()))
    assert str(table.schema.field("event_date").type) == "date32[day]"
    assert str(table.schema.field("date_end").type) == "date32[day]"
    assert str(table.schema.field("latitude").type) == "double"
    assert table.to_pylist()[0]["event_date"].isoformat() == "2020-03-03"
