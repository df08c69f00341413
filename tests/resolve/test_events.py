"""Tests for conflictcoder/resolve/events.py: mentions -> ACLED events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from conflictcoder.coder import Coder
from conflictcoder.model import Article, Event, Evidence, Mention, PlaceRef

# a Wednesday
PUBLISHED = date(2023, 11, 22)
# invented article frame: every test sentence is about Idlib province, Syria
FRAME = "Idlib province, Syria."

KILL = {
    "sub_event_type": "Attack",
    "event_type": "Violence against civilians",
    "trigger": "killed",
    "generic": True,
    "priority": 40,
}
ARREST = {
    "sub_event_type": "Arrests",
    "event_type": "Strategic developments",
    "trigger": "arrested",
    "priority": 57,
}
CAPTURE = {
    "sub_event_type": "Non-state actor overtakes territory",
    "event_type": "Battles",
    "trigger": "captured",
    "territory": True,
    "priority": 78,
}
LIBERATE = dict(CAPTURE, sub_event_type="Government regains territory", trigger="liberated")
SHELL = {
    "sub_event_type": "Shelling/artillery/missile attack",
    "event_type": "Explosions/Remote violence",
    "trigger": "shelled",
    "priority": 85,
}


@dataclass
class Report:
    """One sentence of an invented article and the mention extract/ would give for it."""

    sentence: str
    kind: dict[str, Any]
    places: list[str] = field(default_factory=list)
    actor1: str | None = None
    actor2: str | None = None


def _resolve(coder: Coder, *reports: Report, published: date | None = PUBLISHED) -> list[Event]:
    text = " ".join([FRAME, *(r.sentence for r in reports)])
    article = Article(id="doc-1", text=text, published=published, source="Levant Wire")
    mentions = []
    at = len(FRAME) + 1
    for report in reports:
        start = text.index(report.sentence, at)
        at = start + len(report.sentence)
        refs = tuple(
            PlaceRef(
                name,
                start + report.sentence.index(name),
                start + report.sentence.index(name) + len(name),
            )
            for name in report.places
        )
        mentions.append(
            Mention(
                doc_id=article.id,
                evidence=(Evidence(article.id, report.sentence, start, at),),
                date_text=report.sentence,
                places=refs,
                actor1_text=report.actor1,
                actor2_text=report.actor2,
                **report.kind,
            )
        )
    focus = coder.places.focus(text)
    return coder.resolver(article, mentions, focus, country="Syria")


def _types(events: list[Event]) -> list[tuple[str, str | None, str | None]]:
    return [(e.sub_event_type, e.actor1, e.actor2) for e in events]


# ------------------------------------------------------------------ generic violence


def test_generic_killing_of_civilians_is_an_attack(coder: Coder) -> None:
    (event,) = _resolve(
        coder,
        Report(
            "Gunmen killed two civilians near Saraqib on Saturday.",
            KILL,
            ["Saraqib"],
            "Gunmen",
            "civilians",
        ),
    )
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    assert (event.actor1, event.actor2) == (
        "Unidentified Armed Group (Syria)",
        "Civilians (Syria)",
    )
    assert (event.interaction, event.civilian_targeting) == (37, "Civilian targeting")
    assert (event.event_date, event.fatalities) == ("2023-11-18", 2)


def test_generic_killing_between_two_armed_actors_is_an_armed_clash(coder: Coder) -> None:
    (event,) = _resolve(
        coder,
        Report(
            "Regime forces killed three HTS fighters near Saraqib on Saturday.",
            KILL,
            ["Saraqib"],
            "Regime forces",
            "HTS",
        ),
    )
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert event.actor1 == "Military Forces of Syria (2000-)"
    assert event.actor2 is not None and event.actor2.startswith("HTS: ")
    assert (event.interaction, event.civilian_targeting) == (12, None)
    assert event.fatalities == 3


def test_unattributed_civilian_deaths_are_an_attack_by_an_unidentified_group(
    coder: Coder,
) -> None:
    (event,) = _resolve(
        coder, Report("Two children were killed in Saraqib on Saturday.", KILL, ["Saraqib"])
    )
    assert _types([event]) == [("Attack", "Unidentified Armed Group (Syria)", "Civilians (Syria)")]
    assert event.fatalities_breakdown == {"children": 2}


def test_generic_trigger_without_actors_or_victims_is_no_event(coder: Coder) -> None:
    assert _resolve(coder, Report("A man died in Saraqib on Saturday.", KILL, ["Saraqib"])) == []


# ------------------------------------------------------------------ initiator-dependent types


def test_arrests_by_a_rebel_group_are_an_abduction(coder: Coder) -> None:
    (event,) = _resolve(
        coder,
        Report("HTS arrested four activists in Saraqib on Saturday.", ARREST, ["Saraqib"], "HTS"),
    )
    assert (event.event_type, event.sub_event_type) == (
        "Violence against civilians",
        "Abduction/forced disappearance",
    )
    assert event.inter1 == 2


def test_arrests_by_state_forces_stay_arrests(coder: Coder) -> None:
    (event,) = _resolve(
        coder,
        Report(
            "Regime forces arrested four activists in Saraqib on Saturday.",
            ARREST,
            ["Saraqib"],
            "Regime forces",
        ),
    )
    assert (event.event_type, event.sub_event_type) == ("Strategic developments", "Arrests")


def test_capture_by_state_forces_is_government_regaining_territory(coder: Coder) -> None:
    (event,) = _resolve(
        coder,
        Report(
            "Regime forces captured Saraqib on Saturday.", CAPTURE, ["Saraqib"], "Regime forces"
        ),
    )
    assert event.sub_event_type == "Government regains territory"
    assert (event.inter1, event.interaction) == (1, 10)


def test_capture_by_foreign_forces_is_a_non_state_actor_overtaking(coder: Coder) -> None:
    (event,) = _resolve(
        coder,
        Report(
            "Russian forces captured Saraqib on Saturday.", CAPTURE, ["Saraqib"], "Russian forces"
        ),
    )
    assert event.actor1 == "Military Forces of Russia (2000-)"
    assert (event.inter1, event.interaction) == (8, 80)
    assert event.sub_event_type == "Non-state actor overtakes territory"


def test_liberation_by_rebels_is_a_non_state_actor_overtaking(coder: Coder) -> None:
    (event,) = _resolve(
        coder, Report("HTS liberated Saraqib on Saturday.", LIBERATE, ["Saraqib"], "HTS")
    )
    assert event.sub_event_type == "Non-state actor overtakes territory"


def test_capture_without_a_captor_is_no_event(coder: Coder) -> None:
    assert _resolve(coder, Report("Saraqib fell on Saturday.", CAPTURE, ["Saraqib"])) == []


# ------------------------------------------------------------------ dates


def test_month_precision_background_is_dropped(coder: Coder) -> None:
    report = Report(
        "In September, regime forces shelled Saraqib.", SHELL, ["Saraqib"], "regime forces"
    )
    assert _resolve(coder, report) == []


def test_recent_month_precision_event_is_kept(coder: Coder) -> None:
    report = Report(
        "In November, regime forces shelled Saraqib.", SHELL, ["Saraqib"], "regime forces"
    )
    (event,) = _resolve(coder, report, published=date(2023, 11, 10))
    assert event.time_precision == 3
    assert event.event_date is not None and event.event_date.startswith("2023-11-")


def test_undated_mention_takes_the_last_date_before_it(coder: Coder) -> None:
    events = _resolve(
        coder,
        Report("Regime forces shelled Saraqib on Monday.", SHELL, ["Saraqib"], "Regime forces"),
        Report("Rebels shelled Kafr Nabl.", SHELL, ["Kafr Nabl"], "Rebels"),
    )
    assert [(e.location, e.event_date) for e in events] == [
        ("Saraqib", "2023-11-20"),
        ("Kafr Nabl", "2023-11-20"),
    ]


def test_undated_mention_takes_the_date_of_the_same_incident(coder: Coder) -> None:
    events = _resolve(
        coder,
        Report("Rebels shelled Kafr Nabl.", SHELL, ["Kafr Nabl"], "Rebels"),
        Report("Regime forces shelled Saraqib on Monday.", SHELL, ["Saraqib"], "Regime forces"),
        Report("Rebels shelled Kafr Nabl again on Tuesday.", SHELL, ["Kafr Nabl"], "Rebels"),
    )
    assert [(e.location, e.event_date) for e in events] == [
        ("Kafr Nabl", "2023-11-21"),
        ("Saraqib", "2023-11-20"),
    ]
    assert len(events[0].evidence) == 2


def test_undated_article_without_dates_uses_publication(coder: Coder) -> None:
    (event,) = _resolve(coder, Report("Rebels shelled Kafr Nabl.", SHELL, ["Kafr Nabl"], "Rebels"))
    assert (event.event_date, event.time_precision) == ("2023-11-22", 1)


def test_no_publication_date_leaves_relative_dates_open(coder: Coder) -> None:
    (event,) = _resolve(
        coder,
        Report("Rebels shelled Kafr Nabl on Monday.", SHELL, ["Kafr Nabl"], "Rebels"),
        published=None,
    )
    assert event.event_date is None


# ------------------------------------------------------------------ places and the record


def test_one_event_per_place_with_deaths_at_the_first(coder: Coder) -> None:
    events = _resolve(
        coder,
        Report(
            "Regime forces shelled Saraqib and Kafr Nabl on Monday, killing two civilians.",
            SHELL,
            ["Saraqib", "Kafr Nabl"],
            "regime forces",
        ),
    )
    assert [(e.location, e.fatalities) for e in events] == [("Saraqib", 2), ("Kafr Nabl", 0)]
    assert all(e.actor2 == "Civilians (Syria)" and e.interaction == 17 for e in events)
    assert len({e.event_id for e in events}) == 2


def test_place_less_mention_falls_back_to_the_focus_province(coder: Coder) -> None:
    (event,) = _resolve(
        coder, Report("Regime forces shelled the area on Monday.", SHELL, [], "Regime forces")
    )
    assert (event.admin1, event.geo_precision) == ("Idleb", 3)


def test_event_record_carries_source_evidence_and_plover(coder: Coder) -> None:
    (event,) = _resolve(
        coder,
        Report("Rebels shelled Kafr Nabl on Monday.", SHELL, ["Kafr Nabl"], "Rebels"),
    )
    assert event.source == "Levant Wire"
    assert event.doc_ids == ["doc-1"]
    assert event.notes == "Rebels shelled Kafr Nabl on Monday."
    assert event.plover_type == "FIGHT"
    assert (event.country, event.iso) == ("Syria", 760)
    assert 0.05 <= event.confidence <= 0.99


@pytest.mark.parametrize("same_text", ["Regime forces", "the regime"])
def test_actor2_equal_to_actor1_is_dropped(coder: Coder, same_text: str) -> None:
    (event,) = _resolve(
        coder,
        Report(
            "Regime forces shelled Saraqib on Monday.",
            SHELL,
            ["Saraqib"],
            "Regime forces",
            same_text,
        ),
    )
    assert (event.actor2, event.interaction) == (None, 10)
