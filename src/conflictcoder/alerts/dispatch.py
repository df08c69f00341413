"""Webhooks: each new or changed event that matches an alert is POSTed once, signed.

A dispatch run (``deliver_alerts``) has two steps:

1. **Collect.** For each alert with a webhook, the store's changes after the alert's cursor
   (``Store.changes``) are matched against its search; a delivery is recorded for each
   match, keyed (alert, event, event timestamp, version), together with the new cursor, in
   one transaction. An event changed again later has a new timestamp: a new delivery
   ("updated"); the same version is never recorded twice. (Timestamps count whole seconds;
   the version, a digest of the event, tells apart two changes within one second.)
2. **Send.** Each due delivery is taken (``take_delivery``: one dispatcher at a time), and
   its JSON body POSTed with ``X-Conflictcoder-Signature: sha256=HEX``, the HMAC-SHA256 of
   the body keyed with the alert's secret. A 2xx answer delivers it. Anything else (an
   error status, a timeout, no connection) fails it until ``next_attempt_at``: 30 s after
   the first failure, doubling up to an hour; after ``max_attempts`` tries it is abandoned.
   Every attempt is in the delivery log (``Store.alert_deliveries``).

A receiver checks the signature with ``verify_signature`` (or the same three lines in its
own language) and ignores a delivery id it has seen: a dispatcher that dies between sending
and recording sends that one delivery again when its lease runs out.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from ..errors import StoreError
from ..files import Closing
from ..store import Store
from ..store.alerts_store import Alert, AlertsMixin, Claim, Delivery
from .search import AlertError, AlertSearch

logger = logging.getLogger("conflictcoder")

SIGNATURE_HEADER = "X-Conflictcoder-Signature"
DELIVERY_HEADER = "X-Conflictcoder-Delivery"
ALERT_HEADER = "X-Conflictcoder-Alert"


def sign(secret: str, body: bytes) -> str:
    """The signature header value of a body: ``sha256=`` + hex HMAC-SHA256 keyed by ``secret``.

    Example:
        >>> sign("s3cret", b'{"a": 1}')[:15]
        'sha256=1a9fab6c'
    """
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(secret: str, body: bytes, header: str | None) -> bool:
    """Whether ``header`` is the signature of ``body`` under ``secret`` (constant time).

    Example:
        >>> verify_signature("s3cret", b"x", sign("s3cret", b"x")), verify_signature(
        ...     "s3cret", b"y", sign("s3cret", b"x"))
        (True, False)
    """
    if not header:
        return False
    return hmac.compare_digest(
        sign(secret, body).encode("ascii"), header.encode("ascii", "replace")
    )


def alerts_store(store: Store) -> AlertsMixin:
    """``store`` as a store that keeps alerts; StoreError for a back end without them."""
    if not isinstance(store, AlertsMixin):
        raise StoreError(
            f"{getattr(store, 'name', store)}: this store back end keeps no alerts; "
            "use the SQLite or PostgreSQL store"
        )
    return store


@dataclass
class DispatchReport:
    """What one dispatch run did: deliveries recorded, delivered, failed, abandoned."""

    recorded: int = 0
    delivered: int = 0
    failed: int = 0
    abandoned: int = 0
    errors: list[str] = field(default_factory=list)


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class Dispatcher(Closing):
    """Collects and sends the webhook deliveries of a store's alerts.

    store (Store): the store (SQLite or PostgreSQL).
    client (httpx.Client | None): for tests; None makes one (no redirects followed).
    now (Callable[[], datetime]): the clock (UTC).
    timeout (float): seconds a receiver has to answer. Defaults to 10.
    max_attempts (int): tries before a delivery is abandoned. Defaults to 8.
    first_retry (float): seconds before the second try; doubled each time. Defaults to 30.
    max_retry (float): the longest wait between tries. Defaults to 3600.
    lease (float): how long a taken delivery is held before another dispatcher may retry
        it. Defaults to 120.

    Example:
        >>> Dispatcher(store).run()  # doctest: +SKIP
        DispatchReport(recorded=2, delivered=2, failed=0, abandoned=0, errors=[])
    """

    def __init__(
        self,
        store: Store,
        *,
        client: httpx.Client | None = None,
        now: Callable[[], datetime] = _utc_now,
        timeout: float = 10.0,
        max_attempts: int = 8,
        first_retry: float = 30.0,
        max_retry: float = 3600.0,
        lease: float = 120.0,
    ) -> None:
        from ..watch.fetch import user_agent

        self.store = store
        self.alerts = alerts_store(store)
        self._own_client = client is None
        self.client = client or httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": user_agent()},
        )
        self.now = now
        self.max_attempts = max_attempts
        self.first_retry = first_retry
        self.max_retry = max_retry
        self.lease = lease

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def retry_delay(self, attempts: int) -> float:
        """Seconds before the next try after ``attempts`` failed ones.

        Example:
            >>> d = Dispatcher.__new__(Dispatcher)
            >>> d.first_retry, d.max_retry = 30.0, 3600.0
            >>> [d.retry_delay(n) for n in (1, 2, 3, 9)]
            [30.0, 60.0, 120.0, 3600.0]
        """
        return float(min(self.first_retry * 2 ** (attempts - 1), self.max_retry))

    # -- collect ----------------------------------------------------------------------------

    def collect(self) -> int:
        """Record a delivery for each change that matches an alert with a webhook.

        RETURNS (int): deliveries recorded.
        """
        recorded = 0
        for alert in self.alerts.alerts():
            if not alert.webhook_url:
                continue
            try:
                search = AlertSearch.from_dict(alert.search)
            except AlertError as exc:
                logger.warning("alert %s: its search is invalid (%s); skipped", alert.id, exc)
                continue
            recorded += self._collect(alert, search)
        return recorded

    def _collect(self, alert: Alert, search: AlertSearch) -> int:
        recorded = 0
        cursor = alert.cursor
        while True:
            page = self.store.changes(  # type: ignore[attr-defined]
                after=cursor, limit=1000, reviewed_only=search.reviewed_only
            )
            claims: list[Claim] = []
            seen: set[str] = set()
            for event in page.events:
                if not search.matches(event):
                    continue
                action = (
                    "updated"
                    if event.event_id in seen
                    or self.alerts.delivered_before(alert.id, event.event_id)
                    else "created"
                )
                seen.add(event.event_id)
                record = event.to_dict()
                version = hashlib.sha256(
                    json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
                ).hexdigest()[:16]
                body = {
                    "alert": {"id": alert.id, "name": alert.name},
                    "action": action,
                    "timestamp": event.timestamp,
                    "event": record,
                }
                payload = json.dumps(body, ensure_ascii=False, sort_keys=True)
                claims.append(
                    Claim(event.event_id, event.timestamp or 0, None, action, payload, version)
                )
            recorded += self.alerts.claim_deliveries(
                alert.id, claims, page.cursor, _iso(self.now())
            )
            cursor = page.cursor
            if page.complete:
                return recorded

    # -- send -------------------------------------------------------------------------------

    def send_due(self, report: DispatchReport | None = None) -> DispatchReport:
        """Send every due delivery once (taken first, so no other dispatcher sends it)."""
        report = report or DispatchReport()
        moment = self.now()
        secrets = {a.id: a for a in self.alerts.alerts()}
        for delivery in self.alerts.due_deliveries(_iso(moment)):
            alert = secrets.get(delivery.alert_id)
            if alert is None or not alert.webhook_url:
                continue
            lease = _iso(moment + timedelta(seconds=self.lease))
            if not self.alerts.take_delivery(delivery.id, _iso(moment), lease):
                continue
            self._send(alert, delivery, report)
        return report

    def _send(self, alert: Alert, delivery: Delivery, report: DispatchReport) -> None:
        body = delivery.payload.encode("utf-8")
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(alert.secret, body),
            DELIVERY_HEADER: str(delivery.id),
            ALERT_HEADER: alert.id,
        }
        status: int | None = None
        error: str | None = None
        try:
            response = self.client.post(str(alert.webhook_url), content=body, headers=headers)
            status = response.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status} {response.reason_phrase}".rstrip()
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}".rstrip(": ")
        at = self.now()
        attempts = delivery.attempts + 1
        if error is None:
            self.alerts.record_delivery(
                delivery.id, status="delivered", at=_iso(at), response_status=status
            )
            report.delivered += 1
            return
        if attempts >= self.max_attempts:
            state, retry = "abandoned", None
            report.abandoned += 1
        else:
            state = "failed"
            retry = _iso(at + timedelta(seconds=self.retry_delay(attempts)))
            report.failed += 1
        report.errors.append(f"alert {alert.id}, delivery {delivery.id}: {error}")
        logger.warning(
            "alert %s: delivery %s to %s failed (%s, try %d of %d)",
            alert.id,
            delivery.id,
            alert.webhook_url,
            error,
            attempts,
            self.max_attempts,
        )
        self.alerts.record_delivery(
            delivery.id,
            status=state,
            at=_iso(at),
            response_status=status,
            error=error,
            next_attempt_at=retry,
        )

    def run(self) -> DispatchReport:
        """Collect, then send what is due. RETURNS (DispatchReport): what happened."""
        report = DispatchReport(recorded=self.collect())
        return self.send_due(report)


def deliver_alerts(store: Store, **options: Any) -> DispatchReport:
    """One dispatch run over ``store`` (see ``Dispatcher`` for the options).

    Example:
        >>> deliver_alerts(store).delivered  # doctest: +SKIP
        2
    """
    with Dispatcher(store, **options) as dispatcher:
        return dispatcher.run()


class DeliveryLoop:
    """Runs ``deliver_alerts`` on a store every ``interval`` seconds in a background thread
    (``conflictcoder serve`` runs one, so corrections made in the dashboard go out).

    db (str): the store URL or SQLite path, opened for each run.
    interval (float): seconds between runs. Defaults to 10.

    Example:
        >>> with DeliveryLoop("events.sqlite", interval=10):  # doctest: +SKIP
        ...     serve_forever()
    """

    def __init__(self, db: str, *, interval: float = 10.0) -> None:
        import threading

        self.db = db
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="conflictcoder-alerts", daemon=True)

    def _run(self) -> None:
        from ..errors import ConflictCoderError
        from ..store import open_store

        while not self._stop.wait(self.interval):
            try:
                with open_store(self.db) as store:
                    if any(a.webhook_url for a in alerts_store(store).alerts()):
                        deliver_alerts(store)
            except ConflictCoderError as exc:
                logger.warning("delivering alerts failed: %s", exc)
            except Exception:  # noqa: BLE001 - the loop must outlive one bad run
                logger.exception("delivering alerts failed")

    def start(self) -> DeliveryLoop:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 30)

    def __enter__(self) -> DeliveryLoop:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
