"""What an event's history records: what made the change (``Cause``), when (``now_iso``,
``epoch``) and what changed (``event_changes``); the JSON every stored value is written as
(``dumps``) and the ISO text every stored time is read back as (``iso_time``).

The bottom of the store package: every writer (``writes``, ``rows``, ``review``,
``changes``) imports it, and it imports none of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from ..model import Event

_LIST_FIELDS = ("doc_ids", "evidence")


@dataclass(frozen=True)
class Cause:
    """What made a change to an event, as its history entry records it: the action, when,
    and the document whose report or the person whose decision it was.

    action (str): one of ``migrations.HISTORY_ACTIONS`` ("create", "merge", "correct", ...).
    at (str): when, as ``now_iso`` writes it.
    doc_id (str | None): the document whose report changed the event.
    user (str | None): the person who changed it.
    note (str | None): why (the person's note).

    Example:
        >>> cause = Cause("correct", "2021-03-01T00:00:00+00:00", user="ana")
        >>> cause.action, cause.user, cause.doc_id
        ('correct', 'ana', None)
    """

    action: str
    at: str
    doc_id: str | None = None
    user: str | None = None
    note: str | None = None


def now_iso() -> str:
    """The current UTC time as ISO 8601 to the second.

    Example:
        >>> now_iso().endswith("+00:00")
        True
    """
    return datetime.now(UTC).isoformat(timespec="seconds")


def epoch(now: str) -> int:
    """Unix seconds of an ISO time written by ``now_iso``.

    Example:
        >>> epoch("2021-03-01T00:00:00+00:00")
        1614556800
    """
    return int(datetime.fromisoformat(now).timestamp())


def iso_time(value: Any) -> str | None:
    """A time or date column as ISO text (PostgreSQL returns datetimes and dates, SQLite
    the stored text).

    Example:
        >>> iso_time(datetime(2021, 3, 1, 8, tzinfo=UTC)), iso_time(date(2021, 3, 1))
        ('2021-03-01T08:00:00+00:00', '2021-03-01')
    """
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value if value is None else str(value)


def dumps(value: Any) -> str:
    """A value as the store writes JSON: UTF-8 kept, NaN refused.

    Example:
        >>> dumps({"place": "Hīsh"})
        '{"place": "Hīsh"}'
    """
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def event_changes(old: Event | None, new: Event) -> dict[str, Any]:
    """What changed between two versions of an event, for its history.

    RETURNS (dict): field -> {"old", "new"}; for doc_ids and evidence {"added", "removed"}.

    Example:
        >>> import dataclasses
        >>> a = Event("2021-03-01", "Battles", "Armed clash", fatalities=3, doc_ids=["a"])
        >>> b = dataclasses.replace(a, fatalities=2, doc_ids=["a", "b"])
        >>> event_changes(a, b)
        {'fatalities': {'old': 3, 'new': 2}, 'doc_ids': {'added': ['b'], 'removed': []}}
    """
    before = old.to_dict() if old is not None else {}
    after = new.to_dict()
    changes: dict[str, Any] = {}
    for key, value in after.items():
        if key in ("doc_id", "timestamp"):
            continue
        previous = before.get(key)
        if key in _LIST_FIELDS:
            previous = previous or []
            added = [item for item in value if item not in previous]
            removed = [item for item in previous if item not in value]
            if added or removed:
                changes[key] = {"added": added, "removed": removed}
        elif previous != value:
            changes[key] = {"old": previous, "new": value}
    return changes
