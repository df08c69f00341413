"""Tests for conflictcoder.resolve.tolls: the toll of one incident over its sentences.

Every sentence here is invented for the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictcoder.errors import OntologyError
from conflictcoder.resolve.counts import count_casualties, merge_casualties
from conflictcoder.resolve.tolls import (
    TOLLS,
    TollRules,
    combine_tolls,
    floor_told,
    fold_tolls,
    load_toll_rules,
)


def _counts(*sentences: str):
    return [count_casualties(s) for s in sentences]


def test_a_named_victim_after_the_lead_does_not_lower_the_toll() -> None:
    parts = _counts(
        "At least 11 members of the Haddad family were killed when a jet hit their home.",
        "Among them was Rami Haddad, a teacher.",
        "His brother Adel was also killed.",
        "Neighbours said two children were pulled alive from the rubble.",
    )
    c = combine_tolls(parts)
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (11, 11, 11)


def test_conflicting_reports_of_the_whole_toll_give_the_lowest() -> None:
    parts = _counts(
        "The shelling killed 12 people in the market, medics said.",
        "A local council put the toll at ten people killed.",
        "State television said 14 people were killed.",
    )
    c = combine_tolls(parts)
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (10, 10, 14)


def test_a_lead_of_one_named_victim_gives_way_to_a_larger_toll() -> None:
    parts = _counts(
        "Nurse Layla Omar was killed on Monday when the clinic was hit.",
        "Six people were killed in all, the ministry said.",
    )
    assert combine_tolls(parts).fatalities == 6


def test_a_number_outranks_an_estimate_and_estimates_stand_alone() -> None:
    assert (
        combine_tolls(_counts("Several people were killed.", "Four people died.")).fatalities == 4
    )
    assert combine_tolls(_counts("Several people were killed.")).fatalities == 3


def test_the_shares_are_data(tmp_path: Path) -> None:
    user = tmp_path / "tolls.yaml"
    user.write_text("report_share: 10\n", encoding="utf-8")
    rules = load_toll_rules(user_file=user)
    assert rules.report_share == 10
    parts = _counts("Twenty people were killed.", "Three people were killed, a doctor said.")
    assert combine_tolls(parts, rules).fatalities == 3
    assert combine_tolls(parts, TOLLS.packaged()).fatalities == 20


def test_relatives_and_named_victims_are_partial() -> None:
    assert count_casualties("His two sons were killed.").partial
    assert count_casualties("Their five children were killed.").partial
    assert count_casualties("A nurse, Huda, was killed.").partial
    assert not count_casualties("Twelve people were killed.").partial
    parts = _counts("Eight people were killed.", "Her three daughters were killed.")
    assert combine_tolls(parts).fatalities == 8


def test_a_bad_share_names_the_file(tmp_path: Path) -> None:
    user = tmp_path / "tolls.yaml"
    user.write_text("conflict_share: 300\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="tolls.yaml"):
        load_toll_rules(user_file=user)


def test_merge_casualties_follows_the_toll_rules() -> None:
    parts = _counts("Nine civilians were killed.", "A boy, Sami, was among them.")
    assert merge_casualties(parts).fatalities == 9


@pytest.mark.parametrize(
    ("first", "later", "expected"),
    [
        ((16, 16, 16), (1, 1, 1), (16, 16, 16)),
        ((16, 16, 16), (14, 14, 14), (14, 14, 16)),
        ((16, 16, 16), (3, None, None), (16, 16, 16)),
        ((3, None, None), (7, 7, 7), (7, 7, 7)),
        ((0, None, None), (5, 5, 8), (5, 5, 8)),
        ((0, None, None), (0, None, None), (0, None, None)),
        ((1, 1, 1), (9, 9, 9), (9, 9, 9)),
    ],
)
def test_fold_tolls(first, later, expected) -> None:
    assert fold_tolls(first, later, TollRules()) == expected


def test_kidnappings_and_arrests_carry_no_deaths_of_their_own() -> None:
    untolled = TOLLS.packaged().untolled_types
    assert {"Abduction/forced disappearance", "Arrests", "Peaceful protest"} <= untolled
    assert "Attack" not in untolled


def test_an_unknown_untolled_type_names_the_file(tmp_path: Path) -> None:
    user = tmp_path / "tolls.yaml"
    user.write_text("untolled_types: [Kidnapping]\n")
    with pytest.raises(OntologyError, match="unknown sub-event type 'Kidnapping'"):
        load_toll_rules(user_file=user)


@pytest.mark.parametrize(
    ("loss", "toll"),
    [
        # an armed side's own losses, told apart, add to the other side's toll
        ("The militia said the rebels lost 6 of their fighters in the assault.", 26),
        ("The army lost 4 soldiers near the bridge.", 24),
        # a family's losses are part of the toll, not the other side's
        ("The Haddad family lost 3 relatives in the strike.", 20),
    ],
)
def test_a_sides_own_losses_add_to_the_toll(loss: str, toll: int) -> None:
    parts = _counts(
        "Twenty militiamen were killed in the battle for the hill, a monitor said.", loss
    )
    assert merge_casualties(parts).fatalities == toll


def test_own_losses_told_alone_are_the_toll() -> None:
    alone = merge_casualties(_counts("The army lost 4 soldiers near the bridge."))
    assert (alone.fatalities, alone.breakdown) == (4, {"combatants": 4})


def test_victims_counted_by_kind_give_way_to_a_larger_whole_toll() -> None:
    parts = _counts(
        "Three nurses and two drivers killed as jets hit the clinic.",
        "The strikes on the clinic killed 8 people, the charity said.",
    )
    assert merge_casualties(parts).fatalities == 8
    # a list that names victims in general is a report of the whole toll: the conservative
    parts = _counts("Seven civilians and two guards were killed.", "Medics said 8 people died.")
    assert merge_casualties(parts).fatalities == 8
    assert merge_casualties(_counts("Three nurses and two drivers were killed.")).fatalities == 5


def test_a_floor_in_the_reports_own_voice_is_not_lowered_by_a_later_count() -> None:
    parts = _counts(
        "At least nine members of the Farhan family were killed when a jet hit their house.",
        "A local radio station said six bodies had been pulled from the ruins.",
    )
    c = merge_casualties(parts)
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (9, 9, 9)
    # a floor a source gives is one report among others: ACLED's most conservative
    parts = _counts(
        "The civil defence said at least nine people were killed in the raid on Tel Wardi.",
        "Medics at the clinic counted eight dead.",
    )
    assert merge_casualties(parts).fatalities == 8


def test_floor_told_needs_an_own_floor_of_the_figure() -> None:
    assert floor_told("At least seven farmers died when shells hit the orchard.", 7)
    assert floor_told("No fewer than twelve people were killed in the blast at the depot.", 12)
    # a participle right after the figure is no report verb
    assert floor_told("At least 14 identified civilians were killed in the strike.", 14)
    # a source named before or after the figure, no floor, another figure: none
    assert not floor_told("A monitor reported that at least seven farmers died.", 7)
    assert not floor_told("At least seven farmers died in the shelling, medics said.", 7)
    assert not floor_told("Seven farmers died when shells hit the orchard.", 7)
    assert not floor_told("At least seven farmers died when shells hit the orchard.", 6)


def test_a_headline_floor_before_a_wire_dateline_keeps_the_conservative_figure() -> None:
    c = count_casualties(
        "Jets kill at least 12 in two northern towns Reuters Monday 3 Mar 2014 "
        "Medics said 10 people were killed in air strikes on Kafr Sanam."
    )
    assert c.fatalities == 10


def test_victims_told_as_others_add_to_the_named_one_before_them() -> None:
    named = count_casualties("On Friday the journalist Omar Saleh was killed in Tel Wardi.")
    others = count_casualties("The jet killed 12 other members of the Saleh family.")
    c = merge_casualties([named, others])
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (13, 13, 13)
    # without "other" the figure is the whole toll, the named victim among them
    lead = count_casualties("Farmer Adel Nour died as shells fell on his orchard.")
    whole = count_casualties("Shelling on the orchards of Kafr Sanam killed 5 farmers.")
    assert merge_casualties([lead, whole]).fatalities == 5


def test_a_death_told_never_gives_way_to_a_report_of_no_casualties() -> None:
    named = count_casualties("A shell hit Tel Wardi and killed the baker Sami Nour.")
    spared = count_casualties("A neighbour said there were no casualties in the house next door.")
    assert merge_casualties([named, spared]).fatalities == 1
    assert merge_casualties([spared]).fatalities == 0
