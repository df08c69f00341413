"""End-to-end tests for conflictcoder/coder.py on invented articles."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from spacy.tokens import Doc

from conflictcoder.coder import Chunk, Coder, SentenceGate
from conflictcoder.config import Settings, load_settings
from conflictcoder.model import Article, Event
from conflictcoder.pipeline import Work

# a Wednesday: "on Monday" is 2023-11-20, "on Tuesday" 2023-11-21, "on Sunday" 2023-11-19
PUBLISHED = date(2023, 11, 22)

AIR_STRIKE = (
    "Russian jets kill three in Idlib town\n"
    "\n"
    "Russian warplanes struck the town of Maarrat al-Numan in southern Idlib province on "
    "Monday, local activists said. Two children and a woman were killed in the strikes, and "
    "seven people were wounded.\n"
)
BARREL_BOMBS = (
    "Regime helicopters dropped barrel bombs on several villages in the southern countryside "
    "of Idlib on Tuesday, including Kafr Nabl and Hass, activists said."
)
NOT_EVENTS = (
    "The regime is planning an offensive on the town of Saraqib, a military source said. "
    "Russia is likely to launch a new wave of airstrikes on Idlib next week.\n"
    "\n"
    "More than 200 civilians were killed in airstrikes across the province last month, the "
    "monitor said.\n"
    "\n"
    "At the beginning of November, regime forces shelled the village of Kafr Nabl.\n"
    "\n"
    "Talks in Ankara failed to reach a ceasefire agreement on Tuesday.\n"
    "\n"
    "Read also: Regime shelling kills four in Ariha\n"
)
CLASH = (
    "Clashes erupted between regime forces and rebels on the outskirts of Kafr Nabl on "
    "Sunday, leaving four fighters dead on both sides."
)


def _article(doc_id: str, text: str, source: str | None = None) -> Article:
    return Article(id=doc_id, text=text, published=PUBLISHED, source=source)


def _assert_evidence_points_into(article: Article, events: list[Event]) -> None:
    for event in events:
        assert event.evidence
        for ev in event.evidence:
            assert ev.doc_id == article.id
            assert article.text[ev.start : ev.end] == ev.sentence


def test_air_strike_with_civilian_deaths(coder: Coder) -> None:
    article = _article("air-1", AIR_STRIKE, source="Levant Wire")
    (event,) = coder.code(article)
    assert (event.event_type, event.sub_event_type) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert (event.event_date, event.time_precision) == ("2023-11-20", 1)
    assert (event.actor1, event.inter1) == ("Military Forces of Russia (2000-)", 8)
    assert (event.actor2, event.inter2, event.interaction) == ("Civilians (Syria)", 7, 78)
    assert event.civilian_targeting == "Civilian targeting"
    assert (event.country, event.iso, event.admin1) == ("Syria", 760, "Idleb")
    assert event.location == "Maarrat al-Numan"
    assert event.geo_precision == 1
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (3, 3, 3)
    assert event.injured == 7
    assert event.fatalities_breakdown == {"children": 2, "women": 1}
    assert event.reported_by == "local activists"
    assert event.source == "Levant Wire"
    assert event.doc_ids == ["air-1"]
    assert event.modality == "realised"
    assert event.notes == event.evidence[0].sentence
    assert [e.sentence for e in event.evidence] == [
        "Russian warplanes struck the town of Maarrat al-Numan in southern Idlib province on "
        "Monday, local activists said.",
        "Two children and a woman were killed in the strikes, and seven people were wounded.",
    ]
    _assert_evidence_points_into(article, [event])


def test_toll_sentence_without_anaphor_joins_the_strike(coder: Coder) -> None:
    # a generic "were killed" sentence with no place of its own adds the toll to the strike
    text = AIR_STRIKE.replace(" in the strikes,", "")
    events = coder.code(_article("air-2", text))
    assert [(e.sub_event_type, e.fatalities, e.injured) for e in events] == [
        ("Air/drone strike", 3, 7)
    ]


def test_barrel_bombs_on_several_villages_give_one_event_per_village(coder: Coder) -> None:
    article = _article("barrels-1", BARREL_BOMBS)
    events = coder.code(article)
    assert [e.location for e in events] == ["Kafr Nabl", "Hass"]
    for event in events:
        assert event.sub_event_type == "Air/drone strike"
        assert (event.actor1, event.interaction) == ("Military Forces of Syria (2000-)", 10)
        assert event.event_date == "2023-11-21"
        assert event.admin1 == "Idleb"
        assert event.weapon == "barrel bomb"
        assert event.reported_by == "activists"
        assert event.fatalities == 0
    assert len({e.event_id for e in events}) == 2
    _assert_evidence_points_into(article, events)


def test_plans_forecasts_tolls_background_and_links_are_not_events(coder: Coder) -> None:
    assert coder.code(_article("none-1", NOT_EVENTS)) == []


def test_clash_between_regime_forces_and_rebels(coder: Coder) -> None:
    article = _article("clash-1", CLASH)
    (event,) = coder.code(article)
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert event.actor1 == "Military Forces of Syria (2000-)"
    assert event.actor2 == "Opposition Rebels (Syria)"
    assert (event.inter1, event.inter2, event.interaction) == (1, 2, 12)
    assert event.civilian_targeting is None
    assert event.event_date == "2023-11-19"
    assert (event.location, event.geo_precision) == ("Kafr Nabl", 1)
    assert event.fatalities == 4
    assert event.fatalities_breakdown == {"combatants": 4}
    _assert_evidence_points_into(article, [event])


def test_article_without_triggers_has_no_events(coder: Coder) -> None:
    text = "Residents of Idlib queued for bread on Monday as prices rose again."
    assert coder.code(_article("quiet-1", text)) == []


def test_event_id_is_stable_across_runs(coder: Coder) -> None:
    first = coder.code(_article("air-1", AIR_STRIKE))
    second = coder.code(_article("air-1", AIR_STRIKE))
    assert [e.event_id for e in first] == [e.event_id for e in second]
    assert first[0].event_id == first[0].compute_id()
    assert first[0].event_id.startswith("cc-")
    assert [e.to_dict() for e in first] == [e.to_dict() for e in second]


def test_same_incident_from_another_outlet_gets_the_same_id(coder: Coder) -> None:
    (one,) = coder.code(_article("outlet-a", CLASH, source="Levant Wire"))
    (two,) = coder.code(_article("outlet-b", CLASH, source="Idlib Today"))
    assert one.event_id == two.event_id
    assert (one.doc_ids, two.doc_ids) == (["outlet-a"], ["outlet-b"])


def test_code_many_yields_articles_in_input_order(coder: Coder) -> None:
    articles = [
        _article("c", CLASH),
        _article("n", NOT_EVENTS),
        _article("a", AIR_STRIKE),
        _article("b", BARREL_BOMBS),
    ]
    results = list(coder.code_many(iter(articles)))
    assert [article.id for article, _ in results] == ["c", "n", "a", "b"]
    assert [len(events) for _, events in results] == [1, 0, 1, 2]
    for article, events in results:
        assert all(e.doc_ids == [article.id] for e in events)
        _assert_evidence_points_into(article, events)


def test_code_many_of_nothing_yields_nothing(coder: Coder) -> None:
    assert list(coder.code_many([])) == []


def test_code_many_starts_with_one_article_only_on_a_coders_first_call(settings: object) -> None:
    from conflictcoder import coder as coder_module

    fresh = Coder(settings)  # type: ignore[arg-type]
    pulled: list[int] = []

    def stream(n: int) -> Iterator[Article]:
        for i in range(n):
            pulled.append(i)
            yield Article(id=f"s{i}", text="Bread prices rose again in the capital.")

    first = fresh.code_many(stream(10))
    next(first)
    assert pulled == [0]  # the first result comes before the rest of the stream is read
    assert len(list(first)) == 9
    pulled.clear()
    second = fresh.code_many(stream(3 * coder_module._BATCH))
    next(second)
    assert len(pulled) == coder_module._BATCH  # later calls read whole batches at once


def test_separate_incident_in_the_same_place_is_its_own_event(coder: Coder) -> None:
    text = (
        "Regime forces shelled the village of Kafr Nabl in Idlib province on Monday. "
        "In a separate incident, gunmen killed a shepherd."
    )
    events = coder.code(_article("two-1", text))
    assert [(e.sub_event_type, e.actor1, e.location) for e in events] == [
        ("Shelling/artillery/missile attack", "Military Forces of Syria (2000-)", "Kafr Nabl"),
        ("Attack", "Unidentified Armed Group (Syria)", "Kafr Nabl"),
    ]
    assert [e.fatalities for e in events] == [0, 1]


# -- the sentence gate: only sentences that can hold a trigger go through the full pipeline ---

GATED = (
    "Prices of bread rose again in the capital. Regime jets struck the market of Ariha on "
    "Monday. The weather stayed cold.\n"
    "\n"
    "Activists said the town was calm on Sunday. They said two children were killed in Hass "
    "on Monday. Schools reopened."
)


def test_the_gate_parses_trigger_sentences_and_passes_the_rest_unparsed(coder: Coder) -> None:
    chunks = coder.chunks(GATED)
    # before the first trigger sentence only sentences naming a province matter
    assert [(c.text, c.doc is None) for c in chunks] == [
        ("Regime jets struck the market of Ariha on Monday.", True),
        ("The weather stayed cold.", False),
        # the source of the later "They said" comes with the trigger sentence
        (
            "Activists said the town was calm on Sunday. They said two children were killed "
            "in Hass on Monday.",
            True,
        ),
        ("Schools reopened.", False),
    ]
    for chunk in chunks:
        assert GATED[chunk.offset : chunk.offset + len(chunk.text)] == chunk.text
        if chunk.doc is not None:  # tokenised, sentences split, no model run
            assert chunk.doc.text.rstrip() == chunk.text
            assert {t.pos_ for t in chunk.doc} == {"X"}
            assert [t.lemma_ for t in chunk.doc][:2] == [t.lower_ for t in chunk.doc][:2]


def test_the_gate_changes_no_event(coder: Coder, settings: object) -> None:
    ungated = Coder(coder.settings, sentence_gate=False)
    assert ungated.chunks("A.\n\nB.") == [Chunk(0, "A."), Chunk(4, "B.")]
    articles = [
        _article("g1", AIR_STRIKE),
        _article("g2", BARREL_BOMBS),
        _article("g3", NOT_EVENTS),
        _article("g4", CLASH),
        _article("g5", GATED),
    ]
    gated = [[e.to_dict() for e in events] for _, events in coder.code_many(articles)]
    plain = [[e.to_dict() for e in events] for _, events in ungated.code_many(articles)]
    assert gated == plain
    assert sum(map(len, gated)) >= 5


def test_a_trigger_without_a_fixed_word_turns_the_gate_off(coder: Coder) -> None:
    gate = SentenceGate(coder.nlp, patterns=["air strike", [{"LEMMA": "shell"}]])
    assert gate.exact
    assert [c.doc is None for c in gate.chunks("Shells hit Ariha. Talks went on.")] == [True, False]
    assert gate.chunks("Talks went on in Geneva. Prices rose.") == []
    loose = SentenceGate(coder.nlp, patterns=["air strike", [{"POS": "VERB"}]])
    assert not loose.exact
    assert loose.chunks("Talks went on. Shells hit Ariha.") == [
        Chunk(0, "Talks went on. Shells hit Ariha.")
    ]


def test_a_phrase_needs_all_its_words_in_the_sentence(coder: Coder) -> None:
    gate = SentenceGate(coder.nlp, patterns=["barrel bomb"])
    chunks = gate.chunks("Helicopters dropped barrel bombs on Hass. The barrel was full.")
    assert [(c.text, c.doc is None) for c in chunks] == [
        ("Helicopters dropped barrel bombs on Hass.", True),
        ("The barrel was full.", False),
    ]
    assert gate.chunks("The barrel was full. Bombs fell.") == []


def _parse(coder: Coder, text: str) -> Doc:
    """The Doc the coder's nlp component gives ``text``."""
    work = Work(Article(id="parse", text=text), chunks=[Chunk(0, text)])
    coder.pipeline.get("nlp")(work)
    assert work.parsed is not None
    return work.parsed[0][1]


def test_the_entity_recognizer_runs_only_when_the_settings_ask(settings: Settings) -> None:
    text = "Turkish troops entered Afrin on Monday, the Syrian Observatory said."
    off = _parse(Coder(replace(settings, entity_recognizer=False)), text)
    on = _parse(Coder(replace(settings, entity_recognizer=True)), text)
    assert off.ents == ()
    assert ("Monday", "DATE") in [(e.text, e.label_) for e in on.ents]
    assert [t.dep_ for t in off] == [t.dep_ for t in on]  # the parse is the same either way


# a village no gazetteer knows and a generic actor: only the source or a setting tells the
# country, and without a country "regime forces" are nobody's forces
UNPLACED = "On 3 March 2021 regime forces shelled Tell Dahrija."


def _unplaced(source: str | None = None) -> Article:
    return Article(id="unplaced", text=UNPLACED, published=PUBLISHED, source=source)


def test_a_single_country_source_gives_the_country(coder: Coder) -> None:
    (event,) = coder.code(_unplaced(source="Valley Courier; SOHR"))
    assert (event.actor1, event.inter1) == ("Military Forces of Syria (2000-)", 1)
    assert (event.country, event.iso, event.location) == ("Syria", 760, "Tell Dahrija")


def test_the_sources_url_gives_the_country(coder: Coder) -> None:
    article = replace(_unplaced(), url="https://www.kyivindependent.com/news/1")
    (event,) = coder.code(article)
    assert (event.actor1, event.country) == ("Military Forces of Ukraine (2019-)", "Ukraine")


def test_without_source_or_setting_a_report_has_no_country(coder: Coder) -> None:
    for source in (None, "Valley Courier", "SOHR; Ukrinform"):
        (event,) = coder.code(_unplaced(source=source))
        assert (event.actor1, event.country, event.iso) == (None, None, None)
        assert event.location == "Tell Dahrija"


def test_the_default_country_setting_is_the_last_resort(gazetteer_path: Path) -> None:
    settings = load_settings(gazetteer_path=str(gazetteer_path), default_country="Syria")
    syria = Coder(settings)
    (event,) = syria.code(_unplaced())
    assert (event.actor1, event.country, event.iso) == (
        "Military Forces of Syria (2000-)",
        "Syria",
        760,
    )
    # the source still comes before the setting
    (event,) = syria.code(_unplaced(source="Ukrinform"))
    assert (event.actor1, event.country) == ("Military Forces of Ukraine (2019-)", "Ukraine")


def test_a_province_the_text_names_beats_the_sources_country(coder: Coder) -> None:
    text = "Regime forces shelled Tell Dahrija in Idlib province on Monday."
    (event,) = coder.code(_article("idlib-1", text, source="Ukrinform"))
    assert (event.actor1, event.country, event.admin1) == (
        "Military Forces of Syria (2000-)",
        "Syria",
        "Idleb",
    )


def test_a_user_sources_file_is_used(gazetteer_path: Path, tmp_path: Path) -> None:
    user = tmp_path / "outlets.yaml"
    user.write_text("sources:\n  - country: Syria\n    names: [Valley Courier]\n", "utf-8")
    settings = load_settings(gazetteer_path=str(gazetteer_path), user_rules={"sources": str(user)})
    (event,) = Coder(settings).code(_unplaced(source="Valley Courier"))
    assert event.country == "Syria"


# ------------------------------------------------------------------ real-news habits


def test_a_neighbourhood_with_a_hyphenated_article_is_a_part_of_its_city(coder: Coder) -> None:
    # "Serian" sounds like "Syrian": with its article it is a toponym, not a demonym
    text = "Rebel rockets hit the al-Serian neighborhood in Aleppo city on Monday, killing two."
    (event,) = coder.code(_article("n1", text))
    assert (event.location, event.admin1, event.fatalities) == ("Aleppo - al-Serian", "Aleppo", 2)


def test_a_country_at_a_names_end_or_as_a_lost_possessive_is_left_out(coder: Coder) -> None:
    for text in (
        "Jets struck Syrias Aleppo on Monday, killing three people.",
        "Jets struck Aleppo Syria on Monday, killing three people.",
    ):
        (event,) = coder.code(_article("n2", text))
        assert (event.location, event.geo_precision) == ("Aleppo", 1)


def test_us_led_strikes_are_the_coalitions(coder: Coder) -> None:
    text = "US-led air strikes on Manbij in Aleppo province killed 12 civilians on Monday."
    (event,) = coder.code(_article("n3", text))
    assert (event.actor1, event.actor2) == ("Global Coalition Against Daesh", "Civilians (Syria)")


def test_a_branch_of_the_state_forces_is_not_their_opponent(coder: Coder) -> None:
    text = "The regimes air force carried out a massacre in the town of Duma on Monday, killing 12."
    (event,) = coder.code(_article("n4", text))
    assert event.actor1 is not None and event.actor1.startswith("Military Forces of Syria")
    assert event.actor2 is None


def test_the_day_a_report_was_made_is_not_the_events(coder: Coder) -> None:
    # PUBLISHED is a Wednesday: "over the weekend" is Saturday 18 November (week precision)
    text = "Gunmen killed 20 villagers near Saraqib over the weekend, officials said on Monday."
    (event,) = coder.code(_article("d1", text))
    assert (event.event_date, event.time_precision) == ("2023-11-18", 2)
    # with no other date, the day it was said is the best there is
    text = "Gunmen killed 20 villagers near Saraqib, officials said on Monday."
    (event,) = coder.code(_article("d2", text))
    assert (event.event_date, event.time_precision) == ("2023-11-20", 1)


def test_the_title_names_the_country_when_the_text_does_not(coder: Coder) -> None:
    text = "Gunmen killed five villagers in Zarzour on Thursday, a local official said."
    article = replace(_article("t1", text), title="Gunmen kill five in Jordan village")
    (event,) = coder.code(article)
    assert (event.country, event.actor1, event.actor2) == (
        "Jordan",
        "Unidentified Armed Group (Jordan)",
        "Civilians (Jordan)",
    )
    (untitled,) = coder.code(_article("t2", text))
    assert untitled.country is None


def test_an_actors_possessive_without_its_apostrophe_is_no_place(coder: Coder) -> None:
    text = "Syrian jets targeted ISILs positions in Saraqib on Sunday, killing several fighters."
    (event,) = coder.code(_article("p1", text))
    assert (event.location, event.admin1) == ("Saraqib", "Idleb")


UNCLAIMED_RAIDS = (
    "Air strikes hit the vegetable market of Ariha in Idlib province on Saturday, killing "
    "nine people, a monitoring group said. Nobody could say whose aircraft had carried out "
    "the raids."
)


def test_an_unattributed_air_strike_in_syria_is_presumed_syrian_or_russian(coder: Coder) -> None:
    # while both air forces bombed Syria (from 30 September 2015) ACLED codes an air strike
    # nobody attributes to "Allied Syrian and/or Russian Forces"; before, the Syrian forces
    during = Article(id="raid-2016", text=UNCLAIMED_RAIDS, published=date(2016, 5, 16))
    (event,) = coder.code(during)
    assert (event.sub_event_type, event.event_date) == ("Air/drone strike", "2016-05-14")
    assert (event.actor1, event.inter1) == ("Allied Syrian and/or Russian Forces", 1)
    before = Article(id="raid-2014", text=UNCLAIMED_RAIDS, published=date(2014, 5, 19))
    (earlier,) = coder.code(before)
    assert (earlier.actor1, earlier.inter1) == ("Military Forces of Syria (2000-)", 1)


def test_the_syrian_air_force_is_named_as_acled_names_it_on_the_event_date(coder: Coder) -> None:
    text = "Regime warplanes bombed the town of Ariha in Idlib province on Monday, killing four."
    early = coder.code(Article(id="jets-2016", text=text, published=date(2016, 5, 18)))
    late = coder.code(Article(id="jets-2020", text=text, published=date(2020, 2, 19)))
    assert [e.actor1 for e in early] == ["Military Forces of Syria (2000-)"]
    assert [e.actor1 for e in late] == ["Military Forces of Syria (2000-) Syrian Arab Air Force"]
