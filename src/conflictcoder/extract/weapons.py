"""Weapon names and the patterns that find them (``ontology/weapons.yaml``)."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import OntologyError
from ..ontology import ONTOLOGY_DIR, load_yaml
from ..ontology.families import rule_family

__all__ = ["WEAPONS", "WEAPONS_FILE", "load_weapons"]

WEAPONS_FILE = ONTOLOGY_DIR / "weapons.yaml"


def load_weapons(path: str | Path = WEAPONS_FILE) -> list[tuple[str, re.Pattern[str]]]:
    """Weapon names and their compiled patterns, in file order."""
    data = load_yaml(path)
    if not isinstance(data, list):
        raise OntologyError(path, "weapons file must be a list of {weapon, patterns}")
    result = []
    for entry in data:
        if not isinstance(entry, dict) or "weapon" not in entry or "patterns" not in entry:
            raise OntologyError(
                path, "weapon entry needs 'weapon' and 'patterns'", entry.get("__line__")
            )
        alts = "|".join(re.escape(p.lower()) for p in entry["patterns"])
        result.append((entry["weapon"], re.compile(rf"(?<!\w)(?:{alts})(?:e?s)?(?!\w)")))
    return result


# The weapon patterns (a coder's come from its Resources).
WEAPONS = rule_family("weapons", WEAPONS_FILE, lambda user: load_weapons())
