"""Every CLI command has help text ending in an "Example:" block (STYLE.md section 2)."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from conflictcoder.cli import app

_GROUP = typer.main.get_command(app)
COMMANDS = sorted(_GROUP.commands)  # type: ignore[attr-defined]


def test_expected_commands_exist() -> None:
    assert {"extract", "ingest", "evaluate", "export", "version"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_with_example(name: str) -> None:
    command = _GROUP.commands[name]  # type: ignore[attr-defined]
    help_text = (command.help or "").strip()
    assert help_text, f"{name} has no help text"
    last_block = help_text.split("\n\n")[-1]
    assert last_block.startswith("Example:"), f"{name}: help must end with an Example: block"
    example_lines = last_block.splitlines()[1:]
    assert example_lines, f"{name}: the Example: block is empty"
    assert all(line.strip().startswith("conflictcoder ") for line in example_lines)
    assert example_lines[0].strip().split()[1] == name


@pytest.mark.parametrize("name", COMMANDS)
def test_help_renders(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert f"conflictcoder {name}" in result.output
