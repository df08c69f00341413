"""The story's own time: each mention of an article dated from its sentence or its story.

A mention's date is the most specific date expression of its sentence (``dates``; an event
in a clause after "two days after" counted back), made finer by another sentence of the
same incident when it is coarse ("last week ... On Sunday the fighting ..."). When the
sentence names none: the date of the same incident told elsewhere in the article; after
"Meanwhile" and the like, the story's first date; else the last date the story gave before
it ("On 3 May, police raided a house. During the raid, a man was killed."; the limit of a
period, "since May 31", is no such date); else publication. Without a publication date or
dateline, what is left has no date and is coded at time_precision 3, never 1. A
month-precision date long before publication is history, not news: such mentions are left
out.

These are the ``dates`` and ``undated`` components' work; the date rules are injected
(a coder's ``Resources`` owns them).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

from ..model import Article, Mention
from ..text import SENTENCE_RE
from .date_rules import DATES, DAY, MONTH, DateRules
from .dates import DateResolution, resolve_date
from .resolution import Resolution

__all__ = ["BACKGROUND_AFTER", "NarrativeDates", "is_background"]

# A month-precision date this far before publication is history, not news.
BACKGROUND_AFTER = timedelta(days=14)


def is_background(when: DateResolution, published: date | None) -> bool:
    """Whether a date is history: known only to the month and long before publication.

    Example:
        >>> is_background(DateResolution(date(2011, 2, 15), 3, None, "early 2011"),
        ...               date(2023, 11, 21))
        True
    """
    if when.date is None or published is None or when.precision < 3:
        return False
    return published - when.date > BACKGROUND_AFTER


def _story_time(found: DateResolution, published: date | None) -> bool:
    """Whether a sentence's date is a time of the story that later sentences go on in: not
    history, nor the limit of a period ("has been besieged since May 31")."""
    return found.date is not None and not found.boundary and not is_background(found, published)


def _event_at(mention: Mention) -> int | None:
    """Where the mention's trigger word stands in its date sentence, if it can be found."""
    if not mention.trigger or not mention.date_text:
        return None
    m = re.search(rf"(?<!\w){re.escape(mention.trigger)}(?!\w)", mention.date_text)
    return m.start() if m else None


class NarrativeDates:
    """Dates an article's mentions: their own sentence's date, else the story's.

    rules (DateRules | None): the date vocabulary. Defaults to the packaged ``dates.yaml``.

    Example:
        >>> NarrativeDates().date_of("Jets struck on Monday.", date(2019, 12, 17)).date
        datetime.date(2019, 12, 16)
    """

    def __init__(self, rules: DateRules | None = None) -> None:
        self.rules = rules or DATES.packaged()
        # The sentence tables of the last articles read (thread-safe, per coder).
        self._sentence_dates = lru_cache(maxsize=4)(self._sentence_table)

    def date_of(
        self, text: str, published: date | None, *, at: int | None = None
    ) -> DateResolution:
        """The most specific date expression of ``text`` (see ``resolve_date``)."""
        return resolve_date(text, published, rules=self.rules, at=at)

    def dated(self, article: Article, mentions: Sequence[Mention]) -> list[Resolution]:
        """Each mention with its date; mentions of history (a month long past) left out.

        The date is its sentence's (less the days of reports: "officials said on Monday"),
        else, when that is coarse, the first finer date among the other sentences that
        tell the same incident ("Fighting raged in the province last week. ... On Sunday
        the fighting was focused around the village" is Sunday's)."""
        resolved: list[Resolution] = []
        published = article.published
        for mention in mentions:
            at = _event_at(mention)
            when = self.date_of(mention.date_text or "", published, at=at)
            if when.text is None and mention.evidence:
                # the only date was when it was said ("..., officials said on Monday")
                when = self.date_of(mention.evidence[0].sentence, published, at=at)
            when = self._finer(when, mention, published)
            if is_background(when, published):
                continue
            resolved.append(Resolution(mention, when))
        return resolved

    def _finer(
        self, when: DateResolution, mention: Mention, published: date | None
    ) -> DateResolution:
        """A finer date from the mention's other sentences when its own is coarse (a week,
        a month, the limit of a period: "since May"). A sentence with no date keeps none
        here: the story's time (``fill``) dates it, as a later sentence may tell another
        incident joined to it."""
        if when.date is None or (when.precision == DAY and not when.boundary):
            return when
        for evidence in mention.evidence[1:]:
            other = self.date_of(evidence.sentence, published)
            if other.date is None or other.boundary or is_background(other, published):
                continue
            if when.boundary or other.precision < when.precision:
                return other
        return when

    def fill(self, items: Sequence[Resolution], published: date | None, text: str = "") -> int:
        """Undated mentions take the date of the same incident told elsewhere in the
        article; after a word that returns to the story's main time ("Meanwhile, ...") the
        story's first date; else the last date the article gave before them (in any
        sentence; "since May 31" is no date of the story); else publication.

        RETURNS (int): how many mentions are left with no date (no publication date and
        nothing to count from). They are coded honestly: ``date`` None at time_precision 3,
        ACLED's coarsest (the day is not known), never 1.
        """
        dated = [i for i in items if i.date.date is not None]
        last: DateResolution | None = None
        left = 0
        for item in items:
            if item.date.date is not None:
                last = item.date
                continue
            before = self.date_before(text, item.mention, published)
            if before is not None:
                last = before
            same = next(
                (
                    d.date
                    for d in dated
                    if d.mention.sub_event_type == item.mention.sub_event_type
                    and {p.location for p in d.places} & {p.location for p in item.places}
                ),
                None,
            )
            if same is not None:
                item.date = same
            elif self._returns_to_story(item.mention):
                item.date = self.story_date(text, published) or item.date
            elif last is not None:
                item.date = last
            elif published is not None:
                item.date = DateResolution(published, DAY, None, None)
            if item.date.date is None:
                left += 1
                item.date = replace(item.date, precision=MONTH)
        return left

    def _returns_to_story(self, mention: Mention) -> bool:
        pattern = self.rules.story_time
        return bool(pattern and mention.evidence and pattern.match(mention.evidence[0].sentence))

    def story_date(self, text: str, published: date | None) -> DateResolution | None:
        """The story's main time: the first date its text gives (a dateline's, or the lead's),
        else publication; None when there is neither."""
        _, nearest = self._sentence_dates(text, published) if text else ([], [])
        first = next((d for d in nearest if d is not None), None)
        if first is not None:
            return first
        return None if published is None else DateResolution(published, DAY, None, None)

    def date_before(
        self, text: str, mention: Mention, published: date | None
    ) -> DateResolution | None:
        """The date of the nearest sentence before the mention that gives one (history,
        "at the beginning of last month", gives none)."""
        if not text or not mention.evidence:
            return None
        start = min(e.start for e in mention.evidence)
        # The whole sentences before the mention come from a per-article table (looking
        # back through every sentence for every mention was quadratic in a long article);
        # only the stretch between the last of them and the mention is read here, as the
        # sentence pattern cut at the mention reads it.
        ends, nearest = self._sentence_dates(text, published)
        k = bisect_right(ends, start)
        for m in reversed(list(SENTENCE_RE.finditer(text, ends[k - 1] if k else 0, start))):
            found = self.date_of(m.group(0), published)
            if _story_time(found, published):
                return found
        return nearest[k - 1] if k else None

    def _sentence_table(
        self, text: str, published: date | None
    ) -> tuple[list[int], list[DateResolution | None]]:
        """Where each sentence of ``text`` ends, and the date of the nearest sentence up to
        it that gives one (not background); computed once per article."""
        ends: list[int] = []
        nearest: list[DateResolution | None] = []
        last: DateResolution | None = None
        for m in SENTENCE_RE.finditer(text):
            found = self.date_of(m.group(0), published)
            if _story_time(found, published):
                last = found
            ends.append(m.end())
            nearest.append(last)
        return ends, nearest
