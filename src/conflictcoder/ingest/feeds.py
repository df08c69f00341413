"""RSS and Atom reader: one article per feed entry (feedparser).

A feed file (``.rss``, ``.atom``, or ``.xml`` holding a feed) is parsed once; its entries
are then turned into articles one at a time. The text of an entry is its longest HTML
body (``content``, else ``summary``) reduced to plain text, paragraph breaks kept; the
title, link, publication date (``published``, else ``updated``) and language of the entry
(else of the feed) come with it, and the source is the feed's title. Nothing is fetched:
the reader never follows an entry's link (feedparser is handed the bytes, not a path it
could take for a URL).

An entry's id is its ``<guid>``/``<id>``, else its link, else ``<file stem>-<entry
number>``. A bad entry yields an InputError naming the file and the entry number; the
entries after it are still read. A file that is no feed (an ``.xml`` sitemap) yields one
error.
"""

from __future__ import annotations

import calendar
import logging
import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import feedparser
import feedparser.mixin
from lxml import etree
from lxml import html as lxml_html

from ..config import Settings
from ..errors import InputError
from ..model import Article
from ..registry import readers
from ._common import build_article, document_problem, reads_whole_file

logger = logging.getLogger("conflictcoder")

# Elements after which a line break separates the text (paragraphs, list items, headings).
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "tr",
        "section",
        "article",
    ]
)
_DROP = ("script", "style", "noscript", "iframe", "figure", "figcaption")

# feedparser's loose parser turns ``&#N;`` into ``chr(N).encode("utf-8")``: a reference to
# a surrogate (``&#xD800;``) or beyond U+10FFFF (``&#1114112;``) raises inside
# ``feedparser.parse`` and loses the whole file. Such a reference is handed on as a
# reference to this noncharacter instead (Unicode reserves them for internal use), and an
# entry holding it is refused on its own.
_BAD_REFERENCE = "\ufdd0"
_BAD_REFERENCE_PROBLEM = (
    "invalid character reference (to a surrogate, a noncharacter or beyond U+10FFFF)"
)


def _valid_reference(ref: str) -> bool:
    """True when ``&#ref;`` names a character a text may hold."""
    try:
        code = int(ref[1:], 16) if ref[:1] in ("x", "X") else int(ref)
    except ValueError:  # no digits, or more digits than int() converts
        return False
    return (
        0 <= code <= 0x10FFFF
        and not 0xD800 <= code <= 0xDFFF
        and not 0xFDD0 <= code <= 0xFDEF
        and code & 0xFFFE != 0xFFFE
    )


def _install_reference_guard() -> None:
    mixin = feedparser.mixin._FeedParserMixin
    original = mixin.handle_charref
    if getattr(original, "conflictcoder_guard", False):
        return

    def handle_charref(self: Any, ref: str) -> Any:
        return original(self, ref if _valid_reference(ref) else f"x{ord(_BAD_REFERENCE):x}")

    handle_charref.conflictcoder_guard = True  # type: ignore[attr-defined]
    mixin.handle_charref = handle_charref


_install_reference_guard()


# A well-formed feed is parsed by the strict XML parser, which resolves references itself:
# XML admits the noncharacters other than U+FFFE and U+FFFF (``&#x10FFFF;``, ``&#xFDD0;``),
# so they reach the text as themselves, not as the marker. Any noncharacter in an entry is
# refused like the marker (it can only have come from such a reference or broken input).
_NONCHARACTER = re.compile(
    "[\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)


def _holds_bad_reference(value: Any) -> bool:
    """True when a parsed entry (nested dicts, lists, strings) holds the marker or another
    noncharacter."""
    if isinstance(value, str):
        return _NONCHARACTER.search(value) is not None
    if isinstance(value, dict):
        return any(_holds_bad_reference(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_bad_reference(v) for v in value)
    return False


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's body), one paragraph per line.

    Scripts, styles and figures (captions and credits) are dropped.

    Example:
        >>> html_to_text("<p>Jets struck <b>Ariha</b>.</p><p>Two died.</p>")
        'Jets struck Ariha.\\n\\nTwo died.'
    """
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment.strip()
    for element in list(root.iter(*_DROP)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n\n"))
    return "\n\n".join(line for line in lines if line)


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            moment = datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            if 1900 <= moment.year <= 2100:
                return moment.date()
    return None


def _entry_text(entry: Any) -> str:
    """The longest HTML body of the entry (full content, else summary), as plain text."""
    bodies: list[str] = []
    for content in entry.get("content") or []:
        value = content.get("value") if isinstance(content, dict) else None
        if isinstance(value, str):
            bodies.append(value)
    for key in ("summary", "description"):
        value = entry.get(key)
        if isinstance(value, str):
            bodies.append(value)
    texts = [html_to_text(body) for body in bodies]
    return max(texts, key=len, default="")


def _language(node: Any) -> str | None:
    """The declared language of a feed or an entry (``<language>``, else ``xml:lang``)."""
    value = node.get("language")
    if isinstance(value, str) and value.strip():
        return value
    details = [node.get(key) for key in ("content", "summary_detail", "title_detail")]
    for detail in details:
        for part in detail if isinstance(detail, list) else [detail]:
            lang = part.get("language") if isinstance(part, dict) else None
            if isinstance(lang, str) and lang.strip():
                return lang
    return None


def _text_value(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return html_to_text(value) if "<" in value else " ".join(value.split())
    return None


@readers.register("conflictcoder.feed.v1", aliases=("rss", "atom", "feed", ".rss", ".atom", ".xml"))
@reads_whole_file
def read_feed(
    path: Path, data: bytes, published: date | None, settings: Settings
) -> Iterator[Article | InputError]:
    """Read an RSS or Atom feed file: one article per entry, in feed order.

    path (str | Path): the feed file.
    published (date | None): the date of entries that give none. Defaults to None.
    settings (Settings | None): limits. Defaults to the packaged settings.
    RETURNS (Iterator[Article | InputError]): an article or an error for each entry.

    Example:
        >>> _ = (tmp / "news.rss").write_text(
        ...     "<rss version='2.0'><channel><title>Desk</title>"
        ...     "<item><title>Jets strike Ariha</title>"
        ...     "<description>Jets struck Ariha in Idlib on Monday.</description></item>"
        ...     "<item><title>Talks stall in Geneva</title>"
        ...     "<description>Talks stalled in Geneva on Tuesday.</description></item>"
        ...     "</channel></rss>")
        >>> [a.title for a in read_feed(tmp / "news.rss")]
        ['Jets strike Ariha', 'Talks stall in Geneva']
    """
    problem = document_problem(path, data)
    if problem is not None:
        yield problem
        return
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001 - a parser bug on hostile input costs this file only
        text = str(exc).strip()
        reason = text.splitlines()[0] if text else type(exc).__name__
        yield InputError(path, f"cannot parse the feed ({type(exc).__name__}: {reason})")
        return
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({str(reason).splitlines()[0]})" if reason else ""
        yield InputError(path, f"not an RSS or Atom feed{detail}")
        return
    if not parsed.entries:
        yield InputError(path, "empty feed (no entries)")
        return
    if parsed.get("bozo"):
        logger.info("%s: feed is not well-formed; read what could be parsed", path)
    feed = parsed.get("feed", {})
    source = _text_value(feed.get("title"))
    if source:
        source = _NONCHARACTER.sub("\ufffd", source)
    feed_language = _language(feed)
    for number, entry in enumerate(parsed.entries, start=1):
        if _holds_bad_reference(entry):
            yield InputError(path, f"entry {number}: {_BAD_REFERENCE_PROBLEM}")
            continue
        link = entry.get("link") if isinstance(entry.get("link"), str) else None
        doc_id = entry.get("id") or link or f"{path.stem}-{number}"
        item = build_article(
            path,
            _entry_text(entry),
            settings=settings,
            doc_id=str(doc_id),
            origin=f"{path}#{number}",
            title=_text_value(entry.get("title")),
            published=_entry_date(entry),
            default_published=published,
            source=source,
            url=link,
            language=_language(entry) or feed_language,
        )
        if isinstance(item, InputError):
            yield InputError(path, f"entry {number}: {item.problem}")
        else:
            yield item
