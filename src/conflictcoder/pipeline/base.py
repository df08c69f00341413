"""The parts of a pipeline every component shares: the ``Work`` record and ``Component``.

A stage module never imports this; the adapters in ``pipeline/stages.py`` wrap the
stages' own classes as components.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar, dataclass_transform

from ..errors import ConfigError
from ..model import Article, Event

__all__ = ["GIVEN", "WORK_FIELDS", "Component", "Work", "check_order", "component"]


@dataclass
class Work:
    """One article on its way through the pipeline: what the components have set so far.

    article (Article): the article (the clean component replaces it with its cleaned copy).
    chunks (list): the stretches of text to parse and light Docs for the rest.
    parsed (list): (offset, Doc) for each chunk, in text order.
    hits (list): the trigger hits of each parsed Doc.
    attributions (list): the attribution of each sentence of each parsed Doc.
    focus (Focus): the places the article is about.
    country (str | None): the article's main country (ACLED name).
    mentions (list[Mention]): one per reported incident.
    resolved (list[Resolution]): mentions with their dates, places and casualties.
    named (list): events, each with the names its place was written as.
    events (list[Event]): the article's events. A component that sets them early (the
        sentence gate, when no sentence can hold a trigger) finishes the work: later
        components skip it.
    """

    article: Article
    chunks: list[Any] | None = None
    parsed: list[Any] | None = None
    hits: list[Any] | None = None
    attributions: list[Any] | None = None
    focus: Any = None
    country: str | None = None
    mentions: list[Any] | None = None
    resolved: list[Any] | None = None
    named: list[Any] | None = None
    events: list[Event] | None = None


WORK_FIELDS: frozenset[str] = frozenset(f.name for f in dataclasses.fields(Work))
# What every work holds before the first component runs.
GIVEN: frozenset[str] = frozenset({"article"})


class Component:
    """A pipeline component: ``__call__`` maps one ``Work`` (and may set fields on it).

    Subclasses set ``name`` (the slot it fills, used to list, disable and replace it),
    ``requires`` and ``assigns`` (``Work`` field names) and a one-line docstring, as class
    attributes or with the ``component`` decorator. ``pipe`` maps a batch; override it
    where a batch is cheaper than its works one by one (the parser).
    """

    name: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def __call__(self, work: Work) -> Work:
        raise NotImplementedError

    def pipe(self, works: Sequence[Work]) -> list[Work]:
        return [self(work) for work in works]

    @classmethod
    def summary(cls) -> str:
        """The first paragraph of the component's docstring, on one line."""
        return " ".join((cls.__doc__ or "").strip().split("\n\n", 1)[0].split())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


ComponentClass = TypeVar("ComponentClass", bound=type[Component])


@dataclass_transform(kw_only_default=True, eq_default=False)
def component(
    name: str,
    *,
    requires: tuple[str, ...] | None = None,
    assigns: tuple[str, ...] | None = None,
) -> Callable[[ComponentClass], ComponentClass]:
    """Declare a component class: the slot it fills, the ``Work`` fields it reads and
    sets, and its settings, the class's annotated fields, which its constructor takes as
    keyword-only arguments (the class becomes a dataclass, compared by identity).

    name (str): the component's ``name``.
    requires (tuple[str, ...] | None): its ``requires``. Defaults to its base class's.
    assigns (tuple[str, ...] | None): its ``assigns``. Defaults to its base class's.
    RETURNS (Callable): the class decorator.

    Example:
        >>> @component("shout", requires=("article",), assigns=("article",))
        ... class Shout(Component):
        ...     mark: str = "!"
        >>> Shout(mark="?").mark, Shout.name, Shout.requires
        ('?', 'shout', ('article',))
    """

    def declare(cls: ComponentClass) -> ComponentClass:
        cls.name = name
        if requires is not None:
            cls.requires = requires
        if assigns is not None:
            cls.assigns = assigns
        dataclass(kw_only=True, eq=False, repr=False)(cls)  # adds __init__ to cls itself
        return cls

    return declare


def check_order(pipes: Sequence[Component]) -> None:
    """Check that every component's ``requires`` is set by one before it.

    Raises ConfigError naming the component and the field, or an unknown field or a name
    used twice.

    Example:
        >>> @component("split", requires=("article",), assigns=("chunks",))
        ... class Split(Component):
        ...     pass
        >>> @component("parse", requires=("chunks",), assigns=("parsed",))
        ... class Parse(Component):
        ...     pass
        >>> check_order([Split(), Parse()])
        >>> check_order([Parse(), Split()])
        Traceback (most recent call last):
        ...
        conflictcoder.errors.ConfigError: component 'parse' requires 'chunks', which no ...
    """
    available = set(GIVEN)
    seen: set[str] = set()
    for pipe in pipes:
        name = pipe.name
        if not name:
            raise ConfigError(f"component {type(pipe).__name__} has no name")
        if name in seen:
            raise ConfigError(f"component '{name}' appears twice in the pipeline")
        seen.add(name)
        for field in (*pipe.requires, *pipe.assigns):
            if field not in WORK_FIELDS:
                raise ConfigError(
                    f"component '{name}' names '{field}', which is no Work field; "
                    f"choose from {', '.join(sorted(WORK_FIELDS))}"
                )
        missing = [f for f in pipe.requires if f not in available]
        if missing:
            raise ConfigError(
                f"component '{name}' requires '{missing[0]}', which no component before it "
                f"assigns: add or re-enable the component that sets it"
            )
        available.update(pipe.assigns)
