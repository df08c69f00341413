"""No hang: the text stages stay linear on inputs shaped to make them quadratic.

Each test feeds an input large enough that a quadratic pass would do billions of steps,
and asserts on the work done (characters scanned, lines made) or on the output, never on
wall time.
"""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace
from typing import Any, cast

import pytest
from spacy.tokens import Doc

from conflictcoder import clean
from conflictcoder.clean import clean_text
from conflictcoder.coder import Coder, parseable_text
from conflictcoder.extract import place_spans, triggers
from conflictcoder.model import PlaceRef
from conflictcoder.nlp import light_doc
from conflictcoder.resolve import narrative

LINES = 20_000  # a 500 KB document of short lines, well within max_document_chars


class CountingPattern:
    """A compiled pattern that counts the characters of the strings it is searched in."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.scanned = 0

    def search(self, text: str, *args: Any) -> re.Match[str] | None:
        self.scanned += len(text)
        return self.pattern.search(text, *args)


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[CountingPattern]:
    """The end-of-line tests of ``clean._unwrap``, counting what they read."""
    counters = []
    for name in ("_SENTENCE_END", "_CONTINUES"):
        counter = CountingPattern(getattr(clean, name))
        monkeypatch.setattr(clean, name, counter)
        counters.append(counter)
    return counters


@pytest.mark.parametrize(
    "line",
    [
        "killed people in the town,",  # ends mid-sentence: the next line continues it
        "and more were killed",  # the next line starts in lower case: continues too
    ],
)
def test_a_block_of_continuing_lines_is_read_once(scans: list[CountingPattern], line: str) -> None:
    text = "\n".join([line] * LINES)
    cleaned = clean_text(text)
    # one paragraph, every line in it once
    assert cleaned == " ".join([line] * LINES)
    # Each line's end is tested once; re-testing the growing paragraph would read about
    # LINES**2 / 2 lines' worth (some 5 billion characters).
    assert sum(counter.scanned for counter in scans) <= 2 * len(text)


def test_a_hard_wrapped_block_keeps_split_words_whole() -> None:
    line = "the shelling of the town went on through the night and re-"
    text = "\n".join([line] * LINES + ["sumed at dawn."])
    cleaned = clean_text(text)
    assert cleaned.count("re-the") == LINES - 1 and cleaned.endswith("and re-sumed at dawn.")
    assert "\n" not in cleaned


def test_a_megabyte_line_of_one_word_is_kept_whole() -> None:
    text = "killed " * 150_000
    assert clean_text(text) == text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "x" * 1_000_000,  # no space anywhere: cut at the limit
        "killed " * 150_000,  # spaces but no sentence end
        "Jets hit Ariha. " * 70_000,  # sentence ends
        "(" * 500_000 + ")" * 500_000,
    ],
)
def test_parseable_text_breaks_a_megabyte_line_into_bounded_lines(text: str) -> None:
    limit = 100_000
    broken = parseable_text(text, limit)
    assert len(broken) == len(text)
    lines = broken.split("\n")
    assert max(map(len, lines)) <= limit
    # a break replaces one character; no more breaks than needed, give or take a line
    assert len(lines) <= len(text) // (limit // 2) + 1
    if text.startswith("Jets"):
        assert all(line.rstrip().endswith(".") for line in lines)


def test_sentence_starts_in_one_pass(coder: Coder) -> None:
    doc = light_doc(coder.nlp.make_doc("Jets hit Ariha. Two died. Talks resumed."), [0, 4, 7])
    assert triggers._sentence_starts(doc) == [0, 0, 0, 0, 4, 4, 4, 7, 7, 7]


def test_a_long_sentence_of_triggers_is_tagged_with_one_sentence_pass(
    coder: Coder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 20 000 trigger words in one sentence: looking each hit's sentence up on its own
    # (Token.sent walks the sentence) would take billions of steps.
    words = 20_000
    doc = light_doc(coder.nlp.make_doc("shelling " * words), [0])
    passes: list[Doc] = []
    real = triggers._sentence_starts

    def counting(doc: Doc) -> list[int]:
        passes.append(doc)
        return real(doc)

    monkeypatch.setattr(triggers, "_sentence_starts", counting)
    hits = coder.extractor.tagger(doc)
    assert passes == [doc]
    assert len(hits) == words and all(hit.span.text == "shelling" for hit in hits)


def test_a_sentence_listing_thousands_of_places_is_searched_linearly(
    coder: Coder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Which place names locate an earlier one ("X in the north of Y") is a question about
    # each pair; 3 000 places make 4.5 million pairs, each gap scanned: stop at the first
    # gap that cannot locate.
    names = [f"Town{i}" for i in range(3_000)]
    text = "Jets struck " + ", ".join(names) + " in the north of Idlib."
    refs, at = [], len("Jets struck ")
    for name in [*names, "Idlib"]:
        at = text.index(name, at)
        refs.append(PlaceRef(name, at, at + len(name)))
        at += len(name)
    scanned: list[int] = []
    tokenize = place_spans.tokenize

    def counting(string: str) -> list[Any]:
        scanned.append(len(string))
        return tokenize(string)

    monkeypatch.setattr(place_spans, "tokenize", counting)
    located = coder.extractor.arguments._located(text, refs)
    assert located == {id(refs[-1])}  # Idlib locates the last town only
    assert 0 < sum(scanned) <= 4 * len(text)


def test_undated_events_look_back_for_a_date_once_per_article(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 5 000 undated event sentences after one dated one: looking back through every
    # earlier sentence for each would read 12.5 million sentences.
    sentences = ["On 3 May 2020, police raided a house."] + ["A man was killed."] * 5_000
    text = " ".join(sentences)
    starts = [m.start() for m in re.finditer(r"A man", text)]
    read: list[str] = []
    resolve = narrative.resolve_date

    def counting(sentence: str, published: date | None, **rules: Any) -> Any:
        read.append(sentence)
        return resolve(sentence, published, **rules)

    monkeypatch.setattr(narrative, "resolve_date", counting)
    dates = narrative.NarrativeDates()
    found = [
        dates.date_before(
            text, cast(Any, SimpleNamespace(evidence=[SimpleNamespace(start=at)])), date(2020, 5, 9)
        )
        for at in starts
    ]
    assert {f.date if f else None for f in found} == {date(2020, 5, 3)}
    assert len(read) <= 3 * len(sentences)
