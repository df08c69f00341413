"""The watcher: polls each source, codes what is new, stores it once, remembers the state.

``Watcher.poll_source`` is one poll of one source: a conditional GET (``Fetcher``), the
response read by the ingest readers (``read_response``), the articles not yet stored coded
by the one ``Coder`` (one source at a time: spaCy is not thread-safe) and stored with
``Store.ingest``, one transaction per article; then, and only then, the source's state
(validators, last success or error, next due) is written. So a crash or a SIGKILL at any
point loses nothing committed and stores nothing twice: a restart fetches the source again
(no validators saved yet) and skips the articles already stored by their content hash.

Any failure (network, HTTP status, size cap, a response that is no feed, a store error,
even a bug in coding one document) costs only that source: it is logged, recorded as the
source's ``last_error``, and the source is polled again later, after a back-off that grows
with the failures in a row (``retry_delay``).

``poll_once`` polls every source (or those due) once, ``concurrency`` at a time;
``run_forever`` keeps polling each at its interval with APScheduler until stopped.

Scheduler: APScheduler 3 (maintained, MIT; ``schedule`` has no thread pool, no one-off
re-timing of a job and no wall-clock ``next_run_time`` to resume from the stored due time).
Each source is an interval job whose first run is its stored ``next_due``, so a restart
keeps the schedule; a failed poll moves the job's next run to the back-off time; jobs run
in a thread pool of ``concurrency`` threads, each source at most once at a time
(``max_instances=1``), and missed runs coalesce into one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..config import Settings, load_settings
from ..errors import ConflictCoderError, StoreError
from ..model import Article
from ..resolve.sources import SourceCountries
from ..store import Store
from ..store.watch_state import SourceState, WatchStateMixin
from .fetch import Fetcher, FetchError, FetchResult
from .read import read_response
from .sources import Source, SourcesFile

if TYPE_CHECKING:
    from ..coder import Coder

logger = logging.getLogger("conflictcoder")

# The longest a failing source waits between polls (unless its interval is longer).
MAX_RETRY_DELAY = 6 * 3600.0


def utc_now() -> datetime:
    """The current time in UTC, to the second.

    Example:
        >>> utc_now().tzinfo is UTC
        True
    """
    return datetime.now(UTC).replace(microsecond=0)


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


class _SourceCountry(SourceCountries):
    """The country a watched source covers (its ``country``), for every article it brings.

    The coder asks for it only when the text itself does not say (see ``Coder._country``).
    """

    def __init__(self, country: str) -> None:
        super().__init__({}, {})
        self.country_name = country

    def country(self, source: str | None, url: str | None) -> str | None:
        return self.country_name


def watch_store(store: Store) -> WatchStateMixin:
    """``store`` as a store that keeps source state; StoreError for a back end without it.

    Example:
        >>> from conflictcoder.store import open_store
        >>> watch_store(open_store(":memory:")).watch_states()
        {}
    """
    if not isinstance(store, WatchStateMixin):
        raise StoreError(
            f"{getattr(store, 'name', store)}: this store back end keeps no source state; "
            "watch needs the SQLite or PostgreSQL store"
        )
    return store


class Watcher:
    """Polls the sources of a sources file into a store.

    store (Store): where articles, events and the sources' state go.
    sources (SourcesFile): the sources and the fetch options.
    settings (Settings | None): coder settings. Defaults to the packaged settings.
    coder (Coder | None): the coder. Defaults to one built from ``settings`` on first use.
    fetcher (Fetcher | None): the HTTP side. Defaults to one built from the options.
    now (Callable[[], datetime]): the wall clock (UTC) that due times are kept in.
    after_cycle (Callable[[], Any] | None): called after each ``poll_once`` and, in
        ``run_forever``, every ``alert_interval`` (delivers alerts). Defaults to None.

    Example:
        >>> with Watcher(store, load_sources("sources.toml")) as watcher:  # doctest: +SKIP
        ...     reports = watcher.poll_once()
    """

    def __init__(
        self,
        store: Store,
        sources: SourcesFile,
        *,
        settings: Settings | None = None,
        coder: Coder | None = None,
        fetcher: Fetcher | None = None,
        now: Callable[[], datetime] = utc_now,
        after_cycle: Callable[[], Any] | None = None,
    ) -> None:
        self.store = store
        self.states_store = watch_store(store)
        self.file = sources
        self.settings = settings or load_settings()
        self._coder = coder
        self.fetcher = fetcher or Fetcher(sources.options)
        self._own_fetcher = fetcher is None
        self.now = now
        self.after_cycle = after_cycle
        self._code_lock = threading.Lock()
        self._scheduler: Any = None
        self._stop = threading.Event()

    # -- plumbing -------------------------------------------------------------------------

    @property
    def coder(self) -> Coder:
        """The coder, built on first use (loading the pipeline takes seconds)."""
        if self._coder is None:
            from ..coder import Coder

            self._coder = Coder(self.settings)
        return self._coder

    def close(self) -> None:
        """Close the HTTP client if the watcher made it (the store stays open)."""
        if self._own_fetcher:
            self.fetcher.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _stamp(self, moment: datetime) -> str:
        return moment.astimezone(UTC).isoformat(timespec="seconds")

    def due(
        self, source: Source, state: SourceState | None, moment: datetime, slack: float = 0.0
    ) -> bool:
        """Whether ``source`` is due at ``moment`` (never polled, or its next_due reached,
        give or take ``slack`` seconds)."""
        if state is None or state.next_due is None or state.url != source.url:
            return True
        return datetime.fromisoformat(state.next_due) <= moment + timedelta(seconds=slack)

    # -- one poll -------------------------------------------------------------------------

    def poll_source(self, source: Source) -> SourceReport:
        """Poll one source: fetch, read, code and store what is new, then save its state.

        RETURNS (SourceReport): what happened; never raises for a failure of the source.
        """
        clock = time.monotonic()
        started = self.now()
        stored = self.states_store.watch_state(source.name)
        if stored is None or stored.url != source.url:  # new, or moved: old validators void
            stored = SourceState(
                source.name,
                source.url,
                first_success=stored.first_success if stored else None,
            )
        report = SourceReport(source.name, "failed")
        result: FetchResult | None = None
        try:
            result = self.fetcher.fetch(
                source, etag=stored.etag, last_modified=stored.last_modified
            )
            report.status, report.attempts = result.status, result.attempts
            if result.not_modified:
                report.outcome = "unchanged"
            else:
                self._store_response(source, result, report)
                report.outcome = "stored"
        except FetchError as error:
            report.error, report.status, report.attempts = (
                error.problem,
                error.status,
                error.attempts,
            )
        except ConflictCoderError as error:
            report.error = str(error)
        except Exception as error:  # noqa: BLE001 - one source's bug must not stop the others
            logger.exception("%s: unexpected error while polling %s", source.name, source.url)
            report.error = f"unexpected error: {type(error).__name__}: {error}"
        report.seconds = time.monotonic() - clock
        self._save_state(source, stored, report, started, result)
        if report.error:
            logger.warning("%s (%s): %s", source.name, source.url, report.error)
        for problem in report.problems[1 if report.error else 0 :]:
            # a feed read despite broken XML is worth a warning; a refused entry is routine
            level = logging.WARNING if "not well-formed XML" in problem else logging.INFO
            logger.log(level, "%s: %s", source.name, problem)
        return report

    def _store_response(self, source: Source, result: FetchResult, report: SourceReport) -> None:
        articles, errors = read_response(source, result, self.settings)
        report.articles = len(articles)
        report.problems = [str(error) for error in errors]
        if not articles:
            problem = errors[0].problem if errors else "no articles in the response"
            more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
            raise ConflictCoderError(f"{problem}{more}")
        with self._code_lock:
            fresh = self._unseen(articles)
            if not fresh:
                return
            coder = self.coder
            original = coder.sources
            if source.country:
                coder.sources = _SourceCountry(source.country)
            try:
                for article, events in coder.code_many(fresh):
                    if self.store.ingest(article, events):
                        report.new += 1
                        report.events += len(events)
            finally:
                coder.sources = original

    def _unseen(self, articles: Iterable[Article]) -> list[Article]:
        """The articles not yet stored, each text once."""
        seen: set[str] = set()
        fresh: list[Article] = []
        for article in articles:
            key = article.content_hash
            if key in seen or self.store.has_article(key):
                continue
            seen.add(key)
            fresh.append(article)
        return fresh

    def _save_state(
        self,
        source: Source,
        state: SourceState,
        report: SourceReport,
        started: datetime,
        result: FetchResult | None,
    ) -> None:
        stamp = self._stamp(started)
        state.last_poll = stamp
        state.last_status = report.status
        if report.error is None:
            state.last_success = stamp
            state.first_success = state.first_success or stamp
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
            state.last_error_at = stamp
            state.failures += 1
            state.articles_new = 0
            delay = retry_delay(source.interval, state.failures)
        state.next_due = self._stamp(started + timedelta(seconds=delay))
        try:
            self.states_store.save_watch_state(state)
        except ConflictCoderError as error:  # the store is down: the next poll tries again
            logger.error("%s: cannot save its state: %s", source.name, error)
            if report.error is None:
                report.outcome, report.error = "failed", str(error)
        self._reschedule(source, state)

    # -- cycles ---------------------------------------------------------------------------

    def poll_once(
        self,
        *,
        due_only: bool = False,
        on_report: Callable[[SourceReport], None] | None = None,
    ) -> list[SourceReport]:
        """Poll every source once (or only those due), ``concurrency`` at a time.

        due_only (bool): skip the sources whose next poll is not due yet. Defaults to False.
        on_report (Callable[[SourceReport], None] | None): called as each source finishes.
        RETURNS (list[SourceReport]): one report per source polled, in file order.
        """
        moment = self.now()
        states = self.states_store.watch_states()
        chosen = [
            s for s in self.file.sources if not due_only or self.due(s, states.get(s.name), moment)
        ]
        reports: dict[str, SourceReport] = {}
        workers = max(1, min(self.file.options.concurrency, len(chosen)))
        with ThreadPoolExecutor(workers, thread_name_prefix="conflictcoder-watch") as pool:
            futures = {pool.submit(self.poll_source, source): source for source in chosen}
            for future in futures:
                report = future.result()
                reports[report.name] = report
                if on_report is not None:
                    on_report(report)
        self._after_cycle()
        return [reports[s.name] for s in chosen]

    def _after_cycle(self) -> None:
        if self.after_cycle is None:
            return
        try:
            self.after_cycle()
        except Exception:  # noqa: BLE001 - alert delivery must not stop the watcher
            logger.exception("delivering alerts failed")

    def run_forever(
        self,
        *,
        on_report: Callable[[SourceReport], None] | None = None,
    ) -> None:
        """Poll each source at its interval until ``stop()`` is called (APScheduler).

        A source's first poll is its stored ``next_due`` (now, if it was never polled or is
        overdue); a failed poll moves its next one to ``retry_delay``.
        """
        from apscheduler.executors.pool import ThreadPoolExecutor as JobPool
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.interval import IntervalTrigger

        # Alerts get their own worker: with every poll worker busy (the first poll loads the
        # pipeline) a shared pool would hold deliveries back until the polls are done.
        scheduler = BackgroundScheduler(
            executors={
                "default": JobPool(self.file.options.concurrency),
                "alerts": JobPool(1),
            },
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )
        moment = self.now()
        states = self.states_store.watch_states()

        def poll(source: Source) -> None:
            # A failing source's next poll is moved to its back-off time; should the
            # scheduler fire on the interval anyway, the stored due time decides. The slack
            # absorbs the scheduler's timing (due times are kept to the second).
            state = self.states_store.watch_state(source.name)
            if not self.due(source, state, self.now(), slack=min(5.0, source.interval / 10)):
                return
            report = self.poll_source(source)
            if on_report is not None:
                on_report(report)

        for source in self.file.sources:
            state = states.get(source.name)
            first = moment
            if not self.due(source, state, moment) and state is not None and state.next_due:
                first = datetime.fromisoformat(state.next_due)
            scheduler.add_job(
                poll,
                IntervalTrigger(seconds=source.interval, timezone=UTC),
                args=[source],
                id=f"source:{source.name}",
                name=source.name,
                next_run_time=first,
            )
        if self.after_cycle is not None:
            scheduler.add_job(
                self._after_cycle,
                IntervalTrigger(seconds=self.file.options.alert_interval, timezone=UTC),
                id="alerts",
                name="alerts",
                executor="alerts",
            )
        self._scheduler = scheduler
        self._stop.clear()
        # APScheduler warns whenever a run is skipped because the source's previous poll is
        # still going (a slow source, the first poll loading the pipeline): that is the
        # intended max_instances=1, not worth a line on the operator's screen.
        scheduler_log = logging.getLogger("apscheduler")
        level = scheduler_log.level
        scheduler_log.setLevel(logging.ERROR)
        scheduler.start()
        try:
            self._stop.wait()
        finally:
            self._scheduler = None
            scheduler.shutdown(wait=True)
            scheduler_log.setLevel(level)
        # Events stored by the last polls before the stop are delivered now, not at the next
        # start.
        self._after_cycle()

    def stop(self) -> None:
        """End ``run_forever`` (polls in progress finish first, then alerts are delivered once
        more). Safe from a signal handler."""
        self._stop.set()

    def _reschedule(self, source: Source, state: SourceState) -> None:
        """In ``run_forever``: a failed poll's next run moves to the back-off time."""
        scheduler = self._scheduler
        if scheduler is None or state.failures == 0 or state.next_due is None:
            return
        try:
            scheduler.modify_job(
                f"source:{source.name}", next_run_time=datetime.fromisoformat(state.next_due)
            )
        except Exception:  # noqa: BLE001 - the scheduler is shutting down
            logger.debug("cannot reschedule %s", source.name, exc_info=True)
