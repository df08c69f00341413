"""Tests for conflictcoder.api.schemas: the models stay in step with the records."""

from __future__ import annotations

import dataclasses

from conflictcoder.api.schemas import EventFields, EventModel, EvidenceModel
from conflictcoder.model import Event, Evidence
from conflictcoder.store.base import CORRECTABLE_FIELDS


def test_event_model_has_every_event_field() -> None:
    assert set(EventModel.model_fields) == {f.name for f in dataclasses.fields(Event)} | {"doc_id"}


def test_event_model_lists_fields_as_to_dict_writes_them() -> None:
    event = Event("2020-03-03", "Battles", "Armed clash")
    assert list(EventModel.model_fields) == list(event.to_dict())


def test_event_model_takes_event_descriptions_and_defaults() -> None:
    fields = EventModel.model_fields
    declared = {f.name: f for f in dataclasses.fields(Event)}
    assert fields["notes"].description == declared["notes"].metadata["description"]
    assert fields["time_precision"].default == 1
    assert fields["doc_ids"].default_factory is list
    assert fields["evidence"].annotation == list[EvidenceModel]
    # Event computes an id when none is given: every served event has one
    required = {name for name, info in fields.items() if info.is_required()}
    assert required == {"event_id", "event_date", "event_type", "sub_event_type"}


def test_event_model_keeps_unknown_keys() -> None:
    row = {"event_id": "cc-1", "event_date": None, "event_type": "Battles"}
    row |= {"sub_event_type": "Armed clash", "tags": "x"}
    assert EventModel.model_validate(row).model_dump()["tags"] == "x"


def test_event_model_reads_what_to_dict_writes() -> None:
    event = Event("2020-03-03", "Battles", "Armed clash", doc_ids=["a"], fatalities=2)
    assert EventModel.model_validate(event.to_dict()).model_dump() == event.to_dict()


def test_correctable_fields_are_the_stores() -> None:
    assert set(EventFields.model_fields) == set(CORRECTABLE_FIELDS)


def test_evidence_model_is_the_evidence_record() -> None:
    fields = EvidenceModel.model_fields
    declared = dataclasses.fields(Evidence)
    assert list(fields) == [f.name for f in declared]
    assert all(fields[f.name].description == f.metadata["description"] for f in declared)
    assert all(info.is_required() for info in fields.values())
    evidence = Evidence("a", "Shells fell on the market.", 10, 36)
    row = dataclasses.asdict(evidence)
    assert EvidenceModel.model_validate(row).model_dump() == row
