"""Liberation Serif 2.1.5 (SIL Open Font License 1.1, OFL.txt): metric-compatible with
Times New Roman, the font Decree 30/2020 names, and covering Vietnamese. Shipped with
the package so a PDF embeds it and nothing is fetched at run time."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

FAMILY = "Liberation Serif"
FACES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}


def path(face: str = "regular") -> Path:
    return Path(str(resources.files(__name__) / FACES[face]))


def for_matplotlib(size: float, bold: bool = False) -> Any:
    """The packaged face as a matplotlib FontProperties, by file: a system may hold an
    older Liberation Serif (1.x, no Vietnamese) under the same family name."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=str(path("bold" if bold else "regular")), size=size)
