"""GDAL's own command-line tools (Debian gdal-bin) reading what hatang writes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} not installed (Debian: apt-get install gdal-bin)")
    return path


def ogrinfo(path: Path) -> dict[str, dict[str, str]]:
    """{layer name: {"geometry": ..., "count": ..., "fields": "a b c"}} as ogrinfo reports
    them; fails on any warning or error GDAL prints."""
    run = subprocess.run(
        [need("ogrinfo"), "-ro", "-so", "-al", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "Warning" not in run.stderr and "ERROR" not in run.stderr, run.stderr
    layers: dict[str, dict[str, str]] = {}
    for block in run.stdout.split("\nLayer name: ")[1:]:
        name = block.splitlines()[0].strip()
        geometry = re.search(r"^Geometry: (.*)$", block, re.M)
        count = re.search(r"^Feature Count: (\d+)$", block, re.M)
        fields = re.findall(r"^(\w+): \S+ \(\d+\.\d+\)", block, re.M)
        layers[name] = {
            "geometry": geometry.group(1) if geometry else "",
            "count": count.group(1) if count else "",
            "fields": " ".join(fields),
        }
    return layers
