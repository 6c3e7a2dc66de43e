"""hatang — a province's digital-infrastructure plan, run on evidence."""

__version__ = "0.1.0"
