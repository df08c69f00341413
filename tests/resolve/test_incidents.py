"""Incident coreference within one article (resolve/incidents.py)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from conflictcoder.errors import OntologyError
from conflictcoder.model import Article, Event, Evidence
from conflictcoder.resolve.incidents import (
    fold,
    fold_incidents,
    fold_told,
    load_incident_rules,
    refers_back,
    same_incident,
)

STRIKE = ("Explosions/Remote violence", "Air/drone strike")
ATTACK = ("Violence against civilians", "Attack")
CLASH = ("Battles", "Armed clash")


def _event(
    kind: tuple[str, str],
    *,
    day: str = "2021-05-03",
    location: str = "Ariha",
    point: tuple[float, float] = (35.81, 36.61),
    precision: int = 1,
    sentence: str | None = None,
    fatalities: int = 0,
    **fields: object,
) -> Event:
    sentence = sentence or f"Jets struck {location}."  # each telling names its place
    return Event(
        day,
        kind[0],
        kind[1],
        country="Syria",
        admin1="Idleb",
        location=location,
        latitude=point[0],
        longitude=point[1],
        geo_precision=precision,
        fatalities=fatalities,
        evidence=[Evidence("d", sentence, 0, len(sentence))],
        doc_ids=["d"],
        **fields,  # type: ignore[arg-type]
    )


def test_a_toll_told_apart_from_its_weapon_is_one_incident_with_the_weapons_type() -> None:
    toll = _event(
        ATTACK,
        fatalities=7,
        actor2="Civilians (Syria)",
        inter2=7,
        sentence="Seven civilians were killed in the town on Monday.",
    )
    strike = _event(
        STRIKE,
        actor1="Military Forces of Syria (2000-)",
        inter1=1,
        sentence="Government jets struck the market.",
    )
    [event] = fold_incidents([toll, strike])
    assert event.sub_event_type == "Air/drone strike"
    assert (event.actor1, event.actor2, event.fatalities) == (
        "Military Forces of Syria (2000-)",
        "Civilians (Syria)",
        7,
    )
    assert event.interaction == 17
    assert len(event.evidence) == 2


def test_the_most_conservative_toll_of_the_tellings_is_kept_with_the_range() -> None:
    a = _event(STRIKE, fatalities=12, sentence="Strikes killed 12, a monitor said.")
    b = _event(STRIKE, fatalities=9, sentence="Medics counted nine dead.")
    [event] = fold_incidents([a, b])
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (9, 9, 12)


def test_a_district_coded_at_its_towns_point_folds_into_the_town() -> None:
    town = _event(STRIKE, location="Ariha")
    district = _event(STRIKE, location="al-Souq quarter", precision=3)
    [event] = fold_incidents([district, town])
    assert (event.location, event.geo_precision) == ("Ariha", 1)


def test_the_province_told_in_the_lead_folds_into_the_town_told_below() -> None:
    lead = _event(STRIKE, location="Idleb", precision=3, point=(35.93, 36.63), fatalities=5)
    town = _event(STRIKE, location="Maarrat Misrin", point=(36.01, 36.67))
    [event] = fold_incidents([lead, town])
    assert event.location == "Maarrat Misrin"
    assert event.fatalities == 5


def test_two_villages_both_placed_exactly_stay_two_events() -> None:
    a = _event(STRIKE, location="Kafr Ruma", point=(35.60, 36.60))
    b = _event(STRIKE, location="Hass", point=(35.62, 36.61))
    assert len(fold_incidents([a, b])) == 2


def test_two_unplaced_names_at_their_regions_point_stay_two_events() -> None:
    a = _event(STRIKE, location="Tell Hamra", precision=3)
    b = _event(STRIKE, location="Deir Sunbul", precision=3)
    assert not same_incident(a, b)


def test_another_day_or_other_actors_are_another_incident() -> None:
    a = _event(CLASH, actor1="Military Forces of Syria (2000-)", actor2="HTS: Hayat Tahrir al-Sham")
    later = _event(CLASH, day="2021-05-04", actor1="Military Forces of Syria (2000-)")
    other = _event(CLASH, actor1="Islamic State (Syria)", actor2="HTS: Hayat Tahrir al-Sham")
    assert len(fold_incidents([a, later, other])) == 3


def test_a_battles_sides_may_be_told_in_either_order() -> None:
    a = _event(CLASH, actor1="Military Forces of Syria (2000-)", actor2="HTS: Hayat Tahrir al-Sham")
    b = _event(CLASH, actor1="HTS: Hayat Tahrir al-Sham", actor2="Military Forces of Syria (2000-)")
    assert len(fold_incidents([a, b])) == 1


def test_a_named_branch_agrees_with_its_forces() -> None:
    a = _event(STRIKE, actor1="Military Forces of Syria (2000-)")
    b = _event(STRIKE, actor1="Military Forces of Syria (2000-) Syrian Arab Air Force")
    assert same_incident(a, b)


def test_three_more_killed_is_another_incident() -> None:
    a = _event(STRIKE, fatalities=20, sentence="Strikes on the town killed 20 on Friday.")
    b = _event(STRIKE, fatalities=3, sentence="Three more civilians were killed on Friday evening.")
    assert len(fold_incidents([a, b])) == 2


def test_the_attack_refers_back_to_the_incident_told_before_whatever_its_own_place() -> None:
    strike = _event(STRIKE, sentence="A missile hit the airbase near the city on Friday.")
    clash = _event(
        CLASH,
        location="Hama",
        point=(35.13, 36.75),
        day="2021-05-01",
        sentence="Fighting went on in Hama.",
    )
    back = _event(
        ATTACK,
        location="Palmyra",
        point=(34.55, 38.27),
        day="2021-05-04",
        fatalities=4,
        sentence="Officials said four soldiers died in the attack.",
    )
    assert refers_back(strike, back)
    events = fold_incidents([strike, clash, back])
    assert [e.location for e in events] == ["Ariha", "Hama"]
    assert events[0].fatalities == 4


def test_a_lead_that_only_refers_to_its_incident_folds_into_it_when_told_below() -> None:
    # the lead names the incident of a headline; the report tells it a sentence later
    lead = _event(
        ATTACK,
        day="2021-05-04",
        location="Idleb",
        precision=3,
        fatalities=5,
        sentence="Medics said five people died in the attack.",
    )
    told = _event(STRIKE, day="2021-05-03", sentence="Jets bombed a bakery in Ariha on Monday.")
    [event] = fold_incidents([lead, told])
    assert (event.event_date, event.location, event.fatalities) == ("2021-05-03", "Ariha", 5)


def test_a_lead_that_names_its_own_place_stays_its_own_incident() -> None:
    saraqib = {"location": "Saraqib", "point": (35.86, 36.80)}
    said = "The toll from the shelling of Saraqib has risen to nine."
    lead = _event(STRIKE, fatalities=9, sentence=said, **saraqib)  # type: ignore[arg-type]
    other = _event(STRIKE, sentence="Jets bombed a bakery in Ariha on Monday.")
    assert len(fold_incidents([lead, other])) == 2


def test_that_before_a_number_is_no_back_reference() -> None:
    a = _event(STRIKE, day="2021-05-02", sentence="Jets struck a school in the town.")
    b = _event(
        STRIKE,
        day="2021-05-03",
        sentence="Activists said that two strikes hit a bakery in the town on Monday.",
    )
    assert not refers_back(a, b)


def test_a_past_perfect_retelling_without_its_own_day_is_the_incident_told_before() -> None:
    abduction = ("Violence against civilians", "Abduction/forced disappearance")
    first = _event(abduction, day="2021-05-01", sentence="Gunmen seized two teachers on Saturday.")
    again = _event(
        abduction,
        day="2021-05-03",
        sentence="The teachers found dead had been seized outside the school.",
    )
    dated = _event(
        abduction, day="2021-05-03", sentence="A nurse had been seized on Monday near the school."
    )
    assert same_incident(first, again)
    assert not same_incident(first, dated)


@pytest.mark.parametrize(
    ("told", "again", "one"),
    [
        ("Ain Issa", "Ain Issa Camp", True),
        ("Sheikh Najjar", "Shaikh Najar", True),
        ("Tell Hamra", "Deir Sunbul", False),
    ],
)
def test_two_spellings_of_one_unplaced_name_are_one_place(told: str, again: str, one: bool) -> None:
    a = _event(CLASH, location=told, precision=3)
    b = _event(CLASH, location=again, precision=3)
    assert same_incident(a, b) is one


def test_a_telling_of_no_more_than_a_toll_is_a_detail_of_the_days_incident() -> None:
    # "Relatives named the dead: Samir was killed with his two sons" (a name, no gazetteer
    # place, nobody said to have done it), told after and before the strike itself
    names = {
        "location": "Samir",
        "point": (35.93, 36.63),  # the region's point
        "precision": 3,
        "unresolved_location": True,
    }
    victims = _event(ATTACK, fatalities=3, sentence="Samir was killed with his two sons.", **names)
    strike = _event(STRIKE, fatalities=9, actor1="Military Forces of Syria (2000-)")
    for told in ([strike, victims], [victims, strike]):
        [event] = fold_incidents([dataclasses.replace(e) for e in told])
        assert (event.sub_event_type, event.location, event.fatalities) == (
            "Air/drone strike",
            "Ariha",
            9,
        )
    other_day = _event(ATTACK, day="2021-05-09", sentence="Samir was killed on Sunday.", **names)
    assert len(fold_incidents([strike, other_day])) == 2
    # a toll at a place the gazetteer knows folds only within the incident's province
    town = {"location": "Saraqib", "point": (35.86, 36.80), "sentence": "Two died in Saraqib."}
    near = _event(ATTACK, fatalities=2, **town)  # type: ignore[arg-type]
    # a victim's name read as a town abroad does not tell the incident's place
    abroad = dataclasses.replace(near, country="Morocco", admin1="Marrakesh-Safi")
    assert len(fold_incidents([dataclasses.replace(strike), abroad])) == 1
    far = dataclasses.replace(near, admin1="Hama")
    assert len(fold_incidents([dataclasses.replace(strike), near])) == 1
    assert len(fold_incidents([dataclasses.replace(strike), far])) == 2


def test_a_toll_told_later_with_the_incidents_actor_and_no_day_is_a_detail() -> None:
    army = "Military Forces of Syria (2000-)"
    strike = _event(STRIKE, fatalities=9, actor1=army, sentence="Jets struck Ariha at dawn.")
    mourned = _event(
        ATTACK,
        location="Sarmin",
        point=(35.90, 36.72),
        fatalities=2,
        actor1=army,
        sentence="Relatives mourned the family the army killed in the raid on Sarmin.",
    )
    [event] = fold_incidents([strike, dataclasses.replace(mourned)])
    assert (event.location, event.fatalities) == ("Ariha", 9)
    # told first, or by another actor, or on a day of its own, it stays an incident of its own
    assert len(fold_incidents([dataclasses.replace(mourned), dataclasses.replace(strike)])) == 2
    rebels = dataclasses.replace(mourned, actor1="Opposition Rebels (Syria)")
    assert len(fold_incidents([dataclasses.replace(strike), rebels])) == 2
    told = "On Sunday the army killed two men in Sarmin."
    sunday = dataclasses.replace(mourned, evidence=[Evidence("d", told, 0, len(told))])
    assert len(fold_incidents([dataclasses.replace(strike), sunday])) == 2


def test_the_province_written_beside_its_town_is_the_towns_incident() -> None:
    # "a strike on a house in Ariha, Idlib province, killed four": the province is told
    # again as a place of its own, coded at the region
    town = _event(STRIKE, fatalities=4)
    # (the region coded at the point of its main town, under that town's name)
    region = _event(STRIKE, location="Sarmin", point=(35.93, 36.63), precision=3, fatalities=4)
    [(event, names)] = fold_told([(town, ("Ariha",)), (region, ("Idlib province", "Sarmin"))])
    assert (event.location, names) == ("Ariha", ("Ariha",))
    # written as a place of its own, the region's town stays another incident
    other = dataclasses.replace(region)
    assert len(fold_told([(dataclasses.replace(town), ("Ariha",)), (other, ("Sarmin",))])) == 2


def test_a_rule_file_with_an_unknown_type_names_the_file(tmp_path: Path) -> None:
    user = tmp_path / "incidents.yaml"
    user.write_text("generic_types:\n  Attack: [Air strike]\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="unknown sub_event_type 'Air strike'") as err:
        load_incident_rules(user)
    assert "incidents.yaml" in str(err.value)


def test_an_article_that_retells_its_bombing_gives_one_event(coder: object) -> None:
    text = (
        "A car bomb exploded in the town of Azaz in Aleppo province on Tuesday, killing "
        "eight people, a monitor said.\n"
        "The bombing in the rebel-held town also wounded dozens, medics said.\n"
        "Nobody claimed the blast."
    )
    events = coder.code(Article(id="b", text=text, published=date(2017, 1, 10)))  # type: ignore[attr-defined]
    assert len(events) == 1
    assert events[0].location == "Azaz"
    assert events[0].fatalities == 8


def test_the_deaths_told_again_do_not_lower_a_numbered_toll() -> None:
    lead = _event(CLASH, fatalities=10, sentence="At least 10 soldiers were killed in clashes.")
    back = _event(
        CLASH,
        location="Hama",
        point=(35.13, 36.75),
        fatalities=3,
        sentence="The monitor said the deaths came in fighting near the airport.",
    )
    [event] = fold_incidents([lead, back])
    assert event.fatalities == 10


def test_a_toll_that_has_risen_replaces_the_earlier_one() -> None:
    first = _event(STRIKE, fatalities=6, sentence="Rockets killed six in the town.")
    later = _event(
        STRIKE, fatalities=13, sentence="The death toll from the rockets has risen to 13."
    )
    [event] = fold_incidents([first, later])
    assert event.fatalities == 13


def test_a_toll_that_has_risen_told_first_stands_over_a_later_plain_figure() -> None:
    first = _event(
        STRIKE, fatalities=11, sentence="The death toll from the shelling has risen to 11."
    )
    later = _event(STRIKE, fatalities=9, sentence="Shells hit the square, killing 9 people.")
    [event] = fold_incidents([first, later])
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (11, 11, 11)


@pytest.mark.parametrize(
    ("first", "later", "toll"),
    [
        # a figure for one victim or relatives never lowers a report of the whole toll
        ((11, "Eleven farmers were killed in the strike."), (1, "His daughter also died."), 11),
        ((8, "Eight herders died in the raid."), (2, "Her two sons were killed."), 8),
        # a reported number stands over ACLED's estimate for deaths told without one
        (
            (6, "Six guards were killed at the depot."),
            (3, "Several people died, relatives said."),
            6,
        ),
        # a lead of one named victim gives way to the whole toll told later
        ((1, "A farmer, Rami Haddad, was killed."), (5, "Five farmers died in the strike."), 5),
        # an early report gives way to a later report of the whole toll, smaller or larger
        ((4, "Initially a local radio said four people were killed."), (9, "Nine died."), 9),
        ((12, "At first a monitor reported 12 dead."), (10, "Medics counted ten dead."), 10),
        # two reports of the whole toll: ACLED's most conservative from partial_share on
        ((32, "Activists said 32 people were killed."), (16, "Medics said 16 died."), 16),
        # a figure far below the other's counts only some of the dead
        ((40, "Medics said 40 people were killed."), (2, "Sami and Ali were both killed."), 40),
        ((2, "Sami and Ali were both killed."), (40, "Medics said 40 people were killed."), 40),
        # an own floor told first stands over a later smaller count, even one told as an
        # update ("had risen to"): an earlier count below the floor
        (
            (14, "At least 14 villagers were killed when jets hit Tel Wardi."),
            (6, "A local radio station said six had died."),
            14,
        ),
        (
            (14, "At least 14 villagers were killed when jets hit Tel Wardi."),
            (9, "The radio later said the death toll had risen to nine."),
            14,
        ),
    ],
)
def test_which_telling_gives_the_incidents_toll(
    first: tuple[int, str], later: tuple[int, str], toll: int
) -> None:
    a = _event(STRIKE, fatalities=first[0], sentence=first[1])
    b = _event(STRIKE, fatalities=later[0], sentence=later[1])
    [event] = fold_incidents([a, b])
    assert event.fatalities == toll


def test_a_detail_counting_more_than_a_named_lead_gives_the_toll() -> None:
    lead = _event(STRIKE, fatalities=1, sentence="A jet killed the teacher Huda Salem in Ariha.")
    detail = _event(
        ATTACK, fatalities=4, sentence="Huda Salem was killed alongside her three children."
    )
    assert fold(lead, detail, detail=True).fatalities == 4
    # a detail never lowers the toll of the incident it refers to
    lead = _event(STRIKE, fatalities=6, sentence="A jet killed six farmers in Ariha.")
    detail = _event(ATTACK, fatalities=1, sentence="Adel Nour died in the raid.")
    assert fold(lead, detail, detail=True).fatalities == 6


def test_an_own_floor_told_first_stands_when_folded_as_a_detail_of_a_later_telling() -> None:
    lead = _event(
        ATTACK, fatalities=15, sentence="At least 15 members of the Nour family were killed."
    )
    later = _event(STRIKE, fatalities=7, sentence="Radio Sawt said seven bodies were recovered.")
    later.evidence = [dataclasses.replace(later.evidence[0], start=200, end=244)]
    assert fold(later, lead, detail=True).fatalities == 15


def test_a_partial_figure_stays_out_of_the_range() -> None:
    a = _event(STRIKE, fatalities=11, sentence="Eleven farmers were killed in the strike.")
    b = _event(STRIKE, fatalities=1, sentence="His daughter also died.")
    [event] = fold_incidents([a, b])
    assert (event.fatalities_low, event.fatalities_high) == (11, 11)


def test_a_lead_dated_only_by_its_report_is_the_incident_told_with_its_day() -> None:
    lead = _event(
        STRIKE,
        day="2021-05-08",
        location="Idleb",
        point=(35.93, 36.63),
        precision=3,
        fatalities=30,
        sentence="Strikes killed 30 people in Idlib province, a monitor said on Saturday.",
    )
    dated = _event(
        STRIKE,
        day="2021-05-07",
        sentence="The monitor said jets carried out 25 strikes on Ariha on Friday.",
    )
    weekend = dataclasses.replace(
        lead,
        evidence=[
            Evidence("d", "Strikes over the weekend killed 30, a monitor said on Monday.", 0, 9)
        ],
    )
    [event] = fold_incidents([lead, dated])
    assert (event.event_date, event.location, event.fatalities) == ("2021-05-07", "Ariha", 30)
    assert not same_incident(weekend, dated)  # "over the weekend" is a time of its own
    late = dataclasses.replace(lead, event_date="2021-05-14")
    assert not same_incident(late, dated)  # reported more than report_lag_days later


def test_an_article_whose_lead_gives_only_the_day_of_the_report_gives_one_event(
    coder: object,
) -> None:
    lead = (
        "Government air strikes killed at least 30 people in a rebel-held part of Hama "
        "province, a monitoring group said on Saturday."
    )
    detail = (
        "The monitor said the air force carried out 25 strikes on the town of Kafr Zita in "
        "Hama province on Friday and during the night."
    )
    article = Article(id="r", text=f"{lead}\n{detail}", published=date(2020, 3, 7))
    told = [(e.event_date, e.location, e.fatalities) for e in coder.code(article)]  # type: ignore[attr-defined]
    assert told == [("2020-03-06", "Kafr Zita", 30)]


def test_one_sentence_placed_only_by_its_context_is_one_incident() -> None:
    untold = "A fierce battle for the district broke out on Friday as rebels stormed a checkpoint."
    both = "Jets struck Ariha and Saraqib on Friday."
    lent = [
        _event(CLASH, location=name, point=point, sentence=untold)
        for name, point in (("Ariha", (35.81, 36.61)), ("Saraqib", (35.86, 36.8)))
    ]
    told = [
        _event(STRIKE, location=name, point=point, sentence=both)
        for name, point in (("Ariha", (35.81, 36.61)), ("Saraqib", (35.86, 36.8)))
    ]
    assert len(fold_incidents(lent)) == 1
    assert len(fold_incidents(told)) == 2  # each place the sentence names is an incident
