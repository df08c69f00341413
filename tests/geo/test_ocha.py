"""Tests for conflictcoder/geo/ocha.py: admin units and populated places with P-codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conflictcoder.errors import GazetteerError
from conflictcoder.geo import Gazetteer
from conflictcoder.geo.ocha import import_ocha
from conflictcoder.model import PlaceRef
from conflictcoder.resolve.places import Focus, PlaceResolver

SHARED = Path(__file__).resolve().parents[3] / "shared" / "gazetteers" / "opensyria"

# Invented units in the COD table shape (admin1Name_en, admin1Pcode...).
COD = (
    "admin3Name_en,admin3Pcode,admin2Name_en,admin2Pcode,admin1Name_en,admin1Pcode,"
    "admin0Pcode,center_lat,center_lon\n"
    "Testa Sub,SY079901,Testa District,SY0799,Idlib,SY07,SY,35.96,36.72\n"
    "Othera Sub,SY079902,Testa District,SY0799,Idlib,SY07,SY,35.50,36.60\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_cod_table_units_give_pcodes_to_resolved_places(index_copy: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "syr_adm3.csv", COD)
    result = import_ocha(index_copy, path)
    assert (result.added, result.known) == (2, 0)
    assert import_ocha(index_copy, path).added == 0
    gaz = Gazetteer.open(index_copy)
    unit = gaz.lookup("Testa Sub")[0]
    assert (unit.feature_code, unit.admin1, unit.admin2, unit.admin3, unit.admin3_pcode) == (
        "ADM3",
        "Idleb",
        "Testa District",
        "Testa Sub",
        "SY079901",
    )
    assert [u.admin3_pcode for u in gaz.units("SY")] == ["SY079901", "SY079902"]
    place = PlaceResolver(gaz).resolve(PlaceRef("Binnish", 0, 7), Focus(countries=("SY",)))
    # Binnish (35.957, 36.714) lies nearest the centroid of Testa Sub
    assert (place.admin2, place.admin3) == ("Testa District", "Testa Sub")
    assert (place.admin1_pcode, place.admin2_pcode, place.admin3_pcode) == (
        "SY07",
        "SY0799",
        "SY079901",
    )


def test_units_and_populated_places_from_geojson(index_copy: Path, tmp_path: Path) -> None:
    features = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [36.71, 35.97]},
                "properties": {
                    "featureName": "Testkoy",
                    "pcode": "C9999",
                    "ADM1_EN": "Idlib",
                    "ADM1_PCODE": "SY07",
                    "ADM2_EN": "Testa District",
                    "ADM2_PCODE": "SY0799",
                    "ADM3_EN": "Testa Sub",
                    "ADM3_PCODE": "SY079901",
                },
            },
        ],
    }
    path = write(tmp_path / "syr_pplp.geojson", json.dumps(features))
    assert import_ocha(index_copy, path).added == 1
    gaz = Gazetteer.open(index_copy)
    town = gaz.lookup("Testkoy")[0]
    assert (town.feature_class, town.admin1, town.admin3_pcode, town.latitude) == (
        "P",
        "Idleb",
        "SY079901",
        35.97,
    )
    place = PlaceResolver(gaz).resolve(PlaceRef("Testkoy", 0, 7), Focus(countries=("SY",)))
    assert (place.location, place.admin3, place.admin1_pcode, place.unresolved) == (
        "Testkoy",
        "Testa Sub",
        "SY07",
        False,
    )


def test_a_unit_named_as_a_place_is_coded_at_precision_two(
    index_copy: Path, tmp_path: Path
) -> None:
    import_ocha(index_copy, write(tmp_path / "units.csv", COD))
    resolver = PlaceResolver(Gazetteer.open(index_copy))
    place = resolver.resolve(PlaceRef("Othera Sub", 0, 10), Focus(countries=("SY",)))
    assert (place.location, place.geo_precision, place.admin3_pcode) == (
        "Othera Sub",
        2,
        "SY079902",
    )


def test_rows_without_a_country_are_errors(index_copy: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", "admin1Name_en,admin1Pcode\nSomewhere,99\n")
    with pytest.raises(GazetteerError) as info:
        import_ocha(index_copy, path)
    assert str(info.value) == (
        f"{path}:2: cannot tell the country of 'Somewhere': give an admin0Pcode or iso2 column, "
        "or P-codes that start with the ISO alpha-2 code (SY07)"
    )
    broken = write(tmp_path / "broken.json", "[{")
    with pytest.raises(GazetteerError) as info:
        import_ocha(index_copy, broken)
    assert str(info.value).startswith(f"{broken}:1: malformed JSON (")


@pytest.mark.skipif(not (SHARED / "syr_admin_units.csv").is_file(), reason="shared/ not present")
def test_opensyria_admin_units(index_copy: Path) -> None:
    result = import_ocha(index_copy, SHARED / "syr_admin_units.csv")
    assert result.added == 334  # 62 districts and 272 sub-districts with centroids
    gaz = Gazetteer.open(index_copy)
    assert gaz.admin1_pcode("SY", "Idleb") == "SY07"
    assert gaz.admin1_pcode("SY", "Rural Damascus") == "SY03"
    place = PlaceResolver(gaz).resolve(PlaceRef("Binnish", 0, 7), Focus(countries=("SY",)))
    assert (place.admin1_pcode, place.admin3_pcode) == ("SY07", "SY070002")
