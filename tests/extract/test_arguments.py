"""Tests for conflictcoder/extract/arguments.py with invented actor and place spotters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Span

from conflictcoder.errors import OntologyError
from conflictcoder.extract import DISCOURSE
from conflictcoder.extract.arguments import (
    ACTOR_CUE_FILE,
    PLACE_CUE_FILE,
    ArgumentFinder,
    Roles,
)
from conflictcoder.model import Actor, PlaceRef
from conflictcoder.resolve.actors import ActorResolver

STATE = Actor("Military Forces of Syria (2000-)", 1, "Syria")
REBELS = Actor("Opposition Rebels (Syria)", 2, "Syria")
ISLAMISTS = Actor("HTS: Hayat Tahrir al-Sham", 2, "Syria")
FACTION = Actor("Hamza Division", 2, "Syria")
OPERATION = Actor("Operation Peace Spring", 8, "Turkey")
SDF = Actor("SDF: Syrian Democratic Forces", 2, "Syria")
TURKEY = Actor("Military Forces of Turkey (2016-)", 8, "Turkey")
RUSSIA = Actor("Military Forces of Russia (2000-)", 8, "Russia")
CIVILIANS = Actor("Civilians (Syria)", 7, "Syria")
AIR_FORCE = Actor("Military Forces of Syria (2000-) Syrian Arab Air Force", 1, "Syria")
MILITIAS = Actor("Militia (Pro-Government)", 3, None)
JIHADISTS = Actor("Islamist Militia (Syria)", 3, "Syria")

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
    "regime warplanes": AIR_FORCE,
    "pro-regime militias": MILITIAS,
    "Islamist factions": JIHADISTS,
}
TOWNS = ["Kafr Ruma", "Maarzaf", "Ariha", "Jisr al-Shughur", "Saraqib", "Tal Tamr", "Atareb"]
PROVINCES = ["Idlib", "Hama"]
COUNTRIES = ["Syria", "Turkey"]
IGNORED = ["Artillery", "Wed"]  # stop words of the gazetteer's stop list


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

    def ignored(self, name: str) -> bool:
        return name in IGNORED or name.split()[0] in ("President", "Mr")


@pytest.fixture(scope="module")
def finder() -> ArgumentFinder:
    return ArgumentFinder(FakeActors(), FakePlaces(), membership=DISCOURSE.packaged().membership)


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


@pytest.mark.parametrize("verb", ["captured", "seized", "stormed", "recaptured", "raided"])
def test_a_capture_verb_cues_an_unknown_village(
    finder: ArgumentFinder, nlp: Language, verb: str
) -> None:
    # "Kafr Zeitoun" is in no gazetteer here: only the verb says it is a place
    text = f"Regime forces {verb} Kafr Zeitoun in the countryside of Hama on Monday."
    refs = _places(finder, nlp, text, verb)
    assert [r.name for r in refs] == ["Kafr Zeitoun"]


def test_a_place_that_locates_another_is_not_an_event_place(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = "Jets shelled Tal Zorba village in the western countryside of Ariha in Idlib."
    assert [r.name for r in _places(finder, nlp, text, "shelled")] == ["Tal Zorba"]
    text = "Jets shelled the countryside of Ariha in Idlib."
    refs = _places(finder, nlp, text, "shelled")
    assert [(r.name, r.qualifier) for r in refs] == [("Ariha", "countryside")]
    # a list is no location: both towns are places of the event
    text = "Jets shelled Ariha and Maarzaf."
    assert [r.name for r in _places(finder, nlp, text, "shelled")] == ["Ariha", "Maarzaf"]


def test_numbers_inside_a_name(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Jets struck Regiment 46 and the Brigade 80 base near Aleppo."
    assert [r.name for r in _places(finder, nlp, text, "struck")][:1] == ["Regiment 46"]
    text = "Jets struck Maarzaf 3 civilians were killed."  # a count, not a part of the name
    assert [r.name for r in _places(finder, nlp, text, "struck")] == ["Maarzaf"]
    # a number before a place word belongs to the name
    text = "Guards detained two men at the Brigade 80 checkpoint on Monday."
    assert [r.name for r in _places(finder, nlp, text, "detained")] == ["Brigade 80"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a country at either end of a name is not part of it
        ("Jets struck the Syrias Kafr Zeitoun district on Monday.", ["Kafr Zeitoun"]),
        ("Jets struck Syria's Kafr Zeitoun district on Monday.", ["Kafr Zeitoun"]),
        ("Jets struck Kafr Zeitoun Syria on Monday.", ["Kafr Zeitoun"]),
        ("Jets struck in Syrias north on Monday.", []),
        # the gazetteer's stop words and people's names are no places, however cued
        ("Artillery struck on Wed in Maarzaf.", ["Maarzaf"]),
        ("Jets struck near President Zarzour Hadi and in Maarzaf.", ["Maarzaf"]),
    ],
)
def test_country_words_and_ignored_names_are_left_out(
    finder: ArgumentFinder, nlp: Language, text: str, names: list[str]
) -> None:
    assert [r.name for r in _places(finder, nlp, text, "struck")] == names


@pytest.mark.parametrize("unit", ["brigade", "Brigade", "Battalion", "militia"])
def test_a_name_before_a_unit_word_names_the_unit_not_a_place(
    finder: ArgumentFinder, nlp: Language, unit: str
) -> None:
    text = f"A bomb exploded at the base of the Zarzour {unit} in Maarzaf on Monday."
    assert [r.name for r in _places(finder, nlp, text, "exploded")] == ["Maarzaf"]


@pytest.mark.parametrize(
    "text",
    [
        "Jets struck the Ariha family home in Maarzaf on Monday.",
        "Jets struck a house of the Abu Ariha family in Maarzaf on Monday.",
        "Jets struck the home of Ariha's family in Maarzaf on Monday.",
        "Jets struck the houses of the Ariha families in Maarzaf on Monday.",
    ],
)
def test_a_name_before_a_family_word_names_the_family_not_a_place(
    finder: ArgumentFinder, nlp: Language, text: str
) -> None:
    assert [r.name for r in _places(finder, nlp, text, "struck")] == ["Maarzaf"]


@pytest.mark.parametrize(
    "text",
    [
        "Jets struck the house where his daughter Ariha lived in Maarzaf on Monday.",
        "Jets struck the car of Yasser Ariha Haddad in Maarzaf on Monday.",
        "Jets struck the house of Abu Zarzour and Abu in Maarzaf on Monday.",
    ],
)
def test_a_person_s_name_is_not_a_place(finder: ArgumentFinder, nlp: Language, text: str) -> None:
    assert "Ariha" not in [r.name for r in _places(finder, nlp, text, "struck")]
    assert "Abu" not in [r.name for r in _places(finder, nlp, text, "struck")]


def test_capitalised_place_word_continues_a_name(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Guards were shot in Zarzour Camp on Monday."
    assert [r.name for r in _places(finder, nlp, text, "shot")] == ["Zarzour Camp"]
    text = "Guards were shot in Zarzour camp on Monday."
    assert [(r.name, r.kind) for r in _places(finder, nlp, text, "shot")] == [("Zarzour", "camp")]


@pytest.mark.parametrize(
    ("text", "qualifier", "kind"),
    [
        ("Clashes erupted in the vicinity of the town of Zarzour.", "near", "town"),
        ("Gunmen fired on a car on the road to Ariha.", "near", None),
        ("Clashes erupted on the Zarzour front.", None, "front"),
    ],
)
def test_words_that_put_the_event_near_a_town(
    finder: ArgumentFinder, nlp: Language, text: str, qualifier: str | None, kind: str | None
) -> None:
    trigger = "Clashes" if text.startswith("Clashes") else "fired"
    name = "Ariha" if "Ariha" in text else "Zarzour"
    refs = _places(finder, nlp, text, trigger)
    assert [(r.name, r.qualifier, r.kind) for r in refs] == [(name, qualifier, kind)]


def test_acronyms_are_no_place_names(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Regime forces shelled an IDP camp near Ariha."
    assert [r.name for r in _places(finder, nlp, text, "shelled")] == ["Ariha"]


def test_a_name_may_begin_with_its_article(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Regime forces shelled al-Zorba village using rockets."
    assert [r.name for r in _places(finder, nlp, text, "shelled")] == ["al-Zorba"]


def test_a_crossing_passed_through_is_a_place(finder: ArgumentFinder, nlp: Language) -> None:
    text = "A convoy of trucks entered the country via Bab Zorba crossing on Monday."
    assert [r.name for r in _places(finder, nlp, text, "convoy")] == ["Bab Zorba"]


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


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Gunmen from Ariha attacked the town of Saraqib, killing two regime forces.", "attacked"),
        ("Unknown attackers stormed a checkpoint near Atareb, wounding four rebels.", "stormed"),
        ("Masked men raided the village of Maarzaf on Monday, abducting three rebels.", "raided"),
    ],
)
def test_the_object_of_a_verb_of_harm_is_a_victim(
    finder: ArgumentFinder, nlp: Language, text: str, trigger: str
) -> None:
    # the only named actor is harmed: it is the target, never the attacker
    roles = _roles(finder, nlp, text, trigger)
    assert roles.actor1 is None and roles.actor2 is not None


def test_a_harmed_object_leaves_the_subject_as_actor1(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = "HTS attacked the town of Saraqib on Tuesday, killing five regime forces."
    roles = _roles(finder, nlp, text, "attacked")
    assert (roles.actor1, roles.actor2) == ("HTS", "regime forces")


def test_a_name_that_qualifies_the_target_is_the_target(
    finder: ArgumentFinder, nlp: Language
) -> None:
    # the attacker is no known actor: the one named is the target all the same
    text = "Unknown attackers fired rockets at the regime airbase near Saraqib."
    roles = _roles(finder, nlp, text, "fired")
    assert (roles.actor1, roles.actor2) == (None, "regime")
    text = "Turkish forces launched missiles at a regime airfield near Saraqib."
    roles = _roles(finder, nlp, text, "launched")
    assert (roles.actor1, roles.actor2) == ("Turkish forces", "regime")
    # a place that is no military target leaves the name its own part
    text = "A detainee died under torture at a regime prison near Saraqib."
    roles = _roles(finder, nlp, text, "torture")
    assert (roles.actor1, roles.actor2) == ("regime", None)


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


@pytest.mark.parametrize(
    ("text", "trigger", "directed"),
    [
        ("Rebels stormed regime forces positions near Atareb on Sunday.", "stormed", True),
        (
            "Fighting flared near Atareb, where rebels launched an offensive on regime forces.",
            "Fighting",
            True,
        ),
        (
            "Heavy fighting followed an assault by rebels on regime forces near Atareb.",
            "fighting",
            True,
        ),
        # an infinitive of purpose has the subject of the verb it serves: breaking a siege
        # is an assault
        (
            "Fighting rocked Ariha on Monday as rebels battled to break the siege of the town"
            " by regime forces.",
            "Fighting",
            True,
        ),
        ("Rebels clashed with regime forces near Atareb on Sunday.", "clashed", False),
        ("A rebel sniper killed two regime forces near Atareb on Sunday.", "killed", False),
        ("Rebels repelled an assault by regime forces near Atareb on Sunday.", "repelled", False),
    ],
)
def test_the_agent_of_an_assault_is_directed(
    finder: ArgumentFinder, nlp: Language, text: str, trigger: str, directed: bool
) -> None:
    # the agent of an assault word (actor_roles.yaml assault_words) leads whoever it is; a
    # clash, a killing or a repelled assault by the other side tells no such agent
    roles = _roles(finder, nlp, text, trigger, battle=True)
    assert roles.actor1 is not None and roles.actor1.lower().startswith("rebel")
    assert roles.directed is directed


@pytest.mark.parametrize(
    ("text", "trigger", "actor1"),
    [
        # no actor is the subject of the trigger's verb: the "by" phrase of the noun names
        # the agent, ahead of an actor told earlier in the sentence
        (
            "After regime warplanes circled Ariha, the barrage was a reply to rocket attacks"
            " by rebels on Saraqib.",
            "rocket",
            "rebels",
        ),
        # the subject of a clause a copula says of the trigger did not carry it out
        (
            "The rocket attack on Saraqib was revenge for what regime forces had done to Ariha.",
            "rocket",
            None,
        ),
        # a clause of time keeps its subject
        (
            "Clashes erupted near Saraqib after regime forces seized parts of the road.",
            "Clashes",
            "regime forces",
        ),
    ],
)
def test_the_agent_of_a_trigger_noun(
    finder: ArgumentFinder, nlp: Language, text: str, trigger: str, actor1: str | None
) -> None:
    assert _roles(finder, nlp, text, trigger, battle=True).actor1 == actor1


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
    roles = _roles(finder, nlp, "Russian warplanes and Turkish forces shelled Tal Tamr.", "shelled")
    assert roles.actor1 == "Russian warplanes"
    assert roles.assoc1 == ["Turkish forces"]
    assert roles.actor2 is None


def test_foreign_forces_with_a_local_group_are_its_associated_actor(
    finder: ArgumentFinder, nlp: Language
) -> None:
    # ACLED: the local actor is actor1, the foreign forces fighting beside it assoc_actor_1
    roles = _roles(finder, nlp, "Turkish forces and Hamza Division shelled Tal Tamr.", "shelled")
    assert (roles.actor1, roles.actor1_inter) == ("Hamza Division", 2)
    assert roles.assoc1 == ["Turkish forces"]
    assert roles.actor2 is None


def test_the_country_s_state_forces_come_before_foreign_allies(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = "Russian warplanes and regime forces pounded Ariha on Monday."
    roles = _roles(finder, nlp, text, "pounded")
    assert (roles.actor1, roles.assoc1, roles.actor2) == (
        "regime forces",
        ["Russian warplanes"],
        None,
    )


def test_a_unit_acting_with_its_parent_force_is_associated(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = "Regime warplanes and regime forces pounded Ariha on Monday."
    roles = _roles(finder, nlp, text, "pounded")
    assert (roles.actor1, roles.assoc1) == ("regime forces", ["Regime warplanes"])


def test_state_forces_named_after_amid_act_beside_the_initiator(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = "Russian warplanes carried out airstrikes on Ariha amid regime forces shelling the town."
    roles = _roles(finder, nlp, text, "airstrikes")
    assert (roles.actor1, roles.assoc1, roles.actor2) == (
        "regime forces",
        ["Russian warplanes"],
        None,
    )


def test_amid_does_not_make_rebels_allies_of_the_state(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = "Regime forces shelled Ariha amid rebels firing rockets at the town."
    roles = _roles(finder, nlp, text, "shelled")
    assert (roles.actor1, roles.assoc1) == ("Regime forces", [])


def test_supported_by_is_an_ally_and_clashes_with_an_opponent(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = (
        "Regime forces supported by pro-regime militias captured Maarzaf following clashes "
        "with rebels."
    )
    roles = _roles(finder, nlp, text, "captured", battle=True)
    assert (roles.actor1, roles.assoc1, roles.actor2) == (
        "Regime forces",
        ["pro-regime militias"],
        "rebels",
    )


def test_a_comma_with_a_verb_after_it_joins_no_allies(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = "The SDF, having repelled an attack by rebels, shelled Tal Tamr."
    roles = _roles(finder, nlp, text, "shelled")
    assert (roles.actor1, roles.assoc1) == ("The SDF", [])


def test_a_date_before_the_subject_does_not_make_it_a_target(
    finder: ArgumentFinder, nlp: Language
) -> None:
    # the parser reads "On 3 May 2021 rebels" as one prepositional phrase
    text = "On 3 May 2021 rebels shelled regime forces near Ariha."
    roles = _roles(finder, nlp, text, "shelled")
    assert (roles.actor1, roles.actor2) == ("rebels", "regime forces")


def test_the_subject_of_a_were_able_to_clause(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Near Ariha, the SDF were able to recapture the village from rebels."
    roles = _roles(finder, nlp, text, "recapture", battle=True)
    assert (roles.actor1, roles.actor2) == ("the SDF", "rebels")


def test_clashes_took_place_between_sides_with_their_allies(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = (
        "On 9 June 2021 fighting erupted between regime forces, supported by pro-regime "
        "militias, and rebels and Islamist factions near Ariha."
    )
    roles = _roles(finder, nlp, text, "fighting", battle=True)
    assert (roles.actor1, roles.assoc1, roles.actor2, roles.assoc2) == (
        "regime forces",
        ["pro-regime militias"],
        "rebels",
        ["Islamist factions"],
    )


def test_between_with_an_operation_as_the_second_side(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = "Clashes took place between the SDF and rebels operating under Operation Peace Spring."
    roles = _roles(finder, nlp, text, "Clashes", battle=True)
    assert (roles.actor1, roles.actor2, roles.assoc2) == (
        "the SDF",
        "Operation Peace Spring",
        ["rebels"],
    )


def test_state_forces_listed_with_an_operation_serve_in_it(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = (
        "Turkish forces and Hamza Division fighters operating as part of Operation Peace "
        "Spring attacked the SDF near Tal Tamr."
    )
    roles = _roles(finder, nlp, text, "attacked")
    assert roles.actor1 == "Operation Peace Spring"
    assert roles.assoc1 == ["Turkish forces", "Hamza Division"]
    assert roles.actor2 == "the SDF"


def test_actor_cues_load() -> None:
    cues = ACTOR_CUE_FILE.read()
    assert "supported by" in cues.allies
    assert "amid" in cues.companions
    assert "between" in cues.between


def test_actor_cue_list_must_be_a_list(tmp_path: Path) -> None:
    path = tmp_path / "actor_roles.yaml"
    path.write_text("allies: and\ncompanions: [amid]\n", encoding="utf-8")
    with pytest.raises(OntologyError) as info:
        ACTOR_CUE_FILE.read(path)
    assert str(info.value) == f"{path}:1: 'allies' must be a list of words or phrases"


def test_holder_of_ground_is_the_opponent_only_in_battles(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = "Regime forces shelled rebel-held Atareb."
    shelling = _roles(finder, nlp, text, "shelled", battle=False)
    assert (shelling.actor1, shelling.actor2) == ("Regime forces", None)
    battle = _roles(finder, nlp, text, "shelled", battle=True)
    assert (battle.actor1, battle.actor2, battle.actor2_inter) == ("Regime forces", "rebel", 2)


@pytest.mark.parametrize(
    "text",
    [
        "Regime warplanes bombed the village of Kafr Nabl held by the rebels on Monday.",
        "Regime warplanes bombed the village of Kafr Nabl, controlled by rebels, on Monday.",
        # the abbreviation that follows the holder's name holds the village too
        "Regime warplanes bombed the village of Kafr Nabl held by the Islamic State (IS) group.",
    ],
)
def test_a_group_the_place_is_held_by_is_no_target_of_a_strike(
    finder: ArgumentFinder, nlp: Language, text: str
) -> None:
    roles = _roles(finder, nlp, text, "bombed", battle=False)
    assert (roles.actor1, roles.actor2) == ("Regime warplanes", None)


def test_excluded_source_span_hides_actors(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Regime forces shelled Ariha, the SDF said."
    sent = _sent(nlp, text)
    start = text.index("the SDF")
    roles = finder.actors(sent, _trigger(sent, "shelled"), excluded=[(start, len(text) - 1)])
    assert (roles.actor1, roles.actor2, roles.assoc1) == ("Regime forces", None, [])


# ------------------------------------------------------------------ the cue file


def test_place_cues_load() -> None:
    cues = PLACE_CUE_FILE.read()
    assert "province" in cues.province_nouns
    assert cues.directions["east"] == "eastern"
    assert "from" in cues.origin_prepositions


def test_place_cue_list_must_be_a_list(tmp_path: Path) -> None:
    path = tmp_path / "places.yaml"
    path.write_text("settlement_nouns: town\nprovince_nouns: [province]\n", encoding="utf-8")
    with pytest.raises(OntologyError) as info:
        PLACE_CUE_FILE.read(path)
    assert str(info.value) == f"{path}:1: 'settlement_nouns' must be a list of words or phrases"


def test_place_cue_file_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "places.yaml"
    path.write_text("- town\n", encoding="utf-8")
    with pytest.raises(OntologyError) as info:
        PLACE_CUE_FILE.read(path)
    assert str(info.value) == f"{path}: places file must be a mapping of word lists"


def test_against_parts_two_lists_of_sides(finder: ArgumentFinder, nlp: Language) -> None:
    text = (
        "Clashes took place near Ariha between rebels and Islamist factions against regime "
        "forces and pro-regime militias."
    )
    roles = _roles(finder, nlp, text, "Clashes", battle=True)
    assert (roles.actor1, roles.assoc1, roles.actor2, roles.assoc2) == (
        "rebels",
        ["Islamist factions"],
        "regime forces",
        ["pro-regime militias"],
    )


def test_between_later_in_a_battle_sentence(finder: ArgumentFinder, nlp: Language) -> None:
    # the trigger is the attack; "between" before it still names the two sides
    text = (
        "Clashes took place between HTS and regime forces near Saraqib following an attack "
        "by HTS on regime positions."
    )
    roles = _roles(finder, nlp, text, "attack", battle=True)
    assert (roles.actor1, roles.actor2) == ("HTS", "regime forces")


def test_between_far_from_the_sides_is_no_pair(finder: ArgumentFinder, nlp: Language) -> None:
    text = (
        "HTS attacked the area between the two towns of Ariha and Saraqib, where regime "
        "forces were deployed."
    )
    roles = _roles(finder, nlp, text, "attacked", battle=True)
    assert roles.actor1 == "HTS"


def test_state_forces_lead_their_militias(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Pro-regime militias and regime forces attacked rebels near Ariha."
    roles = _roles(finder, nlp, text, "attacked")
    assert (roles.actor1, roles.assoc1, roles.actor2) == (
        "regime forces",
        ["Pro-regime militias"],
        "rebels",
    )


def test_state_forces_lead_the_targets_unless_the_report_is_unsure(
    finder: ArgumentFinder, nlp: Language
) -> None:
    sure = _roles(finder, nlp, "Turkish forces shelled the SDF and regime forces.", "shelled")
    assert (sure.actor1, sure.actor2, sure.assoc2) == (
        "Turkish forces",
        "regime forces",
        ["the SDF"],
    )
    text = "Turkish forces shelled the SDF and/or regime forces."
    unsure = _roles(finder, nlp, text, "shelled")
    assert (unsure.actor2, unsure.assoc2) == ("the SDF", ["regime forces"])


def test_the_agent_of_a_passive_is_the_initiator(finder: ArgumentFinder, nlp: Language) -> None:
    text = "A bomb planted in a regime vehicle by rebels exploded in Ariha."
    roles = _roles(finder, nlp, text, "exploded")
    assert (roles.actor1, roles.actor2) == ("rebels", "regime")


def test_an_article_does_not_part_the_sides(finder: ArgumentFinder, nlp: Language) -> None:
    text = "Clashes took place between the SDF and a rebel group near Tal Tamr."
    roles = _roles(finder, nlp, text, "Clashes", battle=True)
    assert (roles.actor1, roles.actor2) == ("the SDF", "rebel")


def test_two_subjects_of_an_intransitive_clash_are_opponents(
    finder: ArgumentFinder, nlp: Language
) -> None:
    text = "The SDF and Turkish forces clashed near Tal Tamr."
    roles = _roles(finder, nlp, text, "clashed", battle=True)
    assert roles.assoc1 == []
    assert {roles.actor1, roles.actor2} == {"The SDF", "Turkish forces"}
    text = "Regime forces and pro-regime militias clashed with rebels."
    with_phrase = _roles(finder, nlp, text, "clashed", battle=True)
    assert (with_phrase.actor1, with_phrase.assoc1, with_phrase.actor2) == (
        "Regime forces",
        ["pro-regime militias"],
        "rebels",
    )


def test_the_list_of_sides_ends_at_the_next_clause(finder: ArgumentFinder, nlp: Language) -> None:
    text = (
        "Clashes took place between rebels and the SDF near Tal Tamr following an attack by "
        "rebels on the SDF and regime forces."
    )
    roles = _roles(finder, nlp, text, "Clashes", battle=True)
    assert (roles.actor1, roles.actor2, roles.assoc2) == ("rebels", "the SDF", [])


@pytest.fixture(scope="module")
def country_finder() -> ArgumentFinder:
    return ArgumentFinder(
        ActorResolver.load(), FakePlaces(), membership=DISCOURSE.packaged().membership
    )


@pytest.mark.parametrize(
    ("text", "trigger", "remote", "actor1"),
    [
        # a country that strikes stands for its military forces
        ("Turkey shelled a Kurdish outpost near Tal Tamr at dawn.", "shelled", True, "Turkey"),
        (
            "The US fired cruise missiles at an airbase near Ariha overnight.",
            "missiles",
            True,
            "The US",
        ),
        ("A checkpoint near Ariha was shelled by Turkey at dawn.", "shelled", True, "Turkey"),
        # a speaker, a clause that names the strike in passing, a seizure of ground
        ("Turkey said it shelled a Kurdish outpost near Tal Tamr at dawn.", "shelled", True, None),
        ("Turkey called for an inquiry into the shelling of Tal Tamr.", "shelling", True, None),
        ("Turkey seized a hill near Tal Tamr at dawn.", "seized", False, None),
    ],
)
def test_a_country_that_strikes_is_its_military(
    country_finder: ArgumentFinder,
    nlp: Language,
    text: str,
    trigger: str,
    remote: bool,
    actor1: str | None,
) -> None:
    sent = _sent(nlp, text)
    roles = country_finder.actors(sent, _trigger(sent, trigger), remote=remote)
    forces = {
        "Turkey": "Military Forces of Turkey (2016-)",
        "The US": "Military Forces of the United States (2021-)",
    }
    assert roles.actor1 == (forces[actor1] if actor1 else None)


def test_an_actor_after_a_weekday_is_the_fronted_subject(
    finder: ArgumentFinder, nlp: Language
) -> None:
    # "on Thursday rebels": without an entity recogniser the day is known by its name
    text = "Shelling went on all week and on Thursday rebels seized control of Maarzaf."
    sent = _sent(nlp, text)
    roles = finder.actors(sent, _trigger(sent, "seized"), battle=True)
    assert (roles.actor1, roles.actor2) == ("rebels", None)


@pytest.mark.parametrize(
    "text",
    [
        "Warplanes, believed to be Russian, struck the market of Saraqib on Monday.",
        "Warplanes also thought to be Russian also hit the outskirts of Ariha, where four"
        " civilians died in an area that has seen fighting between rebels and regime forces.",
    ],
)
def test_whose_the_aircraft_are_thought_to_be_names_the_actor(
    finder: ArgumentFinder, nlp: Language, text: str
) -> None:
    sent = _sent(nlp, text)
    trigger = _trigger(sent, "struck" if "struck" in text else "hit")
    roles = finder.actors(sent, trigger, remote=True)
    assert roles.actor1 is not None and roles.actor1.lower() == "russian warplanes"
    assert roles.actor1_inter == 8


def test_the_group_that_owns_the_subject_is_the_agent(
    finder: ArgumentFinder, nlp: Language
) -> None:
    # "its fighters": the group named before them, even named as the one pushed back
    text = (
        "HTS was pushed out of Maarzaf on Monday even as its fighters raided villages near"
        " Ariha, abducting twelve people."
    )
    sent = _sent(nlp, text)
    roles = finder.actors(sent, _trigger(sent, "abducting"))
    assert roles.actor1 == "HTS"
