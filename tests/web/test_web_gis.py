"""GIS files as GDAL reads them: every GeoJSON a dataset offers and the GeoPackages
(per dataset, the whole workspace, a scenario's actions) opened by ogrinfo."""

from __future__ import annotations

import pytest

from tests.ogr import ogrinfo


def _resources(client, name):
    return [r["path"] for r in client.get(f"/dataset/{name}/datapackage.json").json()["resources"]]


def _spatial(client):
    names = client.get("/api/3/action/package_list").json()["result"]
    return [n for n in names if any(p.endswith(".gpkg") for p in _resources(client, n))]


def _save(client, url, path):
    r = client.get(url)
    assert r.status_code == 200, url
    path.write_bytes(r.content)
    return path


def test_every_geojson_is_one_layer_of_one_known_type(client, tmp_path):
    seen = 0
    for name in _spatial(client):
        for f in (p for p in _resources(client, name) if p.endswith(".geojson")):
            layers = ogrinfo(_save(client, f"/dataset/{name}/{f}", tmp_path / f))
            (layer,) = layers.values()
            # an empty GeoJSON (the register's polygon layer of the fixture, whose cases
            # have no outline) has no feature to tell GDAL its type; its GeoPackage does
            empty = layer["count"] == "0"
            assert layer["geometry"] in ("Point", "Multi Polygon") or empty, (f, layer)
            assert " " not in next(iter(layers)), f
            seen += 1
    assert seen >= 6  # admin-units by map and level, sites, villages, dead spots


def test_dataset_geopackage_holds_its_geojson_layers(client, tmp_path):
    path = _save(client, "/dataset/admin-units/admin-units.gpkg", tmp_path / "a.gpkg")
    layers = ogrinfo(path)
    geojsons = [p for p in _resources(client, "admin-units") if p.endswith(".geojson")]
    assert len(layers) == len(geojsons)
    for f in geojsons:
        gj = client.get(f"/dataset/admin-units/{f}").json()
        assert layers[gj["name"]]["count"] == str(len(gj["features"]))
    assert layers["admin_units_2025_commune"]["geometry"] == "Multi Polygon"
    assert layers["admin_units_2025_village"]["geometry"] == "Point"


def test_workspace_geopackage_has_every_spatial_layer(client, tmp_path):
    r = client.get("/data/hatang.gpkg")
    assert r.headers["x-hatang-synthetic"] == "true"
    layers = ogrinfo(_save(client, "/data/hatang.gpkg", tmp_path / "all.gpkg"))
    for name in ("sites", "dead_spots", "village_services", "admin_units_2025_commune"):
        assert name in layers, sorted(layers)
    sites = client.get("/dataset/sites/sites.geojson").json()
    assert layers["sites"]["count"] == str(len(sites["features"]))
    assert "synthetic" in layers["sites"]["fields"].split()


@pytest.fixture(scope="module")
def planned(web_ws, tmp_path_factory):
    import shutil

    from hatang.planning.scenario import plan_sites
    from hatang.store import Workspace
    from hatang.web import create_app
    from tests.web.conftest import TestClient

    root = tmp_path_factory.mktemp("gis") / "ws"
    shutil.copytree(web_ws.root, root, ignore=shutil.ignore_patterns(".hatang.lock*"))
    ws = Workspace.open(root)
    plan_sites(ws, name="Kịch bản 1")
    plan_sites(ws, name="zero", budget=1.0)  # nothing affordable: no action
    with TestClient(create_app(ws, refresh_on_start=False)) as c:
        yield c


def test_scenario_actions_in_the_workspace_and_their_own_geopackage(planned, tmp_path):
    acts = planned.get("/scenario/Kịch bản 1?format=geojson").json()["features"]
    layers = ogrinfo(_save(planned, "/data/hatang.gpkg", tmp_path / "all.gpkg"))
    assert layers["scenario_kich_ban_1"]["geometry"] == "Point"
    assert layers["scenario_kich_ban_1"]["count"] == str(len(acts)) and acts
    assert "scenario_zero" not in layers
    own = ogrinfo(_save(planned, "/scenario/Kịch bản 1?format=gpkg", tmp_path / "s.gpkg"))
    assert own["scenario_kich_ban_1"]["count"] == str(len(acts))
    assert "rank" in own["scenario_kich_ban_1"]["fields"].split()
    empty = ogrinfo(_save(planned, "/scenario/zero?format=gpkg", tmp_path / "z.gpkg"))
    assert empty["scenario_zero"]["count"] == "0"
