"""Place terms: stop names, administrative terms and the words that locate a place
(``ontology/geo/``), one rule family (``PLACE_TERMS``).

The place resolver gets its ``PlaceTerms`` from the pipeline's resources; the functions here
read the packaged ones (``PLACE_TERMS.packaged()``), for the code used without a pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OntologyError
from ..ontology import load_yaml
from ..ontology.loader import rule_family
from .countries import word_list
from .names import (
    DATA_DIR,
)

STOP_NAMES_FILE = DATA_DIR / "stop_names.yaml"

ADMIN_TERMS_FILE = DATA_DIR / "admin_terms.yaml"


@dataclass(frozen=True)
class PlaceTerms:
    """The words around place names (``admin_terms.yaml``) and the words never taken for a
    place on their own (``stop_names.yaml``), case-folded.

    stop_lists (dict[str, frozenset[str]]): each list of ``stop_names.yaml`` by its name.
    stops (frozenset[str]): all of them together.
    admin_prefix / admin_suffix (re.Pattern[str]): the words before and after a province
        name ("governorate of", "province").
    place_suffix (re.Pattern[str]): a word like "village" after a place name.
    place_words (frozenset[str]): every word of ``suffixes`` and ``place_suffixes``.
    anchor_words (frozenset[str]): the words allowed between a toponym and the place that
        locates it.
    locating_words (frozenset[str]): the anchor words that put a toponym at the known place
        after them ("in the countryside of", "near", "east of"), unlike "and".
    countryside_words (frozenset[str]): the words that put a place in the countryside of a
        province ("rural").
    container_words (frozenset[str]): the words that put a place inside the province named
        after them ("in").
    Each is the list of that name in ``admin_terms.yaml``; the packaged ones are
    ``PLACE_TERMS.packaged()``'s.

    Example:
        >>> terms = PLACE_TERMS.packaged()
        >>> "near" in terms.locating_words, "and" in terms.locating_words
        (True, False)
    """

    stop_lists: dict[str, frozenset[str]]
    stops: frozenset[str]
    admin_prefix: re.Pattern[str]
    admin_suffix: re.Pattern[str]
    place_suffix: re.Pattern[str]
    place_words: frozenset[str]
    anchor_words: frozenset[str]
    locating_words: frozenset[str]
    countryside_words: frozenset[str]
    container_words: frozenset[str]

    def stop_names(self, category: str | None = None) -> frozenset[str]:
        """The stop names of one list ("people", "months"...), all of them when None."""
        if category is None:
            return self.stops
        return self.stop_lists.get(category, frozenset())

    def strip_place_terms(self, name: str) -> str:
        """``name`` without a word like "village" after it; never the whole name."""
        stripped = self.place_suffix.sub("", name.strip()).strip()
        return stripped or name.strip()

    def strip_admin_terms(self, name: str) -> str:
        """``name`` without the words around a province name; never the whole name."""
        stripped = self.admin_suffix.sub("", self.admin_prefix.sub("", name.strip()))
        return stripped.strip() or name.strip()


def _mapping(path: Path, what: str) -> dict[str, Any]:
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise OntologyError(path, f"expected {what}")
    return data


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def load_place_terms(
    admin_file: str | Path = ADMIN_TERMS_FILE, stop_file: str | Path = STOP_NAMES_FILE
) -> PlaceTerms:
    """Load and check ``admin_terms.yaml`` and ``stop_names.yaml``.

    Raises OntologyError naming the file and line of a list that is not a list of words.

    Example:
        >>> terms = load_place_terms()
        >>> terms.strip_admin_terms("Idlib Province"), "mary" in terms.stop_names("people")
        ('Idlib', True)
    """
    admin_file, stop_file = Path(admin_file), Path(stop_file)
    stops = _mapping(stop_file, "a mapping of lists of words")
    stop_lists = {
        key: frozenset(w.casefold() for w in word_list(stop_file, stops, key))
        for key in stops
        if key != "__line__"
    }
    admin = _mapping(admin_file, "'suffixes' and 'prefixes' lists")

    def words(key: str) -> list[str]:
        return word_list(admin_file, admin, key)

    def folded(key: str) -> frozenset[str]:
        return frozenset(w.casefold() for w in words(key))

    return PlaceTerms(
        stop_lists=stop_lists,
        stops=frozenset().union(*stop_lists.values()),
        admin_prefix=re.compile(rf"^(?:(?:{_alternation(words('prefixes'))})\s+)+", re.IGNORECASE),
        admin_suffix=re.compile(
            rf"(?:[\s-]+(?:{_alternation(words('suffixes'))})\.?)+$", re.IGNORECASE
        ),
        place_suffix=re.compile(
            rf"[\s-]+(?:{_alternation(words('place_suffixes')) or '(?!)'})\.?$", re.IGNORECASE
        ),
        place_words=folded("suffixes") | folded("place_suffixes"),
        anchor_words=folded("anchor_words"),
        locating_words=folded("locating_words"),
        countryside_words=folded("countryside_words"),
        container_words=folded("container_words"),
    )


PLACE_TERMS = rule_family("place_terms", ADMIN_TERMS_FILE, lambda user: load_place_terms())


def stop_names(category: str | None = None) -> frozenset[str]:
    """Case-folded words that ``spans`` and ``focus`` never take for a place on their own.

    category (str | None): one list of ``stop_names.yaml`` ("people", "months"...). Defaults
        to all of them.

    Example:
        >>> "monday" in stop_names(), "mary" in stop_names("people")
        (True, True)
    """
    return PLACE_TERMS.packaged().stop_names(category)


def place_terms() -> frozenset[str]:
    """Every word of ``suffixes`` and ``place_suffixes`` in ``admin_terms.yaml``, case-folded."""
    return PLACE_TERMS.packaged().place_words


def strip_place_terms(name: str) -> str:
    """Remove a word like "village", "city" or "district" after a place name
    (``place_suffixes`` in ``admin_terms.yaml``); the whole name is never removed.

    Example:
        >>> strip_place_terms("Dardara village"), strip_place_terms("Idlib town")
        ('Dardara', 'Idlib')
        >>> strip_place_terms("City")
        'City'
    """
    return PLACE_TERMS.packaged().strip_place_terms(name)


def strip_admin_terms(name: str) -> str:
    """Remove the words around a province name ("the", "province", "governorate of").

    Example:
        >>> strip_admin_terms("the governorate of Hama"), strip_admin_terms("Idlib Province")
        ('Hama', 'Idlib')
    """
    return PLACE_TERMS.packaged().strip_admin_terms(name)
