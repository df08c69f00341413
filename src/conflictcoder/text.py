"""The text layer every stage shares: paragraphs and the plain-text sentence split.

Stages that work before or without a spaCy ``Doc`` (the sentence gate, the resolvers that
read a sentence string) split text here, so that a paragraph or a sentence means the same
thing everywhere. Offsets are always offsets into the text given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Paragraph", "SENTENCE_RE", "WORD_RE", "sentences", "split_paragraphs"]

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
