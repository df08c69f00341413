"""The watcher's schedule for ``run_forever``, on APScheduler 3 (maintained, MIT;
``schedule`` has no thread pool, no one-off re-timing of a job and no wall-clock
``next_run_time`` to resume from the stored due time).

Each source is an interval job whose first run is its stored ``next_due``, so a restart
keeps the schedule; a failed poll moves the job's next run to the back-off time (``move``);
jobs run in a thread pool of ``concurrency`` threads, each source at most once at a time
(``max_instances=1``), and missed runs coalesce into one. Alerts get a worker of their own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from .sources import Source

logger = logging.getLogger("conflictcoder")


class PollSchedule:
    """Runs each source's poll at its interval, and the alerts' delivery, until ``stop()``."""

    def __init__(self) -> None:
        self._scheduler: Any = None
        self._stop = threading.Event()

    def run(
        self,
        sources: Sequence[tuple[Source, datetime]],
        poll: Callable[[Source], None],
        *,
        concurrency: int,
        deliver: Callable[[], None] | None = None,
        alert_interval: float = 0.0,
    ) -> None:
        """Poll each source (with its first run) every interval, ``concurrency`` at a time,
        and call ``deliver`` every ``alert_interval`` seconds; return once ``stop()`` is
        called and the polls in progress have finished."""
        from apscheduler.executors.pool import ThreadPoolExecutor as JobPool
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.interval import IntervalTrigger

        # Alerts get their own worker: with every poll worker busy (the first poll loads the
        # pipeline) a shared pool would hold deliveries back until the polls are done.
        scheduler = BackgroundScheduler(
            executors={"default": JobPool(concurrency), "alerts": JobPool(1)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )
        for source, first in sources:
            scheduler.add_job(
                poll,
                IntervalTrigger(seconds=source.interval, timezone=UTC),
                args=[source],
                id=f"source:{source.name}",
                name=source.name,
                next_run_time=first,
            )
        if deliver is not None:
            scheduler.add_job(
                deliver,
                IntervalTrigger(seconds=alert_interval, timezone=UTC),
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

    def stop(self) -> None:
        """End ``run``. Safe from a signal handler."""
        self._stop.set()

    def move(self, source: Source, when: datetime) -> None:
        """While running: the next poll of ``source`` is at ``when`` (a back-off time)."""
        scheduler = self._scheduler
        if scheduler is None:
            return
        try:
            scheduler.modify_job(f"source:{source.name}", next_run_time=when)
        except Exception:  # noqa: BLE001 - the scheduler is shutting down
            logger.debug("cannot reschedule %s", source.name, exc_info=True)
