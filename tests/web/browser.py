"""The marks of a browser test module (`pytestmark = BROWSER`): marked `browser`, and
skipped, saying what to install, where Chromium or playwright is missing."""

from __future__ import annotations

import importlib.util
import os

import pytest

from hatang.web.screenshots import CHROMIUM

BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent (apt-get install -y chromium)"
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("playwright") is None,
        reason="playwright is not installed (test extra)",
    ),
]
