"""``alerts add|list|delete|deliver``: saved searches, an Atom feed and signed webhooks."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..store import open_store
from ._common import (
    DbOption,
    _Group,
    app,
)
from .watching import _log_to_stderr

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
    from ..alerts import AlertSearch, create_alert

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
    from ..alerts import AlertSearch, alerts_store

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
    from ..alerts import delete_alert

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
    from ..alerts import deliver_alerts

    with open_store(db) as store, _log_to_stderr(stamped=False):
        report = deliver_alerts(store)
    typer.echo(
        f"{report.recorded} deliveries recorded, {report.delivered} delivered, "
        f"{report.failed} failed, {report.abandoned} abandoned"
    )
    if report.failed or report.abandoned:
        raise typer.Exit(1)
