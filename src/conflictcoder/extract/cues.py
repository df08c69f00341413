"""What the argument finder reads with: the cue words of ``places.yaml`` and
``actor_roles.yaml``, the spotters it is given, and the records it returns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from spacy.tokens import Span

from ..ontology import ONTOLOGY_DIR, CueFile, cue_list

PLACES_FILE = ONTOLOGY_DIR / "places.yaml"

ACTOR_ROLES_FILE = ONTOLOGY_DIR / "actor_roles.yaml"

CIVILIAN_INTER = 7

# Dependencies that put an actor on the receiving end of the action.
_PATIENT_DEPS = {"dobj", "nsubjpass", "pobj", "attr"}

# words between actor names that carry no role ("SNA fighters, which operate under ...")
_LIST_GAPS = {"and", "", "as well as", "&", "including"}

# the words that may part the two sides of "between X and Y"
_SIDE_GAPS = {"and", "", "&"}

# how far after a trigger "between" may stand ("clashes took place between")
_BETWEEN_REACH = 6

# words that may stand between "between" and the first side ("between the pro-Turkey X")
_SIDE_LEAD = 3

# how many words before an actor a companion cue may stand ("amid heavy regime shelling")
_COMPANION_REACH = 12

# allies are named close together (characters between their names)
_ALLY_REACH = 60

# words that may qualify an ally's name after the cue ("and the Lebanese militia Hezbollah")
_ALLY_SLACK = 2

# how many heads up from the trigger's verb its subject is looked for
_SUBJECT_CLIMB = 4

STATE_INTER = 1

EXTERNAL_INTER = 8

# inter codes of actors that belong to the event country: state forces, rebels, militias
_LOCAL_INTERS = {1, 2, 3, 4}


class ActorHit(Protocol):
    """What extract needs of an actor match (``resolve.actors.ActorMatch`` fits)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def actor(self) -> Any: ...

    @property
    def generic(self) -> bool: ...


class ActorSpotter(Protocol):
    def find(self, text: str, *, country: str | None = None) -> Sequence[ActorHit]: ...


class PlaceSpotter(Protocol):
    def spans(self, text: str) -> list[tuple[int, int, str]]: ...

    def country(self, name: str) -> Any: ...

    def ignored(self, name: str) -> bool: ...


@dataclass(frozen=True)
class PlaceCues:
    """Cue words of ``places.yaml``: its word lists (lower-cased) and what
    ``_place_fields`` reads."""

    # read by _place_fields, as written (not lower-cased)
    directions: dict[str, str]
    not_places: frozenset[str]
    name_particles: frozenset[str]
    settlement_nouns: frozenset[str] = cue_list()
    province_nouns: frozenset[str] = cue_list()
    countryside_nouns: frozenset[str] = cue_list()
    near_words: frozenset[str] = cue_list()
    outskirts_words: frozenset[str] = cue_list()
    place_prepositions: frozenset[str] = cue_list()
    origin_prepositions: frozenset[str] = cue_list()
    unit_nouns: frozenset[str] = cue_list()
    organisation_nouns: frozenset[str] = cue_list()
    # the small words inside a body's title ("the Organisation for the Ban of X")
    title_joiners: frozenset[str] = cue_list()
    family_nouns: frozenset[str] = cue_list()
    # the joiners inside a place name, the words between "near" and its name, the words of
    # "regime-held"
    name_joiners: frozenset[str] = cue_list()
    near_fillers: frozenset[str] = cue_list()
    held_words: frozenset[str] = cue_list()
    person_words: frozenset[str] = cue_list()
    person_titles: frozenset[str] = cue_list()


def _place_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``PlaceCues`` that are no word list, from the mapping of places.yaml."""
    directions = {str(k).lower(): str(v) for k, v in (data.get("directions") or {}).items()}
    directions.pop("__line__", None)
    return {
        "directions": directions,
        "not_places": frozenset(str(v) for v in data.get("not_places", [])),
        "name_particles": frozenset(str(v) for v in data.get("name_particles", [])),
    }


# The cue words of places.yaml (ArgumentFinder's; a coder's come from its Resources).
PLACE_CUE_FILE = CueFile(PLACES_FILE, "places", PlaceCues, more=_place_fields)
PLACE_CUES = PLACE_CUE_FILE.family("place_cues")


def _phrases(words: list[str]) -> list[str]:
    """Cue phrases as their words parted by one space ("supported  by" -> "supported by")."""
    return [" ".join(re.findall(r"[a-z']+|&", v)) or v for v in words]


@dataclass(frozen=True)
class ActorCues:
    """Cue phrases of ``actor_roles.yaml`` (lower-case, words separated by one space)."""

    allies: frozenset[str] = cue_list(written=_phrases)
    companions: tuple[str, ...] = cue_list(tuple, written=_phrases)
    between: frozenset[str] = cue_list(written=_phrases)
    versus: frozenset[str] = cue_list(written=_phrases)
    fillers: frozenset[str] = cue_list()
    # the prepositions of a patient and of an agent, the verbs of harm whose object is a
    # victim, the nouns of a military target
    patient_prepositions: frozenset[str] = cue_list()
    agent_prepositions: frozenset[str] = cue_list()
    victim_verbs: frozenset[str] = cue_list()
    target_nouns: frozenset[str] = cue_list()
    # the lemmas of the words of an assault, whose agent is actor1 ("attacked", "offensive")
    assault_words: frozenset[str] = cue_list()
    launch_verbs: frozenset[str] = cue_list()
    # the names of days and months that date a fronted subject ("on Friday rebels seized")
    date_words: frozenset[str] = cue_list()
    # the verbs that hedge whose a subject is ("jets believed to be Turkish")
    hedge_verbs: frozenset[str] = cue_list()
    # the pronouns that own a group's men ("its fighters")
    group_possessives: frozenset[str] = cue_list()


ACTOR_CUE_FILE = CueFile(ACTOR_ROLES_FILE, "actor roles", ActorCues)
ACTOR_CUES = ACTOR_CUE_FILE.family("actor_cues")


@dataclass
class Roles:
    """Actors of one mention, as surface texts."""

    actor1: str | None = None
    actor2: str | None = None
    assoc1: list[str] = field(default_factory=list)
    assoc2: list[str] = field(default_factory=list)
    actor1_inter: int | None = None
    actor2_inter: int | None = None
    # actor1 is the agent of an assault ("rebels attacked army positions"), not a side of a
    # fight ("X and Y clashed")
    directed: bool = False


@dataclass(frozen=True)
class _Moved:
    """An actor hit standing at another phrase's position (see ``_fold_members``)."""

    start: int
    end: int
    text: str
    actor: Any
    generic: bool


def _state_force(hit: ActorHit) -> bool:
    """State forces: inter 1 at home, 8 abroad (a named state, not an unknown force)."""
    return getattr(hit.actor, "inter", None) in {1, 8} and bool(getattr(hit.actor, "country", None))


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _entities_in(sent: Span) -> list[Span]:
    """The named entities wholly inside ``sent`` (what ``sent.ents`` gives), read from its
    tokens' entity tags: ``Span.ents`` builds every entity of the Doc on each use, which is
    quadratic over an article of many event sentences.

    Example:
        >>> doc = nlp("Syrian jets hit Aleppo on Monday. Talks resumed in Geneva.")
        >>> [e.text for e in _entities_in(next(doc.sents))]
        ['Syrian', 'Monday']
    """
    doc = sent.doc
    found: list[Span] = []
    i = sent.start
    while i < sent.end:
        if doc[i].ent_iob_ != "B":
            i += 1
            continue
        j = i + 1
        while j < len(doc) and doc[j].ent_iob_ == "I":
            j += 1
        if j <= sent.end:
            found.append(Span(doc, i, j, label=doc[i].ent_type_, kb_id=doc[i].ent_kb_id_))
        i = j
    return found
