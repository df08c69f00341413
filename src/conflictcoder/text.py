"""The text layer every stage shares: paragraphs and the plain-text sentence split.

Stages that work before or without a spaCy ``Doc`` (the sentence gate, the resolvers that
read a sentence string) split text here, so that a paragraph or a sentence means the same
thing everywhere. Offsets are always offsets into the text given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = [
    "NUM",
    "OTHER",
    "PUNCT",
    "SENTENCE_RE",
    "WORD",
    "WORD_RE",
    "phrase_alternation",
    "Paragraph",
    "Token",
    "sentences",
    "split_paragraphs",
    "tokenize",
]

_PARAGRAPH_RE = re.compile(r"[^\n]+")
# A sentence of plain text: up to and including its run of final stops (or the text's end).
SENTENCE_RE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
# A word: a run of letters and digits.
WORD_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Paragraph:
    """A block of the article text and where it starts."""

    offset: int
    text: str


def split_paragraphs(text: str) -> list[Paragraph]:
    """Lines (paragraphs) of ``text`` with their offsets; blank lines dropped.

    Example:
        >>> [p.offset for p in split_paragraphs("A.\\n\\nB.")]
        [0, 4]
    """
    return [
        Paragraph(m.start(), m.group(0)) for m in _PARAGRAPH_RE.finditer(text) if m.group(0).strip()
    ]


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """The plain-text sentences of ``text[start:end]`` as matches (offsets into ``text``).

    Example:
        >>> [m.group(0) for m in sentences("Jets hit Ariha. Two died.")]
        ['Jets hit Ariha.', ' Two died.']
    """
    return SENTENCE_RE.finditer(text, start, len(text) if end is None else end)


# A number of more digits than any reported toll is an identifier or junk, never a count.
# Kinds of Token.
WORD, NUM, PUNCT, OTHER = 0, 1, 2, 3

TOKEN_RE = re.compile(
    r"(?P<num>\d+(?:[,.]\d+)*)(?P<suffix>[^\W\d_]+|-[^\W\d_]+(?:-[^\W\d_]+)*)?"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+(?:['’][^\W\d_]+)*)*)"
    r"|(?P<punct>[^\w\s])"
    r"|(?P<other>\w+)"
)

MAX_COUNT_DIGITS = 7

THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


@dataclass(frozen=True, slots=True)
class Token:
    """A plain-text token: its text, lower-cased form, offsets, kind and (a number) value."""

    text: str
    low: str
    start: int
    end: int
    kind: int
    value: int | None = None


def tokenize(text: str) -> list[Token]:
    """Words (hyphenated kept whole), integers ("1,200"), punctuation; "5km"/"3rd"/"1990s"
    and "12-year-old" are single non-number tokens.

    Example:
        >>> [(t.text, t.kind, t.value) for t in tokenize("1,200 fled")]
        [('1,200', 1, 1200), ('fled', 0, None)]
    """
    tokens: list[Token] = []
    for m in TOKEN_RE.finditer(text):
        s = m.group(0)
        if m.group("num") is not None:
            if m.group("suffix"):
                tokens.append(Token(s, s.lower(), m.start(), m.end(), OTHER))
                continue
            digits = m.group("num")
            plain = digits.replace(",", "")
            # more digits than any reported toll: an identifier or junk, never a count
            value = (
                int(plain)
                if THOUSANDS_RE.fullmatch(digits) and len(plain) <= MAX_COUNT_DIGITS
                else None
            )
            kind = NUM if value is not None else OTHER
            tokens.append(Token(s, s, m.start(), m.end(), kind, value))
        elif m.group("word") is not None:
            low = s.lower().replace("’", "'")
            tokens.append(Token(s, low, m.start(), m.end(), WORD))
        elif m.group("punct") is not None:
            tokens.append(Token(s, s, m.start(), m.end(), PUNCT))
        else:
            tokens.append(Token(s, s.lower(), m.start(), m.end(), OTHER))
    return tokens


def phrase_alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of word phrases: longest first (so "air strike" is tried before
    "air"), then alphabetical, each phrase escaped and its spaces matching any whitespace.

    Example:
        >>> phrase_alternation(["air", "air strike"])
        'air\\s+strike|air'
    """
    ordered = sorted(set(phrases), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in ordered)


def split_words(text: str) -> list[str]:
    """The words of ``text``: runs of letters and digits (``WORD_RE``), case kept.

    Example:
        >>> split_words("Tell Hamra's area, 2nd")
        ['Tell', 'Hamra', 's', 'area', '2nd']
    """
    return WORD_RE.findall(text)
