"""Downloads as people open them (issue 14 "Excel and CSV", issue 11 §3): every CSV has
a BOM, the synthetic column and meaningful precision; XLSX next to every CSV; no text
cell of any download can run as a formula."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from hatang.publish.registry import DATASETS
from hatang.publish.render import XLSX_TYPE

LISTS = ["/dead-spots", "/speeds", "/services"]


def _csv(r) -> list[dict[str, str]]:
    assert r.content.startswith(b"\xef\xbb\xbf"), "no BOM"
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


def _xlsx(r) -> list[list[object]]:
    assert r.headers["content-type"] == XLSX_TYPE
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    return [[c.value for c in row] for row in book.worksheets[0].iter_rows()]


@pytest.mark.parametrize("ds", DATASETS, ids=lambda d: d.name)
def test_dataset_csv_and_xlsx(client, ds):
    rows = _csv(client.get(f"/dataset/{ds.name}/{ds.name}.csv"))
    assert all(r["synthetic"] == "true" for r in rows)  # the fixture is synthetic
    table = _xlsx(client.get(f"/dataset/{ds.name}/{ds.name}.xlsx"))
    fields = [f for f in ds.field_names if not (f == "geometry" and ds.spatial == "wkt")]
    assert table[0] == fields and len(table) == len(rows) + 1
    for r in rows:  # coordinates at most 6 decimals, people whole
        for name in ("lon", "lat"):
            if r.get(name):
                assert len(r[name].partition(".")[2]) <= 6
        for name in ("population", "village_population", "households"):
            if r.get(name):
                assert r[name].lstrip("-").isdigit(), (name, r[name])


@pytest.mark.parametrize("path", LISTS)
def test_lists_download_xlsx_of_the_rows_shown(client, path):
    rows = _csv(client.get(path + "?format=csv"))
    table = _xlsx(client.get(path + "?format=xlsx"))
    assert len(table) == len(rows) + 1
    assert table[0] == list(rows[0]) if rows else table[0]
    page = client.get(path).text
    assert 'data-testid="download-xlsx"' in page and "format=xlsx" in page


def test_no_download_can_inject_a_formula(make_client, fresh_ws):
    """A service named like a formula, imported as an operator would send it: every
    download shows it as text."""
    from hatang.io import import_file

    evil = '=HYPERLINK("http://evil.example","Bấm")'
    src = fresh_ws.root.parent / "evil.csv"
    src.write_text(
        "Kỳ,Mã thủ tục,Tên thủ tục,Cơ quan,Mức độ,Tích hợp Cổng DVC quốc gia\n"
        f'2025Q4,X-1,"{evil.replace(chr(34), chr(34) * 2)}",@cmd,Toàn trình,có\n',
        encoding="utf-8",
    )
    import_file(fresh_ws, "services", src, synthetic=True)
    c = make_client(fresh_ws)
    for path in (
        "/services?format=csv&period=2025Q4",
        "/dataset/public-services/public-services.csv",
    ):
        rows = [r for r in _csv(c.get(path)) if r["code"] == "X-1"]
        assert rows[0]["name"] == "'" + evil and rows[0]["agency"] == "'@cmd"
    for path in (
        "/services?format=xlsx&period=2025Q4",
        "/dataset/public-services/public-services.xlsx",
    ):
        book = openpyxl.load_workbook(io.BytesIO(c.get(path).content))
        cells = [c for row in book.worksheets[0].iter_rows() for c in row if c.value == evil]
        assert cells and all(x.data_type == "s" and x.quotePrefix for x in cells)


@pytest.mark.parametrize("ds", DATASETS, ids=lambda d: d.name)
def test_files_for_machines_carry_no_locale(client, ds):
    """The pages write '1.780.333' and '98,5 %' in Vietnamese; a CSV, GeoJSON or data
    package file is the same byte for byte in either language, its numbers plain ('.' decimals,
    no thousands separator)."""
    page = client.get(f"/dataset/{ds.name}?lang=vi").text
    files = re.findall(
        rf'href="(/dataset/{re.escape(ds.name)}/[^"?]+\.(?:csv|geojson|json))"', page
    )
    assert any(u.endswith(".csv") for u in files), page
    assert any(u.endswith(".geojson") for u in files) == bool(ds.spatial)
    for url in {*files, f"/dataset/{ds.name}/datapackage.json"}:
        vi, en = client.get(url + "?lang=vi"), client.get(url + "?lang=en")
        assert vi.status_code == 200 and vi.content == en.content, url
    for r in _csv(client.get(f"/dataset/{ds.name}/{ds.name}.csv?lang=vi")):
        for name in ("lon", "lat", "population", "households"):
            if r.get(name):
                float(r[name])  # '106.02367', '1780333': never '106,02367' or '1.780.333'
                assert "," not in r[name] and r[name].count(".") <= 1, (name, r[name])
