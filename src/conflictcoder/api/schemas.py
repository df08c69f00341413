"""Response and request models: what OpenAPI documents and what the routes validate.

``EventModel`` and ``EvidenceModel`` are built from the fields of ``model.Event`` and
``model.Evidence`` (names, types, defaults, and the meaning of each column that the record
declares as its description), so ``/openapi.json`` documents them as the records define
them. The views build plain dicts; these models only validate and document them.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from ..model import Event, Evidence

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


def _record_fields(
    record: type, *, types: dict[str, Any] | None = None, required: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """A record's fields as ``create_model`` takes them, in declaration order: type, default
    and the description its ``metadata["description"]`` declares.

    record (type): a dataclass of ``model``.
    types (dict | None): types that replace the declared ones (a record's API model in
        place of the record). Defaults to none.
    required (frozenset[str]): fields the model requires though the record has a default.

    Example:
        >>> list(_record_fields(Evidence))
        ['doc_id', 'sentence', 'start', 'end']
    """
    hints = typing.get_type_hints(record) | (types or {})
    fields: dict[str, Any] = {}
    for column in dataclasses.fields(record):
        default: dict[str, Any] = {}
        if column.default_factory is not dataclasses.MISSING:
            default["default_factory"] = column.default_factory
        elif column.default is not dataclasses.MISSING and column.name not in required:
            default["default"] = column.default
        info = Field(description=column.metadata["description"], **default)
        fields[column.name] = (hints[column.name], info)
    return fields


if TYPE_CHECKING:  # mypy cannot see fields made at import: it checks a plain model
    EvidenceModel = BaseModel
else:
    EvidenceModel = create_model(
        "EvidenceModel",
        __doc__="A sentence that supports an event, located in its article.",
        **_record_fields(Evidence),
    )


def _event_fields() -> dict[str, Any]:
    """``Event``'s fields as ``create_model`` takes them: type, default and description.

    ``to_dict`` writes ``doc_id`` first, then every field in declaration order; the model
    lists them the same way. ``evidence`` holds ``EvidenceModel`` items (which describe their
    fields), and ``event_id`` is required: ``Event`` computes it when none is given, so every
    served event has one.

    Example:
        >>> list(_event_fields())[:3]
        ['doc_id', 'event_date', 'event_type']
    """
    doc_id = Field(None, description="The first article that reported the event.")
    return {
        "doc_id": (str | None, doc_id),
        **_record_fields(
            Event,
            types={"evidence": list[EvidenceModel]},
            required=frozenset({"event_id"}),
        ),
    }


if TYPE_CHECKING:
    EventModel = BaseModel
else:
    EventModel = create_model(
        "EventModel",
        __config__=ConfigDict(extra="allow"),
        __doc__="One coded event: ACLED's columns, then what makes it traceable and comparable.",
        **_event_fields(),
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
