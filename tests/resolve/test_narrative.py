"""Tests for conflictcoder.resolve.narrative: mentions dated from their sentence or story.

Every sentence here is invented for the test. 2023-11-22 is a Wednesday.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from conflictcoder.model import Article, Evidence, Mention, Place
from conflictcoder.resolve.dates import DateResolution, load_date_rules
from conflictcoder.resolve.events import Resolution
from conflictcoder.resolve.narrative import NarrativeDates, is_background

WEDNESDAY = date(2023, 11, 22)


def _article(*sentences: str, published: date | None = WEDNESDAY) -> Article:
    return Article(id="doc-n", text=" ".join(sentences), published=published)


def _mention(
    article: Article, sentence: str, *, kind: str = "Shelling/artillery/missile attack"
) -> Mention:
    start = article.text.index(sentence)
    return Mention(
        doc_id=article.id,
        sub_event_type=kind,
        event_type="Explosions/Remote violence",
        trigger="shelled",
        evidence=(Evidence(article.id, sentence, start, start + len(sentence)),),
        date_text=sentence,
    )


def _dates(article: Article, *sentences: str, places: list[str] | None = None) -> list[str | None]:
    narrative = NarrativeDates()
    resolved = narrative.dated(article, [_mention(article, s) for s in sentences])
    for item, name in zip(resolved, places or [], strict=False):
        item.places = [Place(location=name)]
    narrative.fill(resolved, article.published, article.text)
    return [r.date.date.isoformat() if r.date.date else None for r in resolved]


def test_a_mention_takes_its_own_sentences_date() -> None:
    article = _article("Troops shelled the village on Monday.")
    assert _dates(article, "Troops shelled the village on Monday.") == ["2023-11-20"]


def test_a_month_long_past_is_history_and_left_out() -> None:
    article = _article("Troops shelled the village in August.")
    assert NarrativeDates().dated(article, [_mention(article, article.text)]) == []


def test_an_undated_mention_takes_the_last_date_told_before_it() -> None:
    first = "On Monday, militants raided a farm near the river."
    second = "Troops shelled the village."
    article = _article(first, second)
    assert _dates(article, second) == ["2023-11-20"]


def test_an_undated_mention_takes_the_date_of_the_same_incident() -> None:
    first = "Troops shelled the village."
    second = "Troops shelled the village again on Tuesday."
    article = _article(first, second)
    assert _dates(article, first, second, places=["Kfar", "Kfar"]) == [
        "2023-11-21",
        "2023-11-21",
    ]


def test_an_undated_story_takes_publication() -> None:
    article = _article("Troops shelled the village.")
    assert _dates(article, "Troops shelled the village.") == ["2023-11-22"]


def test_background_is_a_month_precision_date_long_past() -> None:
    assert is_background(DateResolution(date(2023, 8, 15), 3, None, "in August"), WEDNESDAY)
    assert not is_background(DateResolution(date(2023, 11, 15), 3, None, "this month"), WEDNESDAY)
    assert not is_background(DateResolution(date(2023, 8, 15), 1, None, "15 August"), WEDNESDAY)


def test_the_rules_are_injected() -> None:
    rules = load_date_rules()
    narrative = NarrativeDates(rules)
    assert narrative.rules is rules
    assert narrative.date_of("Jets struck on Tuesday.", WEDNESDAY).date == date(2023, 11, 21)


def test_resolution_records_are_the_events_stage_records() -> None:
    article = _article("Troops shelled the village on Monday.")
    (item,) = NarrativeDates().dated(article, [_mention(article, article.text)])
    assert isinstance(item, Resolution)


def test_a_coarse_date_gives_way_to_a_finer_one_of_the_same_incident() -> None:
    first = "Fighting raged in the hills where rebels began an offensive last week."
    second = "On Monday the fighting was focused around the village."
    article = _article(first, second)
    mention = _mention(article, first, kind="Armed clash")
    start = article.text.index(second)
    mention = replace(
        mention,
        evidence=(*mention.evidence, Evidence(article.id, second, start, start + len(second))),
    )
    (item,) = NarrativeDates().dated(article, [mention])
    assert (item.date.date, item.date.precision) == (date(2023, 11, 20), 1)


def test_an_undated_sentence_takes_no_date_from_the_sentences_joined_to_it() -> None:
    first = "A drone hit a car at the entrance of the town."
    second = "Rebels had surrounded the town on 17 June."
    article = _article(first, second)
    mention = _mention(article, first)
    start = article.text.index(second)
    mention = replace(
        mention,
        evidence=(*mention.evidence, Evidence(article.id, second, start, start + len(second))),
    )
    (item,) = NarrativeDates().dated(article, [mention])
    assert item.date.date is None


def test_the_limit_of_a_period_is_no_time_of_the_story() -> None:
    first = "The town has been under siege since 3 November."
    second = "Troops shelled the village."
    article = _article(first, second)
    assert _dates(article, second) == ["2023-11-22"]


def test_meanwhile_returns_to_the_storys_first_date() -> None:
    lead = "Jets struck the market on Tuesday, killing nine."
    aside = "The town was taken by rebels on 5 November."
    back = "Meanwhile, troops shelled the village."
    article = _article(lead, aside, back)
    assert _dates(article, back) == ["2023-11-21"]
    # without the marker the last date told before it stands
    plain = "Troops shelled the village."
    article = _article(lead, aside, plain)
    assert _dates(article, plain) == ["2023-11-05"]


def test_an_event_in_a_clause_after_an_offset_is_dated_back() -> None:
    sentence = "The bodies were found on Monday, two days after gunmen abducted them."
    article = _article(sentence)
    mention = _mention(article, sentence, kind="Abduction/forced disappearance")
    mention = replace(mention, trigger="abducted")
    (item,) = NarrativeDates().dated(article, [mention])
    assert item.date.date == date(2023, 11, 18)


def test_no_publication_date_leaves_the_day_unknown_at_month_precision() -> None:
    sentence = "Troops shelled the village on Monday."
    article = _article(sentence, published=None)
    narrative = NarrativeDates()
    resolved = narrative.dated(article, [_mention(article, sentence)])
    assert narrative.fill(resolved, None, article.text) == 1
    assert (resolved[0].date.date, resolved[0].date.precision) == (None, 3)


def test_an_explicit_date_needs_no_publication_date() -> None:
    sentence = "Troops shelled the village on 2 November 2023."
    article = _article(sentence, published=None)
    narrative = NarrativeDates()
    resolved = narrative.dated(article, [_mention(article, sentence)])
    assert narrative.fill(resolved, None, article.text) == 0
    assert (resolved[0].date.date, resolved[0].date.precision) == (date(2023, 11, 2), 1)
