"""ingest/jsonl.py: the document JSONL format, line by line, bad lines reported and skipped."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conflictcoder.config import Settings
from conflictcoder.errors import InputError
from conflictcoder.ingest.jsonl import parse_published, read_jsonl
from conflictcoder.model import Article


def _doc(**fields: Any) -> str:
    base: dict[str, Any] = {
        "id": "doc-1",
        "title": "Jets strike Ariha",
        "text": "Jets strike Ariha\n2 min read\nThree people were killed in Ariha on Sunday.",
        "published": "2020-02-09",
        "source": "Example Wire",
        "url": None,
        "language": "en",
    }
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not ...}, ensure_ascii=False)


def _write(tmp_path: Path, lines: list[str], name: str = "docs.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _read(path: Path, **kwargs: Any) -> list[Article | InputError]:
    return list(read_jsonl(path, **kwargs))


def test_gold_line_is_read_as_a_document_and_its_gold_ignored(tmp_path: Path) -> None:
    gold = {"mode": "single", "events": [{"event_type": "Battles", "fatalities": 3}]}
    path = _write(tmp_path, [_doc(id="acled-X1", gold=gold, extra_key=[1, 2])])
    [article] = _read(path)
    assert article == Article(
        id="acled-X1",
        text="Jets strike Ariha\n\nThree people were killed in Ariha on Sunday.",
        title="Jets strike Ariha",
        published=date(2020, 2, 9),
        source="Example Wire",
        url=None,
        language="en",
        origin=f"{path}:1",
    )


def test_a_malformed_line_in_the_middle_does_not_stop_the_rest(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            _doc(id="a"),
            _doc(id="b"),
            '{"id": "c" "text": "Three were killed."}',
            json.dumps({"id": "d", "title": "No text"}),
            _doc(id="e", published="17/12/2019"),
            "",
            _doc(id="f", language="ar", text="قتل ثلاثة مدنيين"),
            "[1, 2]",
            _doc(id="g", text=""),
            _doc(id="h", title=3),
            _doc(id="i", text=42),
            _doc(id=["i"]),
            _doc(id="j"),
        ],
    )
    items = _read(path)
    assert [str(i) if isinstance(i, InputError) else i.id for i in items] == [
        "a",
        "b",
        f"{path}:3: malformed JSON (Expecting ',' delimiter at column 12)",
        f"{path}:4: missing 'text'",
        f"{path}:5: 'published' must be YYYY-MM-DD, got '17/12/2019'",
        f"{path}:7: not English (language 'ar')",
        f"{path}:8: expected a JSON object, got an array",
        f"{path}:9: empty document",
        f"{path}:10: 'title' must be a string or null, got 3",
        f"{path}:11: 'text' must be a string, got 42",
        f"{path}:12: 'id' must be a string, got [\"i\"]",
        "j",
    ]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [(e.path, e.line) for e in errors][:2] == [(str(path), 3), (str(path), 4)]


def test_line_without_id_gets_file_stem_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, ["", _doc(id=None), _doc(id=...), _doc(id=7)], name="batch.ndjson")
    assert [a.id for a in _read(path)] == ["batch-2", "batch-3", "7"]  # type: ignore[union-attr]


def test_null_published_takes_the_default_unless_the_text_has_a_dateline(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            _doc(id="a", published=None),
            _doc(id="b", published=None, text="Jets strike Ariha\n9 February, 2020\nTwo died."),
            _doc(id="c", published="2020-02-01T23:10:00Z"),
        ],
    )
    items = _read(path, published=date(2021, 5, 5))
    assert [a.published for a in items] == [  # type: ignore[union-attr]
        date(2021, 5, 5),
        date(2020, 2, 9),
        date(2020, 2, 1),
    ]


def test_bom_and_windows_line_ends_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + _doc(id="a").encode() + b"\r\n" + _doc(id="b").encode())
    assert [a.id for a in _read(path)] == ["a", "b"]  # type: ignore[union-attr]


def test_whole_file_problems(tmp_path: Path) -> None:
    empty = _write(tmp_path, ["", "  "], name="empty.jsonl")
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(bytes(range(256)) * 4)
    missing = tmp_path / "missing.jsonl"
    assert [str(e) for e in _read(empty)] == [f"{empty}: empty file (no documents)"]
    assert [str(e) for e in _read(binary)] == [f"{binary}: not a text document (binary content)"]
    assert [str(e) for e in _read(missing)] == [f"{missing}: file not found"]


def test_overlong_line_is_refused_and_the_next_line_still_read(tmp_path: Path) -> None:
    settings = Settings(max_document_chars=10)
    long_text = "Three were killed. " * 5000
    path = _write(tmp_path, [_doc(id="a", text=long_text), _doc(id="b", text="Two died.")])
    items = _read(path, settings=settings)
    assert str(items[0]) == (
        f"{path}:1: line too long (more than 65656 bytes; the limit is max_document_chars = 10)"
    )
    assert isinstance(items[1], Article) and items[1].id == "b"


def test_text_over_the_character_limit_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, [_doc(id="a", text="Three were killed. " * 2)])
    [error] = _read(path, settings=Settings(max_document_chars=20))
    assert str(error) == (
        f"{path}:1: document too large (38 characters; the limit is max_document_chars = 20)"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("17/12/2019", "'published' must be YYYY-MM-DD, got '17/12/2019'"),
        ("2019-02-30", "'published' must be YYYY-MM-DD, got '2019-02-30'"),
        (20191217, "'published' must be YYYY-MM-DD, got 20191217"),
        ("December 17, 2019", "'published' must be YYYY-MM-DD, got 'December 17, 2019'"),
    ],
)
def test_parse_published_refuses_other_formats(value: object, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_published(value)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("codec", "named"),
    [
        ("utf-16", "UTF-16 (little-endian)"),  # with a byte-order mark
        ("utf-16-le", "UTF-16 (little-endian)"),
        ("utf-16-be", "UTF-16 (big-endian)"),
        ("utf-32", "UTF-32 (little-endian)"),
        ("utf-32-be", "UTF-32 (big-endian)"),
    ],
)
def test_a_utf16_file_is_one_error_about_its_encoding(
    tmp_path: Path, codec: str, named: str
) -> None:
    path = tmp_path / "wide.jsonl"
    lines = [
        '{"id": "a", "text": "Jets struck Ariha on Sunday, killing four civilians."}',
        '{"id": "b", "text": "Shelling hit Kafr Nabl on Monday."}',
    ]
    path.write_bytes("\n".join(lines).encode(codec))
    family = named.split(" ")[0]
    assert [str(item) for item in read_jsonl(path)] == [
        f"{path}: wrong encoding: the file is {named}; JSON Lines must be UTF-8 "
        f"(convert it, e.g. iconv -f {family} -t UTF-8)"
    ]


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd", "//x"],
)
def test_only_an_http_url_is_kept(
    tmp_path: Path, url: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "docs.jsonl"
    lines = [
        {"id": "a", "text": "Jets struck Ariha on Sunday, killing four.", "url": url},
        {"id": "b", "text": "Shelling hit Kafr Nabl on Monday.", "url": "https://x.invalid/b"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    articles = [item for item in read_jsonl(path) if isinstance(item, Article)]
    assert [a.url for a in articles] == [None, "https://x.invalid/b"]
    assert "is not an http(s) address; the article is kept without it" in caplog.text
