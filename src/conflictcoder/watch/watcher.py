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

The watcher's collaborators have a file each: coding and storing a response's new
articles (``intake.py``), what a poll leaves in the source's state (``outcome.py``) and
the APScheduler schedule of ``run_forever`` (``schedule.py``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..config import Settings, load_settings
from ..errors import ConflictCoderError, StoreError
from ..files import Closing
from ..store import Store
from ..store.watch_state import SourceState, WatchStateMixin
from .fetch import Fetcher, FetchError, FetchResult
from .intake import ArticleIntake
from .outcome import MAX_RETRY_DELAY, SourceReport, record_poll, retry_delay, utc_now
from .schedule import PollSchedule
from .sources import Source, SourcesFile

if TYPE_CHECKING:
    from ..coder import Coder

# Names that moved out of this module in the split, still importable from here.
__all__ = [
    "MAX_RETRY_DELAY",
    "SourceReport",
    "Watcher",
    "retry_delay",
    "utc_now",
    "watch_store",
]

logger = logging.getLogger("conflictcoder")


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


class Watcher(Closing):
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
        self.intake = ArticleIntake(store, self.settings, lambda: self.coder)
        self.schedule = PollSchedule()

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
                self.intake.take(source, result, report)
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

    def _save_state(
        self,
        source: Source,
        state: SourceState,
        report: SourceReport,
        started: datetime,
        result: FetchResult | None,
    ) -> None:
        record_poll(state, source, report, started, result)
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

        first_runs: list[tuple[Source, datetime]] = []
        for source in self.file.sources:
            state = states.get(source.name)
            first = moment
            if not self.due(source, state, moment) and state is not None and state.next_due:
                first = datetime.fromisoformat(state.next_due)
            first_runs.append((source, first))
        self.schedule.run(
            first_runs,
            poll,
            concurrency=self.file.options.concurrency,
            deliver=self._after_cycle if self.after_cycle is not None else None,
            alert_interval=self.file.options.alert_interval,
        )
        # Events stored by the last polls before the stop are delivered now, not at the next
        # start.
        self._after_cycle()

    def stop(self) -> None:
        """End ``run_forever`` (polls in progress finish first, then alerts are delivered once
        more). Safe from a signal handler."""
        self.schedule.stop()

    def _reschedule(self, source: Source, state: SourceState) -> None:
        """In ``run_forever``: a failed poll's next run moves to the back-off time."""
        if state.failures == 0 or state.next_due is None:
            return
        self.schedule.move(source, datetime.fromisoformat(state.next_due))
