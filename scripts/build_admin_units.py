#!/usr/bin/env python3
"""Build hatang/data/admin/units.parquet and crosswalk.parquet from the official lists.

    python scripts/build_admin_units.py [SOURCE_DIR [OUT_DIR]]

SOURCE_DIR defaults to ../shared/data/vn-admin relative to the repository. It holds
(see its README.md):

- nso_communes_2025-01-04.csv   GSO code list, three-level map (63 / 696 / 10,051)
- nso_conversion_2025-07-01.csv GSO conversion table old commune → new commune (messy)
- communes_2025_facts.csv       3,321 new communes: population, area, centroid, bbox

The output is deterministic (same input → byte-identical files) and every count the
brief states is asserted. docs/data-sources.md explains every figure.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hatang.model.names import clean_spaces  # noqa: E402
from hatang.model.names import name_key as _name_key  # noqa: E402
from hatang.model.schema import UNITS  # noqa: E402

OUT_DIR = REPO / "hatang" / "data" / "admin"
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "vn-admin"

MAP_2024_END = date(2025, 6, 30)
MAP_2025_START = date(2025, 7, 1)
EFFECTIVE = MAP_2025_START

SRC_LIST = "GSO code list 2025-01-04 (nso_communes_2025-01-04.csv)"
SRC_CONV = "GSO conversion table 2025-07-01 (nso_conversion_2025-07-01.csv)"
SRC_FACTS = (
    "codes/names: GSO conversion table 2025-07-01; population (merger-plan figure), "
    "area, centroid, bbox: communes_2025_facts.csv (sapnhap.bando.com.vn via "
    "lamngockhuong/vietnam-3d-map)"
)
SRC_PROV_2025 = (
    "GSO conversion table 2025-07-01; population/area = sum of its communes' merger-plan "
    "figures; centroid = area-weighted mean of commune centroids; bbox = union"
)

EXPECTED = {
    ("2024", "province"): 63,
    ("2024", "district"): 696,
    ("2024", "commune"): 10_051,
    ("2025", "province"): 34,
    ("2025", "commune"): 3_321,
}

#: old communes of the 2025-01-04 list that the conversion table does not name and that
#: could not be traced through a host commune (merged by 2024–2025 resolutions not in
#: these sources; Mộc Châu became a town with new ward codes). Asserted, so a change in
#: the source shows up; documented in docs/data-sources.md.
KNOWN_UNRESOLVED = {
    "03751",
    "03988",
    "03991",
    "04003",
    "07693",
    "07732",
    "07744",
    "16387",
    "16411",
    "18448",
    "20176",
    "20674",
    "25102",
    "25174",
    "25177",
    "25186",
}

BBOX = ["bbox_min_lon", "bbox_min_lat", "bbox_max_lon", "bbox_max_lat"]
UNIT_COLUMNS = [c for c in UNITS.column_names if c != "import_id"] + BBOX
CROSSWALK_COLUMNS = ["old_code", "new_code", "share", "share_method", "effective_date", "note"]


@cache
def name_key(text: str, drop_prefix: bool = False) -> str:
    """hatang.model.names.name_key, cached (the same names recur thousands of times)."""
    return _name_key(text, drop_prefix=drop_prefix)


_CODE_IN_NAME = re.compile(r"\((\d{1,5})\)\s*$")


# ---- small helpers ------------------------------------------------------------------


def pad(code: str, width: int) -> str:
    """'5665' → '05665'; codes are strings with leading zeros (Excel drops them)."""
    code = clean_spaces(code)
    return code.zfill(width) if code.isdigit() else code


def split_code(text: str) -> tuple[str, str]:
    """'Huyện Kim Sơn (376)' → ('Huyện Kim Sơn', '376')."""
    text = clean_spaces(text)
    m = _CODE_IN_NAME.search(text)
    if not m:
        return text, ""
    return text[: m.start()].strip(), m.group(1)


_TYPES = ("Thành phố", "Tỉnh", "Quận", "Huyện", "Thị xã", "Thị trấn", "Phường", "Xã", "Đặc khu")
_TYPE_BY_KEY = {name_key(t): t for t in _TYPES}


def canonical_type(name: str) -> str:
    """'Thị Trấn Ngọc Lặc' → 'Thị trấn Ngọc Lặc', 'Xa Ea Kly' → 'Xã Ea Kly': the type
    prefix in its usual spelling (the lists are not consistent); the rest untouched."""
    name = clean_spaces(name)
    words = name.split(" ")
    for n in (2, 1):
        head = " ".join(words[:n])
        if len(words) > n and name_key(head) in _TYPE_BY_KEY:
            return f"{_TYPE_BY_KEY[name_key(head)]} {' '.join(words[n:])}"
    return name


def is_urban(name: str) -> bool:
    """Phường and thị trấn are urban, read from the name's prefix (the list's 'Cấp'
    column says Xã for Phường 5 of Phú Nhuận, 27046)."""
    return canonical_type(name).startswith(("Phường ", "Thị trấn "))


# ---- 2024 map -----------------------------------------------------------------------


def read_list_2024(path: Path) -> pd.DataFrame:
    """The three-level map: provinces, districts and communes as unit rows."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.columns = [
        "province",
        "province_code",
        "district",
        "district_code",
        "commune",
        "commune_code",
        "type",
        "english",
    ]
    raw = raw.map(clean_spaces)
    raw["province_code"] = raw["province_code"].map(lambda c: pad(c, 2))
    raw["district_code"] = raw["district_code"].map(lambda c: pad(c, 3))
    communes = raw[raw["commune_code"] != ""].copy()
    communes["commune_code"] = communes["commune_code"].map(lambda c: pad(c, 5))
    provinces = raw.drop_duplicates("province_code")
    districts = raw.drop_duplicates("district_code")
    rows = [
        dict(code=r.province_code, name=r.province, level="province", parent_code=None)
        for r in provinces.itertuples()
    ]
    rows += [
        dict(code=r.district_code, name=r.district, level="district", parent_code=r.province_code)
        for r in districts.itertuples()
    ]
    rows += [
        dict(
            code=r.commune_code,
            name=r.commune,
            level="commune",
            parent_code=r.district_code,
            urban=is_urban(r.commune),
        )
        for r in communes.itertuples()
    ]
    units = pd.DataFrame(rows)
    units["map"] = "2024"
    units["valid_from"] = None
    units["valid_to"] = MAP_2024_END
    units["source"] = SRC_LIST
    # districts without communes (island districts): they become special zones in 2025
    units.attrs["districts_without_communes"] = sorted(
        set(districts["district_code"]) - set(communes["district_code"])
    )
    return units


# ---- conversion table ---------------------------------------------------------------

_HEADER_KEYS = {
    "tinh thanh pho": "new_province",
    "ten xa moi": "new_name",
    "ma xa moi": "new_code",
    "ten xa cu": "old_name",
    "ma xa cu": "old_code",
    "ghi chu": "note",
    "quan huyen": "old_district",
    "tinh cu": "old_province",
}


def _header_map(row: list[str]) -> dict[str, int] | None:
    if re.search(r"\d{4}", " ".join(row)):  # data rows carry codes; headers do not
        return None
    keys = {name_key(cell): i for i, cell in enumerate(row) if cell.strip()}
    found = {field: keys[k] for k, field in _HEADER_KEYS.items() if k in keys}
    return found if {"new_code", "old_code", "new_name", "old_name"} <= found.keys() else None


def _getter(cells: list[str], columns: dict[str, int]):
    def get(field: str) -> str:
        i = columns.get(field)
        return cells[i] if i is not None and i < len(cells) else ""

    return get


def read_conversion(path: Path) -> tuple[pd.DataFrame, dict[str, int]]:
    """One row per line of the official table that names a new commune.

    Skips the title row, the (possibly repeated) two-row header and the province
    section rows; cleans stray spaces and newlines; takes codes from their columns or,
    when a column is empty, from '(01)' in the name.
    """
    stats = {"title_rows": 0, "header_rows": 0, "section_rows": 0, "data_rows": 0}
    columns: dict[str, int] | None = None
    out = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        for line_no, row in enumerate(csv.reader(f), start=1):
            cells = [clean_spaces(c) for c in row]
            header = _header_map(cells)
            if header:
                columns = header
                stats["header_rows"] += 1
                continue
            if columns is None or not any(cells):
                stats["title_rows"] += 1
                continue
            get = _getter(cells, columns)
            new_name, new_code_in_name = split_code(get("new_name"))
            new_code = get("new_code") or new_code_in_name
            if not new_code.isdigit():
                if (
                    "đơn vị hành chính" in get("new_province").lower()
                    or "đơn vị hành chính" in get("old_name").lower()
                ):
                    stats["title_rows"] += 1
                else:
                    stats["section_rows"] += 1
                continue
            old_name, old_code_in_name = split_code(get("old_name"))
            district, district_code = split_code(get("old_district"))
            new_province, new_province_code = split_code(get("new_province"))
            out.append(
                dict(
                    line=line_no,
                    new_province=new_province,
                    new_province_code=pad(new_province_code, 2),
                    new_name=new_name,
                    new_code=pad(new_code, 5),
                    old_name=old_name,
                    old_code=pad(get("old_code") or old_code_in_name, 5),
                    note=get("note"),
                    old_district=district,
                    old_district_code=pad(district_code, 3),
                    old_province=get("old_province"),
                )
            )
            stats["data_rows"] += 1
    if columns is None:
        raise SystemExit(f"{path}: no header row with 'Mã Xã mới' / 'Mã Xã cũ' found")
    return pd.DataFrame(out), stats


def repair_old_codes(
    conv: pd.DataFrame, communes_2024: pd.DataFrame
) -> tuple[pd.DataFrame, list[str]]:
    """Match each conversion row to a commune of the 2025-01-04 list.

    The table's old side is the map just before 1 July 2025, and it has typos, so a
    row's code is kept when the list has it under the same name (type prefix and
    accents ignored) or when no other row uses it (a rename, or a commune that
    absorbed a neighbour early in 2025 and kept its code). It is repaired — replaced
    by the code of the list commune of the same district with that name — when the
    code is not in the list at all, or when another row already uses it under the
    list's name (a typo: 'Xã Mỹ Hưng 01615' where 01615 is Xã Hồng Quang).
    """
    names = communes_2024.set_index("code")["name"].map(lambda n: name_key(n, drop_prefix=True))
    by_name = defaultdict(list)
    for r in communes_2024.itertuples():
        by_name[(r.parent_code, name_key(r.name, drop_prefix=True))].append(r.code)
    keys = conv["old_name"].map(lambda n: name_key(n, drop_prefix=True))
    matches = conv["old_code"].map(names) == keys
    rightful = set(conv.loc[matches, "old_code"])
    used = set(conv["old_code"])
    log, codes, done = [], [], {}
    for r, key, ok in zip(conv.itertuples(), keys, matches, strict=True):
        code = r.old_code
        if code and not ok and (code not in names.index or code in rightful):
            cands = [c for c in by_name.get((r.old_district_code, key), []) if c not in used]
            if (code, key) in done:  # the same commune on a second row (split over two)
                cands = [done[(code, key)]]
            if len(cands) == 1:
                log.append(
                    f"line {r.line}: {r.old_name} {code} → {cands[0]} (code repaired by name in district {r.old_district_code})"
                )
                done[(code, key)] = code = cands[0]
                used.add(code)
        codes.append(code)
    conv = conv.copy()
    conv["old_code"] = codes
    return conv, log


def infer_pre_july_mergers(
    conv: pd.DataFrame, communes_2024: pd.DataFrame
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Old communes of the list that the table does not name.

    Some were merged into a neighbour by a 2024–2025 resolution after the 2025-01-04
    list; the table then names the merged commune under its new name (often the
    absorbed commune's) with the code of the other one, e.g. 'Thị trấn Yên Châu 04075'
    where the list has Thị trấn Yên Châu 04060 and Xã Viêng Lán 04075. A missing
    commune is mapped through such a host (same new communes, same shares) when the
    host is in its district and either carries its name, or is the only renamed row
    of the district. The rest are reported and left out.
    """
    listed = set(conv["old_code"])
    names = communes_2024.set_index("code")["name"]
    missing = communes_2024[~communes_2024["code"].isin(listed)]
    renamed = conv[
        conv["old_code"].isin(names.index)
        & (
            conv["old_name"].map(name_key)
            != conv["old_code"].map(lambda c: name_key(names.get(c, "")))
        )
    ]
    extra, log, unresolved = [], [], []
    for m in missing.itertuples():
        in_district = renamed[renamed["old_district_code"] == m.parent_code]
        named = in_district[
            in_district["old_name"].map(lambda n: name_key(n, drop_prefix=True))
            == name_key(m.name, drop_prefix=True)
        ]
        hosts = (named if len(named) else in_district)["old_code"].unique()
        if len(hosts) != 1:
            unresolved.append(
                f"{m.code} {m.name} (district {m.parent_code}): not in the conversion table; {len(hosts)} possible host communes"
            )
            continue
        host_rows = conv[conv["old_code"] == hosts[0]].copy()
        host = f"{hosts[0]} {names[hosts[0]]}"
        became = host_rows["old_name"].iloc[0]
        host_rows["old_code"] = m.code
        host_rows["old_name"] = m.name
        host_rows["note"] = host_rows["note"].map(
            lambda n, h=host, b=became: (
                f"{n} (with {h}, merged before 1 Jul 2025 as {b}; inferred by hatang)"
            )
        )
        extra.append(host_rows)
        log.append(
            f"{m.code} {m.name} → with {host} as {became} → {', '.join(host_rows['new_code'])}"
        )
    if extra:
        conv = pd.concat([conv, *extra], ignore_index=True)
    return conv, log, unresolved


def shares(conv: pd.DataFrame) -> pd.DataFrame:
    """One row per (old, new) pair with the share of the old unit's population.

    - one new commune: share 1, whole-merge;
    - several, and exactly one note says 'toàn bộ dân số' (all its people): that one 1,
      the others 0, method population (as the note states);
    - several otherwise: 1/k each, equal-split (no population split is published).
    """
    c = conv.drop_duplicates(["old_code", "new_code"], keep="first").sort_values(
        ["old_code", "line"]
    )
    k = c.groupby("old_code")["new_code"].transform("size")
    everyone = c["note"].str.lower().str.contains("toàn bộ dân số", regex=False)
    n_everyone = everyone.groupby(c["old_code"]).transform("sum")
    whole, by_note = k == 1, (k > 1) & (n_everyone == 1)
    out = pd.DataFrame({"old_code": c["old_code"], "new_code": c["new_code"]})
    out["share"] = (1.0 / k).where(~by_note, everyone.astype(float)).where(~whole, 1.0)
    out["share_method"] = "equal-split"
    out.loc[by_note, "share_method"] = "population"
    out.loc[whole, "share_method"] = "whole-merge"
    out["effective_date"] = EFFECTIVE
    out["note"] = c["note"].where(c["note"] != "", None)
    return out[CROSSWALK_COLUMNS].reset_index(drop=True)


# ---- 2025 map -----------------------------------------------------------------------


def read_facts(path: Path) -> pd.DataFrame:
    f = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig").map(clean_spaces)
    f["code"] = f["code"].map(lambda c: pad(c, 5))
    f["province_code"] = f["province_code"].map(lambda c: pad(c, 2))
    for c in ["population", "area_km2", "centroid_lon", "centroid_lat", *BBOX]:
        f[c] = pd.to_numeric(f[c].replace("", None))
    # Hoàng Sa special zone: population given as 0 = no figure published
    f.loc[f["population"] <= 0, "population"] = None
    return f


def build_2025(conv: pd.DataFrame, facts: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    names = conv.drop_duplicates("new_code").set_index("new_code")
    log = []
    rows = []
    for r in facts.sort_values("code").itertuples():
        official = names.at[r.code, "new_name"] if r.code in names.index else f"{r.type} {r.name}"
        if name_key(official) != name_key(f"{r.type} {r.name}"):
            log.append(
                f"{r.code}: conversion table '{official}' vs facts '{r.type} {r.name}' (kept the table's)"
            )
        if r.code in names.index and names.at[r.code, "new_province_code"] != r.province_code:
            raise SystemExit(
                f"{r.code}: province {names.at[r.code, 'new_province_code']} in the table, {r.province_code} in the facts"
            )
        rows.append(
            dict(
                code=r.code,
                name=official,
                level="commune",
                parent_code=r.province_code,
                population=None if pd.isna(r.population) else int(r.population),
                area_km2=r.area_km2,
                lon=r.centroid_lon,
                lat=r.centroid_lat,
                urban=is_urban(official),
                source=SRC_FACTS,
                bbox_min_lon=r.bbox_min_lon,
                bbox_min_lat=r.bbox_min_lat,
                bbox_max_lon=r.bbox_max_lon,
                bbox_max_lat=r.bbox_max_lat,
            )
        )
    communes = pd.DataFrame(rows)
    prov_names = conv.drop_duplicates("new_province_code").set_index("new_province_code")[
        "new_province"
    ]
    prov = []
    for code, g in communes.groupby("parent_code", sort=True):
        w = g["area_km2"]
        prov.append(
            dict(
                code=code,
                name=prov_names[code],
                level="province",
                parent_code=None,
                population=int(g["population"].sum()),
                area_km2=round(float(w.sum()), 2),
                lon=round(float((g["lon"] * w).sum() / w.sum()), 5),
                lat=round(float((g["lat"] * w).sum() / w.sum()), 5),
                source=SRC_PROV_2025,
                bbox_min_lon=g["bbox_min_lon"].min(),
                bbox_min_lat=g["bbox_min_lat"].min(),
                bbox_max_lon=g["bbox_max_lon"].max(),
                bbox_max_lat=g["bbox_max_lat"].max(),
            )
        )
    units = pd.concat([pd.DataFrame(prov), communes], ignore_index=True)
    units["map"] = "2025"
    units["valid_from"] = MAP_2025_START
    units["valid_to"] = None
    return units, log


def province_rows(
    cw: pd.DataFrame, units_2024: pd.DataFrame, units_2025: pd.DataFrame
) -> pd.DataFrame:
    """Old province → new province, share = share of the old province's communes (by
    crosswalk share) that went to the new province; 1 for every province in 2025."""
    district_province = units_2024[units_2024.level == "district"].set_index("code")["parent_code"]
    commune_province = (
        units_2024[units_2024.level == "commune"]
        .set_index("code")["parent_code"]
        .map(district_province)
    )
    old_province = pd.concat([commune_province, district_province])
    new_province = units_2025[units_2025.level == "commune"].set_index("code")["parent_code"]
    c = cw.assign(old_p=cw["old_code"].map(old_province), new_p=cw["new_code"].map(new_province))
    weight = c.groupby(["old_p", "new_p"])["share"].sum().reset_index()
    weight["share"] = weight["share"] / weight.groupby("old_p")["share"].transform("sum")
    rows = []
    for r in weight.sort_values(["old_p", "new_p"]).itertuples():
        whole = abs(r.share - 1.0) < 1e-12
        rows.append(
            dict(
                old_code=r.old_p,
                new_code=r.new_p,
                share=1.0 if whole else round(r.share, 6),
                share_method="whole-merge" if whole else "commune-count",
                effective_date=EFFECTIVE,
                note="province: derived from its communes' rows",
            )
        )
    return pd.DataFrame(rows, columns=CROSSWALK_COLUMNS)


# ---- output -------------------------------------------------------------------------

_ARROW_TYPES = {
    "text": pa.string(),
    "code": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
}


def to_table(frame: pd.DataFrame, types: dict[str, pa.DataType]) -> pa.Table:
    arrays = [
        pa.array([None if pd.isna(v) else v for v in frame[c]], type=t) for c, t in types.items()
    ]
    return pa.Table.from_arrays(arrays, names=list(types))


def write(table: pa.Table, path: Path) -> None:
    pq.write_table(
        table,
        path,
        compression="zstd",
        compression_level=9,
        use_dictionary=True,
        write_statistics=False,
        store_schema=True,
    )


def unit_types() -> dict[str, pa.DataType]:
    types = {c.name: _ARROW_TYPES[c.type] for c in UNITS.columns if c.name != "import_id"}
    return types | {b: pa.float64() for b in BBOX}


def build(source: Path, out_dir: Path = OUT_DIR) -> dict[str, object]:
    units_2024 = read_list_2024(source / "nso_communes_2025-01-04.csv")
    communes_2024 = units_2024[units_2024.level == "commune"]
    conv, stats = read_conversion(source / "nso_conversion_2025-07-01.csv")

    # rows without an old commune code: island districts without communes → special zones
    no_old = conv[conv["old_code"] == ""]
    island = no_old[
        no_old["old_district_code"].isin(units_2024.attrs["districts_without_communes"])
    ].copy()
    island["old_code"] = island["old_district_code"]
    not_units = no_old[~no_old.index.isin(island.index)]
    conv = conv[conv["old_code"] != ""]

    conv, repaired = repair_old_codes(conv, communes_2024)
    not_in_list = conv[~conv["old_code"].isin(communes_2024["code"])]
    conv = conv[conv["old_code"].isin(communes_2024["code"])]
    conv, inferred, unresolved = infer_pre_july_mergers(conv, communes_2024)

    facts = read_facts(source / "communes_2025_facts.csv")
    units_2025, name_log = build_2025(pd.concat([conv, island]), facts)

    cw = shares(pd.concat([conv, island], ignore_index=True))
    cw = pd.concat([cw, province_rows(cw, units_2024, units_2025)], ignore_index=True)
    cw = cw.sort_values(
        ["old_code", "new_code"], key=lambda s: s.str.len() * 10**6 + s.map(int), ignore_index=True
    )

    units = pd.concat([units_2024, units_2025], ignore_index=True)
    units["name"] = units["name"].map(canonical_type)
    level_order = {"province": 0, "district": 1, "commune": 2}
    units = units.sort_values(
        ["map", "level", "code"],
        key=lambda s: s.map(level_order) if s.name == "level" else s,
        ignore_index=True,
    )
    for col in UNIT_COLUMNS:
        if col not in units:
            units[col] = None
    units = units[UNIT_COLUMNS]
    check(units, cw)
    got = {u.split(" ")[0] for u in unresolved}
    assert got == KNOWN_UNRESOLVED, (
        f"unresolved old communes changed: {sorted(got ^ KNOWN_UNRESOLVED)}"
    )

    out_dir.mkdir(parents=True, exist_ok=True)
    write(to_table(units, unit_types()), out_dir / "units.parquet")
    cw_types = {
        "old_code": pa.string(),
        "new_code": pa.string(),
        "share": pa.float64(),
        "share_method": pa.string(),
        "effective_date": pa.date32(),
        "note": pa.string(),
    }
    write(to_table(cw, cw_types), out_dir / "crosswalk.parquet")
    return dict(
        stats=stats,
        repaired=repaired,
        inferred=inferred,
        unresolved=unresolved,
        not_in_list=not_in_list,
        not_units=not_units,
        island=island,
        names=name_log,
        units=units,
        crosswalk=cw,
    )


def check(units: pd.DataFrame, cw: pd.DataFrame) -> None:
    counts = units.groupby(["map", "level"]).size().to_dict()
    for key, n in EXPECTED.items():
        assert counts.get(key) == n, f"{key}: {counts.get(key)} units, expected {n}"
    assert not units.duplicated(["map", "code"]).any(), "duplicate unit codes"
    communes_2025 = set(units[(units["map"] == "2025") & (units.level == "commune")].code)
    assert communes_2025 <= set(cw.new_code), "a 2025 commune is missing from the crosswalk"
    sums = cw.groupby("old_code")["share"].sum()
    assert ((sums - 1).abs() < 1e-9).all(), "shares of an old unit do not sum to 1"
    old = units[units["map"] == "2024"]
    nd = cw[cw.old_code.isin(old[old.parent_code.isin(old[old.parent_code == "36"].code)].code)]
    assert nd.new_code.nunique() == 57 and (nd.share_method == "whole-merge").all(), (
        "Nam Định check"
    )


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    out_dir = Path(argv[2]) if len(argv) > 2 else OUT_DIR
    if not (source / "nso_communes_2025-01-04.csv").is_file():
        print(
            f"error: {source} does not hold the vn-admin files (see its README.md)", file=sys.stderr
        )
        return 1
    r = build(source, out_dir)
    units, cw = r["units"], r["crosswalk"]
    print(f"conversion table: {r['stats']}")
    print("units:", units.groupby(["map", "level"]).size().to_dict())
    print(f"crosswalk: {len(cw)} rows; methods {cw.share_method.value_counts().to_dict()}")
    print(
        f"island districts → special zones: {', '.join(r['island'].old_code + '→' + r['island'].new_code)}"
    )
    for _, x in r["not_units"].iterrows():
        print(
            f"skipped (not a unit of the list): line {x.line}: {x.old_name} → {x.new_code} {x.new_name}"
        )
    for _, x in r["not_in_list"].iterrows():
        print(
            f"skipped (old code not in the 2025-01-04 list): line {x.line}: {x.old_name} {x.old_code} → {x.new_code}"
        )
    for line in r["repaired"]:
        print("repaired:", line)
    for line in r["inferred"]:
        print("inferred:", line)
    for line in r["unresolved"]:
        print("UNRESOLVED:", line)
    for line in r["names"]:
        print("name:", line)
    for p in sorted(out_dir.glob("*.parquet")):
        print(f"wrote {p} ({p.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
