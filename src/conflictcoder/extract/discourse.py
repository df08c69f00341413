"""The cue words that link clauses and sentences (``ontology/discourse.yaml``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..ontology import ONTOLOGY_DIR, CueFile, cue_list

__all__ = ["DISCOURSE", "DISCOURSE_CUE_FILE", "DISCOURSE_FILE", "Discourse", "starts_with"]

DISCOURSE_FILE = ONTOLOGY_DIR / "discourse.yaml"


def _word_tuples(words: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(v.split()) for v in words)


def _spaced(words: list[str]) -> list[str]:
    """Phrases with their words parted by one space."""
    return [" ".join(v.split()) for v in words]


@dataclass(frozen=True)
class Discourse:
    """Cue words of ``discourse.yaml``."""

    secondary: tuple[tuple[str, ...], ...] = cue_list(_word_tuples, key="secondary_prepositions")
    anaphors: frozenset[str] = cue_list(written=_spaced)
    event_nouns: frozenset[str] = cue_list(written=_spaced)
    former: tuple[tuple[str, ...], ...] = cue_list(_word_tuples)
    latter: tuple[tuple[str, ...], ...] = cue_list(_word_tuples)
    membership: tuple[str, ...] = cue_list(tuple, written=_spaced)
    separate: tuple[str, ...] = cue_list(tuple, written=_spaced)
    joint: tuple[tuple[str, ...], ...] = cue_list(_word_tuples, key="joint_prepositions")
    subordinate: frozenset[str] = cue_list(key="subordinate_clauses", written=_spaced)
    target_verbs: frozenset[str] = cue_list()
    means_types: frozenset[str] = cue_list()
    anywhere_triggers: frozenset[str] = cue_list()
    ceded_types: frozenset[str] = cue_list()
    retyping_types: frozenset[str] = cue_list()


# The cue words that link clauses and sentences (a coder's come from its Resources).
DISCOURSE_CUE_FILE = CueFile(DISCOURSE_FILE, "discourse", Discourse)
DISCOURSE = DISCOURSE_CUE_FILE.family("discourse")


def starts_with(words: Sequence[str], index: int, phrase: tuple[str, ...]) -> bool:
    """Do ``words`` from ``index`` on begin with the words of ``phrase``?

    Example:
        >>> starts_with(["amid", "heavy", "shelling"], 0, ("amid",))
        True
    """
    return tuple(words[index : index + len(phrase)]) == phrase
