"""ingest/directory.py: recursive, sorted, hidden entries skipped, links walked once."""

from __future__ import annotations

import os
from pathlib import Path

from conflictcoder.errors import InputError
from conflictcoder.ingest.directory import iter_files


def test_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.jsonl", "a/c.html", ".hidden.txt", ".git/x.txt", "c/d/e.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Three were killed.")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files(tmp_path)]  # type: ignore[union-attr]
    assert found == ["a/c.html", "a/z.jsonl", "b.txt", "c/d/e.txt"]


def test_link_loop_is_walked_once_and_broken_link_reported(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Three were killed.")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "broken.txt")
    items = list(iter_files(tmp_path))
    assert [str(i) for i in items] == [
        f"{tmp_path / 'broken.txt'}: file not found (broken symbolic link)",
        str(tmp_path / "sub" / "a.txt"),
    ]
    assert isinstance(items[0], InputError)
