"""The one loader for rule files: validated entries, ``file:line`` errors, user files merged.

Every rule family reads its YAML through ``load_yaml`` (lines kept as ``__line__``), merges
a user file with ``merge_rule_files`` (lists extend, mappings update, scalars replace) and
checks entries with the validators here, whose errors name the file and line of the entry
(the user file's, for an entry that came from it).

Each family is declared once with ``rule_family`` (``families.py``, re-exported here).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import OntologyError
from . import line_of, load_yaml
from .families import RULE_FAMILIES, RuleFamily, rule_family

__all__ = [
    "META_KEYS",
    "RULE_FAMILIES",
    "RuleFamily",
    "rule_family",
    "entries",
    "load_rule_file",
    "int_map",
    "key_line",
    "mapping_section",
    "merge_rule_files",
    "rule_error",
    "whole_number",
    "word_list",
]


def key_line(path: str | Path, key: str) -> int | None:
    """The line where ``key:`` first appears in a YAML file (lists of words carry no line).

    Example:
        >>> _ = (tmp / "dates.yaml").write_text("# my months\\nmonths:\\n  brumaire: 11\\n")
        >>> key_line(tmp / "dates.yaml", "months"), key_line(tmp / "dates.yaml", "brumaire")
        (2, 3)
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^\s*(?:-\s*)?(?:{re.escape(key)}|\"{re.escape(key)}\")\s*:")
    return next((no for no, line in enumerate(lines, 1) if pattern.match(line)), None)


# Keys the loaders add to mappings: the line, the user file a mapping came from, and the
# user file each key added by a merge came from.
META_KEYS = ("__line__", "__path__", "__origins__")


def rule_error(path: Path, problem: str, where: Any, key: str | None = None) -> OntologyError:
    """An OntologyError at the entry's own file and line: entries merged from a user file
    name that file (``__path__``/``__origins__``), lists of words the line of their key.

    Example:
        >>> str(rule_error(Path("r.yaml"), "bad", {"__line__": 3}))
        'r.yaml:3: bad'
    """
    origin: Path = path
    if isinstance(where, dict):
        origin = where.get("__origins__", {}).get(key, where.get("__path__", path))
    line = line_of(where)
    if key is not None:
        line = key_line(origin, key) or line
    return OntologyError(origin, problem, line=line)


def _same_kind(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return isinstance(old, bool) and isinstance(new, bool)
    if isinstance(old, int):
        return isinstance(new, int) or new is None
    return isinstance(new, type(old)) or old is None


def merge_rule_files(
    base: dict[str, Any], extra: dict[str, Any], path: Path, known: Sequence[str] = ()
) -> None:
    """Merge a user rule file onto the packaged one, in place: lists are extended, mappings
    merged key by key, scalars replaced. Entries of the wrong kind raise OntologyError at
    the user file's line; mappings taken from it remember the file as ``__path__``.

    Example:
        >>> base = {"words": ["a"], "order": "DMY"}
        >>> merge_rule_files(base, {"words": ["b"], "order": "MDY"}, Path("user.yaml"))
        >>> base
        {'words': ['a', 'b'], 'order': 'MDY'}
    """
    for key, value in extra.items():
        if key in META_KEYS:
            continue
        where = key_line(path, str(key)) or line_of(extra)
        if known and key not in known:
            raise OntologyError(
                path, f"unknown key '{key}'; known keys: {', '.join(known)}", line=where
            )
        old = base.get(key)
        if key not in base:
            base[key] = _tag(value, path)
            base["__origins__"] = {**base.get("__origins__", {}), key: path}
        elif isinstance(old, list):
            if not isinstance(value, list):
                raise OntologyError(path, f"'{key}' must be a list", line=where)
            for item in value:
                if old and not _same_kind(old[0], item):
                    raise OntologyError(
                        path,
                        f"'{key}': expected {type(old[0]).__name__}, got {item!r}",
                        line=where,
                    )
                if isinstance(item, str) and not item.strip():
                    raise OntologyError(path, f"'{key}': empty word", line=where)
            base[key] = old + [_tag(item, path) for item in value]
        elif isinstance(old, dict):
            if not isinstance(value, dict):
                raise OntologyError(path, f"'{key}' must be a mapping", line=where)
            merged = dict(old)
            merge_rule_files(merged, value, path)
            base[key] = merged
        else:
            if not _same_kind(old, value):
                raise OntologyError(
                    path, f"'{key}': expected {type(old).__name__}, got {value!r}", line=where
                )
            base[key] = value


def _tag(value: Any, path: Path) -> Any:
    if isinstance(value, dict):
        return {**value, "__path__": path}
    return value


def word_list(path: Path, data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise rule_error(path, f"'{key}' must be a non-empty list of words", data, key)
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise rule_error(path, f"'{key}': expected a word or phrase, got {item!r}", data, key)
    return [" ".join(item.lower().split()) for item in value]


def whole_number(path: Path, value: Any, what: str, where: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise rule_error(
            path, f"{what}: expected a whole number from {low} to {high}, got {value!r}", where
        )
    return value


def mapping_section(
    path: Path, data: dict[str, Any], key: str, problem: str | None = None
) -> dict[str, Any]:
    """The mapping under ``key`` as loaded (its ``__line__`` kept, for errors); an
    OntologyError at the key's line (``problem``, by default "'KEY' must be a mapping")
    when it is none. ``entries`` gives its entries.

    Example:
        >>> entries(mapping_section(Path("r.yaml"), {"units": {"day": 1, "__line__": 2}}, "units"))
        [('day', 1)]
    """
    value = data.get(key)
    if not isinstance(value, dict):
        raise rule_error(path, problem or f"'{key}' must be a mapping", data, key)
    return value


def entries(mapping: dict[str, Any]) -> list[tuple[str, Any]]:
    """The (key, value) entries of a loaded mapping, the loader's own keys (``META_KEYS``)
    left out."""
    return [(key, value) for key, value in mapping.items() if key not in META_KEYS]


def int_map(path: Path, data: dict[str, Any], key: str, low: int, high: int) -> dict[str, int]:
    value = mapping_section(path, data, key)
    return {
        str(k).lower(): whole_number(path, v, f"'{key}' entry '{k}'", value, low, high)
        for k, v in entries(value)
    }


def load_rule_file(
    path: Path, sections: Sequence[str], user_file: str | Path | None = None
) -> dict[str, Any]:
    """A rule file of named sections, with a user file merged on top (``merge_rule_files``).

    path (Path): the packaged file: a mapping that has every one of ``sections``.
    sections (Sequence[str]): the keys the file must have (and the only ones a user file
        may add to).
    user_file (str | Path | None): a file with any subset of the same keys. Defaults to none.
    RETURNS (dict[str, Any]): the merged mapping, entries carrying ``__line__``.
    Raises OntologyError naming the file and line of what is wrong.

    Example:
        >>> from conflictcoder.ontology import ONTOLOGY_DIR
        >>> _ = (tmp / "dates.yaml").write_text("months:\\n  brumaire: 11\\n")
        >>> rules = load_rule_file(ONTOLOGY_DIR / "dates.yaml", ["months"], tmp / "dates.yaml")
        >>> rules["months"]["january"], rules["months"]["brumaire"]
        (1, 11)
    """
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise OntologyError(path, "expected a mapping of sections at the top level")
    for key in sections:
        if key not in data:
            raise OntologyError(path, f"missing section '{key}'", line=line_of(data))
    if user_file is not None:
        user_path = Path(user_file)
        extra = load_yaml(user_path)
        if not isinstance(extra, dict):
            raise OntologyError(user_path, "expected a mapping of sections at the top level")
        merge_rule_files(data, extra, user_path, sections)
    return data
