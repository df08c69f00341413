"""The date vocabulary of ``ontology/dates.yaml``: loaded, validated and compiled.

``load_date_rules`` reads the packaged file (and a user file merged on top), checks every
entry (errors name the file and line) and compiles the expression grammar
(``date_grammar``) into a frozen ``DateRules``, which the finder (``date_finder``) reads.
The ACLED time precisions and the ranks of the kinds of candidates are defined here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OntologyError
from ..ontology import ONTOLOGY_DIR
from ..ontology.loader import (
    META_KEYS,
    entries,
    int_map,
    load_rule_file,
    mapping_section,
    rule_error,
    rule_family,
    whole_number,
    word_list,
)
from .date_grammar import build_patterns, build_prefilter, build_story_time

__all__ = [
    "DATES",
    "DATES_FILE",
    "DAY",
    "MONTH",
    "RANK_EXPLICIT",
    "RANK_NO_YEAR",
    "RANK_RELATIVE",
    "RANK_WEEKDAY",
    "RANK_YEAR",
    "WEEK",
    "DateRules",
    "Relative",
    "load_date_rules",
]

_fail = rule_error
_words = word_list
_int = whole_number
_int_map = int_map

DATES_FILE = ONTOLOGY_DIR / "dates.yaml"

# ACLED time_precision
DAY, WEEK, MONTH = 1, 2, 3
_DEFAULT_PRECISION = {"day": DAY, "week": WEEK, "weekend": WEEK, "month": MONTH}
# Among candidates of one precision the lowest rank wins.
RANK_EXPLICIT, RANK_NO_YEAR, RANK_WEEKDAY, RANK_RELATIVE = 0, 1, 2, 3
# A year alone ranks after every other candidate (relative ranks go up to 9).
RANK_YEAR = 10


@dataclass(frozen=True)
class Relative:
    """A relative expression of ``dates.yaml`` ("yesterday", "last week")."""

    unit: str
    offset: int
    precision: int
    rank: int


@dataclass(frozen=True)
class DateRules:
    """The compiled vocabulary of ``dates.yaml`` (see that file for each key). The packaged
    one, ``DATES.packaged()``, is the default of ``resolve_date``; a coder's components get
    theirs from its ``Resources``.

    Example:
        >>> DATES.packaged().numeric_order
        'DMY'
    """

    numeric_order: str
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    future_words: frozenset[str]
    boundary_words: frozenset[str]
    month_day: int
    month_parts: dict[str, int]
    week_day: int
    weekend_day: int
    relative: dict[str, Relative]
    ago_units: dict[str, tuple[int, int, int]]  # word -> (days, months, precision)
    anchor_words: dict[str, int]  # "before" -> -1, "after" -> 1
    count_words: dict[str, int]  # "a" -> 1
    vague_counts: dict[str, tuple[int, int]]  # "a few" -> (3, precision 2)
    year_day: tuple[int, int]  # (month, day) coded for a year alone
    year_parts: dict[str, tuple[int, int]]  # "early" -> (2, 15)
    patterns: dict[str, re.Pattern[str]]
    prefilter: re.Pattern[str]
    report_words: frozenset[str] = frozenset()
    report_reach: int = 0
    story_time: re.Pattern[str] | None = None  # "Meanwhile," opening a sentence


_SECTIONS = (
    "numeric_order",
    "months",
    "ambiguous_months",
    "weekdays",
    "parts_of_day",
    "day_modifiers",
    "future_words",
    "boundary_words",
    "month_cues",
    "month_day",
    "month_parts",
    "week_day",
    "weekend_day",
    "relative",
    "ago_units",
    "ago_words",
    "anchor_words",
    "count_words",
    "vague_counts",
    "year_cues",
    "year_day",
    "year_parts",
    "year_blockers",
    "report_words",
    "report_reach",
    "story_time_words",
)


def load_date_rules(
    path: str | Path = DATES_FILE, user_file: str | Path | None = None
) -> DateRules:
    """Load and validate ``dates.yaml`` (and an optional user file merged on top).

    path (str | Path): the rules file. Defaults to the packaged ``ontology/dates.yaml``.
    user_file (str | Path | None): a file with any subset of the same keys; lists extend,
        mappings update, scalars replace.
    RETURNS (DateRules): the compiled vocabulary and patterns.

    Raises OntologyError naming the file and line of a malformed entry.

    Example:
        >>> load_date_rules().months["nov"]
        11
    """
    path = Path(path)
    data = load_rule_file(path, _SECTIONS, user_file)
    return _compile(data, path)


DATES = rule_family("dates", DATES_FILE, lambda user: load_date_rules(user_file=user))


def _phrase_entries(
    path: Path, data: dict[str, Any], key: str, shape: str, more: str = ""
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The entries of the list ``key`` (each a mapping with a ``phrase``; ``shape`` says
    which keys, ``more`` what else an entry needs), with the phrase in lower case and single
    spaces. OntologyError naming the file and line of the list or of a malformed entry."""
    entries = data[key]
    if not isinstance(entries, list):
        raise _fail(path, f"'{key}' must be a list of {shape}", data)
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("phrase"), str):
            needs = f"a phrase {more}" if more else "a phrase"
            raise _fail(path, f"'{key}': each entry needs {needs}", entry)
        yield " ".join(entry["phrase"].lower().split()), entry


def _compile(data: dict[str, Any], path: Path) -> DateRules:
    order = data["numeric_order"]
    if order not in ("DMY", "MDY"):
        raise _fail(
            path, f"numeric_order: expected DMY or MDY, got {order!r}", data, "numeric_order"
        )
    months = _int_map(path, data, "months", 1, 12)
    weekdays = _int_map(path, data, "weekdays", 0, 6)
    ambiguous = frozenset(_words(path, data, "ambiguous_months"))
    parts_of_day = _words(path, data, "parts_of_day")
    day_modifiers = _words(path, data, "day_modifiers")
    future_words = _words(path, data, "future_words")
    boundary_words = _words(path, data, "boundary_words")
    month_cues = _words(path, data, "month_cues")
    ago_words = _words(path, data, "ago_words")
    month_day = _int(path, data["month_day"], "month_day", data, 1, 28)
    week_day = _int(path, data["week_day"], "week_day", data, 0, 6)
    weekend_day = _int(path, data["weekend_day"], "weekend_day", data, 0, 6)

    month_parts: dict[str, int] = {}
    for phrase, entry in _phrase_entries(path, data, "month_parts", "{phrase, day}", "and a day"):
        day = _int(path, entry.get("day"), f"month_parts '{entry['phrase']}'", entry, 1, 28)
        month_parts[phrase] = day

    relative: dict[str, Relative] = {}
    for phrase, entry in _phrase_entries(path, data, "relative", "{phrase, unit, offset}"):
        unit = entry.get("unit")
        if unit not in _DEFAULT_PRECISION:
            raise _fail(
                path,
                f"relative '{phrase}': unknown unit {unit!r}; use day, week, weekend or month",
                entry,
            )
        offset = entry.get("offset")
        if isinstance(offset, bool) or not isinstance(offset, int):
            raise _fail(path, f"relative '{phrase}': offset must be a whole number", entry)
        precision = _int(
            path,
            entry.get("precision", _DEFAULT_PRECISION[unit]),
            f"relative '{phrase}' precision",
            entry,
            1,
            3,
        )
        rank = _int(
            path, entry.get("rank", RANK_RELATIVE), f"relative '{phrase}' rank", entry, 0, 9
        )
        relative[phrase] = Relative(unit, offset, precision, rank)

    ago_units: dict[str, tuple[int, int, int]] = {}
    units = mapping_section(path, data, "ago_units")
    for word, spec in entries(units):
        if not isinstance(spec, dict) or not ({"days", "months"} & set(spec)):
            raise _fail(path, f"ago_units '{word}': needs days or months, and precision", units)
        ago_units[str(word).lower()] = (
            _int(path, spec.get("days", 0), f"ago_units '{word}' days", spec, 0, 366),
            _int(path, spec.get("months", 0), f"ago_units '{word}' months", spec, 0, 12),
            _int(path, spec.get("precision", DAY), f"ago_units '{word}' precision", spec, 1, 3),
        )

    anchor_words = _anchor_words(path, data)
    count_words = _count_words(path, data)
    vague_counts = _vague_counts(path, data)
    year_cues = _words(path, data, "year_cues")
    year_blockers = _words(path, data, "year_blockers")
    year_day = _month_day(path, data["year_day"], "year_day", data)
    year_parts = {
        words: _month_day(path, spec, f"year_parts '{words}'", data["year_parts"], phrase)
        for words, spec, phrase in _entries(path, data, "year_parts")
    }

    patterns = build_patterns(
        months=months,
        weekdays=weekdays,
        parts_of_day=parts_of_day,
        day_modifiers=day_modifiers + future_words,
        month_cues=month_cues,
        relative=list(relative),
        ago_units=list(ago_units),
        ago_words=ago_words,
        anchor_words=list(anchor_words),
        counts=list(vague_counts),
        year_cues=year_cues,
        year_parts=list(year_parts),
        year_blockers=year_blockers,
    )
    report_words = frozenset(_words(path, data, "report_words"))
    report_reach = _int(path, data["report_reach"], "report_reach", data, 0, 10)
    story_time = build_story_time(_words(path, data, "story_time_words"))
    prefilter = build_prefilter(
        months=months,
        weekdays=weekdays,
        ago_words=ago_words,
        relative=relative,
        anchor_words=anchor_words,
    )
    return DateRules(
        numeric_order=order,
        months=months,
        ambiguous_months=ambiguous,
        weekdays=weekdays,
        future_words=frozenset(future_words),
        boundary_words=frozenset(boundary_words),
        month_day=month_day,
        month_parts=month_parts,
        week_day=week_day,
        weekend_day=weekend_day,
        relative=relative,
        ago_units=ago_units,
        anchor_words=anchor_words,
        count_words=count_words,
        vague_counts=vague_counts,
        year_day=year_day,
        year_parts=year_parts,
        patterns=patterns,
        prefilter=prefilter,
        report_words=report_words,
        report_reach=report_reach,
        story_time=story_time,
    )


def _entries(path: Path, data: dict[str, Any], key: str) -> list[tuple[str, Any, Any]]:
    """(phrase, value, where) for each entry of a mapping section; ``where`` carries the
    file an entry came from, so errors name the user file for its own entries."""
    out = []
    for phrase, spec in entries(mapping_section(path, data, key)):
        words = " ".join(str(phrase).lower().split())
        if not words:
            raise _fail(path, f"'{key}': empty word", data, key)
        out.append((words, spec, phrase))
    return out


def _entry_error(
    path: Path, data: dict[str, Any], key: str, phrase: Any, problem: str
) -> OntologyError:
    """The error for one entry of a mapping section, at the entry's file and line."""
    return rule_error(path, problem, data[key], key=str(phrase))


def _anchor_words(path: Path, data: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for words, sign, phrase in _entries(path, data, "anchor_words"):
        if isinstance(sign, bool) or sign not in (-1, 1):
            raise _entry_error(
                path,
                data,
                "anchor_words",
                phrase,
                f"anchor_words '{words}': expected -1 (earlier) or 1 (later), got {sign!r}",
            )
        out[words] = sign
    return out


def _count_words(path: Path, data: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for words, count, phrase in _entries(path, data, "count_words"):
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 366:
            raise _entry_error(
                path,
                data,
                "count_words",
                phrase,
                f"count_words '{words}': expected a whole number from 1 to 366, got {count!r}",
            )
        out[words] = count
    return out


def _vague_counts(path: Path, data: dict[str, Any]) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for words, spec, phrase in _entries(path, data, "vague_counts"):
        count = spec.get("count") if isinstance(spec, dict) else None
        precision = spec.get("precision", WEEK) if isinstance(spec, dict) else None
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 366:
            problem = f"vague_counts '{words}': count must be a whole number from 1 to 366"
        elif isinstance(precision, bool) or precision not in (DAY, WEEK, MONTH):
            problem = f"vague_counts '{words}': precision must be 1, 2 or 3, got {precision!r}"
        else:
            out[words] = (count, precision)
            continue
        raise _entry_error(path, data, "vague_counts", phrase, problem)
    return out


def _month_day(path: Path, spec: Any, what: str, where: Any, key: Any = None) -> tuple[int, int]:
    """A ``{month, day}`` entry (a day inside a year) as (month, day)."""
    if not isinstance(spec, dict) or set(spec) - {"month", "day", *META_KEYS}:
        raise rule_error(
            path,
            f"{what}: expected {{month, day}}, got {spec!r}",
            where,
            key=None if key is None else str(key),
        )
    month = _int(path, spec.get("month"), f"{what} month", spec, 1, 12)
    day = _int(path, spec.get("day"), f"{what} day", spec, 1, 28)
    return month, day
