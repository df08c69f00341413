"""Tests for conflictcoder.resolve.dates: date expressions resolved against publication.

Every sentence here is invented for the test. 2019-12-17 is a Tuesday.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conflictcoder.errors import OntologyError
from conflictcoder.registry import date_resolvers
from conflictcoder.resolve.dates import (
    DATES,
    DATES_FILE,
    DateResolution,
    load_date_rules,
    month_words,
    resolve_date,
)

TUESDAY = date(2019, 12, 17)


def resolved(sentence: str, published: date | None = TUESDAY) -> tuple[date | None, int]:
    r = resolve_date(sentence, published)
    return r.date, r.precision


# ----------------------------------------------------------------------------- relative days


def test_weekday_is_the_most_recent_such_day() -> None:
    r = resolve_date("Two girls were killed on Monday in the town.", TUESDAY)
    assert r == DateResolution(date(2019, 12, 16), 1, None, "on Monday", 22, 31)


def test_same_weekday_is_the_publication_day() -> None:
    assert resolved("On Tuesday the army shelled the village.") == (TUESDAY, 1)


def test_weekday_further_back() -> None:
    assert resolved("Rebels attacked the post on Wednesday.") == (date(2019, 12, 11), 1)


def test_weekday_with_part_of_day() -> None:
    r = resolve_date("On Tuesday morning, sources said the army withdrew.", TUESDAY)
    assert (r.date, r.precision, r.text) == (TUESDAY, 1, "On Tuesday morning")
    r = resolve_date("Clashes erupted late on Sunday night near the river.", TUESDAY)
    assert (r.date, r.text) == (date(2019, 12, 15), "late on Sunday night")


def test_last_weekday_is_strictly_before() -> None:
    assert resolved("The convoy was ambushed last Tuesday.") == (date(2019, 12, 10), 1)
    assert resolved("The convoy was ambushed last Monday.") == (date(2019, 12, 16), 1)


def test_next_weekday_is_not_a_realised_date() -> None:
    assert resolved("The army will attack next Monday.") == (None, 1)


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("Clashes broke out yesterday near the dam.", date(2019, 12, 16)),
        ("Yesterday evening a drone hit the market.", date(2019, 12, 16)),
        ("The town was shelled overnight.", date(2019, 12, 16)),
        ("Gunfire was heard last night.", date(2019, 12, 16)),
        ("A day earlier, rebels attacked the checkpoint.", date(2019, 12, 16)),
        ("The previous day militants blocked the road.", date(2019, 12, 16)),
        ("Today the bodies were recovered.", TUESDAY),
        ("This morning a drone struck a car.", TUESDAY),
        ("Three days ago a drone struck a car.", date(2019, 12, 14)),
        ("The day before yesterday a drone struck a car.", date(2019, 12, 15)),
    ],
)
def test_relative_days(sentence: str, day: date) -> None:
    assert resolved(sentence) == (day, 1)


def test_weekday_beats_overnight() -> None:
    r = resolve_date("Overnight into Sunday, the army shelled the camp.", TUESDAY)
    assert (r.date, r.text) == (date(2019, 12, 15), "Sunday")


# ----------------------------------------------------------------------------- explicit dates


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("On 2 November, 2019, clashes took place.", "2 November, 2019"),
        ("On 02 November 2019 clashes took place.", "02 November 2019"),
        ("Clashes took place on the 2nd of November 2019.", "the 2nd of November 2019"),
        ("On November 2, 2019, clashes took place.", "November 2, 2019"),
        ("On Nov. 2, 2019 clashes took place.", "Nov. 2, 2019"),
        ("On 2019-11-02 clashes took place.", "2019-11-02"),
        ("On 2/11/2019 clashes took place.", "2/11/2019"),
        ("On 02.11.2019 clashes took place.", "02.11.2019"),
        ("On 11/2/19 clashes took place.", None),  # DMY: 11 February 2019
    ],
)
def test_explicit_formats(sentence: str, text: str | None) -> None:
    r = resolve_date(sentence, TUESDAY)
    if text is None:
        assert r.date == date(2019, 2, 11)
        return
    assert (r.date, r.precision, r.text) == (date(2019, 11, 2), 1, text)
    assert sentence[r.start : r.end] == text


def test_numeric_date_part_above_12_decides_the_order() -> None:
    assert resolved("On 11/25/2019 a car bomb exploded.") == (date(2019, 11, 25), 1)
    assert resolved("On 25/11/2019 a car bomb exploded.") == (date(2019, 11, 25), 1)


def test_numeric_order_from_user_file(tmp_path: Path) -> None:
    user = tmp_path / "dates.yaml"
    user.write_text("numeric_order: MDY\n", encoding="utf-8")
    rules = load_date_rules(user_file=user)
    r = resolve_date("On 2/11/2019 a car bomb exploded.", TUESDAY, rules=rules)
    assert r.date == date(2019, 2, 11)


def test_date_without_year_stays_on_or_before_publication() -> None:
    assert resolved("On 2 November the army shelled the town.") == (date(2019, 11, 2), 1)
    assert resolved("On 20 December the army shelled the town.") == (date(2018, 12, 20), 1)
    assert resolved("On January 3 the army shelled the town.", date(2020, 1, 10)) == (
        date(2020, 1, 3),
        1,
    )


def test_realised_event_is_never_after_publication() -> None:
    assert resolved("On 25 December 2019 a car bomb exploded.") == (TUESDAY, 1)


def test_broken_year_is_ignored() -> None:
    assert resolved("On 13 February 20190 a shell hit the school.", date(2019, 3, 1)) == (
        date(2019, 2, 13),
        1,
    )


def test_explicit_date_beats_weekday() -> None:
    r = resolve_date("On Monday, 9 December, the army shelled the town.", TUESDAY)
    assert (r.date, r.text) == (date(2019, 12, 9), "9 December")


@pytest.mark.parametrize(
    ("sentence", "first", "last"),
    [
        ("Clashes took place between 3 and 5 November.", date(2019, 11, 3), date(2019, 11, 5)),
        ("Clashes took place 3-5 November 2019.", date(2019, 11, 3), date(2019, 11, 5)),
        ("Clashes took place on November 3-5.", date(2019, 11, 3), date(2019, 11, 5)),
        (
            "Clashes lasted from 30 November to 2 December.",
            date(2019, 11, 30),
            date(2019, 12, 2),
        ),
    ],
)
def test_ranges(sentence: str, first: date, last: date) -> None:
    r = resolve_date(sentence, TUESDAY)
    assert (r.date, r.date_end, r.precision) == (first, last, 1)


# ----------------------------------------------------------------------------- weeks, months


@pytest.mark.parametrize(
    ("sentence", "day", "precision"),
    [
        ("Fighting continued last week.", date(2019, 12, 11), 2),
        ("Fighting resumed earlier this week.", TUESDAY, 2),
        ("Fighting resumed over the weekend.", date(2019, 12, 14), 2),
        ("The offensive began in early November.", date(2019, 11, 5), 3),
        ("The offensive began in mid-November.", date(2019, 11, 15), 3),
        ("The offensive began at the end of October.", date(2019, 10, 25), 3),
        ("The offensive began in November 2018.", date(2018, 11, 15), 3),
        ("The offensive began last month.", date(2019, 11, 15), 3),
        ("In March the town fell.", date(2019, 3, 15), 3),
        ("In late December the town fell.", TUESDAY, 3),
    ],
)
def test_week_and_month_precision(sentence: str, day: date, precision: int) -> None:
    assert resolved(sentence) == (day, precision)


def test_day_beats_month_and_since_is_a_boundary() -> None:
    r = resolve_date(
        "HTS has held the town since January 2019 and on Sunday it was shelled.", TUESDAY
    )
    assert (r.date, r.text) == (date(2019, 12, 15), "on Sunday")
    r = resolve_date("HTS has held the town since 3 January.", TUESDAY)
    assert r.date == date(2019, 1, 3)


@pytest.mark.parametrize(
    "sentence",
    [
        "The truce may hold.",
        "They march on the capital.",
        "The strike killed 5 people.",
        "Regime forces captured the hill.",
        "",
    ],
)
def test_no_date(sentence: str) -> None:
    assert resolve_date(sentence, TUESDAY) == DateResolution(None, 1, None, None)


# ----------------------------------------------------------------------------- no publication


def test_without_publication_relative_dates_stay_open() -> None:
    r = resolve_date("Two girls were killed on Monday.", None)
    assert (r.date, r.precision, r.text) == (None, 1, "on Monday")
    assert resolve_date("Fighting continued last week.", None).precision == 2
    assert resolve_date("On 2 November clashes took place.", None).date is None
    assert resolve_date("On 2 November 2019 clashes took place.", None).date == date(2019, 11, 2)


# ----------------------------------------------------------------------------- data and registry


def test_registered_as_a_date_resolver() -> None:
    assert date_resolvers.get("conflictcoder.rule_dates.v1") is resolve_date
    assert date_resolvers.get("rules") is resolve_date


def test_month_words_leave_out_common_words() -> None:
    words = month_words()
    assert "november" in words and "nov" in words
    assert "may" not in words and "march" not in words


def test_packaged_rules_load() -> None:
    rules = DATES.packaged()
    assert rules.numeric_order == "DMY"
    assert rules.relative["last week"].precision == 2


def test_bad_numeric_order(tmp_path: Path) -> None:
    text = DATES_FILE.read_text(encoding="utf-8")
    text = text.replace("numeric_order: DMY", "numeric_order: YMD")
    path = tmp_path / "dates.yaml"
    path.write_text(text, encoding="utf-8")
    rows = enumerate(text.splitlines(), 1)
    line = next(no for no, row in rows if row.startswith("numeric_order"))
    with pytest.raises(OntologyError) as err:
        load_date_rules(path)
    assert str(err.value) == f"{path}:{line}: numeric_order: expected DMY or MDY, got 'YMD'"


def test_bad_relative_unit_in_user_file(tmp_path: Path) -> None:
    user = tmp_path / "user.yaml"
    user.write_text(
        "relative:\n  - {phrase: last year, unit: year, offset: -1}\n", encoding="utf-8"
    )
    with pytest.raises(OntologyError) as err:
        load_date_rules(user_file=user)
    assert str(err.value) == (
        f"{user}:2: relative 'last year': unknown unit 'year'; use day, week, weekend or month"
    )


def test_user_file_wrong_kind(tmp_path: Path) -> None:
    user = tmp_path / "user.yaml"
    user.write_text("weekdays: [monday]\n", encoding="utf-8")
    with pytest.raises(OntologyError) as err:
        load_date_rules(user_file=user)
    assert str(err.value) == f"{user}:1: 'weekdays' must be a mapping"


def test_user_file_adds_a_relative_expression(tmp_path: Path) -> None:
    user = tmp_path / "user.yaml"
    user.write_text(
        "relative:\n  - {phrase: on the eve, unit: day, offset: -1}\n", encoding="utf-8"
    )
    rules = load_date_rules(user_file=user)
    r = resolve_date("Rebels attacked on the eve of the talks.", TUESDAY, rules=rules)
    assert (r.date, r.text) == (date(2019, 12, 16), "on the eve")


# ----------------------------------------------------------------------------- anchored offsets


@pytest.mark.parametrize(
    ("sentence", "day", "precision", "text"),
    [
        (
            "Two days before 5 March 2019, a car bomb exploded.",
            date(2019, 3, 3),
            1,
            "Two days before 5 March 2019",
        ),
        (
            "Militants stormed the post 2 days after 10 June.",
            date(2019, 6, 12),
            1,
            "2 days after 10 June",
        ),
        (
            "One day prior to 1 May the army shelled the town.",
            date(2019, 4, 30),
            1,
            "One day prior to 1 May",
        ),
        ("A week after 3 June, clashes resumed.", date(2019, 6, 10), 2, "A week after 3 June"),
        (
            "Two weeks before November 20, 2019 the convoy was hit.",
            date(2019, 11, 6),
            2,
            "Two weeks before November 20, 2019",
        ),
        (
            "Two months before 31 March 2019 the bridge was bombed.",
            date(2019, 1, 31),
            3,
            "Two months before 31 March 2019",
        ),
        (
            "Three days before the 2nd of March 2016 a mortar hit the school.",
            date(2016, 2, 28),  # 2016 is a leap year
            1,
            "Three days before the 2nd of March 2016",
        ),
    ],
)
def test_exact_count_anchored_to_an_explicit_date(
    sentence: str, day: date, precision: int, text: str
) -> None:
    r = resolve_date(sentence, TUESDAY)
    assert (r.date, r.precision, r.text) == (day, precision, text)
    assert r.start is not None and sentence[r.start : r.end] == text


@pytest.mark.parametrize(
    ("sentence", "day", "precision", "text"),
    [
        (
            "A few days before 12 October 2019, rebels shelled the village.",
            date(2019, 10, 9),
            2,
            "A few days before 12 October 2019",
        ),
        (
            "The hill fell several days after 20 August.",
            date(2019, 8, 23),
            2,
            "several days after 20 August",
        ),
        (
            "A couple of days before 14 July a drone struck a truck.",
            date(2019, 7, 12),
            2,
            "A couple of days before 14 July",
        ),
        (
            "A few weeks after 1 September the siege was lifted.",
            date(2019, 9, 22),
            2,
            "A few weeks after 1 September",
        ),
        (
            "A few months before 15 July 2019 the base was built.",
            date(2019, 4, 15),
            3,
            "A few months before 15 July 2019",
        ),
    ],
)
def test_vague_count_anchored_to_an_explicit_date(
    sentence: str, day: date, precision: int, text: str
) -> None:
    r = resolve_date(sentence, TUESDAY)
    assert (r.date, r.precision, r.text) == (day, precision, text)


def test_anchored_offset_replaces_the_date_it_anchors_on() -> None:
    # "prior to" is no boundary word: a competing "12 October 2019" (day precision) would win
    r = resolve_date("A few days prior to 12 October 2019 the army shelled the town.", TUESDAY)
    assert (r.date, r.precision, r.text) == (
        date(2019, 10, 9),
        2,
        "A few days prior to 12 October 2019",
    )
    # the boundary date elsewhere in the sentence is still only a fallback
    r = resolve_date(
        "Three days before 12 October the town, held by rebels since 1 May, was shelled.",
        TUESDAY,
    )
    assert (r.date, r.text) == (date(2019, 10, 9), "Three days before 12 October")


def test_anchored_offset_crosses_the_year() -> None:
    assert resolved("Two weeks after 24 December 2018 the town was retaken.") == (
        date(2019, 1, 7),
        2,
    )
    # no year: 2 January 2020 would be after publication, so the anchor is 2 January 2019
    assert resolved("A few days before 2 January the army advanced.") == (date(2018, 12, 30), 2)


def test_anchored_offset_year_keeps_the_event_before_publication() -> None:
    # 18 December 2019 is after publication, but two days before it is not
    assert resolved("Two days before 18 December rebels attacked the post.") == (
        date(2019, 12, 16),
        1,
    )


def test_anchored_offset_after_publication_is_clamped() -> None:
    assert resolved("A week after 14 December the town was shelled.") == (TUESDAY, 2)
    assert resolved("Three days after 15 December 2019 the town was shelled.") == (TUESDAY, 1)


def test_anchored_offset_without_publication() -> None:
    r = resolve_date("Two days after 30 April 2019 the army shelled the town.", None)
    assert (r.date, r.precision) == (date(2019, 5, 2), 1)
    r = resolve_date("A few days before 12 October the town fell.", None)
    assert (r.date, r.precision, r.text) == (None, 2, "A few days before 12 October")


def test_bare_before_is_still_a_boundary() -> None:
    r = resolve_date("Rebels held the hill before 12 October, and on Monday it fell.", TUESDAY)
    assert (r.date, r.text) == (date(2019, 12, 16), "on Monday")
    r = resolve_date("Rebels held the hill before 12 October.", TUESDAY)
    assert (r.date, r.precision, r.text) == (date(2019, 10, 12), 1, "12 October")


def test_a_non_count_before_the_unit_is_no_offset() -> None:
    r = resolve_date("In the days before 12 October 2019 the army massed troops.", TUESDAY)
    assert (r.date, r.text) == (date(2019, 10, 12), "12 October 2019")


def test_user_file_adds_a_vague_count(tmp_path: Path) -> None:
    user = tmp_path / "user.yaml"
    user.write_text("vague_counts:\n  a handful of: {count: 4}\n", encoding="utf-8")
    rules = load_date_rules(user_file=user)
    sentence = "A handful of days after 3 June 2019 the town fell."
    r = resolve_date(sentence, TUESDAY, rules=rules)
    assert (r.date, r.precision, r.text) == (date(2019, 6, 7), 2, sentence[:35])
    assert resolve_date(sentence, TUESDAY).text == "3 June 2019"  # packaged rules unchanged


def test_user_file_adds_an_anchor_word(tmp_path: Path) -> None:
    user = tmp_path / "user.yaml"
    user.write_text("anchor_words:\n  ahead of: -1\n", encoding="utf-8")
    rules = load_date_rules(user_file=user)
    r = resolve_date("Two days ahead of 5 May 2019 a bomb exploded.", TUESDAY, rules=rules)
    assert (r.date, r.text) == (date(2019, 5, 3), "Two days ahead of 5 May 2019")


def test_bad_anchor_word_sign_in_user_file(tmp_path: Path) -> None:
    user = tmp_path / "user.yaml"
    user.write_text("anchor_words:\n  ahead of: 0\n", encoding="utf-8")
    with pytest.raises(OntologyError) as err:
        load_date_rules(user_file=user)
    assert str(err.value) == (
        f"{user}:2: anchor_words 'ahead of': expected -1 (earlier) or 1 (later), got 0"
    )


def test_bad_vague_count_in_user_file(tmp_path: Path) -> None:
    user = tmp_path / "user.yaml"
    user.write_text("vague_counts:\n  a few: {count: 3}\n  many: {count: 0}\n", encoding="utf-8")
    with pytest.raises(OntologyError) as err:
        load_date_rules(user_file=user)
    assert str(err.value) == (
        f"{user}:3: vague_counts 'many': count must be a whole number from 1 to 366"
    )


# ----------------------------------------------------------------------------- years alone


@pytest.mark.parametrize(
    ("sentence", "expected", "text"),
    [
        ("The town was besieged in 2011.", date(2011, 7, 1), "2011"),
        ("Rebels have held the hill since 2012.", date(2012, 7, 1), "2012"),
        ("The dam changed hands during 2014.", date(2014, 7, 1), "2014"),
        ("The militia had been disbanded by 2016.", date(2016, 7, 1), "2016"),
        ("The front was quiet from 2017.", date(2017, 7, 1), "2017"),
        ("Fighting raged throughout 2015.", date(2015, 7, 1), "2015"),
        ("The war began in early 2011.", date(2011, 2, 15), "early 2011"),
        ("Jets bombed the valley in mid-2013.", date(2013, 7, 1), "mid-2013"),
        ("The group took the town in late 2015.", date(2015, 11, 15), "late 2015"),
        ("By the end of 2014 the road was cut.", date(2014, 12, 15), "the end of 2014"),
        ("Since the beginning of 2012 the area was shelled.", date(2012, 1, 15), None),
    ],
)
def test_year_alone_is_month_precision_history(
    sentence: str, expected: date, text: str | None
) -> None:
    r = resolve_date(sentence, TUESDAY)
    assert (r.date, r.precision) == (expected, 3)
    assert r.text == (text or "the beginning of 2012")


def test_year_alone_reports_its_offsets() -> None:
    sentence = "The war began in early 2011, when protests were crushed."
    r = resolve_date(sentence, TUESDAY)
    assert (r.start, r.end) == (17, 27)
    assert sentence[17:27] == "early 2011"


def test_year_alone_ranks_below_a_day_week_or_month() -> None:
    sentence = "On 3 May 2016 jets struck the market, as they have since 2012."
    assert resolved(sentence, date(2016, 5, 10)) == (date(2016, 5, 3), 1)
    assert resolved("Rebels shelled the post last week, as in 2014.") == (date(2019, 12, 11), 2)
    assert resolved("In 2011 and again in early November the dam was hit.") == (
        date(2019, 11, 5),
        3,
    )
    # a day after "since" is a boundary, yet still beats a year alone
    assert resolved("In 2015 and since 2 December the road has been shut.") == (
        date(2019, 12, 2),
        1,
    )


def test_year_alone_after_a_boundary_word_ranks_below_one_that_is_not() -> None:
    r = resolve_date("Shelled since 2011, the town was emptied in 2014.", TUESDAY)
    assert (r.date, r.text) == (date(2014, 7, 1), "2014")


@pytest.mark.parametrize(
    "sentence",
    [
        "The town was besieged in 2019.",  # the publication year: not background
        "The army plans to retake the city by 2021.",
        "Since early 2019 the road has been shut.",
    ],
)
def test_year_of_publication_or_later_gives_no_candidate(sentence: str) -> None:
    assert resolve_date(sentence, TUESDAY) == DateResolution(None, 1, None, None)


def test_year_of_publication_leaves_the_other_dates() -> None:
    r = resolve_date("Rebels shelled the town on Sunday, as in 2019.", TUESDAY)
    assert (r.date, r.precision, r.text) == (date(2019, 12, 15), 1, "on Sunday")


def test_year_alone_needs_a_publication_date() -> None:
    assert resolved("The town was besieged in 2011.", None) == (None, 1)


@pytest.mark.parametrize(
    "sentence",
    [
        "Jets killed 2011 people.",  # no cue: a count
        "Rebels struck in 2,011 raids.",  # thousands comma
        "Soldiers of Regiment 2012 withdrew.",  # no cue: a name
        "The curfew runs until 2000 hours.",  # a clock time
        "Roads are shut from 1900 to 2000 GMT.",
        "Security Council resolution 2118 was cited.",
        "The group counted in 2011.5 units.",
    ],
)
def test_numbers_that_are_not_years(sentence: str) -> None:
    assert resolve_date(sentence, TUESDAY) == DateResolution(None, 1, None, None)


def test_year_inside_an_explicit_date_is_not_a_second_candidate() -> None:
    r = resolve_date("Since 2019-11-02 and in 2018 the road was shut.", TUESDAY)
    assert (r.date, r.precision, r.text) == (date(2019, 11, 2), 1, "2019-11-02")


def test_user_file_adds_a_year_part(tmp_path: Path) -> None:
    user = tmp_path / "user.yaml"
    user.write_text("year_parts:\n  the summer of: {month: 7, day: 20}\n", encoding="utf-8")
    rules = load_date_rules(user_file=user)
    r = resolve_date("The dam fell in the summer of 2014.", TUESDAY, rules=rules)
    assert (r.date, r.precision, r.text) == (date(2014, 7, 20), 3, "the summer of 2014")


def test_bad_year_part_in_user_file(tmp_path: Path) -> None:
    user = tmp_path / "user.yaml"
    user.write_text("year_parts:\n  the summer of: {month: 13, day: 20}\n", encoding="utf-8")
    with pytest.raises(OntologyError) as err:
        load_date_rules(user_file=user)
    assert str(err.value) == (
        f"{user}:2: year_parts 'the summer of' month: expected a whole number from 1 to 12, got 13"
    )


def test_bad_year_part_shape(tmp_path: Path) -> None:
    user = tmp_path / "user.yaml"
    user.write_text("year_parts:\n  the summer of: 7\n", encoding="utf-8")
    with pytest.raises(OntologyError) as err:
        load_date_rules(user_file=user)
    assert str(err.value) == (
        f"{user}:2: year_parts 'the summer of': expected {{month, day}}, got 7"
    )


# ----------------------------------------------------------------------------- clauses


def _at(sentence: str, word: str) -> DateResolution:
    return resolve_date(sentence, TUESDAY, at=sentence.index(word))


def test_an_event_in_a_clause_after_an_offset_counts_back_from_the_sentences_day() -> None:
    r = _at("The bodies were found on Saturday, two days after gunmen seized them.", "seized")
    assert (r.date, r.precision, r.text) == (date(2019, 12, 12), 1, "two days after")


def test_without_a_day_before_the_offset_it_counts_back_from_publication() -> None:
    r = _at("The report comes a day after nine villagers were shot dead.", "shot")
    assert (r.date, r.precision) == (date(2019, 12, 16), 1)


def test_a_vague_offset_is_known_to_the_week() -> None:
    r = _at("Aid arrived on Monday, a few days after the dam was bombed.", "bombed")
    assert (r.date, r.precision) == (date(2019, 12, 13), 2)


def test_the_main_clause_keeps_the_sentences_day() -> None:
    sentence = "Gunmen raided the market on Sunday, two days after troops shelled the town."
    assert _at(sentence, "raided").date == date(2019, 12, 15)
    assert resolve_date(sentence, TUESDAY).date == date(2019, 12, 15)


def test_a_fronted_offset_is_dated_from_another_incident_not_here() -> None:
    sentence = "Two days after the bombing, gunmen attacked the checkpoint."
    assert _at(sentence, "attacked").date is None
    sentence = "Just a week after the truce, jets struck the town."
    assert _at(sentence, "struck").date is None


def test_an_offset_anchored_to_a_date_is_unchanged_by_the_event_word() -> None:
    sentence = "The convoy was ambushed on 3 December, two days after 1 December."
    assert _at(sentence, "ambushed").date == date(2019, 12, 3)
    r = _at("Two weeks after 1 December a drone struck the bridge.", "struck")
    assert r.date == date(2019, 12, 15)


def test_without_publication_the_clause_has_no_day() -> None:
    sentence = "The report comes a day after nine villagers were shot dead."
    r = resolve_date(sentence, None, at=sentence.index("shot"))
    assert (r.date, r.text) == (None, "a day after")


# ----------------------------------------------------------------------------- report days


def test_the_day_of_a_report_gives_way_to_the_day_of_the_event() -> None:
    r = resolve_date(
        "Two clinics were bombed over the weekend, the charity said on Monday.", TUESDAY
    )
    assert (r.date, r.precision, r.text) == (date(2019, 12, 14), 2, "over the weekend")
    r = resolve_date("Jets were on Monday accused of striking the camp late Sunday night.", TUESDAY)
    assert (r.date, r.text) == (date(2019, 12, 15), "late Sunday night")
    r = resolve_date("Police told reporters on Monday that a bomb exploded on Sunday.", TUESDAY)
    assert r.date == date(2019, 12, 15)


def test_the_day_of_a_report_stands_when_it_is_the_only_date() -> None:
    r = resolve_date("A bomb exploded in the market, police said on Monday.", TUESDAY)
    assert (r.date, r.text) == (date(2019, 12, 16), "on Monday")


def test_a_user_file_adds_a_report_word(tmp_path: Path) -> None:
    user = tmp_path / "user.yaml"
    user.write_text("report_words: [tweeted]\n", encoding="utf-8")
    rules = load_date_rules(user_file=user)
    sentence = "The governor tweeted on Monday that a drone hit the depot on Sunday."
    assert resolve_date(sentence, TUESDAY, rules=rules).date == date(2019, 12, 15)
    assert resolve_date(sentence, TUESDAY).date == date(2019, 12, 16)


def test_bad_report_reach_is_refused(tmp_path: Path) -> None:
    user = tmp_path / "user.yaml"
    user.write_text("report_reach: 40\n", encoding="utf-8")
    with pytest.raises(OntologyError) as err:
        load_date_rules(user_file=user)
    assert "report_reach: expected a whole number from 0 to 10, got 40" in str(err.value)


# ----------------------------------------------------------------------------- boundaries


def test_a_date_after_a_boundary_word_is_marked() -> None:
    assert resolve_date("The town has been besieged since 2 December.", TUESDAY).boundary
    assert not resolve_date("The town was shelled on 2 December.", TUESDAY).boundary


# What a match of each expression holds, which the finder's gates look for first.
_GATES = {
    "iso": ("has_year", "has_digit"),
    "numeric": ("has_digit",),
    "range_dm": ("has_digit", "has_month"),
    "range_md": ("has_digit", "has_month"),
    "dmy": ("has_digit", "has_month"),
    "mdy": ("has_digit", "has_month"),
    "month": ("has_month",),
    "weekday": ("has_weekday",),
    "year": ("has_year", "has_digit"),
}


@pytest.mark.parametrize(
    "text",
    [
        "Shells fell on 2021-03-04 and again on 7/3/21 near the dam.",
        "Between 3 and 5 Nov. 2020, and from Sept 30 to October 2, the road was shut.",
        "The 2nd of February; March 14, 2019; early May; in mid-2013; on Monday morning.",
        "Late last Tuesday evening, two weeks ago, guards fired in the air.",
        "No date here: 120 rockets, 1900 hours, 2,011 raids and a MAY rally.",
    ],
)
def test_an_expression_is_found_only_where_its_gates_find_something(text: str) -> None:
    patterns = DATES.packaged().patterns
    found = {name for name in _GATES if patterns[name].search(text)}
    assert found  # each sentence holds some expression
    for name in found:
        assert all(patterns[gate].search(text) for gate in _GATES[name]), name
