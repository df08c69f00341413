"""Print the built-in pipeline as a Markdown table: ``python -m conflictcoder.pipeline``."""

from __future__ import annotations

from . import architecture

if __name__ == "__main__":
    print(architecture())
