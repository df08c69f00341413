"""One exception tree. Every message names the thing to change.

Library code raises these; ``cli.py`` catches ``ConflictCoderError`` in one place and
prints ``str(error)`` without a traceback.
"""

from __future__ import annotations

from pathlib import Path


class ConflictCoderError(Exception):
    """Base class of every error conflictcoder raises on purpose."""


class InputError(ConflictCoderError):
    """A document could not be read: names the file, the line when there is one, and why."""

    def __init__(self, path: str | Path, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


class OntologyError(ConflictCoderError):
    """A rule file (YAML/CSV under ontology/ or a user file) is malformed."""

    def __init__(
        self, path: str | Path, problem: str, line: int | None = None, key: str | None = None
    ) -> None:
        self.path = str(path)
        self.line = line
        self.key = key
        self.problem = problem
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


def _at_path(
    self: Exception, problem: str, path: str | Path | None = None, line: int | None = None
) -> None:
    """The ``__init__`` of an error about one file (and line), when it is about a file:
    ``path:line: problem``; ``path``, ``line`` and ``problem`` stay on the error.

    problem (str): what is wrong and what to change.
    path (str | Path | None): the file; None for an error about no one file.
    line (int | None): the line in it, when there is one.
    """
    self.path = str(path) if path is not None else None  # type: ignore[attr-defined]
    self.line = line  # type: ignore[attr-defined]
    self.problem = problem  # type: ignore[attr-defined]
    if path is None:
        Exception.__init__(self, problem)
    else:
        where = f"{path}:{line}" if line is not None else str(path)
        Exception.__init__(self, f"{where}: {problem}")


class GazetteerError(ConflictCoderError):
    """The gazetteer index (``path``) cannot be built, opened or extended, or a file to
    import into it cannot be read."""

    path: str | None
    line: int | None
    problem: str
    __init__ = _at_path


class StoreError(ConflictCoderError):
    """The event store (``path``: its file or redacted URL) cannot be opened or written."""

    path: str | None
    line: int | None
    problem: str
    __init__ = _at_path


class ConfigError(ConflictCoderError):
    """A setting is unknown or has a bad value."""
