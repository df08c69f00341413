"""Gold documents: the lines of a gold JSONL file (format: DESIGN.md, "Document JSONL"),
each an article to code, a matching mode and the gold events, checked as they are read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import iter_jsonl
from ..model import Article

MODES: tuple[str, ...] = ("all", "single", "type_only")


@dataclass(frozen=True)
class GoldDocument:
    """One gold line: the article to code, the mode and the gold events (plain dicts)."""

    article: Article
    mode: str
    events: tuple[dict[str, Any], ...]
    file: str = ""


def _optional_str(data: dict[str, Any], key: str, path: Path, line: int) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(path, f"'{key}' must be a string or null", line)
    return value


def _gold_document(data: Any, path: Path, line: int) -> GoldDocument:
    if not isinstance(data, dict):
        raise InputError(path, "expected a JSON object", line)
    for key in ("id", "text", "gold"):
        if key not in data:
            raise InputError(path, f"missing '{key}'", line)
    if not isinstance(data["id"], str | int) or isinstance(data["id"], bool):
        raise InputError(path, "'id' must be a string", line)
    if not isinstance(data["text"], str):
        raise InputError(path, "'text' must be a string", line)
    published: date | None = None
    if data.get("published") is not None:
        try:
            published = date.fromisoformat(str(data["published"]))
        except ValueError:
            raise InputError(
                path, f"invalid published date '{data['published']}': use YYYY-MM-DD", line
            ) from None
    gold = data["gold"]
    if not isinstance(gold, dict):
        raise InputError(path, "'gold' must be an object with 'mode' and 'events'", line)
    mode = gold.get("mode")
    if mode not in MODES:
        raise InputError(path, f"unknown gold mode {mode!r}: use all, single or type_only", line)
    events = gold.get("events")
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise InputError(path, "'gold.events' must be a list of objects", line)
    article = Article(
        id=str(data["id"]),
        text=data["text"],
        title=_optional_str(data, "title", path, line),
        published=published,
        source=_optional_str(data, "source", path, line),
        url=_optional_str(data, "url", path, line),
        language=_optional_str(data, "language", path, line) or "en",
        origin=f"{path}:{line}",
    )
    return GoldDocument(article, mode, tuple(events), str(path))


def read_gold(paths: Iterable[str | Path]) -> Iterator[GoldDocument]:
    """Read gold JSONL files; blank lines are skipped.

    Raises InputError naming the file and line of the first malformed document.

    Example:
        >>> _ = (tmp / "gold.jsonl").write_text('{"id": "g1", "text": "Talks resumed.", '
        ...     '"gold": {"mode": "all", "events": []}}\\n')
        >>> [(d.article.id, d.mode, d.events) for d in read_gold([tmp / "gold.jsonl"])]
        [('g1', 'all', ())]
    """
    for raw in paths:
        path = Path(raw)
        for number, data in iter_jsonl(path):
            yield _gold_document(data, path, number)
