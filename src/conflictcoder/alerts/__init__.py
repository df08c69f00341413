"""Alerts: saved searches delivered as an Atom feed and as signed webhooks.

An alert is a search (``AlertSearch``: an area as a bounding box or an administrative
unit, event types, actors, a minimum toll) saved in the store with an optional webhook.
``GET /api/alerts/{id}/feed.atom`` lists its latest matching events; ``deliver_alerts``
POSTs each matching event that is stored or changes, once per version of the event, signed
with the alert's secret (see ``dispatch.py``). ``conflictcoder watch`` delivers after every
poll and every ``alert_interval``; ``conflictcoder alerts deliver`` runs one delivery.

Example:
    >>> from conflictcoder.store import open_store
    >>> with open_store(":memory:") as store:
    ...     alert = create_alert(store, "Idlib strikes",
    ...                          AlertSearch(admin1="Idlib", event_types=("Air/drone strike",)))
    ...     [a.name for a in list_alerts(store)]
    ['Idlib strikes']
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from urllib.parse import urlsplit

from ..store import Store
from ..store.alerts_store import Alert, Delivery
from .dispatch import (
    SIGNATURE_HEADER,
    DeliveryLoop,
    Dispatcher,
    DispatchReport,
    alerts_store,
    deliver_alerts,
    sign,
    verify_signature,
)
from .feed import atom_feed, recent_matches
from .search import AlertError, AlertSearch

__all__ = [
    "SIGNATURE_HEADER",
    "Alert",
    "AlertError",
    "AlertSearch",
    "Delivery",
    "DeliveryLoop",
    "DispatchReport",
    "Dispatcher",
    "atom_feed",
    "create_alert",
    "delete_alert",
    "deliver_alerts",
    "get_alert",
    "list_alerts",
    "recent_matches",
    "sign",
    "verify_signature",
]


def _check_webhook(url: str | None) -> str | None:
    if url is None:
        return None
    parts = urlsplit(url) if isinstance(url, str) else None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() for c in url)
    ):
        raise AlertError(f"webhook must be an http:// or https:// address, got {url!r}")
    return url


def create_alert(
    store: Store,
    name: str,
    search: AlertSearch,
    *,
    webhook_url: str | None = None,
    user: str | None = None,
) -> Alert:
    """Save a new alert. Its webhook gets the events stored or changed from now on.

    name (str): what to call it. search (AlertSearch): what it matches (validated here).
    webhook_url (str | None): where to POST matching events. Defaults to None (feed only).
    user (str | None): who created it (recorded).
    RETURNS (Alert): the alert, with its id and the secret its deliveries are signed with.
    Raises AlertError naming a bad field.
    """
    if not isinstance(name, str) or not name.strip():
        raise AlertError(f"name must be a non-empty string, got {name!r}")
    checked = search.checked()
    alert = Alert(
        id=f"al-{secrets.token_hex(6)}",
        name=name.strip(),
        search=checked.to_dict(),
        webhook_url=_check_webhook(webhook_url),
        secret=secrets.token_urlsafe(32),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        created_by=user,
        cursor=int(store.change_cursor()),  # type: ignore[attr-defined]
    )
    alerts_store(store).save_alert(alert)
    return alert


def list_alerts(store: Store) -> list[Alert]:
    """Every alert, oldest first."""
    return alerts_store(store).alerts()


def get_alert(store: Store, alert_id: str) -> Alert:
    """The alert with this id; AlertError naming it when there is none."""
    alert = alerts_store(store).get_alert(alert_id)
    if alert is None:
        raise AlertError(f"alert '{alert_id}' not found")
    return alert


def delete_alert(store: Store, alert_id: str) -> None:
    """Delete an alert and its delivery log; AlertError naming it when there is none."""
    if not alerts_store(store).delete_alert(alert_id):
        raise AlertError(f"alert '{alert_id}' not found")
