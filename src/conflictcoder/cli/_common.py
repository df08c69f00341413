"""What the commands share: the error boundary (``_Group``), the Typer app, the options
defined once, the progress display (``_Run``) and reading the inputs."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Self, TextIO

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
from rich.text import Text
from typer.core import TyperGroup

from ..config import Settings
from ..errors import ConflictCoderError, InputError
from ..files import Closing
from ..model import Article, Event
from ..registry import exporters
from ..resolve.report_date import undated_warning


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


def day_option(flag: str, help: str) -> Any:
    """A ``typer.Option`` for a day written YYYY-MM-DD (parsed to a ``datetime``)."""
    return typer.Option(flag, metavar="YYYY-MM-DD", formats=["%Y-%m-%d"], help=help)


PublishedOption = Annotated[
    datetime | None,
    day_option(
        "--published", "Publication date for documents that carry none (anchors relative dates)."
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
        >>> _ = (tmp / "a.txt").write_text("Jets struck Ariha.")
        >>> _ = (tmp / "docs.jsonl").write_text('{"id": "1"}\\n\\n{"id": "2"}\\n')
        >>> count_documents([tmp / "a.txt", tmp / "docs.jsonl"])
        3
    """
    from ..ingest import iter_files
    from ..ingest.fetch import is_url

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


class _Run(Closing):
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

    def __enter__(self) -> Self:
        self.progress.start()
        return self

    def close(self) -> None:
        """Stop the progress display (at the end of the ``with`` block)."""
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
    from ..ingest import read_inputs, unique_articles
    from ..ingest.fetch import is_url

    day: date | None = published.date() if published else None
    paths: list[str | Path] = [i if is_url(i) else Path(i) for i in inputs]
    items = with_source(read_inputs(paths, published=day, settings=settings), source)
    return unique_articles(items, on_duplicate=on_duplicate)
