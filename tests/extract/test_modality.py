"""Tests for conflictcoder/extract/modality.py: realised events vs plans, forecasts, denials."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Span

from conflictcoder.errors import OntologyError
from conflictcoder.extract.modality import (
    ModalityClassifier,
    load_dated_words,
    load_modality_rules,
)


@pytest.fixture(scope="module")
def clf() -> ModalityClassifier:
    return ModalityClassifier()


def _trigger(nlp: Language, sentence: str, words: str) -> Span:
    """The span of ``words`` (whole tokens) in the parsed sentence."""
    doc = nlp(sentence)
    start = sentence.index(words)
    span = doc.char_span(start, start + len(words))
    assert span is not None, words
    return span


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "modality.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("Government forces shelled the village of Kafr Ruma on Sunday.", "shelled", "realised"),
        ("An airstrike killed four people in Maarzaf on Tuesday.", "airstrike", "realised"),
        ("Militants targeted a clinic in the area on Friday.", "targeted", "realised"),
        ("The army is planning an offensive on the southern countryside.", "offensive", "planned"),
        ("The army vowed to retake the town before the winter.", "retake", "planned"),
        # the disease as the harm is no conflict event; a lockdown is only the time of one
        ("Four nurses died of covid-19 in the ward on Monday.", "died", "negated"),
        ("Shops were looted in Multan during the covid-19 lockdown.", "looted", "realised"),
        ("Two guards died of the coronavirus at the depot on Monday.", "died", "negated"),
        ("Traders marched in Tamale against the coronavirus curfew.", "marched", "realised"),
        ("Nine villagers died after drinking bootleg liquor in Sindh.", "died", "negated"),
        (
            "Commanders say the regime is likely to launch an assault on the town within days.",
            "assault",
            "forecast",
        ),
        ("Regime forces will attack the town, a commander warned.", "attack", "forecast"),
        ("Officials fear that the group could attack the prison.", "attack", "forecast"),
        ("Pro-government forces did not shell the town overnight.", "shell", "negated"),
        (
            "The two sides failed to reach a ceasefire agreement on Thursday.",
            "reach a ceasefire agreement",
            "negated",
        ),
        ("The army denied shelling the camp for displaced families.", "shelling", "denied"),
        ("Moscow denied carrying out the airstrike on the market.", "airstrike", "denied"),
        (
            "More than 300 civilians were killed last month, according to the monitor.",
            "killed",
            "aggregate",
        ),
        ("Gunmen have killed eleven shepherds since January.", "killed", "aggregate"),
        ("At the beginning of November, rebels captured the town.", "captured", "background"),
        ("The regime recaptured the town at the end of 2016.", "recaptured", "background"),
        ("The militia targets hospitals in the area.", "targets", "background"),
        ("The militia regularly targets hospitals in the area.", "targets", "background"),
        # a halt in the fighting is no fighting
        (
            "The ministry announced a daily pause in the fighting from Sunday to let trucks in.",
            "fighting",
            "negated",
        ),
        ("Both sides agreed to a halt to the fighting around the dam.", "fighting", "negated"),
        # a toll over several days is no one incident's
        ("Shelling Killed 40 Villagers in Kassala Over Last Three Days.", "Shelling", "aggregate"),
        # a participle describing a noun says who someone is
        (
            "Aid reached the Kurdish groups fighting the militants near Tabqa.",
            "fighting",
            "background",
        ),
        # an ongoing campaign or a place struck in general is no one incident
        ("The port has been a frequent target of drone strikes.", "drone strikes", "background"),
        (
            "Monitors said air raids were causing heavy losses around Ariha.",
            "air raids",
            "background",
        ),
        (
            "Villages the army has been battling to retake lie east of the river.",
            "retake",
            "background",
        ),
        # weeks ago, like months ago, is the story's background; so is a war's damage
        (
            "Thousands live in the old quarter, which the militia began a push to seize"
            " some weeks ago.",
            "seize",
            "background",
        ),
        (
            "Most of the market town has been reduced to rubble by years of shelling and"
            " barrel bombs.",
            "barrel bombs",
            "background",
        ),
        # what a purpose clause aims at has not happened: it says whom the raids are for;
        # the verb it hangs on and a participle of the clause's own verb stand
        (
            "The alliance says its raids are carried out to assist Yazidis and Turkmens"
            " fighting against the jihadists near the frontier.",
            "fighting",
            "planned",
        ),
        (
            "The army shelled the village on Monday to stop the rebels advancing.",
            "shelled",
            "realised",
        ),
        # putting out a fire is no fighting
        (
            "Rescue and fire-fighting teams worked at the depot for two hours.",
            "fighting",
            "negated",
        ),
        (
            "Crowds defied a police ban to take to the streets on Sunday, blocking major roads.",
            "blocking",
            "realised",
        ),
    ],
)
def test_modality_of_the_trigger(
    clf: ModalityClassifier, nlp: Language, sentence: str, trigger: str, expected: str
) -> None:
    assert clf(_trigger(nlp, sentence, trigger)) == expected


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # the toll of a whole war, in the trigger's own clause or its time clause
        ("The conflict has killed more than 350,000 people.", "killed", "aggregate"),
        (
            "More than 350,000 people have been killed since the war broke out in 2011.",
            "killed",
            "aggregate",
        ),
        ("The six-year-old conflict has left 350,000 people dead.", "dead", "aggregate"),
        ("Over 300,000 people have died in the six-year-old war.", "died", "aggregate"),
        (
            "Mosul lies in ruins after a war that began with street protests and has since"
            " killed tens of thousands.",
            "killed",
            "aggregate",
        ),
        # a clause of its own inside an incident's sentence does not make it aggregate
        (
            "Jets killed 12 people in Maarzaf on Monday, where the war has killed thousands.",
            "killed",
            "realised",
        ),
    ],
)
def test_a_war_toll_is_aggregate_but_not_the_incident_beside_it(
    clf: ModalityClassifier, nlp: Language, sentence: str, trigger: str, expected: str
) -> None:
    assert clf(_trigger(nlp, sentence, trigger)) == expected


def test_a_past_event_with_the_same_verb_is_realised(
    clf: ModalityClassifier, nlp: Language
) -> None:
    # the contrast to the habitual "targets" above
    assert clf(_trigger(nlp, "The militia targeted a hospital on Monday.", "targeted")) == (
        "realised"
    )


def test_reported_clause_keeps_its_own_modality(clf: ModalityClassifier, nlp: Language) -> None:
    # "will" belongs to the reporting clause only when it governs the trigger
    sentence = "Activists who will testify next week said jets bombed the market on Monday."
    assert clf(_trigger(nlp, sentence, "bombed")) == "realised"


def test_denial_of_a_that_clause(clf: ModalityClassifier, nlp: Language) -> None:
    sentence = "The ministry denied that its jets bombed the market."
    assert clf(_trigger(nlp, sentence, "bombed")) == "denied"


def test_no_one_was_killed_is_negated(clf: ModalityClassifier, nlp: Language) -> None:
    assert clf(_trigger(nlp, "No one was killed in the blast.", "killed")) == "negated"


def test_habitual_present_governs_a_noun_trigger(clf: ModalityClassifier, nlp: Language) -> None:
    sentence = "Regime helicopters target the town with barrel bombs every week."
    assert clf(_trigger(nlp, sentence, "barrel bombs")) == "background"


def test_clause_tokens_include_the_trigger_and_its_auxiliaries(
    clf: ModalityClassifier, nlp: Language
) -> None:
    span = _trigger(nlp, "Regime forces will attack the town.", "attack")
    assert [t.text for t in clf.clause_tokens(span)] == ["attack", "will"]


# ------------------------------------------------------------------ the rule file


def test_packaged_rules_cover_every_non_realised_modality_in_use() -> None:
    rules = load_modality_rules()
    assert list(rules) == [
        "denied",
        "negated",
        "hypothetical",
        "planned",
        "forecast",
        "aggregate",
        "background",
    ]
    assert "plan" in rules["planned"].lemmas
    assert any(p.search("killed last month") for p in rules["aggregate"].phrases)


def test_first_modality_in_file_order_wins(tmp_path: Path, nlp: Language) -> None:
    span = _trigger(nlp, "Regime forces will not shell the town.", "shell")
    forecast_first = _write(tmp_path, "forecast:\n  lemmas: [will]\nnegated:\n  lemmas: [not]\n")
    assert ModalityClassifier(load_modality_rules(forecast_first))(span) == "forecast"
    negated_first = _write(tmp_path, "negated:\n  lemmas: [not]\nforecast:\n  lemmas: [will]\n")
    assert ModalityClassifier(load_modality_rules(negated_first))(span) == "negated"


def test_phrases_match_whole_words_only(tmp_path: Path, nlp: Language) -> None:
    rules = load_modality_rules(_write(tmp_path, "aggregate:\n  phrases: [in total]\n"))
    clf = ModalityClassifier(rules)
    counted = "In total, gunmen killed nine people."
    assert clf(_trigger(nlp, counted, "killed")) == "aggregate"
    assert rules["aggregate"].phrases[0].search("in totality") is None


def test_empty_modality_entry_has_no_markers(tmp_path: Path) -> None:
    rules = load_modality_rules(_write(tmp_path, "hypothetical:\n"))
    assert rules["hypothetical"].lemmas == frozenset()
    assert rules["hypothetical"].phrases == ()


@pytest.mark.parametrize("name", ["planed", "realised"])
def test_unknown_modality_name_raises(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, f"{name}:\n  lemmas: [plan]\n")
    with pytest.raises(OntologyError) as info:
        load_modality_rules(path)
    assert str(info.value) == (
        f"{path}: unknown modality '{name}' (use one of planned, forecast, hypothetical, "
        "negated, denied, aggregate, background, link)"
    )


def test_modality_file_must_be_a_mapping(tmp_path: Path) -> None:
    path = _write(tmp_path, "- planned\n- forecast\n")
    with pytest.raises(OntologyError) as info:
        load_modality_rules(path)
    assert str(info.value) == f"{path}: modality file must map modality names to markers"


def test_list_instead_of_markers_raises_ontology_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "planned: [plan, intend]\n")
    with pytest.raises(OntologyError, match="planned"):
        load_modality_rules(path)


def test_string_instead_of_a_lemma_list_raises(tmp_path: Path) -> None:
    path = _write(tmp_path, "planned:\n  lemmas: plan\n")
    with pytest.raises(OntologyError, match="lemmas"):
        load_modality_rules(path)


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # disasters and accidents kill with no perpetrator: no conflict event
        ("At least 40 people died in flash floods in the north on Monday.", "died", "negated"),
        ("Six workers were killed when a gas cylinder blew up at the depot.", "killed", "negated"),
        ("Nine passengers were injured in a bus accident on the highway.", "injured", "negated"),
        ("The earthquake killed hundreds of villagers in the valley.", "killed", "negated"),
        # industrial accidents and ordinary crime
        ("Three workers were hurt when a tank at the chemical plant exploded.", "hurt", "negated"),
        ("Coast guards intercepted nine smugglers off the island.", "intercepted", "negated"),
        # a denied arrest beside the looting it followed
        ("No arrests have been made after the shops were looted.", "arrests", "negated"),
        ("No arrests have been made after the shops were looted.", "looted", "realised"),
        # a past attack named as the reason for sanctions
        ("The union imposed sanctions over the gas attack on the town.", "attack", "background"),
        # the same verbs in a conflict report stay realised
        ("Gunmen killed six workers at the depot on Monday.", "killed", "realised"),
        ("Gunmen stormed the village and killed nine farmers.", "killed", "realised"),
    ],
)
def test_harm_with_no_perpetrator_is_no_event(
    clf: ModalityClassifier, nlp: Language, sentence: str, trigger: str, expected: str
) -> None:
    assert clf(_trigger(nlp, sentence, trigger)) == expected


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # captions and headlines tell a dated event in the present tense
        (
            "Demonstrators clash with police near the parliament, Sunday, April 4.",
            "clash",
            "realised",
        ),
        ("Protesters march through the capital on Saturday.", "march", "realised"),
        # without a day the present simple is a habit
        ("Rebels shell the villages around the town from the hills.", "shell", "background"),
        # "May 4" is a month, not the modal verb
        ("Soldiers stormed the village on May 4.", "stormed", "realised"),
        ("Soldiers may storm the village.", "storm", "forecast"),
    ],
)
def test_dated_present_and_the_month_may(
    clf: ModalityClassifier, nlp: Language, sentence: str, trigger: str, expected: str
) -> None:
    assert clf(_trigger(nlp, sentence, trigger)) == expected


def test_dated_words_must_be_a_list(tmp_path: Path) -> None:
    path = _write(tmp_path, "dated_present:\n  words: sunday\n")
    with pytest.raises(OntologyError, match="dated_present"):
        load_dated_words(path)
    assert load_dated_words(_write(tmp_path, "planned:\n  lemmas: [plan]\n")) == frozenset()


def test_an_accident_in_the_paragraph_makes_its_harm_no_event(
    clf: ModalityClassifier, nlp: Language
) -> None:
    doc = nlp("A tank at the gas plant exploded on Friday. Four workers were injured.")
    assert doc[-2].text == "injured"
    assert clf(doc[-2:-1]) == "negated"
    # the same harm with no accident beside it stays an incident
    doc = nlp("Gunmen opened fire at the market on Friday. Four workers were injured.")
    assert clf(doc[-2:-1]) == "realised"


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("The separatist group claimed responsibility for the car bomb at the market.", "car bomb"),
        ("The militants took credit for a bombing that killed nine guards on Friday.", "killed"),
        ("The rebels claimed responsibility for killing four border policemen.", "killing"),
    ],
)
def test_a_claim_of_responsibility_tells_a_past_incident(
    clf: ModalityClassifier, nlp: Language, sentence: str, trigger: str
) -> None:
    assert clf(_trigger(nlp, sentence, trigger)) == "background"


def test_the_incident_beside_a_claim_is_realised(clf: ModalityClassifier, nlp: Language) -> None:
    sentence = "A car bomb killed six people at the market, and the group claimed responsibility."
    assert clf(_trigger(nlp, sentence, "car bomb")) == "realised"
    # a time clause is an incident of its own
    sentence = "The army was responsible for the road when militants attacked a convoy."
    assert clf(_trigger(nlp, sentence, "attacked")) == "realised"


def test_a_participle_after_a_denied_clause_is_denied(
    clf: ModalityClassifier, nlp: Language
) -> None:
    sentence = "A rebel spokesman denied his men were behind the ambush, killing nine soldiers."
    assert clf(_trigger(nlp, sentence, "killing")) == "denied"


def test_a_trigger_with_the_determiner_no_is_negated(
    clf: ModalityClassifier, nlp: Language
) -> None:
    sentence = "The ministry said its aircraft had carried out no air strikes near the town."
    assert clf(_trigger(nlp, sentence, "air strikes")) == "negated"
