"""The alias regex: grouping the first words by their first letter changes no match."""

from __future__ import annotations

import re

from conflictcoder.resolve.actor_trie import (
    _first_letter_regex,
    _Node,
    _same_letter,
    _trie_regex,
    compile_aliases,
    phrase_tokens,
)

ALIASES = [
    "HTS",
    "Hayat Tahrir al-Sham",
    "hardliners",
    "Kurdish fighters",
    "Kurdish forces",
    "security forces",
    "Syrian army",
    "Syrian Democratic Forces",
    "sheikh's men",
    "IS",
    "Islamic State",
    "gunmen",
    "1st Division",
]

TEXTS = [
    "HTS and hts fighters clashed with the Syrian army near the town.",
    "Hayat Tahrir al-Sham hardliners shelled security forces; Kurdish forces replied.",
    "The islamic state and IS cells attacked the Syrian-Democratic-Forces on Monday.",
    "\u212aurdish fighters and \u017fecurity forces met \u0130slamic State gunmen.",
    "The sheikhs men and the 1st Division moved; Kurdishforces did not.",
    "",
]


def _plain(aliases: list[str]) -> re.Pattern[str]:
    """The alias regex without the first-letter groups."""
    root = _Node()
    for phrase in aliases:
        node = root
        for token in phrase_tokens(phrase):
            token = token if token.isupper() and len(token) > 1 else token.lower()
            node = node.children.setdefault(token.replace("\u2019", "'"), _Node())
        node.end = True
    return re.compile(rf"(?<!\w)(?:{_trie_regex(root)})(?!\w)", re.IGNORECASE)


def test_first_letter_groups_find_what_the_plain_alternation_finds() -> None:
    grouped, plain = compile_aliases(ALIASES), _plain(ALIASES)
    assert grouped is not None and grouped.pattern != plain.pattern
    for text in TEXTS:
        found = [(m.start(), m.end(), m.group()) for m in grouped.finditer(text)]
        assert found == [(m.start(), m.end(), m.group()) for m in plain.finditer(text)], text
    assert [m.group() for m in grouped.finditer(TEXTS[0])] == ["HTS", "Syrian army"]


def test_a_letter_group_holds_every_form_the_engine_reads_as_that_letter() -> None:
    assert _same_letter("k") == {"k", "K", "\u212a"}  # the Kelvin sign
    assert {"s", "S", "\u017f"} <= (_same_letter("s") or set())  # the long s
    assert _same_letter("1") == {"1"}
    assert _same_letter("'") is None
    root = _Node()
    root.children["'t"] = _Node()
    assert _first_letter_regex(root) is None  # the plain alternation then
