"""Tests for ``text.word_tokens``: the words after a place name as the place resolver reads
them (sentences invented for the test)."""

from __future__ import annotations

from conflictcoder.text import NUM, OTHER, PUNCT, WORD, tokenize, word_tokens


def test_a_number_takes_no_suffix_unlike_tokenize() -> None:
    text = "Kafr Tin, 5km north-west of the 12-year-old's town"
    assert [t.text for t in word_tokens(text)] == [
        "Kafr",
        "Tin",
        ",",
        "5",
        "km",
        "north-west",
        "of",
        "the",
        "12",
        "-",
        "year-old's",
        "town",
    ]
    assert "5km" in [t.text for t in tokenize(text)]


def test_offsets_kinds_and_values() -> None:
    text = "Ein Hamra: 1,200 fled, 3.5 km on 12.03.2024_x"
    tokens = word_tokens(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    kinds = {t.text: (t.kind, t.value) for t in tokens}
    assert kinds["Ein"] == (WORD, None)
    assert kinds[":"] == (PUNCT, None)
    assert kinds["1,200"] == (NUM, 1200)
    assert kinds["3.5"] == (OTHER, None)
    # at most one "." part; an underscore is no token
    assert [t.text for t in tokens][-4:] == ["12.03", ".", "2024", "x"]


def test_words_are_lower_cased_with_one_apostrophe() -> None:
    (token,) = word_tokens("Idlib’s")
    assert token.low == "idlib's" and token.kind == WORD
