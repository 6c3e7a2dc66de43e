"""The register's words that its declarations name, for hatang.i18n's catalogue: the
names of states, steps, fix actions and reason codes in Vietnamese and English come
from machine.py and codes.toml; the register's other words are in hatang.po."""

from __future__ import annotations

from hatang.register import codes, machine


def words() -> dict[str, tuple[str, str]]:
    """The register's keys that its declarations name (the rest is in hatang.po)."""
    out: dict[str, tuple[str, str]] = {}
    out.update({f"reg_state_{k}": v for k, v in machine.STATES.items()})
    out.update({f"reg_step_{s.action}": (s.vi, s.en) for s in machine.STEPS})
    # a step by its English name, as a refusal's reason names it (hatang.io.reasons)
    out.update({f"reg_step_named_{s.en}": (s.vi, s.en) for s in machine.STEPS})
    out.update({f"reg_action_{k}": v for k, v in machine.FIX_ACTIONS.items()})
    for kind in codes.KINDS:
        out.update(
            {f"reg_code_{kind}_{c.code}": (c.vi, c.en) for c in codes.codes()[kind].values()}
        )
    return out
