"""`hatang demo` command: help text and refusing to overwrite a workspace."""

from __future__ import annotations

from typer.testing import CliRunner

from hatang.cli import app
from hatang.errors import WorkspaceError
from hatang.store.init import init_workspace


def test_help_is_bilingual_and_says_synthetic():
    result = CliRunner().invoke(app, ["demo", "--help"], env={"COLUMNS": "400"})
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Builds a synthetic province on the real administrative map" in text
    assert "Tạo tỉnh mô phỏng (Nam Định cũ, bản đồ hành chính thật)" in text
    assert "--seed" in result.output and "--force" in result.output


def test_refuses_an_existing_workspace_without_force(tmp_path):
    root = tmp_path / "ws"
    init_workspace(root, "36")
    before = (root / "hatang.duckdb").read_bytes()
    result = CliRunner().invoke(app, ["demo", str(root)])
    assert result.exit_code != 0
    assert isinstance(result.exception, WorkspaceError)
    assert "--force" in str(result.exception)
    assert (root / "hatang.duckdb").read_bytes() == before
    assert not (root / "incoming").exists()
