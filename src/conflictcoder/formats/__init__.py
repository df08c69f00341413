"""Events as rows of other datasets' schemas: ACLED's 31 columns and UCDP GED's columns.

The rules are data under ``ontology/``: ``acled_codebook.yaml`` (columns, inter labels,
disorder types, regions), ``source_scales.yaml`` (outlets by scale) and ``ucdp.yaml``
(GED columns, type of violence, precisions). ``export.py`` writes the rows; the API's
ACLED-shaped endpoint serves them.

``event_id_cnty`` is derived from the stable ``event_id`` alone, so it is as stable as it:
the country's ISO 3166 alpha-3 code and the number that the id's first 15 hex digits
stand for (``event_number``): "SYR37595994018184334" for "cc-085915b7c6e7c8e5" in Syria.

Example:
    >>> from conflictcoder.model import Event
    >>> row = acled_row(Event("2020-03-01", "Battles", "Armed clash", iso=760, country="Syria"))
    >>> row["event_id_cnty"][:3], row["year"], row["disorder_type"], row["region"]
    ('SYR', 2020, 'Political violence', 'Middle East')
"""

from __future__ import annotations

from .acled import (
    CODEBOOK_FILE,
    SOURCE_SCALES_FILE,
    AcledCodebook,
    SourceScales,
    acled_codebook,
    acled_row,
    acled_rows,
    country_iso3,
    event_id_cnty,
    event_number,
    store_scales,
)
from .ucdp import UCDP_FILE, UcdpRules, ucdp_row, ucdp_rules

__all__ = [
    "CODEBOOK_FILE",
    "SOURCE_SCALES_FILE",
    "UCDP_FILE",
    "AcledCodebook",
    "SourceScales",
    "UcdpRules",
    "acled_codebook",
    "acled_row",
    "acled_rows",
    "country_iso3",
    "event_id_cnty",
    "event_number",
    "store_scales",
    "ucdp_row",
    "ucdp_rules",
]
