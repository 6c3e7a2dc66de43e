"""Small things the pages compute: sparklines, the scorecard and the engine's
incremental compute as the web calls them, the commune of points, list filtering.
Pure functions, no HTTP (the maps are `maps.py`, the view-models `hatang.views`).
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from hatang.model.names import strip_accents
from hatang.publish import derive


def sparkline(
    trend: Any,
    breaks: Any = (),
    width: int = 110,
    height: int = 28,
    lang: str = "vi",
    digits: int | None = None,
) -> str:
    """An inline SVG polyline of [[period, value], ...] (empty string when < 2 points);
    a series break (a period in `breaks` starts a new run) is a gap with a dotted rule,
    never a line drawn across it. Its title (the hover text) writes the values as the
    page writes figures in `lang` ('2025Q3: 85,1'), to `digits` decimals (the web's)."""
    pts = [(str(p), float(v)) for p, v in (trend or []) if v is not None and not _nan(v)]
    if len(pts) < 2:
        return ""
    vals = [v for _, v in pts]
    lo, hi = min(vals), max(vals)
    span = (hi - lo) or 1.0
    runs: list[list[str]] = [[]]
    rules = []
    for i, (p, v) in enumerate(pts):
        x = 2 + i * (width - 4) / (len(pts) - 1)
        y = height - 2 - (v - lo) / span * (height - 4)
        if i and p in breaks:
            runs.append([])
            gap = x - (width - 4) / (len(pts) - 1) / 2
            rules.append(
                f'<line class="break" x1="{gap:.1f}" y1="1" x2="{gap:.1f}" y2="{height - 1}" '
                'stroke="currentColor" stroke-width="0.8" stroke-dasharray="1.5 1.5"/>'
            )
        runs[-1].append(f"{x:.1f},{y:.1f}")
    title = " · ".join(f"{p}: {_figure(v, lang, digits)}" for p, v in pts)
    if rules:
        title += " · ¦ " + ", ".join(p for p, _ in pts if p in breaks)
    lines = "".join(
        f'<polyline fill="none" stroke="currentColor" stroke-width="1.6" points="{" ".join(r)}"/>'
        if len(r) > 1
        else f'<circle cx="{r[0].split(",")[0]}" cy="{r[0].split(",")[1]}" r="1.6" fill="currentColor"/>'
        for r in runs
    )
    return (
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
        f"<title>{title}</title>{''.join(rules)}{lines}</svg>"
    )


def _figure(v: float, lang: str, digits: int | None) -> str:
    from hatang.views import format as fmt

    return fmt.number(v, digits, fmt.web(lang))


def _nan(v: Any) -> bool:
    try:
        return math.isnan(float(v))
    except (TypeError, ValueError):
        return True


def scorecard(
    ws: Any, province: str | None = None, narrowed: str | None = None, **kw: Any
) -> tuple[pd.DataFrame | None, str]:
    """(scorecard frame, "") or (None, reason) when its values are missing; `narrowed`:
    the scorecard of that province of a national workspace (`?province=`)."""
    from hatang.errors import HatangError
    from hatang.indicators import scorecard as engine_scorecard

    kw["refresh"] = False  # pages only read: recomputing is `hatang compute` / POST /api/compute
    if narrowed is not None:
        kw["province"] = narrowed
    try:
        frame = engine_scorecard(ws, **kw)
    except HatangError as e:
        if kw.get("unit") or province is None:
            return None, str(e)
        # the plan's scope is not in this workspace (e.g. another province): its own province
        try:
            frame = engine_scorecard(ws, unit=province, **kw)
        except HatangError:
            return None, str(e)
    if frame is None or len(frame) == 0:
        return None, "empty"
    return frame, ""


def refresh_indicators(ws: Any) -> bool:
    """Run the indicator engine's incremental compute (True: it ran)."""
    from hatang.indicators import compute_workspace

    compute_workspace(ws)
    return True


def commune_of_points(lon: pd.Series, lat: pd.Series, communes: pd.DataFrame) -> np.ndarray:
    return derive.assign_communes(
        pd.to_numeric(lon).to_numpy(float), pd.to_numeric(lat).to_numpy(float), communes
    )


#: between columns in the search text: never in a folded needle, so no match spans two cells
_CELL_SEP = "\x1f"


def fold(text: str) -> str:
    """Text as search compares it: accents dropped, case folded ("Xuân Trường" → "xuan truong")."""
    return strip_accents(unicodedata.normalize("NFC", text)).lower()


def search_text(frame: pd.DataFrame) -> pd.Series:
    """Each row's cells as one folded string (missing cells empty), for `filter_sort`."""
    if frame.empty or not len(frame.columns):
        return pd.Series("", index=frame.index, dtype=object)
    cells = [frame[c].astype(object).where(frame[c].notna(), "").astype(str) for c in frame.columns]
    joined = cells[0].str.cat(cells[1:], sep=_CELL_SEP) if len(cells) > 1 else cells[0]
    return joined.map(fold)


def filter_sort(
    frame: pd.DataFrame,
    *,
    q: str = "",
    filters: dict[str, str] | None = None,
    sort: str = "",
    desc: bool = False,
    text: pd.Series | None = None,
) -> pd.DataFrame:
    """Filter, search (`q` in any cell, accents and case ignored) and sort in pandas;
    names not among the frame's columns are ignored. `text`: `search_text(frame)`,
    when the caller keeps it."""
    out = frame
    for col, val in (filters or {}).items():
        if col in out.columns and val:
            out = out[out[col].astype(str).str.lower() == val.lower()]
    needle = fold(q[:200]).replace(_CELL_SEP, "").strip()
    if needle:
        haystack = (text if text is not None else search_text(frame)).reindex(out.index)
        out = out[haystack.fillna("").str.contains(needle, regex=False).to_numpy(bool)]
    if sort in out.columns:
        out = out.sort_values(sort, ascending=not desc, na_position="last", kind="stable")
    return out
