"""The demo province: a synthetic, calibrated province on the real map of the old
Nam Định (2024 map: 175 communes in 9 districts; 2025 map: the 57 communes they
became inside the new Ninh Bình). See docs/demo.md.

    from hatang.demo import build_demo
    ws = build_demo(Path("hatang-demo"), seed=137)

`generate(inputs, seed)` is the pure generator (frames only); `build_demo` writes the
raw files and imports them through the ordinary importers.
"""

from hatang.demo.build import build_demo
from hatang.demo.generate import DEFAULT_SEED, DemoData, generate
from hatang.demo.inputs import DemoInputs, inputs_from_frames

__all__ = ["DEFAULT_SEED", "DemoData", "DemoInputs", "build_demo", "generate", "inputs_from_frames"]
