"""Month words: what the date resolver and the casualty counter both need of ``dates.yaml``."""

from __future__ import annotations

from pathlib import Path

from ..ontology import ONTOLOGY_DIR, load_yaml
from ..ontology.loader import int_map, word_list

DATES_FILE = ONTOLOGY_DIR / "dates.yaml"


def month_words(path: Path = DATES_FILE) -> frozenset[str]:
    """Month names that are not also common words, for the casualty counter
    ("2 November" is not a count of people): read when the number rules are loaded.

    Example:
        >>> "november" in month_words(), "may" in month_words()
        (True, False)
    """
    data = load_yaml(path)
    months = int_map(path, data, "months", 1, 12)
    ambiguous = frozenset(word_list(path, data, "ambiguous_months"))
    return frozenset(m for m in months if m not in ambiguous)
