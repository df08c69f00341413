"""Tests for the collaborators of the casualty reader: victim phrases (``victims.py``) and
their cues (``cues.py``). Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from conflictcoder.resolve.counts import count_casualties
from conflictcoder.resolve.cues import CueReader
from conflictcoder.resolve.number_rules import DEATH, INJURY, MIXED, NUMBERS
from conflictcoder.resolve.numerals import NumeralReader
from conflictcoder.resolve.victims import PhraseReader


def _readers(sentence: str) -> tuple[NumeralReader, PhraseReader, CueReader]:
    nums = NumeralReader(NUMBERS.packaged(), sentence)
    phrases = PhraseReader(nums)
    return nums, phrases, CueReader(nums, phrases)


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        ("between 4 and 9 farmers", 4, 9),
        ("at least 11 porters", 11, 11),
        ("a family of six", 6, 6),
        ("seven to ten herders", 7, 10),
        ("about between 2 and 3 guards", 2, 3),
    ],
)
def test_phrase_reads_the_quantity(sentence: str, low: int, high: int) -> None:
    _, phrases, _ = _readers(sentence)
    q = phrases.phrase(0)
    assert q is not None
    assert (q.low, q.high) == (low, high)


def test_phrase_names_its_victims_and_their_category() -> None:
    _, phrases, _ = _readers("three children of the village were found")
    q = phrases.phrase(0)
    assert q is not None
    assert q.head == "victim"
    assert q.category == "children"


def test_an_article_phrase_that_names_no_person() -> None:
    _, phrases, _ = _readers("the shelling")
    q = phrases.phrase(0)
    assert q is None or not q.names_people


def test_word_is_empty_outside_the_sentence() -> None:
    nums, phrases, _ = _readers("two guards")
    assert nums.word(-1) == "" and nums.word(2) == "" and phrases.word(1) == "guards"


def test_phrase_list_joins_phrases() -> None:
    _, phrases, _ = _readers("two farmers and a shepherd were killed")
    q = phrases.phrase(0)
    assert q is not None
    items, end = phrases.phrase_list(q)
    assert [(x.low, x.high) for x in items] == [(2, 2), (1, 1)]
    assert end == 5


@pytest.mark.parametrize(
    ("sentence", "start", "kind"),
    [
        ("the raid killed four herders", 3, DEATH),
        ("gunmen wounded two porters", 2, INJURY),
        ("the shelling killed and wounded 9 people", 5, MIXED),
        ("police tried to assassinate a judge", 4, None),
    ],
)
def test_left_cue(sentence: str, start: int, kind: str | None) -> None:
    _, _, cues = _readers(sentence)
    assert cues.left(start) == kind


def test_right_cue_past_an_aside_and_an_auxiliary() -> None:
    _, phrases, cues = _readers("six porters - all of them men - were killed")
    q = phrases.phrase(0)
    assert q is not None
    cue = cues.right(q.np_end)
    assert cue.kind == DEATH
    assert cue.bridged
    assert cue.aside is not None


def test_right_cue_of_an_agent_is_none() -> None:
    """ "2 gunmen killed a farmer": the phrase before an active verb is its agent."""
    _, phrases, cues = _readers("2 gunmen killed a farmer")
    q = phrases.phrase(0)
    assert q is not None
    assert cues.right(q.np_end).kind is None


@pytest.mark.parametrize(
    ("sentence", "fatalities", "injured"),
    [
        # an active verb after an auxiliary that is not passive: the phrase before is the agent
        ("The shelling has killed 9 civilians.", 9, None),
        ("Gunmen had reportedly killed two farmers.", 2, None),
        ("A volley of mortar fire from militants killed at least 6 people.", 6, None),
        ("Four farmers have been killed.", 4, None),
        # another quantity ends a victim phrase
        ("According to the district clinic three people died.", 3, None),
        ("Mortars killed at least 6 people and left dozens wounded.", 6, 12),
        # a breakdown told with "of them" between victims and their cue
        ("Three people two of them children died.", 3, None),
        ("Over 40 gunmen most of them foreigners were killed.", 40, None),
        (
            "At least 19 farmers, among them four women, one of them a newborn girl, died in "
            "the shelling on Sunday.",
            19,
            None,
        ),
        # a post-modifier goes on past an aside in brackets
        (
            "At least 9 members of the Nasser (al-Nasser) family across two generations were "
            "killed.",
            9,
            None,
        ),
        # names, lists and photos are not victims
        ("Medics listed the names of six members of the Omar family, who were killed.", 6, None),
        # martyrs are the dead; a number of victims is a toll
        ("The shell hit the market leaving 4 martyrs and 10 injured.", 4, 10),
        ("A reporter wrote that the number of civilians killed reached 11.", 11, None),
        # a register of the dead reports no deaths
        ("Names were matched with the ministry list of fatalities.", None, None),
        # conflicting reports of one toll, each with its own source: the most conservative
        (
            "A radio reported that 8 people had been killed, while other sources reported 9 dead.",
            8,
            None,
        ),
        # two tolls of different victims, each with its source, still add up
        ("The ministry said 4 soldiers were killed and the army said 2 civilians died.", 6, None),
    ],
)
def test_agents_and_quantities_in_the_count(
    sentence: str, fatalities: int | None, injured: int | None
) -> None:
    c = count_casualties(sentence)
    assert (c.fatalities, c.injured) == (fatalities, injured)


def test_conflicting_reports_keep_their_range() -> None:
    c = count_casualties("A radio reported that 8 people died, while a clinic reported 11 dead.")
    assert (c.fatalities, c.fatalities_low, c.fatalities_high) == (8, 8, 11)


@pytest.mark.parametrize(
    ("sentence", "fatalities"),
    [
        # parts of a general phrase told beside it break it down
        ("Six members of the Haddad family, four children and two women, were killed.", 6),
        ("Two civilian members of the Omar family, an infant and a woman, were killed.", 2),
        # a plain list still adds up
        ("Two children, one woman and one man were killed.", 4),
    ],
)
def test_parts_told_beside_their_whole(sentence: str, fatalities: int) -> None:
    assert count_casualties(sentence).fatalities == fatalities


@pytest.mark.parametrize(
    ("sentence", "fatalities"),
    [
        # a person named in full before a list joiner is one victim more
        ("On Monday, Judge Sami Haddad, along with 9 family members, were killed.", 10),
        ("Omar Saleh and 9 other people were killed.", 10),
        # a cue may stand before the joiner
        ("The journalist Omar Saleh was killed along with 9 other members of his family.", 10),
        # a place is no victim
        ("Shelling in Gaza City and 3 others were killed.", 3),
    ],
)
def test_victims_named_beside_a_count(sentence: str, fatalities: int) -> None:
    assert count_casualties(sentence).fatalities == fatalities
