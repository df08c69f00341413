"""A fetched response as articles, through the ingest readers (feeds: ``read_feed``, pages:
``html_article``), so watched documents get exactly the checks and clean-up of files.

Feeds are handed to ``read_feed`` as a file named after the source in a private temporary
folder: the reader takes paths, and the name keeps ids of entries without a ``<guid>`` or
link stable from poll to poll ("NAME-3"). Errors name the source's address, not the file.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from pathlib import Path

from lxml import etree

from ..config import Settings
from ..errors import InputError
from ..ingest.feeds import read_feed
from ..ingest.html import html_article
from ..model import Article
from .fetch import FetchResult
from .sources import Source

_FEED_ROOT = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?(rss|feed|RDF)[\s>/]")
_FEED_TYPES = ("rss", "atom", "rdf")


def response_kind(source: Source, result: FetchResult) -> str:
    """Whether a response is read as a "feed" or a "page": the source's ``kind``, or for
    "auto" the document's root element (``<rss>``, ``<feed>``, ``<rdf:RDF>``) or its type.

    Example:
        >>> r = FetchResult(200, b"<?xml version='1.0'?><rss>...", "http://a", "text/xml", None,
        ...                 None)
        >>> response_kind(Source("a", "http://a", 60.0), r)
        'feed'
    """
    if source.kind != "auto":
        return source.kind
    head = result.body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _FEED_ROOT.search(head):
        return "feed"
    kind = result.content_type or ""
    if any(word in kind for word in _FEED_TYPES) or (kind.endswith("xml") and "html" not in kind):
        return "feed"
    return "page"


def xml_problem(data: bytes) -> str | None:
    """Why ``data`` is not well-formed XML (libxml2's first error and its line), else None.

    The feed reader goes on with what feedparser's loose parser can make of such a feed;
    this says what was wrong with it.

    Example:
        >>> xml_problem(b"<rss><channel><title>Cut")
        'not well-formed XML: line 1: Premature end of data in tag title line 1'
        >>> xml_problem(b"<rss/>") is None
        True
    """
    parser = etree.XMLParser(
        recover=False, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        message = str(exc.msg or exc).strip()
        message = re.sub(r", line \d+, column \d+$", "", message)
        line = f"line {exc.lineno}: " if exc.lineno else ""
        return f"not well-formed XML: {line}{message}"
    return None


def read_response(
    source: Source, result: FetchResult, settings: Settings
) -> tuple[list[Article], list[InputError]]:
    """The articles of a fetched feed or page, and the errors of the entries refused.

    Each article records ``origin = "watch:NAME"``, and the source's ``language`` when it
    gives one. A response that holds no article at all (not a feed, no main text) is one
    error.

    RETURNS (tuple[list[Article], list[InputError]]): articles in document order, errors.

    Example:
        >>> page = (b"<html><body><article><p>Jets struck Ariha in Idlib on Monday, residents "
        ...         b"said.</p></article></body></html>")
        >>> result = FetchResult(200, page, "https://wire.example/ariha", "text/html", None, None)
        >>> source = Source("wire", "https://wire.example/ariha", 900.0, kind="page")
        >>> articles, errors = read_response(source, result, Settings())
        >>> [(a.origin, a.url) for a in articles], errors
        ([('watch:wire', 'https://wire.example/ariha')], [])
    """
    where = result.url or source.url
    items: list[Article | InputError] = []
    if response_kind(source, result) == "feed":
        problem = xml_problem(result.body)
        if problem is not None:
            items.append(InputError(where, problem))
        with tempfile.TemporaryDirectory(prefix="conflictcoder-watch-") as folder:
            path = Path(folder) / f"{source.name}.xml"
            path.write_bytes(result.body)
            items += [
                InputError(where, item.problem, item.line) if isinstance(item, InputError) else item
                for item in read_feed(path, settings=settings)
            ]
    else:
        items = [
            html_article(
                result.body,
                path=Path(source.name),
                doc_id=result.url or source.url,
                origin=source.origin,
                url=result.url or source.url,
                published=None,
                settings=settings,
            )
        ]
    articles: list[Article] = []
    errors: list[InputError] = []
    for item in items:
        if isinstance(item, InputError):
            errors.append(item)
            continue
        articles.append(
            dataclasses.replace(
                item, origin=source.origin, language=source.language or item.language
            )
        )
    return articles, errors
