"""One router per resource; ``api/app.py`` only wires them.

Example:
    >>> from conflictcoder.api.routes import events
    >>> events.router.prefix
    '/api/events'
"""

from __future__ import annotations

from . import articles, events, places, sources

__all__ = ["articles", "events", "places", "sources"]
