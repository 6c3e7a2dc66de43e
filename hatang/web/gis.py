"""The workspace's spatial layers in one GeoPackage (/data/hatang.gpkg): what a GIS
user opens to see the province at once — every published spatial dataset's layers
(communes and villages by map, sites, reported and modelled dead spots) and the ranked
actions of every stored scenario, one geometry type per layer (`publish.spatial`)."""

from __future__ import annotations

from typing import Any

from hatang.planning import export
from hatang.publish import spatial
from hatang.publish.render import records
from hatang.web import scenarios as scen

GPKG_NAME = "hatang.gpkg"


def _current_communes(s: Any) -> Any:
    u = s.frames["units"]
    return u[(u["level"] == "commune") & (u["map"].astype(str) == s.ctx.current_map)]


def scenario_layer(s: Any, sc: dict[str, Any], *, keep_empty: bool = False) -> spatial.Layer | None:
    """A scenario's ranked actions as a Point layer `scenario_<name>` (None: no action,
    unless `keep_empty`)."""
    name = str(sc["name"])
    rows = export.action_rows(scen.actions(s.frames, name, _current_communes(s)), sc)
    layer = spatial.layer_name("scenario", name)
    return spatial.one_layer(rows, layer, keep_empty=keep_empty)


def workspace_layers(s: Any) -> list[spatial.Layer]:
    """Every spatial layer of the snapshot `s`, datasets first, then the scenarios."""
    layers = [x for ds in s.datasets() for x in spatial.spatial_layers(s.table(ds), ds)]
    for sc in records(scen.table(s.frames)):
        found = scenario_layer(s, sc)
        if found is not None:
            layers.append(found)
    names = [x.name for x in layers]
    return [x for i, x in enumerate(layers) if x.name not in names[:i]]  # first of a name


def workspace_gpkg(s: Any) -> bytes:
    return s.memo(("file", GPKG_NAME), lambda: spatial.to_gpkg(workspace_layers(s)))
