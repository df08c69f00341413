"""Tests for conflictcoder.api.schemas: the models stay in step with the records."""

from __future__ import annotations

import dataclasses

from conflictcoder.api.schemas import EventFields, EventModel
from conflictcoder.model import Event
from conflictcoder.store.base import CORRECTABLE_FIELDS


def test_event_model_has_every_event_field() -> None:
    assert set(EventModel.model_fields) == {f.name for f in dataclasses.fields(Event)} | {"doc_id"}


def test_event_model_reads_what_to_dict_writes() -> None:
    event = Event("2020-03-03", "Battles", "Armed clash", doc_ids=["a"], fatalities=2)
    assert EventModel.model_validate(event.to_dict()).model_dump() == event.to_dict()


def test_correctable_fields_are_the_stores() -> None:
    assert set(EventFields.model_fields) == set(CORRECTABLE_FIELDS)
