"""The same reports give the same dataset whatever order they arrive in (issue 15): the
same events, the same ids, the same fields, on both back ends."""

from __future__ import annotations

import io
import itertools
import json
from typing import Any

import pytest

from conflictcoder.export import write_events
from conflictcoder.model import Article, Event, Evidence
from conflictcoder.store import Store, open_store

SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
ARMY = "Military Forces of Syria (2000-)"


def _report(doc: str, location: str, day: str, **kw: Any) -> Event:
    sentence = kw.pop("sentence", f"Shelling hit {location} ({doc}).")
    values: dict[str, Any] = {
        "event_date": day,
        "event_type": SHELLING[0],
        "sub_event_type": SHELLING[1],
        "actor1": ARMY,
        "inter1": 1,
        "interaction": 10,
        "country": "Syria",
        "iso": 760,
        "admin1": "Idleb",
        "location": location,
        "latitude": {"Binnish": 35.95, "Sarmin": 35.90, "Taftanaz": 35.99}[location],
        "longitude": {"Binnish": 36.71, "Sarmin": 36.72, "Taftanaz": 36.78}[location],
        "geo_precision": 1,
        "doc_ids": [doc],
        "evidence": [Evidence(doc, sentence, 0, len(sentence))],
    }
    values.update(kw)
    event = Event(**values)
    event.event_id = event.compute_id()
    return event


# Five articles; three incidents told with different dates, tolls, notes and outlets.
ARTICLES: list[tuple[Article, list[Event]]] = [
    (
        Article(id="wire-1", text="wire-1 text", source="Wire"),
        [
            _report("wire-1", "Binnish", "2021-03-01", fatalities=4, notes="Four killed."),
            _report("wire-1", "Taftanaz", "2021-03-05", fatalities=0, notes="No casualties."),
        ],
    ),
    (
        Article(id="daily-2", text="daily-2 text", source="Daily"),
        [_report("daily-2", "Binnish", "2021-03-02", fatalities=6, notes="Six killed.")],
    ),
    (
        Article(id="radio-3", text="radio-3 text", source="Radio"),
        [
            _report("radio-3", "Binnish", "2021-03-01", fatalities=5, source="Radio"),
            _report("radio-3", "Sarmin", "2021-03-01", fatalities=1, weapon="artillery"),
        ],
    ),
    (
        Article(id="agency-4", text="agency-4 text", source="Agency"),
        [_report("agency-4", "Sarmin", "2021-03-02", fatalities=2, notes="Two died.")],
    ),
    (
        Article(id="blog-5", text="blog-5 text", source="Blog"),
        [
            _report(
                "blog-5",
                "Taftanaz",
                "2021-03-05",
                fatalities=1,
                actor2="Civilians (Syria)",
                inter2=7,
                interaction=17,
            )
        ],
    ),
]


def _export(store: Store) -> str:
    """The JSONL export without ``timestamp`` (the time of the store's last change)."""
    buffer = io.StringIO()
    write_events(store.events(), buffer, "jsonl")
    lines = []
    for line in buffer.getvalue().splitlines():
        record = json.loads(line)
        record.pop("timestamp", None)
        lines.append(json.dumps(record, sort_keys=False))
    return "\n".join(lines)


def _ingest(store: Store, order: tuple[int, ...]) -> str:
    for index in order:
        article, events = ARTICLES[index]
        store.ingest(article, events)
    return _export(store)


def test_every_arrival_order_gives_the_same_dataset(store_url: str, tmp_path: Any) -> None:
    orders = list(itertools.permutations(range(len(ARTICLES))))
    # every order starting with each article, and the reverse of each: 20 of the 120
    chosen = [o for o in orders if o[1:] == tuple(sorted(o[1:]))]
    chosen += [tuple(reversed(o)) for o in chosen]
    exports = set()
    for number, order in enumerate(chosen):
        url = store_url if number == 0 else _fresh(store_url, tmp_path, number)
        with open_store(url) as store:
            if number == 0:
                assert store.count_events() == 0
            exports.add(_ingest(store, order))
            if number == 0:
                first = store.events()
    assert len(exports) == 1, "the dataset depends on the order the reports arrived in"
    assert len(first) == 3
    binnish = next(e for e in first if e.location == "Binnish")
    assert binnish.doc_ids == ["daily-2", "radio-3", "wire-1"]  # canonical order
    assert binnish.fatalities == 4 and binnish.event_date == "2021-03-01"


def _fresh(store_url: str, tmp_path: Any, number: int) -> str:
    if store_url.startswith("postgresql"):
        with open_store(store_url) as store:
            store._execute(  # type: ignore[attr-defined]
                "TRUNCATE events, event_reports, event_history, articles, removed_events "
                "RESTART IDENTITY CASCADE"
            )
        return store_url
    return str(tmp_path / f"order-{number}.sqlite")


@pytest.mark.parametrize("order", [(0, 1, 2, 3, 4), (4, 3, 2, 1, 0)])
def test_an_event_takes_the_id_of_its_first_report_in_canonical_order(
    store: Store, order: tuple[int, ...]
) -> None:
    _ingest(store, order)
    binnish = next(e for e in store.events() if e.location == "Binnish")
    reports = [e for _, events in ARTICLES for e in events if e.location == "Binnish"]
    assert binnish.event_id == min(reports, key=lambda r: r.doc_ids).event_id
    if order[0] == 0:  # the event began under another report's id: that id was merged away
        ids = {r.event_id for r in store.changes(after=0).removed}  # type: ignore[attr-defined]
        assert ids and binnish.event_id not in ids


# Three reports of one place a day apart: the middle one fits either neighbour, the two
# neighbours are two days apart (two incidents). Joined greedily in arrival order, the
# middle report went with whichever neighbour came first.
CHAIN = [
    (Article(id="a-1", text="a-1 text"), [_report("a-1", "Sarmin", "2021-03-01", fatalities=2)]),
    (Article(id="b-2", text="b-2 text"), [_report("b-2", "Sarmin", "2021-03-03", fatalities=3)]),
    (Article(id="c-3", text="c-3 text"), [_report("c-3", "Sarmin", "2021-03-02", fatalities=1)]),
]


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_a_report_between_two_incidents_is_grouped_the_same_in_every_order(
    store: Store, order: tuple[int, ...]
) -> None:
    for index in order:
        article, events = CHAIN[index]
        store.ingest(article, events)
    groups = sorted(sorted(e.doc_ids) for e in store.events())
    assert groups == [["a-1", "c-3"], ["b-2"]]
    ids = {e.event_id for e in store.events()}
    assert ids == {CHAIN[0][1][0].event_id, CHAIN[1][1][0].event_id}
