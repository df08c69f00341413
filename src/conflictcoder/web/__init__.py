"""The dashboard: HTML pages that render the same dicts the ``/api`` endpoints return.

``pages.router`` serves ``/`` (map, timeline, filters, event list, event panel) and
``/events/{event_id}`` (one event with its evidence), plus ``/api/dashboard``, the JSON twin
of ``/``. Static files live in ``static/``; the third-party ones (Leaflet, topojson-client,
Natural Earth borders from world-atlas) are installed from npm by ``make web-assets`` into
``static/vendor/`` and never committed, and nothing is loaded from another host, so the
dashboard works with no internet.

Example:
    >>> from conflictcoder.web import STATIC_DIR
    >>> (STATIC_DIR / "app.js").exists()
    True
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).with_name("static")
TEMPLATES_DIR = Path(__file__).with_name("templates")
VENDOR_DIR = STATIC_DIR / "vendor"
# The files `make web-assets` copies into VENDOR_DIR; the dashboard needs every one.
VENDOR_FILES: tuple[str, ...] = (
    "leaflet.js",
    "leaflet.css",
    "topojson-client.min.js",
    "countries-50m.json",
)


def missing_assets() -> list[str]:
    """The vendor files the dashboard needs that are not installed (empty when all are).

    Example:
        >>> missing_assets()  # after `make web-assets`
        []
    """
    return [name for name in VENDOR_FILES if not (VENDOR_DIR / name).is_file()]


__all__ = ["STATIC_DIR", "TEMPLATES_DIR", "VENDOR_DIR", "VENDOR_FILES", "missing_assets"]
