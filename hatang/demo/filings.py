"""The demo's 2025Q3 files come in as filings (docs/submissions.md). Synthetic.

Each operator files its own sites, cells and subscriptions (its rows of the
province-wide files the demo writes), the public-service centre its services and the
Department of Science and Technology its information systems, in October 2025;
the office accepts them. MobiFone's first subscriptions file is refused — VNPT's
rows pasted in, a count typed as text — and refiled two days later; Vietnamobile
files its cells and subscriptions nine days after the 15 October due date. Every figure ends up as the
province-wide files would have put it: the same rows, through acceptance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from hatang.demo.files import RawFile, write_csv
from hatang.demo.register import OFFICE, operator_actor
from hatang.io.scope import code_of
from hatang.model.operators import OPERATORS
from hatang.store.workspace import Workspace
from hatang.submissions import filing

#: the quarter filed through hatang (earlier and later quarters are plain imports)
QUARTER = "2025Q3"
KINDS = ("sites", "cells", "subscriptions", "services")
#: the column naming the operator in the demo's files
_OPERATOR_COLUMN = {"sites": "Chủ sở hữu", "cells": "operator", "subscriptions": "Nhà mạng"}
#: (day in October 2025, hour) each operator files its sites, then its cells and
#: subscriptions (a cell may stand on another operator's site: every site register is
#: in first); the office accepts each filing three days after it came
_SITES_FILED = {"viettel": (2, 9), "vnpt": (3, 14), "mobifone": (3, 10), "vietnamobile": (6, 16)}
_FILED = {"viettel": (10, 9), "vnpt": (12, 14), "mobifone": (13, 10), "vietnamobile": (24, 16)}
DEPARTMENTS = {"services": "public-services", "info-systems": "information-systems"}


@dataclass(frozen=True)
class Planned:
    """One filing of the demo: who, what file, when."""

    kind: str
    filer: str
    path: Path
    at: dt.datetime


def filed_later(files: list[RawFile]) -> tuple[list[RawFile], list[RawFile]]:
    """(imported as before, filed): the quarter's operator and services files are filed."""
    filed = [f for f in files if f.period == QUARTER and f.kind in KINDS]
    return [f for f in files if f not in filed], filed


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2025, 10, day, hour, 0)


def _split(f: RawFile, folder: Path) -> list[Planned]:
    """A province-wide operator file as one file per operator (its own rows)."""
    frame = pd.read_csv(f.path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    codes = frame[_OPERATOR_COLUMN[f.kind]].map(code_of)
    out = []
    for op in OPERATORS:
        part = frame[codes == op]
        if part.empty:
            continue
        path = folder / f"{op}_{f.path.name}"
        write_csv(path, part)
        day = _SITES_FILED[op] if f.kind == "sites" else _FILED[op]
        out.append(Planned(f.kind, op, path, _at(*day)))
    return out


def _refused_first(folder: Path, subs: Planned, other: Path) -> Planned:
    """MobiFone's first subscriptions file: two VNPT rows pasted in, a count as text."""
    mine = pd.read_csv(subs.path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    pasted = pd.read_csv(other, dtype=str, keep_default_na=False, encoding="utf-8-sig").head(2)
    bad = pd.concat([mine, pasted], ignore_index=True)
    bad.loc[3, "Số thuê bao"] = "khoảng 1.200"
    path = folder / f"lan-1_{subs.path.name}"
    write_csv(path, bad)
    return Planned(subs.kind, subs.filer, path, subs.at - dt.timedelta(days=2))


def plan(files: list[RawFile], all_files: list[RawFile], folder: Path) -> list[Planned]:
    """Every filing, in time order (sites before the cells that stand on them)."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Planned] = []
    for f in sorted(files, key=lambda f: KINDS.index(f.kind)):
        if f.kind == "services":
            out.append(Planned(f.kind, DEPARTMENTS[f.kind], f.path, _at(10, 11)))
        else:
            out += _split(f, folder)
    subs = {p.filer: p for p in out if p.kind == "subscriptions"}
    out.append(_refused_first(folder, subs["mobifone"], subs["vnpt"].path))
    out.append(_info_systems(all_files, folder))
    return sorted(out, key=lambda p: (p.at, KINDS.index(p.kind) if p.kind in KINDS else 9))


def _info_systems(files: list[RawFile], folder: Path) -> Planned:
    """The department's 2025Q3 rows of the information systems' register."""
    source = next(f for f in files if f.kind == "info-systems")
    frame = pd.read_csv(source.path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    path = folder / f"he-thong-thong-tin_{QUARTER}.csv"
    write_csv(path, frame[frame["period"] == QUARTER].drop(columns=["period"]))
    return Planned("info-systems", DEPARTMENTS["info-systems"], path, _at(15, 8))


def _actor(p: Planned) -> filing.Actor:
    return operator_actor(p.filer) if p.filer in OPERATORS else OFFICE


def file_all(ws: Workspace, planned: list[Planned]) -> list[dict]:
    """File each; the office accepts every staged filing three days after it came."""
    done = []
    for p in planned:
        f = filing.file_submission(
            ws, _actor(p), p.kind, QUARTER, p.path, filer=p.filer, channel="demo", now=p.at
        )
        if f["state"] == "staged":
            at = p.at + dt.timedelta(days=3)
            f = filing.accept(ws, OFFICE, f["filing_id"], channel="demo", now=at, recompute=False)
        done.append(f)
    return done
