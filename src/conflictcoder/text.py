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
    "word_tokens",
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


# A token of ``word_tokens``: a word (hyphens and apostrophes inside it kept), a number of
# at most one "," or "." part, or one punctuation mark.
WORD_TOKEN_RE = re.compile(
    r"(?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)|(?P<num>\d+(?:[.,]\d+)?)|(?P<punct>[^\w\s])"
)


def word_tokens(text: str) -> list[Token]:
    """Words, numbers and punctuation marks, where (unlike ``tokenize``) a number takes no
    suffix ("5km": "5", "km"; "12-year-old": "12", "-", "year-old") and at most one "," or
    "." part ("12.03.2024": "12.03", ".", "2024"), and underscores are no token: the words
    after a place name as the place resolver reads them.

    Example:
        >>> [t.text for t in word_tokens("Ariha, 5km south-west of Idlib's")]
        ['Ariha', ',', '5', 'km', 'south-west', 'of', "Idlib's"]
    """
    tokens: list[Token] = []
    for m in WORD_TOKEN_RE.finditer(text):
        s = m.group(0)
        if m.group("word") is not None:
            tokens.append(Token(s, s.lower().replace("’", "'"), m.start(), m.end(), WORD))
        elif m.group("num") is not None:
            plain = s.replace(",", "")
            value = (
                int(plain) if THOUSANDS_RE.fullmatch(s) and len(plain) <= MAX_COUNT_DIGITS else None
            )
            kind = NUM if value is not None else OTHER
            tokens.append(Token(s, s, m.start(), m.end(), kind, value))
        else:
            tokens.append(Token(s, s, m.start(), m.end(), PUNCT))
    return tokens


def phrase_alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of word phrases: longest first (so "air strike" is tried before
    "air"), then alphabetical, each phrase escaped and its spaces matching any whitespace.

    Example:
        >>> print(phrase_alternation(["air", "air strike"]))
        air\\s+strike|air
    """
    ordered = sorted(set(phrases), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in ordered)


# A word as proper names are written: letters with inner hyphens or apostrophes of any kind
# (Deir-ez-Zor, Ma‘arrat, Ma'arrat), or an abbreviation with dots (U.S.); digits and every
# other mark separate words.
NAME_WORD_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:[-'’‘ʿʾ`][^\W\d_]+)*")
_POSSESSIVES = ("'s", "’s")


def name_words(text: str) -> list[Token]:
    """The words of ``text`` as place and person names are written (see ``NAME_WORD_RE``),
    each a ``WORD`` token whose ``low`` is its lower case; a trailing possessive "'s" is not
    part of the word.

    Example:
        >>> [(t.text, t.start, t.end) for t in name_words("Jisr ash-Shughur's U.S. base")]
        [('Jisr', 0, 4), ('ash-Shughur', 5, 16), ('U.S.', 19, 23), ('base', 24, 28)]
    """
    tokens: list[Token] = []
    for match in NAME_WORD_RE.finditer(text):
        start, end, word = match.start(), match.end(), match.group()
        for suffix in _POSSESSIVES:
            if word.endswith(suffix) and len(word) > len(suffix):
                end -= len(suffix)
                word = word[: -len(suffix)]
        tokens.append(Token(word, word.lower(), start, end, WORD))
    return tokens


def split_words(text: str) -> list[str]:
    """The words of ``text``: runs of letters and digits (``WORD_RE``), case kept.

    Example:
        >>> split_words("Tell Hamra's area, 2nd")
        ['Tell', 'Hamra', 's', 'area', '2nd']
    """
    return WORD_RE.findall(text)
