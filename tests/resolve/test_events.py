"""Tests for conflictcoder/resolve/events.py: mentions -> ACLED events."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conflictcoder.coder import Coder
from conflictcoder.model import Article, Event, Evidence, Mention, PlaceRef
from conflictcoder.pipeline.stages import Dates, Undated

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


AIRSTRIKE = {
    "sub_event_type": "Air/drone strike",
    "event_type": "Explosions/Remote violence",
    "trigger": "airstrikes",
    "priority": 90,
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


# ------------------------------------------------------------------ split tolls and coded totals


CLASH = {
    "sub_event_type": "Armed clash",
    "event_type": "Battles",
    "trigger": "clashed",
    "priority": 75,
}


def _resolve_with_notes(
    coder: Coder, reports: list[Report], notes: str, *, context: bool = False, before: str = ""
) -> list[Event]:
    """Like ``_resolve``, with sentences that are no mention: ``notes`` after the reports
    (``context``: handed to the last mention as its trailing sentences), ``before`` them."""
    text = " ".join([FRAME, before, *(r.sentence for r in reports), notes])
    article = Article(id="doc-1", text=text, published=PUBLISHED, source="Levant Wire")
    mentions = []
    for report in reports:
        start = text.index(report.sentence)
        refs = tuple(
            PlaceRef(name, at, at + len(name))
            for name in report.places
            for at in [start + report.sentence.index(name)]
        )
        evidence = Evidence(article.id, report.sentence, start, start + len(report.sentence))
        mentions.append(
            Mention(
                doc_id=article.id,
                evidence=(evidence,),
                date_text=report.sentence,
                places=refs,
                actor1_text=report.actor1,
                actor2_text=report.actor2,
                **report.kind,
            )
        )
    if context:
        at = text.index(notes)
        note = Evidence(article.id, notes, at, at + len(notes))
        mentions[-1] = replace(mentions[-1], context=(note,))
    return coder.resolver(article, mentions, coder.places.focus(text), country="Syria")


def _clashes(*places: str) -> Report:
    return Report(
        f"Regime forces clashed with HTS in {' and '.join(places)} on Monday.",
        CLASH,
        list(places),
        "Regime forces",
        "HTS",
    )


def test_a_listed_split_gives_each_place_its_figure(coder: Coder) -> None:
    events = _resolve_with_notes(
        coder,
        [_clashes("Saraqib", "Ariha")],
        "Nine fighters were killed. Total fatalities 9 split as follows: 5 Ariha and 4 Saraqib.",
    )
    assert [(e.location, e.fatalities) for e in events] == [("Saraqib", 4), ("Ariha", 5)]
    assert events[1].evidence[-1].sentence == (
        "Total fatalities 9 split as follows: 5 Ariha and 4 Saraqib."
    )


def test_each_and_even_splits(coder: Coder) -> None:
    clashes = [_clashes("Saraqib", "Ariha")]
    each = _resolve_with_notes(
        coder, clashes, "Fatalities coded as 6 and split, 3 each, between both towns."
    )
    assert [e.fatalities for e in each] == [3, 3]
    even = _resolve_with_notes(
        coder, clashes, "Fatalities coded to 10 and split evenly between both locations."
    )
    assert [e.fatalities for e in even] == [5, 5]


def test_a_place_total_for_the_place_just_named(coder: Coder) -> None:
    events = _resolve_with_notes(
        coder,
        [_clashes("Saraqib", "Ariha")],
        "A civilian was also killed by shelling on Ariha. Total fatalities coded to 7 at that "
        "location. Total fatalities in Saraqib coded to 2.",
    )
    assert [(e.location, e.fatalities) for e in events] == [("Saraqib", 2), ("Ariha", 7)]


def test_a_coded_total_overrides_the_counted_deaths(coder: Coder) -> None:
    (event,) = _resolve_with_notes(
        coder,
        [_clashes("Saraqib")],
        "A guard was killed. Total fatalities coded to 2 to account for the attacker.",
        context=True,
    )
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (2, 2, 2)


def test_undated_mention_takes_the_date_of_an_earlier_non_event_sentence(coder: Coder) -> None:
    raid = Report("During the raid, rebels shelled Kafr Nabl.", SHELL, ["Kafr Nabl"], "Rebels")
    (event,) = _resolve_with_notes(coder, [raid], "", before="On Monday police raided a house.")
    assert event.event_date == "2023-11-20"


# ------------------------------------------------------------------ actor order conventions

CLASH = {
    "sub_event_type": "Armed clash",
    "event_type": "Battles",
    "trigger": "clashed",
    "priority": 70,
}
PROTEST = {
    "sub_event_type": "Peaceful protest",
    "event_type": "Protests",
    "trigger": "demonstrated",
    "priority": 60,
}


STATE_FORCES = "Military Forces of Syria (2000-)"
REBELS = "Opposition Rebels (Syria)"


@pytest.mark.parametrize(
    ("sentence", "kind", "pair"),
    [
        # a clash names no initiator: ACLED lists the state forces first
        (
            "Rebels clashed with regime forces near Saraqib on Saturday.",
            CLASH,
            (STATE_FORCES, REBELS),
        ),
        # the agent of an assault (extract/ marks the mention directed) stays first
        (
            "Rebels attacked regime forces positions near Saraqib on Saturday.",
            {**CLASH, "trigger": "attacked", "directed": True},
            (REBELS, STATE_FORCES),
        ),
    ],
)
def test_state_forces_come_first_in_an_armed_clash_without_an_assailant(
    coder: Coder, sentence: str, kind: dict[str, Any], pair: tuple[str, str]
) -> None:
    (event,) = _resolve(coder, Report(sentence, kind, ["Saraqib"], "Rebels", "regime forces"))
    assert (event.actor1, event.actor2) == pair
    assert event.interaction == 12


def test_a_peaceful_protest_has_protesters_and_no_actor2(coder: Coder) -> None:
    (event,) = _resolve(
        coder,
        Report(
            "Hundreds of residents demonstrated in Saraqib against regime forces.",
            PROTEST,
            ["Saraqib"],
            "residents",
            "regime forces",
        ),
    )
    assert (event.actor1, event.actor2, event.interaction) == ("Protesters (Syria)", None, 60)


def test_a_coders_total_belongs_to_the_lead_event(coder: Coder) -> None:
    strike = Report(
        "Airstrikes by Russian warplanes hit Ariha on Monday.",
        {
            "sub_event_type": "Air/drone strike",
            "event_type": "Explosions/Remote violence",
            "trigger": "airstrikes",
            "priority": 90,
        },
        ["Ariha"],
        "Russian warplanes",
    )
    events = _resolve_with_notes(
        coder, [_clashes("Saraqib"), strike], "Total fatalities 7.", context=True
    )
    assert [(e.sub_event_type, e.fatalities) for e in events] == [
        ("Armed clash", 7),
        ("Air/drone strike", 0),
    ]
    assert events[0].evidence[-1].sentence == "Total fatalities 7."


def test_unidentified_attackers_stay_first_in_a_clash(coder: Coder) -> None:
    (event,) = _resolve(
        coder,
        Report(
            "Gunmen clashed with regime forces near Saraqib on Saturday.",
            CLASH,
            ["Saraqib"],
            "Gunmen",
            "regime forces",
        ),
    )
    assert (event.actor1, event.actor2) == (
        "Unidentified Armed Group (Syria)",
        "Military Forces of Syria (2000-)",
    )


# ------------------------------------------------------------------ years alone: background


def test_a_year_before_publication_is_background() -> None:
    from conflictcoder.resolve.dates import resolve_date
    from conflictcoder.resolve.narrative import is_background

    when = resolve_date("The war began in early 2011.", PUBLISHED)
    assert (when.date, when.precision) == (date(2011, 2, 15), 3)
    assert is_background(when, PUBLISHED)
    # the end of last year is still more than two weeks back on 1 January
    when = resolve_date("The town fell by the end of 2022.", date(2023, 1, 1))
    assert (when.date, when.precision) == (date(2022, 12, 15), 3)
    assert is_background(when, date(2023, 1, 1))


def test_mention_dated_only_by_an_earlier_year_is_dropped(coder: Coder) -> None:
    events = _resolve(
        coder,
        Report("Regime forces shelled Saraqib on Monday.", SHELL, ["Saraqib"], "Regime forces"),
        Report("Rebels have shelled Kafr Nabl since 2019.", SHELL, ["Kafr Nabl"], "Rebels"),
    )
    assert [(e.location, e.event_date) for e in events] == [("Saraqib", "2023-11-20")]


def test_mention_in_the_publication_year_keeps_the_last_date(coder: Coder) -> None:
    events = _resolve(
        coder,
        Report("Regime forces shelled Saraqib on Monday.", SHELL, ["Saraqib"], "Regime forces"),
        Report("Rebels shelled Kafr Nabl, as in 2023.", SHELL, ["Kafr Nabl"], "Rebels"),
    )
    assert [(e.location, e.event_date) for e in events] == [
        ("Saraqib", "2023-11-20"),
        ("Kafr Nabl", "2023-11-20"),
    ]


def test_background_war_summary_is_not_a_realised_event(coder: Coder) -> None:
    text = (
        "Government jets struck Saraqib on 14 November 2023, killing 3 people, residents "
        "said. Syria has been locked in a civil war since early 2011, when the regime "
        "cracked down on pro-democracy protests; more than 400,000 people have been killed."
    )
    article = Article(id="doc-bg", text=text, published=PUBLISHED, source="Levant Wire")
    (event,) = coder.code(article)
    assert (event.location, event.event_date, event.fatalities) == (
        "Saraqib",
        "2023-11-14",
        3,
    )
    assert event.event_type != "Protests"
    assert all("2011" not in e.sentence for e in event.evidence)


# ------------------------------------------------------------------ who can strike from the air


@pytest.mark.parametrize(
    ("actor1", "actor2", "weapon", "pair"),
    [
        # rebels own no aircraft: named as the striker, they are the target, and the strike
        # (in Syria in 2023) is presumed Syrian or Russian (``presumed`` in actors.yaml)
        ("HTS", None, None, ("Allied Syrian and/or Russian Forces", "HTS")),
        ("HTS", "Regime forces", None, ("Military Forces of Syria (2000-)", "HTS")),
        # a drone can be anybody's
        ("HTS", None, "drone", ("HTS", None)),
        # state forces strike from the air
        ("Regime forces", "HTS", None, ("Military Forces of Syria (2000-)", "HTS")),
    ],
)
def test_an_air_strike_needs_an_initiator_with_aircraft(
    coder: Coder,
    actor1: str,
    actor2: str | None,
    weapon: str | None,
    pair: tuple[str | None, str | None],
) -> None:
    kind = dict(AIRSTRIKE, weapon=weapon)
    (event,) = _resolve(
        coder, Report("Airstrikes hit Saraqib on Saturday.", kind, ["Saraqib"], actor1, actor2)
    )
    found = (event.actor1, event.actor2)
    assert tuple(a if a is None or not a.startswith("HTS: ") else "HTS" for a in found) == pair


def test_civilians_are_no_side_of_a_battle(coder: Coder) -> None:
    clash = {
        "sub_event_type": "Armed clash",
        "event_type": "Battles",
        "trigger": "clashes",
        "priority": 60,
    }
    (event,) = _resolve(
        coder,
        Report(
            "Clashes between regime forces and civilians in Saraqib killed two civilians.",
            clash,
            ["Saraqib"],
            "Regime forces",
            "civilians",
        ),
    )
    assert (event.sub_event_type, event.actor1, event.actor2) == (
        "Armed clash",
        "Military Forces of Syria (2000-)",
        None,
    )
    assert event.fatalities == 2


@pytest.mark.parametrize(
    ("text", "sub_event_type", "targeting"),
    [
        # ACLED marks civilian targeting on political violence only: an arrest or looting
        # is a strategic development, whoever its victims are
        (
            "Police arrested five civilians at a checkpoint in the town of Kafr Nabl in Idlib.",
            "Arrests",
            None,
        ),
        (
            "Gunmen shot dead three civilians in the town of Kafr Nabl in Idlib on Monday.",
            "Attack",
            "Civilian targeting",
        ),
    ],
)
def test_civilian_targeting_only_on_political_violence(
    coder: Coder, text: str, sub_event_type: str, targeting: str | None
) -> None:
    events = coder.code(Article(id="t", text=text, published=date(2019, 5, 8)))
    assert [(e.sub_event_type, e.civilian_targeting) for e in events] == [
        (sub_event_type, targeting)
    ]


# ------------------------------------------------------------------ rules from the resources


def test_the_pipeline_resources_hand_their_rule_sets_to_the_resolver(coder: Coder) -> None:
    resources = coder.resources
    assert resources.resolver.types is resources.types
    dates, undated = coder.pipeline.get("dates"), coder.pipeline.get("undated")
    assert isinstance(dates, Dates) and isinstance(undated, Undated)
    assert dates.narrative is undated.narrative is resources.narrative
    assert resources.resolver.allocator.rules is resources.number_rules
    assert resources.resolver.builder.rules is resources.number_rules
    assert resources.extractor.types is resources.types


def test_the_coders_notes_are_read_with_the_rules_the_resolver_was_given(
    coder: Coder, tmp_path: Path
) -> None:
    from conflictcoder.resolve.events import EventResolver
    from conflictcoder.resolve.number_rules import load_number_rules

    user = tmp_path / "numbers.yaml"
    user.write_text("totals:\n  coded_links: [pegged at]\n  links: [pegged at]\n", "utf-8")
    note = "Total fatalities pegged at 12."
    text = f"Regime forces clashed with HTS in Ariha on Monday. {note}"
    article = Article(id="doc-1", text=text, published=PUBLISHED)
    event = Event(
        event_date="2023-11-20",
        event_type="Battles",
        sub_event_type="Armed clash",
        location="Ariha",
        fatalities=3,
        evidence=[Evidence("doc-1", note, text.index(note), len(text))],
    )
    packaged = EventResolver(coder.places, coder.actors)
    custom = EventResolver(coder.places, coder.actors, rules=load_number_rules(user_file=user))
    assert [e.fatalities for e in packaged.allocate(article, [(event, ("Ariha",))])] == [3]
    assert [e.fatalities for e in custom.allocate(article, [(event, ("Ariha",))])] == [12]
