"""What the store's feature mixins (changes, review, accounts) may use of ``SqlStore``.

``SqlStore`` implements every method below and owns ``_rows`` (``rows.EventRows``: one
event's rows, read back, recombined, saved, with its history); the mixins only call them.
Declaring them here lets each feature live in its own module and be type-checked without
importing ``sql.py`` (which imports the mixins).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from ..model import Event

if TYPE_CHECKING:
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

    def _record_removal(
        self,
        event_id: str,
        action: str,
        now: str,
        *,
        user: str | None = None,
        reason: str | None = None,
        merged_into: str | None = None,
    ) -> None:
        raise NotImplementedError

    def _forget_removal(self, event_id: str) -> None:
        raise NotImplementedError

    def _touch(self, event_id: str, now: str) -> Event:
        raise NotImplementedError
