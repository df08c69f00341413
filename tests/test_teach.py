"""Corrections teach the coder (teach.py): an unknown militia corrected once is known after."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from conflictcoder.config import Settings
from conflictcoder.errors import ConfigError, OntologyError
from conflictcoder.model import Article
from conflictcoder.store import open_store
from conflictcoder.teach import actor_lessons, add_actor_alias, add_trigger, teach

MILITIA = "Saraya al-Fajr al-Jadid"  # an invented group: no dictionary knows it
FIRST = (
    f"Gunmen of the {MILITIA} attacked an army checkpoint in Daraa on Monday, "
    "killing two soldiers, local sources said."
)
SECOND = (
    f"Fighters of the {MILITIA} shelled the town of Busra al-Sham in Daraa on Thursday, "
    "killing a child."
)


def _article(doc_id: str, text: str, day: int) -> Article:
    return Article(id=doc_id, text=text, published=date(2024, 5, day), source="Test Wire")


def test_an_unknown_militia_corrected_once_is_coded_right_the_next_time(
    settings: Settings, tmp_path: Path
) -> None:
    from conflictcoder.coder import Coder

    actors_file = tmp_path / "team_actors.yaml"
    actors_file.write_text("actors: []\n")
    team = dataclasses.replace(settings, user_actors=str(actors_file))
    before = Coder(team)
    [event] = [e for e in before.code(_article("a1", FIRST, 7)) if e.sub_event_type]
    assert event.actor1 != MILITIA
    with open_store(tmp_path / "events.sqlite") as store:
        store.ingest(_article("a1", FIRST, 7), [event])
        stored = store.events()[0]
        corrected = store.correct_event(
            stored.event_id, {"actor1": MILITIA, "inter1": 3}, user="ana"
        )
    lessons = actor_lessons(corrected, {"actor1": MILITIA, "inter1": 3})
    lesson = next(item for item in lessons if item["alias"].endswith(MILITIA.split()[-1]))
    assert lesson["name"] == MILITIA and lesson["inter"] == 3
    assert teach(team, lesson).startswith(f"added actor {MILITIA} (inter 3)")
    after = Coder(team)
    [next_event] = [e for e in after.code(_article("a2", SECOND, 10))]
    assert next_event.actor1 == MILITIA
    assert next_event.inter1 == 3


def test_aliases_join_an_existing_actor_and_bad_lessons_change_nothing(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    assert add_actor_alias(path, name="Liwa Example", alias="Liwa Ex", inter=3) == (
        "added actor Liwa Example (inter 3) with alias Liwa Ex"
    )
    assert (
        add_actor_alias(path, name="Liwa Example", alias="LEx") == "added alias LEx to Liwa Example"
    )
    assert (
        add_actor_alias(path, name="Liwa Example", alias="LEx")
        == "Liwa Example already has the alias LEx"
    )
    before = path.read_text()
    with pytest.raises(ConfigError, match="actor 'Nobody Known' is new: give its inter code"):
        add_actor_alias(path, name="Nobody Known", alias="NK")
    with pytest.raises(OntologyError):
        add_actor_alias(path, name="Bad Inter", alias="BI", inter=12)
    assert path.read_text() == before
    assert not list(tmp_path.glob(".actors.yaml.*"))  # no temporary file left behind


def test_trigger_lessons_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "triggers.yaml"
    assert add_trigger(
        path, pattern="rocket barrage", label="Shelling/artillery/missile attack"
    ) == ("added trigger 'rocket barrage' for Shelling/artillery/missile attack")
    with pytest.raises(OntologyError):
        add_trigger(path, pattern="mortar rain", label="Shelling")
    assert "mortar rain" not in path.read_text()


def test_teach_needs_the_file_set(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="no user_actors file is set"):
        teach(dataclasses.replace(settings, user_actors=""), {"kind": "actor", "name": "X"})
