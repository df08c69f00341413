"""What the store's feature mixins (changes, review, accounts) may use of ``SqlStore``.

``SqlStore`` implements every method below and owns ``_rows`` (``rows.EventRows``: one
event's rows, read back, recombined, saved, with its history); the mixins only call them.
Declaring them here lets each feature live in its own module and be type-checked without
importing ``sql.py`` (which imports the mixins). The change bookkeeping every event write
calls (the change counter, removed ids, a review's touch) is implemented here, once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from ..model import Event
from .history import epoch

if TYPE_CHECKING:
    from .changes import Removal
    from .rows import EventRows


class SqlParts:
    """The ``SqlStore`` plumbing a feature mixin relies on (implemented by ``SqlStore``)."""

    name: str
    _lock: threading.RLock
    # One event's rows (read back, recombine, save, history): ``rows.EventRows``.
    _rows: EventRows
    _json_param: str
    _no_limit: str

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _transaction(self, action: str) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _load_json(self, value: Any) -> Any:
        raise NotImplementedError

    # -- from the other mixins and the back ends --------------------------------------------

    def _text_condition(self, words: list[str]) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def _bbox_condition(self, bbox: tuple[float, float, float, float]) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def change_cursor(self) -> int:
        raise NotImplementedError

    def _where(self, where: Any) -> tuple[str, list[Any]]:
        raise NotImplementedError

    # -- bookkeeping, inside a write transaction ------------------------------------------

    def _next_change_seq(self) -> int:
        rows = self._execute("UPDATE change_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq")
        return int(rows[0][0])

    def _record_removal(self, removal: Removal) -> None:
        """Keep ``removal`` in ``removed_events`` (``changes`` lists it), numbered by the
        change counter (its own ``change_seq`` is not read)."""
        self._execute("DELETE FROM removed_events WHERE event_id = ?", (removal.event_id,))
        self._execute(
            "INSERT INTO removed_events (event_id, change_seq, timestamp, action, merged_into,"
            " user_name, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                removal.event_id,
                self._next_change_seq(),
                removal.timestamp,
                removal.action,
                removal.merged_into,
                removal.user,
                removal.reason,
            ),
        )

    def _forget_removal(self, event_id: str) -> None:
        self._execute("DELETE FROM removed_events WHERE event_id = ?", (event_id,))

    def _touch(self, event_id: str, now: str) -> Event:
        """Mark a stored event changed (its timestamp and change_seq) without changing its
        fields: a review decision. RETURNS the event with its new timestamp."""
        event = self._rows.stored(event_id)
        if event is None:
            raise StoreError(f"{self.name}: no such event {event_id}")
        event.timestamp = epoch(now)
        data = json.dumps(event.to_dict(), ensure_ascii=False, allow_nan=False)
        self._execute(
            f"UPDATE events SET timestamp = ?, change_seq = ?, data = {self._json_param} "
            "WHERE event_id = ?",
            (event.timestamp, self._next_change_seq(), data, event_id),
        )
        return event
