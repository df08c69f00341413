"""The statistical event-type model, its revision policy and the ``event_model`` component.

Every sentence here is written for these tests (none is a training sentence verbatim).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from conflictcoder.config import Settings
from conflictcoder.errors import OntologyError
from conflictcoder.model import Article, Event, Evidence
from conflictcoder.pipeline import Pipeline, Work
from conflictcoder.pipeline.event_model import EventModel
from conflictcoder.resolve.event_model import (
    EVENT_MODEL,
    NO_EVENT,
    EventTypeModel,
    EventTypeReviser,
    RevisionPolicy,
    features,
    load_event_model,
    load_policy,
    train,
)

STONES = "Demonstrators rallied in Sanaa on Friday, pelting the governor's convoy with stones."


def _event(sub_type: str, sentence: str, event_type: str = "Protests") -> Event:
    return Event(
        event_date="2024-03-01",
        event_type=event_type,
        sub_event_type=sub_type,
        country="Yemen",
        evidence=[Evidence("doc", sentence, 0, len(sentence))],
    )


def test_features_fold_inflections_and_pair_neighbours() -> None:
    assert features("Rebels shelled 40 homes") == [
        "rebel",
        "shell",
        "<num>",
        "hom",
        "rebel shell",
        "shell <num>",
        "<num> hom",
    ]
    assert features("") == []


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Air defences shot down two drones over Odesa overnight.", "Disrupted weapons use"),
        ("The two militias signed a truce in Misrata after talks.", "Agreement"),
        ("Police detained 14 opposition activists in Harare on Sunday.", "Arrests"),
        ("Nurses marched peacefully in Kampala to demand their allowances.", "Peaceful protest"),
        ("The central bank cut interest rates for the third time this year.", NO_EVENT),
    ],
)
def test_the_packaged_model_reads_sentences_it_was_not_trained_on(
    sentence: str, label: str
) -> None:
    assert EVENT_MODEL.packaged().best(sentence)[0] == label


def test_scores_are_probabilities() -> None:
    scores = EVENT_MODEL.packaged().scores(STONES)
    assert set(scores) >= {NO_EVENT, "Violent demonstration", "Air/drone strike"}
    assert abs(sum(scores.values()) - 1.0) < 1e-9
    assert all(0.0 <= p <= 1.0 for p in scores.values())


def test_training_is_deterministic_and_learns_the_labels() -> None:
    samples = [
        ("jets bombed the market", "Air/drone strike"),
        ("warplanes bombed the town", "Air/drone strike"),
        ("jets bombed a school", "Air/drone strike"),
        ("police arrested the activist", "Arrests"),
        ("police arrested two students", "Arrests"),
        ("officers arrested the mayor", "Arrests"),
        ("the bank raised rates", NO_EVENT),
        ("the bank cut rates", NO_EVENT),
    ]
    labels = ["Air/drone strike", "Arrests", NO_EVENT]
    first = train(samples, labels, epochs=60)
    second = train(samples, labels, epochs=60)
    assert first.to_json() == second.to_json()
    assert first.best("warplanes bombed a village")[0] == "Air/drone strike"
    assert first.best("police arrested a journalist")[0] == "Arrests"


def test_a_model_round_trips_through_json(tmp_path: Path) -> None:
    model = EventTypeModel(("Arrests", NO_EVENT), (0.5, -0.5), {"arrest": (1.25, -1.0)})
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model.to_json()), "utf-8")
    assert load_event_model(path) == model


def test_a_model_with_an_unknown_label_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"labels": ["Bombing"], "bias": [0], "weights": {}}), "utf-8")
    with pytest.raises(OntologyError, match="unknown label 'Bombing'") as err:
        load_event_model(path)
    assert "model.json" in str(err.value)


def test_a_missing_model_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(OntologyError, match="scripts/train_event_model.py"):
        load_event_model(tmp_path / "absent.json")


def test_the_policy_moves_up_a_ladder_never_down() -> None:
    policy = load_policy()
    assert policy.allows("Peaceful protest", "Violent demonstration")
    assert not policy.allows("Violent demonstration", "Peaceful protest")
    assert not policy.allows("Armed clash", "Attack")  # not on any ladder


def test_a_policy_naming_an_unknown_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("ladders:\n  - [Peaceful protest, Riot]\n", "utf-8")
    with pytest.raises(OntologyError, match="unknown sub_event_type 'Riot'") as err:
        load_policy(path)
    assert "policy.yaml" in str(err.value)


def test_a_policy_threshold_outside_0_1_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("relabel: 1.5\n", "utf-8")
    with pytest.raises(OntologyError, match="'relabel' must be a number from 0 to 1"):
        load_policy(path)


def test_a_protest_told_with_stones_is_raised_to_a_violent_demonstration() -> None:
    revised = EventTypeReviser().revise([_event("Peaceful protest", STONES)])
    assert [e.sub_event_type for e in revised] == ["Violent demonstration"]
    assert revised[0].event_type == "Riots"
    assert revised[0].event_id == replace(revised[0], event_id="").compute_id()


def test_the_model_never_lowers_the_rules_type() -> None:
    peaceful = "Nurses marched peacefully in Kampala to demand their allowances."
    event = _event("Violent demonstration", peaceful)
    assert EventTypeReviser().decide(event) == "Violent demonstration"


def test_types_off_every_ladder_are_left_alone() -> None:
    event = _event("Armed clash", STONES, event_type="Battles")
    assert EventTypeReviser().decide(event) == "Armed clash"


def test_a_drop_policy_leaves_out_what_the_model_reads_as_no_event() -> None:
    policy = RevisionPolicy(drop=0.5, drop_types=frozenset({"Attack"}))
    reviser = EventTypeReviser(policy=policy)
    verdict = "The central bank cut interest rates for the third time this year."
    kept = _event(
        "Attack", "Gunmen shot dead a village chief near Gao.", "Violence against civilians"
    )
    assert reviser.revise([_event("Attack", verdict, "Violence against civilians"), kept]) == [kept]


def test_the_component_changes_the_decision_in_place() -> None:
    work = Work(article=Article(id="doc", text=STONES))
    names: list[str] = []
    work.named = [(_event("Peaceful protest", STONES), names)]
    EventModel(reviser=EventTypeReviser())(work)
    assert work.named is not None
    event, kept_names = work.named[0]
    assert event.sub_event_type == "Violent demonstration"
    assert kept_names is names


def test_the_pipeline_runs_the_component_unless_disabled_by_name() -> None:
    assert "event_model" in Pipeline.from_settings(Settings()).names
    names = Pipeline.from_settings(Settings(), disable=["event_model"]).names
    assert "event_model" not in names
    assert names.index("claims") == names.index("actors") + 1


def test_the_coder_types_by_the_model_only_with_the_component(settings: Settings) -> None:
    from conflictcoder.coder import Coder

    article = Article(id="snippet", text=STONES, published=date(2024, 3, 1))
    without = Coder(replace(settings, disable=("event_model",))).code(article)
    with_model = Coder(settings).code(article)
    assert [e.sub_event_type for e in without] == ["Peaceful protest"]
    assert [e.sub_event_type for e in with_model] == ["Violent demonstration"]
