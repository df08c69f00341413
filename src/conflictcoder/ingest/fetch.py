"""Web pages as articles: ``extract https://...`` and ``ingest https://...``.

``fetch_url`` downloads one page with httpx, within the limits the file readers keep
(at most ``max_document_chars`` x 4 bytes, the same cap as ``read_bytes``), a timeout and
a bounded number of redirects, and turns it into an article as the readers do: HTML
through ``html.html_article`` (trafilatura), plain text as a ``.txt`` file. Every failure
is an ``InputError`` naming the URL, yielded like a reader's, so a run goes on with its
other inputs.

Example:
    >>> article = fetch_url("https://example.org/news/strike")  # doctest: +SKIP
    >>> article.url, article.source  # doctest: +SKIP
    ('https://example.org/news/strike', 'Example News')
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from ..config import Settings, load_settings
from ..errors import InputError
from ..model import Article
from ._common import MAX_BYTES_PER_CHAR, build_article, decode_text, too_large
from .html import html_article

__all__ = ["TIMEOUT_SECONDS", "fetch_url", "is_url"]

TIMEOUT_SECONDS = 30.0
MAX_REDIRECTS = 5
USER_AGENT = "conflictcoder (+https://pypi.org/project/conflictcoder/)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)
_SLUG = re.compile(r"[^A-Za-z0-9]+")


def is_url(text: str) -> bool:
    """Whether a command-line input is a web address (http or https) rather than a file.

    Example:
        >>> is_url("https://example.org/a"), is_url("report.txt")
        (True, False)
    """
    return text.lower().startswith(("http://", "https://"))


def _doc_id(url: str) -> str:
    """A readable, stable id: the page's last path segment (or host) and a short hash."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    stem = segments[-1].rsplit(".", 1)[0] if segments else (parts.hostname or "page")
    slug = _SLUG.sub("-", stem).strip("-")[:60] or "page"
    return f"{slug}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:8]}"


def fetch_url(
    url: str,
    *,
    published: date | None = None,
    settings: Settings | None = None,
    client: Any = None,
) -> Article | InputError:
    """Download a web page and read it as one article.

    url (str): an http or https address.
    published (date | None): the date when the page states none. Defaults to None.
    settings (Settings | None): limits (max_document_chars...). Defaults to the packaged
        settings.
    client (httpx.Client | None): the client to use (tests pass one with a mock
        transport). Defaults to a new client with a 30 s timeout and at most 5 redirects.
    RETURNS (Article | InputError): the article, or one error naming the URL.
    """
    import httpx

    settings = settings or load_settings()
    # messages name the URL as given (a Path would fold its "//")
    where = cast(Path, url)
    if not is_url(url) or not urlsplit(url).hostname:
        return InputError(url, "not a web address (http:// or https://)")
    limit = settings.max_document_chars * MAX_BYTES_PER_CHAR
    own = client is None
    http = client or httpx.Client(
        timeout=TIMEOUT_SECONDS,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": USER_AGENT},
    )
    try:
        with http.stream("GET", url) as response:
            if response.status_code >= 400:
                return InputError(url, f"the server answered {response.status_code}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                return InputError(url, too_large(int(declared), settings, "bytes"))
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    return InputError(url, too_large(size, settings, "bytes") + " or more")
                chunks.append(chunk)
            data = b"".join(chunks)
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            final = str(response.url)
    except httpx.TooManyRedirects:
        return InputError(url, f"more than {MAX_REDIRECTS} redirects")
    except httpx.TimeoutException:
        return InputError(url, f"no answer within {TIMEOUT_SECONDS:.0f} s")
    except httpx.HTTPError as exc:
        return InputError(url, f"cannot fetch: {exc or type(exc).__name__}")
    finally:
        if own:
            http.close()
    doc_id = _doc_id(final)
    if kind in _HTML_TYPES or (not kind and data.lstrip()[:1] == b"<"):
        return html_article(
            data,
            path=where,
            doc_id=doc_id,
            origin=url,
            url=final,
            published=published,
            settings=settings,
        )
    if kind in _TEXT_TYPES:
        text = decode_text(where, data)
        if isinstance(text, InputError):
            return text
        return build_article(
            where,
            text,
            settings=settings,
            doc_id=doc_id,
            origin=url,
            default_published=published,
            title_from_first_line=True,
            url=final,
            source=urlsplit(final).hostname,
        )
    return InputError(url, f"not a web page or text (content type '{kind or 'none'}')")
