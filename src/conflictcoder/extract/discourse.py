"""The cue words that link clauses and sentences (``ontology/discourse.yaml``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..ontology import ONTOLOGY_DIR, CueFile, ListSpec

__all__ = ["DISCOURSE", "DISCOURSE_CUE_FILE", "DISCOURSE_FILE", "Discourse", "starts_with"]

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
    anywhere_triggers: frozenset[str] = frozenset()
    ceded_types: frozenset[str] = frozenset()
    retyping_types: frozenset[str] = frozenset()


def _word_tuples(words: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(v.split()) for v in words)


def _spaced(words: list[str]) -> list[str]:
    """Phrases with their words parted by one space."""
    return [" ".join(v.split()) for v in words]


# The lists of discourse.yaml: (field of Discourse, key of the file, how its words are kept).
_LISTS: tuple[ListSpec, ...] = (
    ("secondary", "secondary_prepositions", _word_tuples),
    ("anaphors", "anaphors", lambda words: frozenset(_spaced(words))),
    ("event_nouns", "event_nouns", lambda words: frozenset(_spaced(words))),
    ("former", "former", _word_tuples),
    ("latter", "latter", _word_tuples),
    ("membership", "membership", lambda words: tuple(_spaced(words))),
    ("separate", "separate", lambda words: tuple(_spaced(words))),
    ("joint", "joint_prepositions", _word_tuples),
    ("subordinate", "subordinate_clauses", lambda words: frozenset(_spaced(words))),
    ("target_verbs", "target_verbs", frozenset),
    ("means_types", "means_types", frozenset),
    ("anywhere_triggers", "anywhere_triggers", frozenset),
    ("ceded_types", "ceded_types", frozenset),
    ("retyping_types", "retyping_types", frozenset),
)

# The cue words that link clauses and sentences (a coder's come from its Resources).
DISCOURSE_CUE_FILE = CueFile(DISCOURSE_FILE, "discourse", Discourse, _LISTS)
DISCOURSE = DISCOURSE_CUE_FILE.family("discourse")


def starts_with(words: Sequence[str], index: int, phrase: tuple[str, ...]) -> bool:
    """Do ``words`` from ``index`` on begin with the words of ``phrase``?

    Example:
        >>> starts_with(["amid", "heavy", "shelling"], 0, ("amid",))
        True
    """
    return tuple(words[index : index + len(phrase)]) == phrase
