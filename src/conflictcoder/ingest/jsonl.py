"""JSON Lines reader: one document per line, read as a stream (bounded memory).

The line format is the project's document format (``../shared/eval/README.md``)::

    {"id": str, "title": str|null, "text": str, "published": "YYYY-MM-DD"|null,
     "source": str|null, "url": str|null, "language": "en"}

Only ``text`` is required. Keys the reader does not know (a gold file's ``gold``) are
ignored. A line without an id gets ``<file stem>-<line>``. A bad line yields one
InputError naming the file and line; the lines after it are still read.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from ..config import Settings, load_settings
from ..errors import InputError
from ..model import Article
from ..registry import readers
from ._common import (
    SNIFF_BYTES,
    build_article,
    looks_binary,
    open_regular,
    os_problem,
    wide_encoding,
)

logger = logging.getLogger("conflictcoder")

# JSON may escape one character as up to 12 bytes (a surrogate pair); a line longer than
# this cannot hold a text within max_document_chars plus its metadata.
_MAX_BYTES_PER_CHAR = 12
_LINE_SLACK = 65_536
_DATE_RE = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
)
_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def _shown(value: Any, limit: int = 40) -> str:
    """A value as the message shows it: strings quoted, the rest as JSON, cut when long."""
    text = f"'{value}'" if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_published(value: Any) -> date | None:
    """A document's ``published`` value: "YYYY-MM-DD" (an ISO time after it is allowed) or null.

    Raises ValueError with the problem text for anything else.

    Example:
        >>> parse_published("2019-12-17"), parse_published(None)
        (datetime.date(2019, 12, 17), None)
    """
    if value is None:
        return None
    match = _DATE_RE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ValueError(f"'published' must be YYYY-MM-DD, got {_shown(value)}")


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"'{key}' must be a string or null, got {_shown(value)}")


def _doc_id(record: dict[str, Any], path: Path, line: int) -> str:
    value = record.get("id")
    if value is None or value == "":
        return f"{path.stem}-{line}"
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"'id' must be a string, got {_shown(value)}")


def parse_line(
    path: Path,
    line: int,
    raw: str,
    *,
    published: date | None,
    settings: Settings,
) -> Article | InputError:
    """One JSONL line into an Article, or an InputError naming ``path:line`` and the problem.

    Example:
        >>> parse_line(Path("d.jsonl"), 3, '{"text": "x" "y"}', published=None,
        ...            settings=Settings())
        InputError("d.jsonl:3: malformed JSON (Expecting ',' delimiter at column 14)")
    """
    try:
        # the line's own newline would move an error at its end to "column 1" of a next line
        record = json.loads(raw.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        return InputError(path, f"malformed JSON ({exc.msg} at column {exc.colno})", line=line)
    except RecursionError:
        return InputError(path, "malformed JSON (nested too deeply)", line=line)
    if not isinstance(record, dict):
        kind = _JSON_TYPES.get(type(record), type(record).__name__)
        return InputError(path, f"expected a JSON object, got {kind}", line=line)
    if "text" not in record:
        return InputError(path, "missing 'text'", line=line)
    text = record["text"]
    if not isinstance(text, str):
        return InputError(path, f"'text' must be a string, got {_shown(text)}", line=line)
    try:
        doc_id = _doc_id(record, path, line)
        own_date = parse_published(record.get("published"))
        title = _optional_str(record, "title")
        source = _optional_str(record, "source")
        url = _optional_str(record, "url")
        language = _optional_str(record, "language")
    except ValueError as exc:
        return InputError(path, str(exc), line=line)
    return build_article(
        path,
        text,
        settings=settings,
        doc_id=doc_id,
        origin=f"{path}:{line}",
        line=line,
        title=title,
        published=own_date,
        default_published=published,
        source=source,
        url=url,
        language=language,
    )


def _skip_rest_of_line(fh: IO[bytes], chunk: int = 1 << 20) -> None:
    while True:
        part = fh.readline(chunk)
        if not part or part.endswith(b"\n"):
            return


@readers.register("conflictcoder.jsonl.v1", aliases=("jsonl", "ndjson", ".jsonl", ".ndjson"))
def read_jsonl(
    path: str | Path, *, published: date | None = None, settings: Settings | None = None
) -> Iterator[Article | InputError]:
    """Read a JSON Lines file of documents, one line at a time.

    path (str | Path): the file.
    published (date | None): the date of documents whose ``published`` is null (and that
        carry no dateline). Defaults to None.
    settings (Settings | None): limits. Defaults to the packaged settings.
    RETURNS (Iterator[Article | InputError]): an article or an error for every non-blank line.

    Example:
        >>> _ = (tmp / "docs.jsonl").write_text(
        ...     '{"id": "doc-1", "text": "Jets struck Ariha in Idlib on Monday."}\\n'
        ...     '{"id": "doc-2", "text": "Talks resumed in Geneva on Tuesday."}\\n')
        >>> [a.id for a in read_jsonl(tmp / "docs.jsonl")]
        ['doc-1', 'doc-2']
    """
    path = Path(path)
    settings = settings or load_settings()
    limit = settings.max_document_chars * _MAX_BYTES_PER_CHAR + _LINE_SLACK
    fh = open_regular(path)
    if isinstance(fh, InputError):
        yield fh
        return
    with fh:
        try:
            head = fh.read(SNIFF_BYTES)
            fh.seek(0)
        except OSError as exc:
            yield InputError(path, os_problem(exc))
            return
        wide = wide_encoding(head)
        if wide is not None:
            family = wide.split(" ", 1)[0]
            yield InputError(
                path,
                f"wrong encoding: the file is {wide}; JSON Lines must be UTF-8 "
                f"(convert it, e.g. iconv -f {family} -t UTF-8)",
            )
            return
        if looks_binary(head):
            yield InputError(path, "not a text document (binary content)")
            return
        number = 0
        documents = 0
        while True:
            try:
                data = fh.readline(limit)
            except OSError as exc:
                yield InputError(path, os_problem(exc), line=number + 1)
                return
            if not data:
                break
            number += 1
            if number == 1 and data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            if len(data) >= limit and not data.endswith(b"\n"):
                _skip_rest_of_line(fh)
                documents += 1
                yield InputError(
                    path,
                    f"line too long (more than {limit} bytes; "
                    f"the limit is max_document_chars = {settings.max_document_chars})",
                    line=number,
                )
                continue
            raw = data.decode("utf-8", errors="replace")
            if "\ufffd" in raw and b"\xef\xbf\xbd" not in data:
                logger.warning("%s:%d: bytes that are not valid UTF-8 were replaced", path, number)
            if not raw.strip():
                continue
            documents += 1
            yield parse_line(path, number, raw, published=published, settings=settings)
        if not documents:
            yield InputError(path, "empty file (no documents)")
