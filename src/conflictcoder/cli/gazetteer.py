"""``gazetteer status|add|learn|import-ocha|supplement|unresolved``: the place index."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..config import load_settings
from ..errors import StoreError
from ..store import open_store
from ._common import (
    ConfigOption,
    DbOption,
    _Group,
    _stderr,
    app,
    day_option,
)

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


def _echo_summaries(results: Iterable[Any]) -> None:
    """Print each import's one-line summary as it finishes."""
    for result in results:
        typer.echo(result.summary())


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
    from ..geo.index import index_status

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
    from ..geo.geonames import add_countries, import_geonames

    if not countries and not from_files:
        raise typer.BadParameter("give country codes (SY IQ) or --from FILE")
    index = _gazetteer_path(gazetteer, config)
    _echo_summaries(import_geonames(index, path) for path in from_files or [])
    if countries:
        _echo_summaries(add_countries(index, countries))


@gazetteer_app.command("learn")
def gazetteer_learn(
    files: FilesArgument,
    before: Annotated[
        datetime | None,
        day_option("--before", "Only events before this day (gold documents: published before)."),
    ] = None,
    gazetteer: GazetteerOption = None,
    config: ConfigOption = None,
) -> None:
    """Learn the places coded in event datasets: ACLED CSV, UCDP GED CSV, our JSONL or gold files.

    Example:
        conflictcoder gazetteer learn acled_syria.csv ged_syria.csv --before 2020-01-01
    """
    from ..geo.learn import learn_places

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
    from ..geo.ocha import import_ocha

    if not files and not hdx:
        raise typer.BadParameter("give OCHA files, or --hdx ISO3 to download them from HDX")
    index = _gazetteer_path(gazetteer, config)
    _echo_summaries(import_ocha(index, path) for path in files or [])
    if hdx:
        from ..geo.hdx import import_hdx

        def downloading(cod: Any) -> None:
            _stderr().print(f"downloading {cod.kind}: {cod.url}")

        _echo_summaries(import_hdx(index, hdx, site=hdx_site, on_file=downloading))


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
    from ..geo.supplement import import_supplement

    index = _gazetteer_path(gazetteer, config)
    _echo_summaries(import_supplement(index, path) for path in files)


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
    from ..geo.unresolved import unresolved_names

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
