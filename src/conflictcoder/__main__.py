"""``python -m conflictcoder``: the same as the ``conflictcoder`` command."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    main()
