"""The ``conflictcoder`` command line: thin wrappers over the library.

Each command parses its options, calls the library (``ingest.read_inputs``,
``Coder.code_many``, ``Store``, ``export.write_events``, ``evaluate.evaluate``) and prints.
The coding commands (extract, ingest, evaluate, export, show, serve) are here; the command
groups have a module each (watching, alerts, gazetteer, users), and what they share (the
options, defined once; the progress display) is in ``_common``. Errors the library raises
on purpose (``ConflictCoderError``) are caught in one place, ``_Group.invoke``, and printed as
``error: <message>`` on stderr with exit status 1 and no traceback. Progress and
per-document errors go to stderr, so stdout carries only the requested output.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..config import Settings, load_settings
from ..errors import StoreError
from ..evaluate import evaluate as evaluate_gold
from ..export import read_events, store_options, write_events
from ..model import Article, Event
from ..store import Store, open_store
from ..store.filters import EventFilter

__all__ = ["app", "count_documents", "events_table", "main", "with_source"]

from ._common import (
    BomOption,
    ConfigOption,
    DaskOption,
    DbOption,
    FormatOption,
    InputsArgument,
    InterNumOption,
    OutputOption,
    PublishedOption,
    SourceOption,
    WorkersOption,
    _export_options,
    _open_output,
    _read,
    _Run,
    app,
    count_documents,
    with_source,
)


def _coder(settings: Settings) -> Any:
    """The coder the commands use (imported late: loading the pipeline is slow)."""
    from ..coder import Coder

    return Coder(settings)


def _code(
    articles: Iterable[Article], settings: Settings, workers: int, dask: str | None
) -> Iterator[tuple[Article, list[Event]]]:
    """Code in this process, with ``workers`` processes or on a Dask cluster."""
    from ..distributed import code_stream

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
        options = store_options(store, fmt, _export_options(bom, inter_num))
    with _open_output(output) as fh:
        write_events(events, fh, fmt, **options)
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
    from ..store import SqlStore
    from ..store.changes import parse_since

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
    from .. import api

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


def main() -> None:
    """Entry point of the ``conflictcoder`` script.

    Example:
        >>> main()  # doctest: +SKIP
    """
    app()


# The command groups register themselves on ``app`` when imported.
from . import alerts, gazetteer, users, watching  # noqa: E402, F401
