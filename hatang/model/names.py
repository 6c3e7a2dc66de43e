"""Matching Vietnamese names: NFC/NFD, old/new tone placement, type prefixes, spaces.

Match on `name_key`; always keep the official spelling for display.
"""

from __future__ import annotations

import re
import unicodedata

_PREFIXES = (
    "thanh pho",
    "tinh",
    "quan",
    "huyen",
    "thi xa",
    "thi tran",
    "phuong",
    "xa",
    "dac khu",
    "thon",
    "xom",
    "to dan pho",
    "khu pho",
    "ap",
    "ban",
    "lang",
)
_PREFIX_RE = re.compile(r"^(?:" + "|".join(p.replace(" ", r"\s+") for p in _PREFIXES) + r")\s+")


def strip_accents(text: str) -> str:
    """'Nam Định' → 'Nam Dinh' (đ/Đ included)."""
    nfd = unicodedata.normalize("NFD", text)
    out = "".join(c for c in nfd if unicodedata.category(c) != "Mn")
    return out.replace("đ", "d").replace("Đ", "D")


def clean_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(text))).strip()


def name_key(text: str, *, drop_prefix: bool = False) -> str:
    """A key equal for every spelling of the same name.

    Accents are dropped, which also erases old/new tone placement (Hoà/Hòa) and NFC/NFD
    differences; case and spaces are folded. With drop_prefix, a leading unit type
    (Xã, Phường, Thị trấn, Tỉnh, Thành phố ...) is removed.
    """
    s = strip_accents(clean_spaces(text)).lower()
    s = re.sub(r"[^\w\s-]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    if drop_prefix:
        s = _PREFIX_RE.sub("", s, count=1)
    return s
