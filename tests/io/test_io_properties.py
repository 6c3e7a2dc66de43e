"""Properties every import kind holds on any input (issue 11): random bytes and random
mutations of a valid file never raise anything but a hatang error; a refusal leaves
the database as it was; a problem in a row names that row."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hatang.errors import HatangError, ImportFailed
from hatang.io import IMPORTERS, import_file
from hatang.io.docs import example_file

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
EXTENSIONS = {"csv": ".csv", "xlsx": ".xlsx", "parquet": ".parquet", "geojson": ".geojson"}
PROPERTY = settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
#: refusals of a whole file that a changed cell can cause (no row to name)
WHOLE_FILE = {"outside-area", "header", "period", "empty-file", "encoding"}


def digest(ws, kind: str) -> dict[str, tuple[int, str]]:
    """Rows and a content digest of the tables `kind` writes and of `imports`."""
    with ws.connect(read_only=True) as con:
        names = [*IMPORTERS[kind].tables, "imports"]
        out = {}
        for name in names:
            n, md5 = con.execute(
                f"SELECT count(*), md5(coalesce(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY CAST(t AS VARCHAR)), '')) FROM \"{name}\" t"
            ).fetchone()
            out[name] = (n, md5)
    return out


def attempt(ws, kind: str, path: Path) -> ImportFailed | None:
    """Import in fail mode: the refusal, or None when it went in. Anything else fails."""
    before = digest(ws, kind)
    period = "2025Q3" if IMPORTERS[kind].period == "required" else None
    try:
        import_file(ws, kind, path, period=period)
    except ImportFailed as e:
        assert digest(ws, kind) == before, f"{kind}: a refused import changed the database"
        return e
    except HatangError:
        assert digest(ws, kind) == before
        return None
    return None


KINDS = sorted(IMPORTERS)
#: kinds read as rows (a DEM is a raster: random bytes only)
ROW_KINDS = [k for k in KINDS if not IMPORTERS[k].whole_file]


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.binary(max_size=600), fmt=st.sampled_from(sorted(EXTENSIONS)))
def test_random_bytes_end_in_a_clear_answer(ws, tmp_path_factory, kind, data, fmt):
    if fmt not in IMPORTERS[kind].formats:
        fmt = "csv"
    path = tmp_path_factory.mktemp("bytes") / f"random{EXTENSIONS[fmt]}"
    path.write_bytes(data)
    attempt(ws, kind, path)


CELL = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters='",\r\n'), max_size=12
)


def _mutated_csv(text: str, data: st.DataObject) -> tuple[str, int]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    first = (
        1
        if rows and not rows[0][0][:1].isdigit() and rows[0][0] not in ("LTE", "GSM", "UMTS", "NR")
        else 0
    )
    i = data.draw(st.integers(first, len(rows) - 1))
    j = data.draw(st.integers(0, len(rows[i]) - 1))
    rows[i][j] = data.draw(CELL)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue(), i + 1


@pytest.mark.parametrize("kind", ROW_KINDS)
@PROPERTY
@given(data=st.data())
def test_a_changed_cell_is_named_with_its_row(ws, tmp_path_factory, kind, data):
    example = EXAMPLES / example_file(kind)
    folder = tmp_path_factory.mktemp("mutated")
    if example.suffix == ".geojson":
        doc = json.loads(example.read_text(encoding="utf-8"))
        feature = data.draw(st.sampled_from(doc["features"]))
        key = data.draw(st.sampled_from(sorted(feature["properties"])))
        feature["properties"][key] = data.draw(st.one_of(CELL, st.integers(), st.none()))
        path = folder / example.name
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    else:
        text, _ = _mutated_csv(example.read_text(encoding="utf-8-sig"), data)
        path = folder / example.name
        path.write_text(text, encoding="utf-8")
    error = attempt(ws, kind, path)
    if error is not None:
        for p in error.problems:
            assert p.row is not None or p.type in WHOLE_FILE, f"{kind}: {p} names no row"
