"""Dates: the most specific date expression of a sentence, resolved against publication.

Why over 600 lines: the rule compiler (``_compile``, ``_build_patterns``) and the finder
(``_Finder``) share one set of compiled patterns whose group names tie them together;
splitting them apart is the next step (the loading helpers already moved to
``ontology/loader.py``, the month words to ``calendar.py``).

Candidates are found with precompiled regular expressions built from the vocabulary in
``ontology/dates.yaml`` (months, weekdays, relative expressions); no date parser runs on
whole sentences. Explicit formats are read by our own patterns rather than ``dateparser``:
they are few, and our patterns give exact offsets, strict validation and a documented
reading of ambiguous all-number dates (``numeric_order``: DMY by default).

Rules:

* explicit dates: "On 2 November, 2019", "2nd of November 2019", "November 2, 2019",
  "2 Nov", "2019-11-02", "2/11/2019" (DMY unless a part above 12 decides), ranges
  ("between 3 and 5 November", "3-5 November", "November 3 to 5") with ``date_end``;
  without a year, the year that keeps the date on or before publication;
* weekdays: the most recent such day on or before publication ("on Monday" published on
  Tuesday 2019-12-17 is 2019-12-16; the same weekday is the publication day itself;
  "last Monday" is strictly before); parts of day ("Tuesday morning") keep the day;
  "next Monday" is never a realised event's day and is ignored;
* relative expressions from ``dates.yaml``: "today", "this morning" (publication day),
  "yesterday", "last night", "overnight" (the day before), "a day earlier" (publication
  minus one: the story's own anchor is not visible in one sentence), "last week"
  (time_precision 2), "last month", "early November" (time_precision 3);
* offsets anchored to an explicit date of the sentence: "two days before 5 March 2020",
  "a week after 3 June", "a few days prior to 1 May" shift that date; the precision is
  the coarser of the unit's ("weeks": 2) and the count's (a vague "a few": 2); a bare
  "before 12 October" (no count) stays a boundary;
* a year alone after a cue ("in 2011", "since early 2011", "by the end of 2014",
  "mid-2013"; ``year_cues`` and ``year_parts``) is history: time_precision 3 (ACLED has
  none coarser) at a day inside that year (``year_day``, or the part named), and only for
  a year before publication's (a year of publication or later, or an unknown
  publication, gives no candidate); it ranks below every other date of the sentence. A
  number without a cue ("Regiment 2012"), with a thousands comma ("in 2,011 raids") or
  before a clock word ("until 2000 hours", ``year_blockers``) is not a year;
* a realised event is never after publication: later dates are clamped to it;
* without a publication date, relative expressions and dates without a year give
  ``date`` None (with their precision and text).

The most specific expression wins: day before week before month; among equals an explicit
date before a weekday before a relative expression, then the first in the sentence; a
date after "since"/"until" is used only when nothing else is there, and a year alone only
when no day, week or month is there.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import OntologyError
from ..ontology import ONTOLOGY_DIR
from ..ontology.loader import (
    META_KEYS,
    int_map,
    key_line,
    load_rule_file,
    merge_rule_files,
    rule_error,
    whole_number,
    word_list,
)
from ..registry import date_resolvers
from ..text import phrase_alternation as _alternation
from .calendar import month_words
from .counts import parse_number

__all__ = [
    "DATES_FILE",
    "META_KEYS",
    "DateResolution",
    "DateRules",
    "date_rules",
    "key_line",
    "load_date_rules",
    "merge_rule_files",
    "month_words",
    "resolve_date",
    "rule_error",
]
_fail = rule_error
_words = word_list
_int = whole_number
_int_map = int_map

DATES_FILE = ONTOLOGY_DIR / "dates.yaml"
_Date = date  # the field below is called ``date``

DAY, WEEK, MONTH = 1, 2, 3
_DEFAULT_PRECISION = {"day": DAY, "week": WEEK, "weekend": WEEK, "month": MONTH}
_RANK_EXPLICIT, _RANK_NO_YEAR, _RANK_WEEKDAY, _RANK_RELATIVE = 0, 1, 2, 3
# A year alone ranks after every other candidate (relative ranks go up to 9).
_RANK_YEAR = 10


@dataclass(frozen=True)
class DateResolution:
    """A date found in a sentence.

    date (date | None): the resolved day; None when the text names no date (or only a
        relative one and the publication date is unknown).
    precision (int): ACLED time_precision: 1 day, 2 week, 3 month.
    date_end (date | None): the last day of a range ("between 3 and 5 November"), else None.
    text (str | None): the expression as written.
    start, end (int | None): its offsets inside the sentence.
    """

    date: _Date | None
    precision: int
    date_end: _Date | None
    text: str | None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class _Relative:
    unit: str
    offset: int
    precision: int
    rank: int


@dataclass(frozen=True)
class DateRules:
    """The compiled vocabulary of ``dates.yaml`` (see that file for each key)."""

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
    relative: dict[str, _Relative]
    ago_units: dict[str, tuple[int, int, int]]  # word -> (days, months, precision)
    anchor_words: dict[str, int]  # "before" -> -1, "after" -> 1
    count_words: dict[str, int]  # "a" -> 1
    vague_counts: dict[str, tuple[int, int]]  # "a few" -> (3, precision 2)
    year_day: tuple[int, int]  # (month, day) coded for a year alone
    year_parts: dict[str, tuple[int, int]]  # "early" -> (2, 15)
    patterns: dict[str, re.Pattern[str]]
    prefilter: re.Pattern[str]


# ----------------------------------------------------------------------------- loading

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
    parts = data["month_parts"]
    if not isinstance(parts, list):
        raise _fail(path, "'month_parts' must be a list of {phrase, day}", data)
    for entry in parts:
        if not isinstance(entry, dict) or not isinstance(entry.get("phrase"), str):
            raise _fail(path, "'month_parts': each entry needs a phrase and a day", entry)
        day = _int(path, entry.get("day"), f"month_parts '{entry['phrase']}'", entry, 1, 28)
        month_parts[" ".join(entry["phrase"].lower().split())] = day

    relative: dict[str, _Relative] = {}
    entries = data["relative"]
    if not isinstance(entries, list):
        raise _fail(path, "'relative' must be a list of {phrase, unit, offset}", data)
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("phrase"), str):
            raise _fail(path, "'relative': each entry needs a phrase", entry)
        phrase = " ".join(entry["phrase"].lower().split())
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
            path, entry.get("rank", _RANK_RELATIVE), f"relative '{phrase}' rank", entry, 0, 9
        )
        relative[phrase] = _Relative(unit, offset, precision, rank)

    ago_units: dict[str, tuple[int, int, int]] = {}
    units = data["ago_units"]
    if not isinstance(units, dict):
        raise _fail(path, "'ago_units' must be a mapping", data)
    for word, spec in units.items():
        if word in META_KEYS:
            continue
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

    patterns = _build_patterns(
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
    trigger_words = set(months) | set(weekdays) | set(ago_words)
    trigger_words |= {max(phrase.split(), key=len) for phrase in relative}
    prefilter = re.compile(r"\d|\b(?:" + _alternation(trigger_words) + r")\b", re.IGNORECASE)
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
    )


def _entries(path: Path, data: dict[str, Any], key: str) -> list[tuple[str, Any, Any]]:
    """(phrase, value, where) for each entry of a mapping section; ``where`` carries the
    file an entry came from, so errors name the user file for its own entries."""
    value = data.get(key)
    if not isinstance(value, dict):
        raise _fail(path, f"'{key}' must be a mapping", data, key)
    out = []
    for phrase, spec in value.items():
        if phrase in META_KEYS:
            continue
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


def _build_patterns(
    *,
    months: dict[str, int],
    weekdays: dict[str, int],
    parts_of_day: Sequence[str],
    day_modifiers: Sequence[str],
    month_cues: Sequence[str],
    relative: Sequence[str],
    ago_units: Sequence[str],
    ago_words: Sequence[str],
    anchor_words: Sequence[str],
    counts: Sequence[str],
    year_cues: Sequence[str],
    year_parts: Sequence[str],
    year_blockers: Sequence[str],
) -> dict[str, re.Pattern[str]]:
    # an abbreviation ("Nov.", "Sept") may end in a full stop; a full name may not
    full = {max((w for w in months if months[w] == n), key=len) for n in set(months.values())}
    month = rf"(?:(?:{_alternation(full)})\b|(?:{_alternation(set(months) - full)})\b\.?)"
    day = r"(?:[0-3]?\d)(?:st|nd|rd|th)?(?![\d:/])"
    year = r"(?:19|20)\d\d(?!\d)"
    join = r"(?P<join>and|to|until|till|through|-|–|—)"
    pod = rf"(?:\s+(?:{_alternation(parts_of_day)}))?"
    modifiers = _alternation(day_modifiers)
    sources = {
        # 2019-11-02
        "iso": r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?![\d/.-]?\d)",
        # 2/11/2019, 02.11.2019, 2/11/19
        "numeric": r"(?<![\d/.:-])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)"
        r"(?P<y>(?:19|20)?\d\d)(?![\d/.]?\d)",
        # between 3 and 5 November, 3-5 November 2019, from 30 October to 2 November
        "range_dm": rf"(?:\b(?P<open>between|from)\s+)?(?:the\s+)?(?<![\d,.])(?P<d1>{day})"
        rf"(?:\s+(?:of\s+)?(?P<m1>{month})(?:,?\s+(?P<y1>{year}))?)?"
        rf"\s*{join}\s*(?:the\s+)?(?P<d2>{day})\s+(?:of\s+)?(?P<m2>{month})"
        rf"(?:,?\s+(?P<y2>{year}))?",
        # November 3-5, between November 3 and 5, 2019
        "range_md": rf"(?:\b(?P<open>between|from)\s+)?\b(?P<m>{month})\s+(?:the\s+)?"
        rf"(?P<d1>{day})\s*{join}\s*(?:the\s+)?(?P<d2>{day})(?:,?\s+(?P<y>{year}))?",
        # 2 November, 2019; the 2nd of November
        "dmy": rf"(?<![\d,.])(?:\bthe\s+)?\b(?P<d>{day})(?:\s+of)?\s+(?P<m>{month})"
        rf"(?:,?\s+(?P<y>{year}))?",
        # November 2, 2019; Nov. 2
        "mdy": rf"\b(?P<m>{month})\s+(?:the\s+)?(?P<d>{day})(?:,?\s+(?P<y>{year}))?",
        # early November, in May 2019, November 2019
        "month": rf"(?:\b(?P<cue>{_alternation(month_cues)})[\s-]+)?\b(?P<m>{month})"
        rf"(?:,?\s+(?P<y>{year}))?",
        # on Monday, last Tuesday, early Wednesday morning
        "weekday": rf"(?:\b(?P<pre>{modifiers})\s+)?(?:\b(?P<pre2>{modifiers})\s+)?"
        rf"\b(?P<w>{_alternation(weekdays)})\b{pod}",
        # yesterday, last week, a day earlier
        "relative": rf"\b(?P<r>{_alternation(relative)})\b{pod}",
        # three days ago, 2 weeks earlier
        "ago": rf"\b(?P<n>\d{{1,3}}|an?|[a-z]+(?:-[a-z]+)?)\s+(?P<u>{_alternation(ago_units)})"
        rf"\s+(?P<w>{_alternation(ago_words)})\b",
        # "a few days before ", "two weeks after ": searched up to an explicit date's start
        "anchored": rf"(?<![\w-])(?P<n>{_alternation(counts)}|\d{{1,3}}|[a-z]+(?:-[a-z]+)?)"
        rf"\s+(?P<u>{_alternation(ago_units)})\s+(?P<a>{_alternation(anchor_words)})\s+$",
        # in 2011, since early 2011, by the end of 2014, mid-2013 (a cue or a part needed);
        # not "in 2,011 raids" nor "until 2000 hours" (nor "from 1900 to 2000 hours")
        "year": rf"(?:\b(?P<cue>{_alternation(year_cues)})[\s-]+)?"
        rf"(?:\b(?P<part>{_alternation(year_parts)})[\s-]+)?"
        rf"(?<![\d,.])\b(?P<y>{year})(?![.,]\d)"
        rf"(?!\s*(?:(?:-|–|—|to|and|until|till)\s*\d{{4}}\s*)?(?:{_alternation(year_blockers)})\b)",
    }
    return {name: re.compile(source, re.IGNORECASE) for name, source in sources.items()}


@lru_cache(maxsize=1)
def date_rules() -> DateRules:
    """The packaged rules, loaded once.

    Example:
        >>> date_rules().numeric_order
        'DMY'
    """
    return load_date_rules()


# ----------------------------------------------------------------------------- resolving


@dataclass(frozen=True)
class _Offset:
    """ "a few days before ": a shift of an explicit date that follows it."""

    start: int
    sign: int
    count: int
    days: int
    months: int
    precision: int

    def shift(self, day: date) -> date:
        if self.months:
            return _add_months(day, self.sign * self.count * self.months, day.day)
        return day + timedelta(days=self.sign * self.count * self.days)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    precision: int
    rank: int
    date: _Date | None
    date_end: _Date | None = None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(
    month: int, day: int, published: date | None, offset: _Offset | None = None
) -> date | None:
    """The date with the year that keeps it on or before publication; with an offset
    anchored on it, the year that keeps the earlier of the date and the shifted one there
    ("two days before 18 December" published 17 December is this year's)."""
    if published is None:
        return None
    for year in (published.year, published.year - 1):
        found = _safe_date(year, month, day)
        if found is None:
            continue
        earliest = found if offset is None else min(found, offset.shift(found))
        if earliest <= published:
            return found
    return None


def _add_months(day: date, months: int, day_of_month: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day_of_month, last))


def _clamp(found: date | None, published: date | None) -> date | None:
    if found is None or published is None:
        return found
    return min(found, published)


class _Finder:
    def __init__(self, rules: DateRules, sentence: str, published: date | None) -> None:
        self.r = rules
        self.s = sentence
        self.pub = published
        self.out: list[_Candidate] = []

    def month(self, text: str | None) -> int | None:
        if not text:
            return None
        return self.r.months.get(text.rstrip(".").lower())

    def ambiguous(self, text: str) -> bool:
        """ "may", "march" lower-case are words, not months."""
        word = text.rstrip(".")
        return word.lower() in self.r.ambiguous_months and not word[:1].isupper()

    def add(
        self,
        m: re.Match[str],
        precision: int,
        rank: int,
        found: date | None,
        end_date: date | None = None,
    ) -> None:
        self.out.append(
            _Candidate(
                m.start(),
                m.end(),
                precision,
                rank,
                _clamp(found, self.pub),
                _clamp(end_date, self.pub),
            )
        )

    def explicit(self, m: re.Match[str], year: str | None, month: int, day: int) -> None:
        offset = self.offset(m.start())
        if year:
            found = _safe_date(int(year), month, day)
            if found is not None:
                self.dated(m, _RANK_EXPLICIT, found, offset)
            return
        if _safe_date(2000, month, day) is None:  # 31 February (2000: a leap year)
            return
        self.dated(m, _RANK_NO_YEAR, _infer_year(month, day, self.pub, offset), offset)

    def dated(
        self, m: re.Match[str], rank: int, found: date | None, offset: _Offset | None
    ) -> None:
        """An explicit day, or the day an offset before it ("two days before") points to:
        that candidate spans the whole phrase and takes the explicit date's place."""
        if offset is None:
            self.add(m, DAY, rank, found)
            return
        shifted = None if found is None else offset.shift(found)
        self.out.append(
            _Candidate(offset.start, m.end(), offset.precision, rank, _clamp(shifted, self.pub))
        )

    def offset(self, start: int) -> _Offset | None:
        """The "<count> <unit> before|after|prior to " right before ``start``, if any."""
        m = self.r.patterns["anchored"].search(self.s, max(0, start - 80), start)
        if m is None:
            return None
        count = self.count(m["n"])
        if count is None:
            return None
        number, count_precision = count
        days, months, unit_precision = self.r.ago_units[m["u"].lower()]
        sign = self.r.anchor_words[" ".join(m["a"].lower().split())]
        precision = max(unit_precision, count_precision)
        return _Offset(m.start(), sign, number, days, months, precision)

    def count(self, text: str) -> tuple[int, int] | None:
        """(number, precision) of a count: "two" (exact: day precision), "a few" (vague)."""
        raw = " ".join(text.lower().split())
        if raw in self.r.vague_counts:
            return self.r.vague_counts[raw]
        n = self.r.count_words.get(raw) or parse_number(raw)
        if n is None or not 1 <= n <= 366:
            return None
        return n, DAY

    def run(self) -> list[_Candidate]:
        p = self.r.patterns
        s = self.s
        for m in p["iso"].finditer(s):
            if 1 <= int(m["m"]) <= 12:
                self.explicit(m, m["y"], int(m["m"]), int(m["d"]))
        for m in p["numeric"].finditer(s):
            self.numeric(m)
        for m in p["range_dm"].finditer(s):
            self.range(
                m,
                self.month(m["m1"]) or self.month(m["m2"]),
                self.month(m["m2"]),
                m["y1"] or m["y2"],
                m["y2"],
                m["d1"],
                m["d2"],
                m["m2"],
            )
        for m in p["range_md"].finditer(s):
            mo = self.month(m["m"])
            self.range(m, mo, mo, m["y"], m["y"], m["d1"], m["d2"], m["m"])
        for m in p["dmy"].finditer(s):
            if not self.ambiguous(m["m"]):
                self.explicit(m, m["y"], self.month(m["m"]) or 0, _day(m["d"]))
        for m in p["mdy"].finditer(s):
            if not self.ambiguous(m["m"]):
                self.explicit(m, m["y"], self.month(m["m"]) or 0, _day(m["d"]))
        for m in p["month"].finditer(s):
            self.month_only(m)
        for m in p["weekday"].finditer(s):
            self.weekday(m)
        for m in p["relative"].finditer(s):
            self.relative(m)
        for m in p["ago"].finditer(s):
            self.ago(m)
        for m in p["year"].finditer(s):
            self.year(m)
        return self.out

    def numeric(self, m: re.Match[str]) -> None:
        a, b, y = int(m["a"]), int(m["b"]), m["y"]
        year = y if len(y) == 4 else str(2000 + int(y))
        if a > 12 and b <= 12:
            day, month = a, b
        elif b > 12 and a <= 12:
            day, month = b, a
        elif self.r.numeric_order == "DMY":
            day, month = a, b
        else:
            day, month = b, a
        if 1 <= month <= 12:
            self.explicit(m, year, month, day)

    def range(
        self,
        m: re.Match[str],
        m1: int | None,
        m2: int | None,
        y1: str | None,
        y2: str | None,
        d1: str,
        d2: str,
        month_text: str,
    ) -> None:
        if m1 is None or m2 is None or self.ambiguous(month_text):
            return
        if m["join"].lower() == "and" and not m["open"]:
            return  # "3 and 5 November" without "between" is two dates, not a range
        day1, day2 = _day(d1), _day(d2)
        last = _safe_date(int(y2), m2, day2) if y2 else _infer_year(m2, day2, self.pub)
        if last is None:
            if self.pub is None and _safe_date(2000, m2, day2) is not None:
                self.add(m, DAY, _RANK_NO_YEAR, None)
            return
        year1 = int(y1) if y1 else (last.year if m1 <= m2 else last.year - 1)
        first = _safe_date(year1, m1, day1)
        if first is None or first > last:
            return
        rank = _RANK_EXPLICIT if y2 else _RANK_NO_YEAR
        self.add(m, DAY if first == last else DAY, rank, first, last if last != first else None)

    def month_only(self, m: re.Match[str]) -> None:
        month = self.month(m["m"])
        if month is None:
            return
        cue = " ".join((m["cue"] or "").lower().split())
        if not cue and not m["y"]:
            return  # a bare month name: "the May offensive", "March" the verb
        if self.ambiguous(m["m"]):
            return
        day = self.r.month_parts.get(cue, self.r.month_day)
        if m["y"]:
            found = _safe_date(int(m["y"]), month, day)
        elif self.pub is None:
            found = None
        else:
            year = self.pub.year if date(self.pub.year, month, 1) <= self.pub else self.pub.year - 1
            found = date(year, month, day)
        start = m.start("cue") if cue in self.r.month_parts else m.start("m")
        rank = _RANK_EXPLICIT if m["y"] else _RANK_NO_YEAR
        self.out.append(_Candidate(start, m.end(), MONTH, rank, _clamp(found, self.pub)))

    def weekday(self, m: re.Match[str]) -> None:
        pre = {(m["pre"] or "").lower(), (m["pre2"] or "").lower()}
        if pre & self.r.future_words:
            return  # "next Monday"
        wd = self.r.weekdays[m["w"].lower()]
        found = None
        if self.pub is not None:
            delta = (self.pub.weekday() - wd) % 7
            if "last" in pre and delta == 0:
                delta = 7
            found = self.pub - timedelta(days=delta)
        self.add(m, DAY, _RANK_WEEKDAY, found)

    def relative(self, m: re.Match[str]) -> None:
        rel = self.r.relative[" ".join(m["r"].lower().split())]
        self.add(m, rel.precision, rel.rank, self.relative_date(rel))

    def relative_date(self, rel: _Relative) -> date | None:
        pub = self.pub
        if pub is None:
            return None
        if rel.unit == "day":
            return pub + timedelta(days=rel.offset)
        if rel.unit == "week":
            monday = pub - timedelta(days=pub.weekday())
            return monday + timedelta(days=7 * rel.offset + self.r.week_day)
        if rel.unit == "weekend":
            back = (pub.weekday() - self.r.weekend_day) % 7
            return pub - timedelta(days=back - 7 * rel.offset)
        return _add_months(pub, rel.offset, self.r.month_day)

    def ago(self, m: re.Match[str]) -> None:
        raw = m["n"].lower()
        n = self.r.count_words.get(raw) or parse_number(raw)
        if n is None or n > 366:
            return
        days, months, precision = self.r.ago_units[m["u"].lower()]
        found = None
        if self.pub is not None:
            if months:
                found = _add_months(self.pub, -n * months, self.pub.day)
            else:
                found = self.pub - timedelta(days=n * days)
        self.add(m, precision, _RANK_RELATIVE, found)

    def year(self, m: re.Match[str]) -> None:
        """A year alone: history when before publication's year, else no candidate."""
        if not (m["cue"] or m["part"]) or self.pub is None:
            return
        year = int(m["y"])
        if year >= self.pub.year:
            return  # not background: the story's own year (or later) says nothing here
        part = " ".join((m["part"] or "").lower().split())
        month, day = self.r.year_parts.get(part, self.r.year_day)
        start = m.start("part") if m["part"] else m.start("y")
        self.out.append(_Candidate(start, m.end("y"), MONTH, _RANK_YEAR, date(year, month, day)))


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _select(candidates: list[_Candidate], sentence: str, rules: DateRules) -> _Candidate | None:
    """The most specific candidate; contained ones ("5 November" inside a range) dropped."""
    kept = [
        c
        for c in candidates
        if not any(
            o is not c
            and o.start <= c.start
            and c.end <= o.end
            and (o.end - o.start) > (c.end - c.start)
            for o in candidates
        )
    ]
    if not kept:
        return None

    def boundary(c: _Candidate) -> bool:
        before = sentence[: c.start].split()
        return bool(before) and before[-1].lower().strip(",") in rules.boundary_words

    return min(
        kept, key=lambda c: (c.rank == _RANK_YEAR, boundary(c), c.precision, c.rank, c.start)
    )


@date_resolvers.register("conflictcoder.rule_dates.v1", aliases=("rules",))
def resolve_date(
    sentence: str, published: date | None, *, rules: DateRules | None = None
) -> DateResolution:
    """The most specific date expression of one sentence, resolved against publication.

    sentence (str): one sentence (or just a date expression).
    published (date | None): the article's publication date, the anchor of relative
        expressions; None leaves relative expressions unresolved (``date`` None).
    rules (DateRules | None): the vocabulary. Defaults to the packaged ``dates.yaml``.
    RETURNS (DateResolution): ``date`` None (precision 1, text None) when the sentence
        names no date; otherwise the date, its ACLED time_precision, ``date_end`` for a
        range, and the expression with its offsets.

    Example:
        >>> r = resolve_date("Two children were killed on Monday.", date(2019, 12, 17))
        >>> r.date, r.precision, r.text
        (datetime.date(2019, 12, 16), 1, 'on Monday')
        >>> resolve_date("Clashes erupted early November.", date(2019, 12, 17)).precision
        3
    """
    r = rules or date_rules()
    if not sentence or not r.prefilter.search(sentence):
        return DateResolution(None, DAY, None, None)
    best = _select(_Finder(r, sentence, published).run(), sentence, r)
    if best is None:
        return DateResolution(None, DAY, None, None)
    return DateResolution(
        best.date,
        best.precision,
        best.date_end,
        sentence[best.start : best.end],
        best.start,
        best.end,
    )
