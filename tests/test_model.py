"""Tests for conflictcoder/model.py: the records that flow between stages."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date

import pytest

from conflictcoder.model import ACLED_FIELDS, MODALITIES, REALISED, Article, Event, Evidence


def _strike(**kwargs: object) -> Event:
    values: dict[str, object] = {
        "event_date": "2023-11-20",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Military Forces of Russia (2000-)",
        "inter1": 8,
        "actor2": "Civilians (Syria)",
        "inter2": 7,
        "interaction": 78,
        "country": "Syria",
        "iso": 760,
        "admin1": "Idleb",
        "location": "Ariha",
        "latitude": 35.81,
        "longitude": 36.61,
        "geo_precision": 1,
        "fatalities": 3,
        "fatalities_low": 3,
        "fatalities_high": 5,
        "fatalities_breakdown": {"children": 2, "women": 1},
        "doc_ids": ["levant-17", "idlib-today-4"],
        "evidence": [
            Evidence("levant-17", "Russian jets struck Ariha on Monday.", 0, 36),
            Evidence("levant-17", "Two children and a woman were killed.", 37, 74),
        ],
        "injured": 7,
        "weapon": "missile",
        "reported_by": "local activists",
    }
    values.update(kwargs)
    return Event(**values)  # type: ignore[arg-type]


def test_to_dict_puts_doc_id_first_and_is_json_ready() -> None:
    data = _strike().to_dict()
    assert next(iter(data)) == "doc_id"
    assert data["doc_id"] == "levant-17"
    assert data["evidence"][1] == {
        "doc_id": "levant-17",
        "sentence": "Two children and a woman were killed.",
        "start": 37,
        "end": 74,
    }
    assert json.loads(json.dumps(data)) == data


def test_to_dict_copies_as_asdict_does() -> None:
    event = _strike(fatalities_breakdown={"civilians": 3}, doc_ids=["levant-17", "levant-18"])
    data = event.to_dict()
    assert repr(data) == repr({"doc_id": "levant-17", **dataclasses.asdict(event)})
    # a copy: changing it leaves the event as it was
    data["evidence"][0]["start"] = 99
    data["fatalities_breakdown"]["civilians"] = 9
    data["doc_ids"].append("x")
    assert event.evidence[0].start != 99
    assert event.fatalities_breakdown == {"civilians": 3}
    assert event.doc_ids == ["levant-17", "levant-18"]


def test_every_event_field_says_what_it_means() -> None:
    undescribed = [f.name for f in dataclasses.fields(Event) if not f.metadata.get("description")]
    assert undescribed == []


def test_from_dict_round_trip() -> None:
    event = _strike()
    assert Event.from_dict(event.to_dict()) == event
    assert Event.from_dict(json.loads(event.to_json())) == event


def test_from_dict_ignores_unknown_keys_and_keeps_evidence_records() -> None:
    data = _strike().to_dict() | {"ucdp_id": 99}
    rebuilt = Event.from_dict(data)
    assert all(isinstance(e, Evidence) for e in rebuilt.evidence)
    assert rebuilt.event_id == data["event_id"]


def test_to_acled_has_exactly_the_acled_columns_in_order() -> None:
    row = _strike().to_acled()
    assert tuple(row) == ACLED_FIELDS
    assert row["interaction"] == 78
    assert row["fatalities"] == 3


def test_event_id_is_stable_and_set_on_creation() -> None:
    one, two = _strike(), _strike()
    assert one.event_id == two.event_id == one.compute_id()
    key = "2023-11-20|Air/drone strike|Syria|Idleb|Ariha|Military Forces of Russia (2000-)|"
    key += "Civilians (Syria)"
    assert one.event_id == "cc-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@pytest.mark.parametrize(
    "change",
    [
        {"fatalities": 9, "fatalities_low": 9},
        {"injured": 40},
        {"notes": "another wording"},
        {"source": "Idlib Today"},
        {"doc_ids": ["other"]},
        {"evidence": []},
        {"latitude": 35.0},
        {"confidence": 0.9},
        {"event_type": "Battles"},
    ],
)
def test_event_id_ignores_fields_outside_the_identity(change: dict[str, object]) -> None:
    assert _strike(**change).event_id == _strike().event_id


@pytest.mark.parametrize(
    "change",
    [
        {"event_date": "2023-11-21"},
        {"sub_event_type": "Shelling/artillery/missile attack"},
        {"country": "Turkey"},
        {"admin1": "Hama"},
        {"location": "Saraqib"},
        {"actor1": "Military Forces of Syria (2000-)"},
        {"actor2": None},
    ],
)
def test_event_id_changes_with_each_identity_field(change: dict[str, object]) -> None:
    assert _strike(**change).event_id != _strike().event_id


def test_given_event_id_is_kept() -> None:
    assert _strike(event_id="cc-fixed").event_id == "cc-fixed"


def test_event_without_documents_has_no_doc_id() -> None:
    assert Event("2023-11-20", "Battles", "Armed clash").doc_id is None


def test_article_content_hash_depends_only_on_the_text() -> None:
    text = "Russian jets struck Ariha on Monday."
    one = Article(id="a", text=text, published=date(2023, 11, 22), source="Levant Wire")
    two = Article(id="b", text=text, title="Other title")
    assert one.content_hash == two.content_hash
    assert one.content_hash == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert Article(id="a", text=text + " ").content_hash != one.content_hash


def test_article_to_dict() -> None:
    article = Article(
        id="a", text="Jets struck Ariha.", title="Ariha", published=date(2023, 11, 22)
    )
    assert article.to_dict() == {
        "id": "a",
        "title": "Ariha",
        "text": "Jets struck Ariha.",
        "published": "2023-11-22",
        "source": None,
        "url": None,
        "language": "en",
    }
    assert Article(id="b", text="x").to_dict()["published"] is None


def test_records_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Evidence("a", "x", 0, 1).start = 2  # type: ignore[misc]


def test_modalities_start_with_realised() -> None:
    assert MODALITIES[0] == REALISED == "realised"
    assert _strike().modality == REALISED
