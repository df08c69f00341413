"""The report's own date, from the dateline that opens its text.

A news text often opens with the day it was filed: "Tue 05 Jul 2016 ...", "Published July 2
2016 ...", a repeated headline followed by "AFP Monday 18 Aug 2014", or a wire dateline
"BEIRUT, July 5 (Reuters) -". That date is the report's own: "on Monday" in the text counts
back from it. A ``published`` field that disagrees with it (a crawl date, a page's update
date) is outranked by it. Only strict date shapes in a dateline's position count; a date in
the text's first sentence ("On 21 February 2020 jets struck ...") is an event's, not the
report's.

The date and wire patterns are ``geo/dateline.py``'s, shared with ingest's standalone
datelines and the wire dateline's place.

Example:
    >>> find_report_date("Tuesday 19 Jul 2016 Strikes kill nine in a village. ...")
    datetime.date(2016, 7, 19)
    >>> find_report_date("19-07-2016 Strikes kill nine in a village. ...")
    datetime.date(2016, 7, 19)
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..clean import BOILERPLATE, BoilerplateRules
from ..geo.dateline import (
    date_pattern,
    make_date,
    match_date,
    month_number,
    prefix_pattern,
    wire_date_pattern,
)
from ..text import phrase_alternation

logger = logging.getLogger("conflictcoder")

# How far into the text a dateline marked by an agency name ("... AFP Friday 10 Oct 2014")
# may stand: a headline and a one-sentence summary come before it at most.
AGENCY_WINDOW_CHARS = 400


@dataclass(frozen=True)
class _Patterns:
    opening: re.Pattern[str]
    agency: re.Pattern[str]
    credited: re.Pattern[str]
    wire: re.Pattern[str]


# A memo of patterns compiled from the rules it is given (no rule data of its own).
@lru_cache(maxsize=4)
def _patterns(rules: BoilerplateRules) -> _Patterns:
    agencies = phrase_alternation(list(rules.agencies))
    core = date_pattern(rules, year=r"(?:19|20)\d\d", numeric=True) + r"\b"
    opening = rf"\s*{prefix_pattern(rules)}{core}"
    agency = rf"\b(?:{agencies})\s*[-–—|,:]?\s*{core}"
    credited = rf"{core}\s*\((?:{agencies})\)"
    flags = re.IGNORECASE
    return _Patterns(
        re.compile(opening, flags),
        re.compile(agency, flags),
        re.compile(credited, flags),
        # The place of a wire dateline is capitalised: case matters for it, not for the month.
        re.compile(wire_date_pattern(rules)),
    )


def _from_wire(
    match: re.Match[str], rules: BoilerplateRules, published: date | None
) -> date | None:
    month = month_number(match.group("wm"), rules)
    if match.group("wy"):
        return make_date(int(match.group("wy")), month, match.group("wd"))
    if published is None or month is None:
        return None  # "July 5" of which year: nothing to count from
    # The year is the publication's, unless that puts the dateline months after it
    # (a January report filed on "December 31").
    found = make_date(published.year, month, match.group("wd"))
    if found is not None and (found - published).days > 60:
        found = make_date(published.year - 1, month, match.group("wd"))
    return found


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _after_headline(text: str, title: str | None) -> str | None:
    """The text after a repeated headline at its start, or None."""
    if not title or not title.strip():
        return None
    want = _words(title)
    if not want:
        return None
    # Walk the text's words until they spell the headline's.
    seen: list[str] = []
    for m in re.finditer(r"\w+", text[: len(title) * 2 + 40]):
        seen.append(m.group(0).lower())
        joined = " ".join(seen)
        if joined == want:
            return text[m.end() :]
        if not want.startswith(joined):
            return None
    return None


@dataclass(frozen=True)
class Opening:
    """What opens a text before its first sentence of news.

    date (date | None): the dateline's date.
    breaks (tuple[int, ...]): offsets of the single spaces that end the repeated headline and
        the dateline: the line breaks the text lost (a headline run into its first sentence).
    """

    date: date | None
    breaks: tuple[int, ...] = ()


_CLOCK = re.compile(
    r"\s*(?:\bat\s+)?\d{1,2}[:.]?\d\d(?:\s*(?:[ap]\.?m\.?|gmt|utc))?\b"
    r"(?:\s*\((?:updated|update)[^)]{0,40}\))?",
    re.IGNORECASE,
)


def _space_at(text: str, offset: int) -> int | None:
    """The offset of the single space at ``offset`` (after a full stop too), or None."""
    if text[offset : offset + 1] == "." and text[offset + 1 : offset + 2] == " ":
        offset += 1
    if text[offset : offset + 1] == " " and text[offset + 1 : offset + 2] not in (" ", "\n", ""):
        return offset
    return None


def read_opening(
    text: str,
    *,
    title: str | None = None,
    published: date | None = None,
    rules: BoilerplateRules | None = None,
) -> Opening:
    """The dateline's date and where a repeated headline and the dateline end.

    Example:
        >>> o = read_opening("Jets kill nine AFP Tuesday 19 Jul 2016 Jets killed nine.",
        ...                  title="Jets kill nine")
        >>> o.date, o.breaks
        (datetime.date(2016, 7, 19), (14, 38))
    """
    rules = rules or BOILERPLATE.packaged()
    patterns = _patterns(rules)
    breaks: list[int] = []
    found: date | None = None
    pos = 0
    rest = _after_headline(text, title)
    if rest is not None:
        pos = len(text) - len(rest)
        space = _space_at(text, pos)
        if space is not None:
            breaks.append(space)
    start = text[pos:]
    m = patterns.opening.match(start)
    w = None if m else patterns.wire.match(start)
    if m is None and w is None and rest is not None:
        # a headline, the agency, then the dateline: "<headline> AFP Monday 18 Aug 2014"
        a = patterns.agency.match(start.lstrip())
        if a is not None:
            m = a
            pos += len(start) - len(start.lstrip())
            start = text[pos:]
    if m is not None:
        found = match_date(m, rules)
    elif w is not None:
        found = _from_wire(w, rules, published)
    if m is not None or w is not None:
        end = pos + (m or w).end()  # type: ignore[union-attr]
        clock = _CLOCK.match(text, end)
        if clock is not None:
            end = clock.end()
        again = _after_headline(text[end:].lstrip(), title)
        if again is not None:
            # "Fri 07 Apr 2017 at 0914 <headline>. <first sentence>"
            space = _space_at(text, end)
            if space is not None:
                breaks.append(space)
            head_end = len(text) - len(again)
            space = _space_at(text, head_end)
            if space is not None:
                breaks.append(space)
        else:
            space = _space_at(text, end)
            if space is not None:
                breaks.append(space)
        return Opening(found, tuple(breaks))
    window = text[:AGENCY_WINDOW_CHARS]
    marked = [a for a in (patterns.agency.search(window), patterns.credited.search(window)) if a]
    if marked:
        found = match_date(min(marked, key=lambda a: a.start()), rules)
    return Opening(found, tuple(breaks))


def break_opening(text: str, opening: Opening) -> str:
    """``text`` with the lost line breaks of its opening restored (same length, so every
    offset into it stays valid).

    Example:
        >>> break_opening("Jets kill nine AFP Tuesday 19 Jul 2016 Jets killed nine.",
        ...               Opening(None, (14, 38)))
        'Jets kill nine\\nAFP Tuesday 19 Jul 2016\\nJets killed nine.'
    """
    if not opening.breaks:
        return text
    chars = list(text)
    for offset in opening.breaks:
        chars[offset] = "\n"
    return "".join(chars)


def find_report_date(
    text: str,
    *,
    title: str | None = None,
    published: date | None = None,
    rules: BoilerplateRules | None = None,
) -> date | None:
    """The date of the dateline that opens ``text``, or None.

    text (str): the article's (cleaned) text.
    title (str | None): its headline, which the text may repeat before the dateline.
        Defaults to None.
    published (date | None): the document's date, for the year of a wire dateline that
        gives none ("BEIRUT, July 5 (Reuters) -"). Defaults to None.
    rules (BoilerplateRules | None): month, weekday, agency and prefix words. Defaults to
        the packaged ones.
    RETURNS (date | None): the report's date, when a dateline gives it.

    Example:
        >>> find_report_date("BEIRUT, July 5 (Reuters) - Jets struck ...",
        ...                  published=date(2016, 7, 9))
        datetime.date(2016, 7, 5)
        >>> find_report_date("On 21 February 2020 jets struck Ariha.") is None
        True
    """
    return read_opening(text, title=title, published=published, rules=rules).date


def report_date(doc_id: str, published: date | None, dateline: date | None) -> date | None:
    """The date relative dates count from: the dateline's, else ``published``.

    Logs (at INFO) a dateline that overrides a disagreeing ``published``, and a document
    that has neither (the ``undated`` component warns when that leaves an event undated).

    Example:
        >>> report_date("a", date(2014, 10, 5), date(2014, 10, 10))
        datetime.date(2014, 10, 10)
    """
    if dateline is not None:
        if published is not None and dateline != published:
            logger.info(
                "%s: the text's dateline (%s) is used for its dates, not published (%s)",
                doc_id,
                dateline.isoformat(),
                published.isoformat(),
            )
        return dateline
    if published is None:
        # said once, as a warning, by the undated component when an event is left undated
        logger.info("%s: no publication date and no dateline", doc_id)
    return published


def undated_warning(doc_id: str) -> str:
    """The warning for a document whose events have no date.

    Example:
        >>> undated_warning("report-7").startswith("report-7: no publication date and no")
        True
    """
    return (
        f"{doc_id}: no publication date and no dateline: events told with days relative "
        "to the report ('on Tuesday', 'yesterday') or with none have no date (coded with "
        "time_precision 3); give the date with --published"
    )
