"""Dates: the most specific date expression of a sentence, resolved against publication.

The work is split by responsibility: ``date_rules`` loads and validates the vocabulary,
``date_grammar`` builds the expression patterns from it, ``date_finder`` finds and anchors
the candidates of one sentence, and this module picks the answer (``resolve_date``);
``narrative`` dates an article's mentions from the story's own time (the last date told
before them, the story's first date after "Meanwhile", a finer date of the same incident).

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
* an event told in a clause after an offset ("found on Friday, two days after gunmen
  kidnapped them"; "the reports come a day after 100 civilians were killed") is dated
  back from the sentence's date before the phrase, else publication, when the caller
  says where the event's word stands (``at``); a fronted offset ("Two days after the
  bombing, gunmen attacked ...") counts from another incident and is not resolved here;
* the day of a report ("said on Monday", "told AFP on Monday", "was on Monday accused";
  ``report_words``) gives way to any other date of the sentence;
* a realised event is never after publication: later dates are clamped to it;
* without a publication date, relative expressions and dates without a year give
  ``date`` None (with their precision and text).

The most specific expression wins: day before week before month; among equals an explicit
date before a weekday before a relative expression, then the first in the sentence; a
date after "since"/"until" is used only when nothing else is there, and a year alone only
when no day, week or month is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..ontology.loader import META_KEYS, key_line, merge_rule_files, rule_error
from ..registry import date_resolvers
from .calendar import month_words
from .date_finder import DateFinder, after_boundary, clause_date, select
from .date_rules import DATES, DATES_FILE, DAY, DateRules, load_date_rules

__all__ = [
    "DATES",
    "DATES_FILE",
    "META_KEYS",
    "DateResolution",
    "DateRules",
    "key_line",
    "load_date_rules",
    "merge_rule_files",
    "month_words",
    "resolve_date",
    "rule_error",
]

_Date = date  # the field below is called ``date``


@dataclass(frozen=True)
class DateResolution:
    """A date found in a sentence.

    date (date | None): the resolved day; None when the text names no date (or only a
        relative one and the publication date is unknown).
    precision (int): ACLED time_precision: 1 day, 2 week, 3 month.
    date_end (date | None): the last day of a range ("between 3 and 5 November"), else None.
    text (str | None): the expression as written.
    start, end (int | None): its offsets inside the sentence.
    boundary (bool): the expression follows a boundary word ("since 2 November"): the
        limit of a period, used for the sentence only when it names nothing else.
    """

    date: _Date | None
    precision: int
    date_end: _Date | None
    text: str | None
    start: int | None = None
    end: int | None = None
    boundary: bool = False


@date_resolvers.register("conflictcoder.rule_dates.v1", aliases=("rules",))
def resolve_date(
    sentence: str,
    published: date | None,
    *,
    rules: DateRules | None = None,
    at: int | None = None,
) -> DateResolution:
    """The most specific date expression of one sentence, resolved against publication.

    sentence (str): one sentence (or just a date expression).
    published (date | None): the article's publication date, the anchor of relative
        expressions; None leaves relative expressions unresolved (``date`` None).
    rules (DateRules | None): the vocabulary. Defaults to the packaged ``dates.yaml``.
    at (int | None): where the event's word stands in the sentence, when known: an event
        told in a clause after "<count> <unit> after" ("found on Friday, two days after
        gunmen kidnapped them") is dated back from the sentence's date. Defaults to None.
    RETURNS (DateResolution): ``date`` None (precision 1, text None) when the sentence
        names no date; otherwise the date, its ACLED time_precision, ``date_end`` for a
        range, and the expression with its offsets.

    Example:
        >>> r = resolve_date("Two children were killed on Monday.", date(2019, 12, 17))
        >>> r.date, r.precision, r.text
        (datetime.date(2019, 12, 16), 1, 'on Monday')
        >>> resolve_date("Clashes erupted early November.", date(2019, 12, 17)).precision
        3
        >>> s = "Bodies were found on Friday two days after gunmen kidnapped them."
        >>> resolve_date(s, date(2019, 12, 17), at=s.index("kidnapped")).date
        datetime.date(2019, 12, 11)
    """
    r = rules or DATES.packaged()
    if not sentence or not r.prefilter.search(sentence):
        return DateResolution(None, DAY, None, None)
    finder = DateFinder(r, sentence, published)
    candidates = finder.run()
    best = None if at is None else clause_date(finder, candidates, at)
    if best is None:
        best = select(candidates, sentence, r)
    if best is None:
        return DateResolution(None, DAY, None, None)
    return DateResolution(
        best.date,
        best.precision,
        best.date_end,
        sentence[best.start : best.end],
        best.start,
        best.end,
        after_boundary(sentence, best.start, r),
    )
