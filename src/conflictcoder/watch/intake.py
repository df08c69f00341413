"""The watcher's intake: the articles of a read response coded by the one ``Coder`` (one
source at a time: spaCy is not thread-safe) and stored with ``Store.ingest``, one
transaction per article, each text once (by its content hash).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import ConflictCoderError
from ..model import Article
from ..resolve.sources import SourceCountries
from ..store import Store
from .fetch import FetchResult
from .outcome import SourceReport
from .read import read_response
from .sources import Source

if TYPE_CHECKING:
    from ..coder import Coder


class _SourceCountry(SourceCountries):
    """The country a watched source covers (its ``country``), for every article it brings.

    The coder asks for it only when the text itself does not say (see ``Coder._country``).
    """

    def __init__(self, country: str) -> None:
        super().__init__({}, {})
        self.country_name = country

    def country(self, source: str | None, url: str | None) -> str | None:
        return self.country_name


class ArticleIntake:
    """Reads a response, codes its articles not yet stored and stores them.

    store (Store): where articles and events go. settings (Settings): the readers' settings.
    coder (Callable[[], Coder]): the coder, asked for only when there is something to code.
    """

    def __init__(self, store: Store, settings: Settings, coder: Callable[[], Coder]) -> None:
        self.store = store
        self.settings = settings
        self.coder = coder
        self._code_lock = threading.Lock()

    def take(self, source: Source, result: FetchResult, report: SourceReport) -> None:
        """Read ``result`` and store its new articles, counting them into ``report``.

        Raises ConflictCoderError when the response holds no article.
        """
        articles, errors = read_response(source, result, self.settings)
        report.articles = len(articles)
        report.problems = [str(error) for error in errors]
        if not articles:
            problem = errors[0].problem if errors else "no articles in the response"
            more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
            raise ConflictCoderError(f"{problem}{more}")
        with self._code_lock:
            fresh = self.unseen(articles)
            if not fresh:
                return
            coder = self.coder()
            original = coder.sources
            if source.country:
                coder.sources = _SourceCountry(source.country)
            try:
                for article, events in coder.code_many(fresh):
                    if self.store.ingest(article, events):
                        report.new += 1
                        report.events += len(events)
            finally:
                coder.sources = original

    def unseen(self, articles: Iterable[Article]) -> list[Article]:
        """The articles not yet stored, each text once."""
        seen: set[str] = set()
        fresh: list[Article] = []
        for article in articles:
            key = article.content_hash
            if key in seen or self.store.has_article(key):
                continue
            seen.add(key)
            fresh.append(article)
        return fresh
