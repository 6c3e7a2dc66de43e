"""The demo's dead-spot register (hatang.demo.register): its 300+ reported dead spots
are cases in realistic states on 31 December 2025 — assigned and overdue, disputed and
decided, fixed and verified by the office's drive tests — every one labelled synthetic,
its history replaying to the register, the run's calibration untouched."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from hatang.register import queries, workflow
from hatang.store import register as store

pytestmark = pytest.mark.slow
AS_OF = dt.date(2025, 12, 31)


@pytest.fixture(scope="module")
def demo(demo_workspace, tmp_path_factory):
    """The demo with its results (coverage, the register finished, indicators)."""
    from hatang.demo.build import compute_results
    from hatang.store import Workspace

    target = tmp_path_factory.mktemp("demo-register") / "ws"
    shutil.copytree(demo_workspace.root, target)
    ws = Workspace.open(target)
    lines = compute_results(ws)
    assert any(line.startswith("register: 6 fixes verified") for line in lines), lines
    return ws


def test_build_demo_leaves_a_register_with_its_bulk_files(demo_workspace):
    cases = queries.list_cases(demo_workspace, today=AS_OF)
    assert (cases["source"] == "operator-report").sum() == 312
    assert {"challenge", "citizen"} <= set(cases["source"])
    with demo_workspace.connect(read_only=True) as con:
        kinds = set(con.execute("SELECT kind FROM imports").df()["kind"])
    assert {"challenges", "responses"} <= kinds


def test_cases_in_realistic_states(demo):
    cases = queries.list_cases(demo, today=AS_OF)
    counts = cases["state"].value_counts()
    assert len(cases) > 300
    for state in ("reported", "assigned", "accepted", "disputed", "fixed", "verified", "closed"):
        assert counts.get(state, 0) > 0, state
    overdue = cases[cases["overdue"] == "response"]
    assert 20 < len(overdue) < len(cases[cases["state"] == "assigned"])  # some are still in time
    assert set(cases["source"]) == {"operator-report", "model", "challenge", "citizen"}
    assert cases["synthetic"].all()


def test_fixes_verified_by_its_drive_tests(demo):
    with demo.connect(read_only=True) as con:
        events = store.read_events(con)
    verified = events[events["action"] == "verify"]
    assert len(verified) == 6
    assert verified["changes"].str.contains("tests after").all()  # by measurements
    failed = events[events["action"] == "verification-failed"]
    assert len(failed) > 0 and failed["changes"].str.contains("10 needed").all()


def test_the_history_replays_and_is_synthetic(demo):
    with demo.connect(read_only=True) as con:
        events = store.read_events(con)
        stored = store.read_cases(con)
    assert events["synthetic"].all()
    assert (pd.to_datetime(events["at"]).dt.date <= AS_OF).all()
    assert pd.to_datetime(events["at"]).is_monotonic_increasing  # seq order is time order
    assert len(workflow.replayed(demo)) == len(stored)


def test_the_run_was_calibrated_before_the_verification_campaign(demo):
    with demo.connect(read_only=True) as con:
        run = con.execute("SELECT created_at FROM coverage_runs").fetchone()[0]
        campaign = con.execute(
            "SELECT imported_at FROM imports WHERE file_name = 'do-kiem-xac-minh_drive-tests.csv'"
        ).fetchone()[0]
    assert run < campaign


def test_register_indicators_agree_with_the_register(demo):
    cases = queries.list_cases(demo, today=AS_OF)
    with demo.connect(read_only=True) as con:
        values = (
            con.execute(
                "SELECT indicator, value FROM indicator_values WHERE period = '2025Q4' "
                "AND level = 'province' AND map = '2025' AND indicator LIKE 'register_%'"
            )
            .df()
            .set_index("indicator")["value"]
        )
    assert values["register_open_cases"] == cases["open"].sum()
    assert values["register_overdue_cases"] == cases["overdue"].notna().sum()
    assert values["register_verified_cases"] == 6
