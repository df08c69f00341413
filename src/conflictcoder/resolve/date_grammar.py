"""The grammar of date expressions: the regular expressions built from ``dates.yaml``.

One pattern per kind of expression (ISO and all-number dates, ranges, day-month and
month-day dates, months, weekdays, relative expressions, "three days ago", offsets anchored
to a date, years alone); the finder (``date_finder``) reads their named groups. The
prefilter is the cheap test that a sentence can hold a date at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..text import phrase_alternation as _alternation


def build_patterns(
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
    """The compiled expression grammar, one pattern per kind of date expression (the
    finder reads their named groups), and the gates (``has_month``, ``has_weekday``,
    ``has_year``, ``has_digit``): a sentence where a gate finds nothing holds no match of
    the patterns that need it.

    Example:
        >>> from conflictcoder.resolve.date_rules import load_date_rules
        >>> bool(load_date_rules().patterns["weekday"].search("on Monday"))
        True
    """
    # an abbreviation ("Nov.", "Sept") may end in a full stop; a full name may not
    full = {max((w for w in months if months[w] == n), key=len) for n in set(months.values())}
    month = rf"(?:(?:{_alternation(full)})\b|(?:{_alternation(set(months) - full)})\b\.?)"
    day = r"(?:[0-3]?\d)(?:st|nd|rd|th)?(?![\d:/])"
    year = r"(?:19|20)\d\d(?!\d)"
    join = r"(?P<join>and|to|until|till|through|-|–|—)"
    pod = rf"(?:\s+(?:{_alternation(parts_of_day)}))?"
    modifiers = _alternation(day_modifiers)
    offset = (
        rf"(?<![\w-])(?P<n>{_alternation(counts)}|\d{{1,3}}|[a-z]+(?:-[a-z]+)?)"
        rf"\s+(?P<u>{_alternation(ago_units)})\s+(?P<a>{_alternation(anchor_words)})\s+"
    )
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
        "anchored": offset + "$",
        # "two days after ", "a week before ": the same offset anywhere (before a clause:
        # "found on Friday, two days after gunmen kidnapped them")
        "clause": offset,
        # in 2011, since early 2011, by the end of 2014, mid-2013 (a cue or a part needed);
        # not "in 2,011 raids" nor "until 2000 hours" (nor "from 1900 to 2000 hours")
        "year": rf"(?:\b(?P<cue>{_alternation(year_cues)})[\s-]+)?"
        rf"(?:\b(?P<part>{_alternation(year_parts)})[\s-]+)?"
        rf"(?<![\d,.])\b(?P<y>{year})(?![.,]\d)"
        rf"(?!\s*(?:(?:-|–|—|to|and|until|till)\s*\d{{4}}\s*)?(?:{_alternation(year_blockers)})\b)",
    }
    # Gates: what every match of some patterns holds, found by a cheaper search first; the
    # finder runs those patterns only on a sentence where their gate finds it. Every month
    # and weekday of the patterns ends at a word boundary (and starts at one, or after a
    # space, when it starts with a word character).
    lead = r"\b" if all(re.match(r"\w", w) for w in months) else ""
    sources["has_month"] = rf"{lead}(?:{_alternation(months)})\b"
    sources["has_weekday"] = rf"\b(?:{_alternation(weekdays)})\b"
    sources["has_year"] = year
    sources["has_digit"] = r"\d"
    return {name: re.compile(source, re.IGNORECASE) for name, source in sources.items()}


def build_prefilter(
    *,
    months: Iterable[str],
    weekdays: Iterable[str],
    ago_words: Iterable[str],
    relative: Iterable[str],
    anchor_words: Iterable[str] = (),
) -> re.Pattern[str]:
    """A digit or one of the words every date expression holds (the longest word of each
    relative phrase and anchor word: "a day after" the killings): a sentence without one
    names no date.

    Example:
        >>> p = build_prefilter(months=["may"], weekdays=[], ago_words=[], relative=["last week"])
        >>> bool(p.search("Clashes last week")), bool(p.search("Clashes"))
        (True, False)
    """
    trigger_words = set(months) | set(weekdays) | set(ago_words)
    trigger_words |= {max(phrase.split(), key=len) for phrase in (*relative, *anchor_words)}
    return re.compile(r"\d|\b(?:" + _alternation(trigger_words) + r")\b", re.IGNORECASE)


def build_story_time(words: Sequence[str]) -> re.Pattern[str] | None:
    """The words that open a sentence and return to the story's main time ("Meanwhile,"),
    as a pattern matched at a sentence's start; None when there are none.

    Example:
        >>> bool(build_story_time(["meanwhile"]).match("Meanwhile, jets struck."))
        True
    """
    if not words:
        return None
    return re.compile(rf"\W*(?:{_alternation(words)})\b", re.IGNORECASE)
