"""The ``Coder``: wires the stages into ``Coder().code(article) -> list[Event]``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .config import Settings, load_settings
from .model import Article, Event


class Coder:
    """Code articles into ACLED-schema events.

    settings (Settings | None): pipeline settings. Defaults to the packaged defaults.

    Example:
        >>> coder = Coder()
        >>> events = coder.code(Article(id="a1", text="..."))
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()

    def code(self, article: Article) -> list[Event]:
        """Code one article. RETURNS (list[Event]): its realised events, sorted."""
        return []  # wired in the extraction commit

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Code a stream of articles, yielding each with its events (batched through spaCy)."""
        for article in articles:
            yield article, self.code(article)
