"""A national budget split by need (`planning.allocation`): hand-computed shares on
small rankings, and the invariants of any split."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from hatang.planning.allocation import hull_segments, split_budget


def ranked(costs: list[float], people: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"cost_vnd": costs, "people_new": people})


def test_an_action_that_pays_off_with_the_next_is_bought_with_it() -> None:
    # (0,0) → (1,1) → (2,4): the first action lies under the chord to the second
    segs = hull_segments("A", np.array([1.0, 1.0]), np.array([1.0, 3.0]))
    assert [(s.cost, s.value, s.end) for s in segs] == [(2.0, 4.0, 2)]
    # falling prices stay apart: 10 people for 2, then 3 for 3
    segs = hull_segments("A", np.array([2.0, 3.0]), np.array([10.0, 3.0]))
    assert [(s.cost, s.value, s.price) for s in segs] == [(2.0, 10.0, 5.0), (3.0, 3.0, 1.0)]


def test_money_goes_where_the_next_dong_covers_most() -> None:
    # A: 10 people for 2 (price 5), then 3 for 3 (price 1); B: 12 for 4 (price 3).
    # Budget 7: A's first (2, 5 left), B's (4, 1 left); A's second costs 3 > 1: A stops.
    shares = split_budget({"A": ranked([2, 3], [10, 3]), "B": ranked([4], [12])}, 7)
    assert shares == {"A": 2.0, "B": 4.0}
    # budget 9: everything fits
    assert split_budget({"A": ranked([2, 3], [10, 3]), "B": ranked([4], [12])}, 9) == {
        "A": 5.0,
        "B": 4.0,
    }


def test_a_cheap_segment_first_never_beats_the_best_province_alone() -> None:
    # B's 2 people for 1 (price 2) come first, then A's 100 for 100 no longer fit in
    # 100: giving A everything covers 100 people, not 2
    shares = split_budget({"A": ranked([100], [100]), "B": ranked([1], [2])}, 100)
    assert shares == {"A": 100.0, "B": 0.0}


def test_a_province_with_nothing_to_buy_gets_nothing() -> None:
    shares = split_budget({"A": ranked([], []), "B": ranked([5], [1])}, 10)
    assert shares == {"A": 0.0, "B": 5.0}


rankings = st.lists(st.tuples(st.floats(0.5, 50), st.floats(0, 100)), min_size=0, max_size=6).map(
    lambda r: ranked([c for c, _ in r], [p for _, p in r])
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from("ABCD"), rankings, min_size=1), st.floats(0, 200))
def test_shares_are_prefixes_of_each_ranking_within_the_budget(actions, budget) -> None:
    shares = split_budget(actions, budget)
    assert set(shares) == set(actions)
    assert sum(shares.values()) <= budget + 1e-6
    for code, a in actions.items():
        prefixes = np.concatenate([[0.0], np.cumsum(a["cost_vnd"].to_numpy())])
        assert np.isclose(prefixes, shares[code]).any(), (code, shares[code], prefixes)

    # never worse than the best province alone with the whole budget
    def covered(code: str, money: float) -> float:
        a = actions[code]
        within = np.cumsum(a["cost_vnd"].to_numpy()) <= money + 1e-6
        return float(a["people_new"].to_numpy()[within].sum())

    got = sum(covered(c, s) for c, s in shares.items())
    assert got >= max(covered(c, budget) for c in actions) - 1e-6
