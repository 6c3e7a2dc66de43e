"""The demo's XLSX reports are byte-identical for the same content (fixed zip and
document timestamps), so the same seed archives the same content hashes in raw/."""

from __future__ import annotations

import hashlib
import time

import openpyxl
import pandas as pd

from hatang.demo.files import write_xlsx


def test_same_frame_same_bytes(tmp_path):
    frame = pd.DataFrame({"mã trạm": ["NDH00001", "NDH00002"], "độ cao": [30.0, 42.5]})
    write_xlsx(tmp_path / "a.xlsx", "Báo cáo trạm BTS", frame)
    time.sleep(1.1)  # zip entries carry 2-second timestamps, core.xml carries seconds
    write_xlsx(tmp_path / "b.xlsx", "Báo cáo trạm BTS", frame)
    digest = [hashlib.sha256((tmp_path / n).read_bytes()).hexdigest() for n in ("a.xlsx", "b.xlsx")]
    assert digest[0] == digest[1]
    rows = list(openpyxl.load_workbook(tmp_path / "a.xlsx").active.values)
    assert rows[0][0] == "Báo cáo trạm BTS"
    assert rows[3] == ("mã trạm", "độ cao")
    assert rows[5] == ("NDH00002", 42.5)
