"""Where the gazetteer index lives when no path is given: the user cache directory.

``Settings.gazetteer_file`` falls back to ``default_index_file()``, and every part of
``geo`` that takes an optional index path resolves it with ``index_file``, so ``geo`` needs
no import of the settings (which import ``geo.countries``) to find its default.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs


def default_index_file() -> Path:
    """The index path in the user cache directory (the default of ``gazetteer_path``).

    Example:
        >>> default_index_file().name
        'gazetteer.sqlite'
    """
    return Path(platformdirs.user_cache_dir("conflictcoder")) / "gazetteer.sqlite"


def index_file(index: str | Path | None) -> Path:
    """``index`` with ``~`` expanded, or the default index path when it is None.

    Example:
        >>> index_file("~/gaz.sqlite") == Path.home() / "gaz.sqlite"
        True
    """
    return default_index_file() if index is None else Path(index).expanduser()
