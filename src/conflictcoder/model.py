"""The records that flow between stages: plain, typed, serialisable dataclasses.

``Article`` comes out of ingest; ``Mention`` out of extract (one per reported
incident, with raw spans and no spaCy objects); ``Event`` out of resolve (one
ACLED row with its evidence). ``Place``, ``Actor`` and ``Casualties`` are the
resolved values that an ``Event`` is assembled from.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# ACLED column order, used by the CSV exporter and by ``Event.to_acled``.
ACLED_FIELDS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)

# Modality values. Only ``REALISED`` mentions become events.
REALISED = "realised"
MODALITIES: tuple[str, ...] = (
    REALISED,
    "planned",
    "forecast",
    "hypothetical",
    "negated",
    "denied",
    "aggregate",
    "background",
    "link",
)


@dataclass(frozen=True)
class Article:
    """One document to code.

    id (str): stable document id; events keep it as ``doc_id``.
    text (str): the cleaned main text.
    title (str | None): headline, if known.
    published (date | None): publication date, the anchor for relative dates.
    source (str | None): outlet name ("The New Arab").
    url (str | None): where it came from.
    language (str): ISO 639-1 code. Defaults to "en".
    origin (str | None): file (and line) it was read from, for messages.
    """

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    language: str = "en"
    origin: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text: the key that makes re-ingesting idempotent."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "url": self.url,
            "language": self.language,
        }


@dataclass(frozen=True)
class Evidence:
    """A sentence that supports an event, with character offsets into the article text.

    Each field's ``metadata["description"]`` says what it holds; the API's ``EvidenceModel``
    is built from these fields, as ``EventModel`` is from ``Event``'s.
    """

    doc_id: str = field(metadata={"description": "The article the sentence comes from."})
    sentence: str = field(metadata={"description": "The sentence as it appears in the article."})
    start: int = field(
        metadata={"description": "Offset of the sentence's first character in the article text."}
    )
    end: int = field(metadata={"description": "Offset just past the sentence's last character."})


@dataclass(frozen=True)
class PlaceRef:
    """A toponym as written in a sentence, before resolution.

    name (str): surface form ("Binnish", "Abu Zuhour").
    start, end (int): offsets into the article text.
    qualifier (str | None): "outskirts", "near", "countryside" or None.
    direction (str | None): "southern", "eastern"... when the text gives one.
    container (str | None): the enclosing unit the text names ("Idlib" in "in Idlib province").
    kind (str | None): "town", "village", "province", "airport"... from the words around it.
    """

    name: str
    start: int
    end: int
    qualifier: str | None = None
    direction: str | None = None
    container: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Place:
    """A resolved location with ACLED geography."""

    location: str
    country: str | None = None
    iso: int | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = 3
    geonameid: int | None = None
    unresolved: bool = False
    admin1_pcode: str | None = None
    admin2_pcode: str | None = None
    admin3_pcode: str | None = None


@dataclass(frozen=True)
class Actor:
    """A canonical ACLED actor.

    name (str): ACLED actor name ("Military Forces of Syria (2000-)").
    inter (int): ACLED inter code 1-8.
    country (str | None): the country the actor belongs to, if any.
    """

    name: str
    inter: int
    country: str | None = None


@dataclass(frozen=True)
class Casualties:
    """Deaths and injuries reported for one incident.

    fatalities is ACLED's conservative figure; low/high keep the range that sources gave.
    breakdown holds e.g. {"children": 2, "women": 1, "civilians": 3}.
    """

    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured: int | None = None
    breakdown: dict[str, int] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    # the figure counts only some of the victims: named ones, kin ("his two sons"), one person
    partial: bool = False
    # the figure counts one side's own losses ("the group lost 13 of its fighters"): the other
    # side's dead are told apart, and the two add up (ACLED sums both sides of a clash)
    own_losses: bool = False


@dataclass(frozen=True)
class Mention:
    """One reported incident as extract/ found it: raw spans, no resolution yet.

    sub_event_type / event_type come from the trigger lexicon; actor texts, place refs
    and the date sentence are surface strings that resolve/ turns into records (counts are
    read from the evidence sentences). ``generic`` and ``territory`` tell resolve/ that the
    final sub-event type depends on who the actors are (see ``ontology/triggers.yaml``).
    ``context`` holds the trigger-less sentences that follow ("Total fatalities coded to
    15."): resolve/ reads tolls from them and cites those that give one. ``directed``: actor1
    is the agent of a trigger that has one ("rebels attacked army positions"), which ACLED
    names first even against the state forces.
    """

    doc_id: str
    sub_event_type: str
    event_type: str
    trigger: str
    evidence: tuple[Evidence, ...]
    modality: str = REALISED
    actor1_text: str | None = None
    actor2_text: str | None = None
    assoc_actor_1_texts: tuple[str, ...] = ()
    assoc_actor_2_texts: tuple[str, ...] = ()
    places: tuple[PlaceRef, ...] = ()
    date_text: str | None = None
    weapon: str | None = None
    target: str | None = None
    reported_by: str | None = None
    confidence: float = 0.5
    generic: bool = False
    territory: bool = False
    priority: int = 50
    context: tuple[Evidence, ...] = ()
    directed: bool = False


# Values ``copy.deepcopy`` returns as they are.
_ATOMIC: frozenset[type] = frozenset({str, int, float, bool, type(None)})


def _copied(value: Any) -> Any:
    """``value`` as ``dataclasses.asdict`` copies it (dataclasses to dicts, lists, tuples
    and dicts rebuilt, anything else deep-copied), without its deep copy of every string
    and number: an event's ``to_dict`` took 0.12 ms, most of an article's store time.

    Example:
        >>> _copied(Evidence("a1", "Jets hit Ariha.", 0, 15))
        {'doc_id': 'a1', 'sentence': 'Jets hit Ariha.', 'start': 0, 'end': 15}
    """
    kind = type(value)
    if kind in _ATOMIC:
        return value
    if kind is list:
        return [_copied(v) for v in value]
    if kind is dict:
        return {_copied(k): _copied(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _copied(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return kind(*[_copied(v) for v in value])
    if isinstance(value, list | tuple):
        return kind(_copied(v) for v in value)
    if isinstance(value, dict):
        return kind((_copied(k), _copied(v)) for k, v in value.items())
    return copy.deepcopy(value)


def _column(meaning: str, default: Any = dataclasses.MISSING, **options: Any) -> Any:
    """An event field with a default that says what it means: ``dataclasses.field`` with
    ``meaning`` as its ``metadata["description"]`` (the API schema's description of the column).

    Example:
        >>> _column("1 day, 2 week, 3 month.", 1).metadata["description"]
        '1 day, 2 week, 3 month.'
    """
    return field(default=default, metadata={"description": meaning}, **options)


@dataclass
class Event:
    """One ACLED event row plus what makes it traceable.

    Field names follow ACLED; the extras (evidence, confidence, modality, ranges, weapon...)
    are listed in docs/design.md. ``event_id`` is a stable hash of the defining fields.
    Each field's ``metadata["description"]`` says what the column means; the API's
    ``EventModel`` is built from these fields, so OpenAPI documents them as declared here.
    """

    # no default: plain field(), which mypy reads as required (it cannot see into _column)
    event_date: str | None = field(metadata={"description": "Day of the event, YYYY-MM-DD."})
    event_type: str = field(metadata={"description": "One of ACLED's 6 event types."})
    sub_event_type: str = field(metadata={"description": "One of ACLED's 25 sub-event types."})
    time_precision: int = _column("1 day, 2 week, 3 month.", 1)
    actor1: str | None = _column("Initiating actor, ACLED name.", None)
    assoc_actor_1: str | None = _column("Actors associated with actor1.", None)
    inter1: int | None = _column("ACLED inter code of actor1 (1-8).", None)
    actor2: str | None = _column("The other side, ACLED name.", None)
    assoc_actor_2: str | None = _column("Actors associated with actor2.", None)
    inter2: int | None = _column("ACLED inter code of actor2 (1-8).", None)
    interaction: int | None = _column(
        "The two inter codes, lower first (17, 78); inter1*10 alone.", None
    )
    civilian_targeting: str | None = _column(
        "'Civilian targeting' when civilians were the target.", None
    )
    country: str | None = _column("Country name as ACLED writes it.", None)
    iso: int | None = _column("ISO 3166 numeric country code (Syria 760).", None)
    admin1: str | None = _column("First-level administrative unit.", None)
    admin2: str | None = _column("Second-level administrative unit.", None)
    admin3: str | None = _column("Third-level administrative unit.", None)
    location: str | None = _column("The town or place the event is coded to.", None)
    latitude: float | None = _column("WGS84 latitude of the location.", None)
    longitude: float | None = _column("WGS84 longitude of the location.", None)
    geo_precision: int | None = _column(
        "1 town, 2 near a town or part of a region, 3 only a larger region.", None
    )
    source: str | None = _column("The outlets that reported it, '; '-separated.", None)
    notes: str | None = _column("A one-paragraph summary.", None)
    fatalities: int = _column("ACLED's most conservative reported death toll.", 0)
    event_id: str = _column("Stable id: a hash of day, place, type and actor pair.", "")
    doc_ids: list[str] = _column("Every article reporting it.", default_factory=list)
    evidence: list[Evidence] = _column(
        "The sentences the event was coded from.", default_factory=list
    )
    confidence: float = _column("The coder's confidence, 0..1.", 0.5)
    modality: str = _column("Only realised incidents become events.", REALISED)
    injured: int | None = _column("Injured, when reported.", None)
    fatalities_low: int | None = _column("Lowest reported toll (UCDP low).", None)
    fatalities_high: int | None = _column("Highest reported toll (UCDP high).", None)
    fatalities_breakdown: dict[str, int] = _column(
        "Deaths by group: children, women, civilians...", default_factory=dict
    )
    weapon: str | None = _column("Weapon named in the reports.", None)
    target: str | None = _column("What was hit (market, hospital...).", None)
    reported_by: str | None = _column("Who the report attributes it to.", None)
    geonameid: int | None = _column("GeoNames id of the location.", None)
    date_end: str | None = _column("Last day, for events over several days.", None)
    plover_type: str | None = _column("PLOVER event type.", None)
    unresolved_location: bool = _column(
        "True when the place could not be found in the gazetteer.", False
    )
    admin1_pcode: str | None = _column("OCHA P-code of admin1, when known.", None)
    admin2_pcode: str | None = _column("OCHA P-code of admin2, when known.", None)
    admin3_pcode: str | None = _column("OCHA P-code of admin3, when known.", None)
    # Unix seconds of the event's last change in a store (ACLED's ``timestamp``); None until
    # stored. Stores set it on every insert, update, correction, review and merge. Not part of
    # equality: the same event read back later is still equal to the one stored.
    timestamp: int | None = _column(
        "Unix seconds of the event's last change in the store (ACLED's).", None, compare=False
    )

    def __post_init__(self) -> None:
        if not self.event_id:
            self.event_id = self.compute_id()

    def compute_id(self) -> str:
        """Stable id from ACLED's identity of an event: day, place, type and actor pair."""
        key = "|".join(
            str(v)
            for v in (
                self.event_date,
                self.sub_event_type,
                self.country,
                self.admin1,
                self.location,
                self.actor1,
                self.actor2,
            )
        )
        return "cc-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    @property
    def doc_id(self) -> str | None:
        """The first document that reported the event."""
        return self.doc_ids[0] if self.doc_ids else None

    def to_dict(self) -> dict[str, Any]:
        """All fields as JSON-ready values, ``doc_id`` first (as ``dataclasses.asdict``
        gives them: see ``_copied``)."""
        return {"doc_id": self.doc_id, **_copied(self)}

    def to_acled(self) -> dict[str, Any]:
        """Only the ACLED columns, in ACLED's order."""
        data = dataclasses.asdict(self)
        return {name: data.get(name) for name in ACLED_FIELDS}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Rebuild an event from ``to_dict`` output (unknown keys ignored)."""
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in names}
        kwargs["evidence"] = [
            e if isinstance(e, Evidence) else Evidence(**e) for e in kwargs.get("evidence", [])
        ]
        return cls(**kwargs)
