"""What of the register anyone may see: the public pages, the list's downloads and the
published dataset show these fields of a case and nothing else.

Left out on purpose: the free-text `description` (a citizen may write a name or an
address in it), the contact a citizen leaves (kept in `register_contacts`, never in a
case or its history), who took each step (token names), the notes and the evidence
files of the history (shown to signed-in users only), `source_ref` (a citizen's
report has none; a challenger's location id stays with the challenger's file).
"""

from __future__ import annotations

PUBLIC = (
    "case_id",
    "state",
    "source",
    "opened_on",
    "lon",
    "lat",
    "village_code",
    "village_name",
    "commune_code",
    "commune_name",
    "commune_code_2024",
    "commune_name_2024",
    "technology",
    "operators",
    "reasons",
    "people_affected",
    "people_source",
    "modelled_ref",
    "assigned_operator",
    "assigned_on",
    "response_due",
    "planned_on",
    "planned_action",
    "dispute_reason",
    "decision",
    "decided_on",
    "fixed_on",
    "fix_action",
    "site_id",
    "verified_on",
    "verification",
    "reject_reason",
    "closed_on",
    "overdue",
    "synthetic",
)
