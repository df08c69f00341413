"""Corrections teach the coder (teach.py): an unknown militia corrected once is known after."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conflictcoder.config import Settings, UserRules
from conflictcoder.errors import ConfigError, OntologyError
from conflictcoder.extract.triggers import load_trigger_rules
from conflictcoder.model import Article, Event, Evidence
from conflictcoder.store import open_store
from conflictcoder.teach import (
    actor_lessons,
    add_actor_alias,
    add_place,
    add_trigger,
    correction_lessons,
    gazetteer_knows,
    place_lessons,
    teach,
    trigger_lessons,
)

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
    team = dataclasses.replace(settings, user_rules=UserRules(actors=str(actors_file)))
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
    with pytest.raises(ConfigError, match=r"no user_rules\.actors file is set"):
        teach(dataclasses.replace(settings, user_rules=UserRules()), {"kind": "actor", "name": "X"})


def _event(sentence: str, **fields: object) -> Event:
    values: dict[str, Any] = {"country": "Syria", "admin1": "Idleb", **fields}
    return Event(
        "2024-05-07",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        evidence=[Evidence("d1", sentence, 0, len(sentence))],
        **values,
    )


def test_a_corrected_type_offers_the_trigger_that_typed_it_ranked_above_it() -> None:
    rules = load_trigger_rules()
    event = _event("Army gunners shelled the hamlet of Tell Qarnoun at dawn.")
    [lesson] = trigger_lessons(event, {"sub_event_type": "Air/drone strike"}, rules)
    shell = max(
        r.priority for r in rules if r.label == event.sub_event_type and "shell" in str(r.pattern)
    )
    assert lesson == {
        "kind": "trigger",
        "pattern": "shelled",
        "label": "Air/drone strike",
        "priority": shell + 1,
    }
    # No lesson without a corrected type, or when the right type's rules know the words.
    assert trigger_lessons(event, {"actor1": "Someone"}, rules) == []
    both = _event("Army gunners shelled the hamlet and an airstrike followed.")
    assert trigger_lessons(both, {"sub_event_type": "Air/drone strike"}, rules)[0]["pattern"] == (
        "shelled"
    )
    known = _event("An airstrike hit the hamlet.")
    assert trigger_lessons(known, {"sub_event_type": "Air/drone strike"}, rules) == []


def test_a_corrected_place_the_gazetteer_lacks_offers_a_supplement_row(
    gazetteer_path: Path, tmp_path: Path
) -> None:
    knows = gazetteer_knows(gazetteer_path)
    assert knows("Ariha", "Syria") and not knows("Tell Qarnoun", "Syria")
    assert not gazetteer_knows(tmp_path / "no-index.sqlite")("Ariha", "Syria")
    event = _event("Shells fell on Tell Qarnoun.", location="Tell Qarnoun")
    fix = {"location": "Tell Qarnoun", "latitude": 35.81, "longitude": 36.6}
    [lesson] = place_lessons(event, fix, knows)
    assert lesson["kind"] == "place"
    assert lesson["place"]["name"] == "Tell Qarnoun" and lesson["place"]["admin1"] == "Idleb"
    assert place_lessons(event, {**fix, "location": "Ariha"}, knows) == []  # known already
    assert place_lessons(event, {"location": "Tell Qarnoun"}, knows) == []  # no coordinates
    path = tmp_path / "places.csv"
    assert add_place(path, place=lesson["place"]).startswith("added place Tell Qarnoun")
    assert path.read_text().splitlines() == [
        "name,aliases,latitude,longitude,country,admin1,admin2",
        "Tell Qarnoun,,35.81,36.6,Syria,Idleb,",
    ]


def test_a_taught_trigger_types_the_next_report(settings: Settings, tmp_path: Path) -> None:
    from conflictcoder.coder import Coder

    triggers = tmp_path / "team_triggers.yaml"
    triggers.write_text("[]\n")
    team = dataclasses.replace(settings, user_rules=UserRules(triggers=str(triggers)))
    text = "Army gunners shelled the village of Kafr Nabl in Idlib on Monday, killing two men."
    [event] = Coder(team).code(_article("t1", text, 7))
    assert event.sub_event_type == "Shelling/artillery/missile attack"
    lessons = correction_lessons(event, {"sub_event_type": "Air/drone strike"}, team)
    [lesson] = [item for item in lessons if item["kind"] == "trigger"]
    assert teach(team, lesson).startswith("added trigger 'shelled' for Air/drone strike")
    later = "Army gunners shelled the town of Ariha in Idlib on Friday, killing a boy."
    [after] = Coder(team).code(_article("t2", later, 10))
    assert after.sub_event_type == "Air/drone strike"
