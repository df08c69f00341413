"""Where the gazetteer index lives when no path is given: the user cache directory; and the
one check every importer makes of the files it reads (``source_file``) and the one way it
opens them (``open_source``).

``Settings.gazetteer_file`` falls back to ``default_index_file()``, and every part of
``geo`` that takes an optional index path resolves it with ``index_file``, so ``geo`` needs
no import of the settings (which import ``geo.countries``) to find its default.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import platformdirs

from ..errors import GazetteerError
from ..files import os_problem


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


def source_file(path: str | Path) -> Path:
    """``path`` as a Path when it is a file an importer can read; GazetteerError "file not
    found" naming it otherwise.

    Example:
        >>> source_file("no-such-places.csv")
        Traceback (most recent call last):
        ...
        conflictcoder.errors.GazetteerError: no-such-places.csv: file not found
    """
    path = Path(path)
    if not path.is_file():
        raise GazetteerError("file not found", path)
    return path


def open_source(path: Path, *, encoding: str, newline: str | None = None) -> TextIO:
    """``path`` opened for reading as text; GazetteerError naming it (``os_problem``'s
    reason) when it cannot be opened.

    Example:
        >>> open_source(Path("no-such-places.csv"), encoding="utf-8")
        Traceback (most recent call last):
        ...
        conflictcoder.errors.GazetteerError: no-such-places.csv: file not found
    """
    try:
        return path.open(encoding=encoding, newline=newline)
    except OSError as exc:
        raise GazetteerError(os_problem(exc), path) from None
