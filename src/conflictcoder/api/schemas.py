"""Response and request models: what OpenAPI documents and what the routes validate.

``EventModel`` mirrors ``model.Event`` field for field (a test guards the match), with the
ACLED meaning of each column as its description, so ``/openapi.json`` documents the event
schema. The views build plain dicts; these models only validate and document them.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

# The largest whole number a request may carry: every store column holds it (PostgreSQL
# ``integer``), so no count, code or offset a client sends can overflow a query.
MAX_WHOLE = 2_147_483_647
# Control characters have no place in a corrected value (a terminal or a CSV reader would
# act on them; PostgreSQL refuses NUL); free text (notes, note) may keep tabs and newlines.
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")
_TEXT_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FREE_TEXT = frozenset({"notes", "note"})


def control_problem(name: str, value: str) -> str | None:
    """Why the string ``value`` of field ``name`` is refused (a control character), or None.

    Example:
        >>> control_problem("location", "Ariha\x1b[2J")
        'control character U+001B is not allowed'
    """
    found = (_TEXT_CONTROL_RE if name in _FREE_TEXT else _CONTROL_RE).search(value)
    return f"control character U+{ord(found.group()):04X} is not allowed" if found else None


def _refuse_controls(values: dict[str, Any]) -> None:
    for name, value in values.items():
        # a string, or the keys of fatalities_breakdown
        texts = (
            [value] if isinstance(value, str) else list(value) if isinstance(value, dict) else []
        )
        for text in texts:
            problem = control_problem(name, text) if isinstance(text, str) else None
            if problem:
                raise ValueError(f"{name}: {problem}")


class ErrorModel(BaseModel):
    """What every error response carries."""

    detail: str = Field(description="What went wrong and what to change.")


class EvidenceModel(BaseModel):
    """A sentence that supports an event, located in its article."""

    doc_id: str = Field(description="The article the sentence comes from.")
    sentence: str = Field(description="The sentence as it appears in the article.")
    start: int = Field(description="Offset of the sentence's first character in the article text.")
    end: int = Field(description="Offset just past the sentence's last character.")


class EventModel(BaseModel):
    """One coded event: ACLED's columns, then what makes it traceable and comparable."""

    model_config = ConfigDict(extra="allow")

    event_id: str = Field(description="Stable id: a hash of day, place, type and actor pair.")
    doc_id: str | None = Field(None, description="The first article that reported the event.")
    event_date: str | None = Field(description="Day of the event, YYYY-MM-DD.")
    time_precision: int = Field(1, description="1 day, 2 week, 3 month.")
    event_type: str = Field(description="One of ACLED's 6 event types.")
    sub_event_type: str = Field(description="One of ACLED's 25 sub-event types.")
    actor1: str | None = Field(None, description="Initiating actor, ACLED name.")
    assoc_actor_1: str | None = Field(None, description="Actors associated with actor1.")
    inter1: int | None = Field(None, description="ACLED inter code of actor1 (1-8).")
    actor2: str | None = Field(None, description="The other side, ACLED name.")
    assoc_actor_2: str | None = Field(None, description="Actors associated with actor2.")
    inter2: int | None = Field(None, description="ACLED inter code of actor2 (1-8).")
    interaction: int | None = Field(
        None, description="The two inter codes, lower first (17, 78); inter1*10 alone."
    )
    civilian_targeting: str | None = Field(
        None, description="'Civilian targeting' when civilians were the target."
    )
    country: str | None = Field(None, description="Country name as ACLED writes it.")
    iso: int | None = Field(None, description="ISO 3166 numeric country code (Syria 760).")
    admin1: str | None = Field(None, description="First-level administrative unit.")
    admin2: str | None = Field(None, description="Second-level administrative unit.")
    admin3: str | None = Field(None, description="Third-level administrative unit.")
    location: str | None = Field(None, description="The town or place the event is coded to.")
    latitude: float | None = Field(None, description="WGS84 latitude of the location.")
    longitude: float | None = Field(None, description="WGS84 longitude of the location.")
    geo_precision: int | None = Field(
        None, description="1 town, 2 near a town or part of a region, 3 only a larger region."
    )
    source: str | None = Field(None, description="The outlets that reported it, '; '-separated.")
    notes: str | None = Field(None, description="A one-paragraph summary.")
    fatalities: int = Field(0, description="ACLED's most conservative reported death toll.")
    doc_ids: list[str] = Field(default_factory=list, description="Every article reporting it.")
    evidence: list[EvidenceModel] = Field(
        default_factory=list, description="The sentences the event was coded from."
    )
    confidence: float = Field(0.5, description="The coder's confidence, 0..1.")
    modality: str = Field("realised", description="Only realised incidents become events.")
    injured: int | None = Field(None, description="Injured, when reported.")
    fatalities_low: int | None = Field(None, description="Lowest reported toll (UCDP low).")
    fatalities_high: int | None = Field(None, description="Highest reported toll (UCDP high).")
    fatalities_breakdown: dict[str, int] = Field(
        default_factory=dict, description="Deaths by group: children, women, civilians..."
    )
    weapon: str | None = Field(None, description="Weapon named in the reports.")
    target: str | None = Field(None, description="What was hit (market, hospital...).")
    reported_by: str | None = Field(None, description="Who the report attributes it to.")
    geonameid: int | None = Field(None, description="GeoNames id of the location.")
    date_end: str | None = Field(None, description="Last day, for events over several days.")
    plover_type: str | None = Field(None, description="PLOVER event type.")
    unresolved_location: bool = Field(
        False, description="True when the place could not be found in the gazetteer."
    )
    admin1_pcode: str | None = Field(None, description="OCHA P-code of admin1, when known.")
    admin2_pcode: str | None = Field(None, description="OCHA P-code of admin2, when known.")
    admin3_pcode: str | None = Field(None, description="OCHA P-code of admin3, when known.")
    timestamp: int | None = Field(
        None, description="Unix seconds of the event's last change in the store (ACLED's)."
    )


class EventPage(BaseModel):
    """One page of events matching the filters."""

    total: int = Field(description="Events matching the filters, on all pages.")
    limit: int = Field(description="Page size asked for.")
    offset: int = Field(description="Events skipped before this page.")
    next_offset: int | None = Field(description="Offset of the next page; null on the last.")
    items: list[EventModel]


class SourceModel(BaseModel):
    """An article that reports an event."""

    model_config = ConfigDict(extra="allow")

    doc_id: str = Field(description="Article id.")
    title: str | None = None
    source: str | None = Field(None, description="Outlet name.")
    url: str | None = None
    published: str | None = Field(None, description="Publication day, YYYY-MM-DD.")


class Segment(BaseModel):
    """A stretch of an article's text; ``evidence`` marks the sentences an event rests on."""

    text: str
    evidence: bool = False


class ArticleEvidence(BaseModel):
    """An article reporting the event, with its text cut at the evidence sentences."""

    doc_id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    found: bool = Field(description="False when the article's text is not in the store.")
    evidence: list[EvidenceModel] = Field(description="This article's evidence sentences.")
    segments: list[Segment] = Field(
        description="The article text in order; joined, the segments give the whole text."
    )


class EventDetail(BaseModel):
    """One event with the reports behind it."""

    event: EventModel
    sources: list[SourceModel] = Field(description="Every article that reports the event.")
    articles: list[ArticleEvidence] = Field(
        description="The reporting articles with the evidence sentences marked in their text."
    )
    history: list[dict[str, Any]] = Field(
        description="Changes to the event, oldest first: merges of new reports, corrections."
    )


class ArticleSummary(BaseModel):
    """An article without its text."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(description="Article id (doc_id in events).")
    title: str | None = None
    published: str | None = Field(None, description="Publication day, YYYY-MM-DD.")
    source: str | None = Field(None, description="Outlet name.")
    url: str | None = None
    language: str | None = None


class ArticleModel(ArticleSummary):
    """A stored article with its cleaned text (evidence offsets point into it)."""

    text: str


class ArticlePage(BaseModel):
    """One page of stored articles."""

    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last.")
    items: list[ArticleSummary]


class Submission(BaseModel):
    """An article to code, in conflictcoder's document format."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "report-1",
                "title": "Shelling hits Ariha",
                "text": "Regime artillery shelled Ariha in Idlib province on Monday, "
                "killing two civilians.",
                "published": "2020-03-04",
                "source": "Example News",
                "url": None,
                "language": "en",
            }
        }
    )

    id: str | None = Field(None, description="Article id; defaults to a hash of the text.")
    text: str = Field(description="The article text.")
    title: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD; anchors relative dates.")
    source: str | None = Field(None, description="Outlet name.")
    url: str | None = None
    language: str | None = Field(None, description="ISO 639-1 code; only English is coded.")


class SubmissionResult(BaseModel):
    """What coding a submitted article produced."""

    article: ArticleSummary
    stored: bool = Field(description="False when the same text was already stored.")
    events: list[EventModel] = Field(description="The events coded from the article.")


class EventFields(BaseModel):
    """Event fields a person may correct; any field left out keeps its value.

    Every ``Event`` field but the identity and provenance (event_id, doc_ids, evidence).
    Values are checked strictly (no string or boolean for a number, no NaN or infinity,
    no control character in text), then by the store, which names the field and what it
    expects.
    """

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    event_date: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    time_precision: int | None = Field(None, ge=1, le=3)
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = Field(None, ge=1, le=8)
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = Field(None, ge=1, le=8)
    interaction: int | None = Field(None, ge=-MAX_WHOLE, le=MAX_WHOLE)
    civilian_targeting: str | None = None
    country: str | None = None
    iso: int | None = Field(None, ge=-MAX_WHOLE, le=MAX_WHOLE)
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    geo_precision: int | None = Field(None, ge=1, le=3)
    source: str | None = None
    notes: str | None = None
    fatalities: int | None = Field(None, ge=0, le=MAX_WHOLE)
    confidence: float | None = Field(None, ge=0, le=1)
    modality: str | None = None
    injured: int | None = Field(None, ge=0, le=MAX_WHOLE)
    fatalities_low: int | None = Field(None, ge=0, le=MAX_WHOLE)
    fatalities_high: int | None = Field(None, ge=0, le=MAX_WHOLE)
    fatalities_breakdown: dict[str, Annotated[int, Field(ge=0, le=MAX_WHOLE)]] | None = None
    weapon: str | None = None
    target: str | None = None
    reported_by: str | None = None
    geonameid: int | None = Field(None, ge=-MAX_WHOLE, le=MAX_WHOLE)
    date_end: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    plover_type: str | None = None
    unresolved_location: bool | None = None
    admin1_pcode: str | None = None
    admin2_pcode: str | None = None
    admin3_pcode: str | None = None

    @model_validator(mode="after")
    def _no_control_characters(self) -> EventFields:
        _refuse_controls({name: getattr(self, name) for name in self.model_fields_set})
        return self


class Correction(BaseModel):
    """A person's correction of some of an event's fields."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        allow_inf_nan=False,
        json_schema_extra={
            "example": {"fields": {"fatalities": 4, "location": "Ariha"}, "note": "per OCHA"}
        },
    )

    fields: EventFields = Field(description="The corrected fields and their new values.")
    note: str | None = Field(None, description="Why; kept in the event's history.")

    @model_validator(mode="after")
    def _no_control_characters(self) -> Correction:
        _refuse_controls({"note": self.note})
        return self


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON schema of ``model`` with its ``$defs`` written in place, for ``openapi_extra``.

    Example:
        >>> "$ref" in str(inline_schema(Correction))
        False
    """
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(defs[ref.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved


class TimelineDay(BaseModel):
    """Events and deaths on one day, or in one week or month (the dashboard bins them)."""

    date: str
    events: int
    fatalities: int
    period: str = Field("day", description="day, week (from Monday) or month: the bin.")


class PlaceModel(BaseModel):
    """A place events were coded to, with their number and deaths."""

    location: str | None
    admin1: str | None
    country: str | None
    latitude: float
    longitude: float
    geonameid: int | None = None
    events: int
    fatalities: int
    event_ids: list[str] = Field(description="The events at this place, by date.")


class EventSummary(BaseModel):
    """The few fields the dashboard's list and map show."""

    event_id: str
    event_date: str | None
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    location: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    fatalities: int
    sources: int = Field(description="Number of reporting articles.")


class Dashboard(BaseModel):
    """Everything the dashboard page shows for a set of filters."""

    filters: dict[str, Any] = Field(description="The filters applied (null = not set).")
    total: int = Field(description="Events matching the filters.")
    shown: int = Field(description="Events listed and mapped (at most the dashboard limit).")
    events: list[EventSummary]
    timeline: list[TimelineDay]
    fatalities: int = Field(description="Deaths in the matching events.")
    options: dict[str, list[str]] = Field(description="Values offered by the filter inputs.")
    map: dict[str, Any] = Field(description="Base layers: offline borders, optional tiles.")
    attribution: list[dict[str, str]] = Field(description="Data sources to credit.")
