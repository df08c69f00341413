"""Documented error responses the routers share (FastAPI's ``responses=`` argument), and the
router of a resource that readers read."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from ..deps import require_reader
from ..schemas import ErrorModel

_ERROR = {"model": ErrorModel}
# Documented responses by status code.
Responses = dict[int | str, dict[str, Any]]

# Reads: refused only when public_reads is off.
READ: Responses = {
    401: {**_ERROR, "description": "No token sent, and reads are not public."},
    403: {**_ERROR, "description": "The token matches none of the api_tokens."},
}
# Writes: always need a token.
WRITE: Responses = {
    401: {**_ERROR, "description": "No token sent: 'Authorization: Bearer TOKEN' is required."},
    403: {**_ERROR, "description": "Wrong token, or no api_tokens configured (writes disabled)."},
}
NOT_FOUND: Responses = {
    404: {**_ERROR, "description": "No such record; the detail names the id."},
}
INVALID: Responses = {
    422: {"description": "A parameter or the body is invalid; the detail says which and why."},
}


def reader_router(tag: str, *errors: Responses, prefix: str = "") -> APIRouter:
    """The router of a resource readers read: every route admits what ``require_reader``
    admits and documents the READ errors, then ``errors``.

    tag (str): the OpenAPI tag of its routes.
    errors (Responses): further documented error responses (INVALID, NOT_FOUND...).
    prefix (str): the path its routes start with. Defaults to "".
    RETURNS (APIRouter): the router.

    Example:
        >>> reader_router("places", INVALID, prefix="/api/places").tags
        ['places']
    """
    responses: Responses = dict(READ)
    for more in errors:
        responses.update(more)
    return APIRouter(
        prefix=prefix, tags=[tag], dependencies=[Depends(require_reader)], responses=responses
    )
