"""The quarterly report and the brief on the demo province, read back: the DOCX with
python-docx, the PDF's text and tables with pdfplumber, its fonts with pdffonts. Every
target's value, goal and status must be the scorecard JSON's (`hatang scorecard
--format json`), written as the report writes figures."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hatang import i18n
from hatang.cli import app
from hatang.errors import ConfigError
from hatang.report.write import Writer
from hatang.views import reading
from hatang.views import scorecard as view
from hatang.views.scorecard import measure
from hatang.views.values import Value

PERIOD = "2025Q4"


def _cli(*args: str) -> str:
    r = CliRunner().invoke(app, list(args))
    assert r.exit_code == 0, r.output
    return r.output


@pytest.fixture(scope="module")
def built(demo_workspace, tmp_path_factory):
    """A copy of the demo with a full-cover scenario and a synced register; the report
    and the brief written once in Vietnamese."""
    root = tmp_path_factory.mktemp("report") / "ws"
    shutil.copytree(demo_workspace.root, root)
    w = str(root)
    _cli("plan-sites", "--cover", "100%", "--sharing", "30%", "--name", "full", "-w", w)
    _cli("register", "sync", "-w", w)
    out = root.parent / "out"
    _cli("report", "--period", PERIOD, "--out", str(out), "-w", w)
    _cli("report", "--brief", "--period", PERIOD, "--out", str(out), "-w", w)
    card = json.loads(_cli("scorecard", "--format", "json", "--period", PERIOD, "-w", w))
    return root, out, card


def _expected(row: dict, lang: str = "vi") -> tuple[str, str, str, str]:
    w = Writer(lang)
    unit = row["unit"]
    goal = w.goal(row["comparator"], Value(row["target"], "figure", unit=unit))
    status = i18n.t(f"status_{row['status']}", lang)
    return str(row["target_no"]), goal, w.measure(measure(row["value"], unit)), status


def _docx(out: Path, stem: str):
    import docx

    return docx.Document(str(out / f"{stem}.docx"))


def _targets_table(document):
    for t in document.tables:
        head = [c.text for c in t.rows[0].cells]
        if head and head[0] == "TT" and "Mục tiêu" in head:
            return t
    raise AssertionError("no targets table")


def test_docx_carries_every_target_as_the_scorecard_json(built):
    _, out, card = built
    table = _targets_table(_docx(out, f"bao-cao-kh-137-2024-{PERIOD}"))
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert len(rows) == len(card["rows"]) == 14
    for row in card["rows"]:
        no, goal, value, status = _expected(row)
        cells = rows[no]
        assert (cells[2], cells[3], cells[6]) == (goal, value, status), no


def _pdf_targets(path: Path, caption: str) -> dict[str, list[str]]:
    """The rows of the targets table, which may run on over pages (its heading row
    repeated on each): from the page with its caption while a page holds it."""
    import pdfplumber

    rows: dict[str, list[str]] = {}
    with pdfplumber.open(path) as pdf:
        first = next(i for i, p in enumerate(pdf.pages) if caption in (p.extract_text() or ""))
        head = None
        for page in pdf.pages[first:]:
            tables = [
                [[(c or "").replace("\n", " ") for c in r] for r in t]
                for t in page.extract_tables()
            ]
            heads = [[c.replace(" ", "") for c in t[0]] for t in tables]
            found = [
                t
                for t, h in zip(tables, heads, strict=True)
                if h[0] in ("TT", "No.") and head in (None, h)
            ]
            if not found:
                break
            head = [c.replace(" ", "") for c in found[0][0]]
            rows |= {r[0]: r for r in found[0][1:]}
    return rows


def test_pdf_carries_every_target_as_the_scorecard_json(built):
    _, out, card = built
    rows = _pdf_targets(out / f"bao-cao-kh-137-2024-{PERIOD}.pdf", "Bảng 1.")
    assert len(rows) == len(card["rows"])
    for row in card["rows"]:
        no, goal, value, status = _expected(row)
        assert (rows[no][2], rows[no][3], rows[no][6]) == (goal, value, status), no


def test_docx_appendix_carries_every_commune_as_the_scorecard_json(built):
    root, out, _ = built
    card = json.loads(
        _cli(
            "scorecard",
            "--format",
            "json",
            "--period",
            PERIOD,
            "--level",
            "commune",
            "-w",
            str(root),
        )
    )
    w = Writer("vi")
    cells: dict[tuple[str, int], str] = {}
    for t in _docx(out, f"bao-cao-kh-137-2024-{PERIOD}").tables:
        head = [c.text for c in t.rows[0].cells]
        if head[0] != i18n.t("commune", "vi") or not head[1][:1].isdigit():
            continue  # not a per-commune table of targets
        targets = [int(h.split(".")[0]) for h in head[1:]]
        for r in t.rows[1:]:
            row = [c.text for c in r.cells]
            cells |= {(row[0], no): v for no, v in zip(targets, row[1:], strict=True)}
    assert len(cells) == len(card["rows"]) == 57 * 14
    for row in card["rows"]:
        # the value as the scorecard's, then the marks of how it was obtained
        expected = w.measure(measure(row["value"], row["unit"]))
        if row["value"] is not None:
            expected += reading.symbols(view.target(row))
        assert cells[(row["unit_name"], row["target_no"])] == expected, row["unit_name"]
    marked = [v for v in cells.values() if v[-1:] in reading.SYMBOLS.values()]
    assert marked  # the demo's communes mix medians of tests with the tiles' mean (†)


def test_every_page_of_a_synthetic_workspace_carries_the_notice(built):
    import pdfplumber

    _, out, _ = built
    notice = i18n.t("rp_notice", "vi")
    for stem in (f"bao-cao-kh-137-2024-{PERIOD}", f"bao-cao-tom-tat-kh-137-2024-{PERIOD}"):
        with pdfplumber.open(out / f"{stem}.pdf") as pdf:
            texts = [p.extract_text() or "" for p in pdf.pages]
        assert texts and all(notice in t for t in texts), stem
        section = _docx(out, stem).sections[0]
        assert section.different_first_page_header_footer
        for part in (
            section.footer,
            section.first_page_footer,
            section.header,
            section.first_page_header,
        ):
            assert notice in "\n".join(p.text for p in part.paragraphs)


def test_the_demo_report_is_issued_by_synthetic_bodies(built):
    import pdfplumber

    _, out, _ = built
    with pdfplumber.open(out / f"bao-cao-kh-137-2024-{PERIOD}.pdf") as pdf:
        first = pdf.pages[0].extract_text() or ""
    head = first[: first.index("BÁO CÁO")]
    # the issuing body in capitals over two lines of its column
    assert "UBND TỈNH MÔ PHỎNG" in head and "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in head
    assert "\nTỈNH MÔ PHỎNG\n" in head
    assert "Số:" in head and "/BC-SKHCN-MP" in head and "Mô Phỏng, ngày" in head
    assert "NAM ĐỊNH" not in head  # the real province's office never signs synthetic figures
    assert i18n.t("rp_notice", "vi") in first


def test_the_brief_is_exactly_one_page(built):
    import pdfplumber

    _, out, _ = built
    with pdfplumber.open(out / f"bao-cao-tom-tat-kh-137-2024-{PERIOD}.pdf") as pdf:
        assert len(pdf.pages) == 1
        text = pdf.pages[0].extract_text()
    assert "BÁO CÁO TÓM TẮT" in text and "Ba chỉ tiêu còn xa mục tiêu nhất" in text


def test_pdf_uses_only_the_embedded_serif(built):
    import pdfplumber

    _, out, _ = built
    with pdfplumber.open(out / f"bao-cao-kh-137-2024-{PERIOD}.pdf") as pdf:
        names = {c["fontname"].split("+")[-1] for p in pdf.pages for c in p.chars}
    assert names <= {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }


@pytest.mark.skipif(
    shutil.which("pdffonts") is None, reason="pdffonts (Debian poppler-utils) is not installed"
)
def test_pdffonts_says_every_font_is_embedded(built):
    _, out, _ = built
    for stem in (f"bao-cao-kh-137-2024-{PERIOD}", f"bao-cao-tom-tat-kh-137-2024-{PERIOD}"):
        lines = subprocess.run(
            ["pdffonts", str(out / f"{stem}.pdf")], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert lines and all(line.split()[-5] == "yes" for line in lines), lines


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (Debian poppler-utils) is not installed"
)
def test_pages_render_to_images(built, tmp_path):
    _, out, _ = built
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "30",
            "-png",
            "-f",
            "1",
            "-l",
            "2",
            str(out / f"bao-cao-kh-137-2024-{PERIOD}.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    assert len(list(tmp_path.glob("p-*.png"))) == 2


def test_docx_is_an_editable_administrative_document(built):
    _, out, _ = built
    d = _docx(out, f"bao-cao-kh-137-2024-{PERIOD}")
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    margins = (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
    assert tuple(round(m.mm, 1) for m in margins) == (20, 20, 30, 15)
    assert d.styles["Normal"].font.name == "Times New Roman"
    text = "\n".join(p.text for p in d.paragraphs)
    for part in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Nơi nhận:",
        "BÁO CÁO",
    ):
        assert part in text or any(
            part in c.text for t in d.tables for r in t.rows for c in r.cells
        )
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert "I. KẾT QUẢ THỰC HIỆN" in headings and "II. TỒN TẠI, HẠN CHẾ" in headings
    assert any(h.startswith("III.") for h in headings) and "PHỤ LỤC" in headings
    pictures = d.inline_shapes
    assert len(pictures) >= 2 and all(p._inline.docPr.get("descr") for p in pictures)
    assert "Kết quả thực hiện Kế hoạch số 137/KH-UBND" in text


def test_english_report_and_errors(built):
    root, out, card = built
    _cli(
        "report",
        "--lang",
        "en",
        "--format",
        "pdf",
        "--period",
        PERIOD,
        "--out",
        str(out),
        "-w",
        str(root),
    )
    import pdfplumber

    with pdfplumber.open(out / f"bao-cao-kh-137-2024-{PERIOD}-en.pdf") as pdf:
        first = pdf.pages[0].extract_text()
        heads = [t[0][0] or "" for p in pdf.pages for t in p.extract_tables() if t and t[0]]
    # the number column is wide enough for 'No.' on one line in every table
    assert "No." in heads and not [h for h in heads if h.startswith("No") and "\n" in h]
    assert "SOCIALIST REPUBLIC OF VIET NAM" in first and "REPORT" in first
    rows = _pdf_targets(out / f"bao-cao-kh-137-2024-{PERIOD}-en.pdf", "Table 1.")
    for row in card["rows"]:
        no, goal, value, status = _expected(row, "en")
        assert (rows[no][2], rows[no][3], rows[no][6]) == (goal, value, status), no
    r = CliRunner().invoke(app, ["report", "--format", "xls", "-w", str(root)])
    assert r.exit_code != 0 and isinstance(r.exception, ConfigError)
    assert str(r.exception) == (
        "--format 'xls': expected docx, pdf or docx,pdf / định dạng phải là docx, pdf hoặc docx,pdf"
    )
