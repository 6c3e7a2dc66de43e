"""The register's pages, pure: the cases as a snapshot holds them (named, flagged,
filtered), the forms of the steps a signed-in actor may take on a case (declared from
the life cycle, hatang.register.machine), a form's fields turned into a step's inputs,
and the small map of cases.

The routes (routes/register.py, routes/register_api.py) write through the register's
library (hatang.register.actions, .workflow); nothing here decides whether a step is
allowed — `machine.next_steps` and `machine.check` do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hatang.model.operators import OPERATORS
from hatang.register import codes, machine, queries
from hatang.register.machine import Actor
from hatang.register.public import PUBLIC
from hatang.register.steps import REASON_KIND

#: steps taken elsewhere: `update` by the model's sync, `verification-failed` by verify
NOT_A_FORM = ("open", "update", "verification-failed")
#: states a case map colours, the rest grey
STATE_COLOURS = {
    "reported": "#ff7f0e",
    "confirmed": "#d62728",
    "assigned": "#9467bd",
    "accepted": "#1f77b4",
    "disputed": "#8c564b",
    "upheld": "#e377c2",
    "fixed": "#17becf",
    "verified": "#2ca02c",
    "reopened": "#bcbd22",
}


@dataclass(frozen=True)
class Field:
    """One input of a step's form."""

    name: str
    kind: str  # text, textarea, date, number, select
    required: bool
    options: tuple[tuple[str, str], ...] = ()  # (value, catalogue key)


def cases(frames: Mapping[str, pd.DataFrame], today: dt.date) -> pd.DataFrame:
    """Every case with its places' names and the overdue / open flags."""
    c = frames.get("register_cases")
    if c is None or c.empty:
        return pd.DataFrame(columns=[*PUBLIC, "open"])
    names = frames["units"][["code", "name", "map"]]
    return queries.with_flags(queries.named(c, names), today)


def selected(all_cases: pd.DataFrame, f: queries.Filters) -> pd.DataFrame:
    return queries.select(all_cases, f) if len(all_cases) else all_cases


def public(shown: pd.DataFrame) -> pd.DataFrame:
    """What of the cases shown anyone may download (hatang.register.public)."""
    return shown.reindex(columns=list(PUBLIC)).reset_index(drop=True)


def _options(input_name: str, action: str) -> tuple[tuple[str, str], ...]:
    if input_name == "reason":
        kind = REASON_KIND[action]
        return tuple((c, f"reg_code_{kind}_{c}") for c in codes.names(kind))
    if input_name == "operator":
        return tuple((o, "") for o in OPERATORS)
    if input_name in ("planned_action", "fix_action"):
        return tuple((a, f"reg_action_{a}") for a in machine.FIX_ACTIONS)
    return ()


def _kind(input_name: str) -> str:
    if input_name.endswith("_on"):
        return "date"
    if input_name in ("due_days", "scenario_rank"):
        return "number"
    if input_name in ("note", "evidence"):
        return "textarea"
    return (
        "select" if input_name in ("reason", "operator", "planned_action", "fix_action") else "text"
    )


def fields(action: str) -> list[Field]:
    """The form fields of a step: its required inputs, then its optional ones (the
    verification's text is the register's own finding, not a field)."""
    s = machine.STEP[action]
    names = [(n, True) for n in s.required] + [(n, False) for n in s.optional]
    return [
        Field(n, _kind(n), req, _options(n, action))
        for n, req in names
        if not (action == "verify" and n == "verification")
    ]


def forms(case: Mapping[str, Any], actor: Actor | None) -> list[tuple[str, list[Field]]]:
    """The steps `actor` may take on `case` now, each with its fields (none signed out)."""
    if actor is None:
        return []
    allowed = machine.next_steps(str(case["state"]), actor, case.get("assigned_operator"))
    return [(a, fields(a)) for a in allowed if a not in NOT_A_FORM]


def inputs(action: str, form: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A step's inputs from a form or JSON body (empty fields left out), and the
    evidence references it names (one a line; the route archives them as evidence)."""
    known = set(machine.STEP[action].required) | set(machine.STEP[action].optional)
    out: dict[str, Any] = {}
    refs: list[str] = []
    for name in known:
        v = form.get(name)
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        if name == "evidence":
            refs = [line.strip() for line in str(v).splitlines() if line.strip()]
            continue
        out[name] = v.strip() if isinstance(v, str) else v
    return out, refs


def operators_of(all_cases: pd.DataFrame) -> list[str]:
    """Operators a filter may name: those concerned by or assigned a case."""
    if all_cases.empty:
        return []
    concerned = all_cases["operators"].dropna().astype(str).str.split(";").explode()
    found = set(concerned) | set(all_cases["assigned_operator"].dropna().astype(str))
    return sorted(o for o in found if o)


def communes(all_cases: pd.DataFrame) -> list[tuple[str, str]]:
    """(code, name) of the communes (2025 map) that have a case."""
    if all_cases.empty:
        return []
    c = all_cases[["commune_code", "commune_name"]].dropna(subset=["commune_code"])
    c = c.drop_duplicates("commune_code").sort_values("commune_name", na_position="last")
    return [(str(a), str(b) if isinstance(b, str) else str(a)) for a, b in c.itertuples(False)]


def villages(units: pd.DataFrame) -> pd.DataFrame:
    """The villages with a point (code, name, lon, lat), by name: the report's picker."""
    v = units[(units["level"] == "village") & units["lon"].notna()]
    return v.drop_duplicates("code").sort_values("name")[["code", "name", "lon", "lat"]]


def _trace(name: str, lon: Any, lat: Any, text: list[str], meta: str, **marker: Any) -> dict:
    return {
        "type": "scattermap",
        "mode": "markers",
        "name": name,
        "lon": pd.to_numeric(lon).tolist(),
        "lat": pd.to_numeric(lat).tolist(),
        "marker": marker,
        "text": text,
        "hovertemplate": "%{text}<extra></extra>",
        "meta": meta,
    }


def _layers(communes: pd.DataFrame | None, shown: pd.DataFrame) -> list[dict[str, Any]]:
    """Commune outlines, and the modelled outline of each case shown that has one."""
    from hatang.publish.geojson import feature_collection
    from hatang.web.maps import communes_geojson

    out = []
    if communes is not None and "geometry" in communes and communes["geometry"].notna().any():
        line = {"type": "line", "color": "#6b7785", "line": {"width": 0.7}, "below": "traces"}
        out.append({"sourcetype": "geojson", "source": communes_geojson(communes), **line})
    shaped = (
        shown[shown["geometry"].notna()] if "geometry" in shown and len(shown) else shown.head(0)
    )
    if len(shaped) and len(shaped) <= 50:
        doc = feature_collection(shaped[["case_id"]], geometry=shaped["geometry"].tolist())
        fill = {"type": "fill", "color": "rgba(214,39,40,0.25)", "below": "traces"}
        out.append({"sourcetype": "geojson", "source": doc, **fill})
    return out


def figure(
    shown: pd.DataFrame,
    t: Any,
    tile_url: str = "",
    around: pd.DataFrame | None = None,
    communes: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """The cases shown as points coloured by state (a click opens the case; a case's
    modelled outline when few are shown), the villages `around` as grey points (the
    report form's), the communes outlined, on the blank map style."""
    from hatang.web.maps import layout, style
    from hatang.web.scenarios import _view

    data = []
    if around is not None and len(around):
        text = [f"{n} ({c})" for c, n in zip(around["code"], around["name"], strict=True)]
        data.append(
            _trace(
                t("reg_village"),
                around["lon"],
                around["lat"],
                text,
                "villages",
                size=6,
                color="#8a949e",
                opacity=0.7,
            )
        )
    by_state = shown.groupby(shown["state"].astype(str), sort=False) if len(shown) else []
    for st, g in by_state:
        name = f"{t('reg_state_' + st)} ({len(g)})"
        colour = STATE_COLOURS.get(st, "#8a949e")
        data.append(
            _trace(
                name,
                g["lon"],
                g["lat"],
                g["case_id"].astype(str).tolist(),
                "cases",
                size=10,
                color=colour,
            )
        )
    pts = pd.concat(
        [d for d in (shown, around) if d is not None and len(d)]
        or [pd.DataFrame({"lon": [], "lat": []})]
    )
    lon, lat = (
        pd.to_numeric(pts["lon"], errors="coerce"),
        pd.to_numeric(pts["lat"], errors="coerce"),
    )
    centre, zoom = _view(lon.dropna(), lat.dropna())
    layers = _layers(communes, shown)
    map_ = {"style": style(tile_url), "center": centre, "zoom": min(zoom, 12.0), "layers": layers}
    return {"data": data, "layout": layout(map_)}


def overview(frames: Mapping[str, pd.DataFrame], today: dt.date) -> list[tuple[str, Any]]:
    """The register's figures on the overview: open, overdue, fixed awaiting
    verification, verified, people in open cases (empty without a register)."""
    from hatang.register import figures
    from hatang.views.values import Value

    c = frames.get("register_cases")
    if c is None or c.empty:
        return []
    open_ = c[figures.is_open(c)]
    late = int(figures.overdue(open_, today).notna().sum())
    return [
        ("reg_fig_open", Value(len(open_), "count"), "/register"),
        ("reg_fig_overdue", Value(late, "count"), "/register?overdue=true"),
        (
            "reg_fig_fixed",
            Value(int((c["state"] == "fixed").sum()), "count"),
            "/register?state=fixed",
        ),
        (
            "reg_fig_verified",
            Value(int(c["verified_on"].notna().sum()), "count"),
            "/register?state=verified",
        ),
        ("reg_fig_people", Value(figures.people_in(open_), "whole"), "/register"),
    ]


#: the overview's per-operator columns: (catalogue indicator, label key, kind)
BY_OPERATOR = (
    ("register_open_cases", "reg_op_open", "count"),
    ("register_overdue_cases", "reg_op_overdue", "count"),
    ("register_fixed_cases", "reg_op_fixed", "count"),
    ("register_verified_cases", "reg_op_verified", "count"),
    ("register_days_to_fix", "reg_op_days", "whole"),
    ("register_people_open", "reg_op_people", "whole"),
)


def overview_by_operator(iv: pd.DataFrame, current_map: str) -> dict[str, Any] | None:
    """The register's catalogue figures per operator for the province, in the latest
    period the register has figures (docs/indicators.md, "Per operator"): one row per
    operator with any figure but 0 then (None when there is none)."""
    from hatang.model.operators import OPERATORS
    from hatang.views.values import Value

    if iv.empty:
        return None
    mine = iv[(iv["level"] == "province") & (iv["map"].astype(str) == current_map)]
    mine = mine[mine["indicator"].astype(str).str.startswith("register_")]
    periods = mine.loc[mine["indicator"] == "register_open_cases"].dropna(subset=["value"])
    if periods.empty:
        return None
    period = str(periods["period"].astype(str).max())
    at = mine[mine["period"].astype(str) == period].set_index("indicator")["value"]
    rows = []
    for code, (name, _) in OPERATORS.items():
        got = [at.get(f"{ind}_{code}") for ind, _, _ in BY_OPERATOR]
        if not any(v is not None and v == v and v != 0 for v in got):
            continue  # nothing of this operator's in the period
        cells = [
            Value(v if v == v else None, kind)
            for v, (_, _, kind) in zip(got, BY_OPERATOR, strict=True)
        ]
        rows.append({"operator": code, "name": name, "cells": cells})
    return (
        {"period": period, "labels": [k for _, k, _ in BY_OPERATOR], "rows": rows} if rows else None
    )
