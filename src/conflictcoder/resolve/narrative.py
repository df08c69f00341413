"""The story's own time: each mention of an article dated from its sentence or its story.

A mention's date is the most specific date expression of its sentence (``dates``); when the
sentence names none, the date of the same incident told elsewhere in the article, else the
last date the story gave before it ("On 3 May, police raided a house. During the raid, a
man was killed."), else publication. A month-precision date long before publication is
history, not news: such mentions are left out.

These are the ``dates`` and ``undated`` components' work; the date rules are injected
(a coder's ``Resources`` owns them).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

from ..model import Article, Mention
from ..text import SENTENCE_RE
from .date_rules import DAY, DateRules
from .dates import DateResolution, date_rules, resolve_date
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


class NarrativeDates:
    """Dates an article's mentions: their own sentence's date, else the story's.

    rules (DateRules | None): the date vocabulary. Defaults to the packaged ``dates.yaml``.

    Example:
        >>> NarrativeDates().date_of("Jets struck on Monday.", date(2019, 12, 17)).date
        datetime.date(2019, 12, 16)
    """

    def __init__(self, rules: DateRules | None = None) -> None:
        self.rules = rules or date_rules()
        # The sentence tables of the last articles read (thread-safe, per coder).
        self._sentence_dates = lru_cache(maxsize=4)(self._sentence_table)

    def date_of(self, text: str, published: date | None) -> DateResolution:
        """The most specific date expression of ``text`` (see ``resolve_date``)."""
        return resolve_date(text, published, rules=self.rules)

    def dated(self, article: Article, mentions: Sequence[Mention]) -> list[Resolution]:
        """Each mention with its date; mentions of history (a month long past) left out."""
        resolved: list[Resolution] = []
        for mention in mentions:
            when = self.date_of(mention.date_text or "", article.published)
            if when.text is None and mention.evidence:
                # the only date was when it was said ("..., officials said on Monday")
                when = self.date_of(mention.evidence[0].sentence, article.published)
            if is_background(when, article.published):
                continue
            resolved.append(Resolution(mention, when))
        return resolved

    def fill(self, items: Sequence[Resolution], published: date | None, text: str = "") -> None:
        """Undated mentions take the date of the same incident told elsewhere in the
        article, else the last date the article gave before them (in any sentence), else
        publication."""
        dated = [i for i in items if i.date.date is not None]
        last: DateResolution | None = None
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
            elif last is not None:
                item.date = last
            elif published is not None:
                item.date = DateResolution(published, DAY, None, None)

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
            if found.date is not None and not is_background(found, published):
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
            if found.date is not None and not is_background(found, published):
                last = found
            ends.append(m.end())
            nearest.append(last)
        return ends, nearest
