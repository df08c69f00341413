"""Checks declared with the field they check.

A dataclass field made by ``checked`` (or ``bounded``) carries in its metadata the function
that validates a value a user wrote for it, so the rule stands beside the field and the
loader of the file (``config.load_settings``, ``watch.sources``) reads it from there instead
of from a table of its own. A check takes the value as written and returns it as the field
holds it, or raises ``ValueError`` saying what the value must be ("must be a whole number
from 0 to 20"); the loader words the error its own way, with the file, the key and the value.

Example:
    >>> from dataclasses import dataclass, fields
    >>> @dataclass(frozen=True)
    ... class Options:
    ...     retries: int = bounded(2, 0, 20)
    >>> check_of(fields(Options)[0])(40)
    Traceback (most recent call last):
    ValueError: must be a whole number from 0 to 20
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import Field, dataclass, field
from typing import Any

Check = Callable[[Any], Any]

_CHECK = "conflictcoder.check"
_SECRET = "conflictcoder.secret"
_PATHS = "conflictcoder.paths"


def checked(default: Any, check: Check, *, secret: bool = False) -> Any:
    """A dataclass field whose values ``check`` validates (see the module docstring).

    default (Any): the field's default (immutable).
    check (Check): value as written -> value as held; ValueError("must be ...") when unfit.
    secret (bool): the values are secrets: the loader shows none in a message and runs no
        check but ``check``, which validates the value whole (its type too) and says what
        it must be without showing it. Defaults to False.
    RETURNS (Any): the ``dataclasses.field`` (typed Any, as the default it stands for).
    """
    return field(default=default, metadata={_CHECK: check, _SECRET: secret})


def paths(default: Any, check: Check | None = None) -> Any:
    """A dataclass field that holds file paths: a path, or a table of them (its values).

    A relative path that a settings file wrote is read against that file's folder, as
    ruff, mypy and pytest read theirs; "" names no file.

    default (Any): the field's default (immutable; holds no relative path).
    check (Check | None): the field's check, as for ``checked``. Defaults to none.
    RETURNS (Any): the ``dataclasses.field``.

    Example:
        >>> from dataclasses import dataclass, fields
        >>> @dataclass(frozen=True)
        ... class Files:
        ...     index: str = paths("")
        ...     retries: int = bounded(2, 0, 20)
        >>> [holds_paths(item) for item in fields(Files)]
        [True, False]
    """
    metadata: dict[str, Any] = {_PATHS: True}
    if check is not None:
        metadata[_CHECK] = check
    return field(default=default, metadata=metadata)


def check_of(item: Field[Any]) -> Check | None:
    """The check declared with a dataclass field; None for a field declared without one."""
    check: Check | None = item.metadata.get(_CHECK)
    return check


def is_secret(item: Field[Any]) -> bool:
    """Whether a field was declared ``secret`` (its values are never shown)."""
    return bool(item.metadata.get(_SECRET, False))


def holds_paths(item: Field[Any]) -> bool:
    """Whether a field was declared with ``paths`` (its values are file paths)."""
    return bool(item.metadata.get(_PATHS, False))


@dataclass(frozen=True)
class Bounds:
    """The check of a whole number from ``low`` to ``high`` (None: no upper bound).

    A bool is not a number here, though Python counts it as an int.

    Example:
        >>> Bounds(1)(500), Bounds(1).wanted, Bounds(1, 255).wanted
        (500, 'must be a positive integer', 'must be a whole number from 1 to 255')
    """

    low: int
    high: int | None = None

    def __call__(self, value: Any) -> int:
        fits = isinstance(value, int) and not isinstance(value, bool) and self.low <= value
        if not fits or (self.high is not None and value > self.high):
            raise ValueError(self.wanted)
        return int(value)

    @property
    def wanted(self) -> str:
        """What a value must be, as a message says it."""
        if self.high is not None:
            return f"must be a whole number from {self.low} to {self.high}"
        if self.low == 1:
            return "must be a positive integer"
        return f"must be a whole number of {self.low} or more"


def bounded(default: int, low: int, high: int | None = None) -> Any:
    """A whole-number dataclass field from ``low`` to ``high`` (None: no upper bound).

    Example:
        >>> from dataclasses import dataclass, fields
        >>> @dataclass(frozen=True)
        ... class Limits:
        ...     batch_size: int = bounded(500, 1)
        >>> check_of(fields(Limits)[0])
        Bounds(low=1, high=None)
    """
    return checked(default, Bounds(low, high))
