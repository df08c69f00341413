"""Tests for the collaborators of the casualty reader: victim phrases (``victims.py``) and
their cues (``cues.py``). Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from conflictcoder.resolve.cues import CueReader
from conflictcoder.resolve.number_rules import DEATH, INJURY, MIXED, number_rules
from conflictcoder.resolve.numerals import NumeralReader
from conflictcoder.resolve.victims import PhraseReader


def _readers(sentence: str) -> tuple[NumeralReader, PhraseReader, CueReader]:
    nums = NumeralReader(number_rules(), sentence)
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
