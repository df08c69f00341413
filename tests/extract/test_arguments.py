"""Tests for conflictcoder/extract/arguments.py with invented actor and place spotters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Span

from conflictcoder.errors import OntologyError
from conflictcoder.extract import load_discourse
from conflictcoder.extract.arguments import ArgumentFinder, Roles, load_place_cues
from conflictcoder.model import Actor, PlaceRef

STATE = Actor("Military Forces of Syria (2000-)", 1, "Syria")
REBELS = Actor("Opposition Rebels (Syria)", 2, "Syria")
ISLAMISTS = Actor("HTS: Hayat Tahrir al-Sham", 2, "Syria")
FACTION = Actor("Hamza Division", 2, "Syria")
OPERATION = Actor("Operation Peace Spring", 8, "Turkey")
SDF = Actor("SDF: Syrian Democratic Forces", 2, "Syria")
TURKEY = Actor("Military Forces of Turkey (2016-)", 8, "Turkey")
RUSSIA = Actor("Military Forces of Russia (2000-)", 8, "Russia")
CIVILIANS = Actor("Civilians (Syria)", 7, "Syria")

ALIASES = {
    "regime forces": STATE,
    "regime": STATE,
    "rebels": REBELS,
    "rebel": REBELS,
    "HTS": ISLAMISTS,
    "Hamza Division": FACTION,
    "Operation Peace Spring": OPERATION,
    "the SDF": SDF,
    "Turkish forces": TURKEY,
    "Russian warplanes": RUSSIA,
    "civilians": CIVILIANS,
}
TOWNS = ["Kafr Ruma", "Maarzaf", "Ariha", "Jisr al-Shughur", "Saraqib", "Tal Tamr", "Atareb"]
PROVINCES = ["Idlib", "Hama"]
COUNTRIES = ["Syria", "Turkey"]


def _words(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class FakeHit:
    start: int
    end: int
    text: str
    actor: Actor
    generic: bool = False


class FakeActors:
    """Finds the aliases above, longest first, without overlaps."""

    def find(self, text: str, *, country: str | None = None) -> list[FakeHit]:
        hits: list[FakeHit] = []
        for alias in sorted(ALIASES, key=len, reverse=True):
            for m in _words(alias).finditer(text):
                if not any(h.start < m.end() and m.start() < h.end for h in hits):
                    hits.append(FakeHit(m.start(), m.end(), m.group(0), ALIASES[alias]))
        return sorted(hits, key=lambda h: h.start)


class FakePlaces:
    """Finds the towns, provinces and countries above (case-sensitive, as a gazetteer)."""

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        found = []
        for name in TOWNS + PROVINCES + COUNTRIES:
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                found.append((m.start(), m.end(), name))
        return found

    def country(self, name: str) -> tuple[str, str] | None:
        return (name, name[:2].upper()) if name in COUNTRIES else None


@pytest.fixture(scope="module")
def finder() -> ArgumentFinder:
    return ArgumentFinder(FakeActors(), FakePlaces(), membership=load_discourse().membership)


def _sent(nlp: Language, text: str) -> Span:
    return next(nlp(text).sents)


def _trigger(sent: Span, word: str) -> Span:
    start = sent.text.index(word) + sent.start_char
    span = sent.doc.char_span(start, start + len(word))
    assert span is not None
    return span


def _places(
    finder: ArgumentFinder, nlp: Language, text: str, trigger: str, **kwargs: object
) -> list[PlaceRef]:
    sent = _sent(nlp, text)
    return finder.places(sent, _trigger(sent, trigger), **kwargs)  # type: ignore[arg-type]


def _roles(
    finder: ArgumentFinder, nlp: Language, text: str, trigger: str, *, battle: bool = False
) -> Roles:
    sent = _sent(nlp, text)
    return finder.actors(sent, _trigger(sent, trigger), battle=battle)


# ------------------------------------------------------------------ places


def test_place_after_a_settlement_cue(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Government forces shelled the town of Kafr Ruma on Sunday."
    refs = _places(finder, nlp, text, "shelled")
    assert [(r.name, r.kind, r.qualifier, r.container) for r in refs] == [
        ("Kafr Ruma", "town", None, None)
    ]
    assert text[refs[0].start : refs[0].end] == "Kafr Ruma"


def test_including_a_and_b_gives_both(finder: ArgumentFinder, nlp: Language) -> None:
    text = (
        "Regime helicopters dropped barrel bombs on several villages, including Maarzaf and Ariha."
    )
    assert [r.name for r in _places(finder, nlp, text, "barrel bombs")] == ["Maarzaf", "Ariha"]


def test_coordinated_list_of_towns(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Warplanes pounded Ariha, Maarzaf and Saraqib overnight."
    assert [r.name for r in _places(finder, nlp, text, "pounded")] == [
        "Ariha",
        "Maarzaf",
        "Saraqib",
    ]


def test_names_only_cued_by_grammar_are_found(finder: ArgumentFinder, nlp: Language) -> None:
    # "Khirbet Nasr" is in no gazetteer here: "the village of" is the cue
    text = "Regime artillery shelled the village of Khirbet Nasr before dawn."
    assert [(r.name, r.kind) for r in _places(finder, nlp, text, "shelled")] == [
        ("Khirbet Nasr", "village")
    ]


def test_preposition_after_a_name_is_not_part_of_it(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Regime forces shelled the town of Saraqib at dawn on Monday."
    assert [r.name for r in _places(finder, nlp, text, "shelled")] == ["Saraqib"]


def test_container_after_the_town(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Russian warplanes struck Saraqib in eastern Idlib province on Monday."
    refs = _places(finder, nlp, text, "struck")
    assert [(r.name, r.container, r.kind) for r in refs] == [("Saraqib", "Idlib", None)]


def test_in_the_province_is_the_last_province_named(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Rebels shelled the village of Maarzaf in the province."
    refs = _places(finder, nlp, text, "shelled", last_province="Hama")
    assert [(r.name, r.container) for r in refs] == [("Maarzaf", "Hama")]
    assert _places(finder, nlp, text, "shelled")[0].container is None


def test_province_phrase_before_the_towns_is_the_fallback(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = "Jets bombed several towns in the province, including Maarzaf and Ariha."
    refs = _places(finder, nlp, text, "bombed", last_province="Idlib")
    assert [(r.name, r.container) for r in refs] == [("Maarzaf", "Idlib"), ("Ariha", "Idlib")]


def test_province_alone_is_returned_as_a_region(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Regime forces shelled rebel-held towns in Idlib province."
    refs = _places(finder, nlp, text, "shelled")
    assert [(r.name, r.kind, r.container) for r in refs] == [("Idlib", "province", None)]


@pytest.mark.parametrize(
    ("text", "name", "qualifier", "direction", "kind"),
    [
        ("Shelling hit the outskirts of Ariha.", "Ariha", "outskirts", None, None),
        ("Shelling hit the edge of Ariha.", "Ariha", "outskirts", None, None),
        ("Shelling hit positions near Atareb.", "Atareb", "near", None, None),
        ("Shelling hit farms close to Ariha.", "Ariha", "near", None, None),
        ("Shelling hit the countryside of Hama.", "Hama", "countryside", None, "province"),
        (
            "Shelling hit the southern countryside of Hama.",
            "Hama",
            "countryside",
            "southern",
            "province",
        ),
    ],
)
def test_qualifiers(
    finder: ArgumentFinder,
    nlp: Language,
    text: str,
    name: str,
    qualifier: str,
    direction: str | None,
    kind: str | None,
) -> None:
    refs = _places(finder, nlp, text, "Shelling")
    assert [(r.name, r.qualifier, r.direction, r.kind) for r in refs] == [
        (name, qualifier, direction, kind)
    ]


def test_near_the_town_of(finder: ArgumentFinder, nlp: Language) -> None:
    refs = _places(finder, nlp, "Shells landed near the town of Ariha.", "Shells")
    assert [(r.name, r.qualifier, r.kind) for r in refs] == [("Ariha", "near", "town")]


def test_origin_of_fire_is_not_the_event_place(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Regime forces shelled Maarzaf from positions in Jisr al-Shughur."
    assert [r.name for r in _places(finder, nlp, text, "shelled")] == ["Maarzaf"]


def test_countries_and_weekdays_are_not_places(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Russian warplanes bombed a market in Syria on Monday."
    assert _places(finder, nlp, text, "bombed") == []


def test_the_first_town_after_the_trigger_is_the_event_place(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = "Residents of Ariha said jets bombed Maarzaf on Monday."
    assert [r.name for r in _places(finder, nlp, text, "bombed")] == ["Maarzaf"]


def test_excluded_and_actor_spans_hide_places(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Jets bombed Maarzaf and Ariha on Monday."
    sent = _sent(nlp, text)
    trigger = _trigger(sent, "bombed")
    start = text.index("Maarzaf")
    assert [r.name for r in finder.places(sent, trigger, excluded=[(start, start + 7)])] == [
        "Ariha"
    ]
    start = text.index("Ariha")
    assert [r.name for r in finder.places(sent, trigger, actor_spans=[(start, start + 5)])] == [
        "Maarzaf"
    ]


def test_province_names_of_a_sentence(finder: ArgumentFinder, nlp: Language) -> None:
    sent = _sent(nlp, "Jets struck Saraqib in Idlib province and Morek in Hama province.")
    assert finder.province_names(sent) == ["Idlib", "Hama"]


# ------------------------------------------------------------------ actors


def test_subject_is_actor1_and_object_actor2(finder: ArgumentFinder, nlp: Language) -> None:
    roles = _roles(finder, nlp, "Rebels attacked regime forces near Atareb.", "attacked")
    assert (roles.actor1, roles.actor1_inter, roles.actor2, roles.actor2_inter) == (
        "Rebels",
        2,
        "regime forces",
        1,
    )


def test_passive_victims_are_actor2(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Three civilians were killed by regime forces in Ariha."
    roles = _roles(finder, nlp, text, "killed")
    assert (roles.actor1, roles.actor2, roles.actor2_inter) == ("regime forces", "civilians", 7)


def test_civilians_are_never_the_initiator(finder: ArgumentFinder, nlp: Language) -> None:
    roles = _roles(finder, nlp, "Regime forces killed three civilians in Ariha.", "killed")
    assert (roles.actor1, roles.actor2) == ("Regime forces", "civilians")


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        ("Clashes erupted between HTS and regime forces near Saraqib.", "HTS", "regime forces"),
        ("Clashes erupted between regime forces and HTS near Saraqib.", "regime forces", "HTS"),
    ],
)
def test_clashes_between_x_and_y_keep_the_order(
    finder: ArgumentFinder, nlp: Language, text: str, actor1: str, actor2: str
) -> None:
    roles = _roles(finder, nlp, text, "Clashes", battle=True)
    assert (roles.actor1, roles.actor2) == (actor1, actor2)
    assert finder.between_pair(_sent(nlp, text)) == (actor1, actor2)


def test_no_between_pair_without_between(finder: ArgumentFinder, nlp: Language) -> None:
    assert finder.between_pair(_sent(nlp, "HTS and regime forces clashed near Saraqib.")) is None


def test_faction_operating_as_part_of_an_operation_is_folded(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = (
        "Hamza Division fighters operating as part of Operation Peace Spring attacked "
        "the SDF near Tal Tamr."
    )
    roles = _roles(finder, nlp, text, "attacked")
    assert roles.actor1 == "Operation Peace Spring"
    assert roles.actor1_inter == 8
    assert roles.assoc1 == ["Hamza Division"]
    assert roles.actor2 == "the SDF"


def test_allies_named_together_are_associated(finder: ArgumentFinder, nlp: Language) -> None:
    roles = _roles(finder, nlp, "Turkish forces and Hamza Division shelled Tal Tamr.", "shelled")
    assert roles.actor1 == "Turkish forces"
    assert roles.assoc1 == ["Hamza Division"]
    assert roles.actor2 is None


def test_holder_of_ground_is_the_opponent_only_in_battles(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = "Regime forces shelled rebel-held Atareb."
    shelling = _roles(finder, nlp, text, "shelled", battle=False)
    assert (shelling.actor1, shelling.actor2) == ("Regime forces", None)
    battle = _roles(finder, nlp, text, "shelled", battle=True)
    assert (battle.actor1, battle.actor2, battle.actor2_inter) == ("Regime forces", "rebel", 2)


def test_excluded_source_span_hides_actors(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Regime forces shelled Ariha, the SDF said."
    sent = _sent(nlp, text)
    start = text.index("the SDF")
    roles = finder.actors(sent, _trigger(sent, "shelled"), excluded=[(start, len(text) - 1)])
    assert (roles.actor1, roles.actor2, roles.assoc1) == ("Regime forces", None, [])


# ------------------------------------------------------------------ the cue file


def test_place_cues_load() -> None:
    cues = load_place_cues()
    assert "province" in cues.province_nouns
    assert cues.directions["east"] == "eastern"
    assert "from" in cues.origin_prepositions


def test_place_cue_list_must_be_a_list(tmp_path: Path) -> None:
    path = tmp_path / "places.yaml"
    path.write_text("settlement_nouns: town\nprovince_nouns: [province]\n", encoding="utf-8")
    with pytest.raises(OntologyError) as info:
        load_place_cues(path)
    assert str(info.value) == f"{path}: 'settlement_nouns' must be a list of words"


def test_place_cue_file_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "places.yaml"
    path.write_text("- town\n", encoding="utf-8")
    with pytest.raises(OntologyError) as info:
        load_place_cues(path)
    assert str(info.value) == f"{path}: places file must be a mapping of cue lists"
