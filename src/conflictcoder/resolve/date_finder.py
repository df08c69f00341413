"""Finding the date expressions of one sentence and anchoring them to the report's date.

``DateFinder`` runs each pattern of the grammar over a sentence and turns every match into
a ``Candidate``: an explicit date (its year inferred from publication when it has none),
a weekday or relative expression counted back from publication, an offset anchored to an
explicit date ("two days before 5 March"), a year alone as history. ``select`` keeps the
most specific candidate (see ``dates`` for the ranking). A realised event is never after
publication: later dates are clamped to it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .date_rules import (
    DAY,
    MONTH,
    RANK_EXPLICIT,
    RANK_NO_YEAR,
    RANK_RELATIVE,
    RANK_WEEKDAY,
    RANK_YEAR,
    DateRules,
    Relative,
)
from .numerals import parse_number

__all__ = [
    "Candidate",
    "DateFinder",
    "Offset",
    "add_months",
    "after_boundary",
    "clause_date",
    "reported",
    "select",
]

_Date = date  # the candidate's field is called ``date``


@dataclass(frozen=True)
class Offset:
    """ "a few days before ": a shift of an explicit date that follows it."""

    start: int
    sign: int
    count: int
    days: int
    months: int
    precision: int

    def shift(self, day: date) -> date:
        if self.months:
            return add_months(day, self.sign * self.count * self.months, day.day)
        return day + timedelta(days=self.sign * self.count * self.days)


@dataclass(frozen=True)
class Candidate:
    """A date expression found in a sentence: its span, precision, rank and day."""

    start: int
    end: int
    precision: int
    rank: int
    date: _Date | None
    date_end: _Date | None = None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(
    month: int, day: int, published: date | None, offset: Offset | None = None
) -> date | None:
    """The date with the year that keeps it on or before publication; with an offset
    anchored on it, the year that keeps the earlier of the date and the shifted one there
    ("two days before 18 December" published 17 December is this year's)."""
    if published is None:
        return None
    for year in (published.year, published.year - 1):
        found = _safe_date(year, month, day)
        if found is None:
            continue
        earliest = found if offset is None else min(found, offset.shift(found))
        if earliest <= published:
            return found
    return None


def add_months(day: date, months: int, day_of_month: int) -> date:
    """``day`` moved by whole calendar months, to ``day_of_month`` (the month's last day
    when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day_of_month, last))


def _clamp(found: date | None, published: date | None) -> date | None:
    if found is None or published is None:
        return found
    return min(found, published)


class DateFinder:
    """The candidate dates of one sentence, resolved against ``published``.

    Example:
        >>> from conflictcoder.resolve.date_rules import load_date_rules
        >>> found = DateFinder(load_date_rules(), "on Monday", date(2019, 12, 17)).run()
        >>> found[0].date
        datetime.date(2019, 12, 16)
    """

    def __init__(self, rules: DateRules, sentence: str, published: date | None) -> None:
        self.r = rules
        self.s = sentence
        self.pub = published
        self.out: list[Candidate] = []

    def month(self, text: str | None) -> int | None:
        if not text:
            return None
        return self.r.months.get(text.rstrip(".").lower())

    def ambiguous(self, text: str) -> bool:
        """ "may", "march" lower-case are words, not months."""
        word = text.rstrip(".")
        return word.lower() in self.r.ambiguous_months and not word[:1].isupper()

    def add(
        self,
        m: re.Match[str],
        precision: int,
        rank: int,
        found: date | None,
        end_date: date | None = None,
    ) -> None:
        self.out.append(
            Candidate(
                m.start(),
                m.end(),
                precision,
                rank,
                _clamp(found, self.pub),
                _clamp(end_date, self.pub),
            )
        )

    def explicit(self, m: re.Match[str], year: str | None, month: int, day: int) -> None:
        offset = self.offset(m.start())
        if year:
            found = _safe_date(int(year), month, day)
            if found is not None:
                self.dated(m, RANK_EXPLICIT, found, offset)
            return
        if _safe_date(2000, month, day) is None:  # 31 February (2000: a leap year)
            return
        self.dated(m, RANK_NO_YEAR, _infer_year(month, day, self.pub, offset), offset)

    def dated(self, m: re.Match[str], rank: int, found: date | None, offset: Offset | None) -> None:
        """An explicit day, or the day an offset before it ("two days before") points to:
        that candidate spans the whole phrase and takes the explicit date's place."""
        if offset is None:
            self.add(m, DAY, rank, found)
            return
        shifted = None if found is None else offset.shift(found)
        self.out.append(
            Candidate(offset.start, m.end(), offset.precision, rank, _clamp(shifted, self.pub))
        )

    def offset(self, start: int) -> Offset | None:
        """The "<count> <unit> before|after|prior to " right before ``start``, if any."""
        m = self.r.patterns["anchored"].search(self.s, max(0, start - 80), start)
        return None if m is None else self.offset_of(m)

    def offset_of(self, m: re.Match[str]) -> Offset | None:
        """The offset a "<count> <unit> <anchor word>" match states (None for a count that
        is no number: "the days after")."""
        count = self.count(m["n"])
        if count is None:
            return None
        number, count_precision = count
        days, months, unit_precision = self.r.ago_units[m["u"].lower()]
        sign = self.r.anchor_words[" ".join(m["a"].lower().split())]
        precision = max(unit_precision, count_precision)
        return Offset(m.start(), sign, number, days, months, precision)

    def count(self, text: str) -> tuple[int, int] | None:
        """(number, precision) of a count: "two" (exact: day precision), "a few" (vague)."""
        raw = " ".join(text.lower().split())
        if raw in self.r.vague_counts:
            return self.r.vague_counts[raw]
        n = self.r.count_words.get(raw) or parse_number(raw)
        if n is None or not 1 <= n <= 366:
            return None
        return n, DAY

    def run(self) -> list[Candidate]:
        p = self.r.patterns
        s = self.s
        # a pattern runs only where its gate finds what all its matches hold (see
        # build_patterns): a digit, a year, a month name, a weekday
        digit = p["has_digit"].search(s) is not None
        year = digit and p["has_year"].search(s) is not None
        month = p["has_month"].search(s) is not None
        if year:
            for m in p["iso"].finditer(s):
                if 1 <= int(m["m"]) <= 12:
                    self.explicit(m, m["y"], int(m["m"]), int(m["d"]))
        if digit:
            for m in p["numeric"].finditer(s):
                self.numeric(m)
        if digit and month:
            for m in p["range_dm"].finditer(s):
                self.range(
                    m,
                    self.month(m["m1"]) or self.month(m["m2"]),
                    self.month(m["m2"]),
                    m["y1"] or m["y2"],
                    m["y2"],
                    m["d1"],
                    m["d2"],
                    m["m2"],
                )
            for m in p["range_md"].finditer(s):
                mo = self.month(m["m"])
                self.range(m, mo, mo, m["y"], m["y"], m["d1"], m["d2"], m["m"])
            for m in p["dmy"].finditer(s):
                if not self.ambiguous(m["m"]):
                    self.explicit(m, m["y"], self.month(m["m"]) or 0, _day(m["d"]))
            for m in p["mdy"].finditer(s):
                if not self.ambiguous(m["m"]):
                    self.explicit(m, m["y"], self.month(m["m"]) or 0, _day(m["d"]))
        if month:
            for m in p["month"].finditer(s):
                self.month_only(m)
        if p["has_weekday"].search(s):
            for m in p["weekday"].finditer(s):
                self.weekday(m)
        for m in p["relative"].finditer(s):
            self.relative(m)
        for m in p["ago"].finditer(s):
            self.ago(m)
        if year:
            for m in p["year"].finditer(s):
                self.year(m)
        return self.out

    def numeric(self, m: re.Match[str]) -> None:
        a, b, y = int(m["a"]), int(m["b"]), m["y"]
        year = y if len(y) == 4 else str(2000 + int(y))
        if a > 12 and b <= 12:
            day, month = a, b
        elif b > 12 and a <= 12:
            day, month = b, a
        elif self.r.numeric_order == "DMY":
            day, month = a, b
        else:
            day, month = b, a
        if 1 <= month <= 12:
            self.explicit(m, year, month, day)

    def range(
        self,
        m: re.Match[str],
        m1: int | None,
        m2: int | None,
        y1: str | None,
        y2: str | None,
        d1: str,
        d2: str,
        month_text: str,
    ) -> None:
        if m1 is None or m2 is None or self.ambiguous(month_text):
            return
        if m["join"].lower() == "and" and not m["open"]:
            return  # "3 and 5 November" without "between" is two dates, not a range
        day1, day2 = _day(d1), _day(d2)
        last = _safe_date(int(y2), m2, day2) if y2 else _infer_year(m2, day2, self.pub)
        if last is None:
            if self.pub is None and _safe_date(2000, m2, day2) is not None:
                self.add(m, DAY, RANK_NO_YEAR, None)
            return
        year1 = int(y1) if y1 else (last.year if m1 <= m2 else last.year - 1)
        first = _safe_date(year1, m1, day1)
        if first is None or first > last:
            return
        rank = RANK_EXPLICIT if y2 else RANK_NO_YEAR
        self.add(m, DAY if first == last else DAY, rank, first, last if last != first else None)

    def month_only(self, m: re.Match[str]) -> None:
        month = self.month(m["m"])
        if month is None:
            return
        cue = " ".join((m["cue"] or "").lower().split())
        if not cue and not m["y"]:
            return  # a bare month name: "the May offensive", "March" the verb
        if self.ambiguous(m["m"]):
            return
        day = self.r.month_parts.get(cue, self.r.month_day)
        if m["y"]:
            found = _safe_date(int(m["y"]), month, day)
        elif self.pub is None:
            found = None
        else:
            year = self.pub.year if date(self.pub.year, month, 1) <= self.pub else self.pub.year - 1
            found = date(year, month, day)
        start = m.start("cue") if cue in self.r.month_parts else m.start("m")
        rank = RANK_EXPLICIT if m["y"] else RANK_NO_YEAR
        self.out.append(Candidate(start, m.end(), MONTH, rank, _clamp(found, self.pub)))

    def weekday(self, m: re.Match[str]) -> None:
        pre = {(m["pre"] or "").lower(), (m["pre2"] or "").lower()}
        if pre & self.r.future_words:
            return  # "next Monday"
        wd = self.r.weekdays[m["w"].lower()]
        found = None
        if self.pub is not None:
            delta = (self.pub.weekday() - wd) % 7
            if "last" in pre and delta == 0:
                delta = 7
            found = self.pub - timedelta(days=delta)
        self.add(m, DAY, RANK_WEEKDAY, found)

    def relative(self, m: re.Match[str]) -> None:
        rel = self.r.relative[" ".join(m["r"].lower().split())]
        self.add(m, rel.precision, rel.rank, self.relative_date(rel))

    def relative_date(self, rel: Relative) -> date | None:
        pub = self.pub
        if pub is None:
            return None
        if rel.unit == "day":
            return pub + timedelta(days=rel.offset)
        if rel.unit == "week":
            monday = pub - timedelta(days=pub.weekday())
            return monday + timedelta(days=7 * rel.offset + self.r.week_day)
        if rel.unit == "weekend":
            back = (pub.weekday() - self.r.weekend_day) % 7
            return pub - timedelta(days=back - 7 * rel.offset)
        return add_months(pub, rel.offset, self.r.month_day)

    def ago(self, m: re.Match[str]) -> None:
        raw = m["n"].lower()
        n = self.r.count_words.get(raw) or parse_number(raw)
        if n is None or n > 366:
            return
        days, months, precision = self.r.ago_units[m["u"].lower()]
        found = None
        if self.pub is not None:
            if months:
                found = add_months(self.pub, -n * months, self.pub.day)
            else:
                found = self.pub - timedelta(days=n * days)
        self.add(m, precision, RANK_RELATIVE, found)

    def year(self, m: re.Match[str]) -> None:
        """A year alone: history when before publication's year, else no candidate."""
        if not (m["cue"] or m["part"]) or self.pub is None:
            return
        year = int(m["y"])
        if year >= self.pub.year:
            return  # not background: the story's own year (or later) says nothing here
        part = " ".join((m["part"] or "").lower().split())
        month, day = self.r.year_parts.get(part, self.r.year_day)
        start = m.start("part") if m["part"] else m.start("y")
        self.out.append(Candidate(start, m.end("y"), MONTH, RANK_YEAR, date(year, month, day)))


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def after_boundary(sentence: str, start: int, rules: DateRules) -> bool:
    """Whether the date at ``start`` follows a boundary word ("since 2 November")."""
    before = sentence[:start].split()
    return bool(before) and before[-1].lower().strip(",") in rules.boundary_words


_WORD = re.compile(r"[\w'’-]+")


def reported(sentence: str, c: Candidate, rules: DateRules) -> bool:
    """Whether a candidate is the day something was said: a report verb up to
    ``report_reach`` words before it ("said on Monday", "told AFP on Monday") or right
    after it ("was on Monday accused of ...")."""
    if not rules.report_words:
        return False
    before = [w.lower() for w in _WORD.findall(sentence[: c.start])][-rules.report_reach :]
    after = _WORD.search(sentence, c.end)
    return bool(rules.report_words.intersection(before)) or (
        after is not None and after.group(0).lower() in rules.report_words
    )


def select(candidates: list[Candidate], sentence: str, rules: DateRules) -> Candidate | None:
    """The most specific candidate; contained ones ("5 November" inside a range) dropped,
    and the day of a report ("said on Monday") when the sentence names another date."""
    kept = [
        c
        for c in candidates
        if not any(
            o is not c
            and o.start <= c.start
            and c.end <= o.end
            and (o.end - o.start) > (c.end - c.start)
            for o in candidates
        )
    ]
    told = [c for c in kept if not reported(sentence, c, rules)]
    kept = told or kept
    if not kept:
        return None
    return min(
        kept,
        key=lambda c: (
            c.rank == RANK_YEAR,
            after_boundary(sentence, c.start, rules),
            c.precision,
            c.rank,
            c.start,
        ),
    )


def clause_date(finder: DateFinder, candidates: list[Candidate], at: int) -> Candidate | None:
    """The day of an event told in a clause after "<count> <unit> after|before" ("the
    bodies were found on Friday, two days after gunmen kidnapped them"; "the reports come a
    day after 100 civilians were killed"), for the event word at offset ``at``: the date
    the sentence gives before the phrase (else publication) moved back by the offset.

    None when no such phrase comes before ``at``, when it is anchored to a date ("two days
    after 5 March" is an explicit candidate already) or when it opens the sentence ("Two
    days after the bombing, gunmen attacked ...": the main clause is dated from another
    incident, which one sentence cannot see).
    """
    sentence = finder.s
    found: tuple[re.Match[str], Offset] | None = None
    for m in finder.r.patterns["clause"].finditer(sentence):
        if m.end() > at:
            break
        if len(_WORD.findall(sentence[: m.start()])) <= 1:
            continue  # fronted: "(Just) two days after the bombing, ..."
        if any(c.start == m.start() for c in candidates):
            continue  # anchored to an explicit date
        offset = finder.offset_of(m)
        if offset is not None:
            found = (m, offset)
    if found is None:
        return None
    m, offset = found
    earlier = select([c for c in candidates if c.end <= m.start()], sentence, finder.r)
    if earlier is None:
        anchor, precision, rank = finder.pub, DAY, RANK_RELATIVE
    else:
        anchor, precision, rank = earlier.date, earlier.precision, earlier.rank
    back = Offset(m.start(), -offset.sign, offset.count, offset.days, offset.months, 0)
    shifted = None if anchor is None else back.shift(anchor)
    precision = max(precision, offset.precision)
    return Candidate(m.start(), m.end("a"), precision, rank, _clamp(shifted, finder.pub))
