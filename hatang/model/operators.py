"""Mobile operators of Vietnam (MCC 452) and the many ways files spell them."""

from __future__ import annotations

from hatang.model.names import name_key

MCC_VIETNAM = 452

#: canonical code → (display name, MNC)
OPERATORS: dict[str, tuple[str, int]] = {
    "viettel": ("Viettel", 4),
    "vnpt": ("VNPT-VinaPhone", 2),
    "mobifone": ("MobiFone", 1),
    "vietnamobile": ("Vietnamobile", 5),
    "gmobile": ("Gmobile", 7),
}

_ALIASES = {
    "viettel": "viettel",
    "vtl": "viettel",
    "vt": "viettel",
    "viettel telecom": "viettel",
    "vnpt": "vnpt",
    "vinaphone": "vnpt",
    "vnp": "vnpt",
    "vnpt vinaphone": "vnpt",
    "vnptvinaphone": "vnpt",
    "vina": "vnpt",
    "vnpt-vinaphone": "vnpt",
    "mobifone": "mobifone",
    "mobi": "mobifone",
    "mbf": "mobifone",
    "vms": "mobifone",
    "vietnamobile": "vietnamobile",
    "vnm": "vietnamobile",
    "vnmobile": "vietnamobile",
    "gmobile": "gmobile",
    "gtel": "gmobile",
    "beeline": "gmobile",
}

TECHNOLOGIES = ("2G", "3G", "4G", "5G")


def operator_code(text: str) -> str:
    """Canonical operator code for any common spelling; raises ValueError otherwise."""
    key = name_key(str(text)).replace("-", " ").strip()
    if key in _ALIASES:
        return _ALIASES[key]
    compact = key.replace(" ", "")
    if compact in _ALIASES:
        return _ALIASES[compact]
    raise ValueError(f"unknown operator {text!r} (known: {', '.join(OPERATORS)})")


def operator_from_mnc(mnc: int) -> str:
    for code, (_, m) in OPERATORS.items():
        if m == int(mnc):
            return code
    raise ValueError(f"unknown MNC {mnc} for MCC 452")


def technology_code(text: str) -> str:
    s = str(text).strip().upper().replace(" ", "")
    aliases = {"GSM": "2G", "UMTS": "3G", "WCDMA": "3G", "LTE": "4G", "NR": "5G", "CDMA": "3G"}
    s = aliases.get(s, s)
    if s not in TECHNOLOGIES:
        raise ValueError(f"unknown technology {text!r} (expected 2G, 3G, 4G or 5G)")
    return s
