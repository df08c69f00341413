"""The report's own date from the dateline that opens its text (resolve/report_date.py)."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from conflictcoder.resolve.report_date import (
    Opening,
    break_opening,
    find_report_date,
    read_opening,
    report_date,
    undated_warning,
)


@pytest.mark.parametrize(
    ("text", "title", "published", "expected"),
    [
        # a weekday and a day at the very start, a clock after it
        (
            "Thu 03 Mar 2022 at 1140 Shells hit a school in the town. Two died.",
            None,
            None,
            date(2022, 3, 3),
        ),
        # a prefix word before it
        (
            "Published May 9 2021 Gunmen attacked a convoy near the river.",
            None,
            None,
            date(2021, 5, 9),
        ),
        (
            "Date of publication 14 February 2019 Clashes broke out in the old quarter.",
            None,
            None,
            date(2019, 2, 14),
        ),
        # a numeric dateline, day first
        (
            "21-08-2018 Militants stormed a checkpoint on the highway.",
            None,
            None,
            date(2018, 8, 21),
        ),
        # the headline repeated, the agency, then the date
        (
            "Drone kills four in market AFP Sunday 12 Jan 2020 A drone struck a market on Sunday.",
            "Drone kills four in market",
            None,
            date(2020, 1, 12),
        ),
        # a wire dateline without a year takes the publication's year
        (
            "MOGADISHU, Oct 4 (Reuters) - A car bomb exploded near a hotel on Tuesday.",
            None,
            date(2022, 10, 6),
            date(2022, 10, 4),
        ),
        # ... or the year before when the month is far after the publication
        (
            "KABUL, Dec 31 (Reuters) - A blast hit a bus.",
            None,
            date(2023, 1, 2),
            date(2022, 12, 31),
        ),
    ],
)
def test_a_dateline_that_opens_the_text_gives_the_report_date(
    text: str, title: str | None, published: date | None, expected: date
) -> None:
    assert find_report_date(text, title=title, published=published) == expected


@pytest.mark.parametrize(
    "text",
    [
        # the first sentence's own date is the event's, not the report's
        "On 21 February 2020 jets struck a bakery in the town.",
        "Jets struck a bakery in the town on 21 February 2020, killing three.",
        # a month and a year is no dateline
        "Mar 2015 Rebels shelled the airport.",
        # a wire dateline with no year and nothing to count from
        "ADEN, June 2 (Reuters) - Fighters attacked a port.",
    ],
)
def test_a_date_outside_a_dateline_position_is_not_the_report_date(text: str) -> None:
    assert find_report_date(text) is None


def test_the_headline_and_the_dateline_get_back_their_line_breaks() -> None:
    text = "Drone kills four in market AFP Sunday 12 Jan 2020 A drone struck a market on Sunday."
    opening = read_opening(text, title="Drone kills four in market")
    broken = break_opening(text, opening)
    assert len(broken) == len(text)  # offsets into the text stay valid
    assert broken.split("\n") == [
        "Drone kills four in market",
        "AFP Sunday 12 Jan 2020",
        "A drone struck a market on Sunday.",
    ]


def test_a_dateline_then_the_headline_again_are_two_lines_before_the_news() -> None:
    title = "Mortar fire wounds six in the capital"
    text = f"Mon 04 Apr 2016 at 0930 {title}. Six people were wounded when mortar rounds fell."
    broken = break_opening(text, read_opening(text, title=title))
    assert broken.split("\n") == [
        "Mon 04 Apr 2016 at 0930",
        f"{title}.",
        "Six people were wounded when mortar rounds fell.",
    ]


def test_no_opening_no_change() -> None:
    text = "Rebels shelled the airport on Monday."
    opening = read_opening(text)
    assert opening == Opening(None, ())
    assert break_opening(text, opening) == text


def test_the_dateline_outranks_a_published_field_that_disagrees(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="conflictcoder"):
        found = report_date("doc-7", date(2016, 5, 2), date(2016, 5, 20))
    assert found == date(2016, 5, 20)
    assert "doc-7" in caplog.text and "2016-05-02" in caplog.text


def test_no_date_at_all_is_logged_not_warned_by_itself(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="conflictcoder"):
        assert report_date("snippet-3", None, None) is None
    assert [r.levelno for r in caplog.records] == [logging.INFO]
    assert "snippet-3" in caplog.text


def test_an_undated_document_is_said_once_and_its_events_claim_no_day(
    coder: object, caplog: pytest.LogCaptureFixture
) -> None:
    from conflictcoder.model import Article

    text = (
        "Government helicopters dropped barrel bombs on the town of Kafr Nabl in Idlib "
        "province on Monday, killing four civilians. On Tuesday, artillery shelled the "
        "nearby village of Hass, killing two children."
    )
    with caplog.at_level(logging.WARNING, logger="conflictcoder"):
        events = coder.code(Article(id="snippet-9", text=text))  # type: ignore[attr-defined]
    assert events
    assert {(e.event_date, e.time_precision) for e in events} == {(None, 3)}
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert warnings[0] == undated_warning("snippet-9")
    assert "no publication date and no dateline" in warnings[0]


def test_a_dated_document_is_not_warned_about(
    coder: object, caplog: pytest.LogCaptureFixture
) -> None:
    from conflictcoder.model import Article

    text = "Artillery shelled the village of Hass in Idlib province on 3 May 2021."
    with caplog.at_level(logging.WARNING, logger="conflictcoder"):
        events = coder.code(Article(id="snippet-10", text=text))  # type: ignore[attr-defined]
    assert [(e.event_date, e.time_precision) for e in events] == [("2021-05-03", 1)]
    assert not [r for r in caplog.records if r.levelno == logging.WARNING]


def test_a_coded_article_counts_relative_days_from_its_dateline(coder: object) -> None:
    from conflictcoder.model import Article

    text = (
        "Wednesday 15 Jun 2016 Government helicopters dropped barrel bombs on the town of "
        "Kafr Nabl in Idlib province on Monday, killing four civilians, activists said."
    )
    # the published field is a crawl date weeks later: "Monday" counts from the dateline
    events = coder.code(Article(id="a", text=text, published=date(2016, 7, 30)))  # type: ignore[attr-defined]
    assert [e.event_date for e in events] == ["2016-06-13"]
