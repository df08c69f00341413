"""Place terms: stop names, administrative terms and the words that locate a place
(``ontology/geo/``).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ..errors import OntologyError
from ..ontology import load_yaml
from .countries import word_list
from .names import (
    DATA_DIR,
)

STOP_NAMES_FILE = DATA_DIR / "stop_names.yaml"

ADMIN_TERMS_FILE = DATA_DIR / "admin_terms.yaml"


@cache
def stop_names(category: str | None = None) -> frozenset[str]:
    """Case-folded words that ``spans`` and ``focus`` never take for a place on their own.

    category (str | None): one list of ``stop_names.yaml`` ("people", "months"...). Defaults
        to all of them.

    Example:
        >>> "monday" in stop_names(), "mary" in stop_names("people")
        (True, True)
    """
    data = load_yaml(STOP_NAMES_FILE)
    if not isinstance(data, dict):
        raise OntologyError(STOP_NAMES_FILE, "expected a mapping of lists of words")
    words: set[str] = set()
    for key in data:
        if key != "__line__" and category in (None, key):
            words.update(w.casefold() for w in word_list(STOP_NAMES_FILE, data, key))
    return frozenset(words)


@lru_cache(maxsize=1)
def _admin_terms() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_yaml(ADMIN_TERMS_FILE)
    if not isinstance(data, dict):
        raise OntologyError(ADMIN_TERMS_FILE, "expected 'suffixes' and 'prefixes' lists")
    suffixes = word_list(ADMIN_TERMS_FILE, data, "suffixes")
    prefixes = word_list(ADMIN_TERMS_FILE, data, "prefixes")

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    return (
        re.compile(rf"^(?:(?:{alternation(prefixes)})\s+)+", re.IGNORECASE),
        re.compile(rf"(?:[\s-]+(?:{alternation(suffixes)})\.?)+$", re.IGNORECASE),
    )


@lru_cache(maxsize=1)
def _place_suffix() -> re.Pattern[str]:
    data = load_yaml(ADMIN_TERMS_FILE)
    words = word_list(ADMIN_TERMS_FILE, data, "place_suffixes") if isinstance(data, dict) else []
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"[\s-]+(?:{alternation or '(?!)'})\.?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def anchor_words() -> frozenset[str]:
    """Words allowed between a toponym and the place that locates it (``anchor_words`` in
    ``admin_terms.yaml``), case-folded.

    Example:
        >>> {"countryside", "near"} <= anchor_words()
        True
    """
    data = load_yaml(ADMIN_TERMS_FILE)
    words = word_list(ADMIN_TERMS_FILE, data, "anchor_words") if isinstance(data, dict) else []
    return frozenset(w.casefold() for w in words)


@lru_cache(maxsize=1)
def locating_words() -> frozenset[str]:
    """Anchor words that put a toponym at the known place after them ("in the countryside
    of", "near", "east of"), unlike "and" (``locating_words`` in ``admin_terms.yaml``).

    Example:
        >>> "near" in locating_words(), "and" in locating_words()
        (True, False)
    """
    data = load_yaml(ADMIN_TERMS_FILE)
    words = word_list(ADMIN_TERMS_FILE, data, "locating_words") if isinstance(data, dict) else []
    return frozenset(w.casefold() for w in words)


@lru_cache(maxsize=1)
def countryside_words() -> frozenset[str]:
    """Words that put a place in the countryside of a province (``countryside_words`` in
    ``admin_terms.yaml``), case-folded.

    Example:
        >>> {"rural", "countryside"} <= countryside_words()
        True
    """
    data = load_yaml(ADMIN_TERMS_FILE)
    words = word_list(ADMIN_TERMS_FILE, data, "countryside_words") if isinstance(data, dict) else []
    return frozenset(w.casefold() for w in words)


@lru_cache(maxsize=1)
def container_words() -> frozenset[str]:
    """Words that put a place inside the province named after them (``container_words`` in
    ``admin_terms.yaml``), case-folded.

    Example:
        >>> "in" in container_words()
        True
    """
    data = load_yaml(ADMIN_TERMS_FILE)
    words = word_list(ADMIN_TERMS_FILE, data, "container_words") if isinstance(data, dict) else []
    return frozenset(w.casefold() for w in words)


@lru_cache(maxsize=1)
def place_terms() -> frozenset[str]:
    """Every word of ``suffixes`` and ``place_suffixes`` in ``admin_terms.yaml``, case-folded."""
    data = load_yaml(ADMIN_TERMS_FILE)
    words: set[str] = set()
    if isinstance(data, dict):
        for key in ("suffixes", "place_suffixes"):
            words.update(w.casefold() for w in word_list(ADMIN_TERMS_FILE, data, key))
    return frozenset(words)


def strip_place_terms(name: str) -> str:
    """Remove a word like "village", "city" or "district" after a place name
    (``place_suffixes`` in ``admin_terms.yaml``); the whole name is never removed.

    Example:
        >>> strip_place_terms("Dardara village"), strip_place_terms("Idlib town")
        ('Dardara', 'Idlib')
        >>> strip_place_terms("City")
        'City'
    """
    stripped = _place_suffix().sub("", name.strip()).strip()
    return stripped or name.strip()


def strip_admin_terms(name: str) -> str:
    """Remove the words around a province name ("the", "province", "governorate of").

    Example:
        >>> strip_admin_terms("the governorate of Hama"), strip_admin_terms("Idlib Province")
        ('Hama', 'Idlib')
    """
    prefix, suffix = _admin_terms()
    stripped = suffix.sub("", prefix.sub("", name.strip()))
    return stripped.strip() or name.strip()
