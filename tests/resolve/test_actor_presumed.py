"""Tests for conflictcoder/resolve/actor_presumed.py and ``ActorResolver.presume``: the actor
ACLED presumes for an event whose report names nobody able to carry it out."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conflictcoder.errors import OntologyError
from conflictcoder.model import Event
from conflictcoder.ontology import acled_types
from conflictcoder.resolve.actors import ActorResolver

ALLIED = "Allied Syrian and/or Russian Forces"
UNKNOWN = "Unidentified Armed Group (Syria)"
SYRIAN_FORCES = "Military Forces of Syria (2000-)"


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver.load()


def _strike(day: str | None, **fields: object) -> Event:
    values: dict[str, object] = {"country": "Syria", "actor2": "Civilians (Syria)", "inter2": 7}
    values.update(fields)
    return Event(day, "Explosions/Remote violence", "Air/drone strike", **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # until Russia's first air strikes in Syria only the Syrian air force bombed at will
        ("2014-07-09", SYRIAN_FORCES),
        ("2015-09-29", SYRIAN_FORCES),
        ("2015-09-30", ALLIED),
        ("2020-02-19", ALLIED),
        ("2024-12-07", ALLIED),  # the last day of the Assad government
        ("2024-12-08", None),
        (None, None),  # an undated event: no period to tell
    ],
)
def test_an_unattributed_air_strike_in_syria_is_presumed_syrian_or_russian(
    resolver: ActorResolver, day: str | None, expected: str | None
) -> None:
    event = resolver.presume(_strike(day), acled_types())
    assert event.actor1 == expected
    if expected is not None:
        assert (event.inter1, event.interaction) == (1, 17)
        assert event.event_id == event.compute_id()


def test_an_actor_that_cannot_fly_the_strike_is_replaced(resolver: ActorResolver) -> None:
    # "air strikes on the market killed nine; who carried them out is unclear": no armed
    # group flies jets, so the unknown attacker is no answer
    event = resolver.presume(_strike("2016-05-14", actor1=UNKNOWN, inter1=3), acled_types())
    assert (event.actor1, event.inter1) == (ALLIED, 1)


@pytest.mark.parametrize(
    "fields",
    [
        {"actor1": UNKNOWN, "inter1": 3, "weapon": "drone"},  # any armed group flies drones
        {"actor1": "Military Forces of Russia (2000-)", "inter1": 8},  # named in the report
        {"country": "Iraq", "actor2": "Civilians (Iraq)"},  # another country
    ],
)
def test_a_strike_with_an_able_actor_or_elsewhere_is_kept(
    resolver: ActorResolver, fields: dict[str, object]
) -> None:
    event = _strike("2016-05-14", **fields)
    assert resolver.presume(event, acled_types()) is event


def test_other_event_types_are_kept(resolver: ActorResolver) -> None:
    shelling = replace(_strike("2016-05-14"), sub_event_type="Shelling/artillery/missile attack")
    assert resolver.presume(shelling, acled_types()) is shelling


def test_a_user_file_adds_a_presumption(tmp_path: Path) -> None:
    path = tmp_path / "user_actors.yaml"
    path.write_text(
        "actors:\n"
        "  - name: Military Forces of Ruritania (2001-)\n"
        "    inter: 1\n"
        "    country: Ruritania\n"
        "    presumed:\n"
        "      - {sub_event_types: [Air/drone strike], until: 2010-06-30}\n",
        encoding="utf-8",
    )
    resolver = ActorResolver.load(path)
    before = _strike("2010-06-30", country="Ruritania", actor2=None, inter2=None)
    after = resolver.presume(before, acled_types())
    assert (after.actor1, after.inter1, after.interaction) == (
        "Military Forces of Ruritania (2001-)",
        1,
        10,
    )
    later = _strike("2010-07-01", country="Ruritania", actor2=None, inter2=None)
    assert resolver.presume(later, acled_types()) is later


@pytest.mark.parametrize(
    ("presumed", "problem"),
    [
        ("[]", "presumed of 'X' must be a non-empty list"),
        ("[{from: 2015-01-01}]", "each presumed item of 'X' needs 'sub_event_types'"),
        (
            "[{sub_event_types: [Airstrike]}]",
            "presumed of 'X': unknown sub-event type 'Airstrike'",
        ),
        (
            "[{sub_event_types: [Attack], since: 2015-01-01}]",
            "unknown key 'since' in presumed of 'X' (known keys: countries, from, "
            "sub_event_types, until)",
        ),
        (
            "[{sub_event_types: [Attack], from: next spring}]",
            "presumed 'from' of 'X' must be a day (YYYY-MM-DD), got 'next spring'",
        ),
        (
            "[{sub_event_types: [Attack], from: 2016-01-01, until: 2015-01-01}]",
            "presumed of 'X': 'until' 2015-01-01 is before 'from' 2016-01-01",
        ),
    ],
)
def test_invalid_presumptions_raise_with_file_and_line(
    tmp_path: Path, presumed: str, problem: str
) -> None:
    path = tmp_path / "user_actors.yaml"
    path.write_text(
        f"actors:\n  - name: X\n    inter: 2\n    country: Syria\n    presumed: {presumed}\n",
        encoding="utf-8",
    )
    with pytest.raises(OntologyError) as info:
        ActorResolver.load(path)
    assert str(info.value).startswith(f"{path}:")
    assert str(info.value).endswith(problem)


def test_a_presumption_needs_a_country(tmp_path: Path) -> None:
    path = tmp_path / "user_actors.yaml"
    path.write_text(
        "actors:\n  - name: X\n    inter: 8\n    presumed: [{sub_event_types: [Attack]}]\n",
        encoding="utf-8",
    )
    with pytest.raises(OntologyError, match="presumed of 'X' needs 'countries'"):
        ActorResolver.load(path)
