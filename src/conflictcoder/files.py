"""Reading files the one way every module does: the "cannot read" message and JSONL lines.

Every reader that fails to open a file says why in the same words (``os_problem``), and
every JSON Lines file is read by ``iter_jsonl``, with the same messages for a malformed
line or a file that is not UTF-8, each naming the file and the line. What holds a file, a
connection or a client open closes it at the end of a ``with`` block the one way too
(``Closing``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from .errors import ConflictCoderError, InputError

__all__ = ["Closing", "iter_jsonl", "os_problem"]

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
        >>> _ = (tmp / "events.jsonl").write_text('{"event_type": "Battles"}\\n\\n')
        >>> list(iter_jsonl(tmp / "events.jsonl"))
        [(1, {'event_type': 'Battles'})]
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


class Closing:
    """A context manager that closes itself: ``with Thing(...) as thing:`` is ``thing``,
    and ``thing.close()`` runs when the block ends, an exception or not (it propagates).

    Example:
        >>> class Held(Closing):
        ...     def close(self) -> None:
        ...         print("closed")
        >>> with Held() as held:
        ...     isinstance(held, Held)
        True
        closed
    """

    def close(self) -> None:
        """Release what the object holds."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
