"""Polling: what is new is coded and stored once, failing sources cost only themselves,
the state survives a restart, and the schedule honours intervals and back-off."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conflictcoder.config import Settings
from conflictcoder.store import Store, open_store
from conflictcoder.watch import (
    Fetcher,
    Source,
    SourcesFile,
    Watcher,
    WatchOptions,
    retry_delay,
)

from .conftest import REPORTS, FeedServer, Reply, big_body, conditional, rss

OPTIONS = WatchOptions(timeout=1.0, retries=1, backoff=0.01, host_delay=0.0, max_bytes=2_000_000)


def sources_file(server: FeedServer, *paths: str, **kinds: str) -> SourcesFile:
    return SourcesFile(
        Path("sources.toml"),
        OPTIONS,
        tuple(
            Source(p.strip("/"), server.url(p), 900.0, kind=kinds.get(p.strip("/"), "auto"))
            for p in paths
        ),
    )


def watcher(store: Store, file: SourcesFile, coder: Any, settings: Settings, **kw: Any) -> Watcher:
    return Watcher(store, file, settings=settings, coder=coder, **kw)


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(tmp_path / "events.sqlite")


def test_new_articles_are_coded_and_stored_once(
    server: FeedServer, db: str, coder: Any, settings: Settings
) -> None:
    server.routes["/wire"] = conditional(rss(REPORTS[:3], base="wire"))
    file = sources_file(server, "/wire")
    with open_store(db) as store, watcher(store, file, coder, settings) as w:
        [first] = w.poll_once()
        assert (first.outcome, first.status, first.articles, first.new) == ("stored", 200, 3, 3)
        assert first.events == 3
        [second] = w.poll_once()
        assert (second.outcome, second.status, second.new) == ("unchanged", 304, 0)
        assert store.count_articles() == 3
        assert store.count_events() == 3
        article = store.articles()[0]
        assert article["origin"] == "watch:wire"
        state = store.watch_states()["wire"]
    assert state.etag == '"v1"' and state.last_error is None and state.failures == 0
    assert state.articles_seen == 3 and state.articles_new == 0
    assert server.hits("/wire")[1].headers["if-none-match"] == '"v1"'


def test_a_feed_without_validators_is_stored_once(
    server: FeedServer, db: str, coder: Any, settings: Settings
) -> None:
    body = rss(REPORTS[:2], base="plain")
    server.routes["/plain"] = lambda request: Reply(200, body, {"Content-Type": "text/xml"})
    file = sources_file(server, "/plain")
    with open_store(db) as store, watcher(store, file, coder, settings) as w:
        assert w.poll_once()[0].new == 2
        again = w.poll_once()[0]
        assert (again.outcome, again.articles, again.new) == ("stored", 2, 0)
        assert store.count_articles() == 2


def test_a_changed_feed_adds_only_its_new_items(
    server: FeedServer, db: str, coder: Any, settings: Settings
) -> None:
    server.routes["/wire"] = conditional(rss(REPORTS[:2], base="w"), etag='"v1"')
    file = sources_file(server, "/wire")
    with open_store(db) as store, watcher(store, file, coder, settings) as w:
        w.poll_once()
        server.routes["/wire"] = conditional(rss(REPORTS[:4], base="w"), etag='"v2"')
        report = w.poll_once()[0]
        assert (report.articles, report.new) == (4, 2)
        assert store.count_articles() == 4
        assert store.watch_states()["wire"].etag == '"v2"'


def test_failing_sources_cost_only_themselves(
    server: FeedServer,
    db: str,
    coder: Any,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server.routes["/good"] = conditional(rss(REPORTS[:2], base="good"))
    server.routes["/error"] = lambda request: Reply(500, b"oops")
    server.routes["/hang"] = server.hang()
    server.routes["/huge"] = lambda request: Reply(200, big_body(50 * 1024 * 1024))
    server.routes["/broken"] = lambda request: Reply(
        200, b'<?xml version="1.0"?><rss><channel><item><title>Cut', {"Content-Type": "text/xml"}
    )
    server.routes["/notfeed"] = lambda request: Reply(
        200, b"<?xml version='1.0'?><urlset><url>x</url></urlset>", {"Content-Type": "text/xml"}
    )
    file = sources_file(server, "/hang", "/error", "/huge", "/broken", "/notfeed", "/good")
    caplog.set_level(logging.WARNING, logger="conflictcoder")
    with open_store(db) as store, watcher(store, file, coder, settings) as w:
        reports = {r.name: r for r in w.poll_once()}
        states = store.watch_states()
        assert store.count_articles() == 2
    assert reports["good"].outcome == "stored" and reports["good"].new == 2
    expected = {
        "hang": "timed out after 1s (waiting for data) (after 2 tries)",
        "error": "HTTP 500 Internal Server Error (after 2 tries)",
        "huge": "response too large: more than max_bytes = 2000000 bytes; cut off",
        "broken": "not well-formed XML: line 1: Premature end of data in tag title",
        "notfeed": "not an RSS or Atom feed",
    }
    for name, problem in expected.items():
        assert reports[name].outcome == "failed"
        assert reports[name].error is not None and reports[name].error.startswith(problem), name
        assert states[name].last_error == reports[name].error
        assert states[name].failures == 1 and states[name].last_success is None
        assert any(name in r.getMessage() and problem in r.getMessage() for r in caplog.records)
    assert states["good"].last_error is None


def test_failure_keeps_validators_and_backs_off(
    server: FeedServer, db: str, coder: Any, settings: Settings
) -> None:
    server.routes["/wire"] = conditional(rss(REPORTS[:1], base="w"))
    file = sources_file(server, "/wire")
    moment = [datetime(2024, 3, 4, 8, 0, tzinfo=UTC)]
    with open_store(db) as store, watcher(store, file, coder, settings, now=lambda: moment[0]) as w:
        w.poll_once()
        server.routes["/wire"] = lambda request: Reply(503)
        w.poll_once()
        w.poll_once()
        state = store.watch_states()["wire"]
        assert (state.failures, state.etag, state.last_status) == (2, '"v1"', 503)
        assert state.last_success == "2024-03-04T08:00:00+00:00"
        assert state.next_due == (moment[0] + timedelta(seconds=1800)).isoformat()
        server.routes["/wire"] = conditional(rss(REPORTS[:1], base="w"))
        report = w.poll_once()[0]
        assert report.outcome == "unchanged"  # the validators survived the failures
        assert store.watch_states()["wire"].failures == 0


def test_retry_delay_grows_and_is_capped() -> None:
    assert [retry_delay(60, n) for n in (0, 1, 2, 3, 4)] == [60, 60, 120, 240, 480]
    assert retry_delay(60, 30) == 6 * 3600
    assert retry_delay(86400, 5) == 86400  # never shorter than the interval


def test_due_only_skips_sources_polled_recently(
    server: FeedServer, db: str, coder: Any, settings: Settings
) -> None:
    server.routes["/a"] = conditional(rss(REPORTS[:1], base="a"))
    server.routes["/b"] = conditional(rss(REPORTS[1:2], base="b"))
    moment = [datetime(2024, 3, 4, 8, 0, tzinfo=UTC)]
    with open_store(db) as store:
        one = sources_file(server, "/a")
        with watcher(store, one, coder, settings, now=lambda: moment[0]) as w:
            w.poll_once()
        both = sources_file(server, "/a", "/b")
        with watcher(store, both, coder, settings, now=lambda: moment[0]) as w:
            assert [r.name for r in w.poll_once(due_only=True)] == ["b"]
            moment[0] += timedelta(minutes=15)
            assert [r.name for r in w.poll_once(due_only=True)] == ["a", "b"]


def test_state_survives_a_restart(
    server: FeedServer, db: str, coder: Any, settings: Settings
) -> None:
    server.routes["/wire"] = conditional(rss(REPORTS[:2], base="w"))
    file = sources_file(server, "/wire")
    with open_store(db) as store, watcher(store, file, coder, settings) as w:
        w.poll_once()
    with open_store(db) as store, watcher(store, file, coder, settings) as w:
        report = w.poll_once()[0]
        assert report.outcome == "unchanged"
        assert store.count_articles() == 2


def test_a_moved_source_drops_its_validators(
    server: FeedServer, db: str, coder: Any, settings: Settings
) -> None:
    server.routes["/old"] = conditional(rss(REPORTS[:1], base="w"))
    server.routes["/new"] = conditional(rss(REPORTS[:1], base="w"))
    with open_store(db) as store:
        old = SourcesFile(Path("s"), OPTIONS, (Source("wire", server.url("/old"), 900.0),))
        with watcher(store, old, coder, settings) as w:
            w.poll_once()
        new = SourcesFile(Path("s"), OPTIONS, (Source("wire", server.url("/new"), 900.0),))
        with watcher(store, new, coder, settings) as w:
            assert w.poll_once()[0].status == 200
    assert "if-none-match" not in server.hits("/new")[0].headers


def test_a_page_is_one_article(server: FeedServer, db: str, coder: Any, settings: Settings) -> None:
    title, text = REPORTS[1]
    page = (
        f"<html lang='en'><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{text}</p><p>{REPORTS[0][1]}</p></article></body></html>"
    ).encode()
    server.routes["/statement"] = lambda request: Reply(
        200, page, {"Content-Type": "text/html; charset=utf-8"}
    )
    file = sources_file(server, "/statement")
    with open_store(db) as store, watcher(store, file, coder, settings) as w:
        report = w.poll_once()[0]
        assert (report.outcome, report.articles, report.new) == ("stored", 1, 1)
        article = store.articles()[0]
    assert article["url"] == server.url("/statement")
    assert article["origin"] == "watch:statement"


def test_source_country_reaches_the_coder(
    server: FeedServer, db: str, coder: Any, settings: Settings
) -> None:
    text = "Gunmen killed two farmers in the village of Qaryat al-Zaytun on Monday."
    server.routes["/local"] = conditional(rss([("Farmers killed", text)], base="l"))
    file = SourcesFile(
        Path("s"),
        OPTIONS,
        (Source("local", server.url("/local"), 900.0, country="Iraq"),),
    )
    with open_store(db) as store, watcher(store, file, coder, settings) as w:
        w.poll_once()
        events = store.events()
    assert events and {e.country for e in events} == {"Iraq"}
    assert coder.sources.country(None, None) is None  # the coder is left as it was


def test_run_forever_polls_on_schedule_until_stopped(
    server: FeedServer, db: str, coder: Any, settings: Settings
) -> None:
    server.routes["/wire"] = conditional(rss(REPORTS[:1], base="w"))
    file = SourcesFile(Path("s"), OPTIONS, (Source("wire", server.url("/wire"), 1.0),))
    seen: list[str] = []
    deliveries: list[float] = []
    before_stop: list[int] = []
    with open_store(db) as store:
        w = watcher(store, file, coder, settings, after_cycle=lambda: deliveries.append(1.0))
        w.file = SourcesFile(
            Path("s"), WatchOptions(alert_interval=0.2, host_delay=0.0), file.sources
        )

        def on_report(report: Any) -> None:
            seen.append(report.outcome)

        thread = threading.Thread(target=w.run_forever, kwargs={"on_report": on_report})
        thread.start()
        # Stop once two polls are in and alerts have gone out on their own schedule; the
        # deadline only bounds a failing run (a busy machine may take several polls).
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (len(seen) < 2 or not deliveries):
            time.sleep(0.05)
        before_stop.append(len(deliveries))
        w.stop()
        thread.join(20)
        assert not thread.is_alive()
        w.close()
    assert seen[:2] == ["stored", "unchanged"]
    # Alerts went out on their own schedule while the watcher polled (on a worker of
    # their own), and once more when the watcher stopped.
    assert before_stop[0] >= 1
    assert len(deliveries) > before_stop[0]


def test_run_forever_delivers_alerts_when_stopped(
    server: FeedServer, db: str, coder: Any, settings: Settings
) -> None:
    server.routes["/wire"] = conditional(rss(REPORTS[:1], base="w"))
    file = SourcesFile(Path("s"), OPTIONS, (Source("wire", server.url("/wire"), 600.0),))
    deliveries: list[int] = []
    with open_store(db) as store:
        w = watcher(store, file, coder, settings, after_cycle=lambda: deliveries.append(1))
        # An hour between scheduled deliveries: only the delivery at stop can send one.
        w.file = SourcesFile(
            Path("s"), WatchOptions(alert_interval=3600.0, host_delay=0.0), file.sources
        )
        thread = threading.Thread(target=w.run_forever, kwargs={"on_report": lambda r: w.stop()})
        thread.start()
        thread.join(20)
        assert not thread.is_alive()
        w.close()
    assert deliveries == [1]


def test_fetcher_can_be_shared(server: FeedServer, db: str, coder: Any, settings: Settings) -> None:
    server.routes["/wire"] = conditional(rss(REPORTS[:1], base="w"))
    file = sources_file(server, "/wire")
    fetcher = Fetcher(OPTIONS)
    with open_store(db) as store, watcher(store, file, coder, settings, fetcher=fetcher) as w:
        w.poll_once()
    assert not fetcher.client.is_closed  # a fetcher given is the caller's to close
    fetcher.close()


def test_watched_articles_fire_alerts_once(
    server: FeedServer, db: str, coder: Any, settings: Settings
) -> None:
    import json
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from conflictcoder.alerts import AlertSearch, create_alert, deliver_alerts, verify_signature

    received: list[tuple[str, bytes]] = []

    class Hook(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["X-Conflictcoder-Signature"], body))
            self.send_response(204)
            self.end_headers()

    hook = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    try:
        server.routes["/wire"] = conditional(rss(REPORTS[:2], base="wire"))
        file = sources_file(server, "/wire")
        with open_store(db) as store:
            alert = create_alert(
                store,
                "Idlib",
                AlertSearch(admin1="Idlib"),
                webhook_url=f"http://127.0.0.1:{hook.server_address[1]}/hook",
            )
            with watcher(
                store, file, coder, settings, after_cycle=lambda: deliver_alerts(store)
            ) as w:
                assert w.poll_once()[0].new == 2
                assert w.poll_once()[0].outcome == "unchanged"
            log = store.alert_deliveries(alert.id)
    finally:
        hook.shutdown()
        hook.server_close()
    # both reports are about Idlib province: two events, each delivered once
    assert len(received) == 2 == len(log)
    assert all(verify_signature(alert.secret, body, header) for header, body in received)
    assert sorted(json.loads(body)["event"]["location"] for _, body in received) == [
        "Binnish",
        "Kafr Nabl",
    ]


def test_due_honours_next_due_with_slack(db: str, settings: Settings, coder: Any) -> None:
    from conflictcoder.store.watch_state import SourceState

    source = Source("wire", "http://wire.invalid/rss", 60.0)
    file = SourcesFile(Path("s"), OPTIONS, (source,))
    at = datetime(2024, 3, 4, 8, 0, tzinfo=UTC)
    state = SourceState("wire", source.url, next_due=(at + timedelta(seconds=3)).isoformat())
    with open_store(db) as store, watcher(store, file, coder, settings) as w:
        assert w.due(source, None, at)
        assert not w.due(source, state, at)
        assert w.due(source, state, at, slack=5.0)
        assert w.due(source, state, at + timedelta(seconds=3))
        moved = SourceState("wire", "http://elsewhere.invalid/rss", next_due=state.next_due)
        assert w.due(source, moved, at)  # a new address is polled at once
        store.save_watch_state(state)
        assert store.watch_state("wire") == state and store.watch_state("other") is None


def test_poll_and_state_on_each_back_end(
    server: FeedServer, store_url: str, coder: Any, settings: Settings
) -> None:
    server.routes["/wire"] = conditional(rss(REPORTS[:2], base="wire"))
    file = sources_file(server, "/wire")
    with open_store(store_url) as store, watcher(store, file, coder, settings) as w:
        assert [(r.outcome, r.new) for r in w.poll_once()] == [("stored", 2)]
    with open_store(store_url) as store, watcher(store, file, coder, settings) as w:
        assert [(r.outcome, r.new) for r in w.poll_once()] == [("unchanged", 0)]
        state = store.watch_state("wire")
        assert store.count_articles() == 2
        assert store.watch_article_counts("2000-01-01T00:00:00+00:00") == {"wire": 2}
    assert state is not None and state.etag == '"v1"' and state.last_status == 304
    assert state.first_success is not None and state.next_due is not None
    assert datetime.fromisoformat(state.next_due) > datetime.fromisoformat(state.first_success)
