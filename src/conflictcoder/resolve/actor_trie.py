"""Lookup keys of actor phrases and the alias regex: every alias compiled into one regular
expression over a word trie, longest alias first at each position.

Spaces and hyphens between words are interchangeable, apostrophes inside a word optional,
a plural "s"/"es" allowed after a word; all-capitals words (HTS, IS) match in capitals only.
"""

from __future__ import annotations

import re
from _sre import unicode_tolower
from collections.abc import Iterable
from functools import cache
from re._casefix import _EXTRA_CASES

# Spaces and hyphens between words are interchangeable; apostrophes inside a word are optional.
_SEPARATOR = r"[\s\-\u2010\u2011\u2012\u2013]+"
_SPLIT = re.compile(_SEPARATOR)
_APOSTROPHES = "'\u2019\u02bc`"
_APOSTROPHE_CLASS = "['\u2019\u02bc`]?"
_PLURAL = "(?:e?s)?"


def _is_caps(token: str) -> bool:
    """An all-capitals word (HTS, IS, U.S.) that must match in capitals only."""
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def phrase_tokens(phrase: str) -> list[str]:
    return [t for t in _SPLIT.split(phrase.strip()) if t]


def phrase_key(phrase: str) -> str:
    """Lookup key shared by an alias and the text it matches."""
    words = ("".join(c for c in t if c not in _APOSTROPHES) for t in phrase_tokens(phrase))
    return " ".join(w.lower() for w in words if w)


class _Node:
    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.end = False


def _token_regex(token: str) -> str:
    body = "".join(_APOSTROPHE_CLASS if c in _APOSTROPHES else re.escape(c) for c in token)
    return f"(?-i:{body})" if _is_caps(token) else body


def _trie_regex(node: _Node) -> str:
    """Alternation over a word trie; longer words first and continuations before endings,
    so that the regex prefers the longest alias at each position."""
    return "|".join(alternative for _, alternative in _alternatives(node))


def _alternatives(node: _Node) -> list[tuple[str, str]]:
    """(token, its regex with what may follow it) for each word of ``node``, in the order
    ``_trie_regex`` tries them."""
    alternatives: list[tuple[str, str]] = []
    for token in sorted(node.children, key=lambda t: (-len(t), t)):
        child = node.children[token]
        head = _token_regex(token)
        plural = _PLURAL if token[-1].isalpha() and not _is_caps(token) else ""
        if child.children:
            more = f"{_SEPARATOR}(?:{_trie_regex(child)})"
            if child.end:
                alternatives.append(
                    (token, f"{head}(?:{more}|{plural})" if plural else f"{head}(?:{more})?")
                )
            else:
                alternatives.append((token, head + more))
        else:
            alternatives.append((token, head + plural))
    return alternatives


@cache
def _lowered_to() -> dict[int, tuple[int, ...]]:
    """Lower-case code point -> the code points the regex engine lowers to it (the Basic
    Multilingual Plane: no character beyond it lowers to one within)."""
    table: dict[int, list[int]] = {}
    for point in range(0x10000):
        table.setdefault(unicode_tolower(point), []).append(point)
    return {low: tuple(points) for low, points in table.items()}


def _same_letter(char: str) -> frozenset[str] | None:
    """Every character an ``re.IGNORECASE`` pattern matches where it reads ``char`` (an ASCII
    letter or digit); None for another character."""
    if not (char.isascii() and char.isalnum()):
        return None
    low = unicode_tolower(ord(char))
    lowered_to = _lowered_to()
    return frozenset(
        chr(point)
        for key in (low, *_EXTRA_CASES.get(low, ()))
        for point in lowered_to.get(key, (key,))
    )


def _first_letter_regex(root: _Node) -> str | None:
    """``_trie_regex(root)`` with the first words grouped by their first letter, each group
    opened by that letter as a case-sensitive class of its forms: where a word starts, the
    regex engine skips in one look the groups whose letter is not there, instead of trying
    every first word in turn under IGNORECASE. A group keeps its words' order and no two
    groups can match one character, so the matches are the same. None where a first word
    does not start with an ASCII letter or digit."""
    groups: dict[frozenset[str], list[str]] = {}
    for token, alternative in _alternatives(root):
        first = token[0]
        forms = _same_letter(first)
        if forms is None:
            return None
        if _is_caps(token):  # (?-i:HTS...): the letter matched, it must be the capital
            rest = f"(?<=(?-i:{re.escape(first)}))(?-i:{alternative[len('(?-i:') + 1 :]}"
        else:
            rest = alternative[1:]
        groups.setdefault(forms, []).append(rest)
    seen: set[str] = set()
    parts = []
    for forms, rests in groups.items():
        if seen & forms:
            return None
        seen |= forms
        letters = "".join(re.escape(c) for c in sorted(forms))
        parts.append(f"(?-i:[{letters}])(?:{'|'.join(rests)})")
    return "|".join(parts)


def compile_aliases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    root = _Node()
    for phrase in phrases:
        node = root
        for token in phrase_tokens(phrase):
            token = "".join("'" if c in _APOSTROPHES else c for c in token)
            token = token if _is_caps(token) else token.lower()
            node = node.children.setdefault(token, _Node())
        node.end = True
    if not root.children:
        return None
    body = _first_letter_regex(root) or _trie_regex(root)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
