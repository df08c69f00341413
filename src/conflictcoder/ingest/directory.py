"""Walking input directories: recursive, in sorted order, hidden files and folders skipped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ._common import os_problem, special_file_problem


def iter_files(root: str | Path) -> Iterator[Path | InputError]:
    """Every regular file under ``root``, depth first, entries sorted by name.

    Anything else (a named pipe, a device, a socket, a symbolic link to one, or to nothing)
    is an InputError saying what it is.

    Names starting with "." (files and folders) are skipped; a folder reached twice through
    symbolic links is walked once; an unreadable folder is reported as an InputError and
    the walk goes on.

    root (str | Path): the directory.
    RETURNS (Iterator[Path | InputError]): files, and errors for what could not be listed.

    Example:
        >>> (tmp / "2019").mkdir()
        >>> for name in ("2019/a.txt", "b.jsonl", ".hidden.txt"):
        ...     _ = (tmp / name).write_text("Jets struck Ariha.")
        >>> [p.relative_to(tmp).as_posix() for p in iter_files(tmp)]
        ['2019/a.txt', 'b.jsonl']
    """
    seen: set[Path] = set()

    def walk(folder: Path) -> Iterator[Path | InputError]:
        try:
            real = folder.resolve()
            if real in seen:
                return
            seen.add(real)
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            yield InputError(folder, os_problem(exc).replace("cannot read", "cannot read folder"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                yield from walk(entry)
            elif entry.is_file():
                yield entry
            else:
                try:
                    mode = entry.stat().st_mode
                except FileNotFoundError:
                    yield InputError(entry, "file not found (broken symbolic link)")
                except OSError as exc:
                    yield InputError(entry, os_problem(exc))
                else:
                    yield InputError(entry, special_file_problem(entry, mode))

    yield from walk(Path(root))
