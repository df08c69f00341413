"""Reading files the one way every module does: the "cannot read" message and JSONL lines.

Every reader that fails to open a file says why in the same words (``os_problem``), and
every JSON Lines file is read by ``iter_jsonl``, with the same messages for a malformed
line or a file that is not UTF-8, each naming the file and the line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .errors import ConflictCoderError, InputError

__all__ = ["iter_jsonl", "os_problem"]

# Makes the error a reader raises: (path, problem, line or None) -> exception.
ErrorFactory = Callable[[Path, str, int | None], ConflictCoderError]


def os_problem(exc: OSError) -> str:
    """A short reason for an OSError: "file not found", "cannot read (permission denied)".

    Example:
        >>> os_problem(PermissionError(13, "Permission denied"))
        'cannot read (permission denied)'
    """
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, PermissionError):
        return "cannot read (permission denied)"
    if isinstance(exc, IsADirectoryError):
        return "cannot read (is a directory)"
    reason = (exc.strerror or str(exc) or type(exc).__name__).lower()
    return f"cannot read ({reason})"


def iter_jsonl(
    path: str | Path, *, error: ErrorFactory = InputError, encoding: str = "utf-8"
) -> Iterator[tuple[int, Any]]:
    """The values of a JSON Lines file, each with its 1-based line number; blank lines
    skipped.

    path (str | Path): the file.
    error (ErrorFactory): makes the exception raised, from the path, the problem and the
        line. Defaults to InputError.
    encoding (str): the text encoding. Defaults to "utf-8".
    RETURNS (Iterator[tuple[int, Any]]): (line number, parsed value).
    Raises ``error`` when the file cannot be opened (``os_problem``), a line is not JSON
    ("malformed JSON (... at column N)") or the file is not UTF-8 text.

    Example:
        >>> [value for _, value in iter_jsonl("events.jsonl")]  # doctest: +SKIP
        [{'event_type': 'Battles'}]
    """
    path = Path(path)
    try:
        fh = path.open(encoding=encoding)
    except OSError as exc:
        raise error(path, os_problem(exc), None) from None
    with fh:
        try:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line.strip())
                except json.JSONDecodeError as exc:
                    raise error(
                        path, f"malformed JSON ({exc.msg} at column {exc.colno})", number
                    ) from None
                yield number, value
        except UnicodeDecodeError:
            raise error(path, "not UTF-8 text", None) from None
