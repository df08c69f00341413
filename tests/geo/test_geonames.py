"""Tests for conflictcoder/geo/geonames.py: GeoNames dumps in their published format."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import pytest

from conflictcoder.errors import GazetteerError
from conflictcoder.geo import Gazetteer
from conflictcoder.geo.geonames import (
    DUMP_URL,
    add_countries,
    import_geonames,
    parse_admin_codes,
    parse_geonames,
)
from conflictcoder.registry import gazetteer_sources

SHARED = Path(__file__).resolve().parents[3] / "shared" / "geonames"


def geoname_row(
    gid: int,
    name: str,
    alternates: str,
    lat: float,
    lon: float,
    fclass: str,
    fcode: str,
    cc: str,
    admin1: str,
    admin2: str = "",
    population: int = 0,
) -> str:
    """One line of the 19-column geoname table (invented places)."""
    ascii_form = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return (
        "\t".join(
            [
                str(gid),
                name,
                ascii_form,
                alternates,
                str(lat),
                str(lon),
                fclass,
                fcode,
                cc,
                "",
                admin1,
                admin2,
                "",
                "",
                str(population),
                "",
                "350",
                "Asia/Damascus",
                "2020-01-01",
            ]
        )
        + "\n"
    )


DUMP = (
    geoname_row(
        990001,
        "Zarzūr",
        "Zarzour,Zerzour,زرزور",
        35.71,
        36.61,
        "P",
        "PPL",
        "SY",
        "12",
        "900100",
        1200,
    )
    + geoname_row(990002, "Qasr Testi", "", 35.72, 36.62, "S", "AIRB", "SY", "12", "900100")
    + geoname_row(990003, "Wadi Testi", "", 35.73, 36.63, "H", "WAD", "SY", "12")
    + geoname_row(990004, "Testi District", "", 35.74, 36.64, "A", "ADM2", "SY", "12", "900100")
    + geoname_row(990005, "Testi Governorate", "", 35.75, 36.65, "A", "ADM1", "SY", "12")
    + geoname_row(990006, "Testovo", "", 31.1, 36.1, "P", "PPL", "JO", "05", "", 400)
)


def write_zip(path: Path, member: str, text: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "GeoNames dump\n")
        archive.writestr(member, text)
    return path


def test_country_file_keeps_places_spots_and_lower_units(tmp_path: Path) -> None:
    path = tmp_path / "SY.txt"
    path.write_text(DUMP, encoding="utf-8")
    records = list(parse_geonames(path))
    assert [(r.name, r.feature_code) for r in records] == [
        ("Zarzūr", "PPL"),
        ("Qasr Testi", "AIRB"),
        ("Testi District", "ADM2"),
        ("Testovo", "PPL"),
    ]
    first = records[0]
    assert (first.geonameid, first.admin1_code, first.admin2_code, first.population) == (
        990001,
        "12",
        "900100",
        1200,
    )
    assert first.aliases == ("Zarzur", "Zarzour", "Zerzour", "زرزور")
    assert [r.name for r in parse_geonames(path, countries=["jo"])] == ["Testovo"]


def test_import_is_idempotent_and_maps_acled_admin1(index_copy: Path, tmp_path: Path) -> None:
    path = write_zip(tmp_path / "SY.zip", "SY.txt", DUMP)
    first = import_geonames(index_copy, path)
    assert (first.added, first.known) == (4, 0)
    again = import_geonames(index_copy, path)
    assert (again.added, again.known) == (0, 4)
    assert again.summary() == f"{path}: 0 places added, 4 already known (source geonames)"
    gaz = Gazetteer.open(index_copy)
    entry = gaz.lookup("Zerzour")[0]
    assert (entry.name, entry.admin1, entry.source, entry.geonameid) == (
        "Zarzūr",
        "Idleb",
        "geonames",
        990001,
    )
    assert gaz.lookup("Zarzur", country_code="SY")[0].geonameid == 990001
    assert gaz.lookup("زرزور") == []  # non-Latin names are not indexed
    assert [e.feature_code for e in gaz.lookup("Qasr Testi")] == ["AIRB"]


def test_cities_file_and_all_countries_are_the_same_table(index_copy: Path, tmp_path: Path) -> None:
    cities = write_zip(tmp_path / "cities500.zip", "cities500.txt", DUMP)
    everything = write_zip(tmp_path / "allCountries.zip", "allCountries.txt", DUMP)
    assert import_geonames(index_copy, cities).added == 4
    assert import_geonames(index_copy, everything).added == 0  # same GeoNames ids


def test_admin_codes_name_second_level_units(index_copy: Path, tmp_path: Path) -> None:
    import_geonames(index_copy, write_zip(tmp_path / "SY.zip", "SY.txt", DUMP))
    admin1 = tmp_path / "admin1CodesASCII.txt"
    admin1.write_text("JO.05\tTestska Muhafazat\tTestska\t123\n", encoding="utf-8")
    admin2 = tmp_path / "admin2Codes.txt"
    admin2.write_text("SY.12.900100\tTestī District\tTesti District\t990004\n", encoding="utf-8")
    assert import_geonames(index_copy, admin1).added == 1
    assert import_geonames(index_copy, admin2).added == 1
    assert import_geonames(index_copy, admin2).added == 0
    gaz = Gazetteer.open(index_copy)
    assert gaz.lookup("Zarzour")[0].admin2 == "Testi District"
    # Jordan is not in admin1.csv: its provinces are named by the GeoNames table
    assert gaz.lookup("Testovo")[0].admin1 == "Testska"


def test_alternate_names_extend_the_embedded_default(index_copy: Path, tmp_path: Path) -> None:
    table = (
        "1\t171451\tar\tبنش\t\t\t\t\t\t\n"
        "2\t171451\ten\tBinnishville\t\t\t\t\t\t\n"
        "3\t171451\tlink\thttps://en.wikipedia.org/wiki/Binnish\t\t\t\t\t\t\n"
        "4\t1\ten\tNowhere Town\t\t\t\t\t\t\n"
    )
    path = write_zip(tmp_path / "alternateNamesV2.zip", "alternateNamesV2.txt", table)
    result = import_geonames(index_copy, path)
    assert (result.added, result.names_added, result.skipped) == (1, 1, 1)
    gaz = Gazetteer.open(index_copy)
    entry = gaz.lookup("Binnishville")[0]
    assert (entry.geonameid, entry.source) == (171451, "geonames")
    assert gaz.lookup("Binnish") == [entry]  # one entry per GeoNames id, the dump's
    assert import_geonames(index_copy, path).names_added == 0


@pytest.mark.skipif(not (SHARED / "admin2Codes.txt").is_file(), reason="shared/ not present")
def test_real_admin_tables(index_copy: Path) -> None:
    first = next(parse_admin_codes(SHARED / "admin1CodesASCII.txt", 1))
    assert first[0] == "AD" and first[2] == 1
    codes = {
        code: name
        for cc, code, _, name in parse_admin_codes(SHARED / "admin2Codes.txt", 2)
        if cc == "SY"
    }
    assert codes["12.167610"].startswith("Maarrat")
    assert import_geonames(index_copy, SHARED / "admin2Codes.txt").added > 40_000


def test_unknown_file_and_bad_rows_are_errors(index_copy: Path, tmp_path: Path) -> None:
    other = tmp_path / "places.txt"
    other.write_text("x\n", encoding="utf-8")
    with pytest.raises(GazetteerError) as info:
        import_geonames(index_copy, other)
    assert str(info.value).startswith(f"{other.name}: not a GeoNames dump this importer knows")
    bad = tmp_path / "SY.txt"
    bad.write_text("1\tOnly\tthree\n", encoding="utf-8")
    with pytest.raises(GazetteerError) as info:
        import_geonames(index_copy, bad)
    assert str(info.value) == (
        f"{bad}:1: expected 19 tab-separated columns, got 3; is this a GeoNames dump?"
    )
    with pytest.raises(GazetteerError) as info:
        import_geonames(index_copy, tmp_path / "IQ.zip")
    assert str(info.value) == f"{tmp_path / 'IQ.zip'}: file not found"


def test_download_uses_the_fetcher_and_keeps_the_zip(index_copy: Path, tmp_path: Path) -> None:
    payload = write_zip(tmp_path / "payload.zip", "SY.txt", DUMP).read_bytes()
    urls: list[str] = []

    def fetch(url: str) -> bytes:
        urls.append(url)
        return payload

    results = add_countries(index_copy, ["sy"], fetch=fetch, cache_dir=tmp_path / "dl")
    assert urls == [DUMP_URL.format(name="SY.zip")]
    assert (results[0].origin, results[0].added) == (urls[0], 4)
    assert (tmp_path / "dl" / "SY.zip").is_file()


def test_download_failure_names_the_offline_way(index_copy: Path) -> None:
    def offline(url: str) -> bytes:
        raise OSError("Name or service not known")

    with pytest.raises(GazetteerError) as info:
        add_countries(index_copy, ["IQ"], fetch=offline)
    assert str(info.value) == (
        "cannot download https://download.geonames.org/export/dump/IQ.zip (Name or service not "
        "known); download it elsewhere and import it with: conflictcoder gazetteer add --from "
        "IQ.zip"
    )
    with pytest.raises(GazetteerError) as info:
        add_countries(index_copy, ["XX"], fetch=offline)
    assert str(info.value) == "unknown country code(s) XX: use ISO 3166 alpha-2 codes like SY, IQ"


def test_registered_as_a_gazetteer_source() -> None:
    assert gazetteer_sources.get("geonames") is import_geonames
