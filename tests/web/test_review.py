"""The review desk in headless Chromium: sign in, open the queue, correct an actor, see the
change on the map and in the history; the map legend and the binned timeline.

The server runs the API fixtures' store (invented articles) on a loopback port.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from api.conftest import army_shelling, evidence
from conflictcoder.api import create_app
from conflictcoder.config import load_settings
from conflictcoder.model import Article
from conflictcoder.store import open_store

from .test_dashboard import CHROMIUM, browser, open_dashboard, page, shot  # noqa: F401

PASSWORD = "a long passphrase"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is missing: run scripts/browser.sh"
)


def serve(app: Any) -> Iterator[str]:
    """Run ``app`` on a free loopback port in a thread; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture
def desk(db_path: Path) -> Iterator[str]:
    with open_store(db_path) as store:
        store.add_user("ana", PASSWORD, role="reviewer")  # type: ignore[attr-defined]
    yield from serve(create_app(db_path, load_settings()))


def sign_in(page: Any, base: str) -> None:  # noqa: F811
    page.goto(base + "/review")
    page.fill("#signin input[name=name]", "ana")
    page.fill("#signin input[name=password]", PASSWORD)
    page.click("#signin button[type=submit]")
    page.wait_for_selector("#queue")


def test_a_reviewer_corrects_an_actor_and_sees_it_on_the_map_and_in_the_history(
    page: Any,  # noqa: F811
    desk: str,
) -> None:
    page.goto(desk + "/review")
    assert page.locator("#signin").count() == 1  # anonymous: the sign-in form
    page.fill("#signin input[name=name]", "ana")
    page.fill("#signin input[name=password]", "not the password")
    page.click("#signin button[type=submit]")
    page.wait_for_selector("#signin-message:has-text('wrong user name or password')")
    sign_in(page, desk)
    assert page.locator("#who").inner_text() == "ana"
    rows = page.locator("tr.queue-row")
    assert rows.count() == 5
    ariha = page.locator("tr.queue-row:has-text('Ariha')")
    event_id = ariha.get_attribute("data-event-id")
    ariha.locator("button[data-action=edit]").click()
    editor = page.locator(f'tr.editor-row[data-event-id="{event_id}"] form')
    editor.locator("input[name=actor2]").fill("Civilians (Syria)")
    editor.locator("input[name=__note]").fill("the shells hit homes")
    editor.locator("button[type=submit]").click()
    page.wait_for_selector("#review-message:has-text('corrected (actor2) and confirmed')")
    assert page.locator("tr.queue-row").count() == 4
    assert page.locator("#queue-total").inner_text() == "4"
    shot(page, "review-queue.png")
    # The map's list shows the new actor; the event's page its history.
    open_dashboard(page, desk + "/")
    row = page.locator(f'tr.event-row[data-event-id="{event_id}"]')
    assert "Civilians (Syria)" in row.inner_text()
    assert page.locator("#map-legend").count() == 1
    assert "Battles" in page.locator("#map-legend").inner_text()
    page.goto(desk + f"/events/{event_id}")
    body = page.locator("ol.history").inner_text().lower()  # the actions are set in capitals
    assert "correct" in body and "ana" in body and "the shells hit homes" in body
    assert "actor2 null → civilians (syria)" in body
    event = httpx.get(desk + f"/api/events/{event_id}").json()
    assert event["event"]["actor2"] == "Civilians (Syria)"
    assert event["event"]["inter2"] == 7 and event["event"]["interaction"] == 17
    assert page.errors == [] and page.outside == []


def test_a_reader_cannot_open_the_queue(
    page: Any,  # noqa: F811
    desk: str,
    db_path: Path,
) -> None:
    with open_store(db_path) as store:
        store.add_user("rea", PASSWORD, role="reader")  # type: ignore[attr-defined]
    page.goto(desk + "/review")
    page.fill("#signin input[name=name]", "rea")
    page.fill("#signin input[name=password]", PASSWORD)
    page.click("#signin button[type=submit]")
    page.wait_for_selector("text=rea is a reader: the review queue needs a reviewer.")
    assert page.locator("#queue").count() == 0


def test_a_reviewer_splits_an_event_with_two_reports(
    page: Any,  # noqa: F811
    db_path: Path,
    desk: str,
) -> None:
    # A second article reports the Ariha shelling: the store files it under the same event.
    text = "Shells fell on Ariha\n\nArmy guns hit Ariha again on Tuesday, a second wire said."
    second = Article(
        id="idlib-2", text=text, title="Shells fell on Ariha", published=date(2020, 3, 4)
    )
    proof = evidence(second, "Army guns hit Ariha again on Tuesday, a second wire said.")
    with open_store(db_path) as store:
        store.ingest(second, [army_shelling("2020-03-03", "Ariha", 35.8126, 36.6083, proof)])
    sign_in(page, desk)
    assert page.locator("tr.queue-row").count() == 5
    ariha = page.locator("tr.queue-row:has-text('Ariha')")
    event_id = ariha.get_attribute("data-event-id")
    # Only an event with reports from two documents or more offers a split.
    assert page.locator("button[data-action=split]").count() == 1
    ariha.locator("button[data-action=split]").click()
    splitter = page.locator(f'tr.split-row[data-event-id="{event_id}"] form')
    assert "a second wire said" in splitter.inner_text()
    splitter.locator("button[type=submit]").click()  # nothing ticked: a word, no request
    page.wait_for_selector("#review-message:has-text('tick the reports')")
    splitter.locator("input[value=idlib-2]").check()
    splitter.locator("input[name=__note]").fill("two salvos, hours apart")
    splitter.locator("button[type=submit]").click()
    page.wait_for_selector("#review-message:has-text('split; idlib-2 now in')")
    rows = page.locator("tr.queue-row:has-text('Ariha')")
    assert rows.count() == 2
    assert page.locator("#queue-total").inner_text() == "6"
    shot(page, "review-split.png")
    events = httpx.get(desk + "/api/events").json()["items"]
    at_ariha = [e["doc_ids"] for e in events if e["location"] == "Ariha"]
    assert sorted(at_ariha) == [["idlib-1"], ["idlib-2"]]
    page.goto(desk + f"/events/{event_id}")
    assert "two salvos, hours apart" in page.locator("ol.history").inner_text()
    assert page.errors == [] and page.outside == []


@pytest.fixture
def team_desk(db_path: Path, tmp_path: Path) -> Iterator[str]:
    """The desk with the team's rule files set (none written yet)."""
    with open_store(db_path) as store:
        store.add_user("ana", PASSWORD, role="reviewer")  # type: ignore[attr-defined]
    settings = load_settings(
        user_rules={"triggers": str(tmp_path / "team_triggers.yaml")},
        gazetteer_supplement=str(tmp_path / "team_places.csv"),
    )
    yield from serve(create_app(db_path, settings))


def test_a_correction_offers_lessons_and_the_reviewer_accepts_one(
    page: Any,  # noqa: F811
    team_desk: str,
    tmp_path: Path,
) -> None:
    sign_in(page, team_desk)
    ariha = page.locator("tr.queue-row:has-text('Ariha')")
    event_id = ariha.get_attribute("data-event-id")
    ariha.locator("button[data-action=edit]").click()
    editor = page.locator(f'tr.editor-row[data-event-id="{event_id}"] form')
    editor.locator("input[name=location]").fill("Tell Qarnoun")  # invented: no gazetteer has it
    editor.locator("input[name=latitude]").fill("35.8")
    editor.locator("input[name=longitude]").fill("36.61")
    editor.locator("input[name=sub_event_type]").fill("Air/drone strike")
    editor.locator("button[type=submit]").click()
    page.wait_for_selector("#lessons li.lesson-place")
    place = page.locator("#lessons li.lesson-place")
    assert "place: Tell Qarnoun at 35.8, 36.61 (Idleb, Syria)" in place.inner_text()
    trigger = page.locator("#lessons li.lesson-trigger")
    assert "means Air/drone strike" in trigger.inner_text()
    place.locator("button.teach").click()
    page.wait_for_selector("#lessons li.lesson-place .outcome:has-text('added place Tell Qarnoun')")
    assert place.locator("button.teach").count() == 0
    assert "Tell Qarnoun,,35.8,36.61,Syria,Idleb," in (tmp_path / "team_places.csv").read_text()
    shot(page, "review-lessons.png")
    assert not (tmp_path / "team_triggers.yaml").exists()  # offered, not accepted
    assert page.errors == [] and page.outside == []
