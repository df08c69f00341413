"""Tests for conflictcoder.resolve.actors: the ACLED actor dictionary and resolver."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

from conflictcoder.coder import Coder
from conflictcoder.errors import OntologyError
from conflictcoder.model import Actor, Article, Event
from conflictcoder.resolve.actors import ActorMatch, ActorResolver, interaction


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver.load()


def _write(tmp_path: Path, text: str, name: str = "user_actors.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _spans(matches: list[ActorMatch]) -> list[tuple[int, int, str, str]]:
    return [(m.start, m.end, m.text, m.actor.name) for m in matches]


# ---------------------------------------------------------------------------- interaction


@pytest.mark.parametrize(
    ("inter1", "inter2", "expected"),
    [
        (1, 8, 18),
        (8, 1, 18),
        (8, 7, 78),
        (1, 1, 11),
        (2, 7, 27),
        (3, None, 30),
        (None, 6, 60),
        (None, None, None),
    ],
)
def test_interaction_lower_code_first(
    inter1: int | None, inter2: int | None, expected: int | None
) -> None:
    assert interaction(inter1, inter2) == expected


def test_interaction_rejects_unknown_code() -> None:
    with pytest.raises(ValueError, match=r"unknown inter code 9 \(use 1-8\)"):
        interaction(9, 1)


# ---------------------------------------------------------------------------- find


def test_find_offsets_and_names(resolver: ActorResolver) -> None:
    text = "On Monday HTS fighters attacked the Syrian Democratic Forces near the river."
    matches = resolver.find(text, country="Syria")
    assert _spans(matches) == [
        (10, 22, "HTS fighters", "HTS: Hayat Tahrir al Sham"),
        (36, 60, "Syrian Democratic Forces", "QSD: Syrian Democratic Forces"),
    ]
    for m in matches:
        assert text[m.start : m.end] == m.text
        assert m.generic is False


def test_find_longest_match_wins(resolver: ActorResolver) -> None:
    text = "Syrian or Russian warplanes bombed a market while regime forces shelled it."
    matches = resolver.find(text, country="Syria")
    assert [(m.text, m.actor.name) for m in matches] == [
        ("Syrian or Russian warplanes", "Allied Syrian and/or Russian Forces"),
        ("regime forces", "Military Forces of Syria (2000-)"),
    ]


def test_find_prefers_named_sub_unit_over_generic(resolver: ActorResolver) -> None:
    found = resolver.find("Syrian Arab Air Force jets flew over the town", country="Syria")
    assert [(m.text, m.actor.name) for m in found] == [
        ("Syrian Arab Air Force", "Military Forces of Syria (2000-) Syrian Arab Air Force")
    ]


def test_find_is_case_insensitive_and_whole_word(resolver: ActorResolver) -> None:
    text = "THE REGIME'S troops and the houthis; Hamasa is not an actor, nor is Rebelsville."
    matches = resolver.find(text, country="Yemen")
    assert [(m.text, m.actor.name) for m in matches] == [
        ("THE REGIME", "Military Forces of Yemen (2022-) Presidential Leadership Council"),
        ("troops", "Military Forces of Yemen (2022-) Presidential Leadership Council"),
        ("houthis", "Military Forces of Yemen (2016-) Supreme Political Council"),
    ]


def test_find_possessives_and_plurals(resolver: ActorResolver) -> None:
    text = "A Russian warplane's bombs hit the regime's depot; Russian warplanes returned."
    matches = resolver.find(text, country="Syria")
    assert [m.text for m in matches] == ["Russian warplane", "the regime", "Russian warplanes"]
    assert {m.actor.name for m in matches} == {
        "Military Forces of Russia (2000-)",
        "Military Forces of Syria (2000-)",
    }


def test_find_hyphens_spaces_and_apostrophes_interchange(resolver: ActorResolver) -> None:
    for phrase in ("Hay'at Tahrir al-Sham", "Hayat Tahrir al Sham", "Hay\u2019at Tahrir al-Sham"):
        [match] = resolver.find(f"Fighters of {phrase} advanced.", country="Syria")
        assert match.text == phrase
        assert match.actor.name == "HTS: Hayat Tahrir al Sham"


def test_capitals_only_aliases(resolver: ActorResolver) -> None:
    assert [m.text for m in resolver.find("IS militants attacked", country="Iraq")] == [
        "IS militants"
    ]
    # lower-case "is" is an ordinary verb, "hts" is not the acronym
    assert resolver.find("the village is quiet and hts is a typo", country="Iraq") == []


def test_find_matches_do_not_overlap_and_are_sorted(resolver: ActorResolver) -> None:
    text = "Turkish-backed factions and Kurdish-led SDF fighters clashed; civilians fled."
    matches = resolver.find(text, country="Syria")
    starts = [m.start for m in matches]
    assert starts == sorted(starts)
    for a, b in zip(matches, matches[1:], strict=False):
        assert a.end <= b.start
    assert [m.actor.name for m in matches] == [
        "JWS: Syrian National Army",
        "QSD: Syrian Democratic Forces",
        "Civilians (Syria)",
    ]


def test_find_generic_flag(resolver: ActorResolver) -> None:
    found = {
        m.text: m.generic
        for m in resolver.find("Gunmen and HTS killed two children", country="Syria")
    }
    assert found == {"Gunmen": True, "HTS": False, "children": True}


def test_find_without_country_gives_provisional_generic_actors(resolver: ActorResolver) -> None:
    matches = resolver.find("Unknown gunmen shot a farmer; Houthi forces fired.")
    assert [(m.text, m.actor, m.generic) for m in matches] == [
        ("Unknown gunmen", Actor("Unidentified Armed Group ({country})", 3, None), True),
        ("farmer", Actor("Civilians ({country})", 7, None), True),
        (
            "Houthi forces",
            Actor("Military Forces of Yemen (2016-) Supreme Political Council", 1, "Yemen"),
            False,
        ),
    ]


def test_find_skips_generic_phrases_that_do_not_apply_in_the_country(
    resolver: ActorResolver,
) -> None:
    # "rebels" has an ACLED generic actor in Syria, none in Iraq
    assert [m.actor.name for m in resolver.find("rebels attacked", country="Syria")] == [
        "Opposition Rebels (Syria)"
    ]
    assert resolver.find("rebels attacked", country="Iraq") == []


def test_find_empty_text(resolver: ActorResolver) -> None:
    assert resolver.find("", country="Syria") == []
    assert resolver.find("Nothing to see here.", country="Syria") == []


# ---------------------------------------------------------------------------- inter 1 vs 8


@pytest.mark.parametrize(
    ("phrase", "country", "name", "inter"),
    [
        ("Russian warplanes", "Syria", "Military Forces of Russia (2000-)", 8),
        ("Russian warplanes", "Russia", "Military Forces of Russia (2000-)", 1),
        ("Russian troops", "Ukraine", "Military Forces of Russia (2000-)", 8),
        ("Turkish drones", "Syria", "Military Forces of Turkey (2016-)", 8),
        ("Turkish drones", "Turkey", "Military Forces of Turkey (2016-)", 1),
        ("IDF", "Palestine", "Military Forces of Israel (2022-)", 8),
        ("IDF", "Israel", "Military Forces of Israel (2022-)", 1),
        (
            "Houthi drones",
            "Israel",
            "Military Forces of Yemen (2016-) Supreme Political Council",
            8,
        ),
        (
            "Houthi fighters",
            "Yemen",
            "Military Forces of Yemen (2016-) Supreme Political Council",
            1,
        ),
        ("Syrian army", "Lebanon", "Military Forces of Syria (2000-)", 8),
        ("Lebanese army", "Syria", "Military Forces of Lebanon (2021-)", 8),
        ("French troops", "Mali", "Military Forces of France (2017-)", 8),
        ("Wagner mercenaries", "Mali", "Wagner Group", 8),
        ("Wagner mercenaries", "Russia", "Wagner Group", 8),
        ("US-led coalition", "Syria", "Global Coalition Against Daesh", 8),
    ],
)
def test_state_forces_abroad_are_external(
    resolver: ActorResolver, phrase: str, country: str, name: str, inter: int
) -> None:
    actor = resolver.resolve(phrase, country=country)
    assert actor is not None
    assert (actor.name, actor.inter) == (name, inter)


def test_non_state_actor_keeps_its_code_abroad(resolver: ActorResolver) -> None:
    assert resolver.resolve("Hezbollah fighters", country="Syria") == Actor(
        "Hezbollah", 3, "Lebanon"
    )


# ---------------------------------------------------------------------------- templates


@pytest.mark.parametrize(
    ("phrase", "country", "expected"),
    [
        ("the regime", "Syria", Actor("Military Forces of Syria (2000-)", 1, "Syria")),
        ("government forces", "Iraq", Actor("Military Forces of Iraq (2022-)", 1, "Iraq")),
        ("troops", "Mali", Actor("Military Forces of Mali (2021-)", 1, "Mali")),
        (
            "the army",
            "Burkina Faso",
            Actor("Military Forces of Burkina Faso (2022-)", 1, "Burkina Faso"),
        ),
        ("soldiers", "Niger", Actor("Military Forces of Niger (2023-)", 1, "Niger")),
        ("government forces", "Ukraine", Actor("Military Forces of Ukraine (2019-)", 1, "Ukraine")),
        (
            "regime warplanes",
            "Syria",
            Actor("Military Forces of Syria (2000-) Syrian Arab Air Force", 1, "Syria"),
        ),
        ("regime helicopters", "Syria", Actor("Military Forces of Syria (2000-)", 1, "Syria")),
        # no air-force sub-unit for Iraq: the state forces themselves
        ("government warplanes", "Iraq", Actor("Military Forces of Iraq (2022-)", 1, "Iraq")),
        ("police", "Israel", Actor("Police Forces of Israel (2022-)", 1, "Israel")),
        # no state-force entry: the template is filled in
        ("government forces", "Jordan", Actor("Military Forces of Jordan", 1, "Jordan")),
        ("civilians", "Syria", Actor("Civilians (Syria)", 7, "Syria")),
        ("two children", "Iraq", Actor("Civilians (Iraq)", 7, "Iraq")),
        ("a family", "Palestine", Actor("Civilians (Palestine)", 7, "Palestine")),
        ("displaced", "Yemen", Actor("Civilians (Yemen)", 7, "Yemen")),
        ("health workers", "Libya", Actor("Civilians (Libya)", 7, "Libya")),
        ("journalists", "Ukraine", Actor("Civilians (Ukraine)", 7, "Ukraine")),
        ("unknown gunmen", "Syria", Actor("Unidentified Armed Group (Syria)", 3, "Syria")),
        ("unidentified attackers", "Mali", Actor("Unidentified Armed Group (Mali)", 3, "Mali")),
        ("armed men", "Libya", Actor("Unidentified Armed Group (Libya)", 3, "Libya")),
        ("protesters", "Iraq", Actor("Protesters (Iraq)", 6, "Iraq")),
        ("demonstrators", "Israel", Actor("Protesters (Israel)", 6, "Israel")),
        ("rioters", "Palestine", Actor("Rioters (Palestine)", 5, "Palestine")),
        ("opposition factions", "Syria", Actor("Opposition Rebels (Syria)", 2, "Syria")),
        (
            "rebels",
            "Yemen",
            Actor("Military Forces of Yemen (2016-) Supreme Political Council", 1, "Yemen"),
        ),
        ("Islamist factions", "Syria", Actor("Islamist Militia (Syria)", 3, "Syria")),
        ("pro-regime militias", "Syria", Actor("Militia (Pro-Government)", 3, None)),
        ("Islamic State", "Iraq", Actor("Islamic State (Iraq)", 2, "Iraq")),
        ("Daesh fighters", "Syria", Actor("Islamic State (Syria)", 2, "Syria")),
        ("ISIS", "Burkina Faso", Actor("Islamic State (Sahel)", 2, None)),
        ("coalition warplanes", "Yemen", Actor("Operation Restoring Hope", 8, None)),
        ("coalition warplanes", "Iraq", Actor("Global Coalition Against Daesh", 8, None)),
        ("unidentified warplanes", "Syria", Actor("Unidentified Military Forces", 8, None)),
        ("occupation forces", "Palestine", Actor("Military Forces of Israel (2022-)", 8, "Israel")),
        ("Kurdish fighters", "Syria", Actor("QSD: Syrian Democratic Forces", 2, "Syria")),
        ("Kurdish fighters", "Iraq", Actor("Military Forces of Iraq (2022-) Peshmerga", 1, "Iraq")),
    ],
)
def test_generic_phrases_per_country(
    resolver: ActorResolver, phrase: str, country: str, expected: Actor
) -> None:
    assert resolver.resolve(phrase, country=country) == expected


@pytest.mark.parametrize("phrase", ["gunmen", "the regime", "civilians", "rebels", "Islamic State"])
def test_generic_phrases_need_a_country(resolver: ActorResolver, phrase: str) -> None:
    assert resolver.resolve(phrase) is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Syrian army", Actor("Military Forces of Syria (2000-)", 1, "Syria")),
        ("Iraqi civilians", Actor("Civilians (Iraq)", 7, "Iraq")),
        ("Palestinian protesters", Actor("Protesters (Palestine)", 6, "Palestine")),
        ("Malian soldiers", Actor("Military Forces of Mali (2021-)", 1, "Mali")),
        ("Syrian rebels", Actor("Opposition Rebels (Syria)", 2, "Syria")),
    ],
)
def test_phrases_naming_the_country_resolve_without_one(
    resolver: ActorResolver, phrase: str, expected: Actor
) -> None:
    assert resolver.resolve(phrase) == expected


def test_demonym_phrase_names_its_own_country(resolver: ActorResolver) -> None:
    # Syrian refugees in Lebanon are Syrian civilians
    assert resolver.resolve("Syrian refugees", country="Lebanon") == Actor(
        "Civilians (Syria)", 7, "Syria"
    )


# ---------------------------------------------------------------------------- resolve / actor


def test_resolve_prefers_names_then_longest(resolver: ActorResolver) -> None:
    assert resolver.resolve("civilians and HTS fighters", country="Syria") == Actor(
        "HTS: Hayat Tahrir al Sham", 2, "Syria"
    )
    assert resolver.resolve("the elderly and the displaced families", country="Syria") == Actor(
        "Civilians (Syria)", 7, "Syria"
    )


def test_resolve_canonical_name_and_unknown(resolver: ActorResolver) -> None:
    assert resolver.resolve("Military Forces of Turkey (2016-)", country="Syria") == Actor(
        "Military Forces of Turkey (2016-)", 8, "Turkey"
    )
    assert resolver.resolve("the weather", country="Syria") is None
    assert resolver.resolve("   ", country="Syria") is None


def test_actor_by_name(resolver: ActorResolver) -> None:
    assert resolver.actor("HTS: Hayat Tahrir al Sham") == Actor(
        "HTS: Hayat Tahrir al Sham", 2, "Syria"
    )
    assert resolver.actor("military forces of russia (2000-)", country="Syria") == Actor(
        "Military Forces of Russia (2000-)", 8, "Russia"
    )
    assert resolver.actor("Civilians (Syria)", country="Syria") == Actor(
        "Civilians (Syria)", 7, "Syria"
    )
    assert resolver.actor("Unidentified Armed Group (Mali)") == Actor(
        "Unidentified Armed Group (Mali)", 3, "Mali"
    )
    assert resolver.actor("Protesters (Iraq)") == Actor("Protesters (Iraq)", 6, "Iraq")
    assert resolver.actor("Nobody In Particular") is None


def test_aliases_listing(resolver: ActorResolver) -> None:
    aliases = resolver.aliases()
    assert aliases == sorted(aliases)
    assert len(aliases) == len(set(aliases))
    for alias in ("HTS", "Russian warplanes", "the regime", "regime helicopters", "Syrian army"):
        assert alias in aliases
    assert not any("{" in a for a in aliases)


def test_packaged_dictionary_covers_the_conflicts(resolver: ActorResolver) -> None:
    names = set(resolver.names())
    for name in (
        "Military Forces of Syria (2000-)",
        "Military Forces of Russia (2000-)",
        "Military Forces of Iran (1989-)",
        "Military Forces of Turkey (2016-)",
        "Military Forces of Iraq (2022-)",
        "Military Forces of Ukraine (2019-)",
        "Military Forces of Israel (2022-)",
        "Military Forces of Mali (2021-)",
        "Military Forces of Burkina Faso (2022-)",
        "Military Forces of Niger (2023-)",
        "Hamas Movement",
        "JNIM: Group for Support of Islam and Muslims",
        "Islamic State (Sahel)",
        "Operation Peace Spring",
        "AQAP: Al Qaeda in the Arabian Peninsula",
    ):
        assert name in names


def test_load_is_cached_without_user_file() -> None:
    assert ActorResolver.load() is ActorResolver.load()


# ---------------------------------------------------------------------------- user file


def test_user_file_overrides_and_extends(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
actors:
  - name: Military Forces of Syria (2000-) Syrian Arab Air Force
    inter: 1
    country: Syria
    aliases: [Syrian Arab Air Force]
  - name: Valley Brigade
    inter: 3
    country: Syria
    aliases: [Valley Brigade, HTS]
  - template: Civilians ({country})
    inter: 7
    aliases: [onlookers]
""",
    )
    user = ActorResolver.load(path)
    # same name: the user's entry wins; without its role, regime aircraft are the state forces
    assert user.resolve("regime warplanes", country="Syria") == Actor(
        "Military Forces of Syria (2000-)", 1, "Syria"
    )
    # a new actor, which also takes the packaged alias "HTS"
    assert user.resolve("Valley Brigade", country="Syria") == Actor("Valley Brigade", 3, "Syria")
    assert user.resolve("HTS", country="Syria") == Actor("Valley Brigade", 3, "Syria")
    assert user.resolve("Hayat Tahrir al-Sham", country="Syria") == Actor(
        "HTS: Hayat Tahrir al Sham", 2, "Syria"
    )
    # the replaced template now has only the user's aliases
    assert user.resolve("onlookers", country="Iraq") == Actor("Civilians (Iraq)", 7, "Iraq")
    assert user.resolve("villagers", country="Iraq") is None
    # the packaged resolver is untouched
    assert ActorResolver.load().resolve("HTS") == Actor("HTS: Hayat Tahrir al Sham", 2, "Syria")


def test_user_demonyms_and_roles(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
demonyms:
  Ruritania: [Ruritanian]
actors:
  - name: Military Forces of Ruritania (2020-)
    inter: 1
    country: Ruritania
    role: military
""",
    )
    user = ActorResolver.load(path)
    expected = Actor("Military Forces of Ruritania (2020-)", 1, "Ruritania")
    assert user.resolve("Ruritanian troops") == expected
    assert user.resolve("the army", country="Ruritania") == expected
    assert user.resolve("Ruritanian troops", country="Syria") == Actor(
        "Military Forces of Ruritania (2020-)", 8, "Ruritania"
    )


# ---------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            "actors:\n  - name: X\n    inter: 9\n",
            "2: unknown inter code 9 for 'X' (use 1-8)",
        ),
        (
            "actors:\n  - name: X\n    inter: one\n",
            "2: unknown inter code 'one' for 'X' (use 1-8)",
        ),
        ("actors:\n  - name: X\n", "2: missing inter code for 'X' (use 1-8)"),
        (
            "actors:\n  - name: X\n    inter: 2\n    nickname: Y\n",
            "2: unknown key 'nickname' for 'X' (known keys: aliases, countries, country, "
            "inter, name, periods, presumed, role)",
        ),
        (
            "actors:\n  - name: X\n    template: Y\n    inter: 2\n",
            "2: actor entry 'X' has both 'name' and 'template'; give exactly one",
        ),
        (
            "actors:\n  - inter: 2\n",
            "2: actor entry entry has no 'name' or 'template'; give exactly one",
        ),
        (
            "actors:\n  - just a string\n",
            "1: actor entry 1 must be a mapping with 'name' or 'template', got 'just a string'",
        ),
        (
            "actors:\n  - name: X\n    inter: 2\n    aliases: HTS\n",
            "2: aliases of 'X' must be a list of non-empty strings",
        ),
        (
            "actors:\n  - template: Militia of {place}\n    inter: 3\n",
            "2: template 'Militia of {place}' uses unknown placeholder '{place}' (use {country})",
        ),
        (
            "actors:\n  - name: X\n    inter: 1\n    role: military\n",
            "2: 'X' has a role but no country; add 'country'",
        ),
        (
            "actors:\n  - name: X\n    inter: 2\n  - name: X\n    inter: 3\n",
            "4: duplicate actor 'X' (also on line 2)",
        ),
        (
            "actors:\n  - name: X\n    inter: 2\n    aliases: [Blue Men]\n"
            "  - name: Y\n    inter: 2\n    aliases: [blue-men]\n",
            "5: alias 'blue-men' of 'Y' already belongs to 'X' (line 2)",
        ),
        (
            "actors:\n  - name: A\n    inter: 1\n    country: Syria\n    role: police\n"
            "  - name: B\n    inter: 1\n    country: Syria\n    role: police\n",
            "6: role 'police' for Syria is given to both 'A' (line 2) and 'B'",
        ),
        (
            "people:\n  - name: X\n",
            "1: unknown top-level key 'people' "
            "(known keys: actors, demonyms, group_heads, owner_links)",
        ),
        ("- name: X\n  inter: 2\n", "expected a mapping with 'actors' (and 'demonyms'), got list"),
    ],
)
def test_invalid_entries_raise_with_file_and_line(tmp_path: Path, body: str, problem: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(OntologyError) as info:
        ActorResolver.load(path)
    assert str(info.value) in (f"{path}:{problem}", f"{path}: {problem}")


def test_alias_placeholder_only_in_templates(tmp_path: Path) -> None:
    path = _write(tmp_path, "actors:\n  - name: X\n    inter: 2\n    aliases: ['{demonym} army']\n")
    with pytest.raises(OntologyError) as info:
        ActorResolver.load(path)
    assert str(info.value) == (
        f"{path}:2: alias '{{demonym}} army' of 'X' uses unknown placeholder '{{demonym}}' "
        "({demonym} is for templates)"
    )


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "actors:\n  - name: [unclosed\n")
    with pytest.raises(OntologyError, match=r"user_actors\.yaml:\d+: invalid YAML"):
        ActorResolver.load(path)


def test_missing_user_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    with pytest.raises(OntologyError) as info:
        ActorResolver.load(path)
    assert str(info.value) == f"{path}: file not found"


@pytest.mark.parametrize("body", ["", "# nothing yet\n", "actors: []\n"])
def test_empty_file_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture, body: str) -> None:
    path = _write(tmp_path, body)
    with caplog.at_level(logging.WARNING, logger="conflictcoder"):
        user = ActorResolver.load(path)
    assert f"{path}: no actor entries" in caplog.messages
    # the packaged dictionary still works
    assert user.resolve("HTS") == Actor("HTS: Hayat Tahrir al Sham", 2, "Syria")


def test_same_alias_allowed_for_different_countries(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
actors:
  - name: North Guard
    inter: 3
    countries: [Northland]
    aliases: [the guard]
  - name: South Guard
    inter: 3
    countries: [Southland]
    aliases: [the guard]
""",
    )
    user = ActorResolver.load(path)
    assert user.resolve("the guard", country="Northland") == Actor("North Guard", 3, None)
    assert user.resolve("the guard", country="Southland") == Actor("South Guard", 3, None)


# ---------------------------------------------------------------------------- shared heads


def test_modifiers_sharing_a_head_noun_name_two_actors(resolver: ActorResolver) -> None:
    text = "Russian and regime warplanes struck the town."
    assert _spans(resolver.find(text, country="Syria")) == [
        (0, 7, "Russian warplanes", "Military Forces of Russia (2000-)"),
        (12, 28, "regime warplanes", "Military Forces of Syria (2000-) Syrian Arab Air Force"),
    ]


def test_a_shared_head_after_the_phrase_wins(resolver: ActorResolver) -> None:
    # "regime and loyalist militia forces": regime forces, not a "regime militia"
    found = resolver.find("Regime and loyalist militia forces clashed.", country="Syria")
    assert [(m.text, m.actor.name) for m in found] == [
        ("Regime forces", "Military Forces of Syria (2000-)"),
        ("loyalist militia", "Militia (Pro-Government)"),
    ]


def test_no_shared_head_when_the_phrase_says_nothing(resolver: ActorResolver) -> None:
    found = resolver.find("Rebels and HTS attacked the post.", country="Syria")
    assert [(m.text, m.actor.name) for m in found] == [
        ("Rebels", "Opposition Rebels (Syria)"),
        ("HTS", "HTS: Hayat Tahrir al Sham"),
    ]


@pytest.mark.parametrize(
    "phrase",
    ["Syrian or Russian warplanes", "regime and/or Russian warplanes", "Russian or regime jets"],
)
def test_either_air_force_is_the_allied_actor(resolver: ActorResolver, phrase: str) -> None:
    actor = resolver.resolve(phrase, country="Syria")
    assert actor == Actor("Allied Syrian and/or Russian Forces", 1, "Syria")


@pytest.mark.parametrize(
    "phrase", ["pro-Turkey rebel factions", "pro-Turkish factions", "opposition rebel"]
)
def test_pro_turkey_factions_are_opposition_rebels(resolver: ActorResolver, phrase: str) -> None:
    assert resolver.resolve(phrase, country="Syria") == Actor(
        "Opposition Rebels (Syria)", 2, "Syria"
    )


def test_a_singular_demonym_force(resolver: ActorResolver) -> None:
    assert resolver.resolve("Turkish force", country="Syria") == Actor(
        "Military Forces of Turkey (2016-)", 8, "Turkey"
    )


def test_find_answers_again_from_memory_without_sharing_its_list(resolver: ActorResolver) -> None:
    text = "Russian jets struck a market, killing civilians."
    first = resolver.find(text, country="Syria")
    first.clear()  # a caller's list is its own
    again = resolver.find(text, country="Syria")
    assert [(m.text, m.actor.name) for m in again] == [
        ("Russian jets", "Military Forces of Russia (2000-)"),
        ("civilians", "Civilians (Syria)"),
    ]
    # the country is part of what is remembered: without it, generic phrases stay provisional
    assert resolver.find(text)[1].actor.country is None


# ---------------------------------------------------------------------------- other conflicts

_SAF = "Military Forces of Sudan (2019-)"
_BOKO_HARAM = "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"
_RWANDA = "Military Forces of Rwanda (1994-)"


@pytest.mark.parametrize(
    ("country", "text", "expected"),
    [
        (
            "Sudan",
            "SAF troops shelled Rapid Support Forces positions as paramilitaries advanced.",
            [
                ("SAF troops", _SAF, 1),
                ("Rapid Support Forces", "Rapid Support Forces", 2),
                ("paramilitaries", "Rapid Support Forces", 2),
            ],
        ),
        (
            "Somalia",
            "Al-Shabab fighters ambushed Somali National Army and Kenyan soldiers on the road.",
            [
                ("Al-Shabab fighters", "Al Shabaab", 2),
                ("Somali National Army", "Military Forces of Somalia (2022-)", 1),
                ("Kenyan soldiers", "Military Forces of Kenya (2022-)", 8),
            ],
        ),
        (
            "Nigeria",
            "ISWAP fighters clashed with Boko Haram while bandits abducted villagers.",
            [
                ("ISWAP fighters", "Islamic State (West Africa)", 2),
                ("Boko Haram", _BOKO_HARAM, 2),
                ("bandits", "Unidentified Armed Group (Nigeria)", 3),
                ("villagers", "Civilians (Nigeria)", 7),
            ],
        ),
        (
            "Cameroon",
            "Separatist fighters killed two gendarmes, then Cameroonian soldiers raided the place.",
            [
                ("Separatist fighters", "Ambazonian Separatists (Cameroon)", 2),
                ("gendarmes", "Police Forces of Cameroon (1982-)", 1),
                ("Cameroonian soldiers", "Military Forces of Cameroon (1982-)", 1),
            ],
        ),
        (
            # undated: the entry's own name (the current regime period)
            "Afghanistan",
            "Afghan forces said Pakistani Taliban fighters had crossed the border.",
            [
                ("Afghan forces", "Military Forces of Afghanistan (2021-)", 1),
                ("Pakistani Taliban fighters", "TTP: Tehreek-i-Taliban Pakistan", 2),
            ],
        ),
        (
            "Pakistan",
            "TTP militants of the Tehrik-e-Taliban Pakistan attacked Pakistani troops.",
            [
                ("TTP militants", "TTP: Tehreek-i-Taliban Pakistan", 2),
                ("Tehrik-e-Taliban Pakistan", "TTP: Tehreek-i-Taliban Pakistan", 2),
                ("Pakistani troops", "Military Forces of Pakistan", 1),
            ],
        ),
        (
            "Ethiopia",
            "ENDF troops and Eritrean forces advanced; federal forces later withdrew.",
            [
                ("ENDF troops", "Military Forces of Ethiopia (2018-)", 1),
                ("Eritrean forces", "Military Forces of Eritrea (1993-)", 8),
                ("federal forces", "Military Forces of Ethiopia (2018-)", 1),
            ],
        ),
        (
            "Democratic Republic of Congo",
            "M23 rebels backed by Rwandan troops fought ADF militants and Congolese soldiers.",
            [
                ("M23 rebels", "M23: March 23 Movement", 2),
                ("Rwandan troops", _RWANDA, 8),
                ("ADF militants", "ADF: Allied Democratic Forces", 2),
                ("Congolese soldiers", "Military Forces of Democratic Republic of Congo", 1),
            ],
        ),
        (
            "Myanmar",
            "Junta troops shelled villages held by the People's Defence Force and the Kachin "
            "Independence Army, while the Arakan Army took a base.",
            [
                ("Junta troops", "Military Forces of Myanmar (2021-)", 1),
                ("People's Defence Force", "PDF: People's Defense Force", 2),
                ("Kachin Independence Army", "KIA: Kachin Independence Army", 2),
                ("Arakan Army", "AA: Arakan Army", 2),
            ],
        ),
        (
            "Mozambique",
            "FADM units and Rwandan troops pursued the insurgents.",
            [
                ("FADM", "Military Forces of Mozambique (1990-)", 1),
                ("Rwandan troops", _RWANDA, 8),
                ("insurgents", "Unidentified Armed Group (Mozambique)", 3),
            ],
        ),
        (
            "Chad",
            "Chadian soldiers repelled Boko Haram fighters on an island.",
            [
                ("Chadian soldiers", "Military Forces of Chad (2021-)", 1),
                ("Boko Haram fighters", _BOKO_HARAM, 2),
            ],
        ),
    ],
)
def test_actors_of_other_conflicts(
    resolver: ActorResolver, country: str, text: str, expected: list[tuple[str, str, int]]
) -> None:
    found = resolver.find(text, country=country)
    assert [(m.text, m.actor.name, m.actor.inter) for m in found] == expected


@pytest.mark.parametrize(
    ("phrase", "country", "expected"),
    [
        ("Sudanese army", None, Actor(_SAF, 1, "Sudan")),
        ("the police", "Sudan", Actor("Police Forces of Sudan (2019-)", 1, "Sudan")),
        ("Nigerian soldiers", None, Actor("Military Forces of Nigeria (2023-)", 1, "Nigeria")),
        ("police officers", "Nigeria", Actor("Police Forces of Nigeria (2023-)", 1, "Nigeria")),
        ("Somali police", None, Actor("Police Forces of Somalia (2022-)", 1, "Somalia")),
        ("Burmese army", None, Actor("Military Forces of Myanmar (2021-)", 1, "Myanmar")),
        ("Tatmadaw", None, Actor("Military Forces of Myanmar (2021-)", 1, "Myanmar")),
        ("UPDF soldiers", "Somalia", Actor("Military Forces of Uganda (1986-)", 8, "Uganda")),
        ("Islamic State", "Somalia", Actor("Islamic State (Somalia)", 2, "Somalia")),
        ("Islamic State", "Nigeria", Actor("Islamic State (West Africa)", 2, "Nigeria")),
        ("Fulani herdsmen", "Nigeria", Actor("Fulani Ethnic Militia (Nigeria)", 4, "Nigeria")),
        # Sudanese forces abroad are external forces
        ("SAF", "Chad", Actor(_SAF, 8, "Sudan")),
        # a junta is the state forces of its own country
        ("junta troops", "Mali", Actor("Military Forces of Mali (2021-)", 1, "Mali")),
        # generic separatists are each country's own
        (
            "separatist fighters",
            "Ukraine",
            Actor("NAF: United Armed Forces of Novorossiya", 2, "Ukraine"),
        ),
        (
            "separatist fighters",
            "Yemen",
            Actor(
                "Military Forces of Yemen (2022-) Presidential Leadership Council - STC", 1, "Yemen"
            ),
        ),
    ],
)
def test_other_conflicts_phrases(
    resolver: ActorResolver, phrase: str, country: str | None, expected: Actor
) -> None:
    assert resolver.resolve(phrase, country=country) == expected


@pytest.mark.parametrize(
    ("phrase", "country"),
    [
        # abbreviations that mean something else elsewhere only apply in their own conflicts
        ("RSF", "Syria"),  # Reporters Without Borders
        ("PDF", "Syria"),
        ("SAF", "Syria"),
        ("ADF", "Cameroon"),
        ("paramilitaries", "Syria"),
        ("bandits", "Syria"),
        # "federal forces" is the national army only where the news uses it so
        ("federal forces", "Iraq"),
        # the Mozambican insurgents are called al-Shabaab too, but are not the Somali group
        ("al-Shabaab", "Mozambique"),
    ],
)
def test_other_conflicts_aliases_stay_in_their_countries(
    resolver: ActorResolver, phrase: str, country: str
) -> None:
    assert resolver.resolve(phrase, country=country) is None


def test_other_conflicts_in_the_dictionary(resolver: ActorResolver) -> None:
    names = set(resolver.names())
    for name in (
        _SAF,
        "Rapid Support Forces",
        "Al Shabaab",
        "Military Forces of Nigeria (2023-)",
        _BOKO_HARAM,
        "Islamic State (West Africa)",
        "Ambazonian Separatists (Cameroon)",
        "TTP: Tehreek-i-Taliban Pakistan",
        "Military Forces of Ethiopia (2018-)",
        "M23: March 23 Movement",
        "ADF: Allied Democratic Forces",
        "Military Forces of Myanmar (2021-)",
        "Military Forces of Chad (2021-)",
    ):
        assert name in names


# ---------------------------------------------------------------------------- through the coder


def _code(coder: Coder, text: str) -> list[Event]:
    return coder.code(Article(id="doc-1", text=text, published=date(2023, 11, 22)))


def test_coder_names_al_shabaab(coder: Coder) -> None:
    (event,) = _code(
        coder, "Al-Shabaab militants stormed a hotel in Mogadishu on Friday, killing 20 people."
    )
    assert (event.country, event.actor1, event.inter1) == ("Somalia", "Al Shabaab", 2)
    assert (event.actor2, event.interaction) == ("Civilians (Somalia)", 27)


def test_coder_names_both_sides_of_the_sudan_war(coder: Coder) -> None:
    (event,) = _code(
        coder,
        "Clashes between the Sudanese army and the Rapid Support Forces erupted in Khartoum.",
    )
    assert (event.actor1, event.inter1) == (_SAF, 1)
    assert (event.actor2, event.inter2, event.interaction) == ("Rapid Support Forces", 2, 12)


def test_coder_sudan_war_with_a_descriptor_before_the_second_side(coder: Coder) -> None:
    # "paramilitary" (a filler of actor_roles.yaml) does not part the sides
    (event,) = _code(
        coder,
        "Clashes between the Sudanese army and the paramilitary Rapid Support Forces erupted "
        "in Khartoum.",
    )
    assert (event.actor1, event.actor2) == (_SAF, "Rapid Support Forces")


@pytest.mark.parametrize(
    ("phrase", "country", "name"),
    [
        ("An Israeli drone strike hit a car.", "Lebanon", "Military Forces of Israel (2022-)"),
        ("A Turkish strike hit a village.", "Syria", "Military Forces of Turkey (2016-)"),
        (
            "A regime airstrike hit the market.",
            "Syria",
            "Military Forces of Syria (2000-) Syrian Arab Air Force",
        ),
    ],
)
def test_a_states_strike_in_the_singular_is_its_forces(
    resolver: ActorResolver, phrase: str, country: str, name: str
) -> None:
    assert [m.actor.name for m in resolver.find(phrase, country=country)] == [name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("rockets fired by ISIS terrorists hit the market", "Islamic State (Syria)"),
        ("jihadists from the Islamic State opened fire", "Islamic State (Syria)"),
        ("militants of the Nusra Front shelled the town", "JFS: Al Nusra Front"),
        ("gunmen belonging to HTS opened fire", "HTS: Hayat Tahrir al Sham"),
    ],
)
def test_members_named_by_a_generic_noun_are_their_group(
    resolver: ActorResolver, text: str, name: str
) -> None:
    found = resolver.find(text, country="Syria")
    assert [m.actor.name for m in found] == [name]
    assert resolver.resolve(text, country="Syria") == found[0].actor


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # civilians are no group of fighters; a list is no membership
        (
            "militants from the civilians",
            ["Opposition Rebels (Syria)", "Civilians (Syria)"],
        ),
        (
            "militants and ISIS fighters",
            ["Opposition Rebels (Syria)", "Islamic State (Syria)"],
        ),
    ],
)
def test_only_a_group_owns_its_members(
    resolver: ActorResolver, text: str, names: list[str]
) -> None:
    assert [m.actor.name for m in resolver.find(text, country="Syria")] == names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Syrian war planes bombed the town",
            "Military Forces of Syria (2000-) Syrian Arab Air Force",
        ),
        ("a U.S. missile strike on the town", "Military Forces of the United States (2021-)"),
        ("an Israeli plane hit a car", "Military Forces of Israel (2022-)"),
        ("an attack on army positions", "Military Forces of Syria (2000-)"),
        ("a regime checkpoint was stormed", "Military Forces of Syria (2000-)"),
    ],
)
def test_a_states_planes_and_missiles_are_its_forces(
    resolver: ActorResolver, text: str, name: str
) -> None:
    assert [m.actor.name for m in resolver.find(text, country="Syria")] == [name]


def test_group_heads_are_validated(tmp_path: Path) -> None:
    bad = tmp_path / "actors.yaml"
    bad.write_text("group_heads: fighters\nactors: []\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="group_heads must be a list"):
        ActorResolver.load(bad)


# ---------------------------------------------------------------------------- regime periods

YEMEN_GOV_2012 = "Military Forces of Yemen (2012-)"
YEMEN_PLC = "Military Forces of Yemen (2022-) Presidential Leadership Council"
YEMEN_SPC = "Military Forces of Yemen (2016-) Supreme Political Council"


SYRIAN_FORCES = "Military Forces of Syria (2000-)"
SYRIAN_AIR_FORCE = SYRIAN_FORCES + " Syrian Arab Air Force"


@pytest.mark.parametrize(
    ("name", "day", "expected"),
    [
        # Yemen: the Presidential Leadership Council takes over on 7 April 2022
        (YEMEN_PLC, date(2020, 6, 1), YEMEN_GOV_2012),
        (YEMEN_PLC, date(2022, 4, 6), YEMEN_GOV_2012),
        (YEMEN_PLC, date(2022, 4, 7), YEMEN_PLC),
        (YEMEN_GOV_2012, date(2023, 1, 1), YEMEN_PLC),  # any period's name is understood
        (
            "Police Forces of Yemen (2022-) Presidential Leadership Council",
            date(2021, 3, 1),
            "Police Forces of Yemen (2012-)",
        ),
        # Syria: a new period from 8 December 2024; the air force merges into the new military
        ("Military Forces of Syria (2000-)", date(2024, 12, 7), "Military Forces of Syria (2000-)"),
        ("Military Forces of Syria (2000-)", date(2024, 12, 8), "Military Forces of Syria (2024-)"),
        (
            "Military Forces of Syria (2000-) Syrian Arab Air Force",
            date(2025, 1, 3),
            "Military Forces of Syria (2024-)",
        ),
        ("Police Forces of Syria (2000-)", date(2025, 2, 1), "Police Forces of Syria (2024-)"),
        # the Kurdish forces are the YPG until the SDF's founding; the YPG stay themselves
        ("QSD: Syrian Democratic Forces", date(2015, 10, 9), "YPG: Peoples Protection Units"),
        ("QSD: Syrian Democratic Forces", date(2015, 10, 10), "QSD: Syrian Democratic Forces"),
        ("YPG: Peoples Protection Units", date(2019, 10, 9), "YPG: Peoples Protection Units"),
        # the air force is a unit of its own from ACLED's first Syria data (2017) until then
        (SYRIAN_AIR_FORCE, date(2016, 12, 31), SYRIAN_FORCES),
        (SYRIAN_AIR_FORCE, date(2017, 1, 1), SYRIAN_AIR_FORCE),
        (SYRIAN_AIR_FORCE, date(2024, 12, 7), SYRIAN_AIR_FORCE),
        # Israel and the United States, as ACLED's data of the period name them
        (
            "Military Forces of Israel (2022-)",
            date(2019, 11, 12),
            "Military Forces of Israel (2009-)",
        ),
        (
            "Military Forces of Israel (2022-)",
            date(2021, 6, 13),
            "Military Forces of Israel (2021-)",
        ),
        (
            "Military Forces of Israel (2022-)",
            date(2022, 12, 29),
            "Military Forces of Israel (2022-)",
        ),
        (
            "Military Forces of the United States (2021-)",
            date(2021, 1, 19),
            "Military Forces of the United States (2017-)",
        ),
        (
            "Military Forces of the United States (2021-)",
            date(2025, 1, 20),
            "Military Forces of the United States (2025-)",
        ),
        # the first period holds for every earlier day
        ("Military Forces of Sudan (2019-)", date(2010, 1, 1), "Military Forces of Sudan (1989-)"),
        ("Military Forces of Sudan (2019-)", date(2019, 4, 11), "Military Forces of Sudan (2019-)"),
        (
            "Military Forces of Myanmar (2021-)",
            date(2021, 1, 31),
            "Military Forces of Myanmar (2016-)",
        ),
        (
            "Military Forces of Ukraine (2019-)",
            date(2019, 5, 19),
            "Military Forces of Ukraine (2014-)",
        ),
        (
            "Military Forces of Nigeria (2023-)",
            date(2023, 5, 28),
            "Military Forces of Nigeria (2015-)",
        ),
        ("Military Forces of Mali (2021-)", date(2021, 1, 1), "Military Forces of Mali (2020-)"),
    ],
)
def test_state_forces_are_named_for_the_event_date(
    resolver: ActorResolver, name: str, day: date, expected: str
) -> None:
    actor = resolver.on_date(name, day)
    assert actor is not None and actor.name == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2013, 3, 1), "Jabhat al Nusra"),
        (date(2016, 7, 27), "Jabhat al Nusra"),
        (date(2016, 7, 28), "JFS: Al Nusra Front"),
        (date(2019, 10, 1), "JFS: Al Nusra Front"),
    ],
)
def test_the_nusra_front_is_named_for_the_event_date(
    resolver: ActorResolver, day: date, expected: str
) -> None:
    # the front renamed itself Jabhat Fateh al-Sham on 28 July 2016
    phrase = "Militants of the Nusra Front shelled the town"
    found = resolver.find(phrase, country="Syria")
    named = [m.actor.name for m in found if not m.generic]
    assert named == ["JFS: Al Nusra Front"]
    actor = resolver.on_date(named[0], day, country="Syria")
    assert actor is not None and (actor.name, actor.inter) == (expected, 2)


def test_names_without_periods_are_not_renamed(resolver: ActorResolver) -> None:
    assert resolver.on_date("Military Forces of Russia (2000-)", date(2016, 1, 1)) is None
    # the Houthi-run forces keep one name
    assert resolver.on_date(YEMEN_SPC, date(2019, 1, 1)) is None
    assert resolver.on_date("Civilians (Yemen)", date(2016, 1, 1)) is None


@pytest.mark.parametrize(
    ("day", "name", "inter"),
    [
        (date(2021, 8, 14), "Taliban", 2),
        (date(2021, 8, 15), "Military Forces of Afghanistan (2021-)", 1),
    ],
)
def test_an_armed_group_that_takes_power_becomes_the_state_forces(
    resolver: ActorResolver, day: date, name: str, inter: int
) -> None:
    actor = resolver.resolve("Taliban fighters", country="Afghanistan")
    assert actor is not None
    assert resolver.on_date(actor.name, day, country="Afghanistan") == Actor(
        name, inter, "Afghanistan"
    )


def test_afghan_forces_before_the_taliban_took_power(resolver: ActorResolver) -> None:
    actor = resolver.resolve("Afghan soldiers", country="Afghanistan")
    assert actor is not None
    dated = resolver.on_date(actor.name, date(2019, 3, 2), country="Afghanistan")
    assert dated == Actor("Military Forces of Afghanistan (2004-)", 1, "Afghanistan")


@pytest.mark.parametrize(
    ("day", "name", "inter"),
    [
        (date(2018, 6, 1), "Military Forces of Sudan (1989-) Rapid Support Forces", 1),
        (date(2023, 4, 14), "Military Forces of Sudan (2019-) Rapid Support Forces", 1),
        (date(2023, 4, 15), "Rapid Support Forces", 2),
    ],
)
def test_rsf_are_state_forces_until_the_war(
    resolver: ActorResolver, day: date, name: str, inter: int
) -> None:
    assert resolver.on_date("Rapid Support Forces", day, country="Sudan") == Actor(
        name, inter, "Sudan"
    )


def test_foreign_state_forces_stay_external_in_every_period(resolver: ActorResolver) -> None:
    actor = resolver.on_date("Military Forces of Israel (2022-)", date(2020, 2, 1), country="Syria")
    assert actor == Actor("Military Forces of Israel (2009-)", 8, "Israel")


def test_a_period_name_is_a_known_actor(resolver: ActorResolver) -> None:
    assert resolver.actor(YEMEN_GOV_2012, country="Yemen") == Actor(YEMEN_GOV_2012, 1, "Yemen")
    assert resolver.actor("Military Forces of Israel (2009-)", country="Palestine") == Actor(
        "Military Forces of Israel (2009-)", 8, "Israel"
    )


def _yemen_event(day: str | None, **kw: object) -> Event:
    values: dict[str, object] = {
        "actor1": YEMEN_SPC,
        "inter1": 1,
        "actor2": YEMEN_PLC,
        "inter2": 1,
        "interaction": 11,
        "country": "Yemen",
        "assoc_actor_2": "Giants Brigades; " + YEMEN_PLC,
    }
    values.update(kw)
    return Event(day, "Battles", "Armed clash", **values)  # type: ignore[arg-type]


def test_dated_renames_the_actors_of_an_event(resolver: ActorResolver) -> None:
    before = _yemen_event("2020-06-01")
    after = resolver.dated(before)
    assert (after.actor1, after.actor2) == (YEMEN_SPC, YEMEN_GOV_2012)
    assert after.assoc_actor_2 == "Giants Brigades; " + YEMEN_GOV_2012
    assert after.event_id != before.event_id and after.event_id == after.compute_id()
    assert (after.event_date, after.fatalities, after.country) == ("2020-06-01", 0, "Yemen")


def test_dated_keeps_an_event_of_the_current_period_or_without_a_date(
    resolver: ActorResolver,
) -> None:
    current = _yemen_event("2023-02-01")
    assert resolver.dated(current) is current
    undated = _yemen_event(None)
    assert resolver.dated(undated) is undated


def test_dated_updates_inter_codes_and_interaction(resolver: ActorResolver) -> None:
    event = Event(
        "2022-05-01",
        "Violence against civilians",
        "Attack",
        actor1="Taliban",
        inter1=2,
        actor2="Civilians (Afghanistan)",
        inter2=7,
        interaction=27,
        country="Afghanistan",
    )
    after = resolver.dated(event)
    assert (after.actor1, after.inter1, after.interaction) == (
        "Military Forces of Afghanistan (2021-)",
        1,
        17,
    )


def test_coded_event_uses_the_name_of_its_date() -> None:
    article = Article(
        id="ye-2020",
        text="On 3 March 2020, Houthi rebels shelled Yemeni government forces in Nehm, "
        "killing four soldiers.",
        published=date(2020, 3, 4),
    )
    events = Coder().code(article)
    assert events
    names = {events[0].actor1, events[0].actor2}
    assert YEMEN_SPC in names and YEMEN_GOV_2012 in names
    assert YEMEN_PLC not in names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Yemen's National Resistance Forces fight the Houthis: their own actor, never the enemy
        (
            "National Resistance Forces repelled a Houthi attack near Hays.",
            [
                ("National Resistance Forces", "National Resistance Forces", 3),
                ("Houthi", YEMEN_SPC, 1),
            ],
        ),
        (
            "Forces loyal to Tareq Saleh clashed with the Houthis.",
            [
                ("Forces loyal to Tareq Saleh", "National Resistance Forces", 3),
                ("Houthis", YEMEN_SPC, 1),
            ],
        ),
    ],
)
def test_yemen_national_resistance_is_not_its_enemy(
    resolver: ActorResolver, text: str, expected: list[tuple[str, str, int]]
) -> None:
    found = resolver.find(text, country="Yemen")
    got = []
    for m in found:
        actor = resolver.on_date(m.actor.name, date(2021, 5, 1), country="Yemen") or m.actor
        got.append((m.text, actor.name, actor.inter))
    assert got == expected


@pytest.mark.parametrize(
    ("country", "phrase", "name", "inter"),
    [
        ("Afghanistan", "ISKP militants", "Islamic State (Afghanistan)", 2),
        ("Afghanistan", "National Resistance Front fighters", "NRF: National Resistance Front", 2),
        ("Pakistan", "Baloch Liberation Army", "BLA: Baloch Liberation Army", 2),
        ("India", "Maoist rebels", "CPI (Maoist): Communist Party of India (Maoist)", 2),
        ("India", "CRPF personnel", "Police Forces of India (2014-)", 1),
        ("India", "Indian troops", "Military Forces of India (2014-)", 1),
        ("Mexico", "Sinaloa Cartel gunmen", "Sinaloa Cartel", 3),
        ("Mexico", "Mexican soldiers", "Military Forces of Mexico (2024-)", 1),
        ("Mexico", "CJNG members", "CJNG: Jalisco New Generation Cartel", 3),
        ("United States", "police officers", "Police Forces of the United States (2025-)", 1),
        # armed groups named like civilians or like each other are their own actors
        ("Nigeria", "Civilian JTF members", "CJTF: Civilian Joint Task Force", 3),
        ("United States", "Proud Boys", "Proud Boys", 3),
        ("Sudan", "JEM fighters", "JEM: Justice and Equality Movement", 2),
        ("Myanmar", "TNLA troops", "TNLA: Ta'ang National Liberation Army", 2),
        ("Myanmar", "Kokang rebels", "MNDAA: Myanmar National Democratic Alliance Army", 2),
        ("Myanmar", "Karen National Union", "KNLA: Karen National Liberation Army", 2),
        ("Burkina Faso", "Ansaroul Islam militants", "Ansaroul Islam", 2),
        ("Nigeria", "IPOB members", "IPOB: Indigenous People of Biafra", 2),
    ],
)
def test_actors_of_more_countries(
    resolver: ActorResolver, country: str, phrase: str, name: str, inter: int
) -> None:
    assert resolver.resolve(phrase, country=country) == Actor(name, inter, country)


@pytest.mark.parametrize(
    ("periods", "problem"),
    [
        ("[]", "periods of 'X' must be a non-empty list"),
        ("[{from: 2020-01-01}]", "period 1 of 'X' must be a mapping with 'name'"),
        ("[{name: A}, {name: B}]", "period 'B' of 'X' needs 'from' (only the first may omit it)"),
        ("[{name: A, from: 5 May}]", "period 'A' of 'X': invalid 'from' '5 May' (use YYYY-MM-DD)"),
        (
            "[{name: A, from: 2020-01-01}, {name: B, from: 2019-01-01}]",
            "periods of 'X' must be in date order ('B' starts on 2019-01-01, not after 2020-01-01)",
        ),
        ("[{name: A, inter: 9}]", "unknown inter code 9 for 'A' (use 1-8)"),
        (
            "[{name: A, since: 2020-01-01}]",
            "unknown key 'since' in a period of 'X' (known keys: from, inter, name)",
        ),
    ],
)
def test_invalid_periods_raise(tmp_path: Path, periods: str, problem: str) -> None:
    path = _write(tmp_path, f"actors:\n  - name: X\n    inter: 1\n    periods: {periods}\n")
    with pytest.raises(OntologyError) as info:
        ActorResolver.load(path)
    assert problem in str(info.value)
    assert str(info.value).startswith(f"{path}:")


def test_user_periods_rename_a_packaged_actor(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "actors:\n  - name: Military Forces of Russia (2000-)\n    inter: 1\n"
        "    country: Russia\n    role: military\n    aliases: [Russian forces]\n"
        "    periods:\n      - {name: Military Forces of Russia (2000-)}\n"
        "      - {from: 2030-05-07, name: Military Forces of Russia (2030-)}\n",
    )
    resolver = ActorResolver.load(path)
    actor = resolver.resolve("Russian forces", country="Ukraine")
    assert actor is not None
    dated = resolver.on_date(actor.name, date(2031, 1, 1), country="Ukraine")
    assert dated == Actor("Military Forces of Russia (2030-)", 8, "Russia")


@pytest.mark.parametrize(
    ("phrase", "country", "expected"),
    [
        # Syrian state media's "terrorist" fire is the rebels' fire, as its "terrorists" are
        ("a terrorist rocket attack", "Syria", "Opposition Rebels (Syria)"),
        ("terrorist mortar shells", "Syria", "Opposition Rebels (Syria)"),
        ("terrorist shelling", "Syria", "Opposition Rebels (Syria)"),
        ("terrorist attacks with mortar shells", "Syria", "Opposition Rebels (Syria)"),
        ("a terrorist attack with rockets", "Syria", "Opposition Rebels (Syria)"),
        # elsewhere the words name nobody in particular; a bomb is anyone's
        ("a terrorist rocket attack", "Nigeria", None),
        ("a terrorist car bomb", "Syria", None),
    ],
)
def test_state_media_terrorist_fire_names_the_rebels_in_syria(
    resolver: ActorResolver, phrase: str, country: str, expected: str | None
) -> None:
    actor = resolver.resolve(phrase, country=country)
    assert (actor.name if actor else None) == expected


@pytest.mark.parametrize(
    ("country", "expected"),
    [("Syria", "Global Coalition Against Daesh"), ("Yemen", "Operation Restoring Hope")],
)
def test_coalition_raids_name_the_coalition_of_the_country(
    resolver: ActorResolver, country: str, expected: str
) -> None:
    for phrase in ("coalition raids", "coalition air raids", "coalition strikes"):
        actor = resolver.resolve(phrase, country=country)
        assert actor is not None and actor.name == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a strike on an air base strikes the forces of the country it lies in
        ("Cruise missiles hit an airbase near the city on Friday.", ["an airbase"]),
        ("Rockets fell on the air base at dawn.", ["the air base"]),
        # a base with a name of its own is a place, not an actor
        ("Drones attacked the Hmeimim air base on Friday.", []),
    ],
)
def test_an_unnamed_air_base_names_the_state_forces(
    resolver: ActorResolver, text: str, expected: list[str]
) -> None:
    found = resolver.find(text, country="Syria")
    assert [m.text for m in found] == expected
    assert all(m.actor.name == "Military Forces of Syria (2000-)" for m in found)


def _jihadist_clash(assoc_actor_2: str | None = None) -> Event:
    return Event(
        "2015-03-02",
        "Battles",
        "Armed clash",
        country="Syria",
        actor1=SYRIAN_FORCES,
        inter1=1,
        actor2="Islamist Militia (Syria)",
        inter2=3,
        interaction=13,
        assoc_actor_2=assoc_actor_2,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Nusra Front fighters stormed the hill. The army said it killed ten jihadists there.",
        # another group named in passing: the report is about the one it names most
        "Nusra Front fighters stormed the hill, and Nusra Front later held it. The front had"
        " split from Islamic State long before. The army said it killed ten jihadists there.",
    ],
)
def test_generic_jihadists_are_the_one_group_the_report_names(
    resolver: ActorResolver, text: str
) -> None:
    event = resolver.namesakes(_jihadist_clash(), text)
    # the name the front had on the event date
    assert (event.actor2, event.inter2, event.interaction) == ("Jabhat al Nusra", 2, 12)
    assert event.event_id == event.compute_id()


@pytest.mark.parametrize(
    ("text", "assoc"),
    [
        # two groups named: which one the jihadists were is not told
        ("Nusra Front and Islamic State fighters stormed the hill; ten jihadists died.", None),
        # the group is already beside them on the event
        (
            "Nusra Front fighters stormed the hill; ten jihadists died.",
            "JFS: Al Nusra Front",
        ),
        # no group named
        ("Soldiers repelled an attack by jihadists on the hill.", None),
    ],
)
def test_generic_jihadists_stay_generic_when_the_report_does_not_tell(
    resolver: ActorResolver, text: str, assoc: str | None
) -> None:
    event = _jihadist_clash(assoc)
    assert resolver.namesakes(event, text) is event


def test_stands_for_must_be_a_list_of_names(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "actors:\n  - template: Militants ({country})\n    inter: 3\n    stands_for: HTS\n",
    )
    with pytest.raises(OntologyError) as info:
        ActorResolver.load(path)
    assert str(info.value) == (
        f"{path}:2: stands_for of 'Militants ({{country}})' must be a list of non-empty strings"
    )


def test_a_country_name_stands_for_its_military_forces() -> None:
    resolver = ActorResolver.load()
    found = resolver.country_forces("the US", country="Syria")
    assert found is not None
    assert (found.start, found.end) == (0, 6)
    assert (found.actor.name, found.actor.inter) == (
        "Military Forces of the United States (2021-)",
        8,
    )
    assert resolver.country_forces("Homs") is None
    assert resolver.country_forces("Russian") is None  # an adjective is no country's name


def test_martyrs_of_a_report_are_civilians() -> None:
    # state media's word for the dead of a bombing in a town
    found = ActorResolver.load().resolve("three martyrs", country="Syria")
    assert found is not None and found.name == "Civilians (Syria)"
