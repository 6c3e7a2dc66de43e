"""scripts/build_admin_units.py: the messy conversion table, and the packaged files
being exactly what the script builds from the shared sources."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatang.model import admin

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data" / "vn-admin"


def _script():
    spec = importlib.util.spec_from_file_location(
        "build_admin_units", REPO / "scripts" / "build_admin_units.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _script()

MESSY = (
    "Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,\n"
    '"Tỉnh, thành phố",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,\n'
    "NINH BÌNH  ,,,,,,,,\n"
    "Tỉnh Ninh Bình (37),Phường Nam Định ,13669,Phường Vị Xuyên  ,13636,Nhập toàn bộ,Thành phố Nam Định (356),Tỉnh Nam Định (36),\n"
    # codes lost their leading zeros / given only inside the name; a newline in a cell
    '"Tỉnh Ninh Bình (37)","Xã Hải Hậu (13984)\n",,Xã Hải Bắc (13984),,Nhập  một phần,Huyện Hải Hậu (366),Tỉnh Nam Định (36),\n'
    # the two-row header repeated mid-file (a page break in the original)
    "Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,\n"
    '"Tỉnh, thành phố",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,\n'
    "Tỉnh Cao Bằng (04),Xã Quảng Uyên,1576,Thị trấn Quảng Uyên,1576,Nhập toàn bộ,Huyện Quảng Hòa (49),Tỉnh Cao Bằng (4),\n"
    "Tỉnh Bắc Ninh (24),,,,,,,,\n"
)


def test_read_conversion_copes_with_the_mess(tmp_path):
    path = tmp_path / "conv.csv"
    path.write_bytes(b"\xef\xbb\xbf" + MESSY.encode("utf-8"))  # with a BOM, as Excel writes
    conv, stats = build.read_conversion(path)
    assert stats == {"title_rows": 2, "header_rows": 2, "section_rows": 2, "data_rows": 3}
    assert conv["new_code"].tolist() == ["13669", "13984", "01576"]
    assert conv["old_code"].tolist() == ["13636", "13984", "01576"]
    assert conv["new_name"].tolist() == ["Phường Nam Định", "Xã Hải Hậu", "Xã Quảng Uyên"]
    assert conv["old_name"].tolist() == ["Phường Vị Xuyên", "Xã Hải Bắc", "Thị trấn Quảng Uyên"]
    assert conv["note"].tolist() == ["Nhập toàn bộ", "Nhập một phần", "Nhập toàn bộ"]
    assert conv["old_district_code"].tolist() == ["356", "366", "049"]
    assert conv["new_province_code"].tolist() == ["37", "37", "04"]


def test_read_conversion_without_a_header(tmp_path):
    path = tmp_path / "conv.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="no header row"):
        build.read_conversion(path)


def test_shares_rules():
    import pandas as pd

    conv = pd.DataFrame(
        {
            "line": range(9),
            "old_code": ["1", "2", "2", "3", "3", "3", "4", "4", "4"],
            "new_code": ["a", "a", "b", "a", "b", "c", "a", "b", "b"],
            "note": ["Nhập toàn bộ", "Nhập một phần", "Nhập một phần", "Nhập một phần diện tích",
                     "Nhập một phần diện tích, toàn bộ dân số", "Nhập một phần diện tích",
                     "Nhập một phần", "Nhập một phần", "duplicate pair"],
        }
    )  # fmt: skip
    out = build.shares(conv).set_index(["old_code", "new_code"])
    assert out.loc[("1", "a"), ["share", "share_method"]].tolist() == [1.0, "whole-merge"]
    assert out.loc[("2", "a"), ["share", "share_method"]].tolist() == [0.5, "equal-split"]
    assert out.loc[("3", "b"), ["share", "share_method"]].tolist() == [1.0, "population"]
    assert out.loc[("3", "a"), "share"] == 0.0 and out.loc[("3", "c"), "share"] == 0.0
    assert out.loc[("4", "b"), "note"] == "Nhập một phần"  # first of a repeated pair kept
    assert out.groupby("old_code")["share"].sum().tolist() == [1.0, 1.0, 1.0, 1.0]


def test_canonical_type():
    assert build.canonical_type("Thị Trấn Ngọc Lặc") == "Thị trấn Ngọc Lặc"
    assert build.canonical_type("Xa Ea Kly") == "Xã Ea Kly"
    assert build.canonical_type("  Phường   5 ") == "Phường 5"
    assert build.canonical_type("Xã Thị Trấn") == "Xã Thị Trấn"  # only the prefix
    assert (
        build.is_urban("Phường 5")
        and build.is_urban("Thị trấn Lâm")
        and not build.is_urban("Xã Phường")
    )


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data/vn-admin")
def test_packaged_files_are_what_the_script_builds(tmp_path):
    """Rebuilding from the shared sources gives byte-identical files (deterministic and
    up to date)."""
    result = build.build(SHARED, tmp_path)
    for name in ("units.parquet", "crosswalk.parquet"):
        assert (tmp_path / name).read_bytes() == admin.packaged_bytes(f"data/admin/{name}"), name
        assert (tmp_path / name).stat().st_size < 600_000
    assert {u.split(" ")[0] for u in result["unresolved"]} == build.KNOWN_UNRESOLVED
    assert result["stats"]["section_rows"] == 34 and result["stats"]["data_rows"] == 10_571


_HEADER = (
    "Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,\n"
    '"Tỉnh, thành phố",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,\n'
)


def _messy(code: str, how: str) -> tuple[str, str]:
    """(name cell suffix, code cell) for a code written the way `how` says."""
    if how == "column":
        return "", code
    if how == "no-zeros":
        return "", str(int(code))
    return f" ({code})", ""  # only inside the name


_codes = st.integers(min_value=1, max_value=32_248).map(lambda n: f"{n:05d}")
_spaces = st.sampled_from(["", " ", "  ", "\n", " \n "])
_names = st.sampled_from(["Xã Hải Bắc", "Phường 5", "Thị trấn Cổ Lễ", "Xã Ea Kly", "Phường Đông A"])


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(_codes, _codes, _names, _names, st.sampled_from(["column", "no-zeros", "name"]),
                  st.sampled_from(["column", "no-zeros", "name"]), _spaces, _spaces),
        min_size=1, max_size=8,
    ),
    sections=st.booleans(),
)  # fmt: skip
def test_read_conversion_recovers_codes_and_names(tmp_path_factory, rows, sections):
    import csv
    import io

    buf = io.StringIO()
    buf.write(_HEADER)
    w = csv.writer(buf)
    for new_code, old_code, new_name, old_name, how_new, how_old, pad1, pad2 in rows:
        if sections:
            w.writerow(["TỈNH NINH BÌNH  ", "", "", "", "", "", "", "", ""])
        new_suffix, new_cell = _messy(new_code, how_new)
        old_suffix, old_cell = _messy(old_code, how_old)
        w.writerow(["Tỉnh Ninh Bình (37)", pad1 + new_name + new_suffix + pad2, new_cell,
                    pad2 + old_name + old_suffix, old_cell, "Nhập toàn bộ" + pad1,
                    "Huyện Hải Hậu (366)", "Tỉnh Nam Định (36)", ""])  # fmt: skip
    path = tmp_path_factory.mktemp("conv") / "conv.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    conv, stats = build.read_conversion(path)
    assert stats["data_rows"] == len(rows)
    assert conv["new_code"].tolist() == [r[0] for r in rows]
    assert conv["old_code"].tolist() == [r[1] for r in rows]
    assert conv["new_name"].tolist() == [r[2] for r in rows]
    assert conv["old_name"].tolist() == [r[3] for r in rows]
    assert (conv["note"] == "Nhập toàn bộ").all()
