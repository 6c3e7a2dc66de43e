"""Plans as data: TOML files with targets over catalogue indicators.

A plan file::

    id = "kh-137-2024"            # lower-case letters, digits and dashes
    number = "137/KH-UBND"
    title = "..."
    issuing_body = "UBND tỉnh Nam Định"
    date = 2024-10-08
    scope = { map = "2024", code = "36" }   # a unit on either map

    [[target]]
    no = 1
    pillar = "mobile broadband"
    indicator = "mobile_broadband_per_100"   # an id of the catalogue
    comparator = ">="                        # >=, <= or ==
    value = 85
    deadline = "2025"                        # a period: 2025 = end of 2025, or 2025Q4

A national plan has the country as its scope (`scope = { map = "2025", code = "VN" }`):
its targets are each province's unless the plan sets the province's own, and it may
give each province a budget for the site planner (`plan-sites --by province`)::

    [province."12"]                  # Lai Châu (a 2025 province code)
    budget_vnd = 50_000_000_000
    targets = { 1 = 60, 4 = 40 }     # target no → this province's value

`Plan.for_province(code)` is the plan as it applies to one province.

Packaged plans live in hatang/indicators/plans/; `hatang plan add FILE` validates a
file and copies it to the workspace's plans/ folder as <id>.toml. A plan applies to a
workspace when its scope unit is one of the workspace's units (`applicable_plans`);
`hatang plan new` writes a commented template (planfile.py) for a province without one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from hatang.errors import ConfigError, NotFound
from hatang.indicators.catalogue import read_catalogue
from hatang.model.periods import parse_period

COMPARATORS = (">=", "<=", "==")
#: the scope code of a national plan (2025 map): the whole country, which the engine
#: computes as one aggregate unit (`boundaries.plan_scopes`)
COUNTRY = "VN"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Target:
    no: int
    pillar: str
    indicator: str
    comparator: str
    value: float
    deadline: str

    def met(self, value: float | None) -> bool:
        if value is None or value != value:
            return False
        if self.comparator == ">=":
            return value >= self.value - 1e-9
        if self.comparator == "<=":
            return value <= self.value + 1e-9
        return abs(value - self.value) <= 1e-9 * max(1.0, abs(self.value))


def relative_gap(value: float, comparator: str, target: float) -> float:
    """How far `value` falls short of `comparator target`, as a share of the target
    (negative once met): how the scorecard ranks the units furthest from a target."""
    scale = max(abs(target), 1e-9)
    if comparator == ">=":
        return (target - value) / scale
    if comparator == "<=":
        return (value - target) / scale
    return abs(value - target) / scale


@dataclass(frozen=True)
class Plan:
    id: str
    number: str
    title: str
    issuing_body: str
    date: dt.date | None
    scope_map: str
    scope_code: str
    targets: tuple[Target, ...]
    source: str
    title_en: str = ""
    #: a national plan's own targets (target no → value) and budgets per 2025 province
    province_targets: dict[str, dict[int, float]] = field(default_factory=dict)
    province_budgets: dict[str, float] = field(default_factory=dict)

    @property
    def national(self) -> bool:
        return self.scope_map == "2025" and self.scope_code == COUNTRY

    def for_province(self, code: str) -> Plan:
        """A national plan as it applies to 2025 province `code`: scoped to it, with the
        province's own target values where the plan sets them."""
        if not self.national:
            raise ConfigError(
                f"plan {self.id} is not a national plan (its scope is {self.scope_code})"
            )
        own = self.province_targets.get(code, {})
        targets = tuple(dataclasses.replace(t, value=own.get(t.no, t.value)) for t in self.targets)
        return dataclasses.replace(self, scope_map="2025", scope_code=code, targets=targets)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "title": self.title,
            "title_en": self.title_en,
            "issuing_body": self.issuing_body,
            "date": self.date.isoformat() if self.date else None,
            "scope": {"map": self.scope_map, "code": self.scope_code},
            "source": self.source,
            "targets": [t.__dict__ for t in self.targets],
            "provinces": {
                c: {
                    "targets": self.province_targets.get(c, {}),
                    "budget_vnd": self.province_budgets.get(c),
                }
                for c in sorted(set(self.province_targets) | set(self.province_budgets))
            },
        }


def parse_plan(text: str, where: str) -> Plan:
    """Validate a plan file's text; every error names the file and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{where}: not valid TOML: {e}") from e
    if "target" not in data:
        raise ConfigError(
            f"{where}: no [[target]] table — remove the '# ' before the block of each target "
            "the plan sets (`hatang plan new` writes them commented)"
        )
    for key in ("id", "number", "title", "issuing_body", "scope"):
        if key not in data:
            raise ConfigError(f"{where}: missing key {key!r}")
    for key in ("number", "title", "issuing_body"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise ConfigError(
                f"{where}: {key} = {data[key]!r} — fill in the plan's {key.replace('_', ' ')}"
            )
    ident = data["id"]
    if not isinstance(ident, str) or not _ID.match(ident):
        raise ConfigError(f"{where}: id = {ident!r} — use lower-case letters, digits and dashes")
    scope = data["scope"]
    if (
        not isinstance(scope, dict)
        or str(scope.get("map")) not in ("2024", "2025")
        or not scope.get("code")
    ):
        raise ConfigError(
            f'{where}: scope = {scope!r} — expected {{ map = "2024" or "2025", code = "UNIT CODE" }}'
        )
    date = data.get("date")
    if date is not None and not isinstance(date, dt.date):
        raise ConfigError(f"{where}: date = {date!r} — expected a TOML date such as 2024-10-08")
    catalogue = read_catalogue()
    targets: list[Target] = []
    if not isinstance(data["target"], list) or not data["target"]:
        raise ConfigError(f"{where}: target — expected one or more [[target]] tables")
    for i, t in enumerate(data["target"]):
        key = f"target[{i + 1}]"
        for k in ("indicator", "comparator", "value", "deadline"):
            if k not in t:
                raise ConfigError(f"{where}: {key}.{k}: missing")
        if t["indicator"] not in catalogue:
            raise ConfigError(
                f"{where}: {key}.indicator = {t['indicator']!r} — not in the indicator catalogue (see `hatang indicators`)"
            )
        if t["comparator"] not in COMPARATORS:
            raise ConfigError(
                f"{where}: {key}.comparator = {t['comparator']!r} — expected one of {', '.join(COMPARATORS)}"
            )
        if isinstance(t["value"], bool) or not isinstance(t["value"], int | float):
            raise ConfigError(f"{where}: {key}.value = {t['value']!r} — expected a number")
        try:
            deadline = parse_period(str(t["deadline"]))
        except ValueError:
            raise ConfigError(
                f"{where}: {key}.deadline = {t['deadline']!r} — expected a year (2025) or a quarter (2025Q4)"
            ) from None
        targets.append(
            Target(
                no=int(t.get("no", i + 1)),
                pillar=str(t.get("pillar", "")),
                indicator=t["indicator"],
                comparator=t["comparator"],
                value=float(t["value"]),
                deadline=deadline,
            )
        )
    own, budgets = _provinces(data.get("province", {}), targets, where)
    if (own or budgets) and not (str(scope["map"]) == "2025" and str(scope["code"]) == COUNTRY):
        raise ConfigError(
            f'{where}: [province.CODE] tables belong to a national plan (scope = {{ map = "2025", code = "{COUNTRY}" }})'
        )
    return Plan(
        id=ident,
        number=str(data["number"]),
        title=str(data["title"]),
        title_en=str(data.get("title_en", "")),
        issuing_body=str(data["issuing_body"]),
        date=date,
        scope_map=str(scope["map"]),
        scope_code=str(scope["code"]),
        targets=tuple(targets),
        source=where,
        province_targets=own,
        province_budgets=budgets,
    )


def _provinces(
    data: Any, targets: list[Target], where: str
) -> tuple[dict[str, dict[int, float]], dict[str, float]]:
    """The [province.CODE] tables of a national plan: own target values and budgets."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: province — expected [province.CODE] tables")
    nos = {t.no for t in targets}
    own: dict[str, dict[int, float]] = {}
    budgets: dict[str, float] = {}
    for code, table in data.items():
        key = f"province.{code}"
        if not re.fullmatch(r"\d{2}", str(code)) or not isinstance(table, dict):
            raise ConfigError(f'{where}: {key} — expected a 2025 province code such as "12"')
        extra = sorted(set(table) - {"targets", "budget_vnd"})
        if extra:
            raise ConfigError(f"{where}: {key}.{extra[0]}: unknown key (targets, budget_vnd)")
        if "budget_vnd" in table:
            budgets[code] = _number(table["budget_vnd"], f"{where}: {key}.budget_vnd", 0)
        values = table.get("targets", {})
        if not isinstance(values, dict):
            raise ConfigError(f"{where}: {key}.targets — expected {{ TARGET_NO = VALUE, ... }}")
        for no, v in values.items():
            if not str(no).isdigit() or int(no) not in nos:
                raise ConfigError(f"{where}: {key}.targets.{no}: no target number {no} in the plan")
            own.setdefault(code, {})[int(no)] = _number(v, f"{where}: {key}.targets.{no}")
    return own, budgets


def _number(v: Any, where: str, minimum: float | None = None) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ConfigError(f"{where} = {v!r} — expected a number")
    if minimum is not None and v < minimum:
        raise ConfigError(f"{where} = {v!r} — must not be negative")
    return float(v)


def _packaged() -> dict[str, Plan]:
    out = {}
    folder = resources.files("hatang.indicators").joinpath("plans")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            plan = parse_plan(entry.read_text(encoding="utf-8"), f"(packaged) {entry.name}")
            out[plan.id] = plan
    return out


def plans_dir(root: Path) -> Path:
    return Path(root) / "plans"


def list_plans(root: Path | None = None) -> dict[str, Plan]:
    """Packaged plans, then the workspace's (a workspace plan with the same id wins)."""
    out = _packaged()
    if root is not None and plans_dir(root).is_dir():
        for path in sorted(plans_dir(root).glob("*.toml")):
            plan = parse_plan(path.read_text(encoding="utf-8"), str(path))
            out[plan.id] = plan
    return out


def get_plan(plan_id: str, root: Path | None = None) -> Plan:
    plans = list_plans(root)
    if plan_id not in plans:
        raise NotFound(
            f"no plan {plan_id!r} (known: {', '.join(plans) or 'none'}); add one with `hatang plan add FILE`"
        )
    return plans[plan_id]


def applicable_plans(plans: dict[str, Plan], unit_keys: set[tuple[str, str]]) -> list[Plan]:
    """The plans whose scope (map, code) is among the workspace's units, in id order."""
    return [p for _, p in sorted(plans.items()) if (p.scope_map, p.scope_code) in unit_keys]


def default_plan(root: Path, unit_keys: set[tuple[str, str]], province: str) -> Plan:
    """The one plan that applies to a workspace: its own plans first, then the packaged ones.

    A new province's workspace has none; the error says how to add one rather than
    scoring another province's plan against units it does not hold.
    """
    own = {k: p for k, p in list_plans(root).items() if not p.source.startswith("(packaged)")}
    found = applicable_plans(own, unit_keys) or applicable_plans(_packaged(), unit_keys)
    if not found:
        raise NotFound(
            f"this workspace ({province}) has no plan: write a template with "
            "`hatang plan new plan.toml`, fill in its targets, then `hatang plan add plan.toml`"
        )
    if len(found) > 1:
        ids = ", ".join(p.id for p in found)
        raise ConfigError(
            f"several plans apply to this workspace ({ids}): choose one with --plan ID"
        )
    return found[0]


def national_plans(root: Path | None) -> list[Plan]:
    """The national plans (scope: the country) known to a workspace, in id order."""
    return [p for _, p in sorted(list_plans(root).items()) if p.national]


def province_plan(root: Path, code: str, unit_keys: set[tuple[str, str]]) -> Plan:
    """The plan of 2025 province `code` in a national workspace (`unit_keys`: the
    province's units): a plan whose scope is one of them (the workspace's own first),
    else the national plan as it applies to the province (`Plan.for_province`)."""
    own = {k: p for k, p in list_plans(root).items() if not p.source.startswith("(packaged)")}
    found = applicable_plans(own, unit_keys) or applicable_plans(_packaged(), unit_keys)
    found = found or [p.for_province(code) for p in national_plans(root)]
    if not found:
        raise NotFound(
            f"province {code} has no plan in this workspace: add its own (`hatang plan new "
            "plan.toml`, then `hatang plan add plan.toml`) or a national plan"
        )
    if len(found) > 1:
        ids = ", ".join(p.id for p in found)
        raise ConfigError(
            f"several plans apply to province {code} ({ids}): choose one with --plan ID"
        )
    return found[0]


def add_plan(root: Path, path: Path, *, replace: bool = False) -> Plan:
    """Validate a plan file and keep a copy in the workspace's plans/ folder."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    plan = parse_plan(text, str(path))
    target = plans_dir(root) / f"{plan.id}.toml"
    if target.exists() and not replace:
        raise ConfigError(
            f"{path}: plan {plan.id!r} is already in the workspace; use --replace to overwrite it"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    return plan
