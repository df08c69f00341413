"""Tests for conflictcoder/ingest/fetch.py: web pages read as articles, from 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conflictcoder.config import Settings
from conflictcoder.errors import InputError
from conflictcoder.ingest import read_inputs
from conflictcoder.ingest.fetch import fetch_url, is_url
from conflictcoder.model import Article

PAGE = (
    b"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    b"<title>Shelling hits Testville</title>"
    b"<meta property='og:site_name' content='The Test Courier'>"
    b"<meta property='article:published_time' content='2022-03-05T08:00:00Z'></head>"
    b"<body><article><h1>Shelling hits Testville</h1>"
    b"<p>Artillery shelled the town of Testville on Friday, killing two civilians, "
    b"local officials said.</p>"
    b"<p>Residents said the shells fell near the central market in the morning.</p>"
    b"</article></body></html>"
)
TEXT = b"Clashes near Testburg\n\nFighters clashed with soldiers near Testburg on Monday.\n"


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            routes = {
                "/news/shelling.html": (200, "text/html; charset=utf-8", PAGE),
                "/plain.txt": (200, "text/plain; charset=utf-8", TEXT),
                "/picture.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
                "/big.html": (200, "text/html", b"<p>" + b"x" * 5000 + b"</p>"),
            }
            if self.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            code, kind, body = routes.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_is_url() -> None:
    assert is_url("https://example.org/") and is_url("HTTP://example.org/a")
    assert not is_url("report.txt") and not is_url("ftp://example.org/a")


def test_html_page_is_an_article(site: str) -> None:
    article = fetch_url(f"{site}/news/shelling.html")
    assert isinstance(article, Article), article
    assert article.url == f"{site}/news/shelling.html"
    assert article.source == "The Test Courier"
    assert article.title == "Shelling hits Testville"
    assert article.published is not None and article.published.isoformat() == "2022-03-05"
    assert "killing two civilians" in article.text
    assert article.id.startswith("shelling-")
    assert fetch_url(f"{site}/news/shelling.html").id == article.id  # stable


def test_text_page(site: str) -> None:
    article = fetch_url(f"{site}/plain.txt")
    assert isinstance(article, Article), article
    assert article.title == "Clashes near Testburg" and article.source == "127.0.0.1"


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/missing", "the server answered 404"),
        ("/picture.png", "not a web page or text (content type 'image/png')"),
        ("/loop", "more than 5 redirects"),
    ],
)
def test_failures_are_one_error_naming_the_url(site: str, path: str, problem: str) -> None:
    error = fetch_url(site + path)
    assert isinstance(error, InputError)
    assert str(error) == f"{site}{path}: {problem}"


def test_same_size_limit_as_the_readers(site: str) -> None:
    error = fetch_url(f"{site}/big.html", settings=Settings(max_document_chars=1000))
    assert isinstance(error, InputError)
    assert str(error) == (
        f"{site}/big.html: document too large (5007 bytes; the limit is max_document_chars = 1000)"
    )


def test_unreachable_host() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    error = fetch_url(f"http://127.0.0.1:{port}/a.html")
    assert isinstance(error, InputError)
    assert str(error).startswith(f"http://127.0.0.1:{port}/a.html: cannot fetch: ")


def test_read_inputs_fetches_urls_in_order(site: str, tmp_path: object) -> None:
    items = list(read_inputs([f"{site}/plain.txt", f"{site}/missing"]))
    assert isinstance(items[0], Article) and isinstance(items[1], InputError)
