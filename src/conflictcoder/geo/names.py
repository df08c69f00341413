"""Transliteration-insensitive keys for place names, and ASCII display names.

The rules are data (``ontology/geo/name_rules.yaml``): a ``translate`` table for letters that
Unicode does not decompose, then ordered regular-expression replacements. They are loaded
and validated once (the ``NAME_RULES`` family). The gazetteer index is built with the
packaged rules (their digest is stored with it), so they take no user file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from ..errors import OntologyError
from ..ontology import line_of, load_yaml
from ..ontology.loader import rule_family
from ..text import name_words

DATA_DIR = Path(__file__).parent.parent / "ontology" / "geo"  # all rule data under ontology/
NAME_RULES_FILE = DATA_DIR / "name_rules.yaml"

# Marks that stand for a letter ACLED writes as an apostrophe (ayn, hamza, curly quotes).
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʿʾʻʼ`´ʹ"})


@dataclass(frozen=True)
class NameRules:
    """The compiled key rules: a translate table and ordered (pattern, replacement) pairs."""

    translate: dict[int, str]
    rules: tuple[tuple[re.Pattern[str], str], ...]
    digest: str
    connectors: frozenset[str] = frozenset()
    exact_rules: tuple[tuple[re.Pattern[str], str], ...] = ()

    @cached_property
    def cased_translate(self) -> dict[int, str]:
        """The letter table keeping a capital's case ("İzmir" -> "Izmir")."""
        return {
            code: repl.upper() if chr(code).isupper() else repl
            for code, repl in self.translate.items()
        }


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
    exact_rules: list[tuple[re.Pattern[str], str]] = []
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
            raise OntologyError(
                path, f"bad regular expression {pattern!r}: {exc}", line=line
            ) from None
        rules.append((compiled, replace))
        if entry.get("exact", False) is True:
            exact_rules.append((compiled, replace))
        elif entry.get("exact", False) is not False:
            raise OntologyError(path, "'exact' must be true or false", line=line)
    connectors = data.get("connectors") or []
    if not isinstance(connectors, list) or not all(isinstance(c, str) for c in connectors):
        raise OntologyError(path, "'connectors' must be a list of words", line=line_of(data))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return NameRules(
        translate,
        tuple(rules),
        digest,
        frozenset(c.lower() for c in connectors),
        tuple(exact_rules),
    )


NAME_RULES = rule_family("name_rules", NAME_RULES_FILE, lambda user: load_name_rules())


def strip_diacritics(text: str) -> str:
    """Decompose ``text`` and drop combining marks.

    Example:
        >>> strip_diacritics("Ma‘arrat an Nu‘mān")
        'Ma‘arrat an Nu‘man'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def make_key(name: str, rules: NameRules, *, exact: bool = False) -> str:
    """``name_key`` (or ``exact_key``) with explicit rules and no cache, for index builds."""
    text = strip_diacritics(name.translate(rules.translate).lower())
    for pattern, replace in rules.exact_rules if exact else rules.rules:
        text = pattern.sub(replace, text)
    return text


@lru_cache(maxsize=65536)  # a memo of a pure function of the name (the packaged rules)
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
    return make_key(name, NAME_RULES.packaged())


@lru_cache(maxsize=65536)  # a memo of a pure function of the name (the packaged rules)
def exact_key(name: str) -> str:
    """A key that ignores case, diacritics, apostrophes and punctuation, but not spelling.

    name (str): a place name as written.
    RETURNS (str): the key.

    Example:
        >>> exact_key("Ma‘arrat an-Nu‘mān")
        'maarratannuman'
        >>> exact_key("Idleb") == exact_key("Idlib")
        False
    """
    return make_key(name, NAME_RULES.packaged(), exact=True)


def ascii_name(name: str) -> str:
    """A display name as ACLED writes it: diacritics stripped, ayn/hamza marks as apostrophes.

    Example:
        >>> ascii_name("Khān Shaykhūn")
        'Khan Shaykhun'
        >>> ascii_name("Ma‘arrat an Nu‘mān")
        "Ma'arrat an Nu'man"
    """
    cased = NAME_RULES.packaged().cased_translate
    text = strip_diacritics(name.translate(cased)).translate(_APOSTROPHES)
    return " ".join(text.split())


# What may separate the words of one name: spaces on one line.
_GAP = re.compile(r"[ \t\u00a0]+")


def _is_capitalised(token: str, connectors: frozenset[str]) -> bool:
    if token[0].isupper():
        return True
    head, sep, rest = token.partition("-")
    return bool(sep) and head in connectors and rest[:1].isupper()


def capitalised_ngrams(text: str, max_tokens: int = 4) -> list[list[tuple[int, int, str]]]:
    """Candidate place names in running text: runs of capitalised words, longest first.

    One inner list per capitalised word that can start a name, holding the candidates that
    start there, longest first: 1 to ``max_tokens`` words on one line, separated by spaces,
    each capitalised or a connector from ``name_rules.yaml`` ("an", "ash", "of"), the last
    one capitalised. A possessive "'s" is not part of a word.

    text (str): the text to scan.
    max_tokens (int): the most words in one candidate. Defaults to 4.
    RETURNS (list[list[tuple[int, int, str]]]): (start, end, surface) candidates.

    Example:
        >>> capitalised_ngrams("near Jisr ash Shughur's edge")[0]
        [(5, 21, 'Jisr ash Shughur'), (5, 9, 'Jisr')]
    """
    connectors = NAME_RULES.packaged().connectors
    key = (text, max_tokens, connectors)
    recent = _RECENT_NGRAMS.get(key)
    if recent is None:
        recent = _capitalised_ngrams(text, max_tokens, connectors)
        if len(_RECENT_NGRAMS) >= _RECENT_SIZE:
            del _RECENT_NGRAMS[next(iter(_RECENT_NGRAMS))]  # the oldest
        _RECENT_NGRAMS[key] = recent
    return [run[:] for run in recent]


# The candidates of the last texts read: the focus and the place spotter read one article's
# whole text in turn.
_RECENT_SIZE = 8
_RECENT_NGRAMS: dict[tuple[str, int, frozenset[str]], list[list[tuple[int, int, str]]]] = {}


def _capitalised_ngrams(
    text: str, max_tokens: int, connectors: frozenset[str]
) -> list[list[tuple[int, int, str]]]:
    """``capitalised_ngrams``, worked out (not remembered)."""
    tokens = name_words(text)
    capitalised = [_is_capitalised(t.text, connectors) for t in tokens]
    result: list[list[tuple[int, int, str]]] = []
    for i, first in enumerate(tokens):
        if not capitalised[i]:
            continue
        start = first.start
        run: list[tuple[int, int, str]] = []
        for j in range(i, min(i + max_tokens, len(tokens))):
            if j > i:
                gap = text[tokens[j - 1].end : tokens[j].start]
                if not _GAP.fullmatch(gap):
                    break
                if not capitalised[j] and tokens[j].low not in connectors:
                    break
            if capitalised[j]:
                run.append((start, tokens[j].end, text[start : tokens[j].end]))
        result.append(run[::-1])
    return result
