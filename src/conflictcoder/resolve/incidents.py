"""Incident coreference within one article: one event per incident however often it is told.

A news report tells its main incident in the lead, again with the weapon ("the missiles were
fired from a warplane"), with its toll ("16 civilians were killed in the raid"), at the
scale of the town and of the neighbourhood, and refers back to it ("the blast", "the
attack"). Each telling becomes an event upstream; ``fold_incidents`` folds the events of one
article that can be one incident:

- the same day (or both undated) and the same country and admin1;
- the same sub-event type, or a generic type from the toll ("Attack") and the type of the
  same incident told with its means ("Air/drone strike"), which is kept;
- the same place: one point, a place near another one coded less exactly, or a region
  (geo_precision 3) and a place in it;
- actor pairs that do not contradict each other (a missing or unidentified actor matches
  any; "Military Forces of X" matches a named branch of them; a battle's sides may come in
  either order).

A telling that only refers back ("four died in the attack") is a detail of the incident it
names, told before it or, when it opens the article, after it; a telling in the past
perfect with no day of its own ("had been kidnapped in the village") may be an incident of
another day told again; a telling that says no more than a toll (generic type, nobody
named, a place the gazetteer does not know: a victims' list) is a detail of that day's
incident.

The folded event keeps the most exact place, the named actors, every evidence sentence and
source, and the toll of the most reliable telling, read again from its sentences: a report
of the whole toll over a figure for some victims (a named victim, "his two sons") or one far
below it (``partial_share`` of ``tolls.yaml``), a number over ACLED's estimate for deaths told
without one, a later report over one told as early ("initially ... nine"); of conflicting
reports alike, ACLED's most conservative, the range in ``fatalities_low``/``fatalities_high``.
The rules' numbers and type pairs are data (``ontology/incidents.yaml``).

Example:
    >>> from conflictcoder.model import Event
    >>> a = Event("2020-01-01", "Violence against civilians", "Attack", country="Syria",
    ...           admin1="Idleb", location="Ariha", latitude=35.8, longitude=36.6,
    ...           geo_precision=1, fatalities=9, actor2="Civilians (Syria)")
    >>> b = Event("2020-01-01", "Explosions/Remote violence", "Air/drone strike",
    ...           country="Syria", admin1="Idleb", location="Ariha", latitude=35.8,
    ...           longitude=36.6, geo_precision=1)
    >>> [(e.sub_event_type, e.fatalities) for e in fold_incidents([a, b])]
    [('Air/drone strike', 9)]
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from ..extract.modality import DATED_WORDS
from ..geo.distance import distance_km
from ..model import Event
from ..ontology import ONTOLOGY_DIR, WordLists, acled_types
from ..ontology.loader import (
    entries,
    load_rule_file,
    mapping_section,
    rule_error,
    rule_family,
    whole_number,
    word_list,
)
from ..text import phrase_alternation
from .actors import interaction
from .counts import count_casualties
from .date_rules import DATES
from .tolls import TOLLS, TollRules, own_floor

T = TypeVar("T")

RULES_FILE = ONTOLOGY_DIR / "incidents.yaml"
_SECTIONS = (
    "same_place_km",
    "same_point_km",
    "coarse_geo_precision",
    "generic_types",
    "new_incident_words",
    "more_words",
    "back_reference_nouns",
    "toll_update_words",
    "early_report_words",
    "retelling_tenses",
    "place_words",
    "report_lag_days",
    "own_time_words",
)
# ACLED's prefix for an actor nobody identified; it matches any actor.
UNKNOWN_PREFIX = "Unidentified"
_PLACE_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in dataclasses.fields(Event)
    if f.name.startswith("admin")
    or f.name
    in (
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "geonameid",
        "unresolved_location",
    )
)


@dataclass(frozen=True)
class IncidentRules:
    """When two events of one article are one incident (``ontology/incidents.yaml``).

    same_place_km (float): the most two places apart that may be one when one is not coded
        exactly.
    same_point_km (float): the most two places apart that are one point.
    coarse_geo_precision (int): the geo_precision from which a place is a region that may
        hold another event's place.
    generic_types (dict[str, frozenset[str]]): a generic sub-event type and the types that
        it folds into.
    new_incident (re.Pattern[str]): what in a telling's sentence makes it another incident
        ("elsewhere", "three more civilians"). Defaults to matching nothing.
    back_reference (re.Pattern[str]): a determiner and an event noun that refer back to an
        incident already told ("the attack", "that suspected gas attack"). Defaults to
        matching nothing.
    toll_update (re.Pattern[str]): words that make a telling's toll replace the earlier one
        ("has risen to 13"). Defaults to matching nothing.
    early_report (re.Pattern[str]): words that mark a figure as an early report a later
        report of the whole toll supersedes ("initially"). Defaults to matching nothing.
    retelling (re.Pattern[str]): a tense that tells an incident as already past at the
        narrative's time ("had been kidnapped"). Defaults to matching nothing.
    own_day (re.Pattern[str]): a word that names a day or month ("Friday", "June").
        Defaults to matching nothing.
    report_day (re.Pattern[str]): a day named as the day of a report ("a monitor said on
        Friday"; ``report_words`` of ``dates.yaml``), not of what happened. Defaults to
        matching nothing.
    own_time (re.Pattern[str]): words besides a day's name that tell when an incident
        happened ("over the weekend", "overnight"). Defaults to matching nothing.
    report_lag_days (int): how many days a report may come after the incident it tells with
        no day of its own ("strikes killed 70, a monitor said on Friday" and "60 strikes on
        Thursday"). Defaults to 0 (never).
    place_words (frozenset[str]): common words of a place's name that do not tell two
        places apart ("Ain Issa" and "Ain Issa camp"). Defaults to none.
    tolls (TollRules): the shares of ``tolls.yaml`` (``partial_share`` tells a figure for
        some of the victims from a report of the whole toll). Defaults to the packaged ones.

    Example:
        >>> INCIDENTS.packaged().generic_types["Attack"] >= {"Air/drone strike"}
        True
    """

    same_place_km: float
    same_point_km: float
    coarse_geo_precision: int
    generic_types: dict[str, frozenset[str]]
    new_incident: re.Pattern[str] = re.compile(r"(?!)")
    back_reference: re.Pattern[str] = re.compile(r"(?!)")
    toll_update: re.Pattern[str] = re.compile(r"(?!)")
    early_report: re.Pattern[str] = re.compile(r"(?!)")
    retelling: re.Pattern[str] = re.compile(r"(?!)")
    own_day: re.Pattern[str] = re.compile(r"(?!)")
    report_day: re.Pattern[str] = re.compile(r"(?!)")
    own_time: re.Pattern[str] = re.compile(r"(?!)")
    report_lag_days: int = 0
    place_words: frozenset[str] = frozenset()
    tolls: TollRules = field(default_factory=TOLLS.packaged)


def _km(path: Path, data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise rule_error(path, f"'{key}' must be a number of km from 0 to 100", data, key)
    return float(value)


def load_incident_rules(
    user_file: str | Path | None = None, *, tolls: TollRules | None = None
) -> IncidentRules:
    """Read ``incidents.yaml`` (and a user file of the same shape on top); ``tolls``: the
    toll shares the rules carry (the packaged ``tolls.yaml`` when None).

    Raises OntologyError naming the file and line of a malformed entry or an unknown type.

    Example:
        >>> load_incident_rules().coarse_geo_precision
        3
    """
    path = RULES_FILE
    data = load_rule_file(path, _SECTIONS, user_file)
    known = set(acled_types())
    generic: dict[str, frozenset[str]] = {}
    table = mapping_section(
        path, data, "generic_types", "'generic_types' must map a sub-event type to a list"
    )
    for name, targets in entries(table):
        if not isinstance(targets, list):
            raise rule_error(path, f"generic type '{name}': expected a list of types", table)
        for item in [name, *targets]:
            if item not in known:
                raise rule_error(path, f"unknown sub_event_type '{item}'", table, str(name))
        generic[str(name)] = frozenset(targets)
    words = "|".join(re.escape(w) for w in word_list(path, data, "new_incident_words"))
    more = "|".join(re.escape(w) for w in word_list(path, data, "more_words"))
    number = r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens?|scores?)"
    new_incident = re.compile(
        rf"\b(?:{words})\b|\b{number}\s+(?:{more})\b(?!\s+than)", re.IGNORECASE
    )
    cues = WordLists(ONTOLOGY_DIR / "discourse.yaml", "discourse")
    # "that" before a number opens what is said ("said that three strikes hit ..."), not a
    # back-reference ("that attack")
    determiners = "|".join(
        re.escape(w) + (rf"(?!\s+{number}\b)" if w == "that" else "")
        for w in cues.words("anaphors")
    )
    nouns = phrase_alternation(
        [*cues.words("event_nouns"), *word_list(path, data, "back_reference_nouns")]
    )
    back_reference = re.compile(
        rf"\b(?:{determiners})\s+(?:[\w-]+\s+){{0,2}}?(?:{nouns})(?:s|es)?\b", re.IGNORECASE
    )
    updates = "|".join(
        r"\s+".join(re.escape(p) for p in w.split())
        for w in word_list(path, data, "toll_update_words")
    )
    early = phrase_alternation(word_list(path, data, "early_report_words"))
    tenses = phrase_alternation(word_list(path, data, "retelling_tenses"))
    # the day words of modality.yaml: what makes a sentence name a day of its own
    days = phrase_alternation(DATED_WORDS.packaged())
    # a day word up to ``report_reach`` words after a verb of reporting ("said on Friday")
    dates = DATES.packaged()
    reports = phrase_alternation(sorted(dates.report_words))
    reach = max(dates.report_reach - 1, 0)
    return IncidentRules(
        retelling=re.compile(rf"\b(?:{tenses})\b", re.IGNORECASE),
        own_day=re.compile(rf"\b(?:{days})\b", re.IGNORECASE),
        own_time=re.compile(
            rf"\b(?:{phrase_alternation(word_list(path, data, 'own_time_words'))})\b",
            re.IGNORECASE,
        ),
        report_day=re.compile(
            rf"\b(?:{reports})(?:\W+\w+){{0,{reach}}}?\W+(?:{days})\b", re.IGNORECASE
        ),
        place_words=frozenset(word_list(path, data, "place_words")),
        toll_update=re.compile(rf"\b(?:{updates})\b", re.IGNORECASE),
        early_report=re.compile(rf"\b(?:{early})\b", re.IGNORECASE),
        new_incident=new_incident,
        back_reference=back_reference,
        same_place_km=_km(path, data, "same_place_km"),
        same_point_km=_km(path, data, "same_point_km"),
        coarse_geo_precision=whole_number(
            path, data["coarse_geo_precision"], "'coarse_geo_precision'", data, 1, 3
        ),
        generic_types=generic,
        report_lag_days=whole_number(
            path, data["report_lag_days"], "'report_lag_days'", data, 0, 31
        ),
        tolls=tolls or TOLLS.packaged(),
    )


INCIDENTS = rule_family("incidents", RULES_FILE, load_incident_rules)


# -- when two events are one incident ----------------------------------------------------


def _types_fold(a: Event, b: Event, rules: IncidentRules) -> bool:
    if a.sub_event_type == b.sub_event_type:
        return True
    for generic, specific in ((a, b), (b, a)):
        if specific.sub_event_type in rules.generic_types.get(generic.sub_event_type, ()):
            return True
    return False


def _point(event: Event) -> tuple[float, float] | None:
    if event.latitude is None or event.longitude is None:
        return None
    return event.latitude, event.longitude


def _name_key(name: str | None, rules: IncidentRules) -> str:
    """A place name's consonants, its common words left out: two spellings of one name
    ("Sheikh Najjar", "Shaikh Najar") and a name with and without its kind ("Ain Issa
    camp") have one key.

    Example:
        >>> rules = INCIDENTS.packaged()
        >>> _name_key("Sheikh Najjar", rules) == _name_key("Shaikh Najar", rules)
        True
    """
    words = [
        w for w in re.findall(r"[^\W\d_]+", (name or "").lower()) if w not in rules.place_words
    ]
    return " ".join(re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", w)) for w in words).strip()


def _same_name(a: Event, b: Event, rules: IncidentRules) -> bool:
    """Two names of one place, one of them not placed exactly (two gazetteer entries both
    placed exactly are two places, however alike their names)."""
    if (a.geo_precision or 1) == 1 and (b.geo_precision or 1) == 1:
        return False
    key = _name_key(a.location, rules)
    return bool(key) and key == _name_key(b.location, rules)


def _same_place(a: Event, b: Event, rules: IncidentRules) -> bool:
    if (a.country, a.admin1) != (b.country, b.admin1):
        return False
    if a.location and a.location == b.location:
        return True
    if _context_placed(a, b, rules):
        return True
    if _same_name(a, b, rules):
        return True
    coarse = rules.coarse_geo_precision
    if (a.geo_precision or 0) >= coarse and a.location == a.admin1:
        return True  # the region itself, and a place in it
    if (b.geo_precision or 0) >= coarse and b.location == b.admin1:
        return True
    pa, pb = _point(a), _point(b)
    if pa is None or pb is None:
        return False
    km = distance_km(pa[0], pa[1], pb[0], pb[1])
    exact_a, exact_b = (a.geo_precision or 1) == 1, (b.geo_precision or 1) == 1
    if not (exact_a or exact_b):
        # two names neither of which the gazetteer placed exactly: both sit at the point of
        # the region they were found in, which says nothing about their being one place
        return False
    if km <= rules.same_point_km:
        return True
    return not (exact_a and exact_b) and km <= rules.same_place_km


def _context_placed(a: Event, b: Event, rules: IncidentRules) -> bool:
    """Whether two tellings are one sentence that names no place of its own ("a battle
    for the city broke out on Friday"): the places the context lent it are one incident's,
    not one each."""
    return (
        bool(a.evidence)
        and _first_sentence(a) == _first_sentence(b)
        and not _place_told(a, rules)
        and not _place_told(b, rules)
    )


def _unknown(actor: str | None) -> bool:
    return actor is None or actor.startswith(UNKNOWN_PREFIX)


def _agree(x: str | None, y: str | None) -> bool:
    """One actor, or one left unnamed; a named branch ("Military Forces of X (2000-) Air
    Force") agrees with its forces."""
    if _unknown(x) or _unknown(y) or x == y:
        return True
    assert x is not None and y is not None
    return x.startswith(y + " ") or y.startswith(x + " ")


def _actors_agree(a: Event, b: Event) -> bool:
    if _agree(a.actor1, b.actor1) and _agree(a.actor2, b.actor2):
        return True
    battle = a.event_type == b.event_type == "Battles"
    return battle and _agree(a.actor1, b.actor2) and _agree(a.actor2, b.actor1)


def _first_sentence(event: Event) -> str:
    return event.evidence[0].sentence if event.evidence else ""


def refers_back(a: Event, b: Event, rules: IncidentRules | None = None) -> bool:
    """Whether ``b``, told after ``a``, only refers back to it: its sentence names the
    incident with a determiner ("the attack", "that suspected gas attack") and says nothing
    that makes it another one; its own day and place (often the reporter's, or read from
    the detail) give way to the incident's. The types must fold and the actors agree.

    Example:
        >>> from conflictcoder.model import Evidence
        >>> a = Event("2020-01-01", "Explosions/Remote violence", "Air/drone strike",
        ...           location="Ariha", admin1="Idleb")
        >>> b = Event("2020-01-02", "Violence against civilians", "Attack", location="Idleb",
        ...           admin1="Idleb",
        ...           evidence=[Evidence("d", "Nine were killed in the attack.", 0, 31)])
        >>> refers_back(a, b)
        True
    """
    rules = rules or INCIDENTS.packaged()
    sentence = _first_sentence(b)
    return (
        bool(rules.back_reference.search(sentence))
        and not rules.new_incident.search(sentence)
        and a.modality == b.modality
        and (a.country == b.country or None in (a.country, b.country))
        and _types_fold(a, b, rules)
        and _actors_agree(a, b)
    )


def retold(event: Event, rules: IncidentRules | None = None) -> bool:
    """Whether a telling is told as already past at the narrative's time ("the officers
    had been kidnapped in the village") and names no day of its own: the day the narrative
    lends it is not its own, and it may be an incident told before on another day.

    Example:
        >>> from conflictcoder.model import Evidence
        >>> s = "The three men found dead had been abducted in the village."
        >>> retold(Event("2020-01-03", "Violence against civilians", "Abduction/forced "
        ...              "disappearance", evidence=[Evidence("d", s, 0, len(s))]))
        True
    """
    rules = rules or INCIDENTS.packaged()
    sentence = _first_sentence(event)
    return bool(rules.retelling.search(sentence)) and not rules.own_day.search(sentence)


def lent_day(event: Event, rules: IncidentRules | None = None) -> bool:
    """Whether a telling names no day of its own, or only the day of a report ("strikes
    killed 70 people, a monitor said on Friday"): its day is the report's or the
    narrative's, not necessarily the incident's.

    Example:
        >>> from conflictcoder.model import Evidence
        >>> s = "Strikes killed 70 people, a monitor said on Friday."
        >>> lent_day(Event("2020-01-03", "Battles", "Armed clash",
        ...                evidence=[Evidence("d", s, 0, len(s))]))
        True
    """
    rules = rules or INCIDENTS.packaged()
    return not any(
        rules.own_time.search(e.sentence)
        or rules.own_day.search(rules.report_day.sub(" ", e.sentence))
        for e in event.evidence
    )


def _reported_after(a: Event, b: Event, rules: IncidentRules) -> bool:
    """Whether ``a`` tells, with no day of its own (``lent_day``), the incident ``b`` tells
    with its day: ``a``'s day is at most ``report_lag_days`` after ``b``'s."""
    if not (a.event_date and b.event_date) or a.event_date <= b.event_date:
        return False
    lag = date.fromisoformat(a.event_date) - date.fromisoformat(b.event_date)
    return lag.days <= rules.report_lag_days and lent_day(a, rules) and not lent_day(b, rules)


def region_told(names: object, region: Event, place: Event, rules: IncidentRules) -> bool:
    """Whether ``region`` is ``place``'s province told beside it ("in Jabalia, Gaza
    Strip"): coded only at the region (geo_precision from ``coarse_geo_precision``), written
    as the name of ``place``'s first-level division (``names``: the names its place was
    written as).

    Example:
        >>> r = Event("2020-01-01", "Battles", "Armed clash", admin1="Idleb", geo_precision=3)
        >>> p = Event("2020-01-01", "Battles", "Armed clash", admin1="Idleb", geo_precision=1)
        >>> region_told(("Idleb province",), r, p, INCIDENTS.packaged())
        True
    """
    if not isinstance(names, tuple) or not place.admin1:
        return False
    division = _name_key(place.admin1, rules)
    return (
        (region.geo_precision or 0) >= rules.coarse_geo_precision
        and (region.country, region.admin1) == (place.country, place.admin1)
        and bool(division)
        and any(_name_key(str(name), rules) == division for name in names)
    )


def same_incident(a: Event, b: Event, rules: IncidentRules | None = None) -> bool:
    """Whether two events of one article can be one incident told twice.

    Example:
        >>> a = Event("2020-01-01", "Battles", "Armed clash", country="Syria", admin1="Hama",
        ...           location="Hama", geo_precision=3, actor1="A", actor2="C")
        >>> b = Event("2020-01-01", "Battles", "Armed clash", country="Syria", admin1="Hama",
        ...           location="Kafr Zita", geo_precision=1, actor1="B", actor2="C")
        >>> same_incident(a, b)
        False
    """
    rules = rules or INCIDENTS.packaged()
    return (
        not rules.new_incident.search(_first_sentence(b))
        and a.modality == b.modality
        and (
            a.event_date == b.event_date
            or retold(b, rules)
            or _reported_after(a, b, rules)
            or _reported_after(b, a, rules)
        )
        and _types_fold(a, b, rules)
        and _same_place(a, b, rules)
        and _actors_agree(a, b)
    )


def _one_incident(a: tuple[Event, object], b: tuple[Event, object], rules: IncidentRules) -> bool:
    """``same_incident``, or one of the two is the other's province told beside it."""
    if same_incident(a[0], b[0], rules):
        return True
    region = region_told(a[1], a[0], b[0], rules) or region_told(b[1], b[0], a[0], rules)
    return region and same_incident(a[0], dataclasses.replace(b[0], location=a[0].location), rules)


# -- folding ---------------------------------------------------------------------------


def _better_actor(kept: str | None, other: str | None) -> bool:
    """Whether ``other`` names an actor better than ``kept``: a name for none or an
    unidentified one."""
    return _unknown(kept) and not _unknown(other) or (kept is None and other is not None)


def fold(
    kept: Event, other: Event, rules: IncidentRules | None = None, *, detail: bool = False
) -> Event:
    """Fold ``other`` (the same incident, told again) into ``kept`` and return ``kept``.

    With ``detail`` (a telling that only refers back to the incident: "four died in the
    attack"), only its toll, injuries, sources and evidence are taken: the actors and the
    place it may name are the context's ("the attack served the interests of group X").

    Example:
        >>> a = Event("2020-01-01", "Battles", "Armed clash", fatalities=5)
        >>> b = Event("2020-01-01", "Battles", "Armed clash", fatalities=3, actor1="A")
        >>> e = fold(a, b)
        >>> e.fatalities, e.fatalities_high, e.actor1
        (3, 5, 'A')
    """
    rules = rules or INCIDENTS.packaged()
    update = bool(rules.toll_update.search(_first_sentence(other)))
    if detail:
        _fold_detail(kept, other, rules, update=update, refers=True)
        return kept
    if kept.sub_event_type in rules.generic_types and other.sub_event_type != kept.sub_event_type:
        kept.event_type, kept.sub_event_type = other.event_type, other.sub_event_type
        kept.plover_type = other.plover_type or kept.plover_type
        kept.weapon = other.weapon or kept.weapon
    reported = _reported_after(kept, other, rules)
    if (other.geo_precision or 9) < (kept.geo_precision or 9) + reported:
        # the more exact place; of two alike, the one of the telling with its own day
        for name in _PLACE_FIELDS:
            setattr(kept, name, getattr(other, name))
    for actor, inter in (("actor1", "inter1"), ("actor2", "inter2")):
        if _better_actor(getattr(kept, actor), getattr(other, actor)):
            setattr(kept, actor, getattr(other, actor))
            setattr(kept, inter, getattr(other, inter))
    for assoc in ("assoc_actor_1", "assoc_actor_2"):
        if not getattr(kept, assoc) and getattr(other, assoc):
            setattr(kept, assoc, getattr(other, assoc))
    kept.interaction = interaction(kept.inter1, kept.inter2)
    if reported:
        # the day of the telling that names its own, not the day it was reported
        kept.event_date, kept.time_precision = other.event_date, other.time_precision
        kept.date_end = other.date_end
    if kept.civilian_targeting is None:
        kept.civilian_targeting = other.civilian_targeting
    _fold_detail(kept, other, rules, update=update)
    return kept


# How a telling's figure counts an incident's dead, the more reliable the higher.
_ESTIMATE, _PARTIAL, _WHOLE = 0, 1, 2


def _toll_kind(event: Event) -> int:
    """How a telling's toll counts the incident's dead, read again from its sentences: a
    report of the whole toll ("16 civilians were killed"), a figure for some of the victims
    only (a named victim, "his daughter was also killed"), or ACLED's estimate for deaths
    told without a number ("the names were matched with the list of fatalities"). A figure
    no sentence gives (a coder's note split between places) counts as a whole toll."""
    parts = [count_casualties(e.sentence) for e in event.evidence]
    numbered = [p for p in parts if p.fatalities and p.fatalities_low is not None]
    if any(not p.partial for p in numbered) or not any(p.fatalities for p in parts):
        return _WHOLE
    return _PARTIAL if numbered else _ESTIMATE


def _early(event: Event, rules: IncidentRules) -> bool:
    """Whether a telling's figure is told as an early report ("initially ... nine")."""
    return any(
        rules.early_report.search(e.sentence)
        and count_casualties(e.sentence).fatalities == event.fatalities
        for e in event.evidence
    )


def _updated(event: Event, rules: IncidentRules) -> bool:
    """Whether a telling gives its figure as an updated toll ("the toll has risen to 13")."""
    return any(
        rules.toll_update.search(e.sentence)
        and count_casualties(e.sentence).fatalities == event.fatalities
        for e in event.evidence
    )


def _named_lead(kept: Event, other: Event, rules: IncidentRules) -> bool:
    """Whether ``kept`` counts one named victim (``single_victim`` of ``tolls.yaml``) and
    ``other``, a detail told after it, more ("A was killed ... A was killed alongside her
    four children"): the two figures are weighed as two tellings' (``_reliable_toll``)."""
    return kept.fatalities <= rules.tolls.single_victim < other.fatalities


def _floor_kept(kept: Event, other: Event, rules: IncidentRules) -> bool:
    """Whether ``kept``'s own floor ("at least 14 were killed") stands over ``other``'s
    smaller figure, even one told as an update ("had risen to six")."""
    return 0 < other.fatalities < kept.fatalities and own_floor(kept, rules.tolls)


def _floor_first(first: Event, later: Event, rules: IncidentRules) -> bool:
    """Whether ``first``, told before ``later`` in the article, states an own floor above
    ``later``'s figure ("at least 15 were killed" in the lead, then a source's 7), however
    the two tellings were folded."""
    if not first.evidence or not later.evidence:
        return False
    told_first = first.evidence[0].start < later.evidence[0].start
    return told_first and _floor_kept(first, later, rules)


def _reliable_toll(kept: Event, other: Event, rules: IncidentRules) -> Event | None:
    """The telling whose figure stands when two tellings give different tolls: a report of
    the whole toll over a figure for some victims, a number over an estimate, a later report
    over one told as early, a floor in the report's own voice ("at least 14") over a
    smaller figure, an updated toll ("has risen to 13") over a plain one, a figure
    over one too small to count the same dead (``partial_share`` of ``tolls.yaml``); None
    when both are alike (ACLED's most conservative is kept)."""
    kinds = _toll_kind(kept), _toll_kind(other)
    if kinds[0] != kinds[1]:
        return kept if kinds[0] > kinds[1] else other
    if _floor_kept(kept, other, rules):
        return kept
    if _floor_first(other, kept, rules):
        return other  # "at least 14 were killed" in the report's own voice, then a source's 6
    early = _early(kept, rules), _early(other, rules)
    if early[0] != early[1]:
        return other if early[0] else kept
    updated = _updated(kept, rules), _updated(other, rules)
    if updated[0] != updated[1]:
        return kept if updated[0] else other  # the latest count, wherever it is told
    smaller, larger = sorted((kept, other), key=lambda e: e.fatalities)
    if smaller.fatalities * 100 < larger.fatalities * rules.tolls.partial_share:
        return larger  # "65 people killed ... A and B were both killed": part of the dead
    return None


def _fold_detail(
    kept: Event,
    other: Event,
    rules: IncidentRules,
    *,
    update: bool = False,
    refers: bool = False,
) -> None:
    """Take ``other``'s toll, injuries, sources, evidence. Of two tolls the more reliable
    stands (``_reliable_toll``), of two alike the most conservative, unless ``other``
    updates the count; a telling that only refers back (``refers``: "the deaths came in
    fighting") gives a toll only to an incident that had none."""
    tolls = [v for v in (kept.fatalities, other.fatalities) if v]
    tellers = [kept, other]
    if update and other.fatalities and not _floor_kept(kept, other, rules):
        tolls = [other.fatalities]
    elif (
        refers
        and kept.fatalities
        and not _named_lead(kept, other, rules)
        and not _floor_first(other, kept, rules)
    ):
        tolls = [kept.fatalities]
    elif kept.fatalities and other.fatalities and kept.fatalities != other.fatalities:
        reliable = _reliable_toll(kept, other, rules)
        if reliable is not None:
            tolls, tellers = [reliable.fatalities], [reliable]
    lows = [v for v in (*(t.fatalities_low for t in tellers), *tolls) if v]
    highs = [v for v in (*(t.fatalities_high for t in tellers), *tolls) if v]
    fatalities = min(tolls) if tolls else 0
    if fatalities != kept.fatalities and other.fatalities_breakdown:
        kept.fatalities_breakdown = dict(other.fatalities_breakdown)
    kept.fatalities = fatalities
    kept.fatalities_low = min(lows) if lows else None
    kept.fatalities_high = max(highs) if highs else None
    if other.injured is not None:
        kept.injured = max(kept.injured or 0, other.injured)
    kept.weapon = kept.weapon or other.weapon
    kept.target = kept.target or other.target
    if other.reported_by and other.reported_by not in (kept.reported_by or ""):
        kept.reported_by = "; ".join(x for x in (kept.reported_by, other.reported_by) if x)
    kept.doc_ids = list(dict.fromkeys([*kept.doc_ids, *other.doc_ids]))
    seen = {(e.doc_id, e.start, e.end) for e in kept.evidence}
    kept.evidence = [
        *kept.evidence,
        *(e for e in other.evidence if (e.doc_id, e.start, e.end) not in seen),
    ]
    kept.confidence = max(kept.confidence, other.confidence)
    kept.event_id = kept.compute_id()


def fold_incidents(events: Iterable[Event], rules: IncidentRules | None = None) -> list[Event]:
    """One article's events with each incident told several times folded into one.

    events (Iterable[Event]): the events of one article, in text order.
    rules (IncidentRules | None): defaults to the packaged ``incidents.yaml``.
    RETURNS (list[Event]): the events, the first telling of each incident in its place.
    """
    return [event for event, _ in fold_told([(event, None) for event in events], rules)]


def fold_told(
    told: Iterable[tuple[Event, T]], rules: IncidentRules | None = None
) -> list[tuple[Event, T]]:
    """``fold_incidents`` over events that carry something of their place (the names it was
    written as): the folded event carries the one of the telling whose place it kept.

    Example:
        >>> a = Event("2020-01-01", "Battles", "Armed clash", location="X", geo_precision=3)
        >>> b = Event("2020-01-01", "Battles", "Armed clash", location="X", geo_precision=1)
        >>> [names for _, names in fold_told([(a, ("x region",)), (b, ("x",))])]
        [('x',)]
    """
    rules = rules or INCIDENTS.packaged()
    kept: list[tuple[Event, T]] = []
    for event, extra in told:
        index = next(
            (i for i, told in enumerate(kept) if _one_incident(told, (event, extra), rules)), None
        )
        detail = index is None
        if index is None:
            # the nearest incident told before that the back-reference can name
            index = next(
                (i for i in range(len(kept) - 1, -1, -1) if refers_back(kept[i][0], event, rules)),
                None,
            )
        if index is None:
            kept.append((event, extra))
            continue
        first, first_extra = kept[index]
        moved = not detail and (event.geo_precision or 9) < (first.geo_precision or 9)
        fold(first, event, rules, detail=detail)
        kept[index] = (first, extra if moved else first_extra)
    return _fold_weak(_fold_lead(kept, rules), rules)


def weak(event: Event, rules: IncidentRules | None = None) -> bool:
    """Whether a telling says no more than a toll: a generic type ("Attack", read from
    "were killed"), no one named who did it, and a place the gazetteer does not know (often
    a victim's or a source's name: "Radio X listed the dead", "A was killed with his wife").

    Example:
        >>> weak(Event("2020-01-01", "Violence against civilians", "Attack",
        ...            location="Abu Salem", unresolved_location=True))
        True
    """
    rules = rules or INCIDENTS.packaged()
    return (
        event.sub_event_type in rules.generic_types
        and _unknown(event.actor1)
        and not rules.new_incident.search(_first_sentence(event))
    )


def _fold_weak(kept: list[tuple[Event, T]], rules: IncidentRules) -> list[tuple[Event, T]]:
    """A telling that says no more than a toll (``weak``) on the day of an incident of the
    article whose type it generalises is a detail of that incident: of the nearest told
    before it, else of the first told after. So is a generic telling that names the actor of
    an incident told before it and no day of its own ("relatives mourned the family the army
    killed in the raid on X")."""
    out = list(kept)
    weak_ones = {id(event) for event, _ in kept if weak(event, rules)}
    # a toll told with the actor of an incident already told, on no day of its own ("the
    # occupation committed the massacre of the family"): a detail of that incident too
    named = {
        id(event)
        for event, _ in kept
        if id(event) not in weak_ones
        and event.sub_event_type in rules.generic_types
        and not rules.new_incident.search(_first_sentence(event))
        and not any(rules.own_day.search(e.sentence) for e in event.evidence)
    }
    for event, _ in kept:
        if id(event) not in weak_ones | named:
            continue
        at = next(i for i, (e, _) in enumerate(out) if e is event)
        # a telling that names no day of its own has the narrative's day, not its own
        own_day = any(rules.own_day.search(e.sentence) for e in event.evidence)
        fits = [
            i
            for i, (e, _) in enumerate(out)
            if i != at
            and id(e) not in weak_ones | named
            and (e.event_date == event.event_date or not own_day)
            and e.modality == event.modality
            # a name the gazetteer does not know, or places abroad (a victim's name read
            # as a town in another country), do not tell the incident's place
            and (
                event.unresolved_location or e.country != event.country or e.admin1 == event.admin1
            )
            and _types_fold(e, event, rules)
            and (id(event) in weak_ones or (e.actor1 == event.actor1 and i < at))
        ]
        if not fits:
            continue
        before = [i for i in fits if i < at]
        target = before[-1] if before else fits[0]
        fold(out[target][0], event, rules, detail=True)
        del out[at]
    return out


def _place_told(event: Event, rules: IncidentRules) -> bool:
    """Whether a telling's sentences name its place (in any spelling: the first word of
    the name that is not a common one), not only the article around them."""
    words = [w for w in _name_key(event.location, rules).split() if len(w) > 1]
    if not words:
        return False
    told = {
        _name_key(w, rules) for e in event.evidence for w in re.findall(r"[^\W\d_]+", e.sentence)
    }
    return words[0] in told


def _fold_lead(kept: list[tuple[Event, T]], rules: IncidentRules) -> list[tuple[Event, T]]:
    """An article whose first telling only refers to its incident ("four people died in
    the attack", below a headline that named it) tells the incident itself further down:
    the first telling is a detail of the first later incident it can name."""
    if len(kept) < 2 or _place_told(kept[0][0], rules):
        return kept
    lead = kept[0][0]
    index = next((i for i in range(1, len(kept)) if refers_back(kept[i][0], lead, rules)), None)
    if index is None:
        return kept
    fold(kept[index][0], lead, rules, detail=True)
    return kept[1:]
