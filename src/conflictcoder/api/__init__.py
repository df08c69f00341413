"""The REST API (FastAPI) and the server that runs it with the dashboard.

Needs the ``web`` extra (FastAPI, uvicorn, pyarrow): ``pip install 'conflictcoder[web]'``.
Routers live in ``routes/`` (one per resource), the functions behind them in ``views``,
the shared dependencies in ``deps``; ``app.create_app`` wires them.

Example:
    >>> from conflictcoder.api import create_app
    >>> create_app("events.sqlite").title
    'conflictcoder'
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings, load_settings
from ..errors import ConfigError

if TYPE_CHECKING:
    from fastapi import FastAPI

logger = logging.getLogger("conflictcoder")

INSTALL_HINT = "the API and dashboard need the web extra: pip install 'conflictcoder[web]'"


def create_app(db: str | Path = "events.sqlite", settings: Settings | None = None) -> FastAPI:
    """The REST API and dashboard over the store at ``db`` (see ``api.app.create_app``).

    Example:
        >>> create_app(":memory:").state.db
        ':memory:'
    """
    try:
        from .app import create_app as _create_app
    except ImportError as exc:  # pragma: no cover - the web extra is installed in dev
        raise ConfigError(f"{INSTALL_HINT} ({exc})") from None
    return _create_app(db, settings)


def address(host: str, port: int) -> str:
    """The dashboard's address for a host and port.

    Example:
        >>> address("127.0.0.1", 8000), address("::1", 8000)
        ('http://127.0.0.1:8000/', 'http://[::1]:8000/')
    """
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(
    db: str | Path = "events.sqlite",
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: Settings | None = None,
    log_level: str = "info",
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Run the API and dashboard until interrupted.

    The store is opened (created and migrated when missing) once before the server starts,
    so a bad ``db`` fails here with a StoreError rather than on the first request.

    db (str | Path): store URL or SQLite path. Defaults to "events.sqlite".
    host (str): interface to listen on. Defaults to loopback only.
    port (int): TCP port. Defaults to 8000.
    settings (Settings | None): defaults to the packaged settings.
    log_level (str): uvicorn's log level. Defaults to "info".
    on_ready (Callable[[str], None] | None): called with the dashboard's address once the
        store has opened, just before the server starts (the CLI prints it).

    While it runs, alert webhooks are delivered every 10 seconds (``alerts.DeliveryLoop``).

    Example:
        >>> serve("out/demo.sqlite", port=8001)  # doctest: +SKIP
    """
    from ..store import open_store
    from ..web import missing_assets

    try:
        import uvicorn
    except ImportError as exc:  # pragma: no cover - the web extra is installed in dev
        raise ConfigError(f"{INSTALL_HINT} ({exc})") from None
    settings = settings or load_settings()
    with open_store(db):
        pass
    missing = missing_assets()
    if missing:
        logger.warning(
            "dashboard assets missing (%s): the map will not draw; run: make web-assets",
            ", ".join(missing),
        )
    if on_ready is not None:
        on_ready(address(host, port))
    from ..alerts import DeliveryLoop

    # Alert webhooks go out while the server runs (corrections made in the dashboard too).
    with DeliveryLoop(str(db)):
        uvicorn.run(create_app(db, settings), host=host, port=port, log_level=log_level)


__all__ = ["address", "create_app", "serve"]
