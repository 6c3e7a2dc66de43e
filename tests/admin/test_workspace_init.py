"""`hatang init` / `hatang status` and their library functions, on real DuckDB files."""

from __future__ import annotations

import json

import duckdb
import pytest
from typer.testing import CliRunner

from hatang import settings as settings_mod
from hatang.cli import app
from hatang.errors import NotFound, WorkspaceError
from hatang.model import admin
from hatang.model.schema import TABLES
from hatang.store import Workspace
from hatang.store.init import init_workspace, summary
from hatang.store.status import workspace_status

runner = CliRunner()


@pytest.fixture(scope="module")
def nam_dinh(tmp_path_factory) -> Workspace:
    return init_workspace(tmp_path_factory.mktemp("init") / "nd", "36")


def test_init_creates_the_folder(nam_dinh):
    root = nam_dinh.root
    for name in ("hatang.toml", "hatang.duckdb", "raw", "quarantine"):
        assert (root / name).exists(), name
    s = settings_mod.load(root / "hatang.toml").workspace
    assert (s.province, s.province_map, s.name, s.crs, s.synthetic) == (
        "36", "2024", "Tỉnh Nam Định", "EPSG:32648", False,
    )  # fmt: skip


def test_init_loads_units_and_crosswalk_in_one_import_each(nam_dinh):
    with duckdb.connect(str(nam_dinh.db_path), read_only=True) as con:
        counts = dict(
            ((m, lvl), n)
            for m, lvl, n in con.execute(
                'SELECT "map", level, count(*) FROM units GROUP BY ALL'
            ).fetchall()
        )
        assert counts[("2024", "commune")] == 175 and counts[("2025", "commune")] == 57
        imports = con.execute(
            "SELECT import_id, kind, file_name, sha256, rows_loaded, synthetic FROM imports ORDER BY 1"
        ).fetchall()
        assert [(k, f) for _, k, f, _, _, _ in imports] == [
            ("units", "hatang:data/admin/units.parquet"),
            ("crosswalk", "hatang:data/admin/crosswalk.parquet"),
        ]
        assert imports[0][3] == admin.packaged_sha256(admin.UNITS_FILE)
        assert imports[0][4] == 243 and imports[1][4] == 176 and not imports[0][5]
        per_import = con.execute("SELECT import_id, count(*) FROM units GROUP BY 1").fetchall()
        assert per_import == [(1, 243)]
        assert con.execute("SELECT DISTINCT import_id FROM crosswalk").fetchall() == [(2,)]
        # codes kept as strings with leading zeros, dates as dates, figures as numbers
        row = con.execute(
            "SELECT code, valid_from, population FROM units WHERE \"map\" = '2025' AND code = '13669'"
        ).fetchone()
        assert row[0] == "13669" and str(row[1]) == "2025-07-01" and row[2] == 188_751
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    assert meta["province_map"] == "2024" and meta["province_code"] == "36"
    assert meta["province_name"] == "Tỉnh Nam Định" and meta["synthetic"] == "false"
    box = [float(v) for v in meta["bbox"].split(",")]
    assert box == pytest.approx(
        admin.province_extent(admin.province_subset(admin.resolve_province("36"))[0]), abs=1e-5
    )


def test_init_by_name_on_the_new_map(tmp_path):
    ws = init_workspace(tmp_path / "nb", "ninh binh")
    s = summary(ws)
    assert s.province == admin.ProvinceRef("2025", "37", "Tỉnh Ninh Bình")
    assert s.units[("2025", "commune")] == 129 and s.units[("2024", "province")] == 3
    assert s.crs == "EPSG:32648"


def test_crs_east_of_108(tmp_path):
    ws = init_workspace(tmp_path / "dn", "Đà Nẵng")
    assert ws.settings.workspace.crs == "EPSG:32649"


def test_init_refuses_an_existing_workspace_unless_forced(tmp_path):
    init_workspace(tmp_path / "w", "36")
    with pytest.raises(WorkspaceError, match="--force"):
        init_workspace(tmp_path / "w", "37")
    (tmp_path / "w" / "raw" / "old.csv").write_text("x")
    (tmp_path / "w" / "notes.txt").write_text("mine")
    (tmp_path / "w" / "terrain").mkdir()
    (tmp_path / "w" / "terrain" / "dem.tif").write_text("x")  # the old province's DEM
    ws = init_workspace(tmp_path / "w", "37", force=True)
    assert ws.settings.workspace.province == "37"
    assert not (tmp_path / "w" / "raw" / "old.csv").exists()
    assert not ws.dem_path.exists()
    assert (tmp_path / "w" / "notes.txt").read_text() == "mine"  # only workspace files go
    with duckdb.connect(str(ws.db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM imports").fetchone() == (2,)


def test_init_unknown_province_creates_nothing(tmp_path):
    with pytest.raises(NotFound):
        init_workspace(tmp_path / "x", "Atlantis")
    assert not (tmp_path / "x").exists()


def test_synthetic_flag(tmp_path):
    ws = init_workspace(tmp_path / "s", "36", synthetic=True)
    assert ws.synthetic and workspace_status(ws)["synthetic"] is True
    with duckdb.connect(str(ws.db_path), read_only=True) as con:
        # the units themselves are official, not synthetic
        assert con.execute("SELECT bool_or(synthetic) FROM imports").fetchone() == (False,)


def test_status_lists_every_table(nam_dinh):
    st = workspace_status(nam_dinh)
    assert set(st) >= {"province", "synthetic", "tables", "imports", "quarantine"}
    assert set(st["tables"]) == set(TABLES)
    assert st["tables"]["units"] == {"rows": 243, "periods": []}
    assert st["tables"]["sites"] == {"rows": 0, "periods": []}
    assert st["province"]["code"] == "36" and st["province"]["map"] == "2024"
    assert [i["kind"] for i in st["imports"]] == ["crosswalk", "units"]  # newest first
    assert st["imports"][1]["sha256_short"] == admin.packaged_sha256(admin.UNITS_FILE)[:12]
    assert st["quarantine"] == {"rows": 0, "problems": 0, "rejected_in_imports": 0, "files": []}


def test_status_periods_and_quarantine(tmp_path):
    ws = init_workspace(tmp_path / "p", "36")
    with ws.connect() as con:
        con.execute(
            "INSERT INTO subscriptions VALUES ('2025Q3', '13669', 'viettel', 'mobile', 10, 1), ('2024Q4', '13669', 'viettel', 'mobile', 9, 1), ('2025Q3', '13684', 'viettel', 'mobile', 5, 1)"
        )
    (ws.quarantine_dir / "3-sites-abc.csv").write_text(
        "row,column,value,reason,site_id,lat\n2,lat,x,not a number,S1,x\n2,lon,,missing,S1,x\n5,lon,y,bad,S2,1\n",
        encoding="utf-8-sig",
    )
    st = workspace_status(ws)
    assert st["tables"]["subscriptions"] == {"rows": 3, "periods": ["2024Q4", "2025Q3"]}
    assert (st["quarantine"]["rows"], st["quarantine"]["problems"]) == (2, 3)
    assert st["quarantine"]["files"][0]["import_id"] == 3
    assert st["quarantine"]["files"][0]["file"] == "quarantine/3-sites-abc.csv"


# ---- CLI ----------------------------------------------------------------------------


def test_cli_init_and_status_json(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--province", "Tỉnh Nam Định"])
    assert result.exit_code == 0, result.output
    assert "175" in result.output and "57" in result.output
    result = runner.invoke(app, ["status", "--json", "--workspace", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    st = json.loads(result.output)
    assert st["tables"]["units"]["rows"] > 0
    assert st["province"]["name"] == "Tỉnh Nam Định" and st["synthetic"] is False
    result = runner.invoke(app, ["status", "--workspace", str(tmp_path / "ws")])
    assert result.exit_code == 0 and "units" in result.output


def test_cli_status_on_a_non_workspace_fails_clearly(tmp_path):
    # through the real entry point, so the error handling of hatang.cli.main is covered
    import subprocess
    import sys

    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from hatang.cli import main; main()",
            "status",
            "--workspace",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )
    assert proc.returncode == 1
    assert "Error:" in proc.stderr and "is not a hatang workspace" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_init_unknown_province(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "x"), "--province", "Nam Dinhh"])
    assert result.exit_code != 0
    assert isinstance(result.exception, NotFound)


def test_cli_provinces():
    result = runner.invoke(app, ["provinces", "--map", "2025", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert len(rows) == 34 and {"map": "2025", "code": "37", "name": "Tỉnh Ninh Bình"} in rows


def test_init_on_a_file_fails_clearly(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(WorkspaceError, match="is a file"):
        init_workspace(tmp_path / "f", "36")


def test_a_failed_init_leaves_nothing_behind(tmp_path, monkeypatch):
    from hatang.store import init as init_mod

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(init_mod.db, "upsert_frame", boom)  # fails inside the transaction
    with pytest.raises(RuntimeError):
        init_workspace(tmp_path / "w", "36")
    assert not (tmp_path / "w").exists()


def test_status_after_a_quarantining_import(tmp_path):
    """End to end: the importers read the extent init stored in meta 'bbox'."""
    from hatang.io import import_file

    ws = init_workspace(tmp_path / "q", "36")
    f = tmp_path / "sites.csv"
    f.write_text(
        "period,site_id,lon,lat,structure,height_m\n"
        "2025Q3,S1,106.17,20.43,tower,30\n"
        "2025Q3,S2,abc,20.43,tower,30\n"
        "2025Q3,S3,105.00,20.43,tower,-5\n",  # west of Nam Định, and a negative height
        encoding="utf-8",
    )
    import_file(ws, "sites", f, on_error="quarantine")
    st = workspace_status(ws)
    assert st["tables"]["sites"] == {"rows": 1, "periods": ["2025Q3"]}
    last = st["imports"][0]
    assert (last["kind"], last["rows_read"], last["rows_loaded"], last["rows_rejected"]) == (
        "sites",
        3,
        1,
        2,
    )
    q = st["quarantine"]
    assert q["rows"] == 2 and q["problems"] == 3 and q["rejected_in_imports"] == 2
    assert q["files"][0]["import_id"] == last["import_id"]


def test_cli_init_old_map(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "o"), "-p", "Ninh Bình", "--map", "2024"])
    assert result.exit_code == 0, result.output
    s = settings_mod.load(tmp_path / "o" / "hatang.toml").workspace
    assert (s.province, s.province_map, s.name) == ("37", "2024", "Tỉnh Ninh Bình")
    st = workspace_status(Workspace.open(tmp_path / "o"))
    assert st["province"]["map"] == "2024"
    # old Ninh Bình's 125 communes (2025-01-04 list) all went into the new Ninh Bình
    with duckdb.connect(str(tmp_path / "o" / "hatang.duckdb"), read_only=True) as con:
        n = con.execute(
            "SELECT count(*) FROM units WHERE \"map\" = '2024' AND level = 'commune'"
        ).fetchone()
        p = con.execute(
            "SELECT code FROM units WHERE \"map\" = '2025' AND level = 'province'"
        ).fetchall()
    assert n == (125,) and p == [("37",)]


def test_init_country_loads_every_unit_of_both_maps(tmp_path):
    ws = init_workspace(tmp_path / "vn", country=True)
    s = summary(ws)
    assert s.province == admin.COUNTRY and ws.settings.workspace.country
    assert s.units[("2025", "province")] == 34 and s.units[("2025", "commune")] == 3321
    assert s.units[("2024", "province")] == 63 and s.units[("2024", "commune")] == 10051
    units, crosswalk = admin.country_subset()
    with duckdb.connect(str(ws.db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM units").fetchone() == (len(units),)
        assert con.execute("SELECT count(*) FROM crosswalk").fetchone() == (len(crosswalk),)
        # every 2025 commune is reached from the old map, every old commune goes somewhere
        orphans = con.execute(
            "SELECT count(*) FROM units u WHERE u.map = '2025' AND u.level = 'commune' "
            "AND NOT EXISTS (SELECT 1 FROM crosswalk c WHERE c.new_code = u.code)"
        ).fetchone()
        assert orphans == (0,)
        note = con.execute("SELECT note FROM imports WHERE kind = 'units'").fetchone()
        assert note is not None and "every province" in note[0]
    # a one-province workspace is not national
    assert not init_workspace(tmp_path / "nb", "37").settings.workspace.country


def test_init_wants_a_province_or_the_country(tmp_path):
    with pytest.raises(WorkspaceError, match="--country"):
        init_workspace(tmp_path / "a")
    with pytest.raises(WorkspaceError, match="not both"):
        init_workspace(tmp_path / "b", "37", country=True)
    result = runner.invoke(app, ["init", str(tmp_path / "c")])
    assert result.exit_code != 0 and isinstance(result.exception, WorkspaceError)
    result = runner.invoke(app, ["init", str(tmp_path / "d"), "--country"])
    assert result.exit_code == 0, result.output
    assert "3,321" in result.output and "10,051" in result.output
