"""Special files (FIFOs, devices, symbolic links to them) are refused with what they are."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest

from conflictcoder.config import Settings
from conflictcoder.errors import InputError
from conflictcoder.ingest import _common, read_inputs
from conflictcoder.ingest._common import read_bytes
from conflictcoder.model import Article

SUFFIXES = [".txt", ".html", ".jsonl", ".rss", ".warc", ".warc.gz", ".bin"]


def _read_in_thread(paths: list[Path]) -> list[str]:
    """Read ``paths`` in a thread; fail (not hang) when the read blocks."""
    found: list[str] = []

    def read() -> None:
        found.extend(str(item) for item in read_inputs(paths) if isinstance(item, InputError))

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():
        for path in paths:  # a reader blocked opening a FIFO is released by a writer
            if path.exists():
                with contextlib.suppress(OSError):
                    os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(5)
        pytest.fail("reading a special file blocked")
    return found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, suffix: str) -> None:
    fifo = tmp_path / f"pipe{suffix}"
    os.mkfifo(fifo)
    assert _read_in_thread([fifo]) == [
        f"{fifo}: not a regular file: a FIFO (named pipe); only regular files are read"
    ]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_symbolic_link_to_a_device_says_so(tmp_path: Path, suffix: str) -> None:
    link = tmp_path / f"zero{suffix}"
    link.symlink_to("/dev/null")
    assert _read_in_thread([link]) == [
        f"{link}: not a regular file: a symbolic link to a character device, /dev/null; "
        "only regular files are read"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_directory_walk_names_what_it_skips(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Jets struck Ariha on Sunday, killing two.\n")
    os.mkfifo(tmp_path / "b.txt")
    (tmp_path / "c.txt").symlink_to("/dev/null")
    (tmp_path / "d.txt").symlink_to(tmp_path / "gone.txt")
    items = list(read_inputs([tmp_path]))
    assert [str(i) for i in items if isinstance(i, InputError)] == [
        f"{tmp_path / 'b.txt'}: not a regular file: a FIFO (named pipe); "
        "only regular files are read",
        f"{tmp_path / 'c.txt'}: not a regular file: a symbolic link to a character device, "
        "/dev/null; only regular files are read",
        f"{tmp_path / 'd.txt'}: file not found (broken symbolic link)",
    ]
    assert [i.id for i in items if isinstance(i, Article)] == ["a"]


def test_the_read_is_capped_whatever_size_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # /proc files and some network file systems report size 0: the read itself is bounded
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 1000)
    real_fstat = os.fstat

    def fstat_size_zero(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, *st[1:6], 0, *st[7:10]))

    monkeypatch.setattr(_common.os, "fstat", fstat_size_zero)
    result = read_bytes(path, Settings(max_document_chars=100))
    assert isinstance(result, InputError)
    assert str(result) == (
        f"{path}: document too large (401 bytes; the limit is max_document_chars = 100) or more"
    )
