"""Watching: one poll cycle over many local feeds, then a second cycle that gets 304s.

A child process serves ``--feeds`` RSS feeds of ``--items`` items each on 127.0.0.1 (with
ETags; texts generated here from templates, varied so that they code into events of many
kinds, places and tolls). This process runs ``Watcher.poll_once`` over them into a fresh
SQLite store: fetch, read, code, store, save each source's state. Prints one JSON object:

* the first cycle: wall seconds, articles fetched and stored, events, articles/s, failed
  sources; the pipeline load (one short article coded before the clock starts) apart;
* the second cycle: wall seconds, sources answered 304, new articles (0 expected);
* bare spaCy (``nlp.pipe`` of the same pipeline, same batch size as the coder) over the
  first ``--bare`` texts, and the cycle's articles/s as a ratio of it;
* peak RSS of this process (the server lives in its own process), and the machine.

Usage:
    python bench/watch.py                          # 500 feeds x 20 items
    python bench/watch.py --feeds 50 --items 10    # a quick run
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from _memory import peak_rss_mb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

# (town, province, country): places the default gazetteer knows.
PLACES = (
    ("Saraqib", "Idlib", "Syria"),
    ("Ariha", "Idlib", "Syria"),
    ("Maarat al-Numan", "Idlib", "Syria"),
    ("Atarib", "Aleppo", "Syria"),
    ("Tal Rifaat", "Aleppo", "Syria"),
    ("Talbiseh", "Homs", "Syria"),
    ("Mayadin", "Deir ez-Zor", "Syria"),
    ("Tikrit", "Salahuddin", "Iraq"),
    ("Baiji", "Salahuddin", "Iraq"),
    ("Tuz Khurmatu", "Salahuddin", "Iraq"),
    ("Hawija", "Kirkuk", "Iraq"),
    ("Ramadi", "Anbar", "Iraq"),
    ("Marib", "Marib", "Yemen"),
    ("Taiz", "Taiz", "Yemen"),
    ("Hodeidah", "Hodeidah", "Yemen"),
    ("Sirte", "Sirte", "Libya"),
    ("Gharyan", "Jabal al Gharbi", "Libya"),
    ("Maiduguri", "Borno", "Nigeria"),
    ("Gwoza", "Borno", "Nigeria"),
    ("Kismayo", "Lower Juba", "Somalia"),
    ("Baidoa", "Bay", "Somalia"),
    ("Gao", "Gao", "Mali"),
    ("Kharkiv", "Kharkiv", "Ukraine"),
    ("Bakhmut", "Donetsk", "Ukraine"),
)
ARMED = {
    "Syria": ("Government forces", "Rebel fighters", "Islamic State militants"),
    "Iraq": ("Iraqi security forces", "Islamic State militants", "Popular Mobilization fighters"),
    "Yemen": ("Houthi rebels", "Government forces", "Saudi-led coalition aircraft"),
    "Libya": ("Libyan National Army forces", "Gunmen", "Militiamen"),
    "Nigeria": ("Boko Haram militants", "Nigerian troops", "Gunmen"),
    "Somalia": ("Al-Shabaab militants", "Somali troops", "Gunmen"),
    "Mali": ("Jihadist militants", "Malian soldiers", "Gunmen"),
    "Ukraine": ("Russian forces", "Ukrainian forces", "Russian artillery"),
}
EVENTS = (
    "{actor} shelled {town} in {province} on {day}, killing {n} civilians, residents said.",
    "An air strike hit a market in {town} in {province} on {day}, killing {n} people.",
    "{actor} clashed with rival fighters near {town} in {province} on {day}; {n} fighters "
    "were killed.",
    "A roadside bomb exploded near a patrol in {town} in {province} on {day}, killing {n} "
    "soldiers.",
    "{actor} attacked a village near {town} in {province} on {day}, killing {n} farmers.",
    "Hundreds of protesters marched in {town} in {province} on {day} to demand the release "
    "of detainees.",
    "{actor} abducted {n} aid workers on the road to {town} in {province} on {day}.",
    "A drone struck a vehicle outside {town} in {province} on {day}, killing {n} people, "
    "medics said.",
)
CONTEXT = (
    "Local officials said the toll could rise.",
    "Witnesses described heavy damage to houses.",
    "No group immediately claimed responsibility.",
    "The area has seen repeated violence in recent weeks.",
    "Hospitals in the area appealed for blood donations.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "11", "14")


def report(feed: int, item: int) -> tuple[str, str]:
    """The (title, text) of item ``item`` of feed ``feed``: distinct for every pair."""
    k = feed * 131 + item * 17
    town, province, country = PLACES[k % len(PLACES)]
    actor = ARMED[country][(k // 7) % 3]
    template = EVENTS[(feed + item * 3) % len(EVENTS)]
    text = template.format(
        actor=actor,
        town=town,
        province=province,
        day=DAYS[(feed + item) % 7],
        n=NUMBERS[(k // 3) % len(NUMBERS)],
    )
    text = text[0].upper() + text[1:]
    context = CONTEXT[(feed * 7 + item) % len(CONTEXT)]
    return (
        f"{town}: report {item + 1} from desk {feed + 1}",
        f"{text} {context} Reporting by desk {feed + 1}, item {item + 1}.",
    )


def feed_body(feed: int, items: int) -> bytes:
    published = date(2024, 3, 4) - timedelta(days=feed % 5)
    stamp = f"{published.strftime('%a, %d %b %Y')} 08:00:00 GMT"
    entries = []
    for item in range(items):
        title, text = report(feed, item)
        entries.append(
            f"<item><title>{escape(title)}</title>"
            f"<link>http://desk{feed}.news.invalid/{item}</link>"
            f"<guid>desk{feed}-{item}</guid><pubDate>{stamp}</pubDate>"
            f"<description>{escape(text)}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Desk {feed + 1} Wire</title><link>http://desk{feed}.news.invalid/</link>"
        f"<description>bench</description>{''.join(entries)}</channel></rss>"
    ).encode()


def serve(feeds: int, items: int, port: Any) -> None:
    """The feed server (child process): /feed/N.xml with an ETag, 304 when it matches."""
    bodies = {f"/feed/{n}.xml": feed_body(n, items) for n in range(feeds)}
    tags = {path: '"' + hashlib.sha1(body).hexdigest()[:16] + '"' for path, body in bodies.items()}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            body = bodies.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            tag = tags[self.path]
            if self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.send_header("ETag", tag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", tag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    port.value = httpd.server_address[1]
    httpd.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--bare", type=int, default=1000, help="texts for the bare spaCy run")
    args = parser.parse_args()

    from conflictcoder.coder import Coder
    from conflictcoder.config import load_settings
    from conflictcoder.model import Article
    from conflictcoder.store import open_store
    from conflictcoder.watch import Watcher, load_sources

    port = multiprocessing.Value("i", 0)
    server = multiprocessing.Process(target=serve, args=(args.feeds, args.items, port), daemon=True)
    server.start()
    while port.value == 0:
        time.sleep(0.05)
    try:
        with tempfile.TemporaryDirectory(prefix="conflictcoder-bench-watch-") as folder:
            sources = Path(folder) / "sources.toml"
            lines = [
                f'[watch]\nhost_delay = "0s"\nconcurrency = {args.concurrency}\ntimeout = "60s"\n'
            ]
            lines += [
                f'[[source]]\nname = "desk{n}"\n'
                f'url = "http://127.0.0.1:{port.value}/feed/{n}.xml"\ninterval = "1h"\n'
                for n in range(args.feeds)
            ]
            sources.write_text("\n".join(lines), encoding="utf-8")
            settings = load_settings()
            coder = Coder(settings)
            started = time.perf_counter()
            coder.code(Article(id="warm", text="Jets struck Ariha on Monday, killing two."))
            load_s = time.perf_counter() - started
            with (
                open_store(Path(folder) / "events.sqlite") as store,
                Watcher(store, load_sources(sources), settings=settings, coder=coder) as watcher,
            ):
                started, cpu = time.perf_counter(), time.process_time()
                first = watcher.poll_once()
                wall, cpu = time.perf_counter() - started, time.process_time() - cpu
                started = time.perf_counter()
                second = watcher.poll_once()
                wall2 = time.perf_counter() - started
                stored_articles = store.count_articles()
                stored_events = store.count_events()
            texts = [
                report(n % args.feeds, n // args.feeds % args.items)[1] for n in range(args.bare)
            ]
            started = time.perf_counter()
            for _ in coder.nlp.pipe(texts, batch_size=64):
                pass
            bare_s = time.perf_counter() - started
    finally:
        server.terminate()
        server.join()
    new = sum(r.new for r in first)
    rate = new / wall if wall else 0.0
    bare_rate = len(texts) / bare_s if bare_s else 0.0
    print(
        json.dumps(
            {
                "bench": "watch",
                "inputs": {
                    "feeds": args.feeds,
                    "items_per_feed": args.items,
                    "concurrency": args.concurrency,
                },
                "pipeline_load_s": round(load_s, 2),
                "first_cycle": {
                    "wall_s": round(wall, 2),
                    "cpu_s": round(cpu, 2),
                    "articles_fetched": sum(r.articles for r in first),
                    "articles_stored": new,
                    "events": sum(r.events for r in first),
                    "articles_per_s": round(rate, 1),
                    "failed_sources": sum(r.outcome == "failed" for r in first),
                },
                "second_cycle": {
                    "wall_s": round(wall2, 2),
                    "not_modified": sum(r.outcome == "unchanged" for r in second),
                    "new_articles": sum(r.new for r in second),
                    "failed_sources": sum(r.outcome == "failed" for r in second),
                },
                "store": {"articles": stored_articles, "events": stored_events},
                "bare_spacy": {
                    "texts": len(texts),
                    "docs_per_s": round(bare_rate, 1),
                    "cycle_ratio": round(rate / bare_rate, 3) if bare_rate else None,
                },
                "peak_rss_mb": peak_rss_mb(),
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "processor": platform.processor() or platform.machine(),
                    "cpus": os.cpu_count(),
                },
            }
        )
    )


if __name__ == "__main__":
    main()
