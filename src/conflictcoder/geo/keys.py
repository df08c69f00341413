"""The keys a name is indexed and looked up by, which alternate names are worth indexing, and
writing a place's keys into the ``names`` and ``exact_names`` tables (the builder and the
importers share it)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from functools import lru_cache

from .names import (
    NAME_RULES,
    make_key,
)

_LATIN_RANGES = ((0x0000, 0x024F), (0x02B0, 0x02FF), (0x1E00, 0x1EFF), (0x2018, 0x2019))


def is_latin(name: str) -> bool:
    for char in name:
        if char.isalpha() or not char.isascii():
            code = ord(char)
            if not any(lo <= code <= hi for lo, hi in _LATIN_RANGES):
                return False
    return True


def alternate_ok(name: str, key: str) -> bool:
    """Alternate names worth indexing: Latin script, no codes (IATA "BGW"), no digits."""
    if len(key) < 3 or any(c.isdigit() for c in name):
        return False
    letters = [c for c in name if c.isalpha()]
    if len(letters) <= 5 and all(c.isupper() for c in letters):
        return False
    return is_latin(name)


@lru_cache(maxsize=131_072)  # a memo of a pure function of the name (the packaged rules)
def key_pair(name: str) -> tuple[str, str]:
    """(name_key, exact_key) of one name; the cache pays off on names many places share."""
    rules = NAME_RULES.packaged()
    return make_key(name, rules), make_key(name, rules, exact=True)


def place_keys(names: Iterable[str], primary: Iterable[str]) -> tuple[set[str], set[str]]:
    """(name keys, exact keys) of a place's primary names and acceptable alternate names."""
    keys: set[str] = set()
    exact: set[str] = set()
    for name, is_primary in [(n, True) for n in primary] + [(n, False) for n in names]:
        key, exact_form = key_pair(name)
        if key and (is_primary or alternate_ok(name, key)):
            keys.add(key)
            exact.add(exact_form)
    return keys, exact


def index_names(conn: sqlite3.Connection, names: Iterable[tuple[int, str]]) -> None:
    """Store the name key and exact key of each (place id, name) pair, the empty keys left out.

    Example:
        >>> import shutil, sqlite3
        >>> conn = sqlite3.connect(shutil.copy(gaz.path, tmp / "gaz.sqlite"))
        >>> index_names(conn, [(99_999, "Tell Hamra"), (99_999, "!")])
        >>> conn.execute("SELECT key FROM names WHERE place_id = 99999").fetchall()
        [('talhamra',)]
    """
    pairs = [(key_pair(n), place_id) for place_id, n in names]
    conn.executemany(
        "INSERT OR IGNORE INTO names VALUES (?, ?)",
        [(k, place_id) for (k, _), place_id in pairs if k],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO exact_names VALUES (?, ?)",
        [(e, place_id) for (_, e), place_id in pairs if e],
    )
