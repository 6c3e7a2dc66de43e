"""What the planner reads beyond the network: structures it may share, facilities it
may weight demand by, and the communes that name where its actions lie."""

from __future__ import annotations

import pandas as pd

from hatang.store.workspace import Workspace

FACILITY_COLUMNS = ["facility_id", "kind", "village_code", "lon", "lat"]


def read_structures(ws: Workspace) -> pd.DataFrame:
    """Other-sector structures (towers, buildings) an operator could mount radios on."""
    with ws.connect(read_only=True) as con:
        return con.execute(
            "SELECT structure_id, kind, lon, lat, height_m FROM structures ORDER BY structure_id"
        ).df()


def read_facilities(ws: Workspace) -> pd.DataFrame:
    """The imported facilities with a position (empty when none were imported)."""
    with ws.connect(read_only=True) as con:
        return con.execute(
            f"SELECT {', '.join(FACILITY_COLUMNS)} FROM facilities "
            "WHERE lon IS NOT NULL AND lat IS NOT NULL ORDER BY facility_id"
        ).df()


def read_communes(ws: Workspace, map_: str = "2025") -> pd.DataFrame:
    """Communes of `map_` with their centroid and outline (code, name, lon, lat, geometry)."""
    with ws.connect(read_only=True) as con:
        return con.execute(
            "SELECT code, name, lon, lat, geometry FROM units WHERE map = ? AND level = 'commune'",
            [map_],
        ).df()
