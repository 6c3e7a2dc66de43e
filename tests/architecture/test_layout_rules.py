"""The rules docs/architecture.md states, checked on the source (not on a picture of it).

- only `hatang/store/` speaks SQL: no `.execute(` call and no `import duckdb` elsewhere;
- no import circle between modules of `hatang/` (imports inside functions count too:
  a circle that only works because one side imports late is still a circle);
- no module over ~500 lines, except the declarative schema.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "hatang"
MAX_LINES = 520
# the schema, and the fixture province (its tables written out by hand)
DECLARATIVE = {"hatang/model/schema.py", "hatang/testing.py"}


def _modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        out[rel] = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    return out


MODULES = _modules()


def _name(rel: str) -> str:
    name = rel[:-3].replace("/", ".")
    return name.removesuffix(".__init__")


def _speaks_sql(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in ("execute", "executemany", "sql") and not (
                isinstance(node.func.value, ast.Name) and node.func.value.id in ("re", "pool")
            ):
                found.append(f"line {node.lineno}: .{node.func.attr}(")
        if isinstance(node, ast.Import) and any(a.name == "duckdb" for a in node.names):
            found.append(f"line {node.lineno}: import duckdb")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("duckdb"):
            found.append(f"line {node.lineno}: from duckdb")
    return found


def _is_store(rel: str) -> bool:
    return rel.startswith("hatang/store/")


def test_only_the_store_speaks_sql():
    offenders = {
        rel: hits
        for rel, tree in MODULES.items()
        if not _is_store(rel) and (hits := _speaks_sql(tree))
    }
    assert not offenders, f"SQL outside hatang/store/: {offenders}"


def _imports(rel: str, tree: ast.Module) -> set[str]:
    """hatang modules `rel` imports (as module names), resolving relative imports and
    `from pkg import module`."""
    me = _name(rel)
    package = me if rel.endswith("__init__.py") else me.rpartition(".")[0]
    known = {_name(r) for r in MODULES}
    out: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                up = parts[: len(parts) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t.startswith("hatang") and t != me:
                out.add(t)
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _graph() -> dict[str, set[str]]:
    graph = {_name(rel): _imports(rel, tree) for rel, tree in MODULES.items()}
    # a package's __init__ re-exporting its modules is not a circle with them
    for name, deps in graph.items():
        graph[name] = {d for d in deps if not name.startswith(d + ".")}
    return graph


def test_no_import_circles():
    assert _cycles(_graph()) == []


def test_the_circle_check_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _lines(rel: str) -> int:
    return len((PACKAGE.parent / rel).read_text(encoding="utf-8").splitlines())


def test_modules_stay_small():
    long = {
        rel: _lines(rel) for rel in MODULES if rel not in DECLARATIVE and _lines(rel) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"
