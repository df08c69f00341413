"""The two sides of an event and the actor ACLED names for each: "between X, supported by
X2, and Y" splits into sides, and on each side the country's own state forces, a local
actor beside foreign forces, or a parent force before its unit is the named actor while the
others become associated actors.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span

from .actor_links import ActorLinks
from .cues import (
    _LOCAL_INTERS,
    _SIDE_GAPS,
    EXTERNAL_INTER,
    STATE_INTER,
    ActorHit,
    Roles,
    _state_force,
)


def primary(first: ActorHit, allies: Sequence[ActorHit], *, state: bool = True) -> ActorHit:
    """The actor ACLED names for a side; the others are its associated actors.

    The country's own state forces come first ("pro-regime militias and regime forces";
    with ``state`` False only foreign forces and units give way, since a target's side is
    often a group with state forces beside it),
    foreign forces acting with a local actor come after it ("Turkish forces and rebels
    shelled X" is the rebels'), and a unit ("Military Forces of X Air Force") comes after
    its parent force.
    """
    host = first
    inter = getattr(first.actor, "inter", None)
    if inter == EXTERNAL_INTER and _state_force(first):
        local = [h for h in allies if getattr(h.actor, "inter", None) in _LOCAL_INTERS]
        if local:
            host = min(local, key=lambda h: getattr(h.actor, "inter", None) != STATE_INTER)
    elif state and inter != STATE_INTER:
        host = next(
            (
                h
                for h in allies
                if getattr(h.actor, "inter", None) == STATE_INTER and _state_force(h)
            ),
            first,
        )
    parent = next((h for h in allies if host.actor.name.startswith(f"{h.actor.name} ")), None)
    return parent or host


class Sides:
    """Splits named sides and puts each side's primary actor first.

    links (ActorLinks): reads the words between names.
    """

    def __init__(self, links: ActorLinks) -> None:
        self.links = links

    def between(
        self, sent: Span, sides: Sequence[ActorHit], members: Sequence[tuple[str, ActorHit]]
    ) -> Roles | None:
        """ "between X, supported by X2, and Y and/or Y2": X and Y are the two sides, X2 and Y2
        their associated actors; None without two sides."""
        if len(sides) < 2:
            return None
        cues = self.links.actor_cues
        gaps = [self.links.gap(sent.text, a, b) for a, b in zip(sides, sides[1:], strict=False)]
        # "between X and Y against Z": "against" parts the sides, "and" joins allies
        versus = any(g in cues.versus for g in gaps)
        groups: list[list[ActorHit]] = [[sides[0]]]
        for gap, hit in zip(gaps, sides[1:], strict=True):
            new_side = len(groups) == 1 and (
                gap in cues.versus or (not versus and gap in _SIDE_GAPS)
            )
            joined = not gap or gap in cues.allies or self.links.member_gap(gap)
            if not (new_side or joined):
                break  # "... following an attack by X on Y": the list of sides is over
            if hit.actor.name in {h.actor.name for g in groups for h in g}:
                continue
            if new_side:
                groups.append([hit])
            else:
                groups[-1].append(hit)
        if len(groups) < 2:
            return None
        (first, *allies1), (second, *allies2) = groups
        roles = Roles(first.text, second.text, actor1_inter=first.actor.inter)
        roles.actor2_inter = second.actor.inter
        for member, owner in members:
            (roles.assoc2 if owner is second else roles.assoc1).append(member)
        roles.assoc1.extend(h.text for h in allies1)
        roles.assoc2.extend(h.text for h in allies2)
        self.host_first(roles, first, allies1)
        self.target_first(sent, roles, second, allies2)
        return roles

    @staticmethod
    def host_first(roles: Roles, first: ActorHit, allies: Sequence[ActorHit]) -> None:
        """Put the primary actor of the initiator's side into actor1."""
        host = primary(first, allies)
        if host is first:
            return
        roles.actor1, roles.actor1_inter = host.text, host.actor.inter
        rest = [t for t in roles.assoc1 if t != host.text]
        roles.assoc1 = [first.text, *rest] if first.text not in rest else rest

    def target_first(
        self, sent: Span, roles: Roles, second: ActorHit, allies: Sequence[ActorHit]
    ) -> None:
        """Put the primary actor of the target's side into actor2 ("shelled SDF and regime
        positions" targets the state forces, with the SDF beside them; "the SDF and/or
        regime forces" is unsure of the state forces and keeps the SDF)."""
        unsure = any(
            "or" in self.links.gap(sent.text, second, h).split()
            for h in allies
            if h.start >= second.end
        )
        host = primary(second, allies, state=not unsure)
        if host is second:
            return
        roles.actor2, roles.actor2_inter = host.text, host.actor.inter
        rest = [t for t in roles.assoc2 if t != host.text]
        roles.assoc2 = [second.text, *rest] if second.text not in rest else rest
