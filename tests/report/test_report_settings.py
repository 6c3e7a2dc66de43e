"""The [report] settings: declared once, written to hatang.toml, read back; a list of
recipients must be text."""

from __future__ import annotations

import pytest

from hatang.errors import ConfigError
from hatang.settings import Settings, load, render_toml


def test_report_settings_round_trip(tmp_path):
    s = Settings()
    s.report.recipients = ["UBND tỉnh", "Lưu: VT"]
    s.report.signer_name = "Nguyễn Văn A"
    path = tmp_path / "hatang.toml"
    path.write_text(render_toml(s), encoding="utf-8")
    back = load(path)
    assert back.report.recipients == ["UBND tỉnh", "Lưu: VT"]
    assert (
        back.report.signer_name == "Nguyễn Văn A"
        and back.report.issuing_body == s.report.issuing_body
    )


def test_recipients_must_be_text(tmp_path):
    path = tmp_path / "hatang.toml"
    path.write_text("[report]\nrecipients = [1, 2]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"recipients = \[1, 2\] — expected a list of text"):
        load(path)
