"""The pipeline: an ordered list of named components over one article's working state.

``Coder`` runs ``Pipeline.pipe`` over batches of ``Work`` (one per article). Each
component is a small object with a ``name``, the ``Work`` fields it ``requires`` and the
ones it ``assigns``; the order is checked once, when the pipeline is built, so a
component never finds a field that no component before it has set. Built-in components
are registered in ``registry.components`` exactly as a user package registers its own,
and the ``pipeline`` / ``disable`` settings pick them by name (as spaCy's config does).

Example:
    >>> pipeline = Pipeline.from_settings(Settings())
    >>> pipeline.names[:4]
    ['clean', 'report_date', 'sentence_gate', 'nlp']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..config import Settings
from ..errors import ConfigError
from ..registry import components
from . import stages as _stages  # noqa: F401 - registers the built-in components
from .base import Component, Work, check_order
from .resources import Resources
from .stages import COMPONENT_CLASSES, DEFAULT_PIPELINE

__all__ = ["Component", "Pipeline", "Resources", "Work", "architecture", "components"]


class Pipeline:
    """An ordered list of components, checked once when built.

    pipes (Iterable[Component]): the components, in order.

    Example:
        >>> pipeline = Pipeline.from_settings(Settings(), disable=["merge"])
        >>> "merge" in pipeline.names
        False
    """

    def __init__(self, pipes: Iterable[Component]) -> None:
        self.pipes: list[Component] = list(pipes)
        check_order(self.pipes)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        resources: Resources | None = None,
        *,
        disable: Iterable[str] = (),
    ) -> Pipeline:
        """The pipeline ``settings.pipeline`` names (registered factories, in order; the
        built-in ``DEFAULT_PIPELINE`` when empty), less the components that
        ``settings.disable`` and ``disable`` name.

        Raises ConfigError for an unknown factory or component name, or an order in which
        a component requires a field no component before it assigns."""
        resources = resources or Resources(settings)
        skip = set(settings.disable) | set(disable)
        names = settings.pipeline or DEFAULT_PIPELINE
        built = [components.get(factory_name)(resources) for factory_name in names]
        known = {pipe.name for pipe in built}
        unknown = skip - known
        if unknown:
            raise ConfigError(
                f"cannot disable unknown component '{sorted(unknown)[0]}'; "
                f"the pipeline has {', '.join(sorted(known))}"
            )
        pipes = [pipe for pipe in built if pipe.name not in skip]
        return cls(pipes)

    @property
    def names(self) -> list[str]:
        """The component names, in order."""
        return [pipe.name for pipe in self.pipes]

    def get(self, name: str) -> Component:
        """The component called ``name``. Raises ConfigError naming the known ones."""
        for pipe in self.pipes:
            if pipe.name == name:
                return pipe
        raise ConfigError(f"no component '{name}'; the pipeline has {', '.join(self.names)}")

    def replace(self, name: str, pipe: Component) -> Component:
        """Put ``pipe`` in the place of the component called ``name`` (checked again).

        RETURNS (Component): the component replaced.
        """
        index = self.names.index(self.get(name).name)
        pipes = list(self.pipes)
        old, pipes[index] = pipes[index], pipe
        check_order(pipes)
        self.pipes = pipes
        return old

    def disable(self, name: str) -> Component:
        """Take the component called ``name`` out (checked again). RETURNS the component."""
        pipe = self.get(name)
        pipes = [p for p in self.pipes if p is not pipe]
        check_order(pipes)
        self.pipes = pipes
        return pipe

    def pipe(self, works: Sequence[Work]) -> list[Work]:
        """Run every component over a batch of works, in order. A work whose events are
        set is finished: later components skip it, except those that read the events."""
        works = list(works)
        for component in self.pipes:
            finishing = "events" in component.requires
            todo = [w for w in works if w.events is None or finishing]
            if todo:
                component.pipe(todo)
        for work in works:
            if work.events is None:  # no merge component: the events as assembled
                work.events = [event for event, _ in work.named or []]
        return works

    def describe(self) -> list[dict[str, Any]]:
        """One row per component: name, class, what it reads and sets, what it does.

        Example:
            >>> Pipeline.from_settings(Settings()).describe()[0]["name"]
            'clean'
        """
        return [
            {
                "name": pipe.name,
                "class": f"{type(pipe).__module__}.{type(pipe).__qualname__}",
                "requires": list(pipe.requires),
                "assigns": list(pipe.assigns),
                "summary": type(pipe).summary(),
            }
            for pipe in self.pipes
        ]

    def __repr__(self) -> str:
        return f"Pipeline({self.names})"


def architecture(names: Sequence[str] = DEFAULT_PIPELINE) -> str:
    """The built-in components ``names`` as a Markdown table: order, name, what each reads
    and sets, and what it does (from the registered classes; nothing is loaded).

    Example:
        >>> architecture(["clean"]).splitlines()[2][:36]
        '| 1 | `clean` | article | article | '
    """
    rows = ["| # | component | reads | sets | does |", "|---|---|---|---|---|"]
    for number, name in enumerate(names, start=1):
        cls = COMPONENT_CLASSES[name]
        rows.append(
            f"| {number} | `{cls.name}` | {', '.join(cls.requires)} | "
            f"{', '.join(cls.assigns)} | {cls.summary()} |"
        )
    return "\n".join(rows)
