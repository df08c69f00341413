"""Fetching against a local server: conditional requests, User-Agent, retries with
back-off, timeouts, the size cap and the per-host delay."""

from __future__ import annotations

import time

import pytest

from conflictcoder.watch import Fetcher, FetchError, HostLimiter, Source, WatchOptions

from .conftest import FeedServer, Reply, Seen, big_body, conditional, rss

FEED = rss([("Shelling", "Government forces shelled Kafr Nabl on Monday.")])


def options(**changes: object) -> WatchOptions:
    values: dict[str, object] = {"timeout": 2.0, "retries": 2, "backoff": 0.5, "host_delay": 0.0}
    values.update(changes)
    return WatchOptions(**values)  # type: ignore[arg-type]


def source(server: FeedServer, path: str) -> Source:
    return Source(path.strip("/") or "root", server.url(path), 60.0)


class Sleeps(list[float]):
    """Records the waits instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_conditional_get_gets_304_on_second_poll(server: FeedServer) -> None:
    server.routes["/feed"] = conditional(FEED)
    with Fetcher(options()) as fetcher:
        first = fetcher.fetch(source(server, "/feed"))
        second = fetcher.fetch(
            source(server, "/feed"), etag=first.etag, last_modified=first.last_modified
        )
    assert (first.status, first.body, first.etag) == (200, FEED, '"v1"')
    assert first.last_modified == "Mon, 04 Mar 2024 08:00:00 GMT"
    assert (second.status, second.body, second.not_modified) == (304, b"", True)
    sent = server.hits("/feed")[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Mon, 04 Mar 2024 08:00:00 GMT"
    assert "if-none-match" not in server.hits("/feed")[0].headers


def test_last_modified_alone_is_sent_back(server: FeedServer) -> None:
    server.routes["/feed"] = conditional(FEED, etag=None)
    with Fetcher(options()) as fetcher:
        first = fetcher.fetch(source(server, "/feed"))
        second = fetcher.fetch(source(server, "/feed"), last_modified=first.last_modified)
    assert first.etag is None
    assert second.status == 304


def test_user_agent_names_the_project_and_contact(server: FeedServer) -> None:
    server.routes["/feed"] = conditional(FEED)
    with Fetcher(options(contact="mailto:desk@example.org")) as fetcher:
        fetcher.fetch(source(server, "/feed"))
    agent = server.hits("/feed")[0].headers["user-agent"]
    assert agent.startswith("conflictcoder/")
    assert agent.endswith("(news monitoring; +mailto:desk@example.org)")


def test_retries_5xx_with_exponential_backoff(server: FeedServer) -> None:
    answers = iter([Reply(503), Reply(500), Reply(200, FEED)])
    server.routes["/flaky"] = lambda request: next(answers)
    sleeps = Sleeps()
    with Fetcher(options(retries=3, backoff=0.5), sleep=sleeps) as fetcher:
        result = fetcher.fetch(source(server, "/flaky"))
    assert (result.status, result.attempts) == (200, 3)
    assert sleeps == [0.5, 1.0]
    assert len(server.hits("/flaky")) == 3


def test_gives_up_after_retries_and_says_so(server: FeedServer) -> None:
    server.routes["/down"] = lambda request: Reply(500, b"oops")
    sleeps = Sleeps()
    with (
        Fetcher(options(retries=2, backoff=1.0, max_backoff=1.5), sleep=sleeps) as fetcher,
        pytest.raises(FetchError) as caught,
    ):
        fetcher.fetch(source(server, "/down"))
    assert str(caught.value) == "HTTP 500 Internal Server Error (after 3 tries)"
    assert (caught.value.status, caught.value.attempts) == (500, 3)
    assert sleeps == [1.0, 1.5]  # doubled, then capped by max_backoff


def test_retry_after_is_honoured_up_to_max_backoff(server: FeedServer) -> None:
    answers = iter([Reply(429, headers={"Retry-After": "7"}), Reply(200, FEED)])
    server.routes["/busy"] = lambda request: next(answers)
    sleeps = Sleeps()
    with Fetcher(options(backoff=0.5, max_backoff=5.0), sleep=sleeps) as fetcher:
        assert fetcher.fetch(source(server, "/busy")).status == 200
    assert sleeps == [5.0]


def test_client_errors_are_not_retried(server: FeedServer) -> None:
    sleeps = Sleeps()
    with (
        Fetcher(options(), sleep=sleeps) as fetcher,
        pytest.raises(FetchError, match="^HTTP 404 Not Found$"),
    ):
        fetcher.fetch(source(server, "/missing"))
    assert sleeps == [] and len(server.hits("/missing")) == 1


def test_a_hanging_source_times_out(server: FeedServer) -> None:
    server.routes["/hang"] = server.hang()
    with (
        Fetcher(options(timeout=0.3, retries=1, backoff=0.01)) as fetcher,
        pytest.raises(FetchError) as caught,
    ):
        fetcher.fetch(source(server, "/hang"))
    assert str(caught.value) == "timed out after 0.3s (waiting for data) (after 2 tries)"


def test_a_trickling_body_hits_the_total_timeout(server: FeedServer) -> None:
    def trickle() -> object:
        yield b"<rss>"
        for _ in range(20):
            time.sleep(0.1)
            yield b" "

    server.routes["/slow"] = lambda request: Reply(200, trickle())  # type: ignore[arg-type]
    with (
        Fetcher(options(timeout=0.5, retries=0)) as fetcher,
        pytest.raises(FetchError, match=r"^timed out after 0.5s reading the body$"),
    ):
        fetcher.fetch(source(server, "/slow"))


@pytest.mark.parametrize("announced", [True, False])
def test_a_50_mb_body_is_cut_off(server: FeedServer, announced: bool) -> None:
    total = 50 * 1024 * 1024
    if announced:
        server.routes["/big"] = lambda request: Reply(200, b"x" * total)
    else:
        server.routes["/big"] = lambda request: Reply(200, big_body(total))
    with Fetcher(options(max_bytes=1_000_000)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(source(server, "/big"))
    if announced:
        assert str(caught.value) == (
            f"response too large: {total} bytes announced, the limit is max_bytes = 1000000"
        )
    else:
        assert str(caught.value) == (
            "response too large: more than max_bytes = 1000000 bytes; cut off"
        )
    assert len(server.hits("/big")) == 1  # not retried


def test_connection_refused_is_an_error(server: FeedServer) -> None:
    dead = Source("dead", "http://127.0.0.1:9/feed", 60.0)
    with (
        Fetcher(options(retries=0)) as fetcher,
        pytest.raises(FetchError, match="^connection failed: "),
    ):
        fetcher.fetch(dead)


def test_redirects_are_followed(server: FeedServer) -> None:
    server.routes["/old"] = lambda request: Reply(301, headers={"Location": "/new"})
    server.routes["/new"] = conditional(FEED)
    with Fetcher(options()) as fetcher:
        result = fetcher.fetch(source(server, "/old"))
    assert (result.status, result.url) == (200, server.url("/new"))


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_host_limiter_spaces_requests_per_host() -> None:
    clock = FakeClock()
    limiter = HostLimiter(2.0, clock=clock, sleep=clock.sleep)
    assert limiter.wait("a.example") == 0.0
    assert limiter.wait("b.example") == 0.0  # another host does not wait
    assert limiter.wait("a.example") == 2.0
    clock.now += 5.0
    assert limiter.wait("a.example") == 0.0


def test_fetcher_waits_between_requests_to_one_host(server: FeedServer) -> None:
    server.routes["/a"] = conditional(FEED)
    server.routes["/b"] = conditional(FEED)
    sleeps = Sleeps()
    with Fetcher(options(host_delay=30.0), sleep=sleeps) as fetcher:
        fetcher.fetch(source(server, "/a"))
        fetcher.fetch(source(server, "/b"))
    assert len(sleeps) == 1 and 29.0 < sleeps[0] <= 30.0


def test_request_record_is_complete(server: FeedServer) -> None:
    seen: list[Seen] = []

    def route(request: Seen) -> Reply:
        seen.append(request)
        return Reply(200, FEED, {"Content-Type": "application/rss+xml; charset=utf-8"})

    server.routes["/typed"] = route
    with Fetcher(options()) as fetcher:
        result = fetcher.fetch(source(server, "/typed"))
    assert result.content_type == "application/rss+xml"
    assert "application/rss+xml" in seen[0].headers["accept"]


def test_requests_go_through_the_proxy_given(server: FeedServer) -> None:
    # the local server plays a forward proxy: it receives the absolute address
    server.routes["http://news.invalid/feed.xml"] = conditional(FEED)
    far = Source("far", "http://news.invalid/feed.xml", 60.0)
    with Fetcher(options(proxy=server.base)) as fetcher:
        assert fetcher.fetch(far).body == FEED
    assert server.requests[0].path == "http://news.invalid/feed.xml"
