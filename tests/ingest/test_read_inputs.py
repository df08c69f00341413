"""ingest/__init__.py: read_inputs dispatches by suffix through the readers registry."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conflictcoder.errors import InputError
from conflictcoder.ingest import known_suffixes, read_inputs
from conflictcoder.model import Article
from conflictcoder.registry import readers

STORY = "Three people were killed in air raids on Ariha on Sunday, rescuers said."
KNOWN = ".arc, .arc.gz, .atom, .htm, .html, .jsonl, .ndjson, .rss, .txt, .warc, .warc.gz, .xml"


def _ids(items: list[Article | InputError]) -> list[str]:
    return [str(i) if isinstance(i, InputError) else i.id for i in items]


def test_built_in_readers_are_registered_by_name_and_suffix() -> None:
    assert readers.resolve_name(".txt") == readers.resolve_name("txt") == "conflictcoder.text.v1"
    assert readers.resolve_name(".htm") == readers.resolve_name(".html") == "conflictcoder.html.v1"
    assert readers.resolve_name(".ndjson") == "conflictcoder.jsonl.v1"
    assert readers.resolve_name(".jsonl") == "conflictcoder.jsonl.v1"
    assert known_suffixes() == KNOWN.split(", ")


def test_directory_and_files_mixed_bad_inputs_do_not_stop_the_rest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "2020").mkdir(parents=True)
    (corpus / "2020" / "a.txt").write_text(f"Jets strike Ariha\n\n{STORY}\n")
    (corpus / "2020" / "empty.txt").write_text("")
    (corpus / "b.jsonl").write_text(
        json.dumps({"id": "b1", "text": STORY}) + "\n{oops\n" + json.dumps({"text": STORY}) + "\n"
    )
    (corpus / "notes.md").write_text("# notes\n")
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" * 20)
    (corpus / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    extra = tmp_path / "extra.TXT"
    extra.write_text(STORY)
    items = list(read_inputs([corpus, str(extra), tmp_path / "missing.txt"]))
    assert _ids(items) == [
        "a",
        f"{corpus / '2020' / 'empty.txt'}: empty document",
        "b1",
        f"{corpus / 'b.jsonl'}:2: malformed JSON (Expecting property name enclosed in double "
        "quotes at column 2)",
        "b-3",
        f"{corpus / 'notes.md'}: unknown file type '.md'; known suffixes: {KNOWN}",
        f"{corpus / 'photo.jpg'}: not a text document (binary content)",
        "extra",
        f"{tmp_path / 'missing.txt'}: file not found",
    ]


def test_published_fills_only_documents_without_a_date(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    doc = {"id": "b", "text": STORY, "published": "2020-02-09"}
    (tmp_path / "b.jsonl").write_text(json.dumps(doc))
    items = list(read_inputs([tmp_path], published=date(2021, 3, 1)))
    assert [(a.id, a.published) for a in items] == [  # type: ignore[union-attr]
        ("a", date(2021, 3, 1)),
        ("b", date(2020, 2, 9)),
    ]


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(STORY)
    assert _ids(list(read_inputs([path, tmp_path, str(path)]))) == ["a"]


def test_no_suffix_and_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "README").write_text("Read me.")
    items = list(read_inputs([tmp_path / "empty", tmp_path / "README"]))
    assert _ids(items) == [
        f"{tmp_path / 'empty'}: empty directory (no files to read)",
        f"{tmp_path / 'README'}: unknown file type (no suffix); known suffixes: {KNOWN}",
    ]


def test_a_plugin_reader_is_dispatched_by_its_suffix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "_entries", dict(readers._entries))
    monkeypatch.setattr(readers, "_aliases", dict(readers._aliases))

    @readers.register("tests.upper.v1", aliases=(".up",))
    def read_upper(path: Path, **_: Any) -> Iterator[Article | InputError]:
        text = path.read_text()
        if not text:
            raise InputError(path, "nothing to shout")
        yield Article(id=path.stem, text=text.upper(), origin=str(path))

    (tmp_path / "a.up").write_text("three killed")
    (tmp_path / "b.up").write_text("")
    items = list(read_inputs([tmp_path]))
    assert isinstance(items[0], Article) and items[0].text == "THREE KILLED"
    assert str(items[1]) == f"{tmp_path / 'b.up'}: nothing to shout"
    assert ".up" in known_suffixes()


def test_a_bare_path_is_one_input(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(STORY)
    assert _ids(list(read_inputs(str(path)))) == ["a"]


# -- two-part suffixes and duplicates (unique_articles) ---------------------------------------


def test_a_two_part_suffix_is_looked_up_before_the_last_one(tmp_path: Path) -> None:
    # ".gz" alone is no known suffix; ".warc.gz" is, and the WARC reader takes the file
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"")
    assert [str(i) for i in read_inputs([path])] == [f"{path}: empty archive (no records)"]
    other = tmp_path / "notes.2020.txt"
    other.write_text(STORY, encoding="utf-8")
    assert [i.id for i in read_inputs([other]) if isinstance(i, Article)] == ["notes.2020"]


def test_unique_articles_codes_a_text_or_a_url_once() -> None:
    from conflictcoder.ingest import unique_articles

    items: list[Article | InputError] = [
        Article(id="a", text=STORY, url="https://wire.invalid/story"),
        InputError("x.jsonl", "empty document", line=2),
        Article(id="b", text=STORY),  # same text
        Article(id="c", text="Another report.", url="https://WIRE.invalid/story/#comments"),
        Article(id="d", text="A third report.", url="https://wire.invalid/other"),
        Article(id="e", text="A fourth report."),
    ]
    dropped: list[str] = []
    kept = list(unique_articles(items, on_duplicate=lambda a: dropped.append(a.id)))
    assert [i.id if isinstance(i, Article) else str(i) for i in kept] == [
        "a",
        "x.jsonl:2: empty document",
        "d",
        "e",
    ]
    assert dropped == ["b", "c"]


def test_duplicates_across_files_are_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    from conflictcoder.ingest import unique_articles

    first = tmp_path / "a.txt"
    second = tmp_path / "b.txt"
    first.write_text(STORY, encoding="utf-8")
    second.write_text(STORY, encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="conflictcoder"):
        kept = list(unique_articles(read_inputs([first, second])))
    assert [i.id for i in kept if isinstance(i, Article)] == ["a"]
    assert caplog.messages == [f"{second}: duplicate of an article read before; skipped"]
