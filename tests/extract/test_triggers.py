"""Tests for conflictcoder/extract/triggers.py: the trigger lexicon and the tagger."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from spacy.language import Language

from conflictcoder.errors import OntologyError
from conflictcoder.extract import triggers as triggers_module
from conflictcoder.extract.triggers import TriggerRule, TriggerTagger, load_trigger_rules
from conflictcoder.ontology import acled_types


@pytest.fixture(scope="module")
def tagger(nlp: Language) -> TriggerTagger:
    return TriggerTagger(nlp)


def _write(tmp_path: Path, text: str, name: str = "my_triggers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _hits(tagger: TriggerTagger, nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(hit.span.text, hit.rule.label) for hit in tagger(nlp(text))]


# ------------------------------------------------------------------ the packaged lexicon


def test_every_acled_sub_event_type_has_a_trigger() -> None:
    labels = {rule.label for rule in load_trigger_rules()}
    types = acled_types()
    assert len(types) == 25
    assert sorted(set(types) - labels) == []


def test_packaged_rules_have_unique_ids_and_valid_fields() -> None:
    rules = load_trigger_rules()
    assert len({r.id for r in rules}) == len(rules)
    assert all(0 <= r.priority <= 100 for r in rules)
    assert all(req in acled_types() for r in rules for req in r.requires)


def test_rules_carry_their_weapon_and_flags() -> None:
    by_id = {r.id: r for r in load_trigger_rules()}
    assert by_id["barrel_bomb"].weapon == "barrel bomb"
    assert by_id["kill"].generic is True
    assert by_id["capture"].territory is True
    assert by_id["tear_gas"].requires == ("Peaceful protest",)


# ------------------------------------------------------------------ invalid user files


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            "- {id: jets, label: Air strike, pattern: jet raid}\n",
            "1: unknown sub_event_type 'Air strike' in trigger 'jets'",
        ),
        ("- {id: jets, label: Air/drone strike, priority: 90}\n", "1: trigger without 'pattern'"),
        ("- {label: Air/drone strike, pattern: jet raid}\n", "1: trigger without 'id'"),
        ("- {id: jets, pattern: jet raid}\n", "1: trigger without 'label'"),
        (
            "- {id: jets, label: Air/drone strike, pattern: jet raid, priority: 120}\n",
            "1: priority of 'jets' must be an integer 0-100",
        ),
        (
            "- {id: jets, label: Air/drone strike, pattern: jet raid, priority: high}\n",
            "1: priority of 'jets' must be an integer 0-100",
        ),
        (
            "- {id: jets, label: Air/drone strike, pattern: jet raid, priority: -1}\n",
            "1: priority of 'jets' must be an integer 0-100",
        ),
        (
            "- {id: jets, label: Air/drone strike, pattern: jet raid, colour: red}\n",
            "1: unknown key(s) colour in trigger",
        ),
        (
            "- {id: gas, label: Protest with intervention, pattern: pepper spray,"
            " requires: [Protest]}\n",
            "1: unknown sub_event_type 'Protest' in requires",
        ),
        (
            "- {id: jets, label: Air/drone strike, pattern: [jet, raid]}\n",
            "1: token pattern of 'jets' must be a list of mappings",
        ),
        (
            "- {id: jets, label: Air/drone strike, pattern: '   '}\n",
            "1: pattern of 'jets' must be a phrase or a token list",
        ),
        (
            "- {id: jets, label: Air/drone strike, pattern: 12}\n",
            "1: pattern of 'jets' must be a phrase or a token list",
        ),
        (
            "id: jets\nlabel: Air/drone strike\npattern: jet raid\n",
            " a trigger file must be a YAML list of entries",
        ),
        ("- jet raid\n", " each trigger must be a mapping with id, label and pattern"),
    ],
)
def test_invalid_user_entry_raises_with_file_and_line(
    tmp_path: Path, body: str, problem: str
) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(OntologyError) as info:
        load_trigger_rules(path)
    assert str(info.value) == f"{path}:{problem}"
    assert info.value.path == str(path)


def test_error_line_points_at_the_bad_entry(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "# my extra triggers\n"
        "- {id: knife_attack, label: Attack, pattern: knife attack}\n"
        "\n"
        "- {id: drone_raid, label: Drone strike, pattern: drone raid}\n",
    )
    with pytest.raises(OntologyError) as info:
        load_trigger_rules(path)
    assert info.value.line == 4
    assert info.value.key == "drone_raid"
    assert str(info.value) == (
        f"{path}:4: unknown sub_event_type 'Drone strike' in trigger 'drone_raid'"
    )


def test_unparsable_user_file_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "- {id: jets, label: Air/drone strike\n")
    with pytest.raises(OntologyError) as info:
        load_trigger_rules(path)
    assert str(info.value).startswith(f"{path}:")
    assert "invalid YAML" in str(info.value)


def test_missing_user_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(OntologyError) as info:
        load_trigger_rules(path)
    assert str(info.value) == f"{path}: file not found"


def test_boolean_priority_is_rejected(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "- {id: jets, label: Air/drone strike, pattern: jet raid, priority: true}\n"
    )
    with pytest.raises(OntologyError, match="priority of 'jets' must be an integer 0-100"):
        load_trigger_rules(path)


def test_bad_token_pattern_in_user_file_names_that_file(nlp: Language, tmp_path: Path) -> None:
    path = _write(tmp_path, "- {id: odd, label: Attack, pattern: [{COLOUR: red}]}\n")
    with pytest.raises(OntologyError) as info:
        TriggerTagger(nlp, user_file=path)
    assert info.value.path == str(path)
    assert info.value.line == 1


# ------------------------------------------------------------------ merging a user file


def test_user_entry_with_the_same_id_replaces_the_packaged_one(tmp_path: Path) -> None:
    packaged = load_trigger_rules()
    path = _write(
        tmp_path,
        "- {id: mortar, label: Shelling/artillery/missile attack, pattern: mortar round,"
        " priority: 86, weapon: heavy mortar}\n",
    )
    merged = load_trigger_rules(path)
    assert len(merged) == len(packaged)
    rule = next(r for r in merged if r.id == "mortar")
    assert (rule.pattern, rule.priority, rule.weapon) == ("mortar round", 86, "heavy mortar")


def test_user_entry_with_a_new_id_is_added_and_tagged(nlp: Language, tmp_path: Path) -> None:
    path = _write(
        tmp_path, "- {id: knife_attack, label: Attack, pattern: knife attack, priority: 61}\n"
    )
    assert len(load_trigger_rules(path)) == len(load_trigger_rules()) + 1
    tagger = TriggerTagger(nlp, user_file=path)
    hits = tagger(nlp("Two knife attacks wounded three shoppers in Hebron."))
    assert [(h.rule.id, h.span.text) for h in hits][0] == ("knife_attack", "knife attacks")


def test_empty_user_file_adds_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = _write(tmp_path, "# nothing yet\n")
    with caplog.at_level(logging.WARNING, logger="conflictcoder"):
        assert len(load_trigger_rules(path)) == len(load_trigger_rules())
    assert caplog.records == []


def test_empty_lexicon_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(triggers_module, "TRIGGERS_FILE", _write(tmp_path, "[]\n", "empty.yaml"))
    with caplog.at_level(logging.WARNING, logger="conflictcoder"):
        assert load_trigger_rules() == []
    assert [r.getMessage() for r in caplog.records] == [
        "the trigger lexicon is empty: no event will be found"
    ]


# ------------------------------------------------------------------ matching


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Air strikes hit the market in Ariha.", [("Air strikes", "Air/drone strike")]),
        ("AIR RAIDS pounded the old town overnight.", [("AIR RAIDS", "Air/drone strike")]),
        ("Two IEDs exploded near a checkpoint.", [("IEDs", "Remote explosive/landmine/IED")]),
        ("Militants planted an IED on the road.", [("IED", "Remote explosive/landmine/IED")]),
        ("A roadside bomb struck a patrol.", [("roadside bomb", "Remote explosive/landmine/IED")]),
        ("The army shelled the village.", [("shelled", "Shelling/artillery/missile attack")]),
        ("Gunmen abducted a teacher.", [("abducted", "Abduction/forced disappearance")]),
        # the munition told with the aircraft it came from is an air strike
        (
            "The rockets fired from an army helicopter hit a bakery.",
            [("rockets fired from an army helicopter", "Air/drone strike")],
        ),
        # the strikes of an air force
        (
            "The air force conducted 30 strikes on the valley.",
            [("air force conducted 30 strikes", "Air/drone strike")],
        ),
    ],
)
def test_phrases_match_inflections_and_any_case(
    tagger: TriggerTagger, nlp: Language, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _hits(tagger, nlp, text) == expected


def test_no_trigger_no_hit(tagger: TriggerTagger, nlp: Language) -> None:
    assert _hits(tagger, nlp, "Residents returned to their homes after the holiday.") == []
    # a child pulled from the rubble is no move of forces; troops that pull out are
    assert _hits(tagger, nlp, "Neighbours pulled a boy from the rubble.") == []
    assert _hits(tagger, nlp, "The battalion pulled out at dawn.") == [
        ("pulled out", "Change to group/activity")
    ]


def test_hits_come_in_text_order(tagger: TriggerTagger, nlp: Language) -> None:
    hits = tagger(nlp("A drone strike hit a car and a landmine exploded near the road."))
    assert [h.span.text for h in hits] == ["drone strike", "landmine"]
    assert [h.span.start for h in hits] == sorted(h.span.start for h in hits)


def test_overlapping_hits_keep_the_higher_priority(tagger: TriggerTagger, nlp: Language) -> None:
    # "suicide car bomb" (96) and "car bomb" (89) overlap: only the suicide bomb remains
    hits = tagger(nlp("A suicide car bomb exploded at the gate of the base."))
    assert [(h.rule.id, h.span.text) for h in hits] == [("suicide_car_bomb", "suicide car bomb")]


# rule sets without token patterns leave spaCy's Matcher empty, which warns (W036) per call
@pytest.mark.filterwarnings("ignore:.*W036")
def test_priority_beats_length_when_hits_overlap(nlp: Language) -> None:
    rules = [
        TriggerRule("car_bomb", "Remote explosive/landmine/IED", "car bomb", priority=99),
        TriggerRule("suicide_car_bomb", "Suicide bomb", "suicide car bomb", priority=50),
    ]
    hits = TriggerTagger(nlp, rules=rules)(nlp("A suicide car bomb exploded at the gate."))
    assert [(h.rule.id, h.span.text) for h in hits] == [("car_bomb", "car bomb")]


@pytest.mark.filterwarnings("ignore:.*W036")
def test_longer_span_wins_at_equal_priority(nlp: Language) -> None:
    rules = [
        TriggerRule("car_bomb", "Remote explosive/landmine/IED", "car bomb", priority=80),
        TriggerRule("suicide_car_bomb", "Suicide bomb", "suicide car bomb", priority=80),
    ]
    hits = TriggerTagger(nlp, rules=rules)(nlp("A suicide car bomb exploded at the gate."))
    assert [h.rule.id for h in hits] == ["suicide_car_bomb"]


def test_token_patterns_match(tagger: TriggerTagger, nlp: Language) -> None:
    hits = tagger(nlp("A man blew himself up outside the police station."))
    assert [(h.rule.id, h.span.text, h.rule.label) for h in hits] == [
        ("blew_himself_up", "blew himself up", "Suicide bomb")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Jets struck a fuel depot outside the port town on Monday.",
        "HOMS, 2 May 2019 - Warplanes struck the market of a small town, wounding six.",
        "Opening the report: Helicopters dropped barrel bombs on two farms.",
    ],
)
def test_an_aircraft_word_opening_a_sentence_still_makes_an_air_strike(
    tagger: TriggerTagger, nlp: Language, text: str
) -> None:
    # capitalised at the start, the tagger may read the aircraft word as a proper noun
    labels = [h.rule.label for h in tagger(nlp(text))]
    assert labels and labels[0] == "Air/drone strike"


def test_required_type_in_the_same_sentence_lets_a_refining_rule_fire(
    tagger: TriggerTagger, nlp: Language
) -> None:
    hits = _hits(tagger, nlp, "Police fired tear gas at protesters in the main square.")
    assert hits == [("tear gas", "Protest with intervention"), ("protesters", "Peaceful protest")]


def test_refining_rule_is_silent_without_its_required_type(
    tagger: TriggerTagger, nlp: Language
) -> None:
    assert _hits(tagger, nlp, "Police fired tear gas at the crowd.") == []
    # "arrested" is an arrest when no protest is reported in the sentence
    assert _hits(tagger, nlp, "Security forces arrested five men in Deraa.") == [
        ("arrested", "Arrests")
    ]


def test_required_type_must_be_in_the_same_sentence(tagger: TriggerTagger, nlp: Language) -> None:
    doc = nlp("Hundreds of students protested outside the ministry. Police later fired tear gas.")
    labels = [h.rule.label for h in tagger(doc)]
    assert labels == ["Peaceful protest"]


def test_arrests_during_a_protest_are_an_intervention(tagger: TriggerTagger, nlp: Language) -> None:
    hits = _hits(tagger, nlp, "Security forces arrested five protesters in Deraa.")
    assert hits[0] == ("arrested", "Protest with intervention")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Soldiers targeted the camp with rocket-propelled grenades.",
            ("rocket-propelled grenades", "Shelling/artillery/missile attack"),
        ),
        ("Rebels fired an RPG at the checkpoint.", ("RPG", "Shelling/artillery/missile attack")),
        ("A VBIED exploded near the market.", ("VBIED", "Remote explosive/landmine/IED")),
        ("An SVBIED hit the gate.", ("SVBIED", "Suicide bomb")),
        (
            "Regime warplanes carried out a strike on the camp.",
            ("warplanes carried out a strike", "Air/drone strike"),
        ),
    ],
)
def test_weapon_triggers_acled_codes_by_weapon(
    tagger: TriggerTagger, nlp: Language, text: str, expected: tuple[str, str]
) -> None:
    assert expected in _hits(tagger, nlp, text)


def test_a_helicopter_landing_is_no_air_strike(tagger: TriggerTagger, nlp: Language) -> None:
    assert _hits(tagger, nlp, "Helicopters carried out a landing operation near the town.") == []


AGREEMENT, PROTEST, IED = "Agreement", "Peaceful protest", "Remote explosive/landmine/IED"


@pytest.mark.parametrize(
    ("text", "label", "tagged"),
    [
        # a truce is an agreement when made, not whenever it is named
        ("A truce came into effect in the town on Monday.", AGREEMENT, True),
        ("The ceasefire took effect at midnight.", AGREEMENT, True),
        ("Both sides agreed to a ceasefire on Monday.", AGREEMENT, True),
        ("The army announced a 72-hour truce.", AGREEMENT, True),
        ("Activists say a truce is being negotiated for the town.", AGREEMENT, False),
        ("The opposition urged the ceasefire task force to act.", AGREEMENT, False),
        # demonstrating against something is a protest, demonstrating something is not
        ("Hundreds demonstrated against the siege in the town square.", PROTEST, True),
        ("Residents demonstrated outside the council on Friday.", PROTEST, True),
        ("The attack demonstrated the group's reach.", PROTEST, False),
        # a bomb on the ground, not dropped from the air
        ("A bomb killed four people in the market.", IED, True),
        ("A bomb attack hit the checkpoint.", IED, True),
        ("A bomb planted in a car went off near the mosque.", IED, True),
    ],
)
def test_triggers_that_need_their_context(
    tagger: TriggerTagger, nlp: Language, text: str, label: str, tagged: bool
) -> None:
    labels = [found for _, found in _hits(tagger, nlp, text)]
    assert (label in labels) is tagged


# ------------------------------------------------------- classes news reports in many ways

AIR, SUICIDE, CHEMICAL = "Air/drone strike", "Suicide bomb", "Chemical weapon"
DISRUPTED, BASE = "Disrupted weapons use", "Headquarters or base established"
LOOTING, ARRESTS, ATTACK = "Looting/property destruction", "Arrests", "Attack"
RIOT = "Violent demonstration"
TERRITORY, CHANGE = "Non-state actor overtakes territory", "Change to group/activity"
EXCESSIVE = "Excessive force against protesters"
INTERVENTION = "Protest with intervention"
MOB = "Mob violence"


def _top(tagger: TriggerTagger, nlp: Language, text: str) -> str | None:
    """The label of the highest-priority trigger of a one-sentence text."""
    hits = tagger(nlp(text))
    return max(hits, key=lambda h: h.rule.priority).rule.label if hits else None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # air strikes by jets and warplanes, with no air force named
        ("Fighter jets destroyed two ammunition depots near Tal Afar on Sunday.", AIR),
        ("The warplanes killed four fighters in the hills outside Dara.", AIR),
        ("Militant hideouts were hit in raids by army choppers overnight.", AIR),
        ("Rebel trenches were pounded in raids by the navy's helicopters at dawn.", AIR),
        ("The village was bombed by unidentified jets at dawn.", AIR),
        # the aircraft told with whose it is thought to be, between it and its verb
        ("Jets, thought to be Iraqi, hit a convoy on the desert road near Qaim.", AIR),
        ("Planes also believed to be Turkish also pounded the hills above Sinjar.", AIR),
        ("The navy launched air-launched missiles at the radar station.", AIR),
        ("A kamikaze drone hit a fuel depot in Odesa.", AIR),
        # suicide bombings, however the bomber is named
        ("Two female kamikazes went off near the bus station in Mora.", SUICIDE),
        ("A man wearing a suicide vest walked into the wedding hall in Kunduz.", SUICIDE),
        ("A suicide truck bomb rammed the gate of the base.", SUICIDE),
        # chemical attacks, also when the shell or rocket is named first
        ("Residents said mustard gas was used against the village of Tal Hamra.", CHEMICAL),
        ("Dozens choked after shells filled with chlorine landed in the district.", CHEMICAL),
        ("Rebels fired rockets loaded with poisonous gas at the suburb.", CHEMICAL),
        ("Investigators confirmed that a nerve agent was used in the strike.", CHEMICAL),
        # weapons found, seized, defused or intercepted before use
        ("Police found a cache of rifles and grenades in a farmhouse near Kisumu.", DISRUPTED),
        ("A stash of pistols and ammunition was discovered under a bridge in Lira.", DISRUPTED),
        ("An explosive device was found near the market and defused by engineers.", DISRUPTED),
        ("Air defences intercepted three missiles over the capital.", DISRUPTED),
        ("Customs officers seized 40 rifles and 9,000 rounds at the port.", DISRUPTED),
        ("Soldiers destroyed a large cache of mortar shells in the valley.", DISRUPTED),
        ("Marines recovered high-powered rifles from a hut near Jolo.", DISRUPTED),
        # the device named without "device"
        ("Four guards died when an improvised bomb went off at the depot gate.", IED),
        ("Engineers dismantled an explosive belt left near the bridge.", DISRUPTED),
        ("Air defences shot down 12 drones over the region overnight.", DISRUPTED),
        # bases and posts set up
        ("Turkish troops set up a new observation post near the highway.", BASE),
        ("The army has established two new military bases near the border.", BASE),
        ("Three checkpoints were set up on the road to the airport.", BASE),
        # looting and property destruction
        ("Dozens of shops were looted in the township overnight.", LOOTING),
        ("Gunmen set fire to three houses in the village of Koro.", LOOTING),
        ("Unknown men set the market stalls ablaze before dawn.", LOOTING),
        ("An arson attack damaged the church in Mangu.", LOOTING),
        # arrests, in bulk or of one named figure
        ("Security forces jailed more than 60 suspects in a sweep across the province.", ARRESTS),
        ("Police took 25 opposition activists into custody in the capital.", ARRESTS),
        ("The army captured a senior militant commander near the river.", ARRESTS),
        # storming and raiding: who stormed whom types it later (generic)
        ("Gunmen stormed a hotel in the capital on Friday.", ATTACK),
        ("Militants raided a village near the lake at night.", ATTACK),
        # violent demonstrations: protesters or rioters who clash, throw, storm or burn
        ("Stone-throwing protesters clashed with police in the old town.", RIOT),
        ("Rioters clashed with police along the ring road.", RIOT),
        ("Protesters threw bottles and petrol bombs at police outside the ministry.", RIOT),
        ("Protests over fuel prices erupted in the port, with two banks set ablaze.", RIOT),
        ("Violent protests erupted in the capital on Tuesday.", RIOT),
        ("Violent demonstrators torched two buses in the suburb.", RIOT),
        ("Fans hurled bottles at state security officers outside the stadium.", RIOT),
        ("Riot police chased the demonstrators away from the square.", INTERVENTION),
        ("Police baton-charged a human chain formed by teachers in Sylhet.", INTERVENTION),
        # demonstrators who are violent make a violent demonstration, whatever force met them
        ("Aggressive protesters stoned the police and two of them were shot dead.", RIOT),
        # a lynching is a mob's, even in a scene the report calls a riot
        ("A crowd lynched two men accused of theft during the riot in the bazaar.", MOB),
        # looters who act loot; looters acted on are not a looting ("arrested 40 looters")
        ("Looters broke into grain stores on the edge of the town overnight.", LOOTING),
        ("Police arrested 40 looters in the market district.", ARRESTS),
        ("The march turned violent when protesters reached the ministry.", RIOT),
        ("Protesters stormed the parliament building on Saturday.", RIOT),
        # ground taken, force used on protesters, changes to a group
        ("Government troops drove the militants out of three villages.", TERRITORY),
        ("Army units established control over the whole valley.", TERRITORY),
        ("Rebels have taken the control of the old castle.", TERRITORY),
        ("Riot police violently dispersed a protest in the square.", EXCESSIVE),
        ("Four protesters died from gunfire during a demonstration.", EXCESSIVE),
        ("Some 160 soldiers have defected from the army.", CHANGE),
        ("Hundreds of police have been dispatched to the province.", CHANGE),
        # agreements
        ("The warring sides exchanged prisoners at the front line on Tuesday.", AGREEMENT),
        ("Twelve detainees were swapped under the truce.", AGREEMENT),
        ("The government freed 30 fighters in exchange for 16 soldiers.", AGREEMENT),
        ("A peace deal was signed in the capital on Sunday.", AGREEMENT),
    ],
)
def test_report_classes_that_news_words_in_many_ways(
    tagger: TriggerTagger, nlp: Language, text: str, label: str
) -> None:
    assert _top(tagger, nlp, text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # firing on a post is no base set up; setting fire to one is no base either
        ("Gunmen opened fire on a military post near the town.", BASE),
        ("Rebels set fire to an army checkpoint.", BASE),
        # tear gas is no chemical weapon
        ("Police fired tear gas at the crowd.", CHEMICAL),
        # bodies found near a bomb: no weapon was found before use
        ("Rescuers found the bodies of three men after the bomb exploded.", DISRUPTED),
        # a town captured is ground taken, not a person arrested
        ("Rebels captured the town of Kafr Zita on Monday.", ARRESTS),
        ("Militants captured a district in the north on Sunday.", ARRESTS),
        # a clash of armed groups is no riot
        ("Security forces clashed with rebels near the dam on Monday.", RIOT),
        ("Thousands of protesters rallied peacefully in the square.", RIOT),
        # a car driven out of a garage is no ground taken
        ("He drove the car out of the garage.", TERRITORY),
        # a fire is no arson
        ("Two sheds full of hay burned down in an accidental fire overnight.", LOOTING),
        # a kamikaze drone is an air strike, not a suicide bomb
        ("A kamikaze drone hit a fuel depot.", SUICIDE),
        # arrests in a raid are arrests
        ("Police raided a house and arrested five suspects.", ATTACK),
        # a bomb set off is an explosion, not one defused
        ("A man detonated an IED inside the school.", DISRUPTED),
        # an interception told beside the strike it was part of stays the strike
        (
            "Several missiles fired by the jets were reportedly intercepted by air defences.",
            DISRUPTED,
        ),
        # a vehicle destroyed in a fight is no property destruction
        ("Rebels destroyed an army vehicle with a guided missile.", LOOTING),
        ("The gunmen set fire to the vehicle before fleeing.", LOOTING),
    ],
)
def test_report_class_words_in_other_senses(
    tagger: TriggerTagger, nlp: Language, text: str, label: str
) -> None:
    assert _top(tagger, nlp, text) != label


# ------------------------------------------------------------------ anchored matching

_REPORTS = [
    "Warplanes carried out several strikes on Kafr Sajna, and helicopters dropped barrel bombs.",
    "Militants stormed a police post near the border. Soldiers repelled the attack by dawn.",
    "Strikes.",  # an anchor at the very start and end of a Doc
    "Protesters set fire to tyres and rioters looted shops, then police fired tear gas.",
    "Nothing happened here; the market reopened and children went back to school.",
    # patterns of no bounded length, their words far apart or in separate sentences
    "Rockets have been fired from two jets. Later a deal was signed and weapons were found.",
    "Bombs fired. From the hills, drones came; crowds blocked a road and were dispersed.",
    "Police crushed the large protest, then troops pulled out of the town of Kessra.",
]


@pytest.mark.parametrize("text", _REPORTS)
def test_anchored_matchers_find_what_one_matcher_finds(
    tagger: TriggerTagger, nlp: Language, text: str
) -> None:
    from spacy.matcher import Matcher

    whole = Matcher(nlp.vocab)
    for rule in tagger.rules:
        if not isinstance(rule.pattern, str):
            whole.add(rule.id, [list(rule.pattern)])
    doc = nlp(text)
    assert set(tagger._anchored_matches(doc)) == set(whole(doc))


def test_a_pattern_with_no_required_word_still_matches(nlp: Language) -> None:
    rule = TriggerRule(
        "any_propn_raid", "Attack", ({"POS": "PROPN", "OP": "+"}, {"LOWER": "raid", "OP": "?"})
    )
    tagger = TriggerTagger(nlp, rules=[rule])
    assert tagger.has_token_rules and not tagger._anchored
    assert [h.rule.id for h in tagger(nlp("Gunmen attacked Kafr Sajna."))] == ["any_propn_raid"]


@pytest.mark.parametrize(
    ("pattern", "needs", "before", "after"),
    [
        (({"LEMMA": "shell"},), [("LEMMA", {"shell"})], 0, 0),
        (
            ({"POS": "DET", "OP": "?"}, {"LOWER": {"IN": ["a", "b"]}}, {"OP": "*"}, {"LEMMA": "x"}),
            [("LOWER", {"a", "b"}), ("LEMMA", {"x"})],
            1,
            0,
        ),
        (
            ({"OP": "+"}, {"LEMMA": "x"}, {"POS": "NOUN", "OP": "{1,2}"}),
            [("LEMMA", {"x"})],
            None,
            2,
        ),
        (({"LEMMA": "x", "OP": "?"}, {"POS": "VERB"}), [], None, None),
    ],
)
def test_pattern_needs(
    pattern: tuple[dict[str, object], ...],
    needs: list[tuple[str, set[str]]],
    before: int | None,
    after: int | None,
) -> None:
    found, found_before, found_after = triggers_module.pattern_needs(pattern)
    assert [(attr, set(words)) for attr, words in found] == needs
    assert (found_before, found_after) == (before, after)


@pytest.mark.parametrize(
    ("pattern", "anchor", "length"),
    [
        (({"LEMMA": {"IN": ["shell", "bomb"]}}, {"OP": "?"}), ("LEMMA", {"shell", "bomb"}), 2),
        (({"LOWER": "car", "OP": "?"}, {"LEMMA": "bomb", "OP": "+"}), ("LEMMA", {"bomb"}), None),
        (({"LOWER": "car", "OP": "!"}, {"POS": "VERB"}), None, 2),
        (({"LOWER": {"IN": ["a", "b", "c"]}}, {"LEMMA": "kill"}), ("LEMMA", {"kill"}), 2),
        (({"LOWER": "x"}, {"OP": "{1,3}"}), ("LOWER", {"x"}), 4),
    ],
)
def test_pattern_anchor_and_length(
    pattern: tuple[dict[str, object], ...],
    anchor: tuple[str, set[str]] | None,
    length: int | None,
) -> None:
    found = triggers_module.pattern_anchor(pattern)
    assert (found and (found[0], set(found[1]))) == (anchor and (anchor[0], set(anchor[1])))
    assert triggers_module.pattern_length(pattern) == length


# ------------------------------------------- demonstrations, transfers, looting as news tells them

TRANSFER, SEXUAL = "Non-violent transfer of territory", "Sexual violence"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # road blocks, petrol bombs and objects thrown by demonstrators (ACLED: violent)
        ("Protesters blocked roads and railways across the state to protest the new law.", RIOT),
        ("Hundreds of villagers blocked the highway on Monday.", RIOT),
        ("A protester threw a Molotov cocktail during a demonstration in the capital.", RIOT),
        ("Stones were thrown at officers during a rally in the city.", RIOT),
        ("A man was arrested after throwing bottles at police officers outside the summit.", RIOT),
        ("Angry students rallied in aggressive demonstrations near the ministry.", RIOT),
        # forces that leave a place, and ground taken after they left
        ("Government troops have withdrawn from the town of Karvali, residents said.", TRANSFER),
        ("All army units have pulled out of the desert city.", TRANSFER),
        ("The rebels withdrew from Delmora on Friday.", TRANSFER),
        ("Fighters began leaving the district under an evacuation deal.", TRANSFER),
        ("The handover of three districts was completed on Monday.", TRANSFER),
        # looting and destruction named as nouns
        ("The governor condemned the burning and looting of public and private property.", LOOTING),
        ("The destruction of government buildings across the country must stop.", LOOTING),
        # a verb in a list, which the tagger may lemmatise wrongly
        ("Soldiers raped, beat and robbed villagers during the unrest, the group said.", SEXUAL),
    ],
)
def test_demonstrations_transfers_and_looting_as_news_tells_them(
    tagger: TriggerTagger, nlp: Language, text: str, label: str
) -> None:
    assert _top(tagger, nlp, text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # "non-violent" says the opposite of "violent"
        ("Thousands of non-violent protesters marched through Tarija on Sunday.", RIOT),
        # police who block a road hold no demonstration
        ("Police blocked the road to the airport.", RIOT),
        # leaving a coalition or a treaty is no ground handed over
        ("The party withdrew from the coalition.", TRANSFER),
        ("The country withdrew from the Paris agreement.", TRANSFER),
        # withdrawing forces, from no named place, changes the group's activity
        ("The army withdrew its forces on Monday.", TRANSFER),
    ],
)
def test_demonstration_and_transfer_words_in_other_senses(
    tagger: TriggerTagger, nlp: Language, text: str, label: str
) -> None:
    assert _top(tagger, nlp, text) != label
