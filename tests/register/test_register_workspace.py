"""The register on a real workspace (the fixture province, a DuckDB file): sync opens
each case once, places and people are as hand-computed, every step is an appended
event, and the register rebuilds from its history."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hatang.errors import Forbidden, NotFound, StepNotAllowed
from hatang.register import actions, queries, workflow
from hatang.register import cases as fold
from hatang.register.machine import STEPS, Actor
from hatang.register.places import disc_overlap
from hatang.store import register as store

TODAY = dt.date(2025, 10, 15)
ADMIN = Actor("workspace admin (test)", "admin")
VIETTEL = Actor("viettel-planner", "operator", "viettel")


def _stored(ws) -> pd.DataFrame:
    with ws.connect(read_only=True) as con:
        rows = store.read_cases(con)
    return fold.frame(fold.record(r) for r in rows.to_dict("records"))


def _events(frame: pd.DataFrame) -> list[dict]:
    return [fold.event_record(r) for r in frame.to_dict("records")]


def test_sync_opens_reports_and_unmatched_modelled_spots_once(ws):
    first = workflow.sync(ws, ADMIN, today=TODAY)
    assert first.run_id == "fixture"
    assert len(first.opened_reported) == 3  # DS2, DS4, DS5 (DS1, DS3 resolved)
    assert len(first.opened_modelled) == 1  # any-2; any-1 is matched by DS2
    again = workflow.sync(ws, ADMIN, today=TODAY)
    assert (again.opened_reported, again.opened_modelled, again.updated) == ([], [], [])
    cases = queries.list_cases(ws, today=TODAY).set_index("source_ref")
    assert set(cases.index) == {"DS2", "DS4", "DS5", "fixture/any-2"}
    ds2 = cases.loc["DS2"]
    assert (ds2["people_affected"], ds2["people_source"], ds2["modelled_ref"]) == (
        120.0,
        "model",
        "fixture/any-1",
    )
    model = cases.loc["fixture/any-2"]
    assert model["source"] == "model" and model["geometry"].startswith("POLYGON")
    assert model["people_affected"] == 40.0 and model["reasons"] == "modelled"


def test_places_on_both_maps(ws):
    workflow.sync(ws, ADMIN, today=TODAY)
    cases = queries.list_cases(ws, today=TODAY).set_index("source_ref")
    ds5 = cases.loc["DS5"]  # no village in the file: the nearest one, V1
    assert (ds5["village_code"], ds5["commune_code"], ds5["commune_code_2024"]) == (
        "V1",
        "N1",
        "C1",
    )
    assert (
        cases.loc["DS2", "commune_code"] == "N2" and cases.loc["DS2", "commune_code_2024"] == "C3"
    )
    # DS4 lies ≈ 1.1 km from V6: none of V6's people (a 300 m disc) is inside the 500 m area
    assert (
        cases.loc["DS4", "people_affected"] == 0.0
        and cases.loc["DS4", "people_source"] == "village"
    )


def test_village_share_hand_computed(ws):
    # a report at V3 holds all its 100 people (its 300 m disc lies inside the 500 m disc)
    (cid,) = actions.open_cases(
        ws, ADMIN, [{"source": "province", "lon": 106.13, "lat": 20.05}], today=TODAY
    )
    assert queries.show(ws, cid).case["people_affected"] == 100.0
    # the lens of two discs (r 500 m, 300 m) 500 m apart, by hand:
    # α = acos(0.82) = 0.609385, β = acos(0.3) = 1.266104,
    # lens = 500²(α − sin 2α / 2) + 300²(β − sin 2β / 2) = 35 011.8 + 88 193.0 = 123 204.8 m²
    # share = 123 204.8 / (π 300²) = 0.435748 (shapely's intersection of the two discs agrees)
    assert disc_overlap(500.0, 500.0, 300.0) == pytest.approx(0.435748, abs=1e-5)
    assert disc_overlap(0.0, 500.0, 300.0) == 1.0 and disc_overlap(800.0, 500.0, 300.0) == 0.0
    assert disc_overlap(0.0, 300.0, 500.0) == pytest.approx(0.36)


def test_an_operator_report_prefers_its_own_scope(ws):
    item = {"source": "operator-report", "lon": 106.13, "lat": 20.085, "operators": "Viettel"}
    (cid,) = actions.open_cases(ws, VIETTEL, [item], today=TODAY)
    case = queries.show(ws, cid).case
    assert case["modelled_ref"] == "fixture/viettel-1" and case["operators"] == "viettel"


def _through_the_cycle(ws, cid: str) -> None:
    ev = {"evidence": [{"kind": "ref", "ref": "site visit"}]}
    actions.act(ws, cid, "confirm", ADMIN, ev, today=TODAY)
    actions.act(ws, cid, "assign", ADMIN, {"operator": "viettel", "due_days": 30}, today=TODAY)
    actions.act(ws, cid, "dispute", VIETTEL, {"reason": "site-on-air", **ev}, today=TODAY)
    actions.act(ws, cid, "uphold", ADMIN, {"note": "the site is 2 km away"}, today=TODAY)
    actions.act(
        ws,
        cid,
        "accept",
        VIETTEL,
        {"planned_on": "2025-12-01", "planned_action": "sharing", "rnas_code": 3},
        today=TODAY,
    )


def test_history_is_appended_and_the_register_rebuilds_from_it(ws):
    workflow.sync(ws, ADMIN, today=TODAY)
    cid = queries.list_cases(ws, today=TODAY)["case_id"].iloc[0]
    with ws.connect(read_only=True) as con:
        before = store.read_events(con)
    _through_the_cycle(ws, cid)
    with ws.connect(read_only=True) as con:
        after = store.read_events(con)
    assert _events(after.head(len(before))) == _events(before)  # nothing rewritten
    steps = after[after["case_id"] == cid]["action"].tolist()
    assert steps == ["open", "confirm", "assign", "dispute", "uphold", "accept"]
    last = after.iloc[-1]
    assert (last["actor"], last["role"], last["actor_operator"]) == (
        "viettel-planner",
        "operator",
        "viettel",
    )
    assert "hat_" not in " ".join(after.astype(str).sum())  # no secret anywhere
    pd.testing.assert_frame_equal(workflow.replayed(ws), _stored(ws))
    case = queries.show(ws, cid, today=TODAY).case
    assert (case["state"], case["decision"], case["rnas_code"]) == ("accepted", "upheld", 3)
    assert case["response_due"] == pd.Timestamp("2025-11-14")  # uphold: 30 days to plan


def test_rebuild_writes_the_fold_of_the_history(ws):
    workflow.sync(ws, ADMIN, today=TODAY)
    cid = queries.list_cases(ws, today=TODAY)["case_id"].iloc[1]
    _through_the_cycle(ws, cid)
    expected = _stored(ws)
    with ws.connect() as con:  # damage the register: the history is the truth
        con.execute("UPDATE register_cases SET state = 'closed'")
    assert workflow.rebuild(ws) == 4
    pd.testing.assert_frame_equal(_stored(ws), expected)


def test_refusals_name_what_is_allowed(ws):
    workflow.sync(ws, ADMIN, today=TODAY)
    cid = queries.list_cases(ws, today=TODAY)["case_id"].iloc[0]
    with pytest.raises(
        StepNotAllowed, match=r"allowed next steps: confirm, reject, comment, update"
    ):
        actions.act(ws, cid, "assign", ADMIN, {"operator": "viettel"}, today=TODAY)
    with pytest.raises(Forbidden, match="an operator may not confirm"):
        actions.act(ws, cid, "confirm", VIETTEL, {"evidence": ["x"]}, today=TODAY)
    with pytest.raises(NotFound, match="no case 'C99999'"):
        actions.act(ws, "C99999", "confirm", ADMIN, {"evidence": ["x"]}, today=TODAY)
    with ws.connect(read_only=True) as con:
        assert len(store.read_events(con)) == 4  # the four openings, nothing refused


def test_overdue_and_filters(ws):
    workflow.sync(ws, ADMIN, today=TODAY)
    ids = queries.list_cases(ws, today=TODAY)["case_id"].tolist()
    for cid in ids[:2]:
        actions.act(ws, cid, "confirm", ADMIN, {"evidence": ["model"]}, today=TODAY)
        actions.act(ws, cid, "assign", ADMIN, {"operator": "viettel"}, today=TODAY)
    later = TODAY + dt.timedelta(days=61)
    listed = queries.list_cases(ws, queries.Filters(overdue=True), today=later)
    assert listed["case_id"].tolist() == ids[:2] and set(listed["overdue"]) == {"response"}
    assert queries.list_cases(ws, queries.Filters(overdue=True), today=TODAY).empty
    by_op = queries.list_cases(ws, queries.Filters(operator="viettel"), today=TODAY)
    assert by_op["case_id"].tolist() == ids[:2]

    def refs(code: str) -> set[str]:
        return set(queries.list_cases(ws, queries.Filters(commune=code), today=TODAY)["source_ref"])

    assert refs("C3") == {"DS2", "DS4"} and refs("N2") == {"DS2"}  # V6 of C3 went to N1


# ---- random histories on the real database --------------------------------------------

ACTIONS = [s.action for s in STEPS if s.sources and s.action not in ("verify",)]
INPUTS = {
    "evidence": [{"kind": "ref", "ref": "x"}],
    "reason": "other",
    "operator": "viettel",
    "planned_on": "2025-12-01",
    "planned_action": "new-site",
    "fixed_on": "2025-10-15",  # the day the model's case is opened: never before a case
    "fix_action": "new-site",
    "note": "n",
    "verification": "manual",
}


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.sampled_from(ACTIONS), st.sampled_from([ADMIN, VIETTEL])),
        max_size=25,
    )
)
def test_random_histories_replay_to_the_stored_register(ws, seq):
    if not queries.list_cases(ws, today=TODAY).shape[0]:
        workflow.sync(ws, ADMIN, today=TODAY)
    ids = queries.list_cases(ws, today=TODAY)["case_id"].tolist()
    for k, action, actor in seq:
        try:
            actions.act(ws, ids[k % len(ids)], action, actor, INPUTS, today=TODAY)
        except (Forbidden, StepNotAllowed):
            pass
    pd.testing.assert_frame_equal(workflow.replayed(ws), _stored(ws))
    assert not math.isnan(len(ids))
