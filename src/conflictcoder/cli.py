"""The ``conflictcoder`` command line: thin wrappers over the library.

Each command parses its options, calls the library (``ingest.read_inputs``,
``Coder.code_many``, ``Store``, ``export.write_events``, ``evaluate.evaluate``) and prints.
Shared options are defined once below. Errors the library raises on purpose
(``ConflictCoderError``) are caught in one place, ``_Group.invoke``, and printed as
``error: <message>`` on stderr with exit status 1 and no traceback. Progress and
per-document errors go to stderr, so stdout carries only the requested output.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import logging
import signal
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from .config import Settings, load_settings
from .errors import ConflictCoderError, InputError, StoreError
from .evaluate import evaluate as evaluate_gold
from .export import read_events, write_events
from .model import Article, Event
from .registry import exporters
from .resolve.report_date import undated_warning
from .store import Store, open_store
from .store.filters import EventFilter


class _Group(TyperGroup):
    """The one place that turns ``ConflictCoderError`` into ``error: ...`` and exit 1."""

    # ctx is typed loosely: typer >= 0.29 vendors click, older versions use click itself.
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ConflictCoderError as exc:
            _print_error(str(exc))
            raise typer.Exit(1) from None


app = typer.Typer(
    name="conflictcoder",
    cls=_Group,
    help="Code conflict news into ACLED-schema events.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
)


def _stderr() -> Console:
    # Built per call so that it writes to whatever sys.stderr is now (tests swap it).
    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False, markup=False)


def _print_error(message: str, console: Console | None = None) -> None:
    (console or _stderr()).print(f"error: {message}", markup=False, highlight=False)


def _print_warning(message: str, console: Console | None = None) -> None:
    (console or _stderr()).print(f"warning: {message}", markup=False, highlight=False)


# -- shared options, defined once --------------------------------------------------------


def _check_format(value: str) -> str:
    if value not in exporters:
        choices = ", ".join(sorted(set(exporters.aliases()) | set(exporters)))
        raise typer.BadParameter(f"unknown format '{value}': choose one of {choices}")
    return value


DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        metavar="URL",
        help="Event store: a SQLite file or sqlite:///PATH (created if missing), or "
        "postgresql://USER:PASSWORD@HOST:PORT/DB[?schema=NAME] (PostgreSQL with PostGIS).",
    ),
]
FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        callback=_check_format,
        help="Output format: jsonl; acled (ACLED's 31 columns); ucdp (UCDP GED's columns); "
        "csv (the full record); geojson; parquet; gpkg (GeoPackage, for QGIS); "
        "or a registered exporter.",
    ),
]
BomOption = Annotated[
    bool,
    typer.Option("--bom", help="CSV formats: start with a UTF-8 byte order mark (for Excel)."),
]
InterNumOption = Annotated[
    bool,
    typer.Option(
        "--inter-num",
        help="acled format: inter1, inter2 and interaction as ACLED's numeric codes "
        "instead of labels.",
    ),
]


def _export_options(bom: bool, inter_num: bool) -> dict[str, bool]:
    """The exporter options that were given (an exporter is passed only those)."""
    return {name: True for name, on in (("bom", bom), ("inter_num", inter_num)) if on}
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False, help="Write to FILE instead of stdout."
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", metavar="FILE", dir_okay=False, help="User settings file (TOML)."),
]
InputsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="INPUT",
        show_default=False,
        help="Files (.txt, .html, .jsonl...), directories or web pages (https://...) to read.",
    ),
]
SourceOption = Annotated[
    str | None,
    typer.Option(
        "--source",
        metavar="NAME",
        help="The outlet of documents that name none (default: the name of the file the "
        "document was read from; a web page's site name or host).",
    ),
]
PublishedOption = Annotated[
    datetime | None,
    typer.Option(
        "--published",
        metavar="YYYY-MM-DD",
        formats=["%Y-%m-%d"],
        help="Publication date for documents that carry none (anchors relative dates).",
    ),
]
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        metavar="N",
        help="Code with N processes on this machine (each loads the pipeline once).",
    ),
]
DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="ADDRESS",
        help="Code on a Dask cluster: its scheduler (tcp://HOST:8786), or 'local' for a "
        "local cluster of --workers processes (default: one per CPU).",
    ),
]


@contextmanager
def _open_output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    try:
        fh = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        _print_error(f"{path}: cannot write: {exc.strerror or exc}")
        raise typer.Exit(1) from None
    with fh:
        yield fh


class _RateColumn(ProgressColumn):
    """Documents per second, over Rich's recent window (the whole run once finished)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} docs/s" if speed else "- docs/s")


def count_documents(inputs: Iterable[str | Path]) -> int | None:
    """About how many documents ``inputs`` hold, for the time left; None when unknown.

    JSON Lines files count their non-blank lines, text and HTML files and web pages one
    each; a feed,
    a crawl or an unknown file makes the count unknown (counting them means parsing
    them). Unreadable inputs count nothing: they are reported when read.

    Example:
        >>> count_documents([Path("a.txt"), Path("docs.jsonl")])  # doctest: +SKIP
        251
    """
    from .ingest import iter_files
    from .ingest.fetch import is_url

    total = 0
    for named in inputs:
        if isinstance(named, str) and is_url(named):
            total += 1
            continue
        given = Path(named)
        files = [given] if not given.is_dir() else iter_files(given)
        for item in files:
            if isinstance(item, InputError):
                continue
            suffix = item.suffix.lower()
            if suffix in (".txt", ".html", ".htm"):
                total += 1
            elif suffix in (".jsonl", ".ndjson"):
                try:
                    with item.open("rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    continue
            elif item.exists():
                return None
    return total


class _Run:
    """Counts documents, events and errors; shows them live on stderr when it is a terminal.

    The display gives documents per second, events found, errors and, when the number of
    documents is known beforehand (``total``), the time left.
    """

    def __init__(self, label: str, total: int | None = None) -> None:
        self.documents = 0
        self.events = 0
        self.errors = 0
        self.skipped = 0
        self.console = _stderr()
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn(label),
            BarColumn(bar_width=20),
            TextColumn("{task.fields[documents]} documents"),
            _RateColumn(),
            TextColumn("{task.fields[events]} events"),
            TextColumn("{task.fields[errors]} errors"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
            disable=not self.console.is_terminal,
        )
        self.task = self.progress.add_task(label, total=total, documents=0, events=0, errors=0)

    def __enter__(self) -> _Run:
        self.progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.progress.stop()

    def _update(self) -> None:
        self.progress.update(
            self.task,
            completed=self.documents + self.errors + self.skipped,
            documents=self.documents,
            events=self.events,
            errors=self.errors,
        )

    def skip(self, article: Article | None = None) -> None:
        """Count a document passed over (a duplicate, one already stored)."""
        self.skipped += 1
        self._update()

    def error(self, exc: ConflictCoderError) -> None:
        self.errors += 1
        _print_error(str(exc), self.progress.console)
        self._update()

    def articles(self, items: Iterable[Article | InputError]) -> Iterator[Article]:
        """Pass the articles on; print each input error as one line and count it."""
        for item in items:
            if isinstance(item, InputError):
                self.error(item)
                continue
            yield item

    def coded(self, article: Article, events: list[Event]) -> None:
        self.documents += 1
        self.events += len(events)
        if article.published is None and any(e.event_date is None for e in events):
            _print_warning(undated_warning(article.id), self.progress.console)
        self._update()

    def summary(self) -> str:
        return f"{self.documents} documents, {self.events} events, {self.errors} errors"


def _coder(settings: Settings) -> Any:
    """The coder the commands use (imported late: loading the pipeline is slow)."""
    from .coder import Coder

    return Coder(settings)


def _origin_file(origin: str | None) -> str | None:
    """The name of the file an article was read from: "docs.jsonl" for "in/docs.jsonl:3"."""
    if not origin or "://" in origin:
        return None
    for mark in (":", "#", "@"):
        head, sep, tail = origin.rpartition(mark)
        if sep and tail.isdigit():
            origin = head
            break
    return Path(origin).name or None


def with_source(
    items: Iterable[Article | InputError], source: str | None
) -> Iterator[Article | InputError]:
    """Give every article that names no outlet one: ``source``, else its file's name.

    Example:
        >>> a = Article("a", "Jets struck Ariha.", origin="in/report.txt")
        >>> next(with_source([a], None)).source, next(with_source([a], "SOHR")).source
        ('report.txt', 'SOHR')
    """
    for item in items:
        if isinstance(item, Article) and not item.source:
            name = source or _origin_file(item.origin)
            if name:
                item = dataclasses.replace(item, source=name)
        yield item


def _read(
    inputs: list[str],
    published: datetime | None,
    settings: Settings,
    on_duplicate: Any = None,
    source: str | None = None,
) -> Iterable[Article | InputError]:
    """The articles of ``inputs``, each text and each URL once (``unique_articles``)."""
    from .ingest import read_inputs, unique_articles
    from .ingest.fetch import is_url

    day: date | None = published.date() if published else None
    paths: list[str | Path] = [i if is_url(i) else Path(i) for i in inputs]
    items = with_source(read_inputs(paths, published=day, settings=settings), source)
    return unique_articles(items, on_duplicate=on_duplicate)


def _code(
    articles: Iterable[Article], settings: Settings, workers: int, dask: str | None
) -> Iterator[tuple[Article, list[Event]]]:
    """Code in this process, with ``workers`` processes or on a Dask cluster."""
    from .distributed import code_stream

    if dask is None and workers == 1:
        return code_stream(articles, settings, coder=_coder(settings))
    return code_stream(articles, settings, workers=workers, dask=dask)


# -- commands ---------------------------------------------------------------------------


@app.command()
def extract(
    inputs: InputsArgument,
    fmt: FormatOption = "jsonl",
    output: OutputOption = None,
    published: PublishedOption = None,
    config: ConfigOption = None,
    workers: WorkersOption = 1,
    dask: DaskOption = None,
    bom: BomOption = False,
    inter_num: InterNumOption = False,
    source: SourceOption = None,
) -> None:
    """Code documents into events and write them as JSONL, ACLED or UCDP CSV, GeoJSON...

    Each unreadable input is reported on stderr as one line, "error: FILE:LINE: problem".

    The other documents are still coded; the exit status is 1 when any input failed.
    A document whose text or URL was already read in this run is coded once. --workers
    and --dask give the same events, in the same order, as one process.

    Example:
        conflictcoder extract report.txt feeds/ --format csv --output events.csv --workers 4
    """
    settings = load_settings(config)
    with _Run("extracting", count_documents(inputs)) as run, _open_output(output) as fh:

        def events() -> Iterator[Event]:
            articles = run.articles(_read(inputs, published, settings, run.skip, source))
            for article, coded in _code(articles, settings, workers, dask):
                run.coded(article, coded)
                yield from coded

        write_events(events(), fh, fmt, **_export_options(bom, inter_num))
    run.console.print(run.summary())
    if run.errors:
        raise typer.Exit(1)


@app.command()
def ingest(
    inputs: InputsArgument,
    db: DbOption,
    published: PublishedOption = None,
    config: ConfigOption = None,
    workers: WorkersOption = 1,
    dask: DaskOption = None,
    source: SourceOption = None,
) -> None:
    """Code documents and store them with their events; already stored texts are skipped.

    Prints "N articles read, N new, N already stored, N events stored (N new, N merged into
    existing events), N errors": an event a report adds to one already stored (another
    outlet's report of the same incident) counts as merged.

    Running it twice on the same input adds nothing; the exit status is 1 when any input failed.
    A document read twice in one run (same text, or same URL) counts as already stored.

    Example:
        conflictcoder ingest report.txt feeds/ --db events.sqlite --workers 4
    """
    settings = load_settings(config)
    read = new = known = stored = 0
    outcomes: Counter[str] = Counter()
    with open_store(db) as store, _Run("ingesting", count_documents(inputs)) as run:

        def duplicate(article: Article) -> None:
            nonlocal read, known
            read += 1
            known += 1
            run.skip(article)

        def unseen() -> Iterator[Article]:
            nonlocal read, known
            for article in run.articles(_read(inputs, published, settings, duplicate, source)):
                read += 1
                if store.has_article(article.content_hash):
                    known += 1
                    run.skip(article)
                    continue
                yield article

        for article, events in _code(unseen(), settings, workers, dask):
            run.coded(article, events)
            if store.ingest(article, events):
                new += 1
                stored += len(events)
                outcomes.update(getattr(store, "write_counts", {}))
            else:  # the same text appeared twice in this run
                known += 1
    merged = stored - outcomes["created"]
    typer.echo(
        f"{read} articles read, {new} new, {known} already stored, "
        f"{stored} events stored ({outcomes['created']} new, {merged} merged into existing "
        f"events), {run.errors} errors"
    )
    if run.errors:
        raise typer.Exit(1)


@app.command()
def evaluate(
    gold: Annotated[
        list[Path],
        typer.Argument(metavar="GOLD", show_default=False, help="Gold JSONL files."),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the scores as JSON instead of a table.")
    ] = False,
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            metavar="FILE",
            dir_okay=False,
            help="Write each mismatch as JSONL (doc_id, field, gold, predicted) to FILE.",
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Code gold documents and print detection and per-field scores.

    Example:
        conflictcoder evaluate gold.jsonl --errors mismatches.jsonl
    """
    coder = _coder(load_settings(config))
    report = evaluate_gold(gold, coder=coder, progress=True)
    if errors is not None:
        with _open_output(errors) as fh:
            report.write_errors(fh)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for table in report.to_tables():
            Console(soft_wrap=False).print(table)


@app.command()
def export(
    db: DbOption,
    fmt: FormatOption = "jsonl",
    output: OutputOption = None,
    country: Annotated[str | None, typer.Option(help="Only events in this country.")] = None,
    admin1: Annotated[str | None, typer.Option(help="Only events in this admin1 unit.")] = None,
    event_type: Annotated[str | None, typer.Option(help="Only this ACLED event type.")] = None,
    date_from: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="Only events on or after this day.")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="Only events on or before this day.")
    ] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many events.")] = None,
    bom: BomOption = False,
    inter_num: InterNumOption = False,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="TIME",
            help="Only what changed at or after TIME (Unix seconds or ISO time, as the "
            "events' timestamp): the events added or updated go to the output, the ids "
            "deleted, merged away or rejected to --removed.",
        ),
    ] = None,
    removed: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            dir_okay=False,
            help="With --since: write the removed ids as CSV (event_id, action, merged_into, "
            "timestamp, reason) to FILE.",
        ),
    ] = None,
) -> None:
    """Write the stored events (JSONL, ACLED or UCDP CSV, GeoJSON, Parquet...) sorted by date.

    With --since, only the changes since then, as ACLED's updates and deletions: applying
    them to an earlier export gives the store's dataset.

    Example:
        conflictcoder export --db events.sqlite --format acled --output events.csv
        conflictcoder export --db events.sqlite --since 2026-12-01 --removed deleted.csv
    """
    if "://" not in db and db != ":memory:" and not Path(db).exists():
        raise StoreError(f"{db}: store not found; create it with: conflictcoder ingest --db {db}")
    if removed is not None and since is None:
        raise typer.BadParameter("--removed needs --since", param_hint="--removed")
    where = EventFilter(
        country=country, admin1=admin1, event_type=event_type, date_from=date_from, date_to=date_to
    )
    with open_store(db) as store:
        if since is None:
            events = store.events(where, limit=limit)
            gone: list[Any] = []
        else:
            events, gone = _changes_since(store, since, where, limit)
    with _open_output(output) as fh:
        write_events(events, fh, fmt, **_export_options(bom, inter_num))
    if removed is not None:
        with _open_output(removed) as fh:
            out = csv.writer(fh, lineterminator="\n")
            out.writerow(["event_id", "action", "merged_into", "timestamp", "reason"])
            for item in gone:
                row = [item.event_id, item.action, item.merged_into, item.timestamp, item.reason]
                out.writerow(["" if v is None else v for v in row])


def _changes_since(
    store: Store, since: str, where: EventFilter, limit: int | None
) -> tuple[list[Event], list[Any]]:
    """The events changed at or after ``since`` that pass ``where``, and the removals."""
    from .store import SqlStore
    from .store.changes import parse_since

    if not isinstance(store, SqlStore):
        raise StoreError(f"{store.name}: this store keeps no change log")
    moment = parse_since(since)
    page = store.changes(moment)
    wanted = {e.event_id for e in store.events(where)} if where.store_kwargs() else None
    events = [e for e in page.events if wanted is None or e.event_id in wanted]
    events.sort(key=lambda e: (e.event_date is None, e.event_date or "", e.event_id))
    return events[:limit] if limit is not None else events, page.removed


def events_table(events: Iterable[Event], *, title: str | None = None) -> Table:
    """A Rich table of events: date, type, place, actors, deaths and the first evidence."""
    table = Table(title=title, show_lines=True)
    for name in ("date", "sub-event type", "location", "actor1", "actor2", "deaths", "evidence"):
        table.add_column(name, justify="right" if name == "deaths" else "left")
    for event in events:
        place = ", ".join(p for p in (event.location, event.admin1, event.country) if p)
        cells = (
            event.event_date or "?",
            event.sub_event_type,
            place or "?",
            event.actor1 or "",
            event.actor2 or "",
            str(event.fatalities),
            event.evidence[0].sentence if event.evidence else "",
        )
        # Text, not str: a "[...]" in a news sentence is not Rich markup.
        table.add_row(*(Text(cell) for cell in cells))
    return table


@app.command()
def show(
    events: Annotated[
        Path,
        typer.Argument(metavar="EVENTS", show_default=False, help="A JSONL file of events."),
    ],
) -> None:
    """Print the events of a JSONL export as a table (date, type, place, actors, evidence).

    Example:
        conflictcoder show events.jsonl
    """
    loaded = list(read_events(events))
    Console(soft_wrap=False).print(events_table(loaded, title=f"{events}: {len(loaded)} events"))


@app.command()
def serve(
    db: DbOption = "events.sqlite",
    host: Annotated[str, typer.Option(help="Interface to listen on (loopback by default).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    config: ConfigOption = None,
) -> None:
    """Serve the dashboard (map, timeline, evidence) and the REST API over a store.

    Prints the dashboard's address, then runs until Ctrl-C. The API is documented at /docs.

    Example:
        conflictcoder serve --db events.sqlite --port 8000
    """
    from . import api

    def ready(url: str) -> None:
        typer.echo(f"conflictcoder dashboard: {url}  (API docs: {url}docs)")

    api.serve(db, host=host, port=port, settings=load_settings(config), on_ready=ready)


@app.command()
def version() -> None:
    """Print the installed conflictcoder version.

    Example:
        conflictcoder version
    """
    try:
        number = metadata.version("conflictcoder")
    except metadata.PackageNotFoundError:  # running from a source tree
        number = "unknown"
    typer.echo(f"conflictcoder {number}")


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
    from .alerts import deliver_alerts
    from .watch import SourceReport, Watcher, load_sources

    file = load_sources(sources)
    settings = load_settings(config)
    with open_store(db) as store, Watcher(
        store, file, settings=settings, after_cycle=lambda: deliver_alerts(store)
    ) as watcher:
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
    """List the watched sources: last success, last error, articles per day.

    Example:
        conflictcoder sources --db events.sqlite
    """
    from .watch import source_summaries
    from .watch.watcher import utc_now

    now = utc_now()
    with open_store(db) as store:
        rows = source_summaries(store, days=days, now=now)
    table = Table(title=f"{len(rows)} watched sources", title_justify="left")
    for column in ("source", "last success", "last error", "failures", "next poll"):
        table.add_column(column)
    table.add_column(f"articles/day ({days} d)", justify="right")
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
        )
    Console(soft_wrap=False).print(table)


# -- alerts: saved searches, an Atom feed and signed webhooks -------------------------------

alerts_app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="""Saved searches delivered as an Atom feed and as signed webhooks.

    Each alert has a feed at /api/alerts/ID/feed.atom (conflictcoder serve) and, with
    --webhook, POSTs every matching event stored or changed after it was made, once per
    version, signed with X-Conflictcoder-Signature: sha256=HMAC(secret, body).

    Example:
        conflictcoder alerts add "Idlib strikes" --admin1 Idlib --db events.sqlite
    """,
)
app.add_typer(alerts_app, name="alerts")


def _bbox_option(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    parts = value.split(",")
    try:
        numbers = tuple(float(p) for p in parts)
    except ValueError:
        numbers = ()
    if len(numbers) != 4:
        raise typer.BadParameter(f"give min_lon,min_lat,max_lon,max_lat, got '{value}'")
    return (numbers[0], numbers[1], numbers[2], numbers[3])


@alerts_app.command("add")
def alerts_add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="What to call the alert.")],
    db: DbOption,
    bbox: Annotated[
        str | None,
        typer.Option(metavar="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT", help="Events inside this box."),
    ] = None,
    country: Annotated[str | None, typer.Option(help="A country, any name or ISO code.")] = None,
    admin1: Annotated[str | None, typer.Option(help="A first-level unit, any spelling.")] = None,
    admin2: Annotated[str | None, typer.Option(help="A second-level unit.")] = None,
    event_type: Annotated[
        list[str] | None,
        typer.Option("--type", metavar="TYPE", help="ACLED event or sub-event type (repeat)."),
    ] = None,
    actor: Annotated[
        list[str] | None, typer.Option(metavar="ACTOR", help="An actor or alias (repeat).")
    ] = None,
    min_fatalities: Annotated[
        int | None, typer.Option(min=0, help="At least this many deaths.")
    ] = None,
    reviewed_only: Annotated[
        bool, typer.Option("--reviewed-only", help="Only events a reviewer confirmed.")
    ] = False,
    webhook: Annotated[
        str | None, typer.Option(metavar="URL", help="POST matching events here, signed.")
    ] = None,
) -> None:
    """Save an alert; prints its id, its feed path and its webhook secret (shown once).

    Example:
        conflictcoder alerts add Idlib --admin1 Idlib --webhook https://x.example/h --db e.sqlite
    """
    from .alerts import AlertSearch, create_alert

    search = AlertSearch(
        bbox=_bbox_option(bbox),
        country=country,
        admin1=admin1,
        admin2=admin2,
        event_types=tuple(event_type or ()),
        actors=tuple(actor or ()),
        min_fatalities=min_fatalities,
        reviewed_only=reviewed_only,
    )
    with open_store(db) as store:
        alert = create_alert(store, name, search, webhook_url=webhook, user="cli")
    typer.echo(f"alert {alert.id}: {alert.name}")
    typer.echo(f"feed: /api/alerts/{alert.id}/feed.atom")
    if alert.webhook_url:
        typer.echo(f"webhook: {alert.webhook_url}")
        typer.echo(f"secret: {alert.secret}")


@alerts_app.command("list")
def alerts_list(db: DbOption) -> None:
    """List the alerts: id, name, what they match, webhook and deliveries.

    Example:
        conflictcoder alerts list --db events.sqlite
    """
    from .alerts import AlertSearch, alerts_store

    with open_store(db) as store:
        keeper = alerts_store(store)
        rows = [(a, keeper.alert_deliveries(a.id, limit=1000)) for a in keeper.alerts()]
    table = Table(title=f"{len(rows)} alerts", title_justify="left")
    for column in ("id", "name", "matches", "webhook", "deliveries"):
        table.add_column(column)
    for alert, log in rows:
        counts = {s: sum(d.status == s for d in log) for s in ("delivered", "failed", "abandoned")}
        shown = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "none"
        table.add_row(
            alert.id,
            Text(alert.name),
            Text(AlertSearch.from_dict(alert.search).describe()),
            Text(alert.webhook_url or "(feed only)"),
            shown,
        )
    Console(soft_wrap=False).print(table)


@alerts_app.command("delete")
def alerts_delete(
    alert_id: Annotated[str, typer.Argument(metavar="ID", help="The alert's id (al-...).")],
    db: DbOption,
) -> None:
    """Delete an alert and its delivery log.

    Example:
        conflictcoder alerts delete al-0123456789ab --db events.sqlite
    """
    from .alerts import delete_alert

    with open_store(db) as store:
        delete_alert(store, alert_id)
    typer.echo(f"alert {alert_id} deleted")


@alerts_app.command("deliver")
def alerts_deliver(db: DbOption) -> None:
    """Send the webhooks due now: matching events stored or changed since the last run.

    Prints "N deliveries recorded, N delivered, N failed, N abandoned"; exit status 1 when
    one failed (it is tried again later, with a growing delay). watch and serve do this by
    themselves; this command is for cron or scripts.

    Example:
        conflictcoder alerts deliver --db events.sqlite
    """
    from .alerts import deliver_alerts

    with open_store(db) as store, _log_to_stderr(stamped=False):
        report = deliver_alerts(store)
    typer.echo(
        f"{report.recorded} deliveries recorded, {report.delivered} delivered, "
        f"{report.failed} failed, {report.abandoned} abandoned"
    )
    if report.failed or report.abandoned:
        raise typer.Exit(1)


# -- gazetteer: sources of the place index ---------------------------------------------

gazetteer_app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="""Build up the place index: GeoNames dumps, event datasets, OCHA P-codes, your own places.

    Every source goes into the same on-disk index (settings: gazetteer_path); importing a
    file twice adds nothing.

    Example:
        conflictcoder gazetteer status
    """,
)
app.add_typer(gazetteer_app, name="gazetteer")

users_app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="""Accounts of the review desk: who may sign in to the dashboard, with which role.

    Roles: reader (reads, when reads are private), reviewer (the review queue), admin.
    Passwords are asked for (or read from --password-file); only scrypt hashes are stored.

    Example:
        conflictcoder users add ana --role reviewer --db events.sqlite
    """,
)
app.add_typer(users_app, name="users")
RoleOption = Annotated[
    str, typer.Option("--role", help="reader, reviewer or admin.", show_default=True)
]
PasswordFileOption = Annotated[
    Path | None,
    typer.Option(
        "--password-file",
        metavar="FILE",
        dir_okay=False,
        help="Read the password from the first line of FILE ('-': standard input) "
        "instead of asking.",
    ),
]


def _password(source: Path | None) -> str:
    if source is None:
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    text = sys.stdin.read() if str(source) == "-" else source.read_text(encoding="utf-8")
    return text.splitlines()[0] if text else ""


def _desk(db: str) -> Any:
    from .store import SqlStore

    store = open_store(db)
    if not isinstance(store, SqlStore):
        store.close()
        raise StoreError(f"{store.name}: this store keeps no accounts")
    return store


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user name (letters, digits, . _ @ -).")],
    db: DbOption = "events.sqlite",
    role: RoleOption = "reviewer",
    password_file: PasswordFileOption = None,
) -> None:
    """Create an account.

    Example:
        conflictcoder users add ana --role reviewer --db events.sqlite
    """
    with _desk(db) as store:
        store.add_user(name, _password(password_file), role=role)
    typer.echo(f"added {name} ({role})")


@users_app.command("list")
def users_list(db: DbOption = "events.sqlite") -> None:
    """List the accounts: name, role, when created, sessions signed in now.

    Example:
        conflictcoder users list --db events.sqlite
    """
    with _desk(db) as store:
        rows = store.users()
    table = Table()
    for column in ("name", "role", "created", "sessions"):
        table.add_column(column)
    for row in rows:
        created = datetime.fromtimestamp(row["created_at"], UTC).strftime("%Y-%m-%d %H:%M")
        table.add_row(Text(row["name"]), row["role"], created, str(row["sessions"]))
    Console(soft_wrap=False).print(table)


@users_app.command("role")
def users_role(
    name: Annotated[str, typer.Argument(help="The user.")],
    role: Annotated[str, typer.Argument(help="reader, reviewer or admin.")],
    db: DbOption = "events.sqlite",
) -> None:
    """Give a user another role (signs them out).

    Example:
        conflictcoder users role ana admin --db events.sqlite
    """
    with _desk(db) as store:
        store.set_role(name, role)
    typer.echo(f"{name} is now {role}")


@users_app.command("passwd")
def users_passwd(
    name: Annotated[str, typer.Argument(help="The user.")],
    db: DbOption = "events.sqlite",
    password_file: PasswordFileOption = None,
) -> None:
    """Set a user's password (signs them out).

    Example:
        conflictcoder users passwd ana --db events.sqlite
    """
    with _desk(db) as store:
        store.set_password(name, _password(password_file))
    typer.echo(f"password of {name} changed")


@users_app.command("remove")
def users_remove(
    name: Annotated[str, typer.Argument(help="The user.")],
    db: DbOption = "events.sqlite",
) -> None:
    """Delete an account (what it did stays in the events' history).

    Example:
        conflictcoder users remove ana --db events.sqlite
    """
    with _desk(db) as store:
        store.remove_user(name)
    typer.echo(f"removed {name}")

GazetteerOption = Annotated[
    Path | None,
    typer.Option(
        "--gazetteer",
        metavar="FILE",
        dir_okay=False,
        help="The gazetteer index (default: the settings' gazetteer_path, else the user cache).",
    ),
]
FilesArgument = Annotated[
    list[Path],
    typer.Argument(metavar="FILE", show_default=False, help="Files to import."),
]


def _gazetteer_path(gazetteer: Path | None, config: Path | None) -> Path:
    return gazetteer if gazetteer is not None else load_settings(config).gazetteer_file


@gazetteer_app.command("status")
def gazetteer_status(
    gazetteer: GazetteerOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
    config: ConfigOption = None,
) -> None:
    """Show the index: its file and size, and the places and countries of every source.

    Example:
        conflictcoder gazetteer status --json
    """
    from .geo.index import index_status

    status = index_status(_gazetteer_path(gazetteer, config))
    if as_json:
        typer.echo(json.dumps(status.to_dict(), indent=2, ensure_ascii=False))
        return
    typer.echo(f"index: {status.path} ({status.size_bytes / 1_048_576:.1f} MiB)")
    typer.echo(f"embedded default built for: {status.built_for}")
    table = Table(show_lines=False)
    for column in ("source", "places", "admin codes", "countries"):
        table.add_column(column, justify="right" if column in ("places", "admin codes") else "left")
    for source in status.sources:
        countries = ", ".join(source.countries[:12])
        if len(source.countries) > 12:
            countries += f" and {len(source.countries) - 12} more"
        table.add_row(source.source, str(source.places), str(source.admin_codes), countries)
    Console(soft_wrap=False).print(table)
    for src, kind, origin, added, at in status.imports:
        typer.echo(f"imported {at}: {origin} ({kind}, {added} added, source {src})")


@gazetteer_app.command("add")
def gazetteer_add(
    countries: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[COUNTRY]...",
            show_default=False,
            help="ISO alpha-2 codes whose GeoNames dumps to download (SY IQ).",
        ),
    ] = None,
    from_files: Annotated[
        list[Path] | None,
        typer.Option(
            "--from",
            metavar="FILE",
            dir_okay=False,
            help="Import a GeoNames file instead: XX.zip, XX.txt, allCountries.zip, "
            "cities500.zip, admin1CodesASCII.txt, admin2Codes.txt, alternateNamesV2.zip.",
        ),
    ] = None,
    gazetteer: GazetteerOption = None,
    config: ConfigOption = None,
) -> None:
    """Add GeoNames places: download country dumps, or import dump files with --from.

    Example:
        conflictcoder gazetteer add SY IQ
        conflictcoder gazetteer add --from SY.zip --from admin2Codes.txt
    """
    from .geo.geonames import add_countries, import_geonames

    if not countries and not from_files:
        raise typer.BadParameter("give country codes (SY IQ) or --from FILE")
    index = _gazetteer_path(gazetteer, config)
    for path in from_files or []:
        typer.echo(import_geonames(index, path).summary())
    if countries:
        for result in add_countries(index, countries):
            typer.echo(result.summary())


@gazetteer_app.command("learn")
def gazetteer_learn(
    files: FilesArgument,
    before: Annotated[
        datetime | None,
        typer.Option(
            "--before",
            metavar="YYYY-MM-DD",
            formats=["%Y-%m-%d"],
            help="Only events before this day (gold documents: published before).",
        ),
    ] = None,
    gazetteer: GazetteerOption = None,
    config: ConfigOption = None,
) -> None:
    """Learn the places coded in event datasets: ACLED CSV, UCDP GED CSV, our JSONL or gold files.

    Example:
        conflictcoder gazetteer learn acled_syria.csv ged_syria.csv --before 2020-01-01
    """
    from .geo.learn import learn_places

    result = learn_places(
        _gazetteer_path(gazetteer, config), files, before=before.date() if before else None
    )
    typer.echo(result.summary())


@gazetteer_app.command("import-ocha")
def gazetteer_import_ocha(
    files: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[FILE]...", show_default=False, help="Files to import."),
    ] = None,
    hdx: Annotated[
        str | None,
        typer.Option(
            "--hdx",
            metavar="ISO3",
            help="Download the country's COD admin units and populated places from HDX "
            "(data.humdata.org) and import them.",
        ),
    ] = None,
    hdx_site: Annotated[
        str, typer.Option("--hdx-site", metavar="URL", help="The HDX (CKAN) site to ask.")
    ] = "https://data.humdata.org",
    gazetteer: GazetteerOption = None,
    config: ConfigOption = None,
) -> None:
    """Import OCHA admin units (and populated places) with P-codes from CSV or JSON, or from HDX.

    Example:
        conflictcoder gazetteer import-ocha syr_admin_units.csv
        conflictcoder gazetteer import-ocha --hdx SYR
    """
    from .geo.ocha import import_ocha

    if not files and not hdx:
        raise typer.BadParameter("give OCHA files, or --hdx ISO3 to download them from HDX")
    index = _gazetteer_path(gazetteer, config)
    for path in files or []:
        typer.echo(import_ocha(index, path).summary())
    if hdx:
        from .geo.hdx import import_hdx

        def downloading(cod: Any) -> None:
            _stderr().print(f"downloading {cod.kind}: {cod.url}")

        for result in import_hdx(index, hdx, site=hdx_site, on_file=downloading):
            typer.echo(result.summary())


@gazetteer_app.command("supplement")
def gazetteer_supplement(
    files: FilesArgument,
    gazetteer: GazetteerOption = None,
    config: ConfigOption = None,
) -> None:
    """Import your own places (name, aliases, latitude, longitude, country, admin1, admin2).

    Example:
        conflictcoder gazetteer supplement my_places.csv
    """
    from .geo.supplement import import_supplement

    index = _gazetteer_path(gazetteer, config)
    for path in files:
        typer.echo(import_supplement(index, path).summary())


@gazetteer_app.command("unresolved")
def gazetteer_unresolved(
    db: DbOption,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many names.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
) -> None:
    """List the location names no gazetteer knew, most frequent first, to add to a supplement.

    Example:
        conflictcoder gazetteer unresolved --db events.sqlite --limit 20
    """
    from .geo.unresolved import unresolved_names

    if "://" not in db and db != ":memory:" and not Path(db).exists():
        raise StoreError(f"{db}: store not found; create it with: conflictcoder ingest --db {db}")
    with open_store(db) as store:
        rows = unresolved_names(store.events(), limit=limit)
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row.to_dict(), ensure_ascii=False))
        return
    table = Table()
    for column in ("events", "location", "admin1", "country"):
        table.add_column(column, justify="right" if column == "events" else "left")
    for row in rows:
        table.add_row(
            str(row.count), Text(row.location), Text(row.admin1 or ""), Text(row.country or "")
        )
    Console(soft_wrap=False).print(table)


def main() -> None:
    """Entry point of the ``conflictcoder`` script.

    Example:
        >>> main()  # doctest: +SKIP
    """
    app()
