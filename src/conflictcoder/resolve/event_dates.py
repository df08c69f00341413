"""The dates of an article's mentions: each resolved from its sentence (the date of the
saying left out), history dropped, and the undated ones dated from the same incident, the
last date the article gave before them, or publication."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

from ..model import Article, Mention
from ..text import sentences
from .dates import DateResolution, resolve_date
from .resolution import Resolution

__all__ = ["BACKGROUND_AFTER", "background", "date_before", "date_mentions", "fill_dates"]

# A month-precision date this far before publication is history, not news.
BACKGROUND_AFTER = timedelta(days=14)


def date_mentions(article: Article, mentions: Sequence[Mention]) -> list[Resolution]:
    """Each mention with its date; mentions of history (a month long past) left out."""
    resolved: list[Resolution] = []
    for mention in mentions:
        when = resolve_date(mention.date_text or "", article.published)
        if when.text is None and mention.evidence:
            # the only date was when it was said ("..., officials said on Monday")
            when = resolve_date(mention.evidence[0].sentence, article.published)
        if background(when, article.published):
            continue
        resolved.append(Resolution(mention, when))
    return resolved


def background(when: DateResolution, published: date | None) -> bool:
    """Is ``when`` history: a date of month precision (or coarser) more than
    ``BACKGROUND_AFTER`` before publication?"""
    if when.date is None or published is None or when.precision < 3:
        return False
    return published - when.date > BACKGROUND_AFTER


def fill_dates(items: list[Resolution], published: date | None, text: str = "") -> None:
    """Undated mentions take the date of the same incident told elsewhere in the
    article, else the last date the article gave before them (in any sentence: "On 3
    May, police raided a house. During the raid, a man was killed."), else
    publication."""
    dated = [i for i in items if i.date.date is not None]
    last: DateResolution | None = None
    for item in items:
        if item.date.date is not None:
            last = item.date
            continue
        before = date_before(text, item.mention, published)
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
            item.date = DateResolution(published, 1, None, None)


def date_before(text: str, mention: Mention, published: date | None) -> DateResolution | None:
    """The date of the nearest sentence before the mention that gives one (history,
    "at the beginning of last month", gives none)."""
    if not text or not mention.evidence:
        return None
    start = min(e.start for e in mention.evidence)
    # The whole sentences before the mention come from a per-article table (looking
    # back through every sentence for every mention was quadratic in a long article);
    # only the stretch between the last of them and the mention is read here, as the
    # sentence pattern cut at the mention reads it.
    ends, nearest = _sentence_dates(text, published)
    k = bisect_right(ends, start)
    for m in reversed(list(sentences(text, ends[k - 1] if k else 0, start))):
        found = resolve_date(m.group(0), published)
        if found.date is not None and not background(found, published):
            return found
    return nearest[k - 1] if k else None


@lru_cache(maxsize=4)
def _sentence_dates(
    text: str, published: date | None
) -> tuple[list[int], list[DateResolution | None]]:
    """Where each sentence of ``text`` ends, and the date of the nearest sentence up to it
    that gives one (not background); computed once per article (see ``date_before``)."""
    ends: list[int] = []
    nearest: list[DateResolution | None] = []
    last: DateResolution | None = None
    for m in sentences(text):
        found = resolve_date(m.group(0), published)
        if found.date is not None and not background(found, published):
            last = found
        ends.append(m.end())
        nearest.append(last)
    return ends, nearest
