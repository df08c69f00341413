"""AlertSearch: validation with messages naming the field, and matching."""

from __future__ import annotations

import pytest

from conflictcoder.alerts import AlertError, AlertSearch

from .conftest import clash, strike


def test_checked_normalises_names() -> None:
    search = AlertSearch(
        country="SY", event_types=("air/drone STRIKE", "battles"), actors=(" HTS ",)
    ).checked()
    assert search.to_dict() == {
        "country": "Syria",
        "event_types": ["Air/drone strike", "Battles"],
        "actors": ["HTS"],
    }


@pytest.mark.parametrize(
    ("search", "message"),
    [
        (AlertSearch(country="Narnia"), "country must be a country's name or ISO code"),
        (
            AlertSearch(event_types=("Airstrike",)),
            "event_types: 'Airstrike' is no ACLED event type or sub-event type",
        ),
        (AlertSearch(bbox=(40, 30, 35, 36)), "bbox must be four numbers"),
        (AlertSearch(min_fatalities=-1), "min_fatalities must be a whole number >= 0, got -1"),
        (AlertSearch(actors=("",)), "actors must be a list of non-empty names"),
        (AlertSearch(admin1=" "), "admin1 must be a non-empty string"),
    ],
)
def test_invalid_searches_name_the_field(search: AlertSearch, message: str) -> None:
    with pytest.raises(AlertError) as caught:
        search.checked()
    assert str(caught.value).startswith(message)


def test_from_dict_refuses_unknown_fields() -> None:
    with pytest.raises(AlertError, match="unknown search field 'area'"):
        AlertSearch.from_dict({"area": "Idlib"})
    assert AlertSearch.from_dict({"bbox": [35, 35, 37, 36.5]}).bbox == (35.0, 35.0, 37.0, 36.5)


def test_matching() -> None:
    ariha = strike("Ariha", 35.81, 36.61)
    marib = clash("Marib")
    cases = {
        AlertSearch(): (True, True),
        AlertSearch(admin1="idlib"): (True, False),  # ACLED spells it Idleb
        AlertSearch(country="Syrian Arab Republic"): (True, False),
        AlertSearch(admin2="maarrat an numan"): (True, False),
        AlertSearch(bbox=(36.0, 35.0, 37.0, 36.0)): (True, False),
        AlertSearch(bbox=(44.0, 15.0, 46.0, 16.0)): (False, True),
        AlertSearch(event_types=("Battles",)): (False, True),
        AlertSearch(event_types=("Air/drone strike", "Armed clash")): (True, True),
        AlertSearch(actors=("civilians (syria)",)): (True, False),
        AlertSearch(min_fatalities=4): (False, True),
        AlertSearch(admin1="Idleb", min_fatalities=4): (False, False),
    }
    for search, expected in cases.items():
        checked = search.checked()
        assert (checked.matches(ariha), checked.matches(marib)) == expected, search


def test_actor_alias_and_associated_actors_match() -> None:
    event = strike("Ariha", 35.81, 36.61, assoc_actor_1="HTS: Hayat Tahrir al Sham; Other")
    assert AlertSearch(actors=("HTS",)).checked().matches(event)
    assert not AlertSearch(actors=("ISIS",)).checked().matches(strike("Ariha", 35.81, 36.61))


def test_describe() -> None:
    search = AlertSearch(admin1="Idleb", event_types=("Battles",), min_fatalities=2).checked()
    assert search.describe() == "admin1 Idleb, Battles, at least 2 fatalities"
