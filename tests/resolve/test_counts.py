"""Tests for conflictcoder.resolve.counts: casualty figures with ACLED's number rules.

Every sentence here is invented for the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictcoder.errors import OntologyError
from conflictcoder.model import Casualties, Evidence
from conflictcoder.resolve.allocation import (
    Allocation,
    coded_fatalities,
    read_allocation,
    split_by_place,
)
from conflictcoder.resolve.counts import (
    NUMBERS_FILE,
    count_casualties,
    load_number_rules,
    merge_casualties,
    parse_number,
)
from conflictcoder.resolve.number_rules import NUMBERS

# ----------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("two", 2),
        ("Two", 2),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("16", 16),
        ("1,200", 1200),
        ("one hundred and twenty", 120),
        ("two thousand", 2000),
        ("3 hundred", 300),
        ("dozens", 12),
        ("a dozen", 12),
        ("tens", 10),
        ("hundreds", 100),
        ("at least 16", 16),
        ("several", None),
        ("many", None),
        ("3rd", None),
        ("1990s", None),
        ("1.5", None),
        ("", None),
        ("two soldiers", None),
    ],
)
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


# ----------------------------------------------------------------------------- the rules


def test_coordinated_victims_add_up_with_breakdown() -> None:
    c = count_casualties("Three boys and one woman were killed when a rocket hit the market.")
    assert c.fatalities == 3 + 1
    assert (c.fatalities_low, c.fatalities_high) == (4, 4)
    assert c.breakdown == {"children": 3, "women": 1}


@pytest.mark.parametrize(
    "sentence",
    [
        "Jets killed 4 people in Maarzaf, in a conflict which has killed 350,000 people.",
        "Jets killed 4 people in Maarzaf. The war has claimed more than 350,000 lives.",
        "Jets killed 4 people in Maarzaf; the WAR THAT HAS KILLED 350,000 goes on.",
    ],
)
def test_the_toll_of_a_whole_war_is_not_counted(sentence: str) -> None:
    counted = count_casualties(sentence)
    assert counted.fatalities == 4
    assert counted.evidence[0].sentence == sentence  # cited whole


@pytest.mark.parametrize(
    "sentence",
    [
        "More than 250,000 people have been killed and millions displaced.",
        "Some 12,000 detainees have died in the prison's cells.",
        # a period's toll (a day, a month, half a year) is no incident's either
        "Shells killed 31 residents of the valley and wounded 60 over the past 24 hours.",
        "This month alone 52 patients have died and 300 were hurt at the two clinics.",
        "The clinics recorded 18 dead in the first six months of the year.",
    ],
)
def test_a_toll_beyond_any_incident_gives_no_fatalities(sentence: str) -> None:
    assert count_casualties(sentence).fatalities is None


@pytest.mark.parametrize(
    ("sentence", "deaths", "injured"),
    [
        # the toll's own figure is no victim of the injury cue after it
        (
            "The death toll from mortar fire on the old quarter has risen to 9 and 40 injured.",
            9,
            40,
        ),
        ("The number of guards killed at the two depots near the river has risen to 17.", 17, None),
        ("The number of families displaced by the floods has risen to 800.", None, None),
        ("The death toll in the valley rose to 12 overnight.", 12, None),
        (
            "The number of guards killed in two days of raids (Monday and Tuesday) on the depots"
            " by the river south of the old market town has risen to 21, the ministry said.",
            21,
            None,
        ),
    ],
)
def test_a_death_toll_is_read_with_its_own_figure(
    sentence: str, deaths: int | None, injured: int | None
) -> None:
    c = count_casualties(sentence)
    assert (c.fatalities, c.injured) == (deaths, injured)


@pytest.mark.parametrize(
    ("sentence", "deaths"),
    [
        # a long campaign's toll in the present perfect is not the incident's
        ("Fighting flared in the hills, where the offensive has killed some 200 fighters.", None),
        ("Mortars hit the port, killing 6, in a siege that has so far claimed 90 lives.", 6),
        ("Four soldiers were killed in the battle for the ridge on Friday.", 4),
        # "cost the lives of", "eliminated" count deaths
        ("The rebels took the pass in fighting that cost the lives of 12 troops and 8 rebels.", 20),
        ("Troops eliminated more than 40 militants in the valley, a military source said.", 40),
        ("Officers said 15 gunmen had been eliminated near the dam.", 15),
        # a charge or a reputation gives no estimate; a number still counts
        ("Cluster munitions are criticised for maiming and killing civilians for years.", None),
        ("The gang, accused of killing 7 traders on the road, fled north.", 7),
        # a family named in quotes, an apposition after an aside ("all members of")
        ("Nine members of the ‘Saleh’ family were killed in the strike.", 9),
        ("Between 6 and 9 people – among them two boys – all members of the Haj family died.", 6),
        # a title before a name counts one victim, not an unnumbered toll
        ("Shelling hit the farms, killing the militia commander Abu Salem, locals said.", 1),
    ],
)
def test_which_deaths_a_sentence_counts(sentence: str, deaths: int | None) -> None:
    assert count_casualties(sentence).fatalities == deaths


def test_a_headline_glued_to_its_lead_by_a_wire_dateline_is_two_tellings() -> None:
    sentence = (
        "Shelling kills 14 villagers in the north Reuters Tuesday 4 Mar 2019 Twelve villagers"
        " were killed by shelling on the northern farms, local officials said."
    )
    c = count_casualties(sentence)
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (12, 12, 14)
    assert [e.sentence for e in c.evidence] == [sentence]  # cited whole
    # a date in running text is no dateline: the sentence counts as one
    assert count_casualties("On 4 March 2019 shells killed 3 farmers.").fatalities == 3


def test_a_coders_total_is_kept_whatever_its_size() -> None:
    assert count_casualties("Total fatalities coded to 6000.").fatalities == 6000


def test_family_of_five() -> None:
    c = count_casualties("A family of five was killed when a shell struck their house.")
    assert c.fatalities == 5


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Dozens of villagers were killed in the raid.", 12),
        ("Tens of fighters died in the assault.", 10),
        ("Hundreds of people were killed during the siege.", 100),
        ("The bombing killed dozens.", 12),
    ],
)
def test_vague_numbers_take_acled_values(sentence: str, value: int) -> None:
    assert count_casualties(sentence).fatalities == value


def test_at_least_is_the_number() -> None:
    c = count_casualties("At least 16 people were killed in the car bombing.")
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (16, 16, 16)


@pytest.mark.parametrize(
    "sentence",
    [
        "The explosion killed between 5 and 7 people.",
        "The explosion killed 5-7 people.",
        "Five to seven people were killed by the explosion.",
        "The explosion killed between 5-7 people.",
    ],
)
def test_range_keeps_the_low_end(sentence: str) -> None:
    c = count_casualties(sentence)
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (5, 5, 7)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Several people were killed in the raid.", 3),
        ("Gunmen opened fire, killing a number of shepherds.", 3),
        ("The airstrike killed civilians in the camp.", 3),
        ("Many fighters were killed in the clashes.", 10),
        ("The offensive caused heavy fatalities.", 10),
        ("The shelling resulted in fatalities.", 3),
    ],
)
def test_unnumbered_deaths(sentence: str, value: int) -> None:
    c = count_casualties(sentence)
    assert c.fatalities == value
    # an ACLED estimate, not a reported figure
    assert (c.fatalities_low, c.fatalities_high) == (None, None)


def test_combatant_and_civilian_breakdown() -> None:
    c = count_casualties(
        "The shelling killed 4 civilians while 9 soldiers and 2 militants died in the fighting."
    )
    assert c.fatalities == 15
    assert c.breakdown == {"civilians": 4, "combatants": 11}


def test_shared_head_noun_gives_the_breakdown() -> None:
    c = count_casualties("In the battle 8 army and 5 tribal fighters were killed.")
    assert c.fatalities == 13
    assert c.breakdown == {"combatants": 13}


def test_including_is_a_breakdown_not_more_deaths() -> None:
    c = count_casualties("40 civilians, including 9 children and 6 women, were killed.")
    assert c.fatalities == 40
    assert c.breakdown == {"civilians": 40, "children": 9, "women": 6}
    c = count_casualties("The strike killed 7 people, 4 of them children.")
    assert c.fatalities == 7
    assert c.breakdown == {"children": 4}


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Total fatalities coded to 21 with 9 fatalities coded to the first village.", 21),
        ("Unknown fatalities coded as 10.", 10),
        ("Fatalities coded to 4.", 4),
        ("Total fatalities 17 split between three locations.", 17),
    ],
)
def test_coded_total_wins(sentence: str, value: int) -> None:
    c = count_casualties(sentence)
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (value, value, value)


def test_coded_total_overrides_the_counted_figure() -> None:
    c = count_casualties("Clashes killed 8 rebels and 3 soldiers. Total fatalities coded to 6.")
    assert c.fatalities == 6


@pytest.mark.parametrize(
    ("sentence", "fatalities", "injured"),
    [
        ("Neither fatalities nor injuries were reported.", 0, 0),
        ("Neither injuries nor fatalities were reported.", 0, 0),
        ("No fatalities were reported.", 0, None),
        ("No one was hurt in the blast.", None, 0),
        ("The attack ended without casualties.", 0, 0),
        ("A shell wounded two farmers; no deaths were reported.", 0, 2),
    ],
)
def test_explicit_zero(sentence: str, fatalities: int | None, injured: int | None) -> None:
    c = count_casualties(sentence)
    assert (c.fatalities, c.injured) == (fatalities, injured)


@pytest.mark.parametrize(
    ("sentence", "breakdown"),
    [
        ("Masked men stormed the shop, killing a man.", {"men": 1}),
        ("A teenage girl was shot dead at the checkpoint.", {"children": 1}),
        ("A member of the local council was killed by a sniper.", {}),
        ("He was killed by a landmine.", {}),
        ("Gunmen stopped the car and shot him dead.", {}),
        ("Unknown assailants assassinated a prominent tribal elder.", {}),
        ("The body of a shepherd was found near the village.", {"civilians": 1}),
    ],
)
def test_one_victim(sentence: str, breakdown: dict[str, int]) -> None:
    c = count_casualties(sentence)
    assert c.fatalities == 1
    assert c.breakdown == breakdown


def test_killed_and_injured_kept_apart() -> None:
    c = count_casualties("The drone strike killed two people and injured five.")
    assert (c.fatalities, c.injured) == (2, 5)
    c = count_casualties("Shelling killed 1 civilian and wounded several others.")
    assert (c.fatalities, c.injured) == (1, 3)
    c = count_casualties("One policeman was killed and 3 were wounded.")
    assert (c.fatalities, c.injured) == (1, 3)


def test_a_later_clause_with_its_own_cue_is_not_in_the_list() -> None:
    c = count_casualties("The raid killed 2 guards, 3 more were wounded.")
    assert (c.fatalities, c.injured) == (2, 3)


def test_death_toll() -> None:
    assert count_casualties("The death toll rose to 12 on Thursday.").fatalities == 12
    c = count_casualties("Two more died, bringing the death toll to 9.")
    assert (c.fatalities, c.fatalities_high) == (2, 9)


def test_a_monitors_own_estimate_of_an_unnumbered_toll() -> None:
    c = count_casualties("With no figure given, the minimum toll was assessed as two.")
    assert (c.fatalities, c.fatalities_low) == (2, 2)
    assert count_casualties("The death toll was estimated at 30 by the clinic.").fatalities == 30


def test_no_names_of_victims_is_no_zero_toll() -> None:
    c = count_casualties("No names of the victims were given by the local radio.")
    assert c.fatalities is None
    assert count_casualties("No victims were found in the ruins.").fatalities == 0


def test_died_of_wounds_counts() -> None:
    c = count_casualties("Two soldiers later died of their wounds in hospital.")
    assert (c.fatalities, c.injured) == (2, None)
    assert count_casualties("A fighter succumbed to his injuries.").fatalities == 1


@pytest.mark.parametrize(
    ("sentence", "injured"),
    [
        ("Clashes injured 30 people.", 30),
        ("Four residents were wounded by shrapnel.", 4),
        ("Three guards were hurt in the explosion.", 3),
        ("Six people - all women and children - were injured in the attack.", 6),
        ("The blast injured dozens.", 12),
    ],
)
def test_injuries_never_count_as_deaths(sentence: str, injured: int) -> None:
    c = count_casualties(sentence)
    assert c.fatalities is None
    assert c.injured == injured


def test_heavy_losses_is_not_a_death_count() -> None:
    c = count_casualties("Regime forces sustained heavy losses and withdrew from the hill.")
    assert c == Casualties()


def test_casualties_alone_is_not_a_death_count() -> None:
    assert count_casualties("The strike caused several casualties.").fatalities is None


def test_killed_and_wounded_together_is_not_all_deaths() -> None:
    c = count_casualties("The bombing killed and wounded 20 people.")
    assert c.fatalities == 3
    assert (c.fatalities_low, c.fatalities_high) == (None, 20)


def test_attackers_are_not_victims() -> None:
    assert count_casualties("Two gunmen killed a farmer in his field.").fatalities == 1
    assert count_casualties("Seven civilians were killed by three gunmen.").fatalities == 7


def test_attempt_is_not_a_death() -> None:
    c = count_casualties("Gunmen tried to assassinate a judge, seriously injuring him.")
    assert (c.fatalities, c.injured) == (None, 1)


# ----------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    ("sentence", "fatalities"),
    [
        ("In the 1990s the town changed hands twice.", None),
        ("The council demanded respect for Resolution 2254.", None),
        ("Resolution 2254 was ignored as shelling killed 6 people.", 6),
        ("The shell landed 5 km from the camp, killing 2 shepherds.", 2),
        ("On 2 November, mortar fire killed 4 people.", 4),
        ("On November 2, mortar fire killed 4 people.", 4),
        ("The 3rd brigade said 2 of its soldiers were killed.", 2),
        ("A 12-year-old boy was killed by a stray bullet.", 1),
        ("Two men, aged 25 and 30, were killed at the checkpoint.", 2),
        ("On 2/11/2019 an airstrike killed 3.", 3),
        ("Clashes lasted 3 days and killed 5 fighters.", 5),
        ("The strike hit the 91 Brigade headquarters.", None),
        ("The army advanced 10 kilometres.", None),
    ],
)
def test_numbers_that_are_not_counts(sentence: str, fatalities: int | None) -> None:
    assert count_casualties(sentence).fatalities == fatalities


def test_sentence_without_casualties_is_empty() -> None:
    c = count_casualties("Regime forces captured the village after clashes with the rebels.")
    assert c == Casualties()
    assert c.evidence == ()


def test_evidence_offsets() -> None:
    sentence = "Three people were killed."
    c = count_casualties(sentence, doc_id="doc-1", offset=120)
    assert c.evidence == (Evidence("doc-1", sentence, 120, 120 + len(sentence)),)


# ----------------------------------------------------------------------------- merging


def test_merge_takes_the_conservative_figure_and_the_range() -> None:
    a = count_casualties("Officials said five people were killed.", doc_id="d", offset=0)
    b = count_casualties("Activists said seven people were killed.", doc_id="d", offset=50)
    c = count_casualties("Nine others were injured.", doc_id="d", offset=100)
    m = merge_casualties([a, b, c])
    assert (m.fatalities, m.fatalities_low, m.fatalities_high, m.injured) == (5, 5, 7, 9)
    assert [e.start for e in m.evidence] == [0, 50, 100]


def test_merge_prefers_a_reported_number_over_an_estimate() -> None:
    a = count_casualties("Many civilians were killed.")
    b = count_casualties("The strike killed 4 civilians.")
    m = merge_casualties([a, b])
    assert (m.fatalities, m.fatalities_low, m.fatalities_high) == (4, 4, 4)
    assert m.breakdown == {"civilians": 4}


def test_merge_breakdown_and_injuries() -> None:
    a = count_casualties("Two children and a woman were killed.")
    b = count_casualties("Three people died; four others were injured.")
    c = count_casualties("Five people were hurt.")
    m = merge_casualties([a, b, c])
    assert m.fatalities == 3
    assert m.breakdown == {"children": 2, "women": 1}
    assert m.injured == 4


def test_merge_of_nothing() -> None:
    assert merge_casualties([]) == Casualties()
    assert merge_casualties([Casualties(), Casualties()]) == Casualties()


def test_a_killing_before_the_event_is_not_its_toll() -> None:
    c = count_casualties("Police detained two men following the killing of a guard last week.")
    assert c.fatalities is None
    assert count_casualties("The raid ended in the killing of a guard.").fatalities == 1
    assert count_casualties("Gunmen fled after killing a guard.").fatalities == 1


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Total fatalities coded to 12 to account for the attackers.", 12),
        ("Unknown fatalities coded as 10.", 10),
        ("Two fighters died.", None),
        ("Clashes took place near the town.", None),
    ],
)
def test_coded_fatalities(sentence: str, value: int | None) -> None:
    assert coded_fatalities(sentence) == value


# ----------------------------------------------------------------------------- allocations


@pytest.mark.parametrize(
    ("sentence", "places"),
    [
        (
            "Total fatalities 9 split between 3 locations as follows: 4 Kafr Ruma, 3 Tell "
            "Hamra and 2 Deir al-Sharqi.",
            (("Kafr Ruma", 4), ("Tell Hamra", 3), ("Deir al-Sharqi", 2)),
        ),
        (
            "Fatalities split as follows: 5 Kafr Ruma 4 the Tell Hamra area 1 Ras al Nabaa.",
            (("Kafr Ruma", 5), ("Tell Hamra area", 4), ("Ras al Nabaa", 1)),
        ),
        (
            "Total fatalities coded to 11 and split between the two events with 6 coded to "
            "Kafr Ruma, and 5 to Tell Hamra.",
            (("Kafr Ruma", 6), ("Tell Hamra", 5)),
        ),
        (
            "The remaining 8 fatalities are distributed as follows: 2 to fighting in the towns "
            "of Kafr Ruma, Tell Hamra, and in the Deir Sunbul area.",
            (("Kafr Ruma", 2), ("Tell Hamra", 2), ("Deir Sunbul area", 2)),
        ),
        (
            "18 fatalities coded to fighting in Kafr Ruma and in the Tell Hamra area.",
            (("Kafr Ruma", 18), ("Tell Hamra area", 18)),
        ),
        ("Total fatalities in the Kafr Ruma area coded to 6.", (("Kafr Ruma area", 6),)),
    ],
)
def test_allocation_to_named_places(sentence: str, places: tuple[tuple[str, int], ...]) -> None:
    found = read_allocation(sentence)
    assert found is not None and found.places == places


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Total fatalities 15 split, 5 each, between the three locations.", Allocation(each=5)),
        (
            "Two deaths were split, with one death coded to each.",
            Allocation(each=1),
        ),
        (
            "Fatalities coded to 10 and split evenly between both locations.",
            Allocation(shares=2, total=10),
        ),
        ("Fatalities split among the 3 villages.", Allocation(shares=3)),
        ("Total fatalities coded to 19 at that location.", Allocation(here=19)),
        ("Total fatalities coded to that location are 8.", Allocation(here=8)),
    ],
)
def test_allocation_to_every_event_or_the_place_just_named(
    sentence: str, expected: Allocation
) -> None:
    assert read_allocation(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Clashes killed 4 fighters in Kafr Ruma and 3 in Tell Hamra.",
        "Total fatalities split as follows: 12 Syrian soldiers and 3 rebels.",
        "The toll was split between 4 Syrian soldiers and 2 Turkish soldiers.",
        "Total fatalities coded to 34.",
    ],
)
def test_no_allocation(sentence: str) -> None:
    assert read_allocation(sentence) is None


def test_user_file_adds_allocation_cues(tmp_path: Path) -> None:
    user = _write(tmp_path, "user.yaml", "allocation:\n  cues: [shared out]\n")
    rules = load_number_rules(user_file=user)
    sentence = "Deaths were shared out: 2 Kafr Ruma and 1 Tell Hamra."
    assert read_allocation(sentence) is None
    found = read_allocation(sentence, rules=rules)
    assert found is not None and found.places == (("Kafr Ruma", 2), ("Tell Hamra", 1))


# ----------------------------------------------------------------------------- the data file


def test_packaged_rules_load() -> None:
    rules = NUMBERS.packaged()
    assert rules.vague_numbers[("dozens",)] == 12
    assert rules.limited == 3 and rules.significant == 10
    assert rules.victims["soldiers"] == "combatants"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_extends_the_vocabulary(tmp_path: Path) -> None:
    user = _write(tmp_path, "user.yaml", "victims:\n  civilians: [herder, herders]\n")
    rules = load_number_rules(user_file=user)
    c = count_casualties("Three herders were killed by a landmine.", rules=rules)
    assert c.breakdown == {"civilians": 3}
    assert count_casualties("Three herders were killed.").breakdown == {}


def test_missing_section_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "numbers.yaml", "number_words:\n  one: 1\n")
    with pytest.raises(OntologyError) as err:
        load_number_rules(path)
    assert str(err.value) == f"{path}:1: missing section 'scale_words'"


def test_bad_word_names_file_and_line(tmp_path: Path) -> None:
    text = NUMBERS_FILE.read_text(encoding="utf-8").replace(
        'np_breaks: [in, "on", at,', "np_breaks: [in, 3, at,"
    )
    path = _write(tmp_path, "numbers.yaml", text)
    line = next(no for no, row in enumerate(text.splitlines(), 1) if row.startswith("np_breaks:"))
    with pytest.raises(OntologyError) as err:
        load_number_rules(path)
    assert str(err.value) == (f"{path}:{line}: 'np_breaks': expected a word or phrase, got 3")


def test_unknown_breakdown_key_in_user_file(tmp_path: Path) -> None:
    user = _write(tmp_path, "user.yaml", "# extra\nvictims:\n  elders: [elder]\n")
    with pytest.raises(OntologyError) as err:
        load_number_rules(user_file=user)
    assert str(err.value) == (
        f"{user}:3: 'victims': unknown breakdown key 'elders'; "
        "use one of children, women, men, civilians, combatants"
    )


def test_bad_value_in_user_file(tmp_path: Path) -> None:
    user = _write(tmp_path, "user.yaml", "vague_numbers:\n  a gross: lots\n")
    with pytest.raises(OntologyError) as err:
        load_number_rules(user_file=user)
    assert str(err.value) == (
        f"{user}:2: 'vague_numbers' entry 'a gross': expected a whole number >= 0, got 'lots'"
    )


def test_unknown_key_in_user_file(tmp_path: Path) -> None:
    user = _write(tmp_path, "user.yaml", "victim_words: [herder]\n")
    with pytest.raises(OntologyError) as err:
        load_number_rules(user_file=user)
    assert str(err.value).startswith(f"{user}:1: unknown key 'victim_words'; known keys: ")


@pytest.mark.parametrize(
    ("sentence", "fatalities"),
    [
        # a person named by a title: one victim
        ("A drone strike killed Zarzour deputy leader Abu Hadi on Monday.", 1),
        ("The raid killed the group's senior commander.", 1),
        # a plural after a demonym or a name: an unnumbered toll (ACLED's 3)
        ("Jets killed Syrian civilians in Maarzaf.", 3),
        ("The strike killed Kurdish fighters near the town.", 3),
        # a name alone is no count
        ("Jets struck Maarzaf, killing Zarzour Hadi.", None),
    ],
)
def test_victims_named_by_a_title_or_a_demonym(sentence: str, fatalities: int | None) -> None:
    assert count_casualties(sentence).fatalities == fatalities


# ----------------------------------------------------------------------------- long narratives


@pytest.mark.parametrize(
    ("sentence", "fatalities"),
    [
        ("A 12 year-old boy was killed in the strike.", 1),
        ("The strike killed a 40 year old teacher, Sami Haddad.", 1),
        (
            "Nine civilians belonging to the Haddad family, including a mother and her four sons, "
            "were killed.",
            9,
        ),
        ("Eleven civilians across two generations of one family were killed on Monday.", 11),
        ("At least 23 civilians from at least four families were killed in the raid.", 23),
        ("Four men working in the water department were killed.", 4),
        ("Seven people, including two children, all from the Nasser family, were killed.", 7),
        ("Five civilians, including two girls, from two neighbouring families, were killed.", 5),
        ("An unknown number of people were killed.", 3),
        ("Eight members of the Haddad family and six members of the Saleh family were killed.", 14),
    ],
)
def test_victims_with_modifiers_ages_and_asides(sentence: str, fatalities: int) -> None:
    assert count_casualties(sentence).fatalities == fatalities


def test_at_least_and_up_to_is_a_range() -> None:
    c = count_casualties("At least 12 and up to 20 civilians were killed.")
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (12, 12, 20)
    c = count_casualties("The strike killed at least 6 and up to 9 people.")
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (6, 6, 9)


# ----------------------------------------------------------------------------- breakdowns


@pytest.mark.parametrize(
    ("sentence", "fatalities", "high"),
    [
        # a breakdown that no comma closes before the cue
        (
            "Between four and six members of the Haddad family, including at least two "
            "children and at least one man were killed.",
            4,
            6,
        ),
        # a breakdown with its own aside, going on after it
        (
            "Ten members of the Haddad family, including at least three women, one of whom "
            "was elderly, and at least two children and one man were killed.",
            10,
            10,
        ),
        # a relative clause on the breakdown
        (
            "Between 6 and 7 members of the Haddad family, including at least two women and "
            "three children of whom one was a baby, were killed.",
            6,
            7,
        ),
        # a parenthesis inside the post-modifier still belongs to it
        ("Seven members of the Haddad (al-Haddad) family were killed.", 7, 7),
    ],
)
def test_a_breakdown_between_victims_and_their_cue_is_no_more_victims(
    sentence: str, fatalities: int, high: int
) -> None:
    c = count_casualties(sentence)
    assert (c.fatalities, c.fatalities_high) == (fatalities, high)


# ----------------------------------------------------------------------------- named victims


@pytest.mark.parametrize(
    ("sentence", "fatalities"),
    [
        # a person named in full, told as a person: one victim
        ("Yusuf Ahmad Darwish (52) was killed in a drone strike on his car.", 1),
        ("A drone strike killed Samir Abdul Karim, a 30 year old nurse.", 1),
        ("On Monday an air strike killed journalist Rami Nasser, who worked for a radio.", 1),
        ("The poet Karim (Kareem) Nabil Haddad (Abu Nabil) was killed by shelling.", 1),
        ("Yusuf Ahmad Darwish (52) and his two sons were killed.", 3),
        # an apposition describes the one victim before it
        ("At least one civilian, a woman, was killed and two others were injured.", 1),
        ("A soldier, a civilian and a child were killed.", 3),
        # people named beside a toll are among its dead
        (
            "At least 9 people, including two women, were killed in the house.40-year old "
            "Rana Haddad was killed with her two sons.",
            9,
        ),
        # a bare name may be a place's; a family's name is no person
        ("Jets struck Maarzaf, killing Zarzour Hadi.", None),
        ("Jets struck the home of the Zarzour Hadi family.", None),
    ],
)
def test_a_person_named_in_full_is_one_victim(sentence: str, fatalities: int | None) -> None:
    assert count_casualties(sentence).fatalities == fatalities


def test_an_early_report_never_lowers_the_whole_toll() -> None:
    lead = count_casualties("Up to 15 members of the Haddad family were killed in the strike.")
    early = count_casualties("Initially a local outlet reported about 12 people killed.")
    assert early.partial
    for parts in ([lead, early], [early, lead]):
        assert merge_casualties(parts).fatalities == 15
    # without the early-report word the two are conflicting reports: the most conservative
    other = count_casualties("A local outlet reported about 12 people killed.")
    assert merge_casualties([lead, other]).fatalities == 12


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("At least 40, and up to 90, people from the village were killed.", (40, 40, 90)),
        ("The strike killed at least 6 and up to 9 people.", (6, 6, 9)),
        # no comma closes the upper end: two figures, not a range
        ("Shelling killed 5, and up to 9 were injured.", (5, 5, 5)),
    ],
)
def test_a_range_set_off_by_commas(sentence: str, figures: tuple[int, int, int]) -> None:
    c = count_casualties(sentence)
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == figures


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        (
            "While most outlets said that 14 members of the Haddad family were killed, later "
            "estimates from relatives put the toll at 19.",
            (19, 14, 19),
        ),
        ("Four civilians were killed and the death toll later rose to 7.", (7, 4, 7)),
        # a toll that is not told as an update is the high end only
        ("Two people were killed, a hospital said, putting the toll at 5.", (2, 2, 5)),
    ],
)
def test_a_later_toll_in_the_same_sentence_is_its_figure(
    sentence: str, figures: tuple[int, int, int]
) -> None:
    c = count_casualties(sentence)
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == figures


def test_a_possessive_covers_the_whole_list_it_opens() -> None:
    lead = count_casualties("Seven members of the Haddad family were killed in the strike.")
    kin = count_casualties("Sources said his wife and five children were all killed.")
    assert kin.partial
    assert merge_casualties([lead, kin]).fatalities == 7
    assert not count_casualties("The commander and five fighters were killed.").partial


@pytest.mark.parametrize(
    ("sentence", "fatalities"),
    [
        # a dash ends the post-modifier: what follows breaks the victims down
        (
            "The strike killed the four young children of Yasser Haddad – two sons and two "
            "daughters – and injured two others.",
            4,
        ),
        # a parenthesis inside the post-modifier does not end it
        ("Seven members of the Haddad (al-Haddad) family and two neighbours were killed.", 9),
        ("Eight members of the A family and 6 members of the B family were killed.", 14),
    ],
)
def test_a_dash_after_a_post_modifier_opens_a_breakdown(sentence: str, fatalities: int) -> None:
    assert count_casualties(sentence).fatalities == fatalities


@pytest.mark.parametrize(
    ("names", "shares"),
    [
        (["Kafr Ruma"], (8,)),
        (["Tell Hamra", "Kafr Ruma"], (3, 8)),
        (["Binnish"], None),  # a place the split does not name
    ],
)
def test_a_news_sentence_splits_its_toll_by_place(
    names: list[str], shares: tuple[int, ...] | None
) -> None:
    sentence = (
        "Medics said 11 farmers died in the raids, 8 in the eastern fields of Kafr Ruma"
        " and another three in Tell Hamra."
    )
    assert split_by_place(sentence, names, 11) == shares
    assert split_by_place(sentence, names, 12) is None  # the figures must add up to the toll
    assert split_by_place("Eleven died in Kafr Ruma and Tell Hamra.", names, 11) is None


def test_a_list_of_the_victims_opened_by_a_dash_runs_to_the_verb() -> None:
    c = count_casualties(
        "On Monday at least three people – 40 year old teacher Omar Saleh, his uncle, 60 year"
        " old Adel Nour, and his grandson, two year old Sami Nour, were killed by a strike."
    )
    assert (c.fatalities, c.partial) == (3, False)
    # a dash that a second dash closes is an aside as before
    c = count_casualties("Two men – a farmer and his son – died in the shelling of Kafr Sanam.")
    assert c.fatalities == 2


def test_a_named_victim_and_the_companions_joined_after_the_cue() -> None:
    c = count_casualties("Huda Salem was killed alongside her four children.")
    assert (c.fatalities, c.partial, c.breakdown) == (5, True, {"children": 4})
    assert count_casualties("Adel Nour was killed along with 9 others.").fatalities == 10
    # people named beside a toll of their own are among its dead
    c = count_casualties("Eleven civilians were killed, among them Adel Nour who was killed.")
    assert c.fatalities == 11


def test_the_dead_other_than_the_civilians_named_among_them_are_combatants() -> None:
    c = count_casualties("A jet hit the farm, killing six people, five of them civilians.")
    assert (c.fatalities, c.breakdown) == (6, {"civilians": 5, "combatants": 1})
    c = count_casualties("Twelve people were killed at the depot, including eight civilians.")
    assert c.breakdown == {"civilians": 8, "combatants": 4}
    # a kind of civilian ("a nurse") or other parts named beside them say nothing of the rest
    c = count_casualties("Nine people were killed, including a nurse and two children.")
    assert "combatants" not in c.breakdown


def test_a_relative_clause_on_the_victims_before_their_breakdown() -> None:
    c = count_casualties(
        "At least 22 members of the Nour family that had fled from Tel Wardi, including four"
        " women, were killed in a strike."
    )
    assert (c.fatalities, c.breakdown) == (22, {"women": 4})
    # set off by a comma, it is an aside, read as before
    c = count_casualties("Two farmers, who had fled from Tel Wardi, were killed by a drone.")
    assert c.fatalities == 2
