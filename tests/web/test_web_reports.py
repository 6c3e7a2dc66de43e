"""/reports on the demo province (Plan 137's scope): the quarters listed, the report and
the brief downloaded in both formats, written on demand and kept for the workspace's
state; on the fixture province (not the plan's) no quarter is offered."""

from __future__ import annotations

import io
import re
import shutil

import pytest

from hatang.indicators import get_plan
from hatang.report.build import periods


@pytest.fixture(scope="module")
def demo_ws(demo_workspace, tmp_path_factory):
    """A copy of the demo with its indicators computed (what `hatang serve` does)."""
    from hatang.store import Workspace
    from hatang.web.views import refresh_indicators

    root = tmp_path_factory.mktemp("webreports") / "ws"
    shutil.copytree(demo_workspace.root, root, ignore=shutil.ignore_patterns(".hatang.lock*"))
    ws = Workspace.open(root)
    refresh_indicators(ws)
    return ws


@pytest.fixture(scope="module")
def demo_client(demo_ws):
    from fastapi.testclient import TestClient

    from hatang.web import create_app

    with TestClient(create_app(demo_ws, refresh_on_start=False)) as c:
        yield c


@pytest.fixture(scope="module")
def quarters(demo_ws) -> list[str]:
    from hatang.store import web_queries

    with demo_ws.connect(read_only=True) as con:
        values = web_queries.read_frames(con, ["indicator_values"])["indicator_values"]
    return periods(values, get_plan("kh-137-2024", demo_ws.root))


def test_quarters_are_those_of_the_plans_scope(quarters, client):
    assert quarters == [f"{y}Q{q}" for y in (2025, 2024) for q in (4, 3, 2, 1)]
    page = client.get("/reports").text  # the fixture province: not Plan 137's scope
    assert 'data-testid="no-reports"' in page and "<tr data-period" not in page


def test_reports_page_lists_every_quarter_with_its_four_files(demo_client, quarters):
    assert quarters, "the fixture province has indicator values"
    page = demo_client.get("/reports?lang=en").text
    listed = re.findall(r'<tr data-period="(\d{4}Q[1-4])">', page)
    assert listed == quarters  # newest first
    for q in quarters:
        for stem in (f"bao-cao-kh-137-2024-{q}-en", f"bao-cao-tom-tat-kh-137-2024-{q}-en"):
            for ext in ("docx", "pdf"):
                assert f'href="/reports/{stem}.{ext}"' in page
    assert 'href="/reports"' in demo_client.get("/").text  # in the navigation


def test_report_pdf_is_written_once_per_workspace_state(demo_client, quarters):
    import pdfplumber

    name = f"bao-cao-kh-137-2024-{quarters[0]}.pdf"
    first = demo_client.get(f"/reports/{name}")
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "application/pdf"
    assert first.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert demo_client.get(f"/reports/{name}").content == first.content  # the cached bytes
    with pdfplumber.open(io.BytesIO(first.content)) as pdf:
        text = pdf.pages[0].extract_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "BÁO CÁO" in text


def test_brief_docx_downloads(demo_client, quarters):
    import docx

    r = demo_client.get(f"/reports/bao-cao-tom-tat-kh-137-2024-{quarters[0]}-en.docx?map=2024")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "SUMMARY REPORT" in text


@pytest.mark.parametrize(
    "path",
    [
        "/reports/bao-cao-kh-137-2024-1999Q1.pdf",  # a quarter without values
        "/reports/bao-cao-kh-137-2024-2025Q4.xls",  # a format not written
        "/reports/bao-cao-no-such-plan-2025Q4.pdf",  # a plan not known
        "/reports/secret.txt",
    ],
)
def test_unknown_report_files_are_404(demo_client, path):
    assert demo_client.get(path).status_code == 404
