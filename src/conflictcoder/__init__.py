"""conflictcoder: code conflict news reports into ACLED-schema events.

The whole library API a user needs::

    from conflictcoder import Coder, Article
    events = Coder().code(Article(id="a1", text=text, published=date(2019, 12, 17)))
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from .config import Settings, load_settings
from .errors import (
    ConfigError,
    ConflictCoderError,
    GazetteerError,
    InputError,
    OntologyError,
    StoreError,
)
from .model import Actor, Article, Casualties, Event, Evidence, Mention, Place, PlaceRef

if TYPE_CHECKING:
    from .coder import Coder

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Casualties",
    "Coder",
    "ConfigError",
    "ConflictCoderError",
    "Event",
    "Evidence",
    "GazetteerError",
    "InputError",
    "Mention",
    "OntologyError",
    "Place",
    "PlaceRef",
    "Settings",
    "StoreError",
    "__version__",
    "load_settings",
]

logging.getLogger("conflictcoder").addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    # Coder pulls in spaCy; import it only when asked for, so `--help` stays fast.
    if name == "Coder":
        from .coder import Coder

        return Coder
    raise AttributeError(f"module 'conflictcoder' has no attribute {name!r}")
