"""The ``event_model`` component: the statistical event-type model's second opinion."""

from __future__ import annotations

from typing import Any

from ..resolve.event_model import EventTypeReviser
from .base import Component, Work, component


@component("event_model", requires=("named",), assigns=("named",))
class EventModel(Component):
    """Retype (or drop) the rules' events where the event-type model is sure and
    ``ontology/event_model.yaml`` lets it."""

    reviser: EventTypeReviser

    def __call__(self, work: Work) -> Work:
        named: list[tuple[Any, Any]] = []
        for event, names in work.named or []:
            revised = self.reviser.revise([event])
            if revised:
                named.append((revised[0], names))
        work.named = named
        return work
