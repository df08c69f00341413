"""Cross-report merging (merge.py's same_incident/cluster_reports/combine_reports): the test
corpus the merge tolerances were measured on, and the same incident told by several articles
coded end to end and stored.

The corpus is written here: invented reports at real places (GeoNames points; a second
source rounding to a minute of arc, as gazetteers and press agencies do). Each report names
the incident it belongs to, so that a rule can be scored pair by pair.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conflictcoder.merge import (
    DEFAULT_RULE,
    MergeRule,
    cluster_reports,
    event_distance_km,
    merge_reports,
    name_similarity,
    number_of_sources,
    same_incident,
)
from conflictcoder.model import Article, Event, Evidence
from conflictcoder.store import open_store

SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
AIR = ("Explosions/Remote violence", "Air/drone strike")
ARMY = "Military Forces of Syria (2000-)"
RUSSIA = "Military Forces of Russia (2000-)"
TURKEY = "Military Forces of Turkey (2016-)"
REBELS = "Opposition Rebels (Syria)"
UNKNOWN = "Unidentified Armed Group (Syria)"
CIVILIANS = "Civilians (Syria)"

# name -> (latitude, longitude, admin1): GeoNames points.
POINTS: dict[str, tuple[float, float, str]] = {
    "Kafranbel": (35.61376, 36.56449, "Idleb"),
    "Maarat al-Numan": (35.6483, 36.67693, "Idleb"),
    "Hish": (35.54793, 36.64356, "Idleb"),
    "Armanaz": (36.08363, 36.5031, "Idleb"),
    "Kafr Takharim": (36.1168, 36.51522, "Idleb"),
    "Jaramana": (33.4862, 36.34614, "Rural Damascus"),
    "Babila": (33.47101, 36.33076, "Rural Damascus"),
    "Al Mabtali": (36.56246, 36.74292, "Aleppo"),
    "Qentere": (36.5635, 36.72841, "Aleppo"),
}
# The same towns as a source that rounds to a minute of arc gives them.
MINUTES: dict[str, tuple[float, float]] = {
    "Kafranbel": (35.6167, 36.5667),  # 35°37'N 36°34'E
    "Maarat al-Numan": (35.6333, 36.6667),  # 35°38'N 36°40'E
    "Armanaz": (36.0833, 36.5),  # 36°05'N 36°30'E
}


def _report(
    incident: str,
    doc: str,
    day: str,
    place: str,
    *,
    kind: tuple[str, str] = SHELLING,
    actor1: str | None = ARMY,
    actor2: str | None = CIVILIANS,
    deaths: int | None = None,
    spelled: str | None = None,
    minutes: bool = False,
    precision: int = 1,
) -> tuple[str, Event]:
    lat, lon, admin1 = POINTS[place]
    if minutes:
        lat, lon = MINUTES[place]
    sentence = f"Report {doc} of {incident}."
    event = Event(
        event_date=f"2021-{day}",
        event_type=kind[0],
        sub_event_type=kind[1],
        actor1=actor1,
        actor2=actor2,
        country="Syria",
        admin1=admin1,
        location=spelled or place,
        latitude=lat,
        longitude=lon,
        geo_precision=precision,
        fatalities=deaths or 0,
        fatalities_low=deaths,
        fatalities_high=deaths,
        doc_ids=[doc],
        evidence=[Evidence(doc, sentence, 0, len(sentence))],
    )
    return incident, event


CORPUS: list[tuple[str, Event]] = [
    # One shelling of Kafranbel told four ways: a day apart, two other spellings placed by a
    # source that rounds to minutes, an unidentified perpetrator, tolls of 3 to 6 or none.
    _report("kafranbel 1 Mar", "k1", "03-01", "Kafranbel", deaths=4),
    _report(
        "kafranbel 1 Mar", "k2", "03-02", "Kafranbel", spelled="Kafr Nabl", minutes=True, deaths=6
    ),
    _report(
        "kafranbel 1 Mar", "k3", "03-01", "Kafranbel", actor1=UNKNOWN, actor2=None, precision=2
    ),
    _report(
        "kafranbel 1 Mar",
        "k4",
        "03-01",
        "Kafranbel",
        spelled="Kafr Nobol",
        minutes=True,
        actor1=None,
        deaths=3,
    ),
    # Kafranbel shelled again two days later: another event.
    _report("kafranbel 3 Mar", "k5", "03-03", "Kafranbel", deaths=1),
    # One air strike on Maarat al-Numan, another source's point 1.9 km off.
    _report("maarat 1 Mar", "m1", "03-01", "Maarat al-Numan", kind=AIR, actor1=RUSSIA, deaths=7),
    _report(
        "maarat 1 Mar",
        "m2",
        "03-01",
        "Maarat al-Numan",
        kind=AIR,
        actor1=RUSSIA,
        spelled="Ma'arrat an-Nu'man",
        minutes=True,
        deaths=5,
    ),
    _report("maarat 1 Mar", "m3", "03-02", "Maarat al-Numan", kind=AIR, actor1=RUSSIA, deaths=9),
    # The same day, a strike on Hish, 11.6 km away.
    _report("hish 1 Mar", "h1", "03-01", "Hish", kind=AIR, actor1=RUSSIA, deaths=2),
    # Neighbouring villages shelled the same day: 3.85 km, 2.21 km and 1.3 km apart.
    _report("armanaz 5 Mar", "a1", "03-05", "Armanaz", deaths=2),
    _report("armanaz 5 Mar", "a2", "03-05", "Armanaz", minutes=True, deaths=2),
    _report("kafr takharim 5 Mar", "t1", "03-05", "Kafr Takharim", deaths=3),
    _report("jaramana 10 Mar", "j1", "03-10", "Jaramana", actor1=REBELS, deaths=3),
    _report("jaramana 10 Mar", "j2", "03-11", "Jaramana", actor1=None, deaths=4),
    _report("babila 10 Mar", "b1", "03-10", "Babila", actor1=REBELS, deaths=2),
    _report("mabtali 12 Mar", "l1", "03-12", "Al Mabtali", actor1=TURKEY, deaths=1),
    _report("qentere 12 Mar", "q1", "03-12", "Qentere", actor1=TURKEY, deaths=1),
    # "Near Kafranbel" (coded at Kafranbel) and Hish, 10.2 km away, the same day.
    _report("near kafranbel 15 Mar", "n1", "03-15", "Kafranbel", precision=2, deaths=1),
    _report("hish 15 Mar", "s1", "03-15", "Hish", deaths=2),
]


def _errors(rule: MergeRule, corpus: list[tuple[str, Event]] = CORPUS) -> tuple[int, int]:
    """(pairs wrongly merged, pairs wrongly kept apart) when ``rule`` clusters the corpus."""
    incident = {id(event): label for label, event in corpus}
    group: dict[int, int] = {}
    for index, members in enumerate(cluster_reports([e for _, e in corpus], rule)):
        for event in members:
            group[id(event)] = index
    merged_wrongly = missed = 0
    for (_, a), (_, b) in itertools.combinations(corpus, 2):
        same = incident[id(a)] == incident[id(b)]
        together = group[id(a)] == group[id(b)]
        merged_wrongly += together and not same
        missed += same and not together
    return merged_wrongly, missed


def test_default_rule_groups_the_corpus_exactly() -> None:
    assert _errors(DEFAULT_RULE) == (0, 0)


def test_grouping_does_not_depend_on_arrival_order() -> None:
    # Without k5: a report dated between two incidents is ambiguous (next test).
    corpus = [(label, event) for label, event in CORPUS if event.doc_ids != ["k5"]]
    shuffler = random.Random(4)
    for _ in range(30):
        shuffler.shuffle(corpus)
        assert _errors(DEFAULT_RULE, corpus) == (0, 0)


def _groups(order: list[str]) -> list[list[str]]:
    by_doc = {event.doc_ids[0]: event for _, event in CORPUS}
    return [[e.doc_ids[0] for e in g] for g in cluster_reports([by_doc[d] for d in order])]


def test_report_between_two_incidents_of_one_place() -> None:
    """k2 (2 March) can be the Kafranbel shelling of 1 or of 3 March: with both known it
    joins the earlier (a late date is the usual error); arriving before either, it holds the
    event the next one joins: every report of an event stays within a day of the others."""
    assert _groups(["k1", "k5", "k2"]) == [["k1", "k2"], ["k5"]]
    assert _groups(["k5", "k1", "k2"]) == [["k5"], ["k1", "k2"]]
    assert _groups(["k2", "k5", "k1"]) == [["k2", "k5"], ["k1"]]


def test_measured_disagreement_within_and_between_incidents() -> None:
    """What the tolerances must cover, and what they must not reach."""
    same_km: list[float] = []
    same_days: list[int] = []
    for (x, a), (y, b) in itertools.combinations(CORPUS, 2):
        if x == y:
            same_km.append(event_distance_km(a, b) or 0.0)
            same_days.append(
                abs(
                    (
                        date.fromisoformat(a.event_date or "")
                        - date.fromisoformat(b.event_date or "")
                    ).days
                )
            )
    assert round(max(same_km), 2) == 1.91  # Maarat al-Numan: a point rounded to minutes
    assert max(same_days) == 1
    near, hish = CORPUS[-2][1], CORPUS[-1][1]
    assert round(event_distance_km(near, hish) or 0, 2) == 10.23
    spellings = [("Kafr Nabl", "Kafranbel"), ("Kafr Nobol", "Kafranbel")]
    assert [round(name_similarity(a, b), 1) for a, b in spellings] == [82.4, 77.8]
    neighbours = [("Jaramana", "Babila"), ("Al Mabtali", "Qentere")]  # 2.21 and 1.3 km
    assert [round(name_similarity(a, b), 1) for a, b in neighbours] == [28.6, 28.6]


@pytest.mark.parametrize(
    ("field", "values", "exact"),
    [
        ("max_days", [0, 1, 2, 3], [1]),
        ("max_km", [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10, 12.5, 15], [2, 2.5, 3, 4, 5, 7.5, 10]),
        (
            "min_name_similarity",
            [20, 25, 30, 50, 60, 70, 75, 77.5, 80, 85, 90],
            [30, 50, 60, 70, 75, 77.5],
        ),
    ],
)
def test_tolerance_sweep(field: str, values: list[float], exact: list[float]) -> None:
    """The measurement: which values of each tolerance group the corpus without an error
    (the others at their defaults). The defaults sit inside each range."""
    perfect = [
        v for v in values if _errors(dataclasses.replace(DEFAULT_RULE, **{field: v})) == (0, 0)
    ]
    assert perfect == exact
    assert getattr(DEFAULT_RULE, field) in exact


def test_merged_kafranbel_event() -> None:
    events = merge_reports([e for _, e in CORPUS])
    assert len(events) == len({label for label, _ in CORPUS})
    kafranbel = events[0]
    assert kafranbel.doc_ids == ["k1", "k2", "k3", "k4"]
    assert number_of_sources(kafranbel) == 4
    assert [e.doc_id for e in kafranbel.evidence] == ["k1", "k2", "k3", "k4"]
    assert (kafranbel.fatalities, kafranbel.fatalities_low, kafranbel.fatalities_high) == (3, 3, 6)
    assert (kafranbel.event_date, kafranbel.location, kafranbel.actor1) == (
        "2021-03-01",
        "Kafranbel",
        ARMY,
    )
    assert (kafranbel.latitude, kafranbel.geo_precision) == (POINTS["Kafranbel"][0], 1)


def test_same_incident_refuses_what_the_rule_does_not_cover() -> None:
    (_, k1), (_, k2) = CORPUS[0], CORPUS[1]
    assert same_incident(k1, k2)
    assert not same_incident(k1, k2, MergeRule(max_days=0))
    assert not same_incident(k1, dataclasses.replace(k2, doc_ids=["k1"]))  # one article
    assert not same_incident(k1, dataclasses.replace(k2, sub_event_type="Air/drone strike"))
    assert not same_incident(k1, dataclasses.replace(k2, country="Turkey"))
    assert not same_incident(k1, dataclasses.replace(k2, actor1=TURKEY))
    swapped = dataclasses.replace(k2, actor1=CIVILIANS, actor2=ARMY)
    assert same_incident(k1, swapped)  # a fully named pair, swapped


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_days": -1}, "max_days must be 0 or more, got -1"),
        ({"max_days": 1.5}, "max_days must be a whole number of days, got 1.5"),
        ({"max_km": -2}, "max_km must be 0 or more, got -2"),
        ({"max_km": float("nan")}, "max_km must be a number of km, got nan"),
        ({"min_name_similarity": 101}, "min_name_similarity must be from 0 to 100, got 101"),
    ],
)
def test_bad_rules(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as info:
        MergeRule(**kwargs)
    assert str(info.value) == message


# -- end to end: articles coded, then stored ---------------------------------------------

ARTICLES = [
    Article(
        "k1",
        "Syrian government artillery shelled the town of Kafranbel in southern Idlib on Monday, "
        "killing four civilians, a war monitor said.",
        published=date(2021, 3, 1),
        source="Levant Wire",
    ),
    Article(
        "k2",
        "Regime forces pounded Kafranbel with artillery on Tuesday, killing six people "
        "including two children, rescuers said.",
        published=date(2021, 3, 2),
        source="Idlib Today",
    ),
    Article(
        "k3",
        "Five civilians were killed on Monday when Syrian army shells hit homes in Kafranbel, "
        "local activists reported.",
        published=date(2021, 3, 2),
        source="North Syria Post",
    ),
    Article(
        "k4",
        "Shelling by government forces struck Kafranbel on Monday, local sources said.",
        published=date(2021, 3, 1),
        source="Aleppo Monitor",
    ),
    Article(
        "a1",
        "Syrian government artillery shelled Armanaz in Idlib province on Monday, killing two "
        "civilians.",
        published=date(2021, 3, 1),
        source="Levant Wire",
    ),
    Article(
        "t1",
        "Syrian government artillery shelled Kafr Takharim in Idlib province on Monday, killing "
        "three civilians.",
        published=date(2021, 3, 1),
        source="Idlib Today",
    ),
]


def test_one_incident_told_by_several_articles_is_one_stored_event(
    coder: Any, tmp_path: Path
) -> None:
    coded = dict(coder.code_many(ARTICLES))
    shelling = {
        article.id: [e for e in events if e.sub_event_type == SHELLING[1]]
        for article, events in coded.items()
    }
    assert all(len(events) == 1 for events in shelling.values()), shelling
    reported = {doc: events[0].fatalities for doc, events in shelling.items()}
    with open_store(tmp_path / "events.sqlite") as store:
        for article, events in coded.items():
            assert store.ingest(article, events)
        for article, events in coded.items():  # the same articles again change nothing
            assert not store.ingest(article, events)
        stored = store.events(sub_event_type=SHELLING[1])
        by_place = {event.location: event for event in stored}
        assert sorted(by_place) == ["Armanaz", "Kafr Takharim", "Kafranbel"]
        kafranbel = by_place["Kafranbel"]
        assert kafranbel.doc_ids == ["k1", "k2", "k3", "k4"]
        assert kafranbel.event_date == "2021-03-01"
        assert kafranbel.fatalities == min(reported[d] for d in ("k1", "k2", "k3") if reported[d])
        sources = store.event_sources(kafranbel.event_id)
        assert [s["source"] for s in sources] == [
            "Levant Wire",
            "Idlib Today",
            "North Syria Post",
            "Aleppo Monitor",
        ]
        assert [s["fatalities"] for s in sources] == [
            reported[d] or None for d in ("k1", "k2", "k3", "k4")
        ]
        assert all(s["evidence"] for s in sources)
        for source in sources:
            article = next(a for a in ARTICLES if a.id == source["doc_id"])
            for item in source["evidence"]:
                assert article.text[item["start"] : item["end"]] == item["sentence"]
        assert [h["action"] for h in store.event_history(kafranbel.event_id)] == [
            "create",
            "merge",
            "merge",
            "merge",
        ]
