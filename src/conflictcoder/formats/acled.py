"""ACLED's 31 columns: the codebook (``acled_codebook.yaml``), country codes, stable
``event_id_cnty``, source scales (``source_scales.yaml``) and the row of one event."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OntologyError
from ..geo.countries import COUNTRIES
from ..model import Event
from ..ontology import ONTOLOGY_DIR, acled_types, line_of, load_yaml
from ..ontology.families import rule_family

CODEBOOK_FILE = ONTOLOGY_DIR / "acled_codebook.yaml"
SOURCE_SCALES_FILE = ONTOLOGY_DIR / "source_scales.yaml"

_ISO3 = re.compile(r"^[A-Z]{3}$")
_NOT_WORD = re.compile(r"[\W_]+")
_PARTS = re.compile(r"[;,]")
_BRACKETED = re.compile(r"^(.*?)\s*[(\[]([^()\[\]]*)[)\]]\s*$")
# the iso3 written when an event's country is not known (ISO 3166 reserves XXX for it)
UNKNOWN_ISO3 = "XXX"


# -- the ACLED codebook -------------------------------------------------------------------


@dataclass(frozen=True)
class AcledCodebook:
    """The codebook values of ``acled_codebook.yaml``.

    columns: the 31 columns in ACLED's order. inter: inter code -> label.
    disorder: event type -> disorder type; disorder_sub: sub-event type -> disorder type.
    regions: ISO alpha-3 -> region name; region_numbers: region name -> ACLED's number.
    """

    columns: tuple[str, ...]
    inter: dict[int, str]
    disorder: dict[str, str]
    disorder_sub: dict[str, str]
    regions: dict[str, str]
    region_numbers: dict[str, int]

    def disorder_type(self, event_type: str, sub_event_type: str) -> str | None:
        """ACLED's disorder type of a sub-event type.

        Example:
            >>> acled_codebook().disorder_type("Protests", "Excessive force against protesters")
            'Political violence; Demonstrations'
        """
        return self.disorder_sub.get(sub_event_type) or self.disorder.get(event_type)

    def inter_label(self, code: int | None) -> str | None:
        """The label of an inter code ("State forces" for 1); None for none.

        Example:
            >>> acled_codebook().inter_label(7)
            'Civilians'
        """
        return self.inter.get(code) if code is not None else None

    def interaction_label(self, inter1: int | None, inter2: int | None) -> str | None:
        """ACLED's text interaction: the two labels, lower code first, or "LABEL only".

        Example:
            >>> acled_codebook().interaction_label(7, 1)
            'State forces-Civilians'
        """
        codes = sorted(c for c in (inter1, inter2) if c in self.inter)
        if not codes:
            return None
        if len(codes) == 1:
            return f"{self.inter[codes[0]]} only"
        return f"{self.inter[codes[0]]}-{self.inter[codes[1]]}"


def _need(condition: bool, path: Path, problem: str, line: int | None = None) -> None:
    if not condition:
        raise OntologyError(path, problem, line=line)


def _mapping(data: Any, key: str, path: Path) -> Any:
    _need(isinstance(data, dict) and key in data, path, f"missing '{key}'", line_of(data))
    return data[key]


def _columns(data: Any, path: Path) -> tuple[str, ...]:
    columns = _mapping(data, "columns", path)
    _need(
        isinstance(columns, list) and all(isinstance(c, str) and c for c in columns),
        path,
        "'columns' must be a list of column names",
    )
    dupes = sorted({c for c in columns if columns.count(c) > 1})
    _need(not dupes, path, f"column listed twice: {', '.join(dupes)}")
    return tuple(columns)


def acled_codebook(path: str | Path = CODEBOOK_FILE) -> AcledCodebook:
    """Load and check ``acled_codebook.yaml`` (OntologyError naming the file and line): the
    packaged file is ``ACLED_CODEBOOK``'s one copy, another file is read anew.

    Example:
        >>> len(acled_codebook().columns), acled_codebook().regions["SYR"]
        (31, 'Middle East')
    """
    if Path(path) == CODEBOOK_FILE:
        return ACLED_CODEBOOK.packaged()
    return _load_codebook(Path(path))


def _load_codebook(path: Path) -> AcledCodebook:
    data = load_yaml(path)
    columns = _columns(data, path)
    raw_inter = _mapping(data, "inter", path)
    _need(isinstance(raw_inter, dict), path, "'inter' must map inter codes 1-8 to labels")
    inter: dict[int, str] = {}
    for code, label in raw_inter.items():
        if code == "__line__":
            continue
        _need(
            str(code).isdigit() and 1 <= int(code) <= 8 and isinstance(label, str),
            path,
            f"inter: {code!r} must be a code 1-8 with a label",
            line_of(raw_inter),
        )
        inter[int(code)] = label
    types = acled_types()
    event_types = {sub.event_type for sub in types.values()}
    disorder: dict[str, str] = {}
    disorder_sub: dict[str, str] = {}
    for entry in _mapping(data, "disorder_type", path):
        line = line_of(entry)
        event_type = entry.get("event_type")
        _need(event_type in event_types, path, f"unknown event_type '{event_type}'", line)
        _need(
            isinstance(entry.get("disorder_type"), str),
            path,
            f"'{event_type}' needs a disorder_type",
            line,
        )
        disorder[event_type] = entry["disorder_type"]
        for sub, value in (entry.get("sub_event_types") or {}).items():
            if sub == "__line__":
                continue
            _need(
                sub in types and types[sub].event_type == event_type,
                path,
                f"'{sub}' is not a sub-event type of '{event_type}'",
                line,
            )
            disorder_sub[sub] = str(value)
    missing = sorted(event_types - set(disorder))
    _need(not missing, path, f"no disorder_type for: {', '.join(missing)}")
    regions: dict[str, str] = {}
    numbers: dict[str, int] = {}
    for entry in _mapping(data, "regions", path):
        line = line_of(entry)
        name, number = entry.get("name"), entry.get("number")
        _need(
            isinstance(name, str) and isinstance(number, int),
            path,
            "a region needs a name and a number",
            line,
        )
        numbers[name] = number
        for code in entry.get("countries") or []:
            _need(
                isinstance(code, str) and bool(_ISO3.match(code)),
                path,
                f"{code!r} in '{name}' is not an ISO alpha-3 code",
                line,
            )
            _need(
                code not in regions,
                path,
                f"{code} is in two regions: '{regions.get(code)}' and '{name}'",
                line,
            )
            regions[code] = name
    return AcledCodebook(columns, inter, disorder, disorder_sub, regions, numbers)


ACLED_CODEBOOK = rule_family(
    "acled_codebook", CODEBOOK_FILE, lambda user: _load_codebook(CODEBOOK_FILE)
)


# -- countries ----------------------------------------------------------------------------


def _iso_number(country: str | None) -> int | None:
    """The ISO 3166 numeric code of an ACLED country name, for events coded without one."""
    from ..geo.gazetteer import countries_table

    if not country:
        return None
    for info in countries_table().values():
        if info.name == country:
            return info.iso
    return None


def country_iso3(iso: int | None, country: str | None) -> str | None:
    """The ISO 3166 alpha-3 code of an event's country, from its numeric code or ACLED name.

    Example:
        >>> country_iso3(760, None), country_iso3(None, "Palestine"), country_iso3(None, "?")
        ('SYR', 'PSE', None)
    """
    by_number, by_name = COUNTRIES.packaged().iso3
    if iso is not None and iso in by_number:
        return by_number[iso]
    return by_name.get(country) if country else None


# -- ids ----------------------------------------------------------------------------------


def event_number(event_id: str) -> int:
    """A whole number derived from an event id alone (below 2**60, so it fits any int64).

    A conflictcoder id ("cc-" and 16 hex digits) gives the number its first 15 hex digits
    stand for; any other id, the same of its SHA-1.

    Example:
        >>> event_number("cc-0000000000000010")
        1
    """
    import hashlib

    digits = event_id[3:] if event_id.startswith("cc-") else ""
    if len(digits) < 15 or not all(c in "0123456789abcdef" for c in digits):
        digits = hashlib.sha1(event_id.encode("utf-8")).hexdigest()
    return int(digits[:15], 16)


def event_id_cnty(event: Event) -> str:
    """ACLED's id shape: the country's ISO alpha-3 code and a number, from ``event_id``.

    A country that is not known is written XXX.

    Example:
        >>> event_id_cnty(Event("2020-01-02", "Battles", "Armed clash", iso=760,
        ...                     event_id="cc-0000000000000010"))
        'SYR1'
    """
    iso3 = country_iso3(event.iso, event.country) or UNKNOWN_ISO3
    return f"{iso3}{event_number(event.event_id)}"


# -- source scales -------------------------------------------------------------------------


def _name_key(name: str) -> str:
    return _NOT_WORD.sub("", name.casefold())


def _candidates(part: str) -> tuple[str, ...]:
    part = part.strip()
    if not part:
        return ()
    bracketed = _BRACKETED.match(part)
    return (part, *bracketed.groups()) if bracketed else (part,)


@dataclass(frozen=True)
class SourceScales:
    """Outlet names -> ACLED source scale (``source_scales.yaml``, plus the single-country
    outlets of ``sources.yaml`` at ``default_single_country``).

    Example:
        >>> SourceScales.load().scale("SOHR; Reuters")
        'National-International'
    """

    order: tuple[str, ...]
    names: Mapping[str, str]
    # document id -> the scale its watched source declares (``with_declared``)
    documents: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path = SOURCE_SCALES_FILE) -> SourceScales:
        """The scales of ``path`` (OntologyError naming the file and line when malformed): the
        packaged file is ``SOURCE_SCALES``' one copy, another file is read anew."""
        if Path(path) == SOURCE_SCALES_FILE:
            return SOURCE_SCALES.packaged()
        return _load_source_scales(Path(path))

    def scale_of(self, outlet: str) -> str | None:
        """The scale of one outlet ("Reuters", "Syrian Observatory (SOHR)"), or None."""
        for candidate in _candidates(outlet):
            found = self.names.get(_name_key(candidate))
            if found:
                return found
        return None

    def scale(self, source: str | None) -> str | None:
        """The scales of every outlet of an event's ``source`` that has one, joined with "-"
        in ACLED's order; None when none is known.

        Example:
            >>> SourceScales.load().scale("Reuters; AFP"), SourceScales.load().scale("Blog")
            ('International', None)
        """
        if not source:
            return None
        found = {s for s in (self.scale_of(p) for p in _PARTS.split(source)) if s}
        if not found:
            return None
        return "-".join(s for s in self.order if s in found)

    def with_declared(self, rows: Iterable[tuple[str, str | None, str]]) -> SourceScales:
        """These scales plus the ones watched sources declare for their articles.

        rows (Iterable[tuple]): (article id, its outlet name, the scale its watched source
            declares), as ``Store.watch_document_scales`` gives them. An article whose
            outlet this file gives a scale keeps that one: a declared scale only fills in
            for outlets the file does not know.
        RETURNS (SourceScales): a copy that ``event_scale`` reads the declared scales from.
        """
        documents = dict(self.documents)
        for doc_id, outlet, declared in rows:
            if declared in self.order and not (outlet and self.scale(outlet)):
                documents[doc_id] = declared
        return dataclasses.replace(self, documents=documents)

    def event_scale(self, event: Event) -> str | None:
        """An event's ``source_scale``: the scales of its outlets (``scale``) and those
        declared for its reports' watched sources (``with_declared``), in ACLED's order.

        Example:
            >>> scales = SourceScales.load().with_declared([("d1", "Levant Post", "National")])
            >>> e = Event("2020-03-01", "Battles", "Armed clash", source="Levant Post; AFP",
            ...           doc_ids=["d1"])
            >>> scales.scale(e.source), scales.event_scale(e)
            ('International', 'National-International')
        """
        known = self.scale(event.source)
        declared = {self.documents[d] for d in event.doc_ids if d in self.documents}
        if not declared:
            return known
        found = declared | set(known.split("-") if known else ())
        return "-".join(s for s in self.order if s in found)


def store_scales(store: Any, doc_ids: Iterable[str] | None = None) -> SourceScales:
    """The packaged source scales with those the store's watched sources declare.

    store (Store): a store; one that keeps no watch state adds nothing.
    doc_ids (Iterable[str] | None): only the articles the events at hand cite. Defaults
        to every watched article.
    """
    scales = SourceScales.load()
    declared = getattr(store, "watch_document_scales", None)
    return scales if declared is None else scales.with_declared(declared(doc_ids))


def _load_source_scales(path: Path) -> SourceScales:
    from ..resolve.sources import SOURCES_FILE

    data = load_yaml(path)
    order = _mapping(data, "scales", path)
    _need(
        isinstance(order, list) and all(isinstance(s, str) for s in order),
        path,
        "'scales' must be a list of scale names",
    )
    default = data.get("default_single_country")
    _need(
        default is None or default in order,
        path,
        f"default_single_country '{default}' is not one of the scales",
        line_of(data),
    )
    names: dict[str, str] = {}
    # single-country outlets first: an outlet listed under a scale here overrides them
    if default is not None:
        for entry in load_yaml(SOURCES_FILE).get("sources") or []:
            for name in entry.get("names") or []:
                names[_name_key(str(name))] = default
    outlets = _mapping(data, "outlets", path)
    for scale, entry in outlets.items():
        if scale == "__line__":
            continue
        _need(scale in order, path, f"unknown scale '{scale}' in outlets", line_of(outlets))
        for name in (entry or {}).get("names") or []:
            key = _name_key(str(name))
            _need(bool(key), path, f"outlet name {name!r} has no letters", line_of(entry))
            names[key] = scale
    return SourceScales(tuple(order), names)


SOURCE_SCALES = rule_family(
    "source_scales", SOURCE_SCALES_FILE, lambda user: _load_source_scales(SOURCE_SCALES_FILE)
)


# -- the ACLED row --------------------------------------------------------------------------


def _year(day: str | None) -> int | None:
    if day and len(day) >= 4 and day[:4].isdigit():
        return int(day[:4])
    return None


def acled_row(
    event: Event,
    *,
    inter_num: bool = False,
    codebook: AcledCodebook | None = None,
    scales: SourceScales | None = None,
) -> dict[str, Any]:
    """The event as one row of ACLED's 31 columns, in ACLED's order (None = empty).

    event (Event): the event.
    inter_num (bool): inter1/inter2/interaction as ACLED's numeric codes instead of the
        labels ACLED's API gives by default. Defaults to False.
    codebook, scales: the rule data. Default to the packaged files.
    RETURNS (dict[str, Any]): column -> value.

    Example:
        >>> e = Event("2020-03-01", "Battles", "Armed clash", inter1=1, inter2=2, interaction=12)
        >>> acled_row(e)["interaction"], acled_row(e, inter_num=True)["interaction"]
        ('State forces-Rebel group', 12)
    """
    book = codebook or acled_codebook()
    scale = scales or SourceScales.load()
    iso3 = country_iso3(event.iso, event.country)
    if inter_num:
        inter1: Any = event.inter1
        inter2: Any = event.inter2
        interaction: Any = event.interaction
        if interaction is None and event.inter1 is not None:
            codes = sorted(c for c in (event.inter1, event.inter2) if c is not None)
            interaction = codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)
    else:
        inter1 = book.inter_label(event.inter1)
        inter2 = book.inter_label(event.inter2)
        interaction = book.interaction_label(event.inter1, event.inter2)
    values: dict[str, Any] = {
        "event_id_cnty": f"{iso3 or UNKNOWN_ISO3}{event_number(event.event_id)}",
        "event_date": event.event_date,
        "year": _year(event.event_date),
        "time_precision": event.time_precision,
        "disorder_type": book.disorder_type(event.event_type, event.sub_event_type),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": event.assoc_actor_1,
        "inter1": inter1,
        "actor2": event.actor2,
        "assoc_actor_2": event.assoc_actor_2,
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": event.civilian_targeting,
        "iso": event.iso if event.iso is not None else _iso_number(event.country),
        "region": book.regions.get(iso3) if iso3 else None,
        "country": event.country,
        "admin1": event.admin1,
        "admin2": event.admin2,
        "admin3": event.admin3,
        "location": event.location,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "source": event.source,
        "source_scale": scale.event_scale(event),
        "notes": event.notes,
        "fatalities": event.fatalities,
        "tags": None,
        "timestamp": event.timestamp,
    }
    return {name: values.get(name) for name in book.columns}


def acled_rows(
    events: Iterable[Event], *, inter_num: bool = False, scales: SourceScales | None = None
) -> Iterable[dict[str, Any]]:
    """``acled_row`` of each event, the rule data loaded once.

    scales (SourceScales | None): the source scales (with those watched sources declare:
        ``SourceScales.with_declared``). Defaults to the packaged file.

    Example:
        >>> list(acled_rows([]))
        []
    """
    book, scales = acled_codebook(), scales or SourceScales.load()
    for event in events:
        yield acled_row(event, inter_num=inter_num, codebook=book, scales=scales)
