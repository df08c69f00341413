"""Hypothesis strategies for hostile input, and the check every reader result must pass.

The strategies build bytes that look almost like each format (so the readers get past their
first checks) with the things that break parsers mixed in: NUL and control bytes, invalid
UTF-8, lone surrogates, byte-order marks, unclosed and deeply nested tags, broken JSON.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from conflictcoder.config import Settings
from conflictcoder.errors import InputError
from conflictcoder.model import Article

# Small limits, so that generated inputs reach every limit quickly.
SMALL = Settings(max_document_chars=3000, max_paragraph_chars=600, max_nesting_depth=12)

# Pieces of news-like text: enough letters for the language check, dates for datelines.
WORDS = [
    "Shelling",
    "hit",
    "Ariha",
    "on",
    "Monday",
    "killing",
    "two",
    "civilians",
    "17 December, 2019",
    "2020-02-09",
    "Read also:",
    "Follow us",
    "\n",
    "\n\n",
    "\t",
    " ",
]
# What breaks decoders and parsers.
NASTY = [
    "\x00",
    "\x01",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\ufffd",
    "\ud800",
    "\udcff",
    "\U0001f4a5",
    "\r",
    "\r\n",
    "\x0c",
    "\u2028",
    "&#0;",
    "&#xD800;",
    "&amp;",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<",
    ">",
    '"',
    "'",
    "\\",
    "{",
    "}",
    "[",
    "]",
]
BOMS = [b"", b"", b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"]
RAW_BYTES = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00", b"\xc0\xaf"]

fragments = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(NASTY),
    st.text(max_size=12),
    st.characters(),  # any code point, lone surrogates included
)
hostile_text = st.lists(fragments, max_size=40).map("".join)
# Mostly news words with some hostile pieces: gets further into the readers.
newsy_text = st.lists(
    st.one_of(*[st.sampled_from(WORDS)] * 4, st.sampled_from(NASTY)), max_size=40
).map(" ".join)


def encode(text: str) -> bytes:
    """Text as bytes, lone surrogates written as the invalid UTF-8 they would be."""
    return text.encode("utf-8", "surrogatepass")


@st.composite
def hostile_bytes(draw: st.DrawFn, text: st.SearchStrategy[str] = hostile_text) -> bytes:
    """Text-like bytes: a BOM, hostile text, raw invalid bytes spliced in; or pure noise."""
    if draw(st.integers(0, 5)) == 0:
        return draw(st.binary(max_size=400))
    data = draw(st.sampled_from(BOMS)) + encode(draw(text))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(RAW_BYTES)) + data[at:]
    return data


TAGS = [
    "html",
    "head",
    "body",
    "title",
    "meta",
    "div",
    "p",
    "span",
    "article",
    "main",
    "time",
    "li",
    "a",
    "nav",
    "footer",
    "table",
    "td",
    "h1",
    "br",
    "script",
    "style",
    "svg",
]
ATTRS = ["class", "itemprop", "content", "datetime", "lang", "name", "property", "href", "type"]
ATTR_VALUES = ["date", "publish", "datePublished", "2020-02-09", "en", "ar", "application/ld+json"]


@st.composite
def _element(draw: st.DrawFn, children: st.SearchStrategy[list[str]]) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = "".join(
        f' {draw(st.sampled_from(ATTRS))}="{escape(draw(st.sampled_from(ATTR_VALUES)))}"'
        for _ in range(draw(st.integers(0, 2)))
    )
    inner = "".join(draw(children))
    closing = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", "</div>"]))
    return f"<{tag}{attrs}>{inner}{closing}"


html_tree = st.recursive(
    newsy_text | hostile_text,
    lambda children: _element(st.lists(children, max_size=4)),
    max_leaves=25,
)


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    """An HTML page: a wrapper around a random tree, sometimes deeply nested, bytes mangled."""
    body = draw(html_tree)
    depth = draw(st.sampled_from([0, 0, 0, 5, 40, 300]))
    body = "<div>" * depth + body + "</div>" * draw(st.integers(0, depth))
    page = f"<!DOCTYPE html><html><head><title>{draw(newsy_text)}</title></head>"
    page += f"<body>{body}</body></html>"
    if draw(st.booleans()):
        return encode(page)
    return draw(hostile_bytes(st.just(page)))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=8,
)
_NEWS = "Shelling hit Ariha on Monday, killing two civilians, activists said."


@st.composite
def jsonl_lines(draw: st.DrawFn) -> bytes:
    """One JSONL line: a document with hostile or wrong-typed values, or broken JSON."""
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return draw(hostile_bytes())
    record: dict[str, Any] = {
        "text": draw(st.one_of(hostile_text, st.just(_NEWS), json_values)),
    }
    for key in ("id", "title", "published", "source", "url", "language", "gold"):
        if draw(st.booleans()):
            record[key] = draw(
                st.one_of(json_values, st.sampled_from(["2020-02-09", "2020-13-45", "en", "ar"]))
            )
    try:
        line = json.dumps(record, ensure_ascii=draw(st.booleans()), allow_nan=True)
    except (ValueError, RecursionError):
        line = "{"
    if kind == 1:  # truncated: a line broken in the middle
        line = line[: draw(st.integers(0, len(line)))]
    return encode(line)


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(jsonl_lines(), max_size=6))
    ending = draw(st.sampled_from([b"\n", b"\r\n", b"\n\n"]))
    return ending.join(lines) + draw(st.sampled_from([b"", b"\n"]))


def check_items(items: list[Article | InputError], files: list[Path], settings: Settings) -> None:
    """What every reader must give for any input: articles fit to code, or errors naming a file.

    An article has text within the limits, no lone surrogates anywhere (they cannot be
    written to a store or a terminal) and no control characters in its metadata. An error
    names one of ``files`` (a directory error may name a folder under them) and a problem.
    """
    names = [str(f) for f in files]
    for item in items:
        if isinstance(item, InputError):
            assert any(item.path.startswith(n) for n in names), item
            assert str(item).startswith(item.path)
            assert item.problem.strip()
            continue
        assert isinstance(item, Article), item
        assert item.text.strip()
        assert len(item.text) <= settings.max_document_chars
        assert max(map(len, item.text.split("\n"))) <= settings.max_paragraph_chars
        assert "\x00" not in item.text
        for value in (item.id, item.text, item.title, item.source, item.url, item.origin):
            if value is not None:
                value.encode("utf-8")  # raises on a lone surrogate
        for value in (item.id, item.title, item.source, item.url):
            if value is not None:
                assert value.strip()
                assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in value), value
