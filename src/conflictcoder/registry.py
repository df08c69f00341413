"""Named, versioned catalogues of swappable parts (readers, exporters, stores...).

Built-ins register here exactly as a user package would::

    from conflictcoder.registry import exporters

    @exporters.register("mypkg.stata.v1")
    def write_stata(events, fh): ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from .errors import ConfigError

T = TypeVar("T", bound=Callable[..., Any])


class Registry(Generic[T]):
    """A name -> callable catalogue with aliases (short names like ``"csv"``)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, T] = {}
        self._aliases: dict[str, str] = {}

    def register(self, name: str, *, aliases: tuple[str, ...] = ()) -> Callable[[T], T]:
        def decorator(func: T) -> T:
            self._entries[name] = func
            for alias in aliases:
                self._aliases[alias] = name
            return func

        return decorator

    def resolve_name(self, name: str) -> str:
        return self._aliases.get(name, name)

    def get(self, name: str) -> T:
        full = self.resolve_name(name)
        if full not in self._entries:
            known = ", ".join(sorted(set(self._aliases) | set(self._entries)))
            raise ConfigError(f"unknown {self.kind} '{name}': choose one of {known}")
        return self._entries[full]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.resolve_name(name) in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._entries))

    def aliases(self) -> dict[str, str]:
        return dict(self._aliases)


readers: Registry[Any] = Registry("reader")
exporters: Registry[Any] = Registry("exporter")
stores: Registry[Any] = Registry("store")
gazetteer_sources: Registry[Any] = Registry("gazetteer source")
date_resolvers: Registry[Any] = Registry("date resolver")
# Pipeline components: factories that take the coder's ``Resources`` and return a component.
components: Registry[Any] = Registry("pipeline component")
