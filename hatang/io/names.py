"""The name a client's file is recorded and shown under, pure: one rule for the web's
uploads (imports, filings, evidence) and the CLI's `--evidence FILE`, so a hostile
name ("../../x\x1b[2J.csv") is never a path, never a terminal escape, never a page's
markup, wherever it came in.
"""

from __future__ import annotations

import os
import re
import unicodedata

#: what a shown file name keeps: letters and digits of any script, and . _ - ( ) +
_UNSAFE_NAME = re.compile(r"[^\w.()+-]+")
#: the longest name kept, its extension (at most 20 characters) included
MAX_CHARS = 100


def safe_display_name(name: str | None) -> str:
    """The client's file name as recorded and shown: its last path part, NFC, with
    control characters, escapes, spaces and anything but letters, digits and . _ - ( ) +
    replaced by '_' ("../../Thuê bao\x1b[31m.csv" → "Thuê_bao_31m.csv"); never a path."""
    base = unicodedata.normalize("NFC", (name or "upload").replace("\\", "/")).split("/")[-1]
    stem, suffix = os.path.splitext(_UNSAFE_NAME.sub("_", base))
    stem = stem.strip("._") or "upload"
    return stem[: MAX_CHARS - len(suffix[:20])] + suffix[:20]
