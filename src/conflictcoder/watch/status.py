"""What ``conflictcoder sources`` shows: each watched source's last success, last error,
articles per day and declared source scale, from the state kept in the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..store import Store
from .outcome import utc_now
from .watcher import watch_store


@dataclass(frozen=True)
class SourceSummary:
    """One watched source as ``conflictcoder sources`` lists it.

    name, url (str): the source. last_success, last_error_at, next_due (str | None): ISO
    times. last_error (str | None): why its last poll failed (None: it succeeded).
    failures (int): failed polls in a row. articles (int): articles it brought in the
    window. per_day (float): those per day, over the part of the window it was watched.
    source_scale (str | None): the ACLED source scale the sources file declares for it (as
    of its last poll).
    """

    name: str
    url: str
    last_success: str | None
    last_error: str | None
    last_error_at: str | None
    failures: int
    next_due: str | None
    articles: int
    per_day: float
    source_scale: str | None = None


def source_summaries(
    store: Store, *, days: int = 7, now: datetime | None = None
) -> list[SourceSummary]:
    """Every source ``watch`` has polled into ``store``, by name.

    days (int): the window articles per day are counted over. Defaults to 7.
    now (datetime | None): the end of the window. Defaults to the current time.
    RETURNS (list[SourceSummary]): one per source.

    Example:
        >>> from conflictcoder.store import open_store
        >>> source_summaries(open_store(":memory:"))
        []
    """
    states = watch_store(store)
    moment = now or utc_now()
    start = moment - timedelta(days=days)
    counts = states.watch_article_counts(start.isoformat(timespec="seconds"))
    result = []
    for state in states.watch_states().values():
        watched_since = start
        if state.first_success:
            watched_since = max(start, datetime.fromisoformat(state.first_success))
        span = max((moment - watched_since).total_seconds() / 86400, 1.0)
        articles = counts.get(state.name, 0)
        result.append(
            SourceSummary(
                name=state.name,
                url=state.url,
                last_success=state.last_success,
                last_error=state.last_error,
                last_error_at=state.last_error_at,
                failures=state.failures,
                next_due=state.next_due,
                articles=articles,
                per_day=articles / span,
                source_scale=state.source_scale,
            )
        )
    return result
