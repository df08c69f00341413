"""Property tests: ``Coder.code`` on arbitrary text returns well-formed events, never crashes.

Texts are drawn from news words (so that events do get coded) mixed with hostile pieces,
and from arbitrary Unicode. The spaCy pipeline makes each example slow: few examples, no
deadline.
"""

from __future__ import annotations

import math
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conflictcoder.coder import Coder
from conflictcoder.errors import InputError
from conflictcoder.ingest._common import build_article
from conflictcoder.model import MODALITIES, Article, Event
from conflictcoder.ontology import acled_types

# CONFLICTCODER_FUZZ_EXAMPLES=N runs a longer campaign (the suite keeps it short).
SLOW = settings(
    max_examples=int(os.environ.get("CONFLICTCODER_FUZZ_EXAMPLES") or 25),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
NEWS_WORDS = [
    "Russian warplanes",
    "regime helicopters",
    "rebels",
    "Islamic State",
    "struck",
    "shelled",
    "killed",
    "wounded",
    "clashed with",
    "dropped barrel bombs on",
    "the town of",
    "Kafr Nabl",
    "Ariha",
    "Idlib province",
    "Aleppo",
    "Mosul",
    "on Monday",
    "last week",
    "three civilians",
    "dozens of",
    "tens of fighters",
    "activists said",
    "will launch",
    "denied",
    ",",
    ".",
    "\n",
    "\n\n",
    '"',
    "(",
]
news_text = st.lists(
    st.one_of(
        *[st.sampled_from(NEWS_WORDS)] * 4,
        st.text(st.characters(exclude_categories=("Cs",)), max_size=6),
    ),
    max_size=60,
).map(" ".join)
any_text = st.text(max_size=300)  # lone surrogates included
published = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))


def check_events(article: Article, events: list[Event]) -> None:
    """What every coded event must satisfy, whatever the text."""
    types = acled_types()
    for event in events:
        assert isinstance(event, Event)
        assert event.sub_event_type in types
        assert types[event.sub_event_type].event_type == event.event_type
        assert event.modality in MODALITIES
        assert event.fatalities >= 0
        assert event.injured is None or event.injured >= 0
        assert event.time_precision in (1, 2, 3)
        assert event.geo_precision in (None, 1, 2, 3)
        for code in (event.inter1, event.inter2):
            assert code is None or 1 <= code <= 8
        for value in (event.latitude, event.longitude, event.confidence):
            assert value is None or math.isfinite(value)
        assert 0 <= event.confidence <= 1
        assert event.evidence
        for evidence in event.evidence:
            assert evidence.doc_id == article.id
            assert article.text[evidence.start : evidence.end] == evidence.sentence
        event.to_dict()  # serialisable


def coded(coder: Coder, article: Article) -> tuple[Article, list[Event]]:
    """The article as the coder coded it (``codable``, then the pipeline's ``clean``
    component, which normalises whitespace: the evidence quotes that text) and its events,
    as ``Coder.code`` codes it."""
    return next(coder.code_many([coder.codable(article)]))


@SLOW
@given(text=news_text, day=published)
@example(text="clashed with  0", day=None)  # coded from the cleaned text: one space
def test_coding_news_like_text_never_crashes(coder: Coder, text: str, day: date | None) -> None:
    article = Article(id="fuzz", text=text, published=day)
    check_events(*coded(coder, article))


@SLOW
@given(text=any_text)
def test_coding_arbitrary_text_never_crashes(coder: Coder, text: str) -> None:
    # the evidence quotes the text as coded (lone surrogates as U+FFFD, cleaned)
    check_events(*coded(coder, Article(id="fuzz", text=text)))


@SLOW
@given(text=st.text(max_size=300), day=published)
def test_what_ingest_accepts_can_be_coded(coder: Coder, text: str, day: date | None) -> None:
    # Any text, lone surrogates included, through the checks every reader applies.
    item = build_article(
        Path("fuzz.txt"),
        text,
        settings=coder.settings,
        doc_id="fuzz",
        origin="fuzz.txt",
        default_published=day,
    )
    if isinstance(item, InputError):
        assert str(item).startswith("fuzz.txt: ")
        return
    check_events(item, coder.code(item))


def test_a_batch_of_hostile_articles_is_coded_in_one_pass(coder: Coder) -> None:
    articles = [
        Article(id=str(n), text=text)
        for n, text in enumerate(
            [
                "",
                "\n\n\n",
                "\x00\x01\x02",
                "\u202eRussian warplanes struck Ariha\u202c on Monday, killing three.",
                "killed " * 500,
                "Ariha " * 2000,
                "Shelling hit a village " + "9" * 5000 + " km from Aleppo.",
                "💥" * 300,
                "9" * 4000 + " people were injured in Aleppo.",
            ]
        )
    ]
    coded = list(coder.code_many(articles))
    assert [a.id for a, _ in coded] == [a.id for a in articles]
    for article, events in coded:
        check_events(article, events)


def test_an_overlong_paragraph_given_directly_to_the_coder(coder: Coder) -> None:
    # One line of over a million characters (spaCy refuses more than nlp.max_length at
    # once): parsed in pieces broken at sentence ends, evidence offsets into the text.
    filler = "Prices rose again in the market of the town. " * 25_000
    text = filler + "Russian warplanes struck Ariha on Monday, killing three civilians."
    assert len(text) > coder.nlp.max_length and "\n" not in text
    article = Article(id="long", text=text, published=date(2020, 1, 6))
    events = coder.code(article)
    check_events(article, events)
    assert [(e.sub_event_type, e.location, e.fatalities) for e in events] == [
        ("Air/drone strike", "Ariha", 3)
    ]
    assert events[0].evidence[0].start == len(filler)


def test_a_document_over_max_document_chars_is_refused_by_name(coder: Coder) -> None:
    text = "Jets hit Ariha. " * (coder.settings.max_document_chars // 16 + 1)
    with pytest.raises(InputError) as caught:
        coder.code(Article(id="huge", text=text, origin="feeds/huge.txt"))
    assert str(caught.value) == (
        f"feeds/huge.txt: document too large ({len(text)} characters; "
        f"the limit is max_document_chars = {coder.settings.max_document_chars})"
    )
    with pytest.raises(InputError, match=r"^huge: document too large"):
        coder.code(Article(id="huge", text=text))


def test_chunks_never_exceed_max_paragraph_chars(coder: Coder) -> None:
    small = Coder(replace(coder.settings, max_paragraph_chars=40), sentence_gate=False)
    # share the loaded spaCy pipeline: Resources builds each resource on first use, so one
    # set before then is used as is
    small.resources.nlp = coder.nlp
    text = "Jets hit Ariha. Two died in Binnish on Monday.\n" + "x" * 100 + " end."
    chunks = small.chunks(text)
    assert all(len(c.text) <= 40 for c in chunks)
    # same length, same offsets: every chunk is the text at its offset, or a newline
    # where a break replaced one character
    for chunk in chunks:
        assert text[chunk.offset : chunk.offset + len(chunk.text)] == chunk.text
    assert [c.text for c in chunks] == [
        "Jets hit Ariha.",
        "Two died in Binnish on Monday.",
        "x" * 40,
        "x" * 40,
        "x" * 18 + " end.",
    ]


def test_a_number_too_long_for_int_in_a_death_toll(coder: Coder) -> None:
    coder.code(Article(id="n", text="9" * 5000 + " people were killed in Aleppo."))


def test_an_absurd_death_toll_is_bounded(coder: Coder) -> None:
    text = "Russian warplanes struck Ariha on Monday, killing " + "9" * 30 + " civilians."
    events = coder.code(Article(id="n", text=text, published=date(2020, 1, 1)))
    assert all(e.fatalities < 2**31 for e in events)


def test_a_lone_surrogate_given_directly_to_the_coder(coder: Coder) -> None:
    text = "Russian warplanes struck Ariha \udcff on Monday, killing three civilians."
    events = coder.code(Article(id="s", text=text, published=date(2020, 1, 6)))
    assert [e.sub_event_type for e in events] == ["Air/drone strike"]
    # coded as U+FFFD: same length, so the offsets are offsets into the given text too
    (evidence,) = events[0].evidence
    assert (evidence.start, evidence.end) == (0, len(text))
    assert evidence.sentence == text.replace("\udcff", "\ufffd")
    events[0].to_dict()["notes"].encode("utf-8")  # storable and printable


def test_codable_leaves_a_valid_article_as_it_is(coder: Coder) -> None:
    article = Article(id="a", text="Jets hit Ariha.")
    assert coder.codable(article) is article
