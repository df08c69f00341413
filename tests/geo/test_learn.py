"""Tests for conflictcoder/geo/learn.py: places learned from event datasets."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from conflictcoder.errors import GazetteerError
from conflictcoder.geo import Gazetteer
from conflictcoder.geo.learn import learn_places, parse_date, read_coded_places
from conflictcoder.model import PlaceRef
from conflictcoder.resolve.places import Focus, PlaceResolver

# Invented events in the published column layouts.
ACLED = (
    "event_id_cnty,event_date,year,event_type,country,iso,admin1,admin2,admin3,location,"
    "latitude,longitude,geo_precision,notes\n"
    "SYR1,03 February 2020,2020,Battles,Syria,760,Idleb,Ariha,Ehsem,Zarzour Foqani,35.7001,"
    "36.6002,1,Clashes in Zarzour Foqani.\n"
    "SYR2,2020-02-20,2020,Battles,Syria,760,Idleb,Ariha,Ehsem,Zarzour Foqani,35.7001,36.6002,2,"
    "Clashes near Zarzour Foqani.\n"
    "SYR3,2020-02-21,2020,Battles,Syria,760,Idleb,Idleb,Idleb,Idleb,35.93,36.63,3,Somewhere.\n"
    "SYR4,2020-03-01,2020,Battles,Syria,760,Hama,Hama,Hama,Tal Testa,35.2,36.9,1,Later.\n"
)
UCDP = (
    "id,year,where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,country,date_start\n"
    "1,2019,1,Kharbet Testa village,Idlib governorate,Ariha district,35.61,36.51,Syria,"
    "2019-05-01 00:00:00.000\n"
    "2,2019,4,Idlib governorate,Idlib governorate,,35.9,36.6,Syria,2019-05-02 00:00:00.000\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_dates_in_the_shapes_datasets_write() -> None:
    assert parse_date("03 February 2020") == date(2020, 2, 3)
    assert parse_date("2019-05-01 00:00:00.000") == date(2019, 5, 1)
    assert parse_date("") is None and parse_date("soon") is None and parse_date(None) is None


def test_acled_export_teaches_places_coded_at_or_near_them(tmp_path: Path) -> None:
    rows = list(read_coded_places(write(tmp_path / "acled.csv", ACLED)))
    names = [(line, p.name if p else None) for line, p in rows]
    assert names == [(2, "Zarzour Foqani"), (3, "Zarzour Foqani"), (4, None), (5, "Tal Testa")]
    place = rows[0][1]
    assert place is not None
    assert (place.admin1, place.admin2, place.admin3, place.iso, place.day) == (
        "Idleb",
        "Ariha",
        "Ehsem",
        760,
        date(2020, 2, 3),
    )


def test_learned_places_resolve_with_the_coders_name(index_copy: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "acled.csv", ACLED)
    result = learn_places(index_copy, [path])
    assert (result.added, result.known, result.skipped) == (2, 0, 1)
    assert learn_places(index_copy, [path]).added == 0  # idempotent
    gaz = Gazetteer.open(index_copy)
    entry = gaz.lookup("Zarzour Fawqani")[0]
    assert (entry.name, entry.source, entry.admin1, entry.admin2, entry.admin3) == (
        "Zarzour Foqani",
        "learned",
        "Idleb",
        "Ariha",
        "Ehsem",
    )
    resolver = PlaceResolver(gaz)
    place = resolver.resolve(PlaceRef("Zarzour Fouqani", 0, 15), Focus(countries=("SY",)))
    assert (place.location, place.latitude, place.geo_precision, place.admin3) == (
        "Zarzour Foqani",
        35.7001,
        1,
        "Ehsem",
    )
    assert [s for _, _, s in gaz.spans("Shelling hit Zarzour Foqani today.")] == ["Zarzour Foqani"]


def test_before_keeps_only_earlier_events(index_copy: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "acled.csv", ACLED)
    result = learn_places(index_copy, [path], before=date(2020, 2, 25))
    assert (result.added, result.skipped) == (1, 2)
    assert result.origin == f"{path} (before 2020-02-25)"
    assert Gazetteer.open(index_copy).lookup("Tal Testa") == []


def test_ucdp_ged_names_lose_their_settlement_word(index_copy: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "ged.csv", UCDP)
    assert learn_places(index_copy, [path]).added == 1
    entry = Gazetteer.open(index_copy).lookup("Kharbet Testa")[0]
    assert (entry.name, entry.admin1, entry.admin2) == ("Kharbet Testa", "Idleb", "Ariha")


def test_gold_and_event_jsonl(index_copy: Path, tmp_path: Path) -> None:
    gold = {
        "id": "d1",
        "text": "...",
        "published": "2020-01-10",
        "gold": {
            "mode": "single",
            "events": [
                {
                    "location": "Testaya",
                    "latitude": 35.5,
                    "longitude": 36.5,
                    "country": "Syria",
                    "admin1": "Idleb",
                    "admin2": None,
                    "admin3": None,
                    "geo_precision": 1,
                    "event_date": "2020-01-09",
                }
            ],
        },
    }
    events = [
        {
            "doc_id": "a",
            "location": "Testiye",
            "latitude": 35.6,
            "longitude": 36.4,
            "country": "Syria",
            "iso": 760,
            "admin1": "Idleb",
            "geo_precision": 2,
            "event_date": "2020-01-01",
            "unresolved_location": False,
        },
        {
            "doc_id": "a",
            "location": "Unknownia",
            "latitude": 35.9,
            "longitude": 36.6,
            "country": "Syria",
            "admin1": "Idleb",
            "geo_precision": 3,
            "event_date": "2020-01-01",
            "unresolved_location": True,
        },
    ]
    path = write(tmp_path / "mixed.jsonl", "\n".join(json.dumps(x) for x in [gold, *events]) + "\n")
    result = learn_places(index_copy, [path], before=date(2020, 1, 11))
    assert (result.added, result.skipped) == (2, 1)
    gaz = Gazetteer.open(index_copy)
    assert gaz.lookup("Testaya")[0].source == "learned"
    assert gaz.lookup("Unknownia") == []
    # a gold document counts by its publication date
    later = tmp_path / "later.jsonl"
    write(later, json.dumps({**gold, "published": "2020-03-01"}) + "\n")
    assert learn_places(index_copy, [later], before=date(2020, 2, 12)).skipped == 1


def test_unknown_file_shapes_are_errors(index_copy: Path, tmp_path: Path) -> None:
    other = write(tmp_path / "other.csv", "a,b\n1,2\n")
    with pytest.raises(GazetteerError) as info:
        learn_places(index_copy, [other])
    assert str(info.value).startswith(f"{other}: not an event dataset: expected an ACLED export")
    broken = write(tmp_path / "broken.jsonl", '{"location": "X"}\n{"location": \n')
    with pytest.raises(GazetteerError) as info:
        learn_places(index_copy, [broken])
    assert str(info.value) == f"{broken}:2: malformed JSON (Expecting value at column 13)"
    with pytest.raises(GazetteerError) as info:
        learn_places(index_copy, [tmp_path / "missing.csv"])
    assert str(info.value) == f"{tmp_path / 'missing.csv'}: file not found"
