"""``/api/articles``: stored articles, and submitting a new one to be coded and stored.

Example:
    GET /api/articles?limit=20
    GET /api/articles/idlib-report
    POST /api/articles  (application/json: a document; or text/plain: the article text)
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool

from ...errors import InputError
from ...ingest._common import TOO_LARGE
from ...ingest.jsonl import parse_line
from ...model import Article, Event
from .. import views
from ..deps import SettingsDep, StoreDep, WriterDep, coding_lock, get_coder, require_reader
from ..schemas import (
    MAX_WHOLE,
    ArticleModel,
    ArticlePage,
    ErrorModel,
    Submission,
    SubmissionResult,
)
from ._responses import INVALID, NOT_FOUND, READ, WRITE

router = APIRouter(prefix="/api/articles", tags=["articles"], responses={**READ, **INVALID})

# Bytes per allowed character a body may take (UTF-8 needs at most 4), plus room for JSON.
_BYTES_PER_CHAR = 4
_BODY_SLACK = 64 * 1024
# Where InputError messages say the document came from.
_ORIGIN = Path("request body")
_TEXT_EXAMPLE = "Regime artillery shelled Ariha in Idlib province on Monday, killing two civilians."


@router.get(
    "",
    response_model=ArticlePage,
    dependencies=[Depends(require_reader)],
    summary="List articles",
)
def list_articles(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="Articles per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_WHOLE, description="Articles to skip.")] = 0,
) -> dict[str, Any]:
    """Stored articles without their text, one page at a time (follow ``next_offset``)."""
    return views.article_page(store, limit=limit, offset=offset)


@router.get(
    "/{doc_id:path}",
    response_model=ArticleModel,
    dependencies=[Depends(require_reader)],
    responses=NOT_FOUND,
    summary="One article",
)
def get_article(doc_id: str, store: StoreDep) -> dict[str, Any]:
    """A stored article with its cleaned text; evidence offsets point into this text."""
    article = views.article_detail(store, doc_id)
    if article is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"article '{doc_id}' not found")
    return article


def default_id(text: str) -> str:
    """The id of a submitted article that names none: "api-" + 12 hex digits of its text.

    Example:
        >>> default_id("Shelling hit Ariha.")
        'api-f83cb6352104'
    """
    return "api-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _document(body: bytes, content_type: str, params: dict[str, str | None]) -> str:
    """The submitted document as one JSON line in the document format."""
    try:
        raw = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail="invalid document: the request body is not UTF-8 text",
        ) from None
    if content_type == "application/json":
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, RecursionError):
            return raw  # parse_line reports where the JSON breaks
        if isinstance(record, dict) and isinstance(record.get("text"), str):
            if record.get("id") in (None, ""):
                record["id"] = default_id(record["text"])
            return json.dumps(record, ensure_ascii=False)
        return raw
    record = {key: value for key, value in params.items() if value is not None}
    record["text"] = raw
    record.setdefault("id", default_id(raw))
    return json.dumps(record, ensure_ascii=False)


@router.post(
    "",
    response_model=SubmissionResult,
    status_code=status.HTTP_201_CREATED,
    summary="Submit an article for coding",
    responses={
        **WRITE,
        200: {"model": SubmissionResult, "description": "The same text was already stored."},
        413: {"model": ErrorModel, "description": "Larger than max_document_chars allows."},
        415: {"model": ErrorModel, "description": "Neither JSON nor plain text."},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": Submission.model_json_schema()},
                "text/plain": {"schema": {"type": "string"}, "example": _TEXT_EXAMPLE},
            },
        }
    },
)
async def submit_article(
    request: Request,
    response: Response,
    user: WriterDep,
    store: StoreDep,
    settings: SettingsDep,
    coder: Annotated[Any, Depends(get_coder)],
    lock: Annotated[threading.Lock, Depends(coding_lock)],
    doc_id: Annotated[
        str | None, Query(alias="id", description="text/plain only: the article id.")
    ] = None,
    title: Annotated[str | None, Query(description="text/plain only: the headline.")] = None,
    published: Annotated[
        str | None, Query(description="text/plain only: publication day, YYYY-MM-DD.")
    ] = None,
    source: Annotated[str | None, Query(description="text/plain only: the outlet.")] = None,
    url: Annotated[str | None, Query(description="text/plain only: where it came from.")] = None,
) -> dict[str, Any]:
    """Code an article and store it with its events; needs a token.

    Send a document as JSON (``{"id", "title", "text", "published", "source", "url"}``,
    only ``text`` required) or the bare text as ``text/plain`` with the other fields as
    query parameters. The article goes through the same checks and clean-up as
    ``conflictcoder ingest``. Answers 201 with the coded events, or 200 with
    ``stored: false`` when the same text is already stored (nothing changes then).
    """
    content_type = request.headers.get("content-type", "text/plain").split(";")[0].strip()
    content_type = content_type.lower() or "text/plain"
    if content_type not in ("application/json", "text/plain"):
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            detail=(
                f"unsupported content type '{content_type}': send application/json "
                "(a document) or text/plain (the article text)"
            ),
        )
    limit = settings.max_document_chars * _BYTES_PER_CHAR + _BODY_SLACK
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            detail=(
                f"document too large ({declared} bytes; the limit is max_document_chars = "
                f"{settings.max_document_chars} characters)"
            ),
        )
    body = await request.body()
    params = {"id": doc_id, "title": title, "published": published, "source": source, "url": url}
    parsed = parse_line(
        _ORIGIN, 1, _document(body, content_type, params), published=None, settings=settings
    )
    if isinstance(parsed, InputError):
        if parsed.problem.startswith(TOO_LARGE):  # too large (413, as documented), not invalid
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail=parsed.problem)
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"invalid document: {parsed.problem}"
        )
    article: Article = parsed

    def code() -> list[Event]:
        with lock:
            events: list[Event] = coder.code(article)
            return events

    events = await run_in_threadpool(code)
    stored = await run_in_threadpool(store.ingest, article, events)
    if not stored:
        response.status_code = status.HTTP_200_OK
    summary = {k: v for k, v in article.to_dict().items() if k != "text"}
    return {"article": summary, "stored": stored, "events": [views.event_dict(e) for e in events]}
