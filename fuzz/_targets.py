"""What the atheris targets share: building inputs from fuzzer bytes, and the invariant.

The invariant is the readers' contract: for any input, reading yields only ``Article`` and
``InputError`` items, each error naming the input file, each article fit to code (text within
the limits, every string encodable). Anything else (an exception, a wrong type) is a crash
that atheris reports with the input that caused it.
"""

from __future__ import annotations

import logging
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from conflictcoder.config import Settings, load_settings
from conflictcoder.errors import InputError
from conflictcoder.ingest._common import web_url
from conflictcoder.model import Article

# Two sets of limits: the packaged defaults, and small ones that inputs reach quickly.
LIMITS = (
    load_settings(),
    load_settings(max_document_chars=3000, max_paragraph_chars=600, max_nesting_depth=12),
)
TOKENS = [
    "<!DOCTYPE html>",
    "<html>",
    "</html>",
    '<html lang="ar">',
    "<head>",
    "</head>",
    "<title>",
    "</title>",
    '<meta name="date" content="2020-02-09">',
    '<meta property="og:site_name" content="Levant Wire">',
    '<script type="application/ld+json">{"datePublished": "2019-12-17"}</script>',
    "<body>",
    "</body>",
    "<article>",
    "</article>",
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<li><a href='/x'>",
    "</a></li>",
    '<time datetime="2020-02-09">',
    "</time>",
    "<nav>",
    "<footer>",
    "<table><tr><td>",
    "<br>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "Regime artillery shelled Ariha on Monday, killing two civilians.",
    "Russian warplanes struck Kafr Nabl, activists said.",
    "17 December, 2019",
    "Read also: Ten die in Hama",
    "Follow us on X",
    "\n",
    "\n\n",
    "\x00",
    "\ufeff",
    "\u202e",
    "\U0001f4a5",
]


def build_text(fdp: Any, max_tokens: int = 60) -> str:
    """A string of markup and news tokens, with raw Unicode from the fuzzer mixed in."""
    parts: list[str] = []
    for _ in range(fdp.ConsumeIntInRange(0, max_tokens)):
        if fdp.ConsumeIntInRange(0, 4) == 0:
            parts.append(fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 16)))
        else:
            parts.append(TOKENS[fdp.ConsumeIntInRange(0, len(TOKENS) - 1)])
    if fdp.ConsumeBool():  # deep nesting
        depth = fdp.ConsumeIntInRange(0, 400)
        parts = ["<div>" * depth, *parts, "</div>" * fdp.ConsumeIntInRange(0, depth)]
    return "".join(parts)


def mangle(fdp: Any, data: bytes) -> bytes:
    """Splice a few raw fuzzer bytes into ``data`` (invalid UTF-8, NULs, truncation)."""
    for _ in range(fdp.ConsumeIntInRange(0, 3)):
        at = fdp.ConsumeIntInRange(0, len(data))
        data = data[:at] + fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 4)) + data[at:]
    if fdp.ConsumeIntInRange(0, 7) == 0:
        data = data[: fdp.ConsumeIntInRange(0, len(data))]
    return data


def check(items: Iterable[Any], path: Path, settings: Settings) -> int:
    """Raise AssertionError unless every item keeps the readers' contract; count them."""
    count = 0
    for item in items:
        count += 1
        if isinstance(item, InputError):
            assert item.path.startswith(str(path)), item
            assert item.problem.strip(), item
            str(item).encode("utf-8", "backslashreplace")
            continue
        assert isinstance(item, Article), f"reader yielded {type(item).__name__}"
        assert item.text.strip()
        assert len(item.text) <= settings.max_document_chars
        assert max(map(len, item.text.split("\n"))) <= settings.max_paragraph_chars
        for value in (item.id, item.text, item.title, item.source, item.url, item.origin):
            if value is not None:
                value.encode("utf-8")  # a lone surrogate raises here
        # only an http(s) address is kept as a url: nothing else may become a link
        assert item.url is None or web_url(item.url) == item.url, item.url
    assert count, "a reader yields at least one item per file"
    return count


class Scratch:
    """One temporary folder for the whole run: each input is written over the last."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="conflictcoder-fuzz-")
        self.root = Path(self._folder.name)

    def write(self, name: str, data: bytes) -> Path:
        path = self.root / name
        path.write_bytes(data)
        return path


def fuzz(test_one_input: Callable[[bytes], None], *quiet: str) -> None:
    """Run atheris on ``test_one_input`` with this process's arguments (libFuzzer options).

    Our readers' warnings (replaced bytes and the like) and the logs of the libraries named
    in ``quiet`` are silenced: a campaign prints millions of inputs' worth of them.
    """
    import atheris

    logging.getLogger("conflictcoder").setLevel(logging.ERROR)
    for name in quiet:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
