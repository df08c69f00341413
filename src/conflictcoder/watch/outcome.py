"""What one poll of a source comes to: its ``SourceReport``, and what it leaves in the
source's remembered state (``record_poll``): validators, last success or error, and the next
due time, after a back-off that grows with the failures in a row (``retry_delay``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ..store.watch_state import SourceState
from .fetch import FetchResult
from .sources import Source

# The longest a failing source waits between polls (unless its interval is longer).
MAX_RETRY_DELAY = 6 * 3600.0


def utc_now() -> datetime:
    """The current time in UTC, to the second.

    Example:
        >>> utc_now().tzinfo is UTC
        True
    """
    return datetime.now(UTC).replace(microsecond=0)


def stamp(moment: datetime) -> str:
    """``moment`` as the ISO 8601 UTC time, to the second, that source states keep.

    Example:
        >>> stamp(datetime(2024, 5, 3, 12, 0, 30, 500, tzinfo=UTC))
        '2024-05-03T12:00:30+00:00'
    """
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def retry_delay(interval: float, failures: int) -> float:
    """Seconds before polling a source again after ``failures`` failed polls in a row.

    The interval, doubled for each failure after the first, at most ``MAX_RETRY_DELAY``
    (or the interval, when that is longer): a dead source is asked less and less often.

    Example:
        >>> retry_delay(900, 1), retry_delay(900, 3), retry_delay(900, 20)
        (900.0, 3600.0, 21600.0)
    """
    if failures <= 1:
        return float(interval)
    return float(min(interval * 2 ** (failures - 1), max(interval, MAX_RETRY_DELAY)))


@dataclass
class SourceReport:
    """The outcome of one poll of one source.

    name (str): the source. outcome (str): "stored" (a response read: ``new`` articles
    stored), "unchanged" (304) or "failed" (``error`` says why).
    status (int | None): the HTTP status of the last answer.
    articles (int): articles in the response. new (int): of those, stored now.
    events (int): events coded from the new articles.
    problems (list[str]): entries of the response that were refused (an error each).
    error (str | None): why the poll failed.
    attempts (int): requests made. seconds (float): how long the poll took.
    """

    name: str
    outcome: str
    status: int | None = None
    articles: int = 0
    new: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    attempts: int = 0
    seconds: float = 0.0


def record_poll(
    state: SourceState,
    source: Source,
    report: SourceReport,
    started: datetime,
    result: FetchResult | None,
) -> None:
    """Write into ``state`` what the poll of ``source`` begun at ``started`` came to: on
    success the validators and counts of a read response and the next due time one interval
    on; on failure the error, one more failure in a row and the next due time after
    ``retry_delay``."""
    when = stamp(started)
    state.last_poll = when
    state.source_scale = source.source_scale
    state.last_status = report.status
    if report.error is None:
        state.last_success = when
        state.first_success = state.first_success or when
        state.last_error = None
        state.failures = 0
        delay = source.interval
        if result is not None and not result.not_modified:
            state.etag = result.etag
            state.last_modified = result.last_modified
            state.articles_seen = report.articles
            state.articles_new = report.new
        else:
            state.articles_new = 0
    else:
        state.last_error = report.error
        state.last_error_at = when
        state.failures += 1
        state.articles_new = 0
        delay = retry_delay(source.interval, state.failures)
    state.next_due = stamp(started + timedelta(seconds=delay))
