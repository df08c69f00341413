"""Tests for conflictcoder/extract/place_spans.py: names with a country word inside, and the
dateline's place, with an invented place spotter."""

from __future__ import annotations

import re

import pytest
from spacy.language import Language
from spacy.tokens import Span

from conflictcoder.extract.arguments import ArgumentFinder
from conflictcoder.model import PlaceRef

# names the invented gazetteer holds whole; "Sudan" and "Mali" are countries
PLACES = ["Port Sudan", "PORT SUDAN", "Mali Kanda", "Kassala"]
COUNTRIES = ["Sudan", "Mali"]


class NoActors:
    def find(self, text: str, *, country: str | None = None) -> list[object]:
        return []


class FakePlaces:
    """Longest known name first, no overlaps (as the gazetteer's spotter)."""

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        found: list[tuple[int, int, str]] = []
        for name in sorted(PLACES + COUNTRIES, key=len, reverse=True):
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                if not any(s < m.end() and m.start() < e for s, e, _ in found):
                    found.append((m.start(), m.end(), name))
        return sorted(found)

    def country(self, name: str) -> tuple[str, str] | None:
        return (name, name[:2].upper()) if name in COUNTRIES else None

    def ignored(self, name: str) -> bool:
        return False


@pytest.fixture(scope="module")
def finder() -> ArgumentFinder:
    return ArgumentFinder(NoActors(), FakePlaces())  # type: ignore[arg-type]


def _places(finder: ArgumentFinder, nlp: Language, text: str, trigger: str) -> list[PlaceRef]:
    sent: Span = next(nlp(text).sents)
    start = sent.text.index(trigger) + sent.start_char
    span = sent.doc.char_span(start, start + len(trigger))
    assert span is not None
    return finder.places(sent, span)


def test_a_known_name_ending_in_a_country_is_not_cut(finder: ArgumentFinder, nlp: Language) -> None:
    refs = _places(finder, nlp, "Drones struck an air base in Port Sudan on Tuesday.", "struck")
    assert [r.name for r in refs] == ["Port Sudan"]


def test_a_known_name_opening_with_a_country_is_not_cut(
    finder: ArgumentFinder, nlp: Language
) -> None:
    refs = _places(finder, nlp, "Gunmen attacked Mali Kanda at dawn on Sunday.", "attacked")
    assert [r.name for r in refs] == ["Mali Kanda"]


def test_a_country_before_an_unknown_name_is_still_cut(
    finder: ArgumentFinder, nlp: Language
) -> None:
    refs = _places(finder, nlp, "Gunmen attacked Sudan's Kassala on Sunday.", "attacked")
    assert [r.name for r in refs] == ["Kassala"]


def test_the_dateline_place_is_not_the_event_place(finder: ArgumentFinder, nlp: Language) -> None:
    text = "PORT SUDAN, Sudan (AP) - Gunmen attacked a market in Kassala on Monday."
    refs = _places(finder, nlp, text, "attacked")
    assert [r.name for r in refs] == ["Kassala"]


def test_a_dateline_alone_gives_no_event_place(finder: ArgumentFinder, nlp: Language) -> None:
    # the resolver falls back on the focus, where the dateline's province comes last
    text = "PORT SUDAN, May 3 (Reuters) - Gunmen killed five soldiers in an ambush on Sunday."
    assert _places(finder, nlp, text, "killed") == []
