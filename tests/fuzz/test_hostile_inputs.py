"""Named hostile inputs, each with the exact result: invalid UTF-8, NUL bytes, a 50 MB page,
deep nesting, a 1 MB line, compression bombs, a broken JSONL line, lone surrogates.

Big inputs are generated in tmp_path when the test runs; nothing large is committed.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conflictcoder.config import Settings, load_settings
from conflictcoder.errors import InputError
from conflictcoder.ingest import known_suffixes, read_html, read_inputs, read_jsonl, read_text
from conflictcoder.model import Article
from conflictcoder.store import open_store

from .strategies import check_items

NEWS = "Regime artillery shelled Ariha on Monday, killing two civilians, activists said."
MB = 1_000_000


def _only(items: list[Article | InputError]) -> Article | InputError:
    assert len(items) == 1, items
    return items[0]


def _page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>Ariha</title></head><body>{body}</body></html>"


# -- invalid UTF-8 -------------------------------------------------------------------------


def test_a_few_invalid_bytes_are_replaced(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(NEWS.encode() + b" \xff\xfe\xc3 More later.")
    with caplog.at_level(logging.WARNING, logger="conflictcoder"):
        article = _only(list(read_text(path)))
    assert isinstance(article, Article)
    assert article.text == NEWS + " \ufffd\ufffd\ufffd More later."
    assert f"{path}: 3 bytes are not valid UTF-8; replaced with U+FFFD" in caplog.text


def test_mostly_invalid_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("é".encode("latin-1") * 50 + b" Ariha")
    assert str(_only(list(read_text(path)))) == (
        f"{path}: not a text document (binary content, or not UTF-8: 89% of the characters "
        "cannot be decoded; save it as UTF-8)"
    )


def test_invalid_utf8_in_a_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_bytes(b'{"id": "a", "text": "' + NEWS.encode() + b' \xff"}\n')
    article = _only(list(read_jsonl(path)))
    assert isinstance(article, Article)
    assert article.text == NEWS + " \ufffd"


# -- NUL bytes -----------------------------------------------------------------------------


def test_a_file_full_of_nul_bytes_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"\x00" * 1000 + NEWS.encode())
    assert str(_only(list(read_text(path)))) == f"{path}: not a text document (binary content)"


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_stray_nul_bytes_are_dropped(tmp_path: Path, suffix: str) -> None:
    # one NUL in 240 bytes: under the 1% of control bytes that makes a file binary
    text = " ".join([NEWS.replace(" ", " \x00", 1), NEWS, NEWS])
    path = tmp_path / f"stray{suffix}"
    path.write_bytes((_page(f"<p>{text}</p>") if suffix == ".html" else text).encode())
    article = _only(list(read_inputs([path])))
    assert isinstance(article, Article)
    assert article.text == " ".join([NEWS] * 3)


def test_nul_and_controls_leave_jsonl_metadata(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    record = {
        "id": "doc\u0000-1\t",
        "title": "Jets\u0000 strike\n Ariha\u001b",
        "source": "\u0000",
        "url": "https://news.invalid/\u0000a",
        "text": NEWS + "\u0000",
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    article = _only(list(read_jsonl(path)))
    assert isinstance(article, Article)
    assert (article.id, article.title, article.source, article.url, article.text) == (
        "doc-1",
        "Jets strike Ariha",
        None,
        "https://news.invalid/a",
        NEWS,
    )


def test_an_id_of_control_characters_only_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "\u0000\u0001", "text": NEWS}) + "\n", encoding="utf-8")
    assert str(_only(list(read_jsonl(path)))) == (
        f"{path}:1: the document id has no printable characters"
    )


# -- lone surrogates -------------------------------------------------------------------------


def test_lone_surrogates_from_json_become_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    # JSON's \ud800 escapes decode to lone surrogates, which no codec can write back
    path.write_text(
        '{"id": "s\\udcff", "title": "T\\ud800", "text": "' + NEWS + ' \\udfff"}\n',
        encoding="utf-8",
    )
    article = _only(list(read_jsonl(path)))
    assert isinstance(article, Article)
    assert (article.id, article.title, article.text) == ("s\ufffd", "T\ufffd", NEWS + " \ufffd")
    with open_store(":memory:") as store:  # storable: every field encodes
        assert store.ingest(article, [])


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    name = folder + b"/r\xffport.txt"
    with open(name, "wb") as fh:
        fh.write(NEWS.encode())
    (article,) = list(read_inputs([tmp_path]))
    assert isinstance(article, Article)
    assert article.id == "r\ufffdport"
    assert article.origin == f"{tmp_path}/r\ufffdport.txt"
    with open_store(tmp_path / "events.sqlite") as store:
        assert store.ingest(article, [])


# -- size limits -----------------------------------------------------------------------------


def test_a_50_mb_html_page_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    paragraph = f"<p>{NEWS}</p>\n".encode()
    with path.open("wb") as fh:
        fh.write(b"<!DOCTYPE html><html><body>")
        fh.write(paragraph * (50 * MB // len(paragraph) + 1))
        fh.write(b"</body></html>")
    size = path.stat().st_size
    assert size > 50 * MB
    assert str(_only(list(read_inputs([path])))) == (
        f"{path}: document too large ({size} bytes; the limit is max_document_chars = 2000000)"
    )


def test_a_1_mb_line_is_refused_per_document(tmp_path: Path) -> None:
    line = ("Shelling hit Ariha " * (MB // 19 + 1))[:MB].strip()
    files = {
        "line.txt": line.encode(),
        "line.html": _page(f"<p>{line}</p>").encode(),
        "line.jsonl": (
            json.dumps({"id": "long", "text": line})
            + "\n"
            + json.dumps({"id": "short", "text": NEWS})
            + "\n"
        ).encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    items = list(read_inputs([tmp_path]))
    problem = (
        f"paragraph too long ({len(line)} characters without a line break; "
        "the limit is max_paragraph_chars = 100000)"
    )
    assert [str(i) if isinstance(i, InputError) else i.id for i in items] == [
        f"{tmp_path / 'line.html'}: {problem}",
        f"{tmp_path / 'line.jsonl'}:1: {problem}",
        "short",
        f"{tmp_path / 'line.txt'}: {problem}",
    ]


def test_a_1_mb_line_is_read_when_the_limit_allows_it(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_bytes(b"Shelling hit Ariha " * (MB // 19 + 1))
    article = _only(list(read_text(path, settings=load_settings(max_paragraph_chars=2 * MB))))
    assert isinstance(article, Article)
    assert "\n" not in article.text
    assert len(article.text) > MB


def test_deeply_nested_markup_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    depth = 100_000
    path.write_bytes(_page("<div>" * depth + f"<p>{NEWS}</p>" + "</div>" * depth).encode())
    # the HTML parser stops nesting at 256 levels, dropping what lies deeper
    assert str(_only(list(read_html(path)))) == (
        f"{path}: markup nested too deeply (at least 256 levels of elements; "
        "the limit is max_nesting_depth = 200)"
    )


def test_nesting_within_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    path.write_bytes(_page("<div>" * 40 + f"<p>{NEWS}</p>" + "</div>" * 40).encode())
    article = _only(list(read_html(path)))
    assert isinstance(article, Article)
    assert article.text == NEWS
    # html, body, 40 divs, p: 43 levels
    refused = _only(list(read_html(path, settings=Settings(max_nesting_depth=42))))
    assert str(refused) == (
        f"{path}: markup nested too deeply (43 levels of elements; "
        "the limit is max_nesting_depth = 42)"
    )


# -- compression bombs ------------------------------------------------------------------------

BOMB_BYTES = 64 * 1024 * 1024  # what each bomb expands to


def _gzip_bomb(path: Path) -> None:
    # gzip members concatenate: one member of 8 MiB of zeros, repeated
    member = gzip.compress(bytes(8 * 1024 * 1024), compresslevel=9)
    path.write_bytes(member * (BOMB_BYTES // (8 * 1024 * 1024)))


def _zip_bomb(path: Path) -> None:
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("report.txt", "w", force_zip64=True) as fh,
    ):
        for _ in range(BOMB_BYTES // len(chunk)):
            fh.write(chunk)


class _Zeros(io.RawIOBase):
    """A stream of ``size`` zero bytes, made as it is read."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self.left)
        buffer[:n] = bytes(n)
        self.left -= n
        return n


def _warc_bomb(path: Path) -> None:
    """A well-formed gzipped WARC whose one HTML record expands to BOMB_BYTES."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "https://news.invalid/bomb",
            "response",
            payload=io.BufferedReader(_Zeros(BOMB_BYTES)),
            length=BOMB_BYTES,
            http_headers=headers,
        )
        writer.write_record(record)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("bomb.gz", _gzip_bomb),
        ("bomb.warc.gz", _gzip_bomb),
        ("real.warc.gz", _warc_bomb),
        ("bomb.zip", _zip_bomb),
    ],
)
def test_compression_bombs_are_refused_in_bounded_memory(
    tmp_path: Path, name: str, make: Callable[[Path], None]
) -> None:
    path = tmp_path / name
    make(path)
    assert path.stat().st_size < BOMB_BYTES // 50
    limits = load_settings(max_decompressed_bytes=MB)
    tracemalloc.start()
    try:
        items = list(read_inputs([path], settings=limits))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert items
    assert all(isinstance(i, InputError) for i in items), items
    check_items(items, [path], limits)
    # nothing near the expanded size was ever held in memory
    assert peak < BOMB_BYTES // 4
    # a reader takes this format (".warc.gz" is one suffix to the registry): it stops early
    if any(path.name.endswith(suffix) for suffix in known_suffixes()):
        problems = [i.problem for i in items if isinstance(i, InputError)]
        if make is _warc_bomb:  # a valid archive: refused for its size, naming the limit
            assert any(
                "max_decompressed_bytes" in p or "max_document_chars" in p for p in problems
            ), problems
    else:  # no reader decompresses it: refused unopened
        assert [str(i) for i in items] == [f"{path}: not a text document (binary content)"]


# -- JSONL -------------------------------------------------------------------------------------


def test_a_broken_line_in_the_middle_of_a_jsonl_file(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "first", "text": NEWS}),
        '{"id": "broken", "text": "Shelling hit',
        json.dumps({"id": "third", "text": "Clashes erupted near Saraqib on Sunday."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_jsonl(path))
    assert [i.id if isinstance(i, Article) else str(i) for i in items] == [
        "first",
        f"{path}:2: malformed JSON (Unterminated string starting at at column 26)",
        "third",
    ]


def test_deeply_nested_json_is_a_line_error(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(
        '{"text": "x", "gold": '
        + "[" * 100_000
        + "]" * 100_000
        + "}\n"
        + json.dumps({"id": "next", "text": NEWS})
        + "\n",
        encoding="utf-8",
    )
    items = list(read_jsonl(path))
    assert [i.id if isinstance(i, Article) else str(i) for i in items] == [
        f"{path}:1: malformed JSON (nested too deeply)",
        "next",
    ]
