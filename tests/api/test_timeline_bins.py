"""The dashboard's timeline binned by day, week or month as its span grows (api/views.py)."""

from __future__ import annotations

from datetime import date, timedelta

from conflictcoder.api.views import binned_timeline, timeline_period


def _days(first: date, count: int, every: int = 1) -> list[dict[str, object]]:
    return [
        {"date": (first + timedelta(days=i * every)).isoformat(), "events": 1, "fatalities": i}
        for i in range(count)
    ]


def test_the_period_grows_with_the_span() -> None:
    assert timeline_period([]) == "day"
    assert timeline_period(_days(date(2020, 1, 1), 90, 2)) == "day"  # 178 days
    assert timeline_period(_days(date(2020, 1, 1), 100, 2)) == "week"  # 198 days
    assert timeline_period(_days(date(2019, 1, 1), 365 * 5)) == "month"


def test_five_years_of_days_become_sixty_months() -> None:
    days = _days(date(2019, 1, 1), 365 * 5 + 1)
    months = binned_timeline(days)
    assert len(months) == 60
    assert months[0] == {
        "date": "2019-01-01",
        "events": 31,
        "fatalities": sum(range(31)),
        "period": "month",
    }
    assert sum(m["events"] for m in months) == len(days)
    assert all(m["date"].endswith("-01") for m in months)


def test_weeks_start_on_monday_and_keep_every_event() -> None:
    days = _days(date(2020, 3, 4), 300)  # a Wednesday
    weeks = binned_timeline(days)
    assert weeks[0]["date"] == "2020-03-02" and weeks[0]["events"] == 5
    assert all(date.fromisoformat(w["date"]).weekday() == 0 for w in weeks)
    assert sum(w["events"] for w in weeks) == 300
    assert sum(w["fatalities"] for w in weeks) == sum(range(300))


def test_a_short_span_stays_daily() -> None:
    days = _days(date(2020, 3, 4), 3)
    assert binned_timeline(days) == [{**d, "period": "day"} for d in days]
