"""Scanned PDFs, read by OCR: each reads exactly, or is refused naming a cell, never wrong.

The scans are made at test time (tests/pdf_support.py): a report page printed by Chromium,
rasterised by pdftoppm at 150 or 200 dpi in grey, each page turned by 0.5-0.7°, with dust and
JPEG noise, bound into a PDF of images only.
"""

from __future__ import annotations

import copy
import shutil

import pytest

from helpers import run
from pdf_support import package_figures, STEMS, differences, expected, scanned, table_figures
from gongkai import confirm_scan
from gongkai import extract as X
from gongkai.errors import IngestError
from gongkai.readers import ocr, read_document

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not shutil.which("pdftoppm") or not (
                  shutil.which("chromium") or shutil.which("chromium-browser")),
                  reason="needs Chromium and pdftoppm to make the scans (make system-deps)")]

MUST_READ = [("shanghai-2024", 200), ("pingtan-2024", 200)]
# (more scans, at both resolutions and of every Pingtan year, in scripts/bench_ingest.py: OCR
# takes 10-25 s a page on two cores)
EXACT_OR_REFUSED = [("pingtan-2024", 150)]
_read: dict = {}


def recognised(stem: str, dpi: int):
    """(document, pages, images) of a scan, OCR'd once per test process."""
    if (stem, dpi) not in _read:
        path = scanned(stem, dpi)
        _read[(stem, dpi)] = ocr.recognise(str(path), path.read_bytes())
    return _read[(stem, dpi)]


def confirm(doc, pages, images) -> None:
    """The confirmation the extractor runs on a scan before it reads a figure."""
    confirm_scan.confirm(doc, pages, images, (X.read_proactive, X.read_requests, X.read_appeals))


@pytest.mark.parametrize("stem,dpi", MUST_READ)
def test_scans_read_exactly(stem, dpi):
    doc, pages, images = recognised(stem, dpi)
    confirm(doc, pages, images)  # every figure confirmed, or this raises
    assert differences(table_figures(doc), expected(stem)) == []
    assert_places(doc, pages, images)  # where each figure was


def assert_places(doc, pages, images) -> None:
    """Each figure of a scan keeps the page and the box OCR read it in (PDF points)."""
    figures: dict = {}
    sections = X.split_sections(doc)
    for code in ("proactive", "requests", "appeals"):
        if not any(not r.prose for r in sections[code]):
            sections[code] = X.layout.rebuild(code, sections[code])
    X.read_proactive(doc, sections["proactive"], figures)
    X.read_requests(doc, sections["requests"], figures)
    X.read_appeals(doc, sections["appeals"], figures)
    for key, fig in figures.items():
        where = fig.where
        assert where is not None and 1 <= where.page <= len(pages), key
        width, height = (v * 72 / ocr.DPI for v in images[where.page - 1][0].size)
        x0, y0, x1, y1 = where.box
        assert 0 <= x0 < x1 <= width + 1 and 0 <= y0 < y1 <= height + 1, (key, where)


@pytest.mark.parametrize("stem,dpi", EXACT_OR_REFUSED)
def test_scans_read_exactly_or_refuse_naming_a_cell(stem, dpi):
    if stem not in STEMS:
        pytest.skip("the shared Pingtan pages are not beside the repository")
    doc, pages, images = recognised(stem, dpi)
    try:
        confirm(doc, pages, images)
    except IngestError as exc:
        assert exc.file and exc.table and exc.row, str(exc)  # names where
        return
    assert differences(table_figures(doc), expected(stem)) == []


def test_scan_ingests_figure_for_figure(tmp_path):
    path = scanned("pingtan-2024", 200)
    result = run("ingest", path, "--out", tmp_path / "pkg")  # told a scan by its content
    assert result.exit_code == 0, result.output
    got = package_figures(tmp_path / "pkg")
    assert differences(got, expected("pingtan-2024")) == []
    assert (tmp_path / "pkg" / "source.pdf").read_bytes() == path.read_bytes()


def _misread(doc, old: str, new: str):
    """The document as if OCR had read the table cell `old` as `new` (its first such cell)."""
    doc = copy.deepcopy(doc)
    for r in doc.rows:
        if r.prose:
            continue
        for i, cell in enumerate(r.cells):
            if cell == old:
                r.cells[i] = new
                return doc
    raise AssertionError(f"no table cell {old}")


def test_a_misread_table_figure_is_refused_naming_its_cells():
    doc, pages, images = recognised("pingtan-2024", 200)
    with pytest.raises(IngestError) as err:
        confirm(_misread(doc, "217", "247"), pages, images)
    text = str(err.value)
    assert "not confirmed" in text and "new_requests" in text and "natural_person" in text


def test_the_extractor_confirms_a_scan_before_reading_it():
    doc, pages, images = recognised("pingtan-2024", 200)
    misread = _misread(doc, "217", "247")
    misread.scan = (pages, images)  # as the OCR reader hands it on
    with pytest.raises(IngestError, match="not confirmed"):
        X.extract(misread)


def test_a_misread_figure_of_section_two_is_refused_naming_its_cell():
    doc, pages, images = recognised("pingtan-2024", 200)
    with pytest.raises(IngestError) as err:
        confirm(_misread(doc, "4529", "4528"), pages, images)
    assert err.value.row.startswith("administrative_licensing")
    assert err.value.column.startswith("decisions")


def test_a_page_without_text_is_refused(tmp_path):
    from PIL import Image

    blank = tmp_path / "blank.pdf"
    Image.new("L", (800, 1100), 255).save(blank, "PDF", resolution=100)
    with pytest.raises(IngestError, match="OCR found no text"):
        read_document(blank)


def _ruled_row(digit: str, at: int):
    """A page strip with one ruled table row: four cells 100 px wide, `digit` printed at `at`
    px across (near a cell's left border), and `0` in the cells on either side of it."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (600, 200), 255)
    draw = ImageDraw.Draw(img)
    for x in (100, 200, 300, 400, 500):
        draw.line([(x, 60), (x, 140)], fill=0, width=3)
    for y in (60, 140):
        draw.line([(100, y), (500, y)], fill=0, width=3)
    font = ImageFont.load_default(size=40)
    draw.text((at, 80), digit, fill=0, font=font)
    for x in (140, 340):
        draw.text((x, 80), "0", fill=0, font=font)
    row = [ocr.Box("0", 0.99, 140, 165, 100, 40), ocr.Box("0", 0.99, 340, 365, 100, 40)]
    return img, ocr.Line(1, 1, row, ruled=True)


def test_a_figure_missed_in_a_ruled_cell_is_read_from_the_whole_cell():
    img, line = _ruled_row("1", 206)  # the '1' hard by the cell's left border
    cell = ocr._ruled_cell(img, line, 240.0, 100.0, 40.0, 0.0)
    assert cell != "filled" and cell is not None and cell[0] <= 206 < cell[1] <= 300
    crop = ocr._without_rules(ocr._crop(img, sum(cell) / 2, 100, cell[1] - cell[0], 52, 0.0))
    text, score = ocr.read_cell(crop, 40.0)
    assert text == "1" and score >= 0.9


def test_a_probe_on_a_border_between_two_read_cells_finds_no_missing_figure():
    img, line = _ruled_row("7", 240)
    line.boxes.append(ocr.Box("7", 0.99, 240, 262, 100, 40))
    assert ocr._ruled_cell(img, line, 200.0, 100.0, 40.0, 0.0) == "filled"
    assert ocr._ruled_cell(img, line, 150.0, 100.0, 40.0, 0.0) == "filled"


def test_ink_in_a_cell_that_does_not_read_as_a_figure_reads_as_nothing():
    from PIL import ImageDraw

    img, line = _ruled_row("", 0)
    ImageDraw.Draw(img).ellipse([215, 85, 285, 120], fill=0)  # a blot
    crop = ocr._without_rules(ocr._crop(img, 250, 100, 94, 52, 0.0))
    assert ocr.read_cell(crop, 40.0) is None
