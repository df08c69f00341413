"""Watching sources: poll feeds and pages on a schedule, code what is new, store it once.

``conflictcoder watch SOURCES.toml --db PATH`` is ``Watcher(store, load_sources(path))``
with ``run_forever`` (or ``poll_once`` for ``--once``). See ``sources.py`` for the file,
``fetch.py`` for how requests are made, ``watcher.py`` for crash safety, ``schedule.py``
for the schedule.

Example:
    >>> from conflictcoder.store import open_store
    >>> with open_store("events.sqlite") as store, Watcher(  # doctest: +SKIP
    ...         store, load_sources("sources.toml")) as watcher:
    ...     [r.outcome for r in watcher.poll_once()]
    ['stored', 'unchanged']
"""

from __future__ import annotations

from .fetch import Fetcher, FetchError, FetchResult, HostLimiter, user_agent
from .read import read_response, response_kind
from .sources import Source, SourcesFile, WatchOptions, load_sources, parse_duration, parse_sources
from .status import SourceSummary, source_summaries
from .watcher import SourceReport, Watcher, retry_delay, watch_store

__all__ = [
    "FetchError",
    "FetchResult",
    "Fetcher",
    "HostLimiter",
    "Source",
    "SourceReport",
    "SourceSummary",
    "SourcesFile",
    "WatchOptions",
    "Watcher",
    "load_sources",
    "parse_duration",
    "parse_sources",
    "read_response",
    "response_kind",
    "retry_delay",
    "source_summaries",
    "user_agent",
    "watch_store",
]
