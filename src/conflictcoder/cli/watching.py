"""``watch`` and ``sources``: polling sources on a schedule and their state."""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from ..config import load_settings
from ..store import open_store
from ._common import (
    ConfigOption,
    DbOption,
    _stderr,
    app,
)

# -- watch: poll sources on a schedule ---------------------------------------------------

SourcesArgument = Annotated[
    Path,
    typer.Argument(
        metavar="SOURCES.toml",
        show_default=False,
        dir_okay=False,
        help=r"The sources file: one [\[source]] table (name, url, interval...) per feed or page.",
    ),
]


class _LogLines(logging.Formatter):
    """Log records as "warning: message", with the time first when ``stamped``."""

    def __init__(self, stamped: bool) -> None:
        super().__init__()
        self.stamped = stamped

    def format(self, record: logging.LogRecord) -> str:
        line = f"{record.levelname.lower()}: {record.getMessage()}"
        if self.stamped:
            line = f"{datetime.now().astimezone().isoformat(timespec='seconds')} {line}"
        return line


@contextmanager
def _log_to_stderr(stamped: bool) -> Iterator[None]:
    """Show the library's warnings on stderr while a long-running command runs."""
    logger = logging.getLogger("conflictcoder")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LogLines(stamped))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


@app.command()
def watch(
    sources: SourcesArgument,
    db: DbOption,
    once: Annotated[
        bool, typer.Option("--once", help="Poll every source once, then exit (cron, tests).")
    ] = False,
    due_only: Annotated[
        bool,
        typer.Option("--due-only", help="With --once: only the sources whose interval is up."),
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Poll feeds and pages on a schedule; code and store what is new, each article once.

    Sources that fail (timeouts, HTTP errors, oversized or malformed responses) are logged
    on stderr and retried later with a growing back-off; the others go on. The state of
    each source is kept in the store, so a restart resumes the schedule. Alerts with a
    webhook are delivered after each cycle (and every alert_interval). Without --once it
    runs until Ctrl-C or SIGTERM. With --once it prints "N sources: N new articles, N events,
    N unchanged, N failed" and exits with status 1 when a source failed.

    Example:
        conflictcoder watch sources.toml --db events.sqlite --once
    """
    from ..alerts import deliver_alerts
    from ..watch import SourceReport, Watcher, load_sources

    file = load_sources(sources)
    settings = load_settings(config)
    with (
        open_store(db) as store,
        Watcher(
            store, file, settings=settings, after_cycle=lambda: deliver_alerts(store)
        ) as watcher,
    ):
        if once:
            console = _stderr()
            progress = Progress(
                SpinnerColumn(),
                TextColumn("polling"),
                BarColumn(bar_width=20),
                TextColumn("{task.completed}/{task.total} sources"),
                TextColumn("{task.fields[new]} new articles"),
                TextColumn("{task.fields[failed]} failed"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
                disable=not console.is_terminal,
            )
            task = progress.add_task("polling", total=len(file.sources), new=0, failed=0)
            done: list[SourceReport] = []

            def advance(report: SourceReport) -> None:
                done.append(report)
                progress.update(
                    task,
                    completed=len(done),
                    new=sum(r.new for r in done),
                    failed=sum(r.outcome == "failed" for r in done),
                )

            with _log_to_stderr(stamped=False), progress:
                reports = watcher.poll_once(due_only=due_only, on_report=advance)
            failed = sum(r.outcome == "failed" for r in reports)
            typer.echo(
                f"{len(reports)} sources: {sum(r.new for r in reports)} new articles, "
                f"{sum(r.events for r in reports)} events, "
                f"{sum(r.outcome == 'unchanged' for r in reports)} unchanged, {failed} failed"
            )
            if failed:
                raise typer.Exit(1)
            return
        console = _stderr()

        def log(report: SourceReport) -> None:
            if report.outcome == "stored":
                stamp = datetime.now().astimezone().isoformat(timespec="seconds")
                console.print(
                    f"{stamp} {report.name}: {report.new} new articles, {report.events} events"
                )

        def stop(signum: int, frame: Any) -> None:
            watcher.stop()

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        console.print(f"watching {len(file.sources)} sources; Ctrl-C to stop")
        try:
            with _log_to_stderr(stamped=True):
                watcher.run_forever(on_report=log)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _ago(value: str | None, now: datetime) -> str:
    if value is None:
        return "never"
    seconds = (now - datetime.fromisoformat(value)).total_seconds()
    if seconds < 0:
        return f"in {_span(-seconds)}"
    return f"{_span(seconds)} ago"


def _span(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f}{unit}"
    return f"{seconds:.0f}s"


@app.command("sources")
def sources_command(
    db: DbOption,
    days: Annotated[
        int, typer.Option(min=1, max=3650, help="Count articles per day over this many days.")
    ] = 7,
) -> None:
    """List the watched sources: last success, last error, articles per day, source scale.

    Example:
        conflictcoder sources --db events.sqlite
    """
    from ..watch import source_summaries
    from ..watch.watcher import utc_now

    now = utc_now()
    with open_store(db) as store:
        rows = source_summaries(store, days=days, now=now)
    table = Table(title=f"{len(rows)} watched sources", title_justify="left")
    for column in ("source", "last success", "last error", "failures", "next poll"):
        table.add_column(column)
    table.add_column(f"articles/day ({days} d)", justify="right")
    table.add_column("scale")
    for row in rows:
        error = ""
        if row.last_error is not None:
            error = f"{row.last_error} ({_ago(row.last_error_at, now)})"
        table.add_row(
            Text(f"{row.name}\n{row.url}"),
            _ago(row.last_success, now),
            Text(error),
            str(row.failures),
            _ago(row.next_due, now),
            f"{row.per_day:.1f}",
            row.source_scale or "",
        )
    Console(soft_wrap=False).print(table)
