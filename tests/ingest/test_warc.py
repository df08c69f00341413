"""ingest/warc.py: the HTML pages of WARC and ARC crawls, streamed, as articles."""

from __future__ import annotations

import gzip
import logging
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conflictcoder.config import load_settings
from conflictcoder.errors import InputError
from conflictcoder.ingest import read_inputs
from conflictcoder.ingest.warc import read_warc
from conflictcoder.model import Article
from conflictcoder.registry import readers

PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Example Wire</title>
<meta name="date" content="2020-02-09"></head><body>
<nav><a href="/">Home</a></nav>
<article><h1>{title}</h1>
<p>Air raids struck the vegetable market in the town of Ariha on Sunday morning, killing four
people and wounding at least eleven others, local rescuers said.</p>
<p>Rescue workers said they were still searching the rubble of two shops late on Sunday, and
that the toll could rise further as more bodies were recovered.</p>
</article></body></html>
"""
FRENCH = """<html lang="fr"><body><article><p>Des frappes aériennes ont touché le marché de la
ville dimanche matin, tuant quatre personnes et en blessant onze autres, selon les secours.</p>
</article></body></html>"""


def _page(title: str = "Jets strike Ariha market", lang: str = "en") -> bytes:
    return PAGE.format(title=title, lang=lang).encode("utf-8")


def _response(
    writer: WARCWriter, url: str, body: bytes, kind: str = "text/html", status: str = "200 OK"
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers)
    writer.write_record(record)


def _crawl(path: Path, *, gzipped: bool) -> Path:
    """A small crawl: two articles, and the records a crawler also writes."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = StatusAndHeaders(
            "GET /a HTTP/1.1", [("Host", "wire.invalid")], is_http_request=True
        )
        writer.write_record(
            writer.create_warc_record(
                "https://wire.invalid/a", "request", payload=BytesIO(b""), http_headers=request
            )
        )
        _response(writer, "https://wire.invalid/a", _page())
        _response(
            writer, "https://wire.invalid/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"
        )
        _response(writer, "https://wire.invalid/old", b"", status="301 Moved Permanently")
        _response(writer, "https://wire.invalid/fr", FRENCH.encode("utf-8"))
        _response(
            writer,
            "https://wire.invalid/b",
            _page("Shelling hits Kafr Nabl"),
            "text/html; charset=utf-8",
        )
    return path


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_html_responses_become_articles_the_rest_is_skipped(
    tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = _crawl(tmp_path / name, gzipped=name.endswith(".gz"))
    with caplog.at_level(logging.INFO, logger="conflictcoder"):
        items = list(read_warc(path))
    assert all(isinstance(i, Article) for i in items), items
    first, second = items
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.url == "https://wire.invalid/a"
    assert second.url == "https://wire.invalid/b"
    assert first.title == "Jets strike Ariha market"
    assert first.published == date(2020, 2, 9)
    assert first.source == "wire.invalid"
    assert first.text.startswith(
        "Jets strike Ariha market\n\nAir raids struck the vegetable market in the town of Ariha"
    )
    # the id is the WARC-Record-ID's UUID: stable, unique across crawls
    assert len(first.id) == 36 and first.id.count("-") == 4
    assert first.origin is not None and first.origin.startswith(f"{path}@")
    assert caplog.messages == [f"{path}: 2 articles, 3 pages, 7 records, 1 skipped (not English)"]


def test_warc_suffixes_are_read_by_the_warc_reader(tmp_path: Path) -> None:
    for suffix in (".warc", ".warc.gz", ".arc", ".arc.gz"):
        assert readers.resolve_name(suffix) == "conflictcoder.warc.v1"
    items = list(read_inputs([_crawl(tmp_path / "c.warc.gz", gzipped=True)]))
    assert [i.url for i in items if isinstance(i, Article)] == [
        "https://wire.invalid/a",
        "https://wire.invalid/b",
    ]


def _arc_record(url: str, date_text: str, mime: str, block: bytes) -> bytes:
    header = f"{url} 10.0.0.1 {date_text} {mime} {len(block)}\n".encode()
    return header + block + b"\n"


def _arc(path: Path, *, gzipped: bool) -> Path:
    version = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + _page()
    records = [
        _arc_record(f"filedesc://{path.name}", "20200209103000", "text/plain", version),
        _arc_record("http://wire.invalid/arc-page", "20200209103001", "text/html", http),
    ]
    with path.open("wb") as fh:
        for record in records:
            fh.write(gzip.compress(record) if gzipped else record)
    return path


@pytest.mark.parametrize("name", ["old.arc", "old.arc.gz"])
def test_arc_records_are_read_too(tmp_path: Path, name: str) -> None:
    path = _arc(tmp_path / name, gzipped=name.endswith(".gz"))
    [article] = list(read_warc(path))
    assert isinstance(article, Article)
    assert article.url == "http://wire.invalid/arc-page"
    # ARC records carry no record id: the file stem and the record's offset
    assert article.id.startswith("old-")
    assert "Air raids struck the vegetable market" in article.text


def test_a_truncated_archive_yields_what_came_before_and_one_error(tmp_path: Path) -> None:
    path = _crawl(tmp_path / "cut.warc.gz", gzipped=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])
    items = list(read_warc(path))
    assert isinstance(items[0], Article)
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1
    assert str(errors[0]).startswith(f"{path}: broken archive at byte ")
    assert "(the file is cut short" in str(errors[0])


@pytest.mark.parametrize("short_by", [40, 400, 1500, 2118, 3236])
def test_a_truncated_plain_archive_is_reported_and_no_record_is_coded_in_part(
    tmp_path: Path, short_by: int
) -> None:
    # 40 and 400: inside the last page; 2118: inside the first page; 1500 and 3236: inside
    # a record's headers (warcio ends the archive there without a word)
    whole = _crawl(tmp_path / "whole.warc", gzipped=False)
    expected = [a.text for a in read_warc(whole) if isinstance(a, Article)]
    path = tmp_path / "cut.warc"
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) - short_by])
    items = list(read_warc(path))
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}: broken archive at byte ")
    assert "(the file is cut short" in errors[0]
    texts = [a.text for a in items if isinstance(a, Article)]
    assert texts == expected[: len(texts)]  # what was coded is whole


def test_a_record_over_the_size_limit_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        _response(writer, "https://wire.invalid/big", _page() + b"<!--" + b"x" * 5000 + b"-->")
        _response(writer, "https://wire.invalid/b", _page("Shelling hits Kafr Nabl"))
    settings = load_settings(max_document_chars=1000)
    items = list(read_warc(path, settings=settings))
    assert str(items[0]) == (
        f"{path}: record at byte 0 (https://wire.invalid/big): document too large "
        "(4001 bytes; the limit is max_document_chars = 1000)"
    )
    assert isinstance(items[1], Article)  # the next record is read


def test_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("These are my notes, not a crawl.\n", encoding="utf-8")
    assert [str(e) for e in read_warc(path)] == [
        f"{path}: not a WARC or ARC archive (it starts with 'These are my not')"
    ]
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    assert [str(e) for e in read_warc(empty)] == [f"{empty}: empty archive (no records)"]


def test_an_archive_without_articles_says_what_it_held(tmp_path: Path) -> None:
    path = tmp_path / "images.warc"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        _response(writer, "https://wire.invalid/a.png", b"\x89PNG\r\n\x1a\n", "image/png")
        _response(writer, "https://wire.invalid/fr", FRENCH.encode("utf-8"))
    assert [str(e) for e in read_warc(path)] == [
        f"{path}: no article in the archive (1 pages, 2 records, 1 skipped (not English))"
    ]


def test_a_page_nested_too_deeply_is_skipped_like_a_saved_page_is_refused(tmp_path: Path) -> None:
    # the same nesting limit as the HTML reader: 300 levels of <div> around the report
    nested = (
        b"<html><body>"
        + b"<div>" * 300
        + b"<p>Air raids struck the market in Ariha on Sunday, killing four people.</p>"
        + b"</div>" * 300
        + b"</body></html>"
    )
    path = tmp_path / "deep.warc"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        _response(writer, "https://wire.invalid/deep", nested)
    assert [str(e) for e in read_warc(path)] == [
        f"{path}: no article in the archive (1 pages, 1 records, 1 skipped (markup nested too "
        "deeply))"
    ]
