"""Tests for conflictcoder/extract/extractor.py: the Extractor over whole invented articles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conflictcoder.coder import Coder
from conflictcoder.errors import OntologyError
from conflictcoder.extract import (
    DISCOURSE,
    DISCOURSE_CUE_FILE,
    Paragraph,
    load_weapons,
    split_paragraphs,
)
from conflictcoder.model import Article, Mention

PUBLISHED = date(2023, 11, 22)


def _extract(coder: Coder, text: str, title: str | None = None) -> list[Mention]:
    article = Article(id="art-1", text=text, title=title, published=PUBLISHED)
    parsed = [(p.offset, coder.nlp(p.text)) for p in split_paragraphs(text)]
    return coder.extractor(article, parsed, country="Syria")


def _sentences(mention: Mention) -> list[str]:
    return [e.sentence for e in mention.evidence]


# ------------------------------------------------------------------ paragraphs


def test_split_paragraphs_keeps_offsets_and_drops_blank_lines() -> None:
    text = "Jets struck Ariha.\n\n   \nTwo people died.\n"
    paragraphs = split_paragraphs(text)
    assert paragraphs == [Paragraph(0, "Jets struck Ariha."), Paragraph(24, "Two people died.")]
    assert all(text[p.offset : p.offset + len(p.text)] == p.text for p in paragraphs)


# ------------------------------------------------------------------ whole articles


def test_headline_dateline_and_link_lines_are_skipped(coder: Coder) -> None:
    text = (
        "Regime jets pound Ariha\n"
        "BEIRUT (Levant Wire) -\n"
        "Regime jets pound Ariha\n"
        "Regime warplanes carried out airstrikes on the town of Ariha in Idlib province on "
        "Monday, killing three civilians.\n"
        "Read more: Turkish drones strike SDF positions near Tal Tamr\n"
    )
    mentions = _extract(coder, text, title="Regime jets pound Ariha")
    assert len(mentions) == 1
    assert mentions[0].sub_event_type == "Air/drone strike"
    assert _sentences(mentions[0]) == [
        "Regime warplanes carried out airstrikes on the town of Ariha in Idlib province on "
        "Monday, killing three civilians."
    ]


@pytest.mark.parametrize("dateline", ["Mon Mar 2 2015", "Monday 2 March 2015 -", ""])
def test_repeated_title_after_a_dateline_is_skipped(coder: Coder, dateline: str) -> None:
    title = "Two Killed in Rebel Shelling of Ariha"
    text = (
        f"{dateline} {title}.\n"
        "Rebels shelled the town of Ariha in Idlib province on Monday, killing two people."
    )
    mentions = _extract(coder, text, title=title)
    assert len(mentions) == 1 and mentions[0].trigger == "shelled"
    # a longer sentence that merely ends like the title is a report
    text = (
        "On Monday, after weeks of calm in the province, the residents said that two were "
        "killed in rebel shelling of Ariha.\n"
    )
    assert len(_extract(coder, text, title=title)) == 1


def test_repeated_title_is_skipped_even_with_a_full_stop(coder: Coder) -> None:
    text = (
        "Rebels shell regime positions in Hama.\n"
        "Regime warplanes carried out airstrikes on the town of Ariha on Monday."
    )
    mentions = _extract(coder, text, title="Rebels shell regime positions in Hama.")
    assert [m.trigger for m in mentions] == ["airstrikes"]


def test_evidence_and_place_offsets_point_into_the_article(coder: Coder) -> None:
    text = (
        "Syria war: day 300\n\n"
        "Regime helicopters dropped barrel bombs on the town of Saraqib on Monday.\n\n"
        "Later that day, rebels clashed with regime forces near Kafr Nabl, activists said.\n"
    )
    mentions = _extract(coder, text)
    assert len(mentions) == 2
    for mention in mentions:
        for ev in mention.evidence:
            assert text[ev.start : ev.end] == ev.sentence
            assert ev.doc_id == "art-1"
        for place in mention.places:
            assert text[place.start : place.end] == place.name
    assert [p.name for m in mentions for p in m.places] == ["Saraqib", "Kafr Nabl"]


def test_anaphoric_detail_sentence_adds_evidence_to_the_previous_mention(coder: Coder) -> None:
    text = (
        "Regime warplanes carried out airstrikes on the town of Ariha on Monday, killing three "
        "civilians. Five people were wounded in the attack, a local medic said."
    )
    mentions = _extract(coder, text)
    assert len(mentions) == 1
    assert _sentences(mentions[0]) == [
        "Regime warplanes carried out airstrikes on the town of Ariha on Monday, killing three "
        "civilians.",
        "Five people were wounded in the attack, a local medic said.",
    ]
    assert mentions[0].sub_event_type == "Air/drone strike"


def test_ground_taken_at_a_new_place_is_an_incident_of_its_own(coder: Coder) -> None:
    # "the clashes" refers back, but a capture of another place is another event
    text = (
        "Rebels and regime forces clashed near Ariha on Monday. "
        "The clashes spread east and on Tuesday rebels seized the village of Maarzaf."
    )
    mentions = _extract(coder, text)
    territory = "Non-state actor overtakes territory"
    assert [m.sub_event_type for m in mentions] == ["Armed clash", territory]
    assert (mentions[1].actor1_text, [p.name for p in mentions[1].places]) == (
        "rebels",
        ["Maarzaf"],
    )


def test_the_strikes_killed_refers_back(coder: Coder) -> None:
    text = (
        "Regime warplanes carried out airstrikes on Ariha on Monday. "
        "The strikes killed four people, including a child."
    )
    (mention,) = _extract(coder, text)
    assert len(mention.evidence) == 2
    assert mention.trigger == "airstrikes"


def test_the_latter_captured_takes_the_pair_from_the_sentence_before(coder: Coder) -> None:
    text = (
        "Fierce clashes erupted between HTS and regime forces near Kafr Nabl on Friday. "
        "The latter captured Kafr Nabl after midnight, activists said."
    )
    (mention,) = _extract(coder, text)
    assert mention.sub_event_type == "Non-state actor overtakes territory"
    assert (mention.actor1_text, mention.actor2_text) == ("regime forces", "HTS")
    assert mention.territory is True
    assert len(mention.evidence) == 2


def test_the_latter_in_the_same_sentence(coder: Coder) -> None:
    text = (
        "Clashes broke out between regime forces and rebels on the outskirts of Kafr Nabl on "
        "Saturday, where the latter seized two hills."
    )
    (mention,) = _extract(coder, text)
    assert (mention.actor1_text, mention.actor2_text) == ("rebels", "regime forces")
    assert mention.trigger == "seized"
    assert [(p.name, p.qualifier) for p in mention.places] == [("Kafr Nabl", "outskirts")]


def test_capture_after_clashes_upgrades_the_battle(coder: Coder) -> None:
    text = (
        "Fierce clashes erupted between HTS and regime forces near Kafr Nabl on Friday. "
        "HTS captured Kafr Nabl after midnight, activists said."
    )
    (mention,) = _extract(coder, text)
    assert mention.event_type == "Battles"
    assert mention.sub_event_type == "Non-state actor overtakes territory"
    assert (mention.trigger, mention.territory, mention.generic) == ("captured", True, False)
    assert (mention.actor1_text, mention.actor2_text) == ("HTS", "regime forces")
    assert len(mention.evidence) == 2


def test_capture_of_the_village_after_clashes_upgrades_the_battle(coder: Coder) -> None:
    text = (
        "Fierce clashes erupted between HTS and regime forces near the village of Kafr Nabl on "
        "Friday. HTS captured the village after midnight, activists said."
    )
    (mention,) = _extract(coder, text)
    assert mention.sub_event_type == "Non-state actor overtakes territory"
    assert mention.territory is True


def test_recapture_after_clashes_keeps_the_other_side(coder: Coder) -> None:
    text = (
        "Fierce clashes erupted between HTS and regime forces near Kafr Nabl on Friday. "
        "Regime forces recaptured Kafr Nabl after midnight."
    )
    (mention,) = _extract(coder, text)
    assert (mention.actor1_text, mention.actor2_text) == ("Regime forces", "HTS")


def test_secondary_amid_phrase_does_not_type_the_sentence(coder: Coder) -> None:
    text = "Rebels repelled a regime advance on the village of Kafr Nabl amid Russian air raids."
    (mention,) = _extract(coder, text)
    assert (mention.sub_event_type, mention.trigger) == ("Armed clash", "repelled")


def test_secondary_trigger_types_the_sentence_when_nothing_else_does(coder: Coder) -> None:
    text = "Hundreds of families fled Kafr Nabl amid Russian air raids on Sunday."
    (mention,) = _extract(coder, text)
    assert (mention.sub_event_type, mention.trigger) == ("Air/drone strike", "air raids")


def test_place_less_sentence_inherits_the_previous_place(coder: Coder) -> None:
    text = (
        "Regime helicopters dropped barrel bombs on the town of Saraqib on Monday. "
        "Later that day, rebels clashed with regime forces, activists said."
    )
    first, second = _extract(coder, text)
    assert first.sub_event_type == "Air/drone strike"
    assert first.weapon == "barrel bomb"
    assert second.sub_event_type == "Armed clash"
    assert (second.actor1_text, second.actor2_text) == ("rebels", "regime forces")
    assert second.places == first.places
    assert second.reported_by == "activists"


def test_same_type_by_another_actor_is_a_new_incident(coder: Coder) -> None:
    text = (
        "Regime forces shelled the village of Kafr Nabl in Idlib province on Monday. "
        "Rebels fired rockets at regime positions."
    )
    mentions = _extract(coder, text)
    assert [m.actor1_text for m in mentions] == ["Regime forces", "Rebels"]


def test_pronoun_source_takes_the_last_named_source(coder: Coder) -> None:
    text = (
        "Regime shelling killed two civilians in Ariha, the Syrian Observatory said.\n\n"
        "They said rebels responded by firing rockets at Kafr Nabl."
    )
    first, second = _extract(coder, text)
    assert first.reported_by == "the Syrian Observatory"
    assert second.reported_by == "the Syrian Observatory"
    assert second.weapon == "rocket"
    assert [p.name for p in second.places] == ["Kafr Nabl"]


def test_plans_and_forecasts_give_no_mention(coder: Coder) -> None:
    text = (
        "The regime is planning an offensive on Saraqib, a military source said.\n"
        "Russia is likely to launch more airstrikes on Idlib next week.\n"
        "Regime forces did not shell Ariha overnight.\n"
    )
    assert _extract(coder, text) == []


def test_weapon_and_target_from_the_sentence(coder: Coder) -> None:
    text = "Jets targeted a bakery in the town of Ariha on Monday, using cluster munitions."
    (mention,) = _extract(coder, text)
    assert (mention.weapon, mention.target) == ("cluster munition", "a bakery")
    assert mention.date_text == text


# ------------------------------------------------------------------ rule files


def test_discourse_cues_load() -> None:
    discourse = DISCOURSE_CUE_FILE.read()
    assert ("amid",) in discourse.secondary
    assert ("in", "response", "to") in discourse.secondary
    assert discourse.membership[0] == "operating as part of"


def test_discourse_list_must_be_a_list(tmp_path: Path) -> None:
    path = tmp_path / "discourse.yaml"
    path.write_text("secondary_prepositions: [amid]\nanaphors: the\n", encoding="utf-8")
    with pytest.raises(OntologyError) as info:
        DISCOURSE_CUE_FILE.read(path)
    assert str(info.value) == f"{path}:1: 'anaphors' must be a list of words or phrases"


def test_weapons_file_entries_need_both_keys(tmp_path: Path) -> None:
    path = tmp_path / "weapons.yaml"
    path.write_text("- {weapon: drone}\n", encoding="utf-8")
    with pytest.raises(OntologyError) as info:
        load_weapons(path)
    assert str(info.value) == f"{path}:1: weapon entry needs 'weapon' and 'patterns'"


def test_weapon_patterns_match_plurals_on_word_boundaries() -> None:
    pattern = dict(load_weapons())["mortar"]
    assert pattern.search("two mortars fell")
    assert not pattern.search("mortarboard")


# ------------------------------------------------------------------ one incident, several means


def test_a_bare_event_noun_refers_back_to_the_incident(coder: Coder) -> None:
    text = (
        "Regime forces clashed with HTS fighters in the town of Ariha on Monday. "
        "Clashes were accompanied by Russian airstrikes on the town. "
        "Clashes, shelling and airstrikes resulted in the killing of 6 HTS fighters."
    )
    (mention,) = _extract(coder, text)
    assert mention.sub_event_type == "Armed clash"
    assert len(mention.evidence) == 3


def test_a_bare_noun_of_another_type_is_a_new_incident(coder: Coder) -> None:
    text = (
        "Regime forces clashed with HTS fighters in the town of Ariha on Monday. "
        "Airstrikes killed three civilians."
    )
    assert [m.sub_event_type for m in _extract(coder, text)] == [
        "Armed clash",
        "Air/drone strike",
    ]


def test_shelling_in_conjunction_with_airstrikes_is_an_air_strike(coder: Coder) -> None:
    text = (
        "Regime forces shelled the town of Ariha in conjunction with airstrikes by Russian "
        "warplanes on Monday."
    )
    (mention,) = _extract(coder, text)
    assert mention.sub_event_type == "Air/drone strike"


def test_a_battle_accompanied_by_airstrikes_stays_a_battle(coder: Coder) -> None:
    text = (
        "Rebels clashed with regime forces in the town of Ariha on Monday, accompanied by "
        "Russian airstrikes."
    )
    (mention,) = _extract(coder, text)
    assert mention.sub_event_type == "Armed clash"


def test_joint_cues_load() -> None:
    assert ("in", "conjunction", "with") in DISCOURSE.packaged().joint
    assert ("in", "conjunction", "with") not in DISCOURSE.packaged().secondary


def test_the_main_clause_types_the_sentence(coder: Coder) -> None:
    text = (
        "Rebels clashed with regime forces in the town of Ariha on Monday, while regime "
        "helicopters dropped barrel bombs on the town."
    )
    (mention,) = _extract(coder, text)
    assert mention.sub_event_type == "Armed clash"


def test_the_means_types_the_sentence_over_a_generic_killing(coder: Coder) -> None:
    # "killed" in the main clause says nothing of the means; the shells in the "when" clause do
    text = "Three civilians were killed on Sunday when regime shells hit houses in Ariha."
    (mention,) = _extract(coder, text)
    assert mention.sub_event_type == "Shelling/artillery/missile attack"


def test_a_capture_types_the_battle_wherever_it_is_told(coder: Coder) -> None:
    text = (
        "Clashes took place between HTS and regime forces in the town of Ariha on Monday, "
        "where regime forces were able to recapture the town."
    )
    (mention,) = _extract(coder, text)
    assert mention.territory is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the chemical is told in a clause describing the bombs, below the strike's verb
        (
            "An army helicopter dropped two bombs carrying canisters filled with chlorine on "
            "the village of Kafr Nuran on Friday.",
            "Chemical weapon",
        ),
        # a chemical attack named in passing is another incident
        (
            "Jets launched airstrikes on Friday on a militia in Kafr Nuran that the ministry "
            "accused of a sarin attack last year.",
            "Air/drone strike",
        ),
    ],
)
def test_a_chemical_types_the_strike_only_in_the_munitions_description(
    coder: Coder, text: str, expected: str
) -> None:
    assert [m.sub_event_type for m in _extract(coder, text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rebels fired rockets at the town of Kafr Nuran on Friday. "
            "Doctors said the rockets contained chlorine.",
            "Chemical weapon",
        ),
        # a battle is no strike: the chemical does not retype it
        (
            "Rebels clashed with troops in the town of Kafr Nuran on Friday. "
            "Doctors said the rockets contained chlorine.",
            "Armed clash",
        ),
        # a sentence naming another place tells of another attack
        (
            "Rebels fired rockets at the town of Kafr Nuran on Friday. "
            "The attack was revenge for an alleged chlorine attack in Saraqib on Tuesday.",
            "Shelling/artillery/missile attack",
        ),
    ],
)
def test_a_chemical_told_in_a_later_sentence_retypes_the_strike(
    coder: Coder, text: str, expected: str
) -> None:
    assert _extract(coder, text)[0].sub_event_type == expected


def test_a_bare_gerund_subject_refers_back_too(coder: Coder) -> None:
    text = (
        "Regime forces shelled the town of Ariha on Monday. "
        "Shelling resulted in the killing of two civilians."
    )
    (mention,) = _extract(coder, text)
    assert len(mention.evidence) == 2


def test_a_sentence_with_only_background_triggers_adds_detail(coder: Coder) -> None:
    text = (
        "Rebels clashed with regime forces in the town of Ariha on Monday. "
        "Amid heavy Russian air raids on the town, casualties were reported."
    )
    (mention,) = _extract(coder, text)
    assert mention.sub_event_type == "Armed clash"
    assert len(mention.evidence) == 2


def test_a_bare_event_noun_names_a_generic_incident_again(coder: Coder) -> None:
    text = (
        "Gunmen attacked a regime checkpoint in the town of Ariha on Monday. "
        "Clashes resulted in the killing of a soldier."
    )
    (mention,) = _extract(coder, text)
    assert len(mention.evidence) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the suicide bombers' phrase hangs on the verb of the harm: they type it
        ("Eight people were killed after two suicide bombers struck the market.", "suicide_bomber"),
        # a harm told in a relative clause is a detail of the noun, not the sentence's harm
        (
            "The raid left five dead, among them a commander who killed himself after "
            "detonating a suicide vest.",
            "kill",
        ),
    ],
)
def test_the_means_after_a_bare_verb_types_the_sentence(
    coder: Coder, text: str, expected: str
) -> None:
    doc = coder.nlp(text)
    chosen = coder.extractor.chooser(coder.extractor.tagger(doc))
    assert chosen is not None and chosen[0].rule.id == expected
