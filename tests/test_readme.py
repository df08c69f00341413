"""The README's examples are run, as sqlite-utils tests its docs: every console block
marked ``<!-- tested -->`` runs on a copy of the bundled samples and must print what the
README shows.

A block's ``$ .venv/bin/conflictcoder ...`` lines run through the CLI (with the suite's
coder and test gazetteer), ``$ head -N FILE`` reads a file the block wrote; the lines
after a command are its output (stdout, then stderr). An expected line ending in "..."
matches any line that starts with what comes before it.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conflictcoder import cli
from conflictcoder.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
_BLOCK = re.compile(r"<!-- tested -->\n```console\n(.*?)```", re.DOTALL)


def marked_blocks(text: str) -> list[list[tuple[str, list[str]]]]:
    """Each marked block as (command, expected output lines) pairs."""
    blocks = []
    for match in _BLOCK.finditer(text):
        steps: list[tuple[str, list[str]]] = []
        for line in match.group(1).splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
        blocks.append(steps)
    return blocks


def _matches(expected: list[str], actual: list[str]) -> bool:
    if len(expected) != len(actual):
        return False
    for want, got in zip(expected, actual, strict=True):
        if want.endswith("...") and got.startswith(want[:-3]):
            continue
        if want != got:
            return False
    return True


def test_readme_has_marked_blocks() -> None:
    blocks = marked_blocks(README.read_text(encoding="utf-8"))
    assert blocks and all(blocks)
    commands = [command for block in blocks for command, _ in block]
    assert any("--format acled" in c for c in commands)


def test_the_matcher() -> None:
    assert _matches(["a,b..."], ["a,b,c"]) and not _matches(["a,b..."], ["a,c"])
    assert not _matches(["x"], ["x", "y"])
    text = "<!-- tested -->\n```console\n$ head -1 f\nline\n$ x\n```\n"
    assert marked_blocks(text) == [[("head -1 f", ["line"]), ("x", [])]]


@pytest.mark.parametrize(
    "block",
    marked_blocks(README.read_text(encoding="utf-8")),
    ids=lambda block: block[0][0][:60],
)
def test_readme_block(
    block: list[tuple[str, list[str]]],
    coder: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "_coder", lambda settings: coder)
    runner = CliRunner()
    for command, expected in block:
        words = shlex.split(command)
        if words[0] == "head":
            count = int(words[1].lstrip("-"))
            lines = Path(words[2]).read_text(encoding="utf-8").splitlines()[:count]
        else:
            assert words[0] == ".venv/bin/conflictcoder", command
            result = runner.invoke(app, words[1:])
            assert result.exit_code == 0, f"{command}\n{result.output}"
            lines = result.stdout.splitlines() + result.stderr.splitlines()
        assert _matches(expected, lines), (
            f"README: `{command}` printed:\n"
            + "\n".join(lines)
            + "\nREADME shows:\n"
            + "\n".join(expected)
        )
