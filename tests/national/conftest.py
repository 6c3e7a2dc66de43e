"""A small national workspace: the national demo on three 2025 provinces (Điện Biên,
Lai Châu in UTM 48N; Quảng Ngãi with the old Kon Tum in 49N) at a tiny scale, modelled
province by province at 1 km and its indicators computed."""

from __future__ import annotations

import pytest

from hatang.coverage.run import run_coverage
from hatang.demo.country_build import build_country_demo
from hatang.indicators import compute_workspace
from hatang.store import Workspace

PROVINCES = ["11", "12", "51"]
RES = 1000.0


@pytest.fixture(scope="session")
def country(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("national") / "vn"
    ws = build_country_demo(root, scale=0.0001, provinces=PROVINCES)
    toml = ws.root / "hatang.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace("resolution_m = 100.0", f"resolution_m = {RES}")
    toml.write_text(text.replace("\nworkers = 0", "\nworkers = 1"), encoding="utf-8")
    ws = Workspace.open(root)
    run_coverage(ws, resolution=RES, write_files=False)
    compute_workspace(ws)
    return ws
