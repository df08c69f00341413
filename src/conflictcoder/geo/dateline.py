"""The place of a wire dateline: where a report was filed, not where its events happened.

"BAMAKO (Reuters) -", "KHARTOUM, May 3 (AFP) -", "ADEN, Yemen, Jan. 4 (AP) —": the city in
capitals, an optional country or region, then a date, the agency in brackets or both, then a
dash. The city may say which country
the report is about; it says nothing of where in that country the events took place.
"""

from __future__ import annotations

import re

# The place: a capitalised name of up to 40 characters; then ", Region" and ", Month day[,
# year]" in any order the wires use; then "(Agency)"; then a dash and a space.
_DATELINE = re.compile(
    r"\s*(?P<place>[A-Z][A-Za-z .'’-]{1,40}?"
    r"(?:,\s*[A-Z][A-Za-z.'’-]+(?:\s[A-Z][A-Za-z.'’-]+){0,2})?)"
    r"(?:,?\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?P<agency>\([A-Za-z][A-Za-z .&/-]{0,30}\))?"
    r"\s*[-–—]+\s"
)


def dateline_span(text: str) -> tuple[int, int] | None:
    """Where the place of the dateline that opens ``text`` stands, or None.

    Only an opening in a wire's shape counts: the city in capitals followed by a date, an
    agency in brackets or both.

    text (str): the article's text.
    RETURNS (tuple[int, int] | None): (start, end) of the place, with its country or region.

    Example:
        >>> dateline_span("KHARTOUM, May 3 (AFP) - Fighters attacked El Nahud.")
        (0, 8)
        >>> dateline_span("Fighters attacked El Nahud - a town in the west.") is None
        True
    """
    m = _DATELINE.match(text)
    if m is None:
        return None
    place = m.group("place")
    city = place.split(",")[0].strip()
    capitals = city.isupper() and sum(c.isalpha() for c in city) >= 3
    if not capitals or not (m.group("agency") or m.group("date")):
        return None
    return m.start("place"), m.end("place")
