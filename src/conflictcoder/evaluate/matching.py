"""Matching, per document and one-to-one, of gold and predicted events (the modes are
described in ``conflictcoder.evaluate``): ``similarity`` and ``match_events``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .compare import _actors, _text, event_km, normalize_name

# Distance within which two coded places count as the same place when matching events.
MATCH_RADIUS_KM = 25.0


def _same_place(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    name = normalize_name(gold.get("location"))
    if name and name == normalize_name(pred.get("location")):
        return True
    km = event_km(gold, pred)
    return km is not None and km <= MATCH_RADIUS_KM


def _same(gold: dict[str, Any], pred: dict[str, Any], key: str) -> bool:
    value = _text(gold.get(key))
    return bool(value) and value == _text(pred.get(key))


def similarity(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    """How alike a gold and a predicted event are (0..7): type 3, place 2, date 1, actors 1.

    Example:
        >>> similarity({"event_type": "Battles", "sub_event_type": "Armed clash"},
        ...            {"event_type": "Battles", "sub_event_type": "Armed clash"})
        3.0
    """
    score = 0.0
    if _same(gold, pred, "sub_event_type"):
        score += 3.0
    elif _same(gold, pred, "event_type"):
        score += 2.0
    name = normalize_name(gold.get("location"))
    if name and name == normalize_name(pred.get("location")):
        score += 2.0
    else:
        km = event_km(gold, pred)
        if km is not None and km <= MATCH_RADIUS_KM:
            score += 1.5 * (1.0 - km / (2 * MATCH_RADIUS_KM))
    if _same(gold, pred, "event_date"):
        score += 1.0
    keys = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
    gold_actors = frozenset().union(*(_actors(gold.get(k)) for k in keys))
    pred_actors = frozenset().union(*(_actors(pred.get(k)) for k in keys))
    if gold_actors and pred_actors:
        score += len(gold_actors & pred_actors) / len(gold_actors | pred_actors)
    return score


def _type_similarity(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    if _same(gold, pred, "sub_event_type"):
        return 2.0
    return 1.0 if _same(gold, pred, "event_type") else 0.0


def match_events(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]], mode: str
) -> list[tuple[int, int]]:
    """Pair gold and predicted events one-to-one (see the module docstring).

    RETURNS (list[tuple[int, int]]): (gold index, predicted index) pairs, by gold index.

    Example:
        >>> g = [{"event_type": "Battles", "sub_event_type": "Armed clash", "location": "Hama"}]
        >>> p = [{"event_type": "Protests", "sub_event_type": "Peaceful protest"},
        ...      {"event_type": "Battles", "sub_event_type": "Armed clash"}]
        >>> match_events(g, p, "all")
        [(0, 1)]
    """
    scorer: Callable[[dict[str, Any], dict[str, Any]], float]
    scorer = _type_similarity if mode == "type_only" else similarity
    candidates: list[tuple[float, bool, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if mode == "all" and not (_same(g, p, "event_type") or _same_place(g, p)):
                continue
            candidates.append((-scorer(g, p), bool(g.get("optional")), gi, pi))
    # Best score first; on a tie a required gold event wins over an optional one.
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _score, _optional, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)
