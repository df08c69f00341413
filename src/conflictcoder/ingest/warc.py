"""WARC and ARC reader: the HTML pages of a web crawl, as articles (warcio).

The archive (``.warc``, ``.arc``, gzipped or not) is read as a stream, one record at a
time: memory holds one page at most. Every HTTP response with status 200 and an HTML
content type goes through the HTML reader's extraction (trafilatura main text, the
page's own date, our clean-up); requests, metadata, revisits, redirects, errors and
non-HTML payloads (images, scripts, PDFs) are skipped. A page that holds no article (no
main text, not English, too short once cleaned) is skipped too, since a crawl is full of
index and section pages; an INFO log line per archive counts what was read and skipped.
Only a broken archive (bad compression, a malformed record) yields an InputError, naming
the byte offset of the record; reading stops there.

An article's id is the record's ``WARC-Record-ID`` (the UUID), or ``<file
stem>-<offset>`` for ARC records, which have none; its url is the target URI, its source
the site name, else the URI's host. The crawl date is not taken for the publication
date: a page's own date, a dateline, else ``published``.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from ..config import Settings, load_settings
from ..errors import InputError
from ..model import Article
from ..registry import readers
from ._common import (
    MAX_BYTES_PER_CHAR,
    looks_binary,
    open_regular,
    os_problem,
    too_large,
)
from .html import html_article

logger = logging.getLogger("conflictcoder")

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Compressed bytes read from the file at a time.
_READ = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b"
# How an archive begins, once inflated: a WARC record, or an ARC file's version block.
_ARC_START = b"filedesc://"
_STARTS = (b"WARC/", _ARC_START)
_HEAD = 16  # bytes looked at (and shown when they are neither)


class _TooLarge(Exception):
    """The archive expands to a run of bytes longer than any record may be."""


class _Inflated(io.RawIOBase):
    """An archive file as its uncompressed bytes, for warcio, in bounded memory.

    gzip members (one per record, as crawlers write them) are inflated here, never more
    than the reader asks for at a time. A stretch of more than ``limit`` inflated bytes
    without a line break raises _TooLarge: no record is larger than ``limit``, and warcio
    would otherwise gather such a stretch into one line in memory (a compression bomb).
    """

    def __init__(self, raw: BinaryIO, limit: int) -> None:
        self.raw = raw
        self.limit = limit
        self.run = 0
        self.pending = raw.read(len(_GZIP_MAGIC))
        self.inflater: Any = (
            zlib.decompressobj(zlib.MAX_WBITS | 16) if self.pending == _GZIP_MAGIC else None
        )
        self.started = False  # the current gzip member has begun
        self.truncated = False  # the file ended inside a gzip member
        self.head = b""  # inflated bytes read ahead by ``peek_head``

    def readable(self) -> bool:
        return True

    def peek_head(self, size: int) -> bytes:
        """The first ``size`` inflated bytes (fewer at the end), kept for the next reads."""
        while len(self.head) < size:
            chunk = self._inflate(size - len(self.head))
            if not chunk:
                break
            self.head += chunk
        return self.head[:size]

    def readinto(self, buffer: Any) -> int:
        if self.head:
            data, self.head = self.head[: len(buffer)], self.head[len(buffer) :]
        else:
            data = self._inflate(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _inflate(self, size: int) -> bytes:
        data = b""
        while not data:
            if not self.pending:
                self.pending = self.raw.read(_READ)
                if not self.pending:
                    # a cut-off member ends the stream: warcio yields the records before it
                    self.truncated = self.started
                    return b""
            if self.inflater is None:
                data, self.pending = self.pending[:size], self.pending[size:]
            else:
                self.started = True
                data = self.inflater.decompress(self.pending, size)
                self.pending = self.inflater.unconsumed_tail
                if self.inflater.eof:  # the next gzip member, if any
                    # (all the input left is in unused_data; unconsumed_tail may repeat it)
                    self.pending = self.inflater.unused_data
                    self.inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
                    self.started = False
        newline = data.rfind(b"\n")
        self.run = self.run + len(data) if newline < 0 else len(data) - newline - 1
        if self.run > self.limit:
            raise _TooLarge
        return data


def _record_id(record: Any, path: Path, offset: int, *, arc: bool) -> str:
    # ARC records have no id: warcio makes up a random one when converting them
    value = None if arc else record.rec_headers.get_header("WARC-Record-ID")
    if value:
        value = value.strip().strip("<>")
        return value.removeprefix("urn:uuid:")
    stem = Path(path.stem).stem if path.suffix.lower() == ".gz" else path.stem
    return f"{stem}-{offset}"


def _is_html_page(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    kind = (record.http_headers.get_header("Content-Type") or "").split(";", 1)[0]
    return kind.strip().lower() in HTML_TYPES


@readers.register(
    "conflictcoder.warc.v1",
    aliases=("warc", "arc", ".warc", ".warc.gz", ".arc", ".arc.gz"),
)
def read_warc(
    path: str | Path, *, published: date | None = None, settings: Settings | None = None
) -> Iterator[Article | InputError]:
    """Read the HTML pages of a WARC or ARC file (gzipped or not) as articles, streaming.

    path (str | Path): the archive.
    published (date | None): the date of pages that state none. Defaults to None.
    settings (Settings | None): limits. Defaults to the packaged settings.
    RETURNS (Iterator[Article | InputError]): an article per page that holds one; an
        error when the archive is broken.

    Example:
        >>> import io
        >>> from warcio.statusandheaders import StatusAndHeaders
        >>> from warcio.warcwriter import WARCWriter
        >>> page = b"<html><body><article><p>Jets struck Ariha.</p></article></body></html>"
        >>> with open(tmp / "crawl.warc.gz", "wb") as fh:
        ...     writer = WARCWriter(fh)
        ...     headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
        ...     writer.write_record(writer.create_warc_record(
        ...         "https://news.example/jets-strike-ariha", "response", payload=io.BytesIO(page),
        ...         http_headers=headers))
        >>> [a.url for a in read_warc(tmp / "crawl.warc.gz")]
        ['https://news.example/jets-strike-ariha']
    """
    path = Path(path)
    settings = settings or load_settings()
    limit = settings.max_document_chars * MAX_BYTES_PER_CHAR
    inflate_limit: int = getattr(settings, "max_decompressed_bytes", None) or limit
    counts: Counter[str] = Counter()
    fh = open_regular(path)
    if isinstance(fh, InputError):
        yield fh
        return
    with fh:
        inflated = _Inflated(fh, inflate_limit)
        gzipped = inflated.inflater is not None
        try:
            head = inflated.peek_head(_HEAD)
        except (_TooLarge, zlib.error, EOFError, OSError):
            head = b""
        if head and not head.startswith(_STARTS):
            shown = (
                "binary content"
                if looks_binary(head)
                else f"it starts with {head.decode('ascii', 'replace')!r}"
            )
            yield InputError(path, f"not a WARC or ARC archive ({shown})")
            return
        records = ArchiveIterator(io.BufferedReader(inflated), arc2warc=True)
        pages = iter(records)
        offset = position = 0  # the current record; the end of the last good one
        failed = False
        arc = head.startswith(_ARC_START)
        while True:
            # warcio's own work (parsing headers, inflating, skipping to the record's end):
            # whatever it raises on a malformed archive ends the archive with one error
            try:
                record = next(pages, None)
                if record is None:
                    break
                counts["records"] += 1
                page = _is_html_page(record)
                url = record.rec_headers.get_header("WARC-Target-URI") if page else None
                data = record.content_stream().read(limit + 1) if page else b""
                # (asked only now: warcio reads the record to its end to know its length)
                offset = records.get_record_offset()
                position = offset + records.get_record_length()
                # a plain (not gzipped) archive that ends inside a record: warcio stops
                # reading its block at the end of the file without a word, so the record
                # would be coded in part, or skipped as a page without text
                missing = getattr(record.raw_stream, "limit", 0)
            except _TooLarge:
                failed = True
                yield InputError(
                    path,
                    f"record after byte {position} expands to more than "
                    f"max_decompressed_bytes = {inflate_limit} bytes (a compression bomb?)",
                )
                break
            except OSError as exc:
                failed = True
                yield InputError(path, os_problem(exc))
                break
            except Exception as exc:  # noqa: BLE001 - any failure of warcio on bad input
                failed = True
                text = str(exc).strip()
                reason = text.splitlines()[0] if text else type(exc).__name__
                yield InputError(path, f"broken archive at byte {position} ({reason})")
                break
            declared = record.rec_headers.get_header("Content-Length")
            if not arc and not gzipped and declared is None:
                # every WARC record states its length: without one, its headers were cut
                failed = True
                yield InputError(
                    path,
                    f"broken archive at byte {offset} (the file is cut short: the record's "
                    "headers end before its Content-Length)",
                )
                break
            if isinstance(missing, int) and missing > 0:
                failed = True
                yield InputError(
                    path,
                    f"broken archive at byte {offset} (the file is cut short: the record "
                    f"declares {declared} bytes, {missing} of them are missing)",
                )
                break
            if not page:
                continue
            counts["pages"] += 1
            if len(data) > limit:
                problem = too_large(len(data), settings, "bytes")
                yield InputError(path, f"record at byte {offset} ({url}): {problem}")
                continue
            item = html_article(
                data,
                path=path,
                doc_id=_record_id(record, path, offset, arc=arc),
                origin=f"{path}@{offset}",
                url=url,
                published=published,
                settings=settings,
            )
            if isinstance(item, InputError):
                counts[f"skipped ({item.problem.split(' (')[0]})"] += 1
                logger.debug("%s@%d (%s): %s", path, offset, url, item.problem)
                continue
            counts["articles"] += 1
            yield item
        if not failed and inflated.truncated:
            failed = True
            yield InputError(path, f"broken archive at byte {position} (the file is cut short)")
        if not failed and not gzipped:
            # warcio ends a plain archive quietly when it ends inside a record's headers
            # (the first record's too: that is no empty archive)
            try:
                fh.seek(position)
                rest = fh.read(_READ).strip()
            except OSError:
                rest = b""
            if rest:
                failed = True
                yield InputError(
                    path,
                    f"broken archive at byte {position} (the file is cut short, or what "
                    f"follows is not a record: it starts with {rest[:_HEAD]!r})",
                )
    if failed:
        return
    summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
    if not counts["records"]:
        yield InputError(path, "empty archive (no records)")
    elif not counts["articles"]:
        yield InputError(path, f"no article in the archive ({summary})")
    else:
        logger.info("%s: %s", path, summary)
