"""The sources file: parsing, defaults and file:line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictcoder.errors import InputError
from conflictcoder.watch import WatchOptions, load_sources, parse_duration, parse_sources

GOOD = """\
[watch]
timeout = "5s"
retries = 1
host_delay = "250ms"
contact = "mailto:desk@example.org"

[[source]]
name = "levant-wire"
url = "https://levant-wire.example/feed.xml"
interval = "15m"
kind = "feed"
country = "syrian arab republic"
language = "en"
source_scale = "National"

[[source]]
name = "ministry.page"
url = "http://ministry.example:8080/statements"
interval = "1h"
"""


def test_parses_sources_and_options() -> None:
    parsed = parse_sources(GOOD, "sources.toml")
    assert parsed.options == WatchOptions(
        timeout=5.0, retries=1, host_delay=0.25, contact="mailto:desk@example.org"
    )
    first, second = parsed.sources
    assert (first.name, first.interval, first.kind, first.country) == (
        "levant-wire",
        900.0,
        "feed",
        "Syria",
    )
    assert (first.language, first.source_scale, first.line) == ("en", "National", 7)
    lower = parse_sources(GOOD.replace('"National"', '"national"'), "sources.toml")
    assert lower.sources[0].source_scale == "National"  # spelled as source_scales.yaml has it
    assert (second.kind, second.interval, second.country, second.host) == (
        "auto",
        3600.0,
        None,
        "ministry.example:8080",
    )
    assert second.origin == "watch:ministry.page"


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("30s", 30.0), ("15m", 900.0), ("1h", 3600.0), ("1d", 86400.0), ("500ms", 0.5), (7, 7.0)],
)
def test_durations(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["15 minutes", "-1s", "", "1w", True])
def test_bad_durations(value: object) -> None:
    with pytest.raises(ValueError, match="interval must be a duration"):
        parse_duration(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[source]]\nname = "a"\nurl = "http://a.example/rss"\ninterval = "15 minutes"\n',
            "sources.toml:4: source 'a': interval must be a duration such as",
        ),
        (
            '[[source]]\nname = "a"\nurl = "ftp://a.example/rss"\ninterval = "1h"\n',
            "sources.toml:3: source 'a': url must be an http:// or https:// address, "
            "got 'ftp://a.example/rss'",
        ),
        (
            '[[source]]\nname = "a"\nurl = "http://a.example/rss"\ninterval = "1h"\n'
            'colour = "red"\n',
            "sources.toml:5: source 'a': unknown key 'colour': use one of name, url, "
            "interval, kind, country, language, source_scale",
        ),
        (
            '[[source]]\nname = "a"\ninterval = "1h"\n',
            "sources.toml:1: source 'a': missing 'url'",
        ),
        (
            '[[source]]\nname = "a"\nurl = "http://a.example/1"\ninterval = "1h"\n\n'
            '[[source]]\nname = "a"\nurl = "http://a.example/2"\ninterval = "1h"\n',
            "sources.toml:7: source 'a' is named twice (first at line 2): give each source "
            "its own name",
        ),
        (
            '[[source]]\nname = "a b"\nurl = "http://a.example/1"\ninterval = "1h"\n',
            "sources.toml:2: source 'a b': name must be 1 to 100 letters",
        ),
        (
            '[[source]]\nname = "a"\nurl = "http://a.example/1"\ninterval = "1h"\n'
            'kind = "podcast"\n',
            "sources.toml:5: source 'a': kind must be one of auto, feed, page, got 'podcast'",
        ),
        (
            '[[source]]\nname = "a"\nurl = "http://a.example/1"\ninterval = "1h"\n'
            'country = "Narnia"\n',
            "sources.toml:5: source 'a': country must be a country's name or ISO code",
        ),
        (
            '[[source]]\nname = "a"\nurl = "http://a.example/1"\ninterval = "1h"\n'
            'source_scale = "Galactic"\n',
            "sources.toml:5: source 'a': source_scale must be one of ACLED's scales (Local "
            "partner, Subnational, National,",
        ),
        (
            '[[source]]\nname = "a"\nurl = "http://a.example/1"\ninterval = "0.5s"\n',
            "sources.toml:4: source 'a': interval must be at least 1s, got '0.5s'",
        ),
        (
            '[watch]\nretries = -1\n\n[[source]]\nname = "a"\nurl = "http://a.example/1"\n'
            'interval = "1h"\n',
            "sources.toml:2: [watch]: retries must be a whole number from 0 to 20, got -1",
        ),
        (
            '[watch]\nproxy = "proxy.example:3128"\n',
            "sources.toml:2: [watch]: proxy must be an http:// or https:// address",
        ),
        (
            '[watch]\nproxy = "http://[::1:3128"\n',
            "sources.toml:2: [watch]: proxy must be an http:// or https:// address, "
            "got 'http://[::1:3128'",
        ),
        (
            "[watch]\ntimeout = true\n",
            'sources.toml:2: [watch]: timeout must be a duration such as "30s", "15m" or "1h", '
            "got True",
        ),
        (
            "[watch]\nretries = 1\nhost_delay = -2\n",
            "sources.toml:3: [watch]: host_delay must be a duration of 0 or more, got -2",
        ),
        (
            "[watch]\nconcurrency = 1000\n",
            "sources.toml:2: [watch]: concurrency must be a whole number from 1 to 256, got 1000",
        ),
        (
            '[watch]\ncontact = "desk\\nsecond line"\n',
            "sources.toml:2: [watch]: contact must be a one-line string, got 'desk\\nsecond line'",
        ),
        (
            '[watch]\ntimeuot = "5s"\n',
            "sources.toml:2: [watch]: unknown key 'timeuot': use one of",
        ),
        (
            '[[source]]\nname = "a"\nurl = "http://a.example/1"\ninterval = 1h\n',
            "sources.toml:4: not valid TOML: Expected newline or end of document",
        ),
        ("", "sources.toml: no sources: add a [[source]] table with name, url and interval"),
        (
            '[sources]\nname = "a"\n',
            "sources.toml:1: unknown table or key 'sources': a sources file has [watch] and",
        ),
    ],
)
def test_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_sources(text, "sources.toml")
    assert str(caught.value).startswith(message)


def test_load_sources_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert [s.name for s in load_sources(path).sources] == ["levant-wire", "ministry.page"]
    with pytest.raises(InputError, match="missing.toml: sources file not found"):
        load_sources(tmp_path / "missing.toml")
