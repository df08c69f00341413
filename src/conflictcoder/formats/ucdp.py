"""UCDP GED's columns (``ucdp.yaml``): type of violence, precisions, deaths by side."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Event
from ..ontology import ONTOLOGY_DIR, acled_types, line_of, load_yaml
from ..ontology.families import rule_family
from .acled import _columns, _mapping, _need, _year, event_number

UCDP_FILE = ONTOLOGY_DIR / "ucdp.yaml"


@dataclass(frozen=True)
class UcdpRules:
    """The rules of ``ucdp.yaml``: GED columns, type of violence, precisions."""

    columns: tuple[str, ...]
    one_sided_inter: frozenset[int]
    state_inter: frozenset[int]
    armed_inter: frozenset[int]
    one_sided_side_b: str
    where_prec: dict[int, int]
    where_no_coordinates: int
    date_prec: dict[int, int]

    def type_of_violence(self, event: Event) -> int | None:
        """GED's type of violence of an event (1, 2, 3), or None when it is not organised
        violence (protests, riots, strategic developments).

        Example:
            >>> ucdp_rules().type_of_violence(Event("2020-01-02", "Battles", "Armed clash",
            ...                                     inter1=2, inter2=3))
            2
        """
        sub = acled_types().get(event.sub_event_type)
        default = sub.ucdp if sub is not None else None
        if default is None:
            return None
        if event.inter2 in self.one_sided_inter or event.civilian_targeting:
            return 3
        sides = [c for c in (event.inter1, event.inter2) if c is not None]
        state = any(c in self.state_inter for c in sides)
        if default == 1 and sides and not state:
            return 2
        if default == 2 and len(sides) == 2 and state and all(c in self.armed_inter for c in sides):
            return 1
        return int(default)


def _int_map(raw: Any, path: Path, key: str) -> dict[int, int]:
    _need(isinstance(raw, dict), path, f"'{key}' must map numbers to numbers")
    result: dict[int, int] = {}
    for k, v in raw.items():
        if k in ("__line__", "no_coordinates"):
            continue
        _need(
            str(k).isdigit() and isinstance(v, int),
            path,
            f"{key}: {k!r} must map a number to a number, got {v!r}",
            line_of(raw),
        )
        result[int(k)] = v
    return result


def _codes(raw: Any, path: Path, key: str) -> frozenset[int]:
    _need(
        isinstance(raw, list) and all(isinstance(c, int) and 0 <= c <= 8 for c in raw),
        path,
        f"'{key}' must be a list of ACLED inter codes",
    )
    return frozenset(raw)


def ucdp_rules(path: str | Path = UCDP_FILE) -> UcdpRules:
    """Load and check ``ucdp.yaml``: the packaged file is ``UCDP_RULES``' one copy, another
    file is read anew.

    Example:
        >>> ucdp_rules().columns[:3]
        ('id', 'year', 'type_of_violence')
    """
    if Path(path) == UCDP_FILE:
        return UCDP_RULES.packaged()
    return _load_ucdp_rules(Path(path))


def _load_ucdp_rules(path: Path) -> UcdpRules:
    data = load_yaml(path)
    violence = _mapping(data, "type_of_violence", path)
    where = _mapping(data, "where_prec", path)
    return UcdpRules(
        columns=_columns(data, path),
        one_sided_inter=_codes(violence.get("one_sided_inter"), path, "one_sided_inter"),
        state_inter=_codes(violence.get("state_inter"), path, "state_inter"),
        armed_inter=_codes(violence.get("armed_inter"), path, "armed_inter"),
        one_sided_side_b=str(violence.get("one_sided_side_b") or "Civilians"),
        where_prec=_int_map(where, path, "where_prec"),
        where_no_coordinates=int(where.get("no_coordinates", 6)),
        date_prec=_int_map(_mapping(data, "date_prec", path), path, "date_prec"),
    )


UCDP_RULES = rule_family("ucdp", UCDP_FILE, lambda user: _load_ucdp_rules(UCDP_FILE))


def _civilian_deaths(event: Event, kind: int) -> int:
    breakdown = event.fatalities_breakdown or {}
    if "civilians" in breakdown:
        return min(int(breakdown["civilians"]), event.fatalities)
    # in a one-sided event every death is a civilian's
    return event.fatalities if kind == 3 else 0


def ucdp_row(event: Event, *, rules: UcdpRules | None = None) -> dict[str, Any] | None:
    """The event as one GED row (``ucdp.yaml`` columns), or None when GED would not hold it.

    Deaths: ``best`` is ACLED's fatalities, ``low``/``high`` the range sources gave;
    civilians' deaths come from the breakdown (all deaths in a one-sided event); the rest
    are ``deaths_unknown``, since a report seldom says which side lost whom.

    Example:
        >>> row = ucdp_row(Event("2020-01-02", "Violence against civilians", "Attack",
        ...                      actor1="Unidentified Armed Group (Syria)", inter1=3,
        ...                      fatalities=2))
        >>> row["type_of_violence"], row["side_b"], row["deaths_civilians"], row["best"]
        (3, 'Civilians', 2, 2)
    """
    ged = rules or ucdp_rules()
    kind = ged.type_of_violence(event)
    if kind is None:
        return None
    side_a, side_b = event.actor1, event.actor2
    if kind == 1 and event.inter1 not in ged.state_inter and event.inter2 in ged.state_inter:
        side_a, side_b = side_b, side_a
    if kind == 3 and not side_b:
        side_b = ged.one_sided_side_b
    has_point = event.latitude is not None and event.longitude is not None
    where_prec = (
        ged.where_prec.get(event.geo_precision or 0, ged.where_no_coordinates)
        if has_point
        else ged.where_no_coordinates
    )
    civilians = _civilian_deaths(event, kind)
    low = event.fatalities_low if event.fatalities_low is not None else event.fatalities
    high = event.fatalities_high if event.fatalities_high is not None else event.fatalities
    values: dict[str, Any] = {
        "id": event_number(event.event_id),
        "year": _year(event.event_date),
        "type_of_violence": kind,
        "side_a": side_a,
        "side_b": side_b,
        "source_article": event.source or "; ".join(event.doc_ids) or None,
        "where_prec": where_prec,
        "where_coordinates": event.location,
        "adm_1": event.admin1,
        "adm_2": event.admin2,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "country": event.country,
        "date_prec": ged.date_prec.get(event.time_precision, 5),
        "date_start": event.event_date,
        "date_end": event.date_end or event.event_date,
        "deaths_a": 0,
        "deaths_b": 0,
        "deaths_civilians": civilians,
        "deaths_unknown": event.fatalities - civilians,
        "best": event.fatalities,
        "high": max(high, event.fatalities),
        "low": min(low, event.fatalities),
    }
    return {name: values.get(name) for name in ged.columns}
