"""`hatang pathloss --profile`: one link over a terrain profile, read, computed, printed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROLES = {"principal": "principal / chính", "before": "before it / trước", "after": "after it / sau"}


def link_over_profile(
    profile: str,
    freq: float,
    model: str,
    hb: float,
    hm: float,
    env: str,
    k: float,
    edges: int,
    as_json: bool,
) -> None:
    from hatang.cli.output import print_json
    from hatang.coverage.pathloss import link_loss
    from hatang.io.profile import read_profile

    d, z = read_profile(Path(profile))
    link = link_loss(d, z, hb_m=hb, hm_m=hm, f_mhz=freq, model=model, env=env, k=k, max_edges=edges)
    if as_json:
        print_json(link.as_dict(), indent=None)
    else:
        show_link(link)


def show_link(link: Any) -> None:
    from hatang.cli.output import console

    out = console()
    out.print(
        f"{link.distance_km:.3f} km, {link.f_mhz:g} MHz, {link.model} ({link.env}); antenna "
        f"{link.height_m:g} m, effective {link.effective_height_m:.1f} m / độ cao hiệu dụng"
    )
    out.print(f"median loss / suy hao trung vị: {link.median_db:8.2f} dB")
    out.print(f"diffraction / nhiễu xạ:         {link.diffraction_db:8.2f} dB")
    out.print(f"total / tổng:                   {link.total_db:8.2f} dB")
    if link.line_of_sight:
        out.print("line of sight: no edge / tầm nhìn thẳng: không có vật cản")
    for e in link.edges:
        out.print(
            f"  edge {ROLES[e.role]}: {e.distance_m / 1000:.3f} km, {e.elevation_m:.1f} m, "
            f"v = {e.v:.3f}, J(v) = {e.loss_db:.2f} dB"
        )
