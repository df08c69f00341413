"""Tests for conflictcoder.api.serve and the ``conflictcoder serve`` command."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conflictcoder.api import address
from conflictcoder.cli import app


def test_address() -> None:
    assert address("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert address("::1", 9000) == "http://[::1]:9000/"


def test_serve_refuses_a_bad_store_before_starting(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", "nosuch://x", "--port", "8123"])
    assert result.exit_code == 1
    assert "conflictcoder dashboard" not in result.output
    assert "error: nosuch://x: unsupported store URL scheme 'nosuch://'" in result.output


def test_serve_rejects_a_port_out_of_range() -> None:
    result = CliRunner().invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2
