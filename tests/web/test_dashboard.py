"""End-to-end tests of the dashboard in headless Chromium (Debian's, driven by Playwright).

The server runs the coded samples on a loopback port (``live_server``). Every request the
page makes to another host is refused and recorded, so these tests also show that the
dashboard works with no internet. Screenshots go to test-artifacts/ (not committed).

Chromium is installed by scripts/browser.sh (``make test`` runs it); never by
``playwright install``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
TIMEOUT_MS = 15_000

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is missing: run scripts/browser.sh"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.outside = []  # requests to other hosts, refused
    page.errors = []

    def route(request_route: Any) -> None:
        host = urlsplit(request_route.request.url).hostname
        if request_route.request.url.startswith("data:") or host in LOCAL_HOSTS:
            request_route.continue_()
        else:
            page.outside.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.blocked = []  # what the Content-Security-Policy refused (Chromium logs each)

    def console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            page.blocked.append(message.text)

    page.on("console", console)
    yield page
    context.close()


def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def open_dashboard(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("#map.borders-loaded")


def dashboard(live_server: str, **params: str) -> dict[str, Any]:
    data: dict[str, Any] = httpx.get(live_server + "/api/dashboard", params=params).json()
    return data


def test_the_map_shows_the_sample_events(page: Any, live_server: str) -> None:
    data = dashboard(live_server)
    located = [e for e in data["events"] if e["latitude"] is not None]
    assert located, "the coded sample has events with coordinates"
    open_dashboard(page, live_server + "/")
    assert page.locator("path.event-marker").count() == len(located)
    assert page.locator("tr.event-row").count() == data["shown"]
    assert page.locator("#count-total").inner_text() == str(data["total"])
    # the timeline has one bar per day with events
    assert page.locator("#timeline rect.bar").count() == len(data["timeline"])
    # every marker is on top where it is drawn (not under the borders or a control)
    hidden = page.evaluate(
        """() => Array.from(document.querySelectorAll('path.event-marker')).filter(m => {
            const box = m.getBoundingClientRect();
            const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            return !(top && top.classList.contains('event-marker'));
        }).map(m => m.getAttribute('data-event-id'))"""
    )
    assert hidden == []
    # the offline base layer drew country borders, in their own pane below the markers'
    assert page.locator(".leaflet-borders-pane path").count() > 100
    below = page.evaluate(
        """() => {
            const z = el => Number(getComputedStyle(el).zIndex);
            const marker = document.querySelector('path.event-marker').closest('.leaflet-pane');
            return z(document.querySelector('.leaflet-borders-pane')) < z(marker);
        }"""
    )
    assert below, "the borders are drawn over the markers"
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert "GeoNames" in attribution and "Natural Earth" in attribution
    shot(page, "dashboard.png")
    assert page.outside == []
    assert page.errors == []


def test_a_click_on_a_marker_opens_the_evidence(page: Any, live_server: str) -> None:
    open_dashboard(page, live_server + "/")
    marker = page.locator("path.event-marker").first
    event_id = marker.get_attribute("data-event-id")
    marker.dispatch_event("click")
    panel = page.locator(f'#panel .event-detail[data-event-id="{event_id}"]')
    panel.wait_for()
    detail = httpx.get(f"{live_server}/api/events/{event_id}").json()
    sentences = {e["sentence"] for e in detail["event"]["evidence"]}
    marked = page.locator("#panel mark.evidence").all_inner_texts()
    assert marked, "the evidence is highlighted in the article text"
    assert all(any(m in s or s in m for s in sentences) for m in marked)
    assert page.locator("#panel ol.sources li").count() == len(detail["sources"])
    assert page.locator(f'tr.event-row.selected[data-event-id="{event_id}"]').count() == 1
    shot(page, "event-panel.png")
    assert page.outside == []
    assert page.errors == []


def test_a_click_on_a_row_opens_the_same_panel(page: Any, live_server: str) -> None:
    open_dashboard(page, live_server + "/")
    row = page.locator("tr.event-row").last
    event_id = row.get_attribute("data-event-id")
    row.click()
    page.locator(f'#panel .event-detail[data-event-id="{event_id}"]').wait_for()
    assert page.locator("#panel mark.evidence").count() >= 1
    assert page.url.endswith(f"#event={event_id}")


def test_a_filter_narrows_the_list(page: Any, live_server: str) -> None:
    everything = dashboard(live_server)
    types = sorted({e["event_type"] for e in everything["events"]})
    assert len(types) >= 2, "the sample has events of more than one type"
    chosen = types[0]
    narrowed = dashboard(live_server, event_type=chosen)
    assert 0 < narrowed["total"] < everything["total"]
    open_dashboard(page, live_server + "/")
    assert page.locator("tr.event-row").count() == everything["shown"]
    page.select_option("select[name=event_type]", chosen)
    page.wait_for_function(
        "n => document.querySelectorAll('tr.event-row').length === n", arg=narrowed["shown"]
    )
    assert page.locator("#count-total").inner_text() == str(narrowed["total"])
    located = sum(e["latitude"] is not None for e in narrowed["events"])
    assert page.locator("path.event-marker").count() == located
    assert f"event_type={chosen.split('/')[0]}" in page.url.replace("+", " ").replace("%20", " ")
    shot(page, "filtered.png")
    # a text filter narrows it further, or empties it
    page.fill("input[name=text]", "zzzz-no-such-word")
    page.click("button[type=submit]")
    page.wait_for_selector("tr.empty")
    assert page.locator("path.event-marker").count() == 0
    assert page.locator("#count-total").inner_text() == "0"
    assert page.errors == []


def test_the_event_page_works_without_script(browser: Any, live_server: str) -> None:
    data = dashboard(live_server)
    event_id = data["events"][0]["event_id"]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/events/{event_id}")
    assert page.locator("mark.evidence").count() >= 1
    assert "GeoNames" in page.locator("footer").inner_text()
    shot(page, "event-page.png")
    context.close()


def test_the_dashboard_runs_under_the_strict_policy(page: Any, live_server: str) -> None:
    response = page.goto(live_server + "/")
    policy = response.headers["content-security-policy"]
    assert policy.startswith("default-src 'self';") and "unsafe-inline" not in policy
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("#map.borders-loaded")
    page.locator("path.event-marker").first.dispatch_event("click")
    page.locator("#panel .event-detail").wait_for()
    assert page.locator("#panel ol.sources li").count() >= 1
    assert page.blocked == []
    assert page.errors == []
    # and the policy is enforced: a script written into the page does not run
    ran = page.evaluate(
        """() => new Promise(resolve => {
            document.addEventListener('securitypolicyviolation', () => resolve('blocked'));
            const script = document.createElement('script');
            script.textContent = 'window.injected = true';
            document.body.appendChild(script);
            setTimeout(() => resolve(window.injected ? 'ran' : 'blocked'), 500);
        })"""
    )
    assert ran == "blocked"
    page.wait_for_timeout(100)
    assert page.blocked, "Chromium reports the refused inline script"


def test_a_script_link_from_the_api_is_text_in_the_panel(page: Any, live_server: str) -> None:
    # as if the store held a source with a javascript: URL (written before the check at
    # the door, or by another tool): app.js must not make it a link
    open_dashboard(page, live_server + "/")
    row = page.locator("tr.event-row").first
    event_id = row.get_attribute("data-event-id")
    detail = httpx.get(f"{live_server}/api/events/{event_id}").json()
    hostile = ["javascript:alert(1)", " JAVASCRIPT:alert(2)", "data:text/html,x", "//evil.invalid/"]
    detail["sources"] = [
        {**detail["sources"][0], "doc_id": f"s{n}", "title": f"Hostile {n}", "url": url}
        for n, url in enumerate(hostile)
    ]

    def answer(request_route: Any) -> None:
        request_route.fulfill(status=200, content_type="application/json", json=detail)

    page.route(f"**/api/events/{event_id}", answer)
    row.click()
    page.locator(f'#panel .event-detail[data-event-id="{event_id}"]').wait_for()
    items = page.locator("#panel ol.sources li").all_inner_texts()
    assert [item.split(" ")[0:2] for item in items] == [["Hostile", str(n)] for n in range(4)]
    assert page.locator("#panel ol.sources a").count() == 0
    assert page.errors == []
