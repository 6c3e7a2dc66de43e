"""A count that was not reported is missing in every output, never 0 (issue 18 §6):
delete one commune's 2025Q4 subscriptions from a copy of the fixture province and read
the value back from the stored table, the published CSV and Parquet, the scorecard JSON
and the commune's page."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from hatang.indicators import scorecard, scorecard_json
from hatang.web.views import refresh_indicators

WHERE = "unit_code = 'N2' AND period = '2025Q4'"


def _missing_n2(fresh_ws):
    with fresh_ws.connect() as con:
        con.execute(f"DELETE FROM subscriptions WHERE {WHERE}")
    refresh_indicators(fresh_ws)
    return fresh_ws


def _row(frame: pd.DataFrame) -> pd.Series:
    hit = frame[
        (frame["indicator"] == "mobile_subscriptions")
        & (frame["unit_code"].astype(str) == "N2")
        & (frame["period"].astype(str) == "2025Q4")
        & (frame["map"].astype(str) == "2025")
    ]
    assert len(hit) == 1
    return hit.iloc[0]


def test_a_missing_count_is_null_in_csv_and_parquet(fresh_ws, make_client):
    ws = _missing_n2(fresh_ws)
    with make_client(ws) as client:
        csv = client.get("/dataset/indicator-values/indicator-values.csv")
        parquet = client.get("/dataset/indicator-values/indicator-values.parquet")
    assert csv.status_code == parquet.status_code == 200
    from_csv = _row(pd.read_csv(io.BytesIO(csv.content), dtype={"unit_code": str}))
    from_parquet = _row(pd.read_parquet(io.BytesIO(parquet.content)))
    for row in (from_csv, from_parquet):
        assert pd.isna(row["value"]), row["value"]  # not 0
        assert row["no_data_reason"] == "no subscriptions data for this unit in 2025Q4"
        assert not bool(row["reliable"])
    # the other commune reported: its count is there
    table = pd.read_parquet(io.BytesIO(parquet.content))
    n1 = table[
        (table["indicator"] == "mobile_subscriptions")
        & (table["unit_code"] == "N1")
        & (table["period"] == "2025Q4")
        & (table["map"].astype(str) == "2025")
    ]
    assert n1["value"].tolist() == [910.0]  # 720 viettel + 190 vnpt


def test_a_missing_value_is_never_a_zero_in_the_json_or_on_the_page(fresh_ws, make_client):
    ws = _missing_n2(fresh_ws)
    frame = scorecard(ws, unit="N2", map="2025", refresh=False)
    doc = json.loads(scorecard_json(frame, plan_id="p", map_="2025", synthetic=True))
    row = next(r for r in doc["rows"] if r["indicator"] == "mobile_broadband_per_100")
    # 2025Q4 has no value: the 2025Q3 one (100 of 150 people) shows with its period, unjudged
    assert row["value"] == pytest.approx(100 / 1.5) and row["period"] == "2025Q3"
    assert row["as_of"] == "2025Q4" and row["status"] == "no current data"
    assert [p for p, _ in row["trend"]] == ["2024Q4", "2025Q2", "2025Q3"]  # no 2025Q4 point
    with make_client(ws) as client:
        page = client.get("/commune/N2?lang=en").text
    start = page.index('data-indicator="mobile_broadband_per_100"')
    cells = page[start : page.index("</tr>", start)]
    assert "2025Q3" in cells and "no current data" in cells
    value_cell = cells.split('<td class="num"')[1]
    assert "66.7" in value_cell and ">0<" not in value_cell
