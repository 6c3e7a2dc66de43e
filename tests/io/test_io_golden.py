"""The importers held to golden files: for every file of the corpus (tests/io/golden/)
the refusal or the report, the rows loaded and the quarantine file, in both modes;
and what the demo province imports from its raw files.

Re-record with `python tests/io/golden/golden.py` only when a change of behaviour is
intended (see that file)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "io_golden", Path(__file__).resolve().parent / "golden" / "golden.py"
)
assert _spec and _spec.loader
golden = importlib.util.module_from_spec(_spec)
sys.modules["io_golden"] = golden  # dataclasses look their module up
_spec.loader.exec_module(golden)

RERECORD = "intended? re-record: python tests/io/golden/golden.py"


def expected(case) -> dict:
    return json.loads(golden.expected_path(case).read_text(encoding="utf-8"))


def test_every_case_has_its_file_and_golden():
    for case in golden.CASES:
        assert (golden.CORPUS / case.file).is_file(), f"{case.file}: {RERECORD} --corpus"
        e = expected(case)
        assert (e["kind"], e["file"], e["period"], e["options"]) == (
            case.kind,
            case.file,
            case.period,
            case.options,
        ), f"{case.name}: the case changed; {RERECORD}"
    recorded = {p.stem for p in golden.EXPECTED.glob("*.json")} - {"demo"}
    assert recorded == {c.name for c in golden.CASES}


@pytest.mark.parametrize("mode", ["fail", "quarantine"])
@pytest.mark.parametrize("case", golden.CASES, ids=lambda c: c.name)
def test_corpus_file_imports_as_recorded(ws, case, mode):
    golden._setup(ws, case)
    got = golden.outcome(ws, case, golden.CORPUS / case.file, mode)
    want = expected(case)[mode]
    assert got.keys() == want.keys()
    for key in want:  # one key at a time: a readable difference
        assert got[key] == want[key], f"{case.name} ({mode}): {key} differs; {RERECORD}"


@pytest.mark.slow
def test_demo_imports_as_recorded(demo_workspace):
    want = json.loads((golden.EXPECTED / "demo.json").read_text(encoding="utf-8"))
    got = golden.demo_record(demo_workspace)
    files = [(i["kind"], i["file_name"], i["sha256"]) for i in got["imports"]]
    assert files == [(i["kind"], i["file_name"], i["sha256"]) for i in want["imports"]], (
        "the demo's raw files changed (its generator, not the importers); if on purpose, "
        f"{RERECORD} --demo"
    )
    assert got["imports"] == want["imports"], f"same raw files, other import results; {RERECORD}"
    assert got["tables"] == want["tables"], f"same raw files, other rows loaded; {RERECORD}"
