"""Tests for conflictcoder/extract/attribution.py: who reports an event."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from conflictcoder.errors import OntologyError
from conflictcoder.extract.attribution import Attribution, AttributionFinder


@pytest.fixture(scope="module")
def finder() -> AttributionFinder:
    return AttributionFinder()


def _find(finder: AttributionFinder, nlp: Language, text: str) -> tuple[Attribution, list[str]]:
    doc = nlp(text)
    found = finder(next(doc.sents))
    return found, [doc.text[start:end] for start, end in found.spans]


@pytest.mark.parametrize(
    ("text", "source", "covered"),
    [
        (
            "Two men were killed in the shelling, local activists said.",
            "local activists",
            ["local activists said"],
        ),
        (
            "According to the monitor, four fighters died in the clashes.",
            "the monitor",
            ["According to the monitor"],
        ),
        (
            "Four fighters died in the clashes, according to the Syrian Observatory for "
            "Human Rights.",
            "the Syrian Observatory for Human Rights",
            ["according to the Syrian Observatory for Human Rights"],
        ),
        (
            "A resident of the town told the agency that jets struck a bakery.",
            "A resident of the town",
            ["A resident of the town told the agency"],
        ),
        (
            "A medic told The Levant Post that six bodies were recovered.",
            "A medic",
            ["A medic told The Levant Post"],
        ),
        (
            "Jets bombed the market on Friday, the White Helmets said.",
            "the White Helmets",
            ["the White Helmets said"],
        ),
        # the object of the reporting verb is the report, not whom it was told to
        (
            "The monitor reported Turkish shelling on two villages near the border.",
            "The monitor",
            ["The monitor reported"],
        ),
    ],
)
def test_source_and_the_span_it_covers(
    finder: AttributionFinder, nlp: Language, text: str, source: str, covered: list[str]
) -> None:
    found, spans = _find(finder, nlp, text)
    assert found.reported_by == source
    assert spans == covered
    assert found.pronoun is False


def test_pronoun_source_is_flagged_not_named(finder: AttributionFinder, nlp: Language) -> None:
    found, spans = _find(finder, nlp, "They say the shelling has not stopped since dawn.")
    assert found == Attribution(None, ((0, 8),), True)
    assert spans == ["They say"]


def test_he_said_is_a_pronoun_source(finder: AttributionFinder, nlp: Language) -> None:
    found, spans = _find(finder, nlp, "He said the rebels fired mortars at the checkpoint.")
    assert (found.reported_by, found.pronoun, spans) == (None, True, ["He said"])


def test_sentence_without_a_source(finder: AttributionFinder, nlp: Language) -> None:
    found, _ = _find(finder, nlp, "Rebels shelled the base on Monday.")
    assert found == Attribution(None, (), False)


def test_reporting_verb_with_an_actor_subject_is_no_source(
    finder: AttributionFinder, nlp: Language
) -> None:
    # "rebels" is neither a source noun nor a named organisation: they are a party
    found, _ = _find(finder, nlp, "Rebels claimed that two regime tanks were destroyed.")
    assert found.reported_by is None
    assert found.spans == ()


def test_citing_covers_the_whole_source(finder: AttributionFinder, nlp: Language) -> None:
    found, spans = _find(
        finder, nlp, "Three children were pulled from the rubble, citing hospital staff."
    )
    assert found.reported_by == "hospital staff"
    assert spans == ["citing hospital staff"]


def test_user_file_sets_the_vocabulary(tmp_path: Path, nlp: Language) -> None:
    path = tmp_path / "attribution.yaml"
    path.write_text(
        "reporting_verbs: [insist]\nsource_nouns: [rescuer]\nsource_prepositions: [per]\n",
        encoding="utf-8",
    )
    finder = AttributionFinder(path)
    found, spans = _find(finder, nlp, "Three bodies were recovered, rescuers insisted.")
    assert (found.reported_by, spans) == ("rescuers", ["rescuers insisted"])
    found, spans = _find(finder, nlp, "Two died, local activists said.")
    assert found.reported_by is None


def test_attribution_file_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "attribution.yaml"
    path.write_text("- say\n- report\n", encoding="utf-8")
    with pytest.raises(OntologyError) as info:
        AttributionFinder(path)
    assert str(info.value) == f"{path}: attribution file must be a mapping"


@pytest.mark.parametrize(
    ("text", "adjuncts"),
    [
        ("Gunmen killed 20 people over the weekend, officials said on Monday.", ["on Monday"]),
        ("Gunmen killed 20 people, the mayor told reporters by phone.", ["by phone"]),
        ("Gunmen killed 20 people on Sunday.", []),
    ],
)
def test_what_modifies_the_reporting_verb(
    finder: AttributionFinder, nlp: Language, text: str, adjuncts: list[str]
) -> None:
    doc = nlp(text)
    assert [doc.text[s:e] for s, e in finder.report_adjuncts(doc[:])] == adjuncts


def test_police_reporting_an_attack_are_its_source(
    finder: AttributionFinder, nlp: Language
) -> None:
    found, spans = _find(finder, nlp, "A bomb killed four people in the market, police said.")
    assert found.reported_by == "police" and spans == ["police said"]


def test_a_source_that_reports_its_own_action_stays_an_actor(
    finder: AttributionFinder, nlp: Language
) -> None:
    found, spans = _find(finder, nlp, "Police said they arrested five men in the market.")
    assert found.reported_by == "Police" and spans == []


@pytest.mark.parametrize(
    "text",
    [
        "The civil defence said it had recorded three deaths after the barrel bomb fell.",
        "The hospital said it received nine bodies after the strike on the market.",
    ],
)
def test_a_source_that_only_counts_the_dead_is_still_only_a_source(
    finder: AttributionFinder, nlp: Language, text: str
) -> None:
    found, spans = _find(finder, nlp, text)
    assert found.reported_by is not None
    assert spans and spans[0].endswith("said")


def test_the_rescuers_who_report_a_strike_are_not_its_target(coder: object) -> None:
    from datetime import date

    from conflictcoder.model import Article

    text = (
        "The Syrian Civil Defence said it had recorded three deaths after a barrel bomb "
        "fell on the town of Ariha in Idlib province on Monday."
    )
    events = coder.code(Article(id="r", text=text, published=date(2018, 4, 4)))  # type: ignore[attr-defined]
    assert [e.actor2 for e in events] == [None]
    assert [e.location for e in events] == ["Ariha"]
