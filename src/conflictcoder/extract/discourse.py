"""The cue words that link clauses and sentences (``ontology/discourse.yaml``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..ontology import ONTOLOGY_DIR, WordLists
from ..ontology.families import rule_family

__all__ = ["DISCOURSE", "DISCOURSE_FILE", "Discourse", "load_discourse", "starts_with"]

DISCOURSE_FILE = ONTOLOGY_DIR / "discourse.yaml"


@dataclass(frozen=True)
class Discourse:
    """Cue words of ``discourse.yaml``."""

    secondary: tuple[tuple[str, ...], ...]
    joint: tuple[tuple[str, ...], ...]
    subordinate: frozenset[str]
    anaphors: frozenset[str]
    event_nouns: frozenset[str]
    former: tuple[tuple[str, ...], ...]
    latter: tuple[tuple[str, ...], ...]
    membership: tuple[str, ...]
    separate: tuple[str, ...]
    target_verbs: frozenset[str] = frozenset()
    means_types: frozenset[str] = frozenset()


def load_discourse(path: str | Path = DISCOURSE_FILE) -> Discourse:
    """The cue words that link clauses and sentences.

    Example:
        >>> "the" in load_discourse().anaphors
        True
    """
    lists = WordLists(path, "discourse")

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(v.split()) for v in lists.words(key))

    return Discourse(
        secondary=phrases("secondary_prepositions"),
        anaphors=frozenset(" ".join(p) for p in phrases("anaphors")),
        event_nouns=frozenset(" ".join(p) for p in phrases("event_nouns")),
        former=phrases("former"),
        latter=phrases("latter"),
        membership=tuple(" ".join(p) for p in phrases("membership")),
        separate=tuple(" ".join(p) for p in phrases("separate")),
        joint=phrases("joint_prepositions"),
        subordinate=frozenset(" ".join(p) for p in phrases("subordinate_clauses")),
        target_verbs=frozenset(lists.words("target_verbs")),
        means_types=frozenset(lists.words("means_types")),
    )


# The discourse cues (a coder's come from its Resources).
DISCOURSE = rule_family("discourse", DISCOURSE_FILE, lambda user: load_discourse())


def starts_with(words: Sequence[str], index: int, phrase: tuple[str, ...]) -> bool:
    """Do ``words`` from ``index`` on begin with the words of ``phrase``?

    Example:
        >>> starts_with(["amid", "heavy", "shelling"], 0, ("amid",))
        True
    """
    return tuple(words[index : index + len(phrase)]) == phrase
