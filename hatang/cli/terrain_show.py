"""`hatang pathloss --profile`: one link over a terrain profile, read, computed, printed."""

from __future__ import annotations

from dataclasses import replace
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
    """The link's losses in the CLI's number style (HATANG_LANG=vi: '128,40 dB')."""
    from hatang.cli.output import console, number_style
    from hatang.views import format as fmt

    out, t = console(), number_style()

    def n(v: float, digits: int) -> str:
        return fmt.number(v, digits, replace(t, large=None, whole_as_int=False))

    out.print(
        f"{n(link.distance_km, 3)} km, {fmt.figure(link.f_mhz, t)} MHz, {link.model} ({link.env}); "
        f"antenna {fmt.figure(link.height_m, t)} m, effective {n(link.effective_height_m, 1)} m "
        "/ độ cao hiệu dụng"
    )
    out.print(f"median loss / suy hao trung vị: {n(link.median_db, 2):>8} dB")
    out.print(f"diffraction / nhiễu xạ:         {n(link.diffraction_db, 2):>8} dB")
    out.print(f"total / tổng:                   {n(link.total_db, 2):>8} dB")
    if link.line_of_sight:
        out.print("line of sight: no edge / tầm nhìn thẳng: không có vật cản")
    for e in link.edges:
        out.print(
            f"  edge {ROLES[e.role]}: {n(e.distance_m / 1000, 3)} km, {n(e.elevation_m, 1)} m, "
            f"v = {n(e.v, 3)}, J(v) = {n(e.loss_db, 2)} dB"
        )
