"""Golden files of what the importers load, report and quarantine.

    python tests/io/golden/golden.py            # re-record expected/*.json (corpus kept)
    python tests/io/golden/golden.py --corpus   # also rewrite the corpus files
    python tests/io/golden/golden.py --demo     # also re-record expected/demo.json

The corpus (corpus/) is a set of small files, most of them bad, each imported into the
test workspace of tests/io/conftest.py as its kind, once with --on-error fail and once
with quarantine. expected/<case>.json records, for each mode, the refusal (message,
every problem line and type) or the report, the rows loaded and the quarantine file.
expected/demo.json records what `hatang demo` (seed 137) imports from its raw files:
every `imports` row and, per table, the row count and a digest of the content.
tests/io/test_io_golden.py holds the importers to these files; re-record only when a
change of behaviour is intended, and say why in the commit.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
EXPECTED = HERE / "expected"
EXAMPLES = HERE.parents[2] / "docs" / "examples"
DEMO_SEED = 137


_spec = importlib.util.spec_from_file_location("io_golden_cases", HERE / "golden_cases.py")
assert _spec and _spec.loader
_cases = importlib.util.module_from_spec(_spec)
sys.modules["io_golden_cases"] = _cases  # dataclasses look their module up
_spec.loader.exec_module(_cases)
Case = _cases.Case
CASES: list[Any] = _cases.CASES


# ---- recording ---------------------------------------------------------------------------


def _plain(v: Any) -> Any:
    """A value as JSON keeps it: dates and timestamps as ISO text."""
    if v is None or isinstance(v, bool | int | str):
        return v
    if isinstance(v, float):
        return v if v == v else "NaN"
    if isinstance(v, dt.date | dt.datetime):
        return v.isoformat()
    return str(v)


def _loaded(ws: Any, tables: tuple[str, ...], import_id: int | None) -> dict[str, list[list[Any]]]:
    out: dict[str, list[list[Any]]] = {}
    with ws.connect(read_only=True) as con:
        for t in tables:
            rows = con.execute(
                f'SELECT * EXCLUDE (import_id) FROM "{t}" WHERE import_id IS NOT DISTINCT FROM ? '
                "ORDER BY ALL",
                [import_id],
            ).fetchall()
            out[t] = [[_plain(v) for v in r] for r in rows]
    return out


def _quarantine(path: Path | None) -> list[str] | None:
    if path is None:
        return None
    return path.read_text(encoding="utf-8-sig").splitlines()


def outcome(ws: Any, case: Case, path: Path, on_error: str) -> dict[str, Any]:
    """What importing `path` as the case's kind gives: a refusal or a report."""
    from hatang.errors import HatangError, ImportFailed
    from hatang.io import IMPORTERS, import_file

    try:
        report = import_file(
            ws,
            case.kind,
            path,
            period=case.period,
            on_error=on_error,
            options=case.options,  # type: ignore[arg-type]
        )
    except ImportFailed as e:
        return {
            "refused": type(e).__name__,
            "message": str(e),
            "problems": [[str(p), p.type] for p in e.problems],
        }
    except HatangError as e:
        return {"refused": type(e).__name__, "message": str(e)}
    d = report.as_dict()
    d["quarantine_file"] = report.quarantine_file.name if report.quarantine_file else None
    d["problems"] = [[p["text"], p["type"]] for p in d["problems"]]
    return {
        "report": d,
        "rows": _loaded(ws, IMPORTERS[case.kind].tables, report.import_id),
        "quarantine": _quarantine(report.quarantine_file),
    }


def _setup(ws: Any, case: Case) -> None:
    from hatang.io import import_file

    for kind, example, period in case.setup:
        import_file(ws, kind, EXAMPLES / example, period=period)


def record(case: Case, make_ws: Callable[[Path], Any], tmp: Path) -> dict[str, Any]:
    """Both modes of one case, each in a fresh workspace."""
    out: dict[str, Any] = {"kind": case.kind, "file": case.file, "period": case.period}
    out["options"] = case.options
    out["setup"] = [list(s) for s in case.setup]
    for mode in ("fail", "quarantine"):
        ws = make_ws(tmp / f"{case.name}-{mode}")
        _setup(ws, case)
        out[mode] = outcome(ws, case, CORPUS / case.file, mode)
    return out


def write_corpus(force: bool) -> None:
    CORPUS.mkdir(exist_ok=True)
    names = [c.file for c in CASES]
    assert len(names) == len(set(names)), "two cases share a file name"
    for case in CASES:
        path = CORPUS / case.file
        if path.exists() and not force:
            continue
        if isinstance(case.data, bytes):
            path.write_bytes(case.data)
        else:
            case.data(path)


def expected_path(case: Case) -> Path:
    return EXPECTED / f"{case.name}.json"


def dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# ---- the demo ----------------------------------------------------------------------------


def demo_record(ws: Any) -> dict[str, Any]:
    """Every imports row of a demo workspace and, per imported table, rows and digest."""
    from hatang.io import IMPORTERS

    tables = sorted({t for imp in IMPORTERS.values() for t in imp.tables})
    with ws.connect(read_only=True) as con:
        imports = con.execute(
            "SELECT * EXCLUDE (imported_at) FROM imports ORDER BY import_id"
        ).fetchall()
        names = [d[0] for d in con.description]
        out: dict[str, Any] = {
            "imports": [dict(zip(names, map(_plain, r), strict=True)) for r in imports],
            "tables": {},
        }
        for t in tables:
            n, digest = con.execute(
                f"SELECT count(*), md5(coalesce(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY CAST(t AS VARCHAR)), '')) FROM \"{t}\" t"
            ).fetchone()
            out["tables"][t] = {"rows": int(n), "md5": digest}
    return out


def _load_conftest() -> Any:
    spec = importlib.util.spec_from_file_location("io_conftest", HERE.parent / "conftest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> None:
    write_corpus(force="--corpus" in argv)
    EXPECTED.mkdir(exist_ok=True)
    conftest = _load_conftest()
    with tempfile.TemporaryDirectory() as tmp:
        template = conftest.make_workspace(Path(tmp) / "template").root

        def make_ws(root: Path) -> Any:
            from hatang import settings
            from hatang.store import Workspace

            shutil.copytree(template, root)
            return Workspace(root, settings.load(root / "hatang.toml"))

        known = set()
        for case in CASES:
            expected_path(case).write_text(dump(record(case, make_ws, Path(tmp))), encoding="utf-8")
            known.add(expected_path(case).name)
        for stale in EXPECTED.glob("*.json"):
            if stale.name not in known | {"demo.json"}:
                stale.unlink()
        if "--demo" in argv:
            from hatang.demo import build_demo

            ws = build_demo(Path(tmp) / "demo", seed=DEMO_SEED)
            (EXPECTED / "demo.json").write_text(dump(demo_record(ws)), encoding="utf-8")
    print(f"{len(CASES)} cases recorded in {EXPECTED}", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[2]))  # this checkout's hatang, not an installed one
    main(sys.argv[1:])
