"""The sources' state in the store (watch_sources), on SQLite and PostgreSQL."""

from __future__ import annotations

from conflictcoder.model import Article
from conflictcoder.store import open_store
from conflictcoder.store.watch_state import SourceState


def test_state_round_trip_and_upsert(store_url: str) -> None:
    state = SourceState(
        "wire",
        "http://wire.example/rss",
        etag='"abc"',
        last_modified="Mon, 04 Mar 2024 08:00:00 GMT",
        last_poll="2024-03-04T08:00:00+00:00",
        last_success="2024-03-04T08:00:00+00:00",
        first_success="2024-03-01T08:00:00+00:00",
        last_status=200,
        next_due="2024-03-04T08:15:00+00:00",
        articles_seen=20,
        articles_new=3,
        source_scale="National",
    )
    with open_store(store_url) as store:
        store.save_watch_state(state)
    with open_store(store_url) as store:  # survives reopening
        assert store.watch_states() == {"wire": state}
        state.failures, state.last_error = 2, "HTTP 500 Internal Server Error"
        store.save_watch_state(state)
        assert store.watch_states()["wire"].failures == 2
        assert store.delete_watch_state("wire") is True
        assert store.watch_states() == {}


def test_articles_counted_per_source(store_url: str) -> None:
    with open_store(store_url) as store:
        for number, origin in enumerate(["watch:a", "watch:a", "watch:b", "files/x.txt"]):
            store.ingest(Article(id=str(number), text=f"Report {number}.", origin=origin), [])
        assert store.watch_article_counts("2000-01-01T00:00:00+00:00") == {"a": 2, "b": 1}
        assert store.watch_article_counts("2999-01-01T00:00:00+00:00") == {}


def test_declared_scales_of_the_watched_articles(store_url: str) -> None:
    with open_store(store_url) as store:
        store.save_watch_state(SourceState("a", "http://a.example/rss", source_scale="National"))
        store.save_watch_state(SourceState("b", "http://b.example/rss"))  # declares none
        for number, origin in enumerate(["watch:a", "watch:a", "watch:b", "files/x.txt"]):
            article = Article(id=str(number), text=f"Report {number}.", origin=origin)
            store.ingest(article, [])
        assert sorted(store.watch_document_scales()) == [
            ("0", None, "National"),
            ("1", None, "National"),
        ]
        assert store.watch_document_scales(["1", "2", "3"]) == [("1", None, "National")]
