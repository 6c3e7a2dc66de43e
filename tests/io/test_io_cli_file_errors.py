"""A whole-file problem (truncated XLSX) prints one `Error:` line, not a FILE::: echo of it."""

from __future__ import annotations

import sys

import openpyxl
import pytest

from hatang.cli import main


def test_truncated_xlsx_is_one_error_line(ws, tmp_path, monkeypatch, capsys):
    path = tmp_path / "tram.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["period", "site_id"])
    wb.save(path)
    path.write_bytes(path.read_bytes()[:1500])
    monkeypatch.setattr(sys, "argv", ["hatang", "import", "sites", str(path), "-w", str(ws.root)])
    with pytest.raises(SystemExit) as info:
        main()
    err = capsys.readouterr().err.strip().splitlines()
    assert info.value.code == 1
    assert len(err) == 1 and err[0].startswith("Error: tram.xlsx: not an XLSX file"), err
    assert ":::" not in "\n".join(err)
