"""Tests for conflictcoder.formats: ACLED's 31 columns and UCDP GED's columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictcoder.errors import OntologyError
from conflictcoder.formats import (
    CODEBOOK_FILE,
    SourceScales,
    acled_codebook,
    acled_row,
    country_iso3,
    event_id_cnty,
    event_number,
    ucdp_row,
    ucdp_rules,
)
from conflictcoder.model import Event
from conflictcoder.ontology import acled_types

# ACLED's columns, written out here on purpose: the test fails if the data file adds, drops
# or reorders one.
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
UCDP_COLUMNS = [
    "id",
    "year",
    "type_of_violence",
    "side_a",
    "side_b",
    "source_article",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
]
# the GED columns issue 12 asks for, in the order GED writes them
UCDP_REQUIRED = [
    "type_of_violence",
    "side_a",
    "side_b",
    "source_article",
    "where_prec",
    "where_coordinates",
    "date_prec",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
]


def _strike(**changes: object) -> Event:
    values: dict[str, object] = {
        "event_date": "2021-06-10",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Military Forces of Syria (2000-)",
        "inter1": 1,
        "actor2": "Civilians (Syria)",
        "inter2": 7,
        "interaction": 17,
        "civilian_targeting": "Civilian targeting",
        "country": "Syria",
        "iso": 760,
        "admin1": "Idleb",
        "admin2": "Ariha",
        "location": "Kafr Halab",
        "latitude": 35.95,
        "longitude": 36.6,
        "geo_precision": 1,
        "source": "SOHR; Reuters",
        "notes": "Jets struck a market.",
        "fatalities": 4,
        "fatalities_breakdown": {"civilians": 3},
        "doc_ids": ["d1"],
        "event_id": "cc-00000000000000a0",
        "timestamp": 1_700_000_000,
    }
    values.update(changes)
    return Event(**values)  # type: ignore[arg-type]


def test_acled_columns_are_acleds_31_in_order() -> None:
    assert list(acled_codebook().columns) == ACLED_COLUMNS
    assert list(acled_row(_strike())) == ACLED_COLUMNS


def test_ucdp_columns_in_ged_order() -> None:
    assert list(ucdp_rules().columns) == UCDP_COLUMNS
    assert [c for c in UCDP_COLUMNS if c in UCDP_REQUIRED] == UCDP_REQUIRED
    row = ucdp_row(_strike())
    assert row is not None and list(row) == UCDP_COLUMNS


def test_acled_row_values_with_labels() -> None:
    row = acled_row(_strike())
    assert row["event_id_cnty"] == "SYR10"
    assert row["year"] == 2021
    assert row["disorder_type"] == "Political violence"
    assert row["inter1"] == "State forces" and row["inter2"] == "Civilians"
    assert row["interaction"] == "State forces-Civilians"
    assert row["region"] == "Middle East"
    assert row["iso"] == 760
    assert row["source_scale"] == "National-International"
    assert row["timestamp"] == 1_700_000_000
    assert row["tags"] is None


def test_acled_row_inter_num_gives_codes() -> None:
    row = acled_row(_strike(), inter_num=True)
    assert (row["inter1"], row["inter2"], row["interaction"]) == (1, 7, 17)
    # a sole actor: ACLED's code is the actor's type times ten, its label "... only"
    sole = _strike(actor2=None, inter2=None, interaction=None)
    assert acled_row(sole, inter_num=True)["interaction"] == 10
    assert acled_row(sole)["interaction"] == "State forces only"


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "disorder"),
    [
        ("Battles", "Armed clash", "Political violence"),
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Riots", "Mob violence", "Political violence"),
        ("Strategic developments", "Agreement", "Strategic developments"),
    ],
)
def test_disorder_type(event_type: str, sub_event_type: str, disorder: str) -> None:
    assert acled_codebook().disorder_type(event_type, sub_event_type) == disorder


def test_every_sub_event_type_has_a_disorder_type() -> None:
    book = acled_codebook()
    for name, sub in acled_types().items():
        assert book.disorder_type(sub.event_type, name), name


def test_event_id_cnty_is_stable_and_derived_from_event_id() -> None:
    event = _strike(event_id="")
    again = _strike(event_id="")
    assert event.event_id == again.event_id
    assert event_id_cnty(event) == event_id_cnty(again)
    assert event_id_cnty(event) == f"SYR{int(event.event_id[3:18], 16)}"
    # the id does not change with what the store changes (fatalities, timestamp)
    assert event_id_cnty(_strike(fatalities=9, timestamp=5)) == event_id_cnty(_strike())
    assert event_number("cc-00000000000000a0") == 10
    assert event_number("my-own-id") < 2**60
    unknown = Event("2020-01-01", "Battles", "Armed clash", event_id="cc-0000000000000010")
    assert event_id_cnty(unknown) == "XXX1"


def test_country_iso3_by_number_or_acled_name() -> None:
    assert country_iso3(887, None) == "YEM"
    assert country_iso3(None, "Democratic Republic of Congo") == "COD"
    assert country_iso3(None, None) is None


def test_source_scales() -> None:
    scales = SourceScales.load()
    assert scales.scale("Reuters") == "International"
    assert scales.scale("Syrian Observatory for Human Rights (SOHR)") == "National"
    assert scales.scale("The New Arab, Twitter") == "Regional-New media"
    assert scales.scale("an unknown blog") is None
    assert scales.scale(None) is None


def test_a_watched_sources_declared_scale_fills_in_for_outlets_the_file_lacks() -> None:
    scales = SourceScales.load().with_declared(
        [
            ("d1", "Idlib Evening", "Subnational"),
            ("d2", "Reuters", "National"),  # the file knows Reuters: its scale stands
            ("d3", None, "Local partner"),
            ("d4", "Somewhere Post", "Galactic"),  # no ACLED scale: ignored
        ]
    )
    assert scales.documents == {"d1": "Subnational", "d3": "Local partner"}

    def scale(source: str | None, *docs: str) -> str | None:
        event = Event("2020-01-01", "Battles", "Armed clash", source=source, doc_ids=list(docs))
        return acled_row(event, scales=scales)["source_scale"]

    assert scale("Idlib Evening", "d1") == "Subnational"
    assert scale("Reuters", "d2") == "International"
    assert scale("Idlib Evening; Reuters", "d1", "d2") == "Subnational-International"
    assert scale(None, "d3", "d4") == "Local partner"
    assert scale("an unknown blog", "d9") is None
    assert SourceScales.load().documents == {}  # the packaged scales are left as they were


def test_iso_from_the_country_name_when_the_event_has_none() -> None:
    row = acled_row(Event("2020-01-01", "Battles", "Armed clash", country="Yemen"))
    assert (row["iso"], row["region"], row["event_id_cnty"][:3]) == (887, "Middle East", "YEM")


def test_region_missing_for_unknown_country() -> None:
    row = acled_row(Event("2020-01-01", "Battles", "Armed clash", country="Narnia"))
    assert row["region"] is None and row["event_id_cnty"].startswith("XXX")


def test_codebook_rejects_an_unknown_event_type(tmp_path: Path) -> None:
    text = CODEBOOK_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "codebook.yaml"
    bad.write_text(text.replace("- event_type: Riots", "- event_type: Riot"), encoding="utf-8")
    with pytest.raises(OntologyError, match=r"codebook\.yaml:\d+: unknown event_type 'Riot'"):
        acled_codebook(bad)


def test_codebook_rejects_a_country_in_two_regions(tmp_path: Path) -> None:
    text = CODEBOOK_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "codebook.yaml"
    bad.write_text(text.replace("[BWA, SWZ", "[SYR, BWA, SWZ"), encoding="utf-8")
    with pytest.raises(OntologyError, match="SYR is in two regions"):
        acled_codebook(bad)


@pytest.mark.parametrize(
    ("changes", "kind"),
    [
        ({}, 3),  # civilians targeted: one-sided
        (
            {
                "sub_event_type": "Armed clash",
                "event_type": "Battles",
                "actor2": "HTS",
                "inter2": 2,
                "civilian_targeting": None,
            },
            1,
        ),
        (
            {
                "sub_event_type": "Armed clash",
                "event_type": "Battles",
                "inter1": 2,
                "inter2": 3,
                "civilian_targeting": None,
            },
            2,
        ),
        (
            {
                "sub_event_type": "Remote explosive/landmine/IED",
                "inter1": 2,
                "inter2": 1,
                "civilian_targeting": None,
            },
            1,
        ),
        (
            {
                "sub_event_type": "Peaceful protest",
                "event_type": "Protests",
                "inter1": 6,
                "inter2": None,
                "civilian_targeting": None,
            },
            None,
        ),
    ],
)
def test_type_of_violence(changes: dict[str, object], kind: int | None) -> None:
    assert ucdp_rules().type_of_violence(_strike(**changes)) == kind


def test_ucdp_row_values() -> None:
    row = ucdp_row(_strike())
    assert row is not None
    assert row["id"] == 10 and row["year"] == 2021
    assert row["side_a"] == "Military Forces of Syria (2000-)"
    assert row["side_b"] == "Civilians (Syria)"
    assert (row["where_prec"], row["date_prec"]) == (1, 1)
    assert row["where_coordinates"] == "Kafr Halab" and row["adm_1"] == "Idleb"
    assert (row["deaths_civilians"], row["deaths_unknown"], row["best"]) == (3, 1, 4)
    assert (
        row["deaths_a"] + row["deaths_b"] + row["deaths_civilians"] + row["deaths_unknown"]
        == row["best"]
    )
    assert row["low"] <= row["best"] <= row["high"]
    # a state on side b of a state-based event is GED's side_a
    clash = ucdp_row(
        _strike(
            event_type="Battles",
            sub_event_type="Armed clash",
            actor1="HTS: Hayat Tahrir al-Sham",
            inter1=2,
            actor2="Military Forces of Syria (2000-)",
            inter2=1,
            civilian_targeting=None,
            geo_precision=3,
            time_precision=2,
        )
    )
    assert clash is not None and clash["side_a"] == "Military Forces of Syria (2000-)"
    assert (clash["where_prec"], clash["date_prec"]) == (4, 3)
    nowhere = ucdp_row(_strike(latitude=None, longitude=None))
    assert nowhere is not None and nowhere["where_prec"] == 6
