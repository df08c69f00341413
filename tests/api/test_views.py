"""Tests for conflictcoder.api.views: the dicts behind the endpoints and pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conflictcoder.api import views
from conflictcoder.api.views import EventFilters, highlight
from conflictcoder.config import Settings
from conflictcoder.model import Event, Evidence
from conflictcoder.store import open_store

TEXT = "First sentence. Second one here. Third."


def test_highlight_marks_the_evidence_and_keeps_the_text() -> None:
    segments = highlight(TEXT, [Evidence("d", "Second one here.", 16, 32)])
    assert [s["evidence"] for s in segments] == [False, True, False]
    assert segments[1]["text"] == "Second one here."
    assert "".join(s["text"] for s in segments) == TEXT


def test_highlight_finds_a_sentence_whose_offsets_moved() -> None:
    segments = highlight(TEXT, [Evidence("d", "Third.", 0, 6)])
    assert segments[-1] == {"text": "Third.", "evidence": True}


def test_highlight_joins_overlaps_and_skips_missing_sentences() -> None:
    evidence = [
        Evidence("d", "First sentence.", 0, 15),
        Evidence("d", "sentence. Second", 6, 22),
        Evidence("d", "Not in the text.", 0, 16),
    ]
    segments = highlight(TEXT, evidence)
    assert segments[0] == {"text": "First sentence. Second", "evidence": True}
    assert "".join(s["text"] for s in segments) == TEXT


def test_highlight_of_empty_text() -> None:
    assert highlight("", []) == [{"text": "", "evidence": False}]


def test_filters_give_only_what_is_set() -> None:
    filters = EventFilters(date_from=date(2020, 3, 1), bbox=(1.0, 2.0, 3.0, 4.0))
    assert filters.store_kwargs() == {"date_from": date(2020, 3, 1), "bbox": (1.0, 2.0, 3.0, 4.0)}
    assert filters.to_dict()["bbox"] == [1.0, 2.0, 3.0, 4.0]
    assert filters.to_dict()["country"] is None


def test_timeline_and_places() -> None:
    events = [
        Event(
            "2020-03-02",
            "Battles",
            "Armed clash",
            location="A",
            latitude=1.0,
            longitude=2.0,
            fatalities=2,
        ),
        Event("2020-03-01", "Riots", "Mob violence", location="A", latitude=1.0, longitude=2.0),
        Event(None, "Riots", "Mob violence", location="B"),
    ]
    assert views.timeline(events) == [
        {"date": "2020-03-01", "events": 1, "fatalities": 0},
        {"date": "2020-03-02", "events": 1, "fatalities": 2},
    ]
    (place,) = views.places(events)
    assert (place["location"], place["events"], place["fatalities"]) == ("A", 2, 2)


def test_dashboard_lists_newest_first(db_path: Path) -> None:
    with open_store(db_path) as store:
        data = views.dashboard(store, EventFilters(country="Syria"), Settings())
    assert (data["total"], data["shown"], data["fatalities"]) == (3, 3, 15)
    assert [e["location"] for e in data["events"]][0] == "Kafr Zita"
    assert [d["date"] for d in data["timeline"]] == ["2020-03-03", "2020-03-04"]
    assert data["options"]["country"] == ["Syria", "Yemen"]
    assert len(data["options"]["event_type"]) == 6
    assert len(data["options"]["sub_event_type"]) == 25
    assert data["map"]["borders"] == "/static/vendor/countries-50m.json"
    assert data["map"]["tile_url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert {a["name"] for a in data["attribution"]} >= {"GeoNames", "Natural Earth"}


def test_event_detail_of_an_unknown_event_is_none(db_path: Path) -> None:
    with open_store(db_path) as store:
        assert views.event_detail(store, "cc-nope") is None
        assert views.event_sources(store, "cc-nope") is None
        assert views.event_history(store, "cc-nope") is None
        assert views.article_detail(store, "nope") is None
