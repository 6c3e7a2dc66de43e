"""Who may see a filing's details (docs/submissions.md, 'Who sees what').

A filing the office has accepted is in the published figures, so its page is public
(with roles in place of the names of who filed and decided). Until then — staged,
refused, rejected, or replaced before it was ever accepted — its rows, problems and
diff are values nobody has vouched for: only its filer's operator tokens and the
office (admin, analyst) see them. The grid of a quarter stays public: states and counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatang.register.machine import STAFF, Actor


def accepted_once(filing: Mapping[str, Any]) -> bool:
    """Whether the filing was ever imported into the figures (accepted, perhaps since
    replaced by a later accepted filing: it keeps its import id)."""
    import_id = filing.get("import_id")
    return import_id is not None and import_id == import_id  # NaN from a frame: not set


def is_involved(actor: Actor | None, filing: Mapping[str, Any]) -> bool:
    """The office, or an operator token of the filing's own filer."""
    if actor is None:
        return False
    return actor.role in STAFF or (actor.role == "operator" and actor.operator == filing["filer"])


def may_see(actor: Actor | None, filing: Mapping[str, Any]) -> bool:
    """Whether `actor` (None: a visitor not signed in) may see the filing's details."""
    return accepted_once(filing) or is_involved(actor, filing)
