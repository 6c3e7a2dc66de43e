"""A normal test run never rewrites a tracked screenshot: the browser tests save them in
a temporary folder unless HATANG_UPDATE_SCREENSHOTS=1 (then in docs/img/)."""

from __future__ import annotations

from pathlib import Path

from tests.web.conftest import DOCS_IMG, screenshot_folder


def test_screenshots_go_to_a_temporary_folder_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("HATANG_UPDATE_SCREENSHOTS", raising=False)
    assert screenshot_folder(tmp_path) == tmp_path
    monkeypatch.setenv("HATANG_UPDATE_SCREENSHOTS", "0")
    assert screenshot_folder(tmp_path) == tmp_path


def test_they_go_to_docs_img_only_when_asked(monkeypatch, tmp_path):
    monkeypatch.setenv("HATANG_UPDATE_SCREENSHOTS", "1")
    assert screenshot_folder(tmp_path) == DOCS_IMG
    assert DOCS_IMG == Path(__file__).resolve().parents[2] / "docs" / "img"
    assert (DOCS_IMG / "overview.png").exists()


def test_no_browser_test_writes_to_docs_img_itself():
    """Only the fixture may name docs/img: a test that saved there directly would rewrite
    the tracked PNGs on every run."""
    here = Path(__file__).parent
    for test in sorted(here.glob("test_*.py")):
        if test.name == Path(__file__).name:
            continue
        text = test.read_text(encoding="utf-8")
        assert '"docs" / "img"' not in text and "DOCS_IMG" not in text, test.name
