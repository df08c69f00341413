"""Places in wire reports from other countries than Syria: the dateline names where the
report was filed, the province the story names constrains its places (focus.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conflictcoder.geo import Gazetteer
from conflictcoder.model import Article, PlaceRef
from conflictcoder.resolve.places import PlaceResolver

MOPTI_REPORT = (
    "BAMAKO (Reuters) - Suspected jihadists attacked the town of Bandiagara in Mali's Mopti "
    "region on Sunday, killing 12 civilians, a local official said. Gunmen on motorbikes "
    "also burnt houses in the village of Tegourou, residents said."
)


@pytest.fixture(scope="module")
def resolver(gazetteer_path: Path) -> PlaceResolver:
    return PlaceResolver(Gazetteer.open(gazetteer_path))


def test_dateline_province_comes_after_the_story_provinces(resolver: PlaceResolver) -> None:
    focus = resolver.focus(MOPTI_REPORT)
    assert focus.countries[0] == "ML"
    assert focus.admin1 == (("ML", "Mopti"), ("ML", "Bamako"))


def test_dateline_town_is_no_known_place_of_the_story(resolver: PlaceResolver) -> None:
    focus = resolver.focus(MOPTI_REPORT)
    assert "Bamako" not in {p.name for p in focus.places}
    assert "Bandiagara" in {p.name for p in focus.places}


def test_dateline_alone_still_sets_the_country(resolver: PlaceResolver) -> None:
    focus = resolver.focus("BAMAKO, May 3 (AFP) - Gunmen killed five soldiers in an ambush.")
    assert focus.countries == ("ML",)
    assert focus.admin1 == (("ML", "Bamako"),)


def test_unknown_village_goes_to_the_story_province(resolver: PlaceResolver) -> None:
    focus = resolver.focus(MOPTI_REPORT)
    place = resolver.resolve(PlaceRef("Tegourou", 0, 8, kind="village"), focus)
    assert place.unresolved
    assert (place.country, place.admin1) == ("Mali", "Mopti")


def test_events_are_placed_where_the_story_says(coder: object) -> None:
    article = Article(id="mopti", text=MOPTI_REPORT, published=date(2023, 5, 8))
    events = coder.code(article)  # type: ignore[attr-defined]
    assert events
    assert {e.admin1 for e in events} == {"Mopti"}
    town = next(e for e in events if e.location == "Bandiagara")
    assert town.geo_precision == 1


def test_dateline_city_is_the_last_resort_and_coarse(coder: object) -> None:
    text = "BAMAKO (Reuters) - Gunmen killed five soldiers in an ambush on Sunday, the army said."
    events = coder.code(Article(id="dl", text=text, published=date(2023, 5, 8)))  # type: ignore[attr-defined]
    assert events
    assert all(e.country == "Mali" and e.geo_precision == 3 for e in events)
