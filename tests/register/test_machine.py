"""The life cycle as declared (hatang.register.machine), checked pure: every allowed step
for every role, every illegal one refused naming the allowed ones, operators held to
their own cases; random sequences of steps never leave the declared machine and the
history they write replays to the same register."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatang.errors import ConfigError, Forbidden, StepNotAllowed
from hatang.register import cases as fold
from hatang.register import machine
from hatang.register.history import Pending, take
from hatang.register.machine import STATES, STEPS, Actor

TODAY = dt.date(2025, 10, 1)
ACTORS = {
    "admin": Actor("admin", "admin"),
    "analyst": Actor("office", "analyst"),
    "operator": Actor("viettel-planner", "operator", "viettel"),
    "citizen": machine.CITIZEN,
}
OTHER_OPERATOR = Actor("vnpt-planner", "operator", "vnpt")

#: inputs that satisfy every step's requirements
INPUTS = {
    "lon": 106.1,
    "lat": 20.05,
    "source": "citizen",
    "evidence": [{"kind": "ref", "ref": "photo"}],
    "reason": "other",
    "operator": "viettel",
    "planned_on": "2025-12-01",
    "planned_action": "new-site",
    "fixed_on": "2025-09-20",
    "fix_action": "sharing",
    "note": "seen",
    "verification": "12 of 12 tests",
}


def _case(state: str, assigned: str | None = "viettel") -> dict:
    case = fold.empty_case("C00001")
    case.update(
        state=state, assigned_operator=assigned, opened_on=dt.date(2025, 1, 1), synthetic=False
    )
    return case


def _pending() -> Pending:
    return Pending(1, 1, dt.datetime(2025, 10, 1, 9), False)


STATEFUL = [(s, src) for s in STEPS for src in s.sources]


def test_every_state_is_reachable_and_every_step_leads_to_a_state():
    targets = {s.target for s in STEPS if s.target}
    assert targets | {"reported"} == set(STATES)
    for s in STEPS:
        assert set(s.sources) <= set(STATES)
        assert set(s.roles) <= set(machine.ROLES)


@pytest.mark.parametrize(
    ("s", "source"), STATEFUL, ids=[f"{s.action}-from-{src}" for s, src in STATEFUL]
)
@pytest.mark.parametrize("role", list(ACTORS))
def test_each_step_from_each_state_for_each_role(s, source, role):
    actor = ACTORS[role]
    pending = _pending()
    if role in s.roles:
        event = take(pending, _case(source), s.action, actor, INPUTS, channel="test", today=TODAY)
        assert event["from_state"] == source
        assert event["to_state"] == (s.target or source)
        assert pending.cases["C00001"]["state"] == event["to_state"]
    else:
        with pytest.raises(Forbidden, match="may not"):
            take(pending, _case(source), s.action, actor, INPUTS, channel="test", today=TODAY)


ILLEGAL = [(s, state) for s in STEPS if s.sources for state in STATES if state not in s.sources]


@pytest.mark.parametrize(
    ("s", "state"), ILLEGAL, ids=[f"{s.action}-from-{st}" for s, st in ILLEGAL]
)
def test_each_illegal_step_is_refused_with_the_allowed_ones(s, state):
    with pytest.raises(StepNotAllowed) as e:
        take(
            _pending(), _case(state), s.action, ACTORS["admin"], INPUTS, channel="test", today=TODAY
        )
    allowed = machine.next_steps(state, ACTORS["admin"], "viettel")
    assert e.value.allowed == tuple(allowed)
    assert s.action not in allowed
    assert f"allowed next steps: {', '.join(allowed) or 'none'}" in str(e.value)


@pytest.mark.parametrize("action", [s.action for s in STEPS if s.own_case])
def test_an_operator_only_acts_on_its_own_cases(action):
    source = next(s for s in STEPS if s.action == action).sources[0]
    with pytest.raises(Forbidden, match="assigned to viettel"):
        take(_pending(), _case(source), action, OTHER_OPERATOR, INPUTS, channel="t", today=TODAY)
    with pytest.raises(Forbidden, match="not assigned"):
        take(
            _pending(),
            _case(source, None),
            action,
            ACTORS["operator"],
            INPUTS,
            channel="t",
            today=TODAY,
        )


def test_a_missing_input_is_named():
    with pytest.raises(ConfigError, match="accept needs planned_on, planned_action"):
        take(
            _pending(),
            _case("assigned"),
            "accept",
            ACTORS["operator"],
            {},
            channel="t",
            today=TODAY,
        )


def test_assign_sets_the_response_window():
    pending = _pending()
    take(
        pending,
        _case("confirmed"),
        "assign",
        ACTORS["analyst"],
        {"operator": "Vinaphone"},
        channel="t",
        today=TODAY,
    )
    case = pending.cases["C00001"]
    assert case["assigned_operator"] == "vnpt"
    assert case["response_due"] == dt.date(2025, 11, 30)  # 60 days


def test_an_unknown_reason_code_is_refused():
    with pytest.raises(ConfigError, match="unknown dispute reason code 'because'"):
        take(
            _pending(),
            _case("assigned"),
            "dispute",
            ACTORS["operator"],
            {**INPUTS, "reason": "because"},
            channel="t",
            today=TODAY,
        )


# ---- random sequences ------------------------------------------------------------------

attempts = st.lists(
    st.tuples(
        st.integers(0, 2),  # which of three cases
        st.sampled_from([s.action for s in STEPS if s.sources]),
        st.sampled_from([*ACTORS.values(), OTHER_OPERATOR]),
    ),
    max_size=60,
)


def _opened(pending: Pending, n: int) -> None:
    s = machine.step("open")
    for _ in range(n):
        cid = f"C{pending.number:05d}"
        pending.number += 1
        fields = {"source": "province", "lon": 106.1, "lat": 20.0, "opened_on": dt.date(2025, 1, 1)}
        pending.add(None, cid, s, ACTORS["analyst"], "test", fields, {})


@settings(max_examples=150, deadline=None)
@given(attempts)
def test_random_steps_stay_in_the_machine_and_replay(seq):
    pending = _pending()
    _opened(pending, 3)
    for k, action, actor in seq:
        cid = f"C{k + 1:05d}"
        before = pending.cases[cid]
        try:
            event = take(pending, before, action, actor, INPUTS, channel="t", today=TODAY)
        except (Forbidden, StepNotAllowed):
            assert pending.cases[cid] is before  # a refused step changes nothing
            continue
        s = machine.step(action)
        assert before["state"] in s.sources and machine.may(s, actor, before["assigned_operator"])
        assert event["to_state"] in STATES
    for case in pending.cases.values():
        assert case["state"] in STATES
    assert fold.replay(pending.events) == pending.cases
