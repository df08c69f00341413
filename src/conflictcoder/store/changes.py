"""Change tracking: every event's last change, and the ids that left the dataset.

Each write to an event sets its ``timestamp`` (Unix seconds, ACLED's column) and a
``change_seq`` drawn from one counter (``change_counter``) inside the write's transaction.
Writers hold the store's write lock until they commit, so a reader that sees the counter at
N has seen every change numbered up to N: paging on the counter (``after=``) misses and
repeats nothing, while ``since=`` (Unix seconds, as ACLED's updates) is the human filter.
Ids deleted, merged into another event or rejected by a reviewer are kept in
``removed_events`` until an event with that id is stored again.

A partner mirrors the dataset by applying ``changes(after=cursor)`` pages in order: upsert
every event given, delete every id removed, keep the returned cursor for the next call.

Example:
    >>> from conflictcoder.store import open_store
    >>> from conflictcoder.model import Event
    >>> with open_store(":memory:") as store:
    ...     _ = store.upsert_events([Event("2021-03-01", "Battles", "Armed clash")])
    ...     page = store.changes(after=0)
    ...     [e.event_type for e in page.events], page.removed, page.cursor > 0
    (['Battles'], [], True)
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..errors import StoreError
from ..model import Event
from ._parts import SqlParts
from .history import Cause, epoch, now_iso

REMOVAL_ACTIONS: tuple[str, ...] = ("delete", "merge", "reject")


def parse_since(value: str | None) -> int | None:
    """Unix seconds from "1733011200" or an ISO time ("2024-12-01", "...T10:00:00Z"); None
    for None or "". StoreError for anything else.

    Example:
        >>> parse_since("2024-12-01T00:00:00Z"), parse_since("1733011200")
        (1733011200, 1733011200)
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise StoreError(
            f"since must be Unix seconds or an ISO time (2026-12-01T00:00:00Z), got '{value}'"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0, int(moment.timestamp()))


@dataclass(frozen=True)
class Removal:
    """An event id that left the dataset.

    event_id (str): the id removed.
    action (str): "delete" (a false event), "merge" (merged into ``merged_into``) or
        "reject" (a reviewer rejected it; the store keeps it so later reports of the same
        incident stay rejected).
    timestamp (int): Unix seconds of the removal.
    merged_into (str | None): the event that absorbed it ("merge").
    user (str | None): who removed it.
    reason (str | None): why.
    """

    event_id: str
    action: str
    timestamp: int
    merged_into: str | None = None
    user: str | None = None
    reason: str | None = None
    change_seq: int = field(default=0, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The removal as JSON-ready values (without the internal ``change_seq``)."""
        data = asdict(self)
        del data["change_seq"]
        return data


@dataclass(frozen=True)
class ChangeSet:
    """What changed in a store after a cursor (and at or after a time).

    events (list[Event]): events added or updated, each in its current state, in the order
        of their last change.
    removed (list[Removal]): ids deleted, merged away or rejected, in the same order.
    cursor (int): pass as ``after=`` to get the changes that follow.
    complete (bool): False when ``limit`` cut the page: call again with ``after=cursor``.
    server_time (int): Unix seconds when the store was read.
    """

    events: list[Event]
    removed: list[Removal]
    cursor: int
    complete: bool
    server_time: int

    @property
    def removed_ids(self) -> list[str]:
        """The ids removed, in order."""
        return [r.event_id for r in self.removed]

    def __iter__(self) -> Iterator[Any]:
        # ``changed, removed_ids = store.changes(since)`` reads as the brief describes it.
        yield self.events
        yield self.removed_ids


class ChangesMixin(SqlParts):
    """``changes`` and ``delete_event`` (the bookkeeping every event write calls is
    ``SqlParts``')."""

    # -- the interface --------------------------------------------------------------------

    def change_cursor(self) -> int:
        """The cursor of the latest change stored (0 for an empty store).

        Example:
            >>> from conflictcoder.store import open_store
            >>> open_store(":memory:").change_cursor()
            0
        """
        return int(self._query("SELECT seq FROM change_counter WHERE id = 1")[0][0])

    def changes(
        self,
        since: int | None = None,
        *,
        after: int | None = None,
        limit: int | None = None,
        reviewed_only: bool = False,
    ) -> ChangeSet:
        """Events added or updated and ids removed after ``after`` and at or after ``since``.

        since (int | None): Unix seconds; only changes at or after it. Defaults to all.
        after (int | None): a ``ChangeSet.cursor`` from an earlier call; only the changes
            that followed it. Defaults to all.
        limit (int | None): at most this many entries (events and removals together);
            ``complete`` says whether more follow. Defaults to all.
        reviewed_only (bool): leave out events not yet confirmed by a reviewer (the public
            dataset when the desk publishes reviewed events only). Defaults to False.
        RETURNS (ChangeSet): the changes, oldest first.
        """
        for name, value in (("since", since), ("after", after), ("limit", limit)):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise StoreError(f"{name} must be a whole number >= 0, got {value!r}")
        with self._lock:
            server_time = int(time.time())
            top = self.change_cursor()
            where = ["change_seq > ?", "change_seq <= ?", "review_status <> 'rejected'"]
            params: list[Any] = [after or 0, top]
            if since is not None:
                where.append("timestamp >= ?")
                params.append(since)
            if reviewed_only:
                where.append("review_status = 'confirmed'")
            page = f"LIMIT {'?' if limit is not None else self._no_limit}"
            # One more than asked: whether more follow is known without another query.
            extra = [limit + 1] if limit is not None else []
            event_rows = self._query(
                f"SELECT change_seq, data FROM events WHERE {' AND '.join(where)} "
                f"ORDER BY change_seq {page}",
                [*params, *extra],
            )
            removed_where = ["change_seq > ?", "change_seq <= ?"]
            removed_params: list[Any] = [after or 0, top]
            if since is not None:
                removed_where.append("timestamp >= ?")
                removed_params.append(since)
            removed_rows = self._query(
                "SELECT change_seq, event_id, timestamp, action, merged_into, user_name, reason"
                f" FROM removed_events WHERE {' AND '.join(removed_where)} "
                f"ORDER BY change_seq {page}",
                [*removed_params, *extra],
            )
        entries: list[tuple[int, Event | Removal]] = [
            (int(seq), self._rows.event_from(data)) for seq, data in event_rows
        ]
        entries += [
            (
                int(row[0]),
                Removal(
                    event_id=str(row[1]),
                    action=str(row[3]),
                    timestamp=int(row[2]),
                    merged_into=row[4],
                    user=row[5],
                    reason=row[6],
                    change_seq=int(row[0]),
                ),
            )
            for row in removed_rows
        ]
        entries.sort(key=lambda item: item[0])
        complete = limit is None or len(entries) <= limit
        if not complete:
            entries = entries[:limit]
        cursor = entries[-1][0] if not complete else max(top, after or 0)
        return ChangeSet(
            events=[e for _, e in entries if isinstance(e, Event)],
            removed=[e for _, e in entries if isinstance(e, Removal)],
            cursor=cursor,
            complete=complete,
            server_time=server_time,
        )

    def delete_event(self, event_id: str, *, user: str, reason: str | None = None) -> None:
        """Remove a false event with its reports and corrections; its history stays, and
        ``changes`` lists the id as deleted.

        event_id (str): the event.
        user (str): who deletes (recorded).
        reason (str | None): why (recorded).
        Raises StoreError when there is no such event.

        Example:
            >>> from conflictcoder.store import open_store
            >>> store = open_store(":memory:")
            >>> _ = store.upsert_events([Event("2021-03-01", "Battles", "Armed clash")])
            >>> eid = store.events()[0].event_id
            >>> store.delete_event(eid, user="ana", reason="a forecast, not an event")
            >>> store.get_event(eid), store.changes().removed_ids == [eid]
            (None, True)
        """
        label = f"{self.name}: cannot delete event {event_id}"
        if not isinstance(user, str) or not user.strip():
            raise StoreError(f"{label}: user must be a non-empty string, got {user!r}")
        with self._transaction(f"cannot delete event {event_id}"):
            if not self._execute("SELECT 1 FROM events WHERE event_id = ?", (event_id,)):
                raise StoreError(f"{label}: no such event")
            now = now_iso()
            self._execute("DELETE FROM events WHERE event_id = ?", (event_id,))
            self._rows.record_history(event_id, Cause("delete", now, user=user, note=reason))
            self._record_removal(Removal(event_id, "delete", epoch(now), user=user, reason=reason))
