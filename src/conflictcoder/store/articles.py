"""Reading the stored articles back: one article, the newest first, and the events each
reports (the articles half of the ``Store`` interface's reads).

``articles`` keeps one row per distinct text (``content_hash``); an article id re-ingested
with another text has several rows, the latest (highest ``seq``) winning.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .base import check_page
from .history import iso_time

if TYPE_CHECKING:
    from .sql import SqlStore

_ARTICLE_COLUMNS = "id, title, published, source, url, language, origin, content_hash, ingested_at"


class ArticleReads:
    """The articles of a store (``SqlStore`` owns one).

    db (SqlStore): the store (connection, dialect).
    """

    def __init__(self, db: SqlStore) -> None:
        self.db = db

    def has_article(self, content_hash: str) -> bool:
        """``Store.has_article``."""
        rows = self.db._query("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,))
        return bool(rows)

    def latest(self, doc_ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        """Doc id -> (id, title, source, url, published) of its latest version."""
        if not doc_ids:
            return {}
        marks = ", ".join("?" for _ in doc_ids)
        rows = self.db._query(
            "SELECT id, title, source, url, published FROM articles "
            f"WHERE id IN ({marks}) ORDER BY seq",
            list(doc_ids),
        )
        return {str(row[0]): row for row in rows}  # later versions win

    def event_ids(self, doc_ids: Sequence[str]) -> dict[str, list[str]]:
        """Doc id -> the events it reports, by id (documents reporting none left out)."""
        if not doc_ids:
            return {}
        marks = ", ".join("?" for _ in doc_ids)
        rows = self.db._query(
            f"SELECT doc_id, event_id FROM event_sources WHERE doc_id IN ({marks}) "
            "ORDER BY doc_id, event_id",
            list(doc_ids),
        )
        result: dict[str, list[str]] = {}
        for doc, event_id in rows:
            result.setdefault(str(doc), []).append(str(event_id))
        return result

    def get_article(self, doc_id: str) -> dict[str, Any] | None:
        """``Store.get_article``."""
        with self.db._lock:
            rows = self.db._query(
                f"SELECT {_ARTICLE_COLUMNS}, text FROM articles WHERE id = ? "
                "ORDER BY seq DESC LIMIT 1",
                (doc_id,),
            )
            if not rows:
                return None
            event_ids = self.event_ids([doc_id]).get(doc_id, [])
        result = _article_dict(rows[0], event_ids)
        result["text"] = rows[0][9]
        return result

    def articles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """``Store.articles``."""
        check_page(limit, offset)
        with self.db._lock:
            rows = self.db._query(
                f"SELECT {_ARTICLE_COLUMNS}, length(text) FROM articles ORDER BY seq DESC "
                f"LIMIT {'?' if limit is not None else self.db._no_limit} OFFSET ?",
                [limit, offset] if limit is not None else [offset],
            )
            event_ids = self.event_ids(sorted({str(row[0]) for row in rows}))
        result = []
        for row in rows:
            item = _article_dict(row, event_ids.get(str(row[0]), []))
            item["length"] = int(row[9])
            result.append(item)
        return result

    def count_articles(self) -> int:
        """``Store.count_articles``."""
        return int(self.db._query("SELECT count(*) FROM articles")[0][0])


def _article_dict(row: tuple[Any, ...], event_ids: list[str]) -> dict[str, Any]:
    doc_id, title, published, source, url, language, origin, content_hash, at = row[:9]
    return {
        "id": doc_id,
        "title": title,
        "published": iso_time(published),
        "source": source,
        "url": url,
        "language": language,
        "origin": origin,
        "content_hash": content_hash,
        "ingested_at": iso_time(at),
        "event_ids": event_ids,
    }
