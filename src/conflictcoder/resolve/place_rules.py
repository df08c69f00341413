"""What the place resolver's parts share: the feature kinds (``ontology/geo/feature_kinds.yaml``),
the article's ``Focus``, the small tests on words around a name, and ``PlaceSettings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OntologyError
from ..geo import Gazetteer, GazetteerEntry
from ..geo.distance import distance_km
from ..geo.names import DATA_DIR
from ..geo.terms import PLACE_TERMS, PlaceTerms
from ..model import Place
from ..ontology import ONTOLOGY_DIR, WordLists, line_of, load_yaml
from ..ontology.loader import rule_family

__all__ = [
    "FEATURE_KINDS",
    "FEATURE_KINDS_FILE",
    "UNIT_NOUNS",
    "FeatureKind",
    "Focus",
    "PlaceSettings",
    "load_feature_kinds",
    "load_unit_nouns",
]

FEATURE_KINDS_FILE = DATA_DIR / "feature_kinds.yaml"
PLACES_FILE = ONTOLOGY_DIR / "places.yaml"

_WORD_BREAK = re.compile(r"[\s\-]+")

_SENTENCE_END = re.compile(r"[.;:!?](?:\s|$)|\n")

_LEADING_ARTICLE = re.compile(r"^(?:the)\s+", re.IGNORECASE)

_POSSESSIVE = re.compile(r"['’]s$")

_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")

# How much one mention counts towards an article's focus.
_COUNTRY_WEIGHT = 2

_DEMONYM_WEIGHT = 1  # "Russian jets" names an actor more often than the place

_ADMIN1_WEIGHT = 2

_TOWN_WEIGHT = 1  # a large town named, when nothing else says which country

_FEATURE_CLASSES = frozenset("PSTLAHV")


@dataclass(frozen=True)
class FeatureKind:
    """What a kind word says: feature classes to prefer (best first) and the precision of a
    town found under it (None: the usual 1)."""

    classes: tuple[str, ...]
    precision: int | None = None
    city_part: bool = False
    building: bool = False


def load_feature_kinds(
    path: str | Path = FEATURE_KINDS_FILE,
) -> tuple[FeatureKind, dict[str, FeatureKind]]:
    """Load ``feature_kinds.yaml``: (the default, kind word -> FeatureKind).

    Raises OntologyError naming the file and line of a bad entry.

    Example:
        >>> default, kinds = load_feature_kinds()
        >>> kinds["airbase"].classes[0], kinds["district"].precision
        ('S', 2)
    """
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), dict):
        raise OntologyError(path, "expected 'default' and a 'kinds' mapping")

    def parse(entry: object, where: str) -> FeatureKind:
        line = line_of(entry)
        if not isinstance(entry, dict):
            raise OntologyError(
                path, f"{where}: expected {{classes: [...], precision: N}}", line=line
            )
        classes = entry.get("classes")
        if (
            not isinstance(classes, list)
            or not classes
            or not all(isinstance(c, str) and c in _FEATURE_CLASSES for c in classes)
        ):
            raise OntologyError(
                path,
                f"{where}: classes must be a list of GeoNames feature classes "
                f"({', '.join(sorted(_FEATURE_CLASSES))}), got {classes!r}",
                line=line,
            )
        precision = entry.get("precision")
        if precision is not None and precision not in (1, 2, 3):
            raise OntologyError(
                path, f"{where}: precision must be 1, 2 or 3, got {precision!r}", line=line
            )
        flags = []
        for flag in ("city_part", "building"):
            value = entry.get(flag, False)
            if not isinstance(value, bool):
                raise OntologyError(path, f"{where}: {flag} must be true or false", line=line)
            flags.append(value)
        return FeatureKind(tuple(classes), precision, *flags)

    default = parse(data.get("default"), "default")
    kinds = {str(k).lower(): parse(v, str(k)) for k, v in data["kinds"].items() if k != "__line__"}
    return default, kinds


FEATURE_KINDS = rule_family("feature_kinds", FEATURE_KINDS_FILE, lambda user: load_feature_kinds())


@dataclass(frozen=True)
class Focus:
    """The countries and provinces an article names, most mentioned first.

    countries (tuple[str, ...]): ISO alpha-2 codes.
    admin1 (tuple[tuple[str, str], ...]): (ISO alpha-2, ACLED admin1 name) pairs.
    places (tuple[GazetteerEntry, ...]): places the article names that the gazetteer knows
        without doubt, in text order (for distances between an article's places).
    text (str): the article text (for the words around a reference).
    """

    countries: tuple[str, ...] = ()
    admin1: tuple[tuple[str, str], ...] = ()
    places: tuple[GazetteerEntry, ...] = field(default=(), compare=False, repr=False)
    text: str = field(default="", compare=False, repr=False)


def load_unit_nouns(path: str | Path = PLACES_FILE) -> frozenset[str]:
    """The nouns of armed units ("brigade") in ``places.yaml``: a name before one is a
    unit's, not a place's.

    Example:
        >>> "brigade" in load_unit_nouns()
        True
    """
    return frozenset(WordLists(path, "places").words("unit_nouns"))


UNIT_NOUNS = rule_family("unit_nouns", PLACES_FILE, lambda user: load_unit_nouns())


def _names_province(text: str, end: int, terms: PlaceTerms) -> bool:
    """Whether the word after ``text[:end]`` says the name before it is a province's
    ("Zamfara State", "Sumy oblast"): a suffix of ``admin_terms.yaml`` (in ``terms``)."""
    following = _NEXT_WORD.match(text, end)
    return following is not None and terms.strip_admin_terms("x " + following.group(1)) == "x"


def _names_unit(text: str, end: int, unit_nouns: frozenset[str]) -> bool:
    """Whether the word after ``text[:end]`` makes the name before it an armed unit's
    (one of ``unit_nouns``)."""
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1).casefold() in unit_nouns


def _entry_km(a: GazetteerEntry, b: GazetteerEntry) -> float:
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


class PlaceSettings:
    """What every part of the place resolver shares: its settings (class attributes a
    subclass or an instance may change) and its state (the gazetteer, the feature kinds,
    the caches)."""

    # A place outside the article's countries is taken only when its own name is spelled as
    # written and it is at least this populous ("talks in Geneva"); a smaller or differently
    # spelled namesake abroad is more likely a miss.
    min_foreign_population: int = 100_000
    # With no country in view (no focus, container or anchor), a place matched only by an
    # alternate name needs this many inhabitants.
    min_unfocused_alias_population: int = 10_000
    # A one-word name no source knows is matched to a town of its province (or near its
    # anchor) whose key is at least this similar (rapidfuzz ratio, 0-100): "Bennsh" is
    # Binnish, "Saraqab" is Saraqib. Set by measurement (docs/gazetteer.md). Keys shorter than
    # ``fuzzy_min_length`` are never matched this way. None turns it off.
    fuzzy_cutoff: float | None = 85.0
    fuzzy_min_length: int = 5
    # A place this close to the anchor or to the article's other places counts as near them.
    near_km: float = 40.0
    # A namesake outside the article's provinces and this far from all its places is not meant.
    far_km: float = 100.0
    # A namesake this far from the known place the text locates it by ("X in the countryside
    # of Y", "X east of Y") is not meant either: X is then a place no source knows, near Y.
    anchor_km: float = 50.0
    # Two entries of one name this close together are one place (a learned copy of a
    # GeoNames town): the better-ranked source names it.
    same_place_km: float = 5.0
    # How GeoNames places are written: "text" (as the report spells them) or "gazetteer".
    location_spelling: str = "text"
    # A name no source knows, located by a known place ("X in the countryside of Y"): coded
    # at Y with precision 2 and written as Y ("anchor", ACLED's practice), or written as X
    # ("toponym"). Either way it is flagged unresolved.
    unknown_near_anchor: str = "toponym"
    # The geo_precision of a name no source knows: "unit" codes the unit its coordinates are
    # (2 at its anchor, 3 at its province or country: issue 3's rule); "text" codes what the
    # report says of it (1 a town, 2 near a town or an area), as ACLED codes the villages its
    # gazetteer holds, leaving the ``unresolved`` flag to say the coordinates are a unit's.
    unresolved_precision: str = "unit"
    # Parts of towns at least this populous are written "Aleppo - Al-Zahraa" (ACLED's usage).
    city_part_min_population: int = 300_000

    def __init__(
        self,
        gazetteer: Gazetteer,
        *,
        kinds: tuple[FeatureKind, dict[str, FeatureKind]] | None = None,
        unit_nouns: frozenset[str] | None = None,
        terms: PlaceTerms | None = None,
    ) -> None:
        """gazetteer (Gazetteer): the places. kinds: the default feature kind and the kind
        words (``load_feature_kinds``); unit_nouns: the nouns of armed units
        (``load_unit_nouns``); terms: the words around place names and the stop names
        (``geo.terms.load_place_terms``). All default to the packaged files."""
        self.gazetteer = gazetteer
        self._default_kind, self._kinds = kinds or FEATURE_KINDS.packaged()
        self._unit_nouns = unit_nouns if unit_nouns is not None else UNIT_NOUNS.packaged()
        self.terms = terms if terms is not None else PLACE_TERMS.packaged()
        self._unit_cache: dict[tuple[str, str | None, float, float], GazetteerEntry | None] = {}
        self._refocused: dict[tuple[int, str], tuple[Focus, Focus]] = {}
        self._resolved: dict[tuple[object, ...], tuple[Focus, Place]] = {}
        self._place_words = self.terms.place_words
        self._town_words = frozenset(
            k
            for k, v in self._kinds.items()
            if v.classes[0] == "P" and not v.city_part and v.precision is None
        )
