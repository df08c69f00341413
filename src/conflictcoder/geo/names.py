"""Transliteration-insensitive keys for place names, and ASCII display names.

The rules are data (``geo/data/name_rules.yaml``): a ``translate`` table for letters that
Unicode does not decompose, then ordered regular-expression replacements. They are loaded
and validated once.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import OntologyError
from ..ontology import line_of, load_yaml

DATA_DIR = Path(__file__).parent / "data"
NAME_RULES_FILE = DATA_DIR / "name_rules.yaml"

# Marks that stand for a letter ACLED writes as an apostrophe (ayn, hamza, curly quotes).
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʿʾʻʼ`´ʹ"})


@dataclass(frozen=True)
class NameRules:
    """The compiled key rules: a translate table and ordered (pattern, replacement) pairs."""

    translate: dict[int, str]
    rules: tuple[tuple[re.Pattern[str], str], ...]
    digest: str


def load_name_rules(path: str | Path = NAME_RULES_FILE) -> NameRules:
    """Load and validate a name-rules YAML file.

    path (str | Path): the file. Defaults to the packaged ``name_rules.yaml``.
    RETURNS (NameRules): the compiled rules and a SHA-256 digest of the file.

    Raises OntologyError naming the file and line of a malformed entry.

    Example:
        >>> rules = load_name_rules()
        >>> len(rules.rules) > 5
        True
    """
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise OntologyError(path, "expected a mapping with 'translate' and 'rules'")
    translate_raw = data.get("translate") or {}
    if not isinstance(translate_raw, dict):
        raise OntologyError(path, "'translate' must map single characters to text")
    translate: dict[int, str] = {}
    for char, repl in translate_raw.items():
        if char == "__line__":
            continue
        if not isinstance(char, str) or len(char) != 1 or not isinstance(repl, str):
            raise OntologyError(
                path,
                f"translate entry {char!r}: expected one character mapped to text",
                line=line_of(translate_raw),
            )
        translate[ord(char)] = repl
    rules_raw = data.get("rules")
    if not isinstance(rules_raw, list) or not rules_raw:
        raise OntologyError(path, "'rules' must be a non-empty list", line=line_of(data))
    rules: list[tuple[re.Pattern[str], str]] = []
    for entry in rules_raw:
        line = line_of(entry)
        if not isinstance(entry, dict) or "pattern" not in entry or "replace" not in entry:
            raise OntologyError(path, "a rule needs 'pattern' and 'replace'", line=line)
        pattern, replace = entry["pattern"], entry["replace"]
        if not isinstance(pattern, str) or not isinstance(replace, str):
            raise OntologyError(path, "'pattern' and 'replace' must be text", line=line)
        try:
            compiled = re.compile(pattern)
            compiled.sub(replace, "")
        except re.error as exc:
            raise OntologyError(path, f"bad regular expression {pattern!r}: {exc}", line=line)
        rules.append((compiled, replace))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return NameRules(translate, tuple(rules), digest)


@lru_cache(maxsize=1)
def default_rules() -> NameRules:
    """The packaged name rules, loaded once."""
    return load_name_rules(NAME_RULES_FILE)


def strip_diacritics(text: str) -> str:
    """Decompose ``text`` and drop combining marks.

    Example:
        >>> strip_diacritics("Ma‘arrat an Nu‘mān")
        'Ma‘arrat an Nu‘man'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def make_key(name: str, rules: NameRules) -> str:
    """``name_key`` with explicit rules and no cache (used when building the index)."""
    text = strip_diacritics(name.translate(rules.translate).lower())
    for pattern, replace in rules.rules:
        text = pattern.sub(replace, text)
    return text


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A transliteration-insensitive key: equal keys mean "the same name, spelled differently".

    name (str): a place name as written.
    RETURNS (str): lower-case ASCII key without articles, apostrophes, doubled letters or spaces.

    Example:
        >>> name_key("Maarrat al-Numan") == name_key("Ma‘arrat an Nu‘mān")
        True
        >>> name_key("Idleb")
        'idlib'
    """
    return make_key(name, default_rules())


def ascii_name(name: str) -> str:
    """A display name as ACLED writes it: diacritics stripped, ayn/hamza marks as apostrophes.

    Example:
        >>> ascii_name("Khān Shaykhūn")
        'Khan Shaykhun'
        >>> ascii_name("Ma‘arrat an Nu‘mān")
        "Ma'arrat an Nu'man"
    """
    text = strip_diacritics(name.translate(default_rules().translate)).translate(_APOSTROPHES)
    return " ".join(text.split())
