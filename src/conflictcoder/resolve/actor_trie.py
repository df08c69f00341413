"""Lookup keys of actor phrases and the alias regex: every alias compiled into one regular
expression over a word trie, longest alias first at each position.

Spaces and hyphens between words are interchangeable, apostrophes inside a word optional,
a plural "s"/"es" allowed after a word; all-capitals words (HTS, IS) match in capitals only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
    alternatives = []
    for token in sorted(node.children, key=lambda t: (-len(t), t)):
        child = node.children[token]
        head = _token_regex(token)
        plural = _PLURAL if token[-1].isalpha() and not _is_caps(token) else ""
        if child.children:
            more = f"{_SEPARATOR}(?:{_trie_regex(child)})"
            if child.end:
                alternatives.append(
                    f"{head}(?:{more}|{plural})" if plural else f"{head}(?:{more})?"
                )
            else:
                alternatives.append(head + more)
        else:
            alternatives.append(head + plural)
    return "|".join(alternatives)


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
    return re.compile(rf"(?<!\w)(?:{_trie_regex(root)})(?!\w)", re.IGNORECASE)
