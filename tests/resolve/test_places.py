"""Tests for conflictcoder/resolve/places.py: the article's focus and toponym resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictcoder.errors import OntologyError
from conflictcoder.geo import Gazetteer
from conflictcoder.model import Place, PlaceRef
from conflictcoder.resolve.places import Focus, PlaceResolver, load_feature_kinds

SYRIA_IDLIB = Focus(countries=("SY",), admin1=(("SY", "Idleb"),))
NO_FOCUS = Focus()


@pytest.fixture(scope="module")
def resolver(gazetteer_path: Path) -> PlaceResolver:
    # the precision of unknown names as the unit they are placed at, so that the tests below
    # show where they are placed (test_unresolved_precision_follows_the_text: the default)
    resolver = PlaceResolver(Gazetteer.open(gazetteer_path))
    resolver.unresolved_precision = "unit"
    return resolver


def ref(name: str, **kwargs: str) -> PlaceRef:
    return PlaceRef(name, 0, len(name), **kwargs)


# ------------------------------------------------------------------ focus


def test_focus_counts_countries_demonyms_and_provinces(resolver: PlaceResolver) -> None:
    text = (
        "Russian jets struck towns in Idlib province on Monday. Syrian activists said the "
        "strikes on the Idleb countryside and in Hama killed six. Iraqi officials were silent."
    )
    focus = resolver.focus(text)
    assert focus.countries == ("SY", "RU", "IQ")
    assert focus.admin1 == (("SY", "Idleb"), ("SY", "Hama"))


def test_focus_sees_demonyms_inside_compounds(resolver: PlaceResolver) -> None:
    focus = resolver.focus("Iranian-backed militias advanced.")
    assert focus == Focus(countries=("IR",), admin1=())


def test_focus_ties_keep_the_order_of_appearance(resolver: PlaceResolver) -> None:
    assert resolver.focus("Talks between Iraq and Syria.").countries == ("IQ", "SY")


def test_focus_ignores_province_names_that_are_common_words(resolver: PlaceResolver) -> None:
    assert resolver.focus("North of the river, South of the road.") == Focus()


def test_shared_province_name_counts_for_the_named_country(resolver: PlaceResolver) -> None:
    # "Kirkuk" is one unit; "Damascus" is a Syrian unit only: both unambiguous
    focus = resolver.focus("Clashes in Kirkuk. Protest in Damascus.")
    assert focus.admin1 == (("IQ", "Kirkuk"), ("SY", "Damascus"))
    assert focus.countries == ("IQ", "SY")


def test_empty_text_has_no_focus(resolver: PlaceResolver) -> None:
    assert resolver.focus("") == Focus()


# ------------------------------------------------------------------ towns


def test_town_is_precision_one_with_acled_geography(resolver: PlaceResolver) -> None:
    place = resolver.resolve(ref("Binnesh"), SYRIA_IDLIB)
    assert place == Place(
        location="Binnesh",
        country="Syria",
        iso=760,
        admin1="Idleb",
        admin2=None,
        latitude=35.95664,
        longitude=36.7138,
        geo_precision=1,
        geonameid=171451,
    )


def test_location_is_spelled_as_written_or_as_the_gazetteer(gazetteer_path: Path) -> None:
    resolver = PlaceResolver(Gazetteer.open(gazetteer_path))
    assert resolver.resolve(ref("Binnesh"), SYRIA_IDLIB).location == "Binnesh"
    resolver.location_spelling = "gazetteer"
    assert resolver.resolve(ref("Binnesh"), SYRIA_IDLIB).location == "Binnish"
    # a provincial capital always takes ACLED's name
    assert resolver.resolve(ref("Dayr az Zawr"), NO_FOCUS).location == "Deir-ez-Zor"


def test_trailing_settlement_word_is_not_part_of_the_name(resolver: PlaceResolver) -> None:
    place = resolver.resolve(ref("Binnesh village"), SYRIA_IDLIB)
    assert (place.location, place.geonameid) == ("Binnesh", 171451)


def test_outskirts_stay_precision_one_and_near_is_two(resolver: PlaceResolver) -> None:
    assert resolver.resolve(ref("Saraqeb", qualifier="outskirts"), SYRIA_IDLIB).geo_precision == 1
    near = resolver.resolve(ref("Maarat al-Nouman", qualifier="near"), SYRIA_IDLIB)
    assert (near.location, near.geo_precision, near.geonameid) == ("Maarat al-Nouman", 2, 167611)


def test_provincial_capital_takes_the_acled_spelling(resolver: PlaceResolver) -> None:
    place = resolver.resolve(ref("Dayr az Zawr"), NO_FOCUS)
    assert (place.location, place.admin1, place.geo_precision) == ("Deir-ez-Zor", "Deir-ez-Zor", 1)


def test_focus_chooses_between_namesakes(resolver: PlaceResolver) -> None:
    # Sinjar: a village in Idlib and a town of 38,000 in Ninewa
    assert resolver.resolve(ref("Sinjar"), NO_FOCUS).country == "Iraq"
    assert resolver.resolve(ref("Sinjar"), SYRIA_IDLIB).admin1 == "Idleb"
    iraq = Focus(countries=("IQ", "SY"))
    assert resolver.resolve(ref("Sinjar"), iraq).admin1 == "Ninewa"


def test_focus_province_beats_focus_country(resolver: PlaceResolver) -> None:
    # Suran: a town in Hama and a village in Aleppo
    assert resolver.resolve(ref("Suran"), Focus(countries=("SY",))).admin1 == "Hama"
    aleppo = Focus(countries=("SY",), admin1=(("SY", "Aleppo"),))
    assert resolver.resolve(ref("Suran"), aleppo).admin1 == "Aleppo"


def test_container_restricts_to_its_province(resolver: PlaceResolver) -> None:
    hama_focus = Focus(countries=("SY",), admin1=(("SY", "Hama"),))
    place = resolver.resolve(ref("Suran", container="Aleppo"), hama_focus)
    assert (place.admin1, place.geo_precision, place.unresolved) == ("Aleppo", 1, False)
    place = resolver.resolve(ref("Sinjar", container="Idlib province"), NO_FOCUS)
    assert (place.country, place.admin1) == ("Syria", "Idleb")


def test_container_country_restricts_to_the_country(resolver: PlaceResolver) -> None:
    assert resolver.resolve(ref("Sinjar", container="Syria"), NO_FOCUS).admin1 == "Idleb"


def test_small_namesake_abroad_is_not_taken(resolver: PlaceResolver) -> None:
    # Sinjar in Iraq (38,000 people) is no match for an article about Lebanon
    place = resolver.resolve(ref("Sinjar"), Focus(countries=("LB",)))
    assert place.unresolved and place.country == "Lebanon" and place.latitude is None


def test_large_city_abroad_is_taken(resolver: PlaceResolver) -> None:
    place = resolver.resolve(ref("Baghdad"), SYRIA_IDLIB)
    assert (place.location, place.country, place.geo_precision) == ("Baghdad", "Iraq", 1)


def test_city_abroad_needs_its_own_name_as_written(resolver: PlaceResolver) -> None:
    assert resolver.resolve(ref("Kyiv"), SYRIA_IDLIB).country == "Ukraine"
    kiev = resolver.resolve(ref("Kiev"), SYRIA_IDLIB)  # an alternate name of Kyiv only
    assert (kiev.location, kiev.admin1, kiev.unresolved) == ("Kiev", "Idleb", True)
    assert resolver.resolve(ref("Kiev"), NO_FOCUS).country == "Ukraine"


def test_second_focus_country_needs_the_spelling(resolver: PlaceResolver) -> None:
    # the article is about Syria first; Iraq is named too
    focus = Focus(countries=("SY", "IQ"), admin1=(("SY", "Idleb"),))
    assert resolver.resolve(ref("Erbil"), focus).country == "Iraq"
    place = resolver.resolve(ref("Kirkook"), focus)  # Kirkuk's key, not one of its spellings
    assert place.unresolved


# ------------------------------------------------------------------ fuzzy names


def test_misspelt_one_word_name_matches_a_town_of_the_province(resolver: PlaceResolver) -> None:
    place = resolver.resolve(ref("Bennsh"), SYRIA_IDLIB)
    assert (place.location, place.geonameid, place.geo_precision) == ("Bennsh", 171451, 1)
    near = resolver.resolve(ref("Bennsh", qualifier="near"), SYRIA_IDLIB)
    assert near.geo_precision == 2


def test_fuzzy_match_uses_the_container_province(resolver: PlaceResolver) -> None:
    place = resolver.resolve(ref("Bennsh", container="Hama"), SYRIA_IDLIB)
    assert (place.location, place.admin1, place.unresolved) == ("Bennsh", "Hama", True)


def test_no_fuzzy_match_without_a_province(resolver: PlaceResolver) -> None:
    assert resolver.resolve(ref("Bennsh"), Focus(countries=("SY",))).unresolved


def test_no_fuzzy_match_for_several_words_or_short_names(resolver: PlaceResolver) -> None:
    # Maarat al-Nasan is another town than Maarat al-Numan, though most letters match
    assert resolver.resolve(ref("Maarat al-Nasan"), SYRIA_IDLIB).unresolved
    assert resolver.resolve(ref("Idlb"), SYRIA_IDLIB).unresolved


def test_fuzzy_matching_can_be_turned_off(gazetteer_path: Path) -> None:
    strict = PlaceResolver(Gazetteer.open(gazetteer_path))
    strict.fuzzy_cutoff = None
    assert strict.resolve(ref("Bennsh"), SYRIA_IDLIB).unresolved


# ------------------------------------------------------------------ provinces


def test_province_is_coded_at_its_capital(resolver: PlaceResolver) -> None:
    place = resolver.resolve(ref("Idlib", kind="province"), NO_FOCUS)
    assert place == Place(
        location="Idleb",
        country="Syria",
        iso=760,
        admin1="Idleb",
        latitude=35.93062,
        longitude=36.63393,
        geo_precision=3,
        geonameid=169389,
    )


def test_name_that_is_only_a_province(resolver: PlaceResolver) -> None:
    place = resolver.resolve(ref("Rif Dimashq"), NO_FOCUS)
    assert (place.location, place.admin1, place.geo_precision) == ("Duma", "Rural Damascus", 3)


def test_countryside_with_direction(resolver: PlaceResolver) -> None:
    place = resolver.resolve(
        ref("Aleppo", qualifier="countryside", direction="southern", kind="province"), NO_FOCUS
    )
    assert (place.location, place.admin1, place.geo_precision) == (
        "southern Aleppo countryside",
        "Aleppo",
        3,
    )
    capital = resolver.resolve(ref("Aleppo"), NO_FOCUS)
    assert (place.latitude, place.longitude) == (capital.latitude, capital.longitude)
    assert place.geonameid is None


def test_countryside_without_direction_uses_the_acled_province_name(
    resolver: PlaceResolver,
) -> None:
    place = resolver.resolve(ref("Idlib", qualifier="countryside", kind="province"), NO_FOCUS)
    assert (place.location, place.admin1) == ("Idleb countryside", "Idleb")


def test_damascus_countryside_is_rural_damascus(resolver: PlaceResolver) -> None:
    place = resolver.resolve(
        ref("Damascus", qualifier="countryside", direction="eastern", kind="province"), NO_FOCUS
    )
    assert (place.location, place.admin1, place.geo_precision) == (
        "eastern Damascus countryside",
        "Rural Damascus",
        3,
    )


def test_countryside_of_a_town_is_near_it(resolver: PlaceResolver) -> None:
    place = resolver.resolve(ref("Binnish", qualifier="countryside"), SYRIA_IDLIB)
    assert (place.location, place.geo_precision) == ("Binnish", 2)


def test_country_reference_is_coded_at_its_capital(resolver: PlaceResolver) -> None:
    place = resolver.resolve(ref("Syria"), NO_FOCUS)
    assert (place.location, place.country, place.admin1, place.geo_precision) == (
        "Damascus",
        "Syria",
        "Damascus",
        3,
    )


# ------------------------------------------------------------------ unresolved


def test_unknown_village_keeps_its_name_at_the_container_province(
    resolver: PlaceResolver,
) -> None:
    place = resolver.resolve(ref("Jarjanaz", container="Idlib"), Focus(countries=("SY",)))
    assert place == Place(
        location="Jarjanaz",
        country="Syria",
        iso=760,
        admin1="Idleb",
        latitude=35.93062,
        longitude=36.63393,
        geo_precision=3,
        unresolved=True,
    )


def test_unknown_village_falls_back_to_the_focus_province(resolver: PlaceResolver) -> None:
    hama = Focus(countries=("SY",), admin1=(("SY", "Hama"),))
    place = resolver.resolve(ref("Maar Shamarin"), hama)
    assert (place.location, place.admin1, place.geo_precision, place.unresolved) == (
        "Maar Shamarin",
        "Hama",
        3,
        True,
    )


def test_unknown_village_without_any_context(resolver: PlaceResolver) -> None:
    assert resolver.resolve(ref("Jarjanaz"), NO_FOCUS) == Place(
        location="Jarjanaz", geo_precision=3, unresolved=True
    )


def test_unknown_village_in_an_unknown_container_uses_the_focus(
    resolver: PlaceResolver,
) -> None:
    place = resolver.resolve(ref("Jarjanaz", container="Jabal al-Zawiya"), SYRIA_IDLIB)
    assert (place.admin1, place.unresolved) == ("Idleb", True)


# ------------------------------------------------------------------ context in the text


def in_text(text: str, name: str, **kwargs: str) -> PlaceRef:
    start = text.index(name)
    return PlaceRef(name, start, start + len(name), **kwargs)


def test_unknown_village_is_coded_near_the_town_the_text_locates_it_by(
    resolver: PlaceResolver,
) -> None:
    text = "Jets struck Jarjanaz village in the southern countryside of Saraqib, Syria."
    focus = resolver.focus(text)
    place = resolver.resolve(in_text(text, "Jarjanaz village"), focus)
    saraqib = resolver.resolve(ref("Saraqib"), focus)
    assert (place.location, place.admin1, place.geo_precision, place.unresolved) == (
        "Jarjanaz",
        "Idleb",
        2,
        True,
    )
    assert (place.latitude, place.longitude) == (saraqib.latitude, saraqib.longitude)


def test_anchor_may_follow_a_list_of_unknown_names(resolver: PlaceResolver) -> None:
    text = "Rebels took Zarzour, Foo Hill and Barqoum near Binnish in Syria."
    place = resolver.resolve(in_text(text, "Zarzour"), resolver.focus(text))
    assert (place.admin1, place.geo_precision, place.unresolved) == ("Idleb", 2, True)


def test_anchor_can_name_the_place_instead(gazetteer_path: Path) -> None:
    resolver = PlaceResolver(Gazetteer.open(gazetteer_path))
    resolver.unknown_near_anchor = "anchor"
    text = "Jets struck Jarjanaz in the countryside of Saraqib, Syria."
    place = resolver.resolve(in_text(text, "Jarjanaz"), resolver.focus(text))
    assert (place.location, place.geo_precision, place.unresolved) == ("Saraqib", 2, True)


def test_a_province_after_the_name_is_no_anchor(resolver: PlaceResolver) -> None:
    text = "Jets struck Jarjanaz in Idlib, Syria."
    place = resolver.resolve(in_text(text, "Jarjanaz"), resolver.focus(text))
    assert (place.admin1, place.geo_precision) == ("Idleb", 3)
    text = "Jets struck Jarjanaz in Idlib city, Syria."
    place = resolver.resolve(in_text(text, "Jarjanaz"), resolver.focus(text))
    assert (place.admin1, place.geo_precision) == ("Idleb", 2)


def test_a_known_word_heading_an_unknown_name_is_no_anchor(resolver: PlaceResolver) -> None:
    text = "Jets struck Jarjanaz and Tal Zorba in Syria."  # Tal is a town of its own
    place = resolver.resolve(in_text(text, "Jarjanaz"), resolver.focus(text))
    assert place.latitude is None and place.unresolved


def test_a_town_given_as_container_locates_the_name(resolver: PlaceResolver) -> None:
    place = resolver.resolve(ref("Jarjanaz", container="Saraqeb countryside"), NO_FOCUS)
    assert (place.country, place.admin1, place.geo_precision, place.unresolved) == (
        "Syria",
        "Idleb",
        2,
        True,
    )


def test_anchor_breaks_ties_between_namesakes(resolver: PlaceResolver) -> None:
    # Suran: a town in Hama and a village in Aleppo; the text puts it near Aleppo's Tal Rifaat
    text = "Shelling hit Suran near Tall Rifat, Syria."
    place = resolver.resolve(in_text(text, "Suran"), resolver.focus(text))
    assert place.admin1 == "Aleppo"


def test_neighbourhood_of_a_large_city_is_written_city_dash_part(resolver: PlaceResolver) -> None:
    text = "Shells hit the Zahraa neighbourhood in Aleppo city, Syria."
    place = resolver.resolve(in_text(text, "Zahraa neighbourhood"), resolver.focus(text))
    assert (place.location, place.admin1, place.geo_precision, place.unresolved) == (
        "Aleppo - Zahraa",
        "Aleppo",
        1,
        False,
    )
    text = "Shells hit the Hara neighbourhood in Binnish town, Syria."
    place = resolver.resolve(in_text(text, "Hara neighbourhood"), resolver.focus(text))
    assert (place.location, place.geo_precision) == ("Binnish", 1)


def test_country_hint_comes_first(resolver: PlaceResolver) -> None:
    # Sinjar: a town of 38,000 in Iraq and a village in Syria's Idlib
    assert resolver.resolve(ref("Sinjar"), Focus(countries=("IQ",))).country == "Iraq"
    place = resolver.resolve(ref("Sinjar"), Focus(countries=("IQ",)), country="Syria")
    assert place.admin1 == "Idleb"
    assert resolver.with_country(Focus(countries=("TR",)), "Syria").countries == ("SY", "TR")
    unchanged = Focus(countries=("SY",))
    assert resolver.with_country(unchanged, "SY") is unchanged
    assert resolver.with_country(unchanged, None) is unchanged


def test_focus_lists_the_places_it_knows_without_doubt(resolver: PlaceResolver) -> None:
    focus = resolver.focus("Jets struck Binnish and Saraqib in Idlib province, Syria.")
    assert [p.name for p in focus.places] == ["Binnish", "Saraqib"]
    assert focus.text.startswith("Jets")


def test_unknown_name_takes_the_province_of_the_articles_towns(resolver: PlaceResolver) -> None:
    text = "Jets struck Binnish in Syria. Later, shells hit Jarjanaz."
    place = resolver.resolve(in_text(text, "Jarjanaz"), resolver.focus(text))
    assert (place.admin1, place.geo_precision, place.unresolved) == ("Idleb", 3, True)


def test_far_namesake_outside_the_articles_provinces_is_dropped(resolver: PlaceResolver) -> None:
    # Suran in Hama is 60 km from Binnish (kept); an article about Aleppo's villages near the
    # Turkish border would not take a namesake 200 km away
    text = "Jets struck Binnish in Idlib province, Syria, and Suran."
    place = resolver.resolve(in_text(text, "Suran"), resolver.focus(text))
    assert place.admin1 == "Hama"
    resolver.far_km = 10.0
    try:
        assert resolver.resolve(in_text(text, "Suran"), resolver.focus(text)).unresolved
    finally:
        resolver.far_km = PlaceResolver.far_km


def test_a_province_after_the_name_rules_out_namesakes_elsewhere(
    resolver: PlaceResolver,
) -> None:
    # Suran: a town in Hama and a village in Aleppo
    text = "Shelling hit Suran in Aleppo, Syria."
    assert resolver.resolve(in_text(text, "Suran"), resolver.focus(text)).admin1 == "Aleppo"
    text = "Shelling hit Suran in the western countryside of Hama, Syria."
    place = resolver.resolve(in_text(text, "Suran"), resolver.focus(text))
    assert (place.admin1, place.unresolved) == ("Hama", False)
    # Binnish is a town of Idlib: "Binnish in Hama" is another one, that no source knows
    text = "Shelling hit Binnish in Hama, Syria."
    place = resolver.resolve(in_text(text, "Binnish"), resolver.focus(text))
    assert (place.location, place.admin1, place.unresolved) == ("Binnish", "Hama", True)


def test_a_name_that_says_it_is_a_province_is_the_province(resolver: PlaceResolver) -> None:
    text = "A convoy headed to Idlib province, Syria."
    place = resolver.resolve(in_text(text, "Idlib province"), resolver.focus(text))
    assert (place.location, place.admin1, place.geo_precision, place.unresolved) == (
        "Idleb",
        "Idleb",
        3,
        False,
    )


def test_rural_province_is_its_countryside_unit(resolver: PlaceResolver) -> None:
    text = "Police raided Jarjanaz in rural Damascus, Syria."
    place = resolver.resolve(in_text(text, "Jarjanaz"), resolver.focus(text))
    assert (place.admin1, place.unresolved) == ("Rural Damascus", True)
    text = "Police raided Jarjanaz in Damascus, Syria."
    assert resolver.resolve(in_text(text, "Jarjanaz"), resolver.focus(text)).admin1 == "Damascus"


def test_provinces_in_a_list_do_not_contain_each_other(resolver: PlaceResolver) -> None:
    text = "Jets struck the areas of Idlib and Aleppo, Syria."
    place = resolver.resolve(in_text(text, "Idlib"), resolver.focus(text))
    assert (place.admin1, place.unresolved) == ("Idleb", False)


def test_an_anchor_outside_the_province_named_after_it_is_a_namesake(
    resolver: PlaceResolver,
) -> None:
    # the known Qanawat lies in As-Sweida; "Qanawat area in Damascus" is another one
    text = "A bomb went off in Zorba in Qanawat area in Damascus, Syria."
    place = resolver.resolve(in_text(text, "Zorba"), resolver.focus(text))
    assert (place.admin1, place.unresolved) == ("Damascus", True)
    text = "A bomb went off in Zorba in Qanawat area in As-Sweida, Syria."
    place = resolver.resolve(in_text(text, "Zorba"), resolver.focus(text))
    assert (place.admin1, place.geo_precision) == ("As-Sweida", 2)


def test_neighbourhood_words_lead_to_the_city(resolver: PlaceResolver) -> None:
    text = "A bomb exploded in Zorba neighbourhood in Damascus city, Syria."
    place = resolver.resolve(in_text(text, "Zorba", kind="neighbourhood"), resolver.focus(text))
    assert (place.location, place.admin1, place.geo_precision) == (
        "Damascus - Zorba",
        "Damascus",
        1,
    )


def test_a_camp_named_after_a_town_keeps_its_own_name(resolver: PlaceResolver) -> None:
    text = "Guards were attacked in Binnish Camp, Syria."
    place = resolver.resolve(in_text(text, "Binnish Camp"), resolver.focus(text))
    assert (place.location, place.admin1, place.unresolved) == ("Binnish Camp", "Idleb", False)
    text = "Guards were attacked in Binnish town, Syria."
    assert (
        resolver.resolve(in_text(text, "Binnish town"), resolver.focus(text)).location == "Binnish"
    )


def test_without_any_country_a_small_alias_match_is_no_place(resolver: PlaceResolver) -> None:
    # "Kabani" is an alternate name of a village in Ukraine of 5,000 people
    place = resolver.resolve(ref("Kabani", kind="area"), NO_FOCUS)
    assert place.unresolved and place.latitude is None
    assert resolver.resolve(ref("Binnish"), NO_FOCUS).admin1 == "Idleb"  # its own name


def test_unresolved_precision_is_the_units_by_default(gazetteer_path: Path) -> None:
    resolver = PlaceResolver(Gazetteer.open(gazetteer_path))
    # the coordinates are the province capital's, so the precision is the province's
    text = "Jets struck Jarjanaz in Idlib, Syria."
    place = resolver.resolve(in_text(text, "Jarjanaz"), resolver.focus(text))
    assert (place.geo_precision, place.unresolved, place.admin1) == (3, True, "Idleb")


def test_unresolved_precision_can_follow_the_text(gazetteer_path: Path) -> None:
    resolver = PlaceResolver(Gazetteer.open(gazetteer_path))
    resolver.unresolved_precision = "text"
    # a village is precision 1 as the report names it; its coordinates are its province's
    text = "Jets struck Jarjanaz in Idlib, Syria."
    place = resolver.resolve(in_text(text, "Jarjanaz"), resolver.focus(text))
    assert (place.geo_precision, place.unresolved, place.admin1) == (1, True, "Idleb")
    text = "Jets struck near Jarjanaz in Idlib, Syria."
    place = resolver.resolve(in_text(text, "Jarjanaz", qualifier="near"), resolver.focus(text))
    assert place.geo_precision == 2
    text = "Jets struck Jarjanaz area in the countryside of Saraqib, Syria."
    place = resolver.resolve(in_text(text, "Jarjanaz", kind="area"), resolver.focus(text))
    assert (place.geo_precision, place.admin1) == (2, "Idleb")
    resolver.unresolved_precision = "unit"
    text = "Jets struck Jarjanaz in Idlib, Syria."
    assert resolver.resolve(in_text(text, "Jarjanaz"), resolver.focus(text)).geo_precision == 3


def test_part_of_a_province_is_its_countryside(resolver: PlaceResolver) -> None:
    text = "Troops massed in southern Idlib province, Syria."
    place = resolver.resolve(
        in_text(text, "Idlib", kind="province", direction="southern"), resolver.focus(text)
    )
    assert (place.location, place.admin1, place.geo_precision) == (
        "southern Idleb countryside",
        "Idleb",
        3,
    )


# ------------------------------------------------------------------ feature kinds


def test_feature_kinds_load_and_validate(tmp_path: Path) -> None:
    default, kinds = load_feature_kinds()
    assert default.classes[0] == "P"
    assert kinds["airbase"].classes[0] == "S" and kinds["district"].precision == 2
    assert kinds["neighbourhood"].city_part
    assert kinds["front"].precision == 2 and kinds["desert"].classes[0] == "T"
    path = tmp_path / "kinds.yaml"
    path.write_text("default: {classes: [P]}\nkinds:\n  town: {classes: [Q]}\n", encoding="utf-8")
    with pytest.raises(OntologyError) as info:
        load_feature_kinds(path)
    assert str(info.value) == (
        f"{path}:3: town: classes must be a list of GeoNames feature classes "
        "(A, H, L, P, S, T, V), got ['Q']"
    )
    path.write_text(
        "default: {classes: [P]}\nkinds:\n  town: {classes: [P], precision: 5}\n", encoding="utf-8"
    )
    with pytest.raises(OntologyError) as info:
        load_feature_kinds(path)
    assert str(info.value) == f"{path}:3: town: precision must be 1, 2 or 3, got 5"


def test_district_kind_is_the_area_around_the_town(resolver: PlaceResolver) -> None:
    place = resolver.resolve(ref("Binnish", kind="district"), SYRIA_IDLIB)
    assert (place.location, place.geo_precision) == ("Binnish", 2)


# ------------------------------------------------------------------ what locates a place


@pytest.mark.parametrize(
    ("text", "admin1", "unresolved"),
    [
        # Binnish (Idlib) is about 130 km from Manbij: the text means another place
        ("Jets struck Binnish in the countryside of Manbij, Syria.", "Aleppo", True),
        ("Jets struck Binnish east of Manbij, Syria.", "Aleppo", True),
        # near enough to be the town the text means
        ("Jets struck Binnish in the countryside of Saraqib, Syria.", "Idleb", False),
        # "and" puts two places side by side: neither locates the other
        ("Jets struck Binnish and Manbij, Syria.", "Idleb", False),
    ],
)
def test_a_namesake_far_from_the_town_that_locates_it_is_another_place(
    resolver: PlaceResolver, text: str, admin1: str, unresolved: bool
) -> None:
    place = resolver.resolve(in_text(text, "Binnish"), resolver.focus(text))
    assert (place.admin1, place.unresolved) == (admin1, unresolved)


def test_a_unit_named_after_a_region_does_not_move_the_focus(resolver: PlaceResolver) -> None:
    # "Shamal" (north) is also a Lebanese governorate's name
    text = "A bomb exploded at the base of the Al Shamal brigade in Raqqa city, Syria."
    assert resolver.focus(text).countries == ("SY",)
    assert ("LB", "North") not in resolver.focus("Fighters of the Ash Shamal Brigade.").admin1
    # the same name with no unit word after it is still the governorate
    assert ("LB", "North") in resolver.focus("Storms hit Ash Shamal in Lebanon.").admin1


def test_a_large_foreign_city_is_itself_however_far_from_the_article(
    resolver: PlaceResolver,
) -> None:
    text = "Jets struck Binnish in Idlib, Syria. Envoys met in Kyiv."
    place = resolver.resolve(in_text(text, "Kyiv"), resolver.focus(text))
    assert (place.country, place.unresolved) == ("Ukraine", False)


def test_one_word_must_be_spelled_as_the_province_to_count_for_the_focus(
    resolver: PlaceResolver,
) -> None:
    # "Some" shares a name key with Ukraine's Sumy
    assert resolver.focus("Some 14 people were killed in Aleppo.").countries == ("SY",)
    assert resolver.focus("Troops entered Sumy.").admin1 == (("UA", "Sumy"),)


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        ("Shelling hit Reyhanli in Hatay province.", (("TR", "Hatay"),)),
        ("Shelling hit Reyhanli in Hatay, Turkey.", (("TR", "Hatay"),)),
        # a one-word unit of a country admin1.csv leaves out, named nowhere else: too many
        # of them are common words ("Grad rockets"), so it takes more than its name
        ("Shelling hit a village in Hatay.", ()),
        # admin1.csv's units count by their name alone
        ("Shelling hit a village in Idlib.", (("SY", "Idleb"),)),
    ],
)
def test_units_of_uncurated_countries_count_when_the_text_says_so(
    resolver: PlaceResolver, text: str, admin1: tuple[tuple[str, str], ...]
) -> None:
    assert resolver.focus(text).admin1 == admin1


def test_a_weekday_after_the_anchor_is_not_part_of_its_name(resolver: PlaceResolver) -> None:
    # "on" joins names ("Rostov-on-Don"), but not "Saraqib on Friday"
    text = "Gunmen stormed the Zarzour Farms in Saraqib on Friday evening, Syria."
    place = resolver.resolve(in_text(text, "Zarzour Farms"), resolver.focus(text))
    saraqib = resolver.resolve(ref("Saraqib"), resolver.focus(text))
    assert (place.geo_precision, place.unresolved) == (2, True)
    assert (place.latitude, place.longitude) == (saraqib.latitude, saraqib.longitude)


def test_a_large_town_says_which_country_when_nothing_else_does(
    resolver: PlaceResolver,
) -> None:
    assert resolver.focus("A bomb exploded in central Baghdad on Thursday.").countries == ("IQ",)
    # a country named still wins
    assert resolver.focus("Envoys from Syria met in Mosul.").countries == ("SY",)


@pytest.mark.parametrize("building", ["Hotel", "Hospital", "Mosque", "School"])
def test_a_building_in_a_town_is_coded_as_the_town(resolver: PlaceResolver, building: str) -> None:
    text = f"Gunmen stormed the Zarzour {building} in Saraqib on Friday evening, Syria."
    focus = resolver.focus(text)
    place = resolver.resolve(in_text(text, f"Zarzour {building}"), focus)
    saraqib = resolver.resolve(ref("Saraqib"), focus)
    assert (place.location, place.geo_precision, place.unresolved) == ("Saraqib", 1, False)
    assert (place.latitude, place.longitude) == (saraqib.latitude, saraqib.longitude)
