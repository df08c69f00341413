"""Arguments of an event: who did it, to whom, and where (as raw spans).

Actor and place spotting are injected (plain callables over text), so this module knows
nothing of how the gazetteer or the actor dictionary work. Cue words live in
``ontology/places.yaml`` and ``ontology/actor_roles.yaml`` (loaded in ``cues.py``). The
finder's two halves have a file each: actor roles (``roles.py``) and place spans
(``place_spans.py``, with its collaborators ``place_names.py`` and ``place_describe.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from .cues import (
    ACTOR_CUE_FILE,
    ACTOR_CUES,
    ACTOR_ROLES_FILE,
    PLACE_CUE_FILE,
    PLACE_CUES,
    PLACES_FILE,
    ActorCues,
    ActorHit,
    ActorSpotter,
    PlaceCues,
    PlaceSpotter,
    Roles,
)
from .place_describe import PlaceDescriber
from .place_names import CuedNames
from .place_spans import PlaceSpans
from .roles import ActorRoles


class ArgumentFinder(ActorRoles, PlaceSpans):
    """Find actors and place references of a trigger's sentence.

    Example:
        >>> from conflictcoder.resolve.actors import ActorResolver
        >>> finder = ArgumentFinder(ActorResolver.load(), gaz)
        >>> sent = next(nlp("Russian jets struck Ariha, killing two civilians.").sents)
        >>> roles = finder.actors(sent, sent[2:3], country="Syria")  # trigger: "struck"
        >>> roles.actor1, roles.actor2
        ('Russian jets', 'civilians')
        >>> [ref.name for ref in finder.places(sent, sent[2:3])]
        ['Ariha']
    """

    def __init__(
        self,
        actors: ActorSpotter,
        places: PlaceSpotter,
        cues: PlaceCues | None = None,
        membership: Sequence[str] = (),
        actor_cues: ActorCues | None = None,
    ) -> None:
        self.actor_spotter = actors
        self.place_spotter = places
        self.cues = cues or PLACE_CUES.packaged()
        self.cued_names = CuedNames(self.cues)
        self.describer = PlaceDescriber(self.cues)
        self.actor_cues = actor_cues or ACTOR_CUES.packaged()
        # longest first, so "operating as part of" wins over "as part of"
        self.membership = sorted((m.lower() for m in membership), key=len, reverse=True)


# Names that moved out of this module in the split, still importable from here.
__all__ = [
    "ACTOR_CUE_FILE",
    "ACTOR_ROLES_FILE",
    "ActorCues",
    "ActorHit",
    "ActorSpotter",
    "PLACE_CUE_FILE",
    "PlaceCues",
    "PLACES_FILE",
    "PlaceSpotter",
    "Roles",
]
