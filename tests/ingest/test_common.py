"""ingest/_common.py: reading, decoding, language, datelines, titles, the document checks."""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conflictcoder.clean import BOILERPLATE
from conflictcoder.config import Settings, UserRules
from conflictcoder.errors import InputError
from conflictcoder.ingest._common import (
    build_article,
    decode_text,
    find_dateline,
    is_english_code,
    looks_binary,
    parse_dateline,
    read_bytes,
    rules_for,
    script_problem,
    search_date,
    title_from_text,
)
from conflictcoder.model import Article


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("17 December, 2019", date(2019, 12, 17)),
        ("17 December 2019", date(2019, 12, 17)),
        ("17th Dec. 2019", date(2019, 12, 17)),
        ("December 17, 2019", date(2019, 12, 17)),
        ("Sept 3, 2020", date(2020, 9, 3)),
        ("2019-12-17", date(2019, 12, 17)),
        ("2019-12-17T08:30:00Z", date(2019, 12, 17)),
        ("Tuesday, 17 December 2019", date(2019, 12, 17)),
        ("Published: 17 December 2019 10:45 GMT", date(2019, 12, 17)),
        ("Last updated on December 17, 2019 at 3:05 pm", date(2019, 12, 17)),
        ("  4 March, 2020  ", date(2020, 3, 4)),
    ],
)
def test_standalone_datelines_are_parsed(line: str, expected: date) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Clashes resumed on 17 December, 2019.",
        "On 17 December 2019, jets struck Ariha",
        "17/12/2019",
        "12/17/2019",
        "31 February 2020",
        "2019-13-01",
        "December 2019",
        "17 Smarch 2019",
        "Yesterday",
        "1 January 1850",
    ],
)
def test_anything_else_is_no_dateline(line: str) -> None:
    assert parse_dateline(line) is None


def test_search_date_finds_a_strict_date_inside_a_short_text() -> None:
    assert search_date("Posted by A. Writer on Dec. 17, 2019 in World") == date(2019, 12, 17)
    assert search_date("No date at all here") is None


def test_find_dateline_looks_only_at_the_first_blocks() -> None:
    top = "Jets strike Ariha\n\nBy a staff writer\n\n9 February, 2020\n\nThree were killed."
    assert find_dateline(top) == date(2020, 2, 9)
    deep = "\n\n".join(["A paragraph."] * 5 + ["9 February, 2020"])
    assert find_dateline(deep) is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Jets strike Ariha\n\nThree were killed.", "Jets strike Ariha"),
        ("Is the truce over?\n\nThree were killed.", "Is the truce over?"),
        ("Three were killed in Ariha.\n\nMore later.", None),
        ("9 February, 2020\n\nThree were killed.", None),
        ("1,200\n\nThree were killed.", None),
        ("x" * 201 + "\n\nThree were killed.", None),
    ],
)
def test_title_is_a_short_first_line_without_final_period(text: str, title: str | None) -> None:
    assert title_from_text(text) == title


def test_looks_binary() -> None:
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    assert looks_binary(bytes(range(256)) * 8)
    assert not looks_binary(b"Three were killed.\n\tRescuers said so.\r\n")
    assert not looks_binary(b"Three were killed.\x00" + b" Rescuers said so." * 20)
    assert not looks_binary("Two killed".encode("utf-16"))
    assert not looks_binary(b"")


def test_decode_text_handles_boms_and_a_few_bad_bytes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = Path("a.txt")
    assert decode_text(path, "\ufeffAriha – two killed".encode()) == "Ariha – two killed"
    assert decode_text(path, "Ariha – two killed".encode("utf-16")) == "Ariha – two killed"
    with caplog.at_level(logging.WARNING, logger="conflictcoder"):
        text = decode_text(path, b"Three were killed in Ariha \x92today\x92 " * 10)
    assert isinstance(text, str) and text.count("\ufffd") == 20
    assert "a.txt: 20 bytes are not valid UTF-8; replaced with U+FFFD" in caplog.text


def test_decode_text_refuses_binary_and_non_utf8_content() -> None:
    binary = decode_text(Path("x.txt"), bytes(range(256)) * 4)
    assert isinstance(binary, InputError)
    assert str(binary) == "x.txt: not a text document (binary content)"
    legacy = decode_text(Path("y.txt"), "قتل ثلاثة مدنيين".encode("cp1256"))
    assert str(legacy) == (
        "y.txt: not a text document (binary content, or not UTF-8: 88% of the characters "
        "cannot be decoded; save it as UTF-8)"
    )


def test_read_bytes_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "missing.txt"
    assert str(read_bytes(missing, Settings())) == f"{missing}: file not found"
    big = tmp_path / "big.txt"
    big.write_text("x" * 41)
    assert str(read_bytes(big, Settings(max_document_chars=10))) == (
        f"{big}: document too large (41 bytes; the limit is max_document_chars = 10)"
    )
    locked = tmp_path / "locked.txt"
    locked.write_text("text")

    real_open = os.open

    def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert str(read_bytes(locked, Settings())) == f"{locked}: cannot read (permission denied)"


@pytest.mark.parametrize(
    ("code", "english"),
    [
        (None, True),
        ("", True),
        ("en", True),
        ("EN-gb", True),
        ("eng", True),
        ("en_US", True),
        ("ar", False),
        ("fr-FR", False),
        ("english", False),
    ],
)
def test_is_english_code(code: str | None, english: bool) -> None:
    assert is_english_code(code) is english


def test_script_problem_names_the_script_and_the_setting() -> None:
    settings = Settings()
    assert script_problem("Three were killed in Ariha on Sunday.", settings) is None
    assert script_problem("12 345 — 678", settings) is None  # no letters: nothing to judge
    assert script_problem("Les forces ont bombardé la ville de Saraqeb.", settings) is None
    assert script_problem("Взрыв в Донецке, погибли три человека", settings) == (
        "not English (mostly Cyrillic letters: 0% Latin, below min_latin_ratio = 0.6)"
    )
    mixed = "Ariha قتل ثلاثة مدنيين في قصف جوي"
    assert script_problem(mixed, settings) == (
        "not English (mostly Arabic letters: 18% Latin, below min_latin_ratio = 0.6)"
    )
    assert script_problem(mixed, Settings(min_latin_ratio=0.1)) is None


def _build(text: str, *, settings: Settings | None = None, **kwargs: Any) -> Article | InputError:
    return build_article(
        Path("d.txt"), text, settings=settings or Settings(), doc_id="d", origin="d.txt", **kwargs
    )


def test_build_article_checks_in_order() -> None:
    assert str(_build(" \n\t")) == "d.txt: empty document"
    assert str(_build("x" * 11, settings=Settings(max_document_chars=10))) == (
        "d.txt: document too large (11 characters; the limit is max_document_chars = 10)"
    )
    assert str(_build("Three were killed.", language="ar", line=4)) == (
        "d.txt:4: not English (language 'ar')"
    )
    assert str(_build("2 min read\nFollow us on Twitter")) == (
        "d.txt: empty document after removing boilerplate"
    )


def test_build_article_date_order_own_then_dateline_then_default() -> None:
    text = "Jets strike Ariha\n\n9 February, 2020\n\nThree were killed."
    own = _build(text, published=date(2020, 2, 10), default_published=date(2021, 1, 1))
    dateline = _build(text, default_published=date(2021, 1, 1))
    default = _build("Three were killed.", default_published=date(2021, 1, 1))
    assert isinstance(own, Article) and own.published == date(2020, 2, 10)
    assert isinstance(dateline, Article) and dateline.published == date(2020, 2, 9)
    assert isinstance(default, Article) and default.published == date(2021, 1, 1)


def test_rules_for_uses_a_user_boilerplate_file_when_settings_name_one(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text("drop_lines:\n  - {id: podcast, pattern: 'listen to our podcast\\b.*'}\n")
    rules = rules_for(Settings(user_rules=UserRules(boilerplate=str(user))))
    assert rules is not BOILERPLATE.packaged() and rules.drop_rule_for("Listen to our podcast now")
    assert rules_for(Settings()) is BOILERPLATE.packaged()
