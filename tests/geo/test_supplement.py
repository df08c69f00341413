"""Tests for conflictcoder/geo/supplement.py: the user's own places."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictcoder.errors import GazetteerError
from conflictcoder.geo import Gazetteer
from conflictcoder.geo.supplement import import_supplement
from conflictcoder.model import PlaceRef
from conflictcoder.resolve.places import Focus, PlaceResolver

HEADER = "name,aliases,latitude,longitude,country,admin1,admin2\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_supplement_places_rank_first(index_copy: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "# my places\n"
        + HEADER
        + "Jarjanaz,Jarjnaz|Jirjinaz,35.56,36.79,Syria,Idlib,Maarrat An Nu'man\n"
        + "Binnish,,35.96,36.72,SY,Idleb,Idleb\n",
    )
    result = import_supplement(index_copy, path)
    assert (result.added, result.known) == (2, 0)
    assert import_supplement(index_copy, path).added == 0
    gaz = Gazetteer.open(index_copy)
    entry = gaz.lookup("Jirjinaz")[0]
    assert (entry.name, entry.admin1, entry.admin2, entry.source) == (
        "Jarjanaz",
        "Idleb",
        "Maarrat An Nu'man",
        "supplement",
    )
    resolver = PlaceResolver(gaz)
    focus = Focus(countries=("SY",))
    place = resolver.resolve(PlaceRef("Jarjnaz", 0, 7), focus)
    assert (place.location, place.latitude, place.unresolved) == ("Jarjanaz", 35.56, False)
    # the user's Binnish is within 5 km of GeoNames' Binnish: one place, named by the user
    place = resolver.resolve(PlaceRef("Binnish", 0, 7), focus)
    assert (place.location, place.latitude) == ("Binnish", 35.96)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (",,1,2,Syria,,", "3: name must not be empty"),
        ("X,,north,2,Syria,,", "3: latitude and longitude must be numbers, got 'north', '2'"),
        ("X,,91,2,Syria,,", "3: coordinates out of range: 91.0, 2.0"),
        (
            "X,,1,2,Atlantis,,",
            "3: unknown country 'Atlantis': give a name (Syria) or an ISO alpha-2 code (SY)",
        ),
        ("X,,1,2,Syria", "3: expected 7 columns, got 5"),
    ],
)
def test_bad_rows_name_file_and_line(
    index_copy: Path, tmp_path: Path, row: str, problem: str
) -> None:
    path = write(tmp_path, "# comment\n" + HEADER + row + "\n")
    with pytest.raises(GazetteerError) as info:
        import_supplement(index_copy, path)
    assert str(info.value) == f"{path}:{problem}"


def test_missing_columns_and_feature_codes(index_copy: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "name,latitude,longitude\nX,1,2\n")
    with pytest.raises(GazetteerError) as info:
        import_supplement(index_copy, path)
    assert str(info.value) == f"{path}:1: missing columns: aliases, country, admin1, admin2"
    path = write(tmp_path, HEADER.strip() + ",feature_code\nTestbase,,35.5,36.5,SY,Idleb,,AIRB\n")
    import_supplement(index_copy, path)
    assert Gazetteer.open(index_copy).lookup("Testbase")[0].feature_class == "S"
    path = write(tmp_path, HEADER.strip() + ",feature_code\nX,,35.5,36.5,SY,Idleb,,ZZZ\n")
    with pytest.raises(GazetteerError) as info:
        import_supplement(index_copy, path)
    assert str(info.value).startswith(f"{path}:2: unknown feature_code 'ZZZ': use one of ADM2")
