"""The monitoring desk end to end (issue 16's acceptance), on 127.0.0.1 only.

A local server publishes a feed; ``watch`` picks up its two new articles; their events wait
in the review queue; a reviewer signs in and corrects one in Chromium through the review
page; the alert watching for the corrected actor fires once, as a signed webhook and as an
entry of its Atom feed; ``/api/changes?since=`` shows both additions and the correction;
a second poll fetches nothing new (304).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from alerts.conftest import Receiver
from conflictcoder.alerts import create_alert
from conflictcoder.alerts.dispatch import deliver_alerts
from conflictcoder.alerts.search import AlertSearch
from conflictcoder.api import create_app
from conflictcoder.api.auth import hash_token
from conflictcoder.config import Settings
from conflictcoder.store import open_store
from conflictcoder.watch.sources import Source, SourcesFile, WatchOptions
from conflictcoder.watch.watcher import Watcher
from watch.conftest import REPORTS, FeedServer, conditional, rss
from web.test_dashboard import CHROMIUM, browser, page, shot  # noqa: F401
from web.test_review import serve

PASSWORD = "a long passphrase"
TOKEN = "e2e-token-0123456789"
CORRECTED = "Hezbollah"  # the actor the reviewer names; the alert watches for it

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is missing: run scripts/browser.sh"
)


@pytest.fixture()
def feeds() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture()
def hook() -> Iterator[Receiver]:
    receiver = Receiver()
    yield receiver
    receiver.close()


def test_watch_review_alert_and_publish(
    feeds: FeedServer,
    hook: Receiver,
    page: Any,  # noqa: F811
    coder: Any,
    settings: Settings,
    tmp_path: Path,
) -> None:
    db = tmp_path / "desk.sqlite"
    feeds.routes["/wire"] = conditional(rss(REPORTS[:2], base="wire"))
    sources = SourcesFile(
        Path("sources.toml"), WatchOptions(), (Source("wire", feeds.url("/wire"), 900.0),)
    )
    with open_store(db) as store:
        store.add_user("ana", PASSWORD, role="reviewer")  # type: ignore[attr-defined]
        alert = create_alert(
            store, "Hezbollah in Idlib", AlertSearch(actors=(CORRECTED,)), webhook_url=hook.url
        )
        since = int(time.time())
        # 1. watch picks up the two new articles, coded and stored once
        with Watcher(store, sources, settings=settings, coder=coder) as watcher:
            [first] = watcher.poll_once()
        assert (first.outcome, first.status, first.new) == ("stored", 200, 2)
        added = {e.event_id: e for e in store.events()}
        assert len(added) == first.events == 2
        # 2. their events wait in the review queue
        queue = [i["event"].event_id for i in store.review_queue()]  # type: ignore[attr-defined]
        assert sorted(queue) == sorted(added)
        assert deliver_alerts(store).delivered == 0  # nothing matches the alert yet

    app_settings = settings.__class__(**{**settings.__dict__, "api_tokens": (hash_token(TOKEN),)})
    for base in serve(create_app(db, app_settings)):
        # 3. a reviewer signs in and corrects one event's actor through the review page
        page.goto(base + "/review")
        page.fill("#signin input[name=name]", "ana")
        page.fill("#signin input[name=password]", PASSWORD)
        page.click("#signin button[type=submit]")
        page.wait_for_selector("#queue")
        assert page.locator("tr.queue-row").count() == 2
        row = page.locator("tr.queue-row:has-text('Kafr Nabl')")
        event_id = row.get_attribute("data-event-id")
        assert event_id in added
        row.locator("button[data-action=edit]").click()
        editor = page.locator(f'tr.editor-row[data-event-id="{event_id}"] form')
        editor.locator("input[name=actor1]").fill(CORRECTED)
        editor.locator("button[type=submit]").click()
        page.wait_for_selector("#review-message:has-text('corrected (actor1) and confirmed')")
        shot(page, "e2e-review.png")
        assert page.errors == [] and page.outside == []

        # 4. the alert fires once: one signed webhook, one Atom entry
        with open_store(db) as store:
            assert deliver_alerts(store).delivered == 1
            assert deliver_alerts(store).delivered == 0  # never twice
        [payload] = hook.verified(alert.secret)
        assert CORRECTED in str(payload)
        atom = httpx.get(base + f"/api/alerts/{alert.id}/feed.atom")
        assert atom.status_code == 200
        assert atom.text.count("<entry>") == 1 and event_id in atom.text

        # 5. changes since the watch began: both additions, the correction in place
        changes = httpx.get(base + "/api/changes", params={"since": since}).json()
        assert sorted(e["event_id"] for e in changes["events"]) == sorted(added)
        corrected = next(e for e in changes["events"] if e["event_id"] == event_id)
        assert corrected["actor1"] == CORRECTED and corrected["timestamp"] >= since
        assert changes["removed"] == []
        history = httpx.get(base + f"/api/events/{event_id}/history").json()
        assert [h["action"] for h in history][-2:] == ["correct", "confirm"]
        assert history[-2]["user"] == "ana"
        assert history[-2]["changes"]["actor1"]["new"] == CORRECTED

    # 6. a second poll fetches nothing new: the feed answers 304 to the conditional GET
    with open_store(db) as store, Watcher(store, sources, settings=settings, coder=coder) as w:
        [second] = w.poll_once()
        assert (second.outcome, second.status, second.new) == ("unchanged", 304, 0)
        assert store.count_articles() == 2 and store.count_events() == 2
    assert feeds.hits("/wire")[-1].headers["if-none-match"] == '"v1"'
