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


class GazetteerError(ConflictCoderError):
    """The gazetteer index cannot be built, opened or extended."""


class StoreError(ConflictCoderError):
    """The event store cannot be opened or written."""


class ConfigError(ConflictCoderError):
    """A setting is unknown or has a bad value."""
