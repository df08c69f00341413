"""Smoke test of the atheris targets in fuzz/: they import and accept a few inputs.

The fuzzing campaigns themselves run outside the suite (see fuzz/fuzz_html.py).
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

FUZZ_DIR = Path(__file__).resolve().parents[2] / "fuzz"
INPUTS = [
    b"",
    b"\x00",
    b"\x01" * 64,
    bytes(range(256)),
    b"\x00\x01<html><body><p>Shelling hit Ariha on Monday.</p></body></html>",
    b"\xff" * 300,
]


def _load(name: str) -> ModuleType:
    pytest.importorskip("atheris")
    if str(FUZZ_DIR) not in sys.path:
        sys.path.insert(0, str(FUZZ_DIR))  # the targets import _targets beside them
    spec = importlib.util.spec_from_file_location(
        f"conflictcoder_fuzz_{name}", FUZZ_DIR / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["fuzz_html", "fuzz_warc", "fuzz_feed"])
def test_target_accepts_inputs(name: str) -> None:
    target = _load(name)
    seeds = random.Random(7)
    for data in [*INPUTS, *(seeds.randbytes(seeds.randint(1, 300)) for _ in range(30))]:
        target.test_one_input(data)


def test_html_target_builds_pages_from_tokens() -> None:
    target = _load("fuzz_html")
    seeds = random.Random(5)
    pages = [target.page(seeds.randbytes(200)) for _ in range(50)]
    assert any(b"<" in p and b"Ariha" in p for p in pages)


def test_warc_target_builds_warc_files() -> None:
    target = _load("fuzz_warc")
    seeds = random.Random(5)
    built = [target.archive(seeds.randbytes(300)) for _ in range(50)]
    assert {name for name, _ in built} == {"input.warc", "input.warc.gz"}
    assert any(content.startswith(b"WARC/1") for _, content in built)
    assert any(content.startswith(b"\x1f\x8b") for _, content in built)  # gzip


def test_feed_target_builds_feeds_with_references() -> None:
    target = _load("fuzz_feed")
    seeds = random.Random(5)
    built = [target.feed(seeds.randbytes(400)) for _ in range(80)]
    assert {name for name, _ in built} >= {"input.rss", "input.atom"}
    assert any(b"&#" in content for _, content in built)


def test_warc_target_cuts_plain_archives_inside_records() -> None:
    target = _load("fuzz_warc")
    seeds = random.Random(5)
    cuts = [target.truncated_plain(seeds.randbytes(300)) for _ in range(60)]
    assert any(inside for _, inside in cuts) and any(not inside for _, inside in cuts)
    assert all(b"WARC/1.0".startswith(content[:8]) for content, _ in cuts)  # cut archives
