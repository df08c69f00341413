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


# ---------------------------------------------------------------- words that are no place
# "Bremen", "Council", "Christian", "Drone" and "Harlan" stand in for gazetteer names that
# are also words of an organisation's, a people's or a person's name, or a common noun.
PLACES.extend(["Bremen", "Harlan", "Drone", "Organisation", "Christian", "Tell Harlan"])


def test_a_word_of_an_organisation_name_is_no_place(finder: ArgumentFinder, nlp: Language) -> None:
    refs = _places(
        finder,
        nlp,
        "The attack was confirmed by the Organisation for the Ban of Nerve Gases on Monday.",
        "attack",
    )
    assert refs == []


def test_a_name_before_a_council_is_a_body_not_a_place(
    finder: ArgumentFinder, nlp: Language
) -> None:
    refs = _places(finder, nlp, "The shelling was condemned by the Bremen Council.", "shelling")
    assert refs == []


def test_faith_and_people_words_alone_are_no_place(finder: ArgumentFinder, nlp: Language) -> None:
    refs = _places(finder, nlp, "Militants raided Assyrian Christian villages on Monday.", "raided")
    assert refs == []


def test_a_surname_after_a_title_and_first_name_is_no_place(
    finder: ArgumentFinder, nlp: Language
) -> None:
    refs = _places(
        finder, nlp, "Ambassador Peter Harlan said the strike killed nine people.", "strike"
    )
    assert refs == []


def test_a_sentence_opening_common_noun_is_no_place(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Drone strikes killed four people, witnesses said. Another drone was seen later."
    refs = _places(finder, nlp, text, "strikes")
    assert refs == []


def test_a_known_name_with_a_joined_part_still_counts(
    finder: ArgumentFinder, nlp: Language
) -> None:
    refs = _places(finder, nlp, "Shells hit Tell Harlan on Monday.", "hit")
    assert [r.name for r in refs] == ["Tell Harlan"]


def test_a_name_opened_by_a_title_is_a_person(finder: ArgumentFinder, nlp: Language) -> None:
    refs = _places(
        finder, nlp, "An air strike hit the house of Hajj Omar Tannous near Kassala.", "strike"
    )
    assert [r.name for r in refs] == ["Kassala"]
