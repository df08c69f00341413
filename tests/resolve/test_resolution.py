"""Tests for conflictcoder.resolve.resolution: a mention's casualties over its sentences.

Every sentence here is invented for the test.
"""

from __future__ import annotations

from conflictcoder.model import Evidence, Mention
from conflictcoder.resolve.dates import DateResolution
from conflictcoder.resolve.resolution import Resolution, count_resolutions


def _toll(*sentences: str) -> int | None:
    evidence, start = [], 0
    for sentence in sentences:
        evidence.append(Evidence("d", sentence, start, start + len(sentence)))
        start += len(sentence) + 1
    mention = Mention(
        "d", "Air/drone strike", "Explosions/Remote violence", "bombed", tuple(evidence)
    )
    item = Resolution(mention, DateResolution(None, 1, None, None))
    count_resolutions([item])
    assert item.casualties is not None
    return item.casualties.fatalities


def test_the_sentences_told_after_a_turn_to_another_incident_give_it_no_toll() -> None:
    strike = "Jets bombed the bakery in the old town on Sunday, killing 7 people."
    turn = "The raid came three days after drones hit a fuel convoy near the dam."
    assert _toll(strike, turn, "The strike left 4 drivers dead.") == 7
    # the sentence that turns to another incident gives none of its own either
    assert _toll(strike, "It comes a day after shells killed 5 in the port.") == 7
    # without such a turn the later figure is a conflicting report of the same toll
    assert _toll(strike, "Medics said the strike left 6 dead.") == 6
