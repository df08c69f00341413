"""HTML reader: trafilatura finds the main text, title and date of a saved news page.

The date comes only from the page's own metadata. htmldate (which trafilatura calls) can
guess a date from any URL or date-like string on the page, including the links of a
"related articles" block; we switch its extensive search off, and then keep its answer
only when the page states that date itself: in a ``<meta>`` value, JSON-LD, a
``<time>``/``itemprop="date..."`` element or a date/byline element outside links, lists,
navigation, asides and footers. Otherwise a standalone dateline near the top of the text,
else the ``published`` default.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from ..config import Settings
from ..errors import InputError
from ..model import Article
from ..registry import readers
from ._common import (
    bom_encoding,
    build_article,
    document_problem,
    reads_whole_file,
    search_date,
)

# Parameters for htmldate: no free-text or URL-pattern search ("extensive_search").
DATE_PARAMS: dict[str, Any] = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%d",
}
# Elements whose dates belong to other pages (link lists, menus, sidebars, footers).
_NOT_OWN = "ancestor::a or ancestor::li or ancestor::nav or ancestor::aside or ancestor::footer"
_OWN_DATE_XPATH = (
    f"//time[not({_NOT_OWN})]"
    f" | //*[starts-with(@itemprop, 'date')][not({_NOT_OWN})]"
    f" | //*[contains(@class, 'date') or contains(@class, 'publish')][not({_NOT_OWN})]"
)
_ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d\d)-(\d\d)(?!\d)")
# libxml2's HTML parser stops nesting at this depth and drops what lies deeper, so a page
# that reaches it has lost text: it counts as too deep whatever max_nesting_depth says.
PARSER_MAX_DEPTH = 256


def tree_depth(tree: HtmlElement) -> int:
    """The number of levels of elements in a parsed page (``<html>`` alone is 1).

    Walked without recursion, so any depth is safe to measure.

    Example:
        >>> from lxml.html import fromstring
        >>> tree_depth(fromstring("<html><body><div><p>x</p></div></body></html>"))
        4
    """
    depth = deepest = 0
    for event, _element in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _iso_dates(text: str) -> set[date]:
    found: set[date] = set()
    for match in _ISO_RE.finditer(text):
        try:
            found.add(date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            continue
    return found


def _value_dates(value: str) -> set[date]:
    found = _iso_dates(value)
    other = search_date(value)
    if other:
        found.add(other)
    return found


def page_dates(tree: HtmlElement) -> set[date]:
    """The dates a page states about itself (see the module docstring for where we look).

    Example:
        >>> from lxml.html import fromstring
        >>> page_dates(fromstring('<html><head><meta name="date" content="2020-02-09">'
        ...                       '</head><body><li><time>2015-03-04</time></li></body></html>'))
        {datetime.date(2020, 2, 9)}
    """
    found: set[date] = set()
    for meta in tree.iter("meta"):
        found |= _value_dates(meta.get("content") or "")
    for script in tree.xpath("//script[@type='application/ld+json']"):
        found |= _iso_dates(script.text_content() or "")
    for element in tree.xpath(_OWN_DATE_XPATH):
        for attribute in ("datetime", "content"):
            found |= _value_dates(element.get(attribute) or "")
        text = " ".join(element.text_content().split())
        if len(text) <= 120:
            found |= _value_dates(text)
    return found


def page_language(tree: HtmlElement) -> str | None:
    """The ``lang`` (or ``xml:lang``) of the ``<html>`` element, if the page declares one."""
    root = tree.getroottree().getroot()
    for key in ("lang", "{http://www.w3.org/XML/1998/namespace}lang", "xml:lang"):
        value = root.get(key)
        if value and value.strip():
            return value.strip()
    return None


@readers.register("conflictcoder.html.v1", aliases=("html", "htm", ".html", ".htm"))
@reads_whole_file
def read_html(
    path: Path, data: bytes, published: date | None, settings: Settings
) -> Iterator[Article | InputError]:
    """Read a saved HTML page as one article (trafilatura main text, our clean-up after it).

    path (str | Path): the file. Its stem is the article id.
    published (date | None): the date when the page states none. Defaults to None.
    settings (Settings | None): limits. Defaults to the packaged settings.
    RETURNS (Iterator[Article | InputError]): the article, or one error naming the file.

    Example:
        >>> _ = (tmp / "page.html").write_text(
        ...     '<html><head><meta property="og:site_name" content="The Daily Ledger"></head>'
        ...     "<body><article><p>Jets struck Ariha in Idlib on Monday, residents said."
        ...     "</p></article></body></html>")
        >>> next(read_html(tmp / "page.html")).source
        'The Daily Ledger'
    """
    yield html_article(
        data,
        path=path,
        doc_id=path.stem,
        origin=str(path),
        url=None,
        published=published,
        settings=settings,
    )


def html_article(
    data: bytes,
    *,
    path: Path,
    doc_id: str,
    origin: str,
    url: str | None,
    published: date | None,
    settings: Settings,
) -> Article | InputError:
    """One HTML page (bytes) as an article: the extraction behind the HTML and WARC readers.

    path (Path): the file the page comes from, named in errors.
    doc_id (str): the article id. origin (str): where the page was read ("crawl.warc@0").
    url (str | None): the page's address; None takes the page's own canonical URL.
    published (date | None): the date when the page states none.
    settings (Settings): limits (nesting depth, size, language).
    RETURNS (Article | InputError): the article, or why the page holds none.

    Example:
        >>> page = b"<html><body><article><p>Jets struck Ariha on Monday ...</p></article>"
        >>> html_article(page, path=Path("crawl.warc"), doc_id="r1", origin="crawl.warc@0",
        ...              url=None, published=None, settings=Settings()).text
        'Jets struck Ariha on Monday ...'
    """
    problem = document_problem(path, data)
    if problem is not None:
        return problem
    encoding = bom_encoding(data)
    content: bytes | str = data if encoding is None else data.decode(encoding, "replace")
    tree = trafilatura.load_html(content)
    if tree is None:
        return InputError(path, "not an HTML document (it cannot be parsed)")
    limit = min(settings.max_nesting_depth, PARSER_MAX_DEPTH - 1)
    depth = tree_depth(tree)
    if depth > limit:
        deepest = f"{depth}" if depth < PARSER_MAX_DEPTH else f"at least {depth}"
        return InputError(
            path,
            f"markup nested too deeply ({deepest} levels of elements; "
            f"the limit is max_nesting_depth = {limit})",
        )
    language = page_language(tree)
    own_dates = page_dates(tree)
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=dict(DATE_PARAMS),
    )
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        return InputError(path, "no main text found in the page")
    page_date: date | None = None
    if document.date:
        try:
            candidate = date.fromisoformat(document.date[:10])
        except ValueError:
            candidate = None
        if candidate in own_dates:
            page_date = candidate
    host = urlsplit(url).hostname if url else None
    return build_article(
        path,
        document.text or "",
        settings=settings,
        doc_id=doc_id,
        origin=origin,
        title=document.title,
        published=page_date,
        default_published=published,
        source=document.sitename or host,
        url=url or document.url,
        language=language,
    )
