"""Radio coverage: propagation models, antenna patterns, the grid engine, population on
the grid, dead spots and calibration. See docs/coverage.md."""
