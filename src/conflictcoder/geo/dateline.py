"""Datelines, read in one place: the date a report was filed and the place it was filed from.

Three readers use these patterns: ingest's standalone datelines ("17 December, 2019" alone
on a line, a date in a meta value), the report's own date from the dateline that opens its
text (``resolve/report_date.py``) and the place of a wire dateline (``dateline_span``).

A wire dateline: "BAMAKO (Reuters) -", "KHARTOUM, May 3 (AFP) -", "ADEN, Yemen, Jan. 4 (AP) —":
the city in capitals, an optional country or region, then a date, the agency in brackets or
both, then a dash. The city may say which country the report is about; it says nothing of
where in that country the events took place.

Month and weekday names, agency names and dateline prefixes are the boilerplate rules'
(``ontology/boilerplate.yaml``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from ..text import phrase_alternation

if TYPE_CHECKING:
    from ..clean import BoilerplateRules

# A day of the month: "5", "05", "5th".
DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
# How far a wire dateline's place name may run ("RAS AL-AIN, Syria, July 5 (Reuters) -").
WIRE_PLACE_CHARS = 40
# The first character and the rest of a wire dateline's place name.
_PLACE = r"[A-Z][A-Za-z .'’-]"
# The dash that ends a wire dateline.
_DASH = r"[-–—]"


def date_pattern(
    rules: BoilerplateRules, *, year: str, iso_time: bool = False, numeric: bool = False
) -> str:
    """The regex of a date as datelines write it, after an optional weekday: "5 July 2016",
    "July 5, 2016", "2016-07-05"; with ``numeric`` also "05/07/2016".

    The groups ``d1 m1 y1`` .. ``d4 m4 y4`` hold the parts; ``match_date`` reads them.

    rules (BoilerplateRules): the month and weekday names.
    year (str): the regex of a year.
    iso_time (bool): a time may follow an ISO date ("2019-12-17T10:45Z"). Defaults to False.
    numeric (bool): the day, month and year in digits are a date too. Defaults to False.
    RETURNS (str): the regex.
    """
    months = phrase_alternation(list(rules.months))
    weekdays = phrase_alternation(list(rules.weekdays))
    iso = rf"(?P<y3>{year})-(?P<m3>\d\d)-(?P<d3>\d\d)"
    if iso_time:
        iso += r"(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
    shapes = [
        rf"(?P<d1>{DAY})\s+(?:of\s+)?(?P<m1>{months})\.?,?\s+(?P<y1>{year})",
        rf"(?P<m2>{months})\.?\s+(?P<d2>{DAY}),?\s+(?P<y2>{year})",
        iso,
    ]
    if numeric:
        shapes.append(rf"(?P<d4>[0-3]?\d)[-./](?P<m4>[01]?\d)[-./](?P<y4>{year})")
    return rf"(?:(?:{weekdays})\.?,?\s+)?(?:" + "|".join(shapes) + ")"


def prefix_pattern(rules: BoilerplateRules) -> str:
    """The regex of the optional words that may open a dateline ("Published on:")."""
    prefixes = phrase_alternation(list(rules.dateline_prefixes))
    return rf"(?:(?:{prefixes})(?:\s+on)?\s*:?\s*)?"


def wire_date_pattern(rules: BoilerplateRules) -> str:
    """The regex of a wire dateline with a month name and a known agency: "BEIRUT, July 5
    (Reuters) -". The groups ``wm wd wy`` hold the month, day and optional year; the place
    is case-sensitive, so compile it without IGNORECASE."""
    months = phrase_alternation(list(rules.months))
    agencies = phrase_alternation(list(rules.agencies))
    return (
        rf"\s*{_PLACE}{{1,{WIRE_PLACE_CHARS}}}(?:,\s*{_PLACE}{{1,30}})?,\s*"
        rf"(?P<wm>(?i:{months}))\.?\s+(?P<wd>{DAY})(?:,?\s+(?P<wy>(?:19|20)\d\d))?\s*"
        rf"\((?:{agencies})\)\s*{_DASH}"
    )


def month_number(text: str, rules: BoilerplateRules) -> int | None:
    """The month of "7", "Jul" or "July", or None."""
    if text.isdigit():
        return int(text)
    return rules.months.get(text.lower().rstrip("."))


def make_date(year: int, month: int | None, day_text: str) -> date | None:
    """The date of a year, a month and a day as written ("5th"), or None when there is none."""
    try:
        return date(year, month or 0, int(re.sub(r"\D", "", day_text)))
    except ValueError:
        return None


def match_date(match: re.Match[str], rules: BoilerplateRules) -> date | None:
    """The date a match of ``date_pattern`` found, or None (no such day).

    Example:
        >>> from conflictcoder.clean import BOILERPLATE
        >>> rules = BOILERPLATE.packaged()
        >>> pattern = re.compile(date_pattern(rules, year=r"\\d{4}", numeric=True), re.I)
        >>> match_date(pattern.match("Tue 5 July 2016"), rules)
        datetime.date(2016, 7, 5)
        >>> match_date(pattern.match("07/13/2016"), rules)
        datetime.date(2016, 7, 13)
    """
    groups = match.groupdict()
    for n in ("1", "2", "3"):
        if groups.get(f"y{n}"):
            month = month_number(groups[f"m{n}"], rules)
            return make_date(int(groups[f"y{n}"]), month, groups[f"d{n}"])
    if groups.get("y4"):
        day, month_text = groups["d4"], groups["m4"]
        if int(month_text) > 12:  # "07/21/2016": the month comes first
            day, month_text = month_text, day
        return make_date(int(groups["y4"]), int(month_text), day)
    return None


# The place of a wire dateline: a capitalised name of up to 40 characters; then ", Region" and
# ", Month day[, year]" in any order the wires use; then "(Agency)"; then a dash and a space.
# Any capitalised word may be the month and any bracketed name the agency: the place is what
# is wanted here, not the date.
_DATELINE = re.compile(
    rf"\s*(?P<place>{_PLACE}{{1,{WIRE_PLACE_CHARS}}}?"
    r"(?:,\s*[A-Z][A-Za-z.'’-]+(?:\s[A-Z][A-Za-z.'’-]+){0,2})?)"
    r"(?:,?\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?P<agency>\([A-Za-z][A-Za-z .&/-]{0,30}\))?"
    rf"\s*{_DASH}+\s"
)


def dateline_span(text: str) -> tuple[int, int] | None:
    """Where the place of the dateline that opens ``text`` stands, or None.

    Only an opening in a wire's shape counts: the city in capitals followed by a date, an
    agency in brackets or both.

    text (str): the article's text.
    RETURNS (tuple[int, int] | None): (start, end) of the place, with its country or region.

    Example:
        >>> dateline_span("KHARTOUM, May 3 (AFP) - Fighters attacked El Nahud.")
        (0, 8)
        >>> dateline_span("Fighters attacked El Nahud - a town in the west.") is None
        True
    """
    m = _DATELINE.match(text)
    if m is None:
        return None
    place = m.group("place")
    city = place.split(",")[0].strip()
    capitals = city.isupper() and sum(c.isalpha() for c in city) >= 3
    if not capitals or not (m.group("agency") or m.group("date")):
        return None
    return m.start("place"), m.end("place")
