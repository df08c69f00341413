"""Ingest: readers that turn input files into ``Article`` records.

``read_inputs`` takes files and directories and dispatches each file by its suffix through
``conflictcoder.registry.readers``. Built-in readers, registered the way a plugin would:

==========================  ======================  ==========================================
name                        suffixes                reads
==========================  ======================  ==========================================
conflictcoder.text.v1       .txt                    one plain-text article per file
conflictcoder.html.v1       .html, .htm             a saved page (trafilatura main text)
conflictcoder.jsonl.v1      .jsonl, .ndjson         one document per line (document format)
conflictcoder.feed.v1       .rss, .atom, .xml       one article per RSS/Atom entry (feedparser)
conflictcoder.warc.v1       .warc(.gz), .arc(.gz)   the HTML pages of a crawl (warcio, streamed)
==========================  ======================  ==========================================

A two-part suffix (``.warc.gz``) is looked up before the last one (``.gz``).
``unique_articles`` drops the articles of a stream already seen in it (same text, or the
same URL), so that a document read twice (the same entry in two snapshots of a feed, a
page crawled twice) is coded once.

A reader is a callable ``reader(path, *, published=None, settings=None)`` returning an
iterator of ``Article`` and ``InputError``: a bad file or line is *yielded* as an error
naming the file (and line) and the problem, so the caller reports it and goes on. To add a
format, register a reader under a new name with its suffixes as aliases::

    from conflictcoder.registry import readers

    @readers.register("mypkg.docx.v1", aliases=(".docx",))
    def read_docx(path, *, published=None, settings=None): ...
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..config import Settings, load_settings
from ..errors import InputError
from ..model import Article
from ..registry import readers
from ._common import SNIFF_BYTES, looks_binary, open_regular, os_problem
from .directory import iter_files
from .feeds import read_feed
from .fetch import fetch_url, is_url
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text
from .warc import read_warc

logger = logging.getLogger("conflictcoder")

__all__ = [
    "fetch_url",
    "iter_files",
    "known_suffixes",
    "read_feed",
    "read_html",
    "read_inputs",
    "read_jsonl",
    "read_text",
    "read_warc",
    "unique_articles",
]


def known_suffixes() -> list[str]:
    """The file suffixes some registered reader handles, sorted.

    Example:
        >>> known_suffixes()[:4]
        ['.arc', '.arc.gz', '.atom', '.htm']
    """
    return sorted(alias for alias in readers.aliases() if alias.startswith("."))


def _suffix(path: Path) -> str:
    """The suffix a reader is registered for: ".warc.gz" before ".gz"; else the last one."""
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and "".join(suffixes[-2:]) in readers:
        return "".join(suffixes[-2:])
    return path.suffix.lower()


def _read_file(
    path: Path, *, published: date | None, settings: Settings
) -> Iterator[Article | InputError]:
    suffix = _suffix(path)
    if not suffix or suffix not in readers:
        # say "binary" for an image, archive or PDF: clearer than its suffix
        fh = open_regular(path)
        if isinstance(fh, InputError):
            yield fh
            return
        try:
            with fh:
                head = fh.read(SNIFF_BYTES)
        except OSError as exc:
            yield InputError(path, os_problem(exc))
            return
        if looks_binary(head):
            yield InputError(path, "not a text document (binary content)")
            return
        what = f"'{path.suffix}'" if path.suffix else "(no suffix)"
        known = ", ".join(known_suffixes())
        yield InputError(path, f"unknown file type {what}; known suffixes: {known}")
        return
    reader = readers.get(suffix)
    try:
        yield from reader(path, published=published, settings=settings)
    except InputError as error:  # a plugin reader that raises instead of yielding
        yield error
    except OSError as exc:
        yield InputError(path, os_problem(exc))


def read_inputs(
    paths: Iterable[str | Path],
    *,
    published: date | None = None,
    settings: Settings | None = None,
) -> Iterator[Article | InputError]:
    """Read files and directories into articles, yielding an InputError for each bad one.

    Directories are walked recursively in sorted order, skipping hidden files and folders.
    A file is read by the reader registered for its suffix; an unknown suffix is an error
    naming it and the known suffixes. A file named twice is read once.

    paths (Iterable[str | Path]): files, directories and web addresses (a str starting
        http:// or https://, fetched by ``fetch.fetch_url``), in the order to read them.
    published (date | None): the publication date of documents that give none (plain text
        usually). Defaults to None.
    settings (Settings | None): limits (max_document_chars, min_latin_ratio). Defaults to the
        packaged settings.
    RETURNS (Iterator[Article | InputError]): articles and errors, in input order.

    Example:
        >>> (tmp / "corpus").mkdir()
        >>> _ = (tmp / "corpus" / "a.txt").write_text("")
        >>> _ = (tmp / "corpus" / "b.txt").write_text("Jets struck Ariha in Idlib on Monday.")
        >>> _ = (tmp / "extra.jsonl").write_text('{"id": "doc-7", "text": "Talks resumed."}\\n')
        >>> for item in read_inputs([tmp / "corpus", tmp / "extra.jsonl"]):
        ...     print(item.problem if isinstance(item, InputError) else item.id)
        empty document
        b
        doc-7
    """
    settings = settings or load_settings()
    if isinstance(paths, (str, Path)):  # one path given bare: not an iterable of characters
        paths = [paths]
    seen: set[Path] = set()

    def once(path: Path) -> bool:
        try:
            key = path.resolve()
        except OSError:
            key = path.absolute()
        if key in seen:
            return False
        seen.add(key)
        return True

    for given in paths:
        if isinstance(given, str) and is_url(given):  # a web page: fetched, same limits
            yield fetch_url(given, published=published, settings=settings)
            continue
        path = Path(given)
        if path.is_dir():
            found = False
            for item in iter_files(path):
                if isinstance(item, InputError):
                    yield item
                    continue
                found = True
                if once(item):
                    yield from _read_file(item, published=published, settings=settings)
            if not found:
                yield InputError(path, "empty directory (no files to read)")
        elif not path.exists() and not path.is_symlink():
            yield InputError(path, "file not found")
        elif once(path):
            yield from _read_file(path, published=published, settings=settings)


def _url_key(url: str | None) -> str | None:
    """A URL without its fragment and trailing slash, lower-cased scheme and host."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if not parts.scheme and not parts.netloc:
        return url.strip()
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def unique_articles(
    items: Iterable[Article | InputError],
    *,
    on_duplicate: Callable[[Article], None] | None = None,
) -> Iterator[Article | InputError]:
    """Pass a stream on without the articles already seen in it (same text or same URL).

    The first of two articles wins. URLs compare without fragment and trailing slash.
    Errors pass through. Memory grows by about 100 bytes per distinct article (two
    8-byte digests in sets), a few hundred megabytes for millions of articles.

    items (Iterable[Article | InputError]): what ``read_inputs`` yields.
    on_duplicate (Callable[[Article], None] | None): called with each article dropped.
        Defaults to logging it at INFO.
    RETURNS (Iterator[Article | InputError]): the stream, each article once.

    Example:
        >>> a = Article(id="a", text="Jets struck Ariha.", url="https://x.example/1")
        >>> b = Article(id="b", text="Jets struck Ariha again.", url="https://x.example/1#top")
        >>> [x.id for x in unique_articles([a, b])]
        ['a']
    """
    texts: set[bytes] = set()
    urls: set[bytes] = set()
    for item in items:
        if isinstance(item, InputError):
            yield item
            continue
        text_key = hashlib.blake2b(item.text.encode("utf-8"), digest_size=8).digest()
        url = _url_key(item.url)
        url_key = hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest() if url else None
        if text_key in texts or (url_key is not None and url_key in urls):
            if on_duplicate is not None:
                on_duplicate(item)
            else:
                logger.info("%s: duplicate of an article read before; skipped", item.origin)
            continue
        texts.add(text_key)
        if url_key is not None:
            urls.add(url_key)
        yield item
