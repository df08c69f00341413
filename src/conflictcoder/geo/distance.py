"""The one great-circle distance: places, merging and scoring all measure with it."""

from __future__ import annotations

import math

# Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in km (haversine).

    Example:
        >>> round(distance_km(35.0, 36.0, 35.0, 36.0), 3), round(distance_km(0, 0, 1, 0), 1)
        (0.0, 111.2)
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlam = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
