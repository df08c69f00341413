"""Property tests for feeds (character references, entities, encodings) and plain WARC
archives (cut anywhere): a bad entry or a cut record costs only itself and is reported.

Feeds are assembled from entries whose titles and bodies mix news text with character
references (valid, NUL, surrogates, noncharacters, beyond U+10FFFF, too long), named and
DOCTYPE-declared entities, CDATA and escaped HTML, in an encoding that may differ from the
declared one. The properties: reading never raises; items are articles fit to code or errors
naming the file; an entry with an invalid reference is one error naming the entry, and every
other entry is still read. Plain archives of whole records are cut at every kind of byte:
inside a record it is an error, never a silent end.
"""

from __future__ import annotations

import io
import os
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conflictcoder.config import Settings
from conflictcoder.errors import InputError
from conflictcoder.ingest import read_inputs
from conflictcoder.ingest._common import web_url
from conflictcoder.model import Article

from .strategies import SMALL, check_items

# Feeds here hold long references ("&#999...;"): limits they stay within, paragraphs short.
LIMITS = Settings(max_paragraph_chars=600)

EXAMPLES = int(os.environ.get("CONFLICTCODER_FUZZ_EXAMPLES") or 60)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

VALID_REFERENCES = ["&#65;", "&#x41;", "&#xe9;", "&#x10FFFD;", "&eacute;", "&amp;", "&nbsp;"]
INVALID_REFERENCES = [
    "&#xD800;",
    "&#55296;",
    "&#xDFFF;",
    "&#xFFFE;",
    "&#xFDD0;",
    "&#x10FFFF;",
    "&#1114112;",
    "&#x110000;",
    "&#99999999999999999999;",
    "&#" + "9" * 5000 + ";",
]
OTHER = ["&#0;", "&bogus;", "&#;", "&#x;", "&lt;b&gt;", "<![CDATA[<p>x</p>]]>", "&war;"]
WORDS = ["Shelling", "hit", "Ariha", "on", "Monday,", "killing", "two", "civilians.", "\u202e"]
DOCTYPES = ["", '<!DOCTYPE rss [<!ENTITY war "Shelling of &#x41;riha">]>']
ENCODINGS = [("utf-8", "utf-8"), ("utf-16", "utf-16"), ("latin-1", "iso-8859-1"),
             ("utf-8", "iso-8859-1"), ("cp1252", "windows-1252")]  # fmt: skip


@st.composite
def entry_text(draw: st.DrawFn, references: list[str]) -> str:
    parts = draw(st.lists(st.sampled_from(WORDS + references), min_size=1, max_size=12))
    return " ".join(parts)


@st.composite
def feeds(draw: st.DrawFn) -> tuple[bytes, list[bool]]:
    """A feed and, for each entry, whether it holds an invalid character reference."""
    entries = []
    bad: list[bool] = []
    for number in range(draw(st.integers(1, 5))):
        invalid = draw(st.booleans())
        pool = VALID_REFERENCES + OTHER + (INVALID_REFERENCES if invalid else [])
        title = draw(entry_text(pool))
        if invalid:  # make sure it holds one
            title += " " + draw(st.sampled_from(INVALID_REFERENCES))
        body = draw(entry_text(VALID_REFERENCES + OTHER))
        entries.append(
            f"<item><title>{title}</title><link>https://news.invalid/{number}</link>"
            f"<description>{body} Jets struck Binnish on Friday, killing two.</description>"
            "</item>"
        )
        bad.append(invalid)
    encoding, declared = draw(st.sampled_from(ENCODINGS))
    doctype = draw(st.sampled_from(DOCTYPES))
    text = (
        f'<?xml version="1.0" encoding="{declared}"?>{doctype}<rss version="2.0"><channel>'
        f"<title>Wire</title>{''.join(entries)}</channel></rss>"
    )
    return text.encode(encoding, "xmlcharrefreplace"), bad


@FUZZ
@given(feed=feeds())
def test_a_bad_entry_costs_only_itself(feed: tuple[bytes, list[bool]]) -> None:
    data, bad = feed
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.rss"
        path.write_bytes(data)
        items = list(read_inputs([path], settings=LIMITS))
        check_items(items, [path], LIMITS)
        errors = [i for i in items if isinstance(i, InputError)]
        for number, invalid in enumerate(bad, start=1):
            named = [e for e in errors if e.problem.startswith(f"entry {number}: ")]
            if invalid:
                assert [e.problem for e in named] == [
                    f"entry {number}: invalid character reference "
                    "(to a surrogate, a noncharacter or beyond U+10FFFF)"
                ]
        articles = [i for i in items if isinstance(i, Article)]
        assert len(articles) + len(errors) == len(bad)  # one item per entry
        assert all(a.url is None or web_url(a.url) == a.url for a in articles)


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".rss", ".atom", ".xml"]))
def test_any_bytes_as_a_feed(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"feed{suffix}"
        path.write_bytes(data)
        items = list(read_inputs([path], settings=SMALL))
        assert items
        check_items(items, [path], SMALL)


def _plain_archive(pages: list[str]) -> tuple[bytes, list[int]]:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    ends = [0]
    for number, page in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = f"<html><body><article><p>{page}</p></article></body></html>".encode()
        record = writer.create_warc_record(
            f"https://news.invalid/{number}", "response", payload=io.BytesIO(body),
            http_headers=headers,
        )  # fmt: skip
        writer.write_record(record)
        ends.append(buffer.tell())
    return buffer.getvalue(), ends


@FUZZ
@given(
    pages=st.lists(st.lists(st.sampled_from(WORDS), min_size=3, max_size=40).map(" ".join),
                   min_size=1, max_size=3),
    share=st.floats(0, 1),
)  # fmt: skip
def test_a_plain_archive_cut_inside_a_record_is_reported(pages: list[str], share: float) -> None:
    content, ends = _plain_archive(pages)
    cut = int(share * len(content))
    # a cut with only blank lines between it and a record boundary leaves whole records
    inside = not any(not content[min(cut, end) : max(cut, end)].strip() for end in ends)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "crawl.warc"
        path.write_bytes(content[:cut])
        items = list(read_inputs([path], settings=SMALL))
        check_items(items, [path], SMALL)
        errors = [i for i in items if isinstance(i, InputError)]
        if inside:
            assert errors, f"cut at byte {cut} of {len(content)}: read without an error"
        whole = {i.url for i in read_inputs([_write(folder, content)], settings=SMALL)
                 if isinstance(i, Article)}  # fmt: skip
        assert {i.url for i in items if isinstance(i, Article)} <= whole


def _write(folder: str, content: bytes) -> Path:
    path = Path(folder) / "whole.warc"
    path.write_bytes(content)
    return path
