"""Documented error responses the routers share (FastAPI's ``responses=`` argument)."""

from __future__ import annotations

from typing import Any

from ..schemas import ErrorModel

_ERROR = {"model": ErrorModel}

# Reads: refused only when public_reads is off.
READ: dict[int | str, dict[str, Any]] = {
    401: {**_ERROR, "description": "No token sent, and reads are not public."},
    403: {**_ERROR, "description": "The token matches none of the api_tokens."},
}
# Writes: always need a token.
WRITE: dict[int | str, dict[str, Any]] = {
    401: {**_ERROR, "description": "No token sent: 'Authorization: Bearer TOKEN' is required."},
    403: {**_ERROR, "description": "Wrong token, or no api_tokens configured (writes disabled)."},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {**_ERROR, "description": "No such record; the detail names the id."},
}
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"description": "A parameter or the body is invalid; the detail says which and why."},
}
