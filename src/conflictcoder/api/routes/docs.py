"""``/docs``: Swagger UI from the package's own copy, so the API docs work offline.

``make web-assets`` installs ``swagger-ui-dist`` from npm (web/package-lock.json) and
copies its bundle, stylesheet and icon into ``web/static/vendor/`` beside Leaflet. Without
them (a source tree where ``make web-assets`` has not run) the page falls back to the CDN
that FastAPI uses by default.

Example:
    GET /docs
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse

from ...web import VENDOR_DIR

router = APIRouter(include_in_schema=False)

# The files of swagger-ui-dist that `make web-assets` copies, by what the page needs them for.
SWAGGER_FILES = {
    "js": "swagger-ui-bundle.js",
    "css": "swagger-ui.css",
    "favicon": "swagger-favicon-32x32.png",
}
OAUTH2_REDIRECT = "/docs/oauth2-redirect"


def swagger_assets_installed() -> bool:
    """Whether the package holds its own Swagger UI (``make web-assets`` has run).

    Example:
        >>> swagger_assets_installed()  # after `make web-assets`
        True
    """
    return all((VENDOR_DIR / name).is_file() for name in SWAGGER_FILES.values())


@router.get("/docs", response_class=HTMLResponse)
async def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over this app's OpenAPI schema, its scripts served from ``/static``."""
    app = request.app
    local: dict[str, Any] = {}
    if swagger_assets_installed():
        local = {
            "swagger_js_url": f"/static/vendor/{SWAGGER_FILES['js']}",
            "swagger_css_url": f"/static/vendor/{SWAGGER_FILES['css']}",
            "swagger_favicon_url": f"/static/vendor/{SWAGGER_FILES['favicon']}",
        }
    return get_swagger_ui_html(
        openapi_url=app.openapi_url,
        title=f"{app.title} - API docs",
        oauth2_redirect_url=OAUTH2_REDIRECT,
        **local,
    )


@router.get(OAUTH2_REDIRECT, response_class=HTMLResponse)
async def swagger_ui_redirect() -> HTMLResponse:
    """The page Swagger UI's OAuth2 flow returns to."""
    return get_swagger_ui_oauth2_redirect_html()
