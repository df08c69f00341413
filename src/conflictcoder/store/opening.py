"""``open_store``: a store URL or a plain path onto the catalogue of back ends.

Back ends register a factory in ``registry.stores`` under a versioned name with the URL
scheme as alias (``conflictcoder.sqlite.v1``, alias ``sqlite``; ``conflictcoder.postgresql.v1``,
aliases ``postgresql`` and ``postgres``), the same door a user package would use. This
module imports the built-in back ends (which registers them) and sits above them, so that
``base`` (the interface they implement) never imports them back.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError
from ..registry import stores
from .base import Store
from .postgres import redact_url
from .sqlite import SqliteStore as SqliteStore  # registers the SQLite back end


def open_store(url: str | Path) -> Store:
    """Open (creating if needed) the store at ``url``.

    url (str | Path): ``sqlite:///PATH``, a plain file path (``events.sqlite``) or
        ``:memory:`` for SQLite; ``postgresql://USER:PASSWORD@HOST:PORT/DB`` (optionally
        ``?schema=NAME``) for PostgreSQL with PostGIS; other schemes go to the back end
        registered under that scheme in ``registry.stores``.
    RETURNS (Store): the open store.

    Example:
        >>> store = open_store("sqlite:///:memory:")
        >>> store.count_articles()
        0
        >>> store.close()
    """
    text = str(url)
    scheme, sep, _rest = text.partition("://")
    if not sep:
        store: Store = stores.get("conflictcoder.sqlite.v1")(text)
        return store
    if scheme not in stores:
        known = sorted(set(stores.aliases()))
        raise StoreError(
            f"{redact_url(text)}: unsupported store URL scheme '{scheme}://'; "
            f"use {', '.join(s + '://' for s in known)} or a SQLite file path"
        )
    store = stores.get(scheme)(text)
    return store
