"""Where each figure was: every published cell has its place in the source, and the place is
right (the HTML table, row and cell; the Word table, row and cell; the text line; for PDFs
printed by Chromium, the page and the box the figure is printed in)."""

from __future__ import annotations

import io
import shutil
import unicodedata
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import REPO
from helpers import read_csv
from gongkai import extract as X
from gongkai import layout
from gongkai.load import load_all, load_package
from gongkai.numbers import fmt
from gongkai.readers import read_document

PACKAGES = REPO / "datapackages"
FORMATS = Path(__file__).parent / "fixtures" / "formats"
LOCATION = ("page", "table_index", "line")


def _flat(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize("pkg", load_all(PACKAGES), ids=lambda p: p.id)
def test_every_published_cell_has_its_place(pkg):
    assert set(pkg.places) == set(pkg.figures), "one provenance row per published cell"
    source = pkg.descriptor["provenance"]["source_format"]
    for key, place in pkg.places.items():
        assert place["source"] == source, key
        assert any(place[k] for k in LOCATION), key
    rows = read_csv(pkg.resource_path("provenance"))
    order = [(r["table"], r["row"], r["column"]) for r in rows]
    assert order == [k for t in pkg.form.tables for k in
                     [(t, r, c) for r, c in pkg.form.tables[t].cell_keys()]], \
        "in the figure tables' order"


def _html_cell(page: Path, place: dict) -> str:
    """The text of the cell a provenance row points to, found with lxml alone."""
    root = lxml_html.document_fromstring(page.read_bytes())
    tables = [t for t in root.iter("table") if not t.xpath(".//table")]
    table = tables[int(place["table_index"]) - 1]
    trs = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    tds = trs[int(place["row_index"]) - 1].xpath("./td|./th")
    return _flat(tds[int(place["cell_index"]) - 1].text_content())


@pytest.mark.parametrize("year,cells", [
    (2023, [("requests", "new_requests", "total"), ("proactive", "rules", "issued"),
            ("appeals", "administrative_reconsideration", "total")]),
    (2020, [("requests", "disclosed", "natural_person"),
            ("proactive", "administrative_licensing", "decisions")]),
])
def test_html_places_point_to_the_cells_printed(year, cells):
    pkg = load_package(PACKAGES / f"pingtan-{year}")
    for key in cells:
        place = pkg.places[key]
        assert place["source"] == "html" and not place["page"] and not place["line"]
        printed = pkg.printed.get(key) or fmt(pkg.figures[key], missing="")
        assert _html_cell(pkg.resource_path("source"), place) == _flat(printed), key
    # every figure, not only those picked: the cell pointed to holds what was published
    for key, place in pkg.places.items():
        text = _html_cell(pkg.resource_path("source"), place)
        value = pkg.figures[key]
        assert text == _flat(pkg.printed.get(key) or fmt(value, missing="")) or \
            (value is not None and text.startswith(fmt(value))), (key, text)


def test_text_places_are_the_lines_printed():
    pkg = load_package(PACKAGES / "shanghai-2024")
    lines = pkg.resource_path("source").read_text(encoding="utf-8").splitlines()
    for key, place in pkg.places.items():
        assert place["source"] == "text" and place["line"], key
        line = _flat(lines[int(place["line"]) - 1])
        value = pkg.figures[key]
        assert (pkg.printed.get(key) or fmt(value, missing="")) in line, (key, line)


def test_word_places_point_to_the_cells_printed(tmp_path):
    import docx

    from helpers import run
    result = run("ingest", FORMATS / "shanghai-2024.docx", "--out", tmp_path / "pkg")
    assert result.exit_code == 0, result.output
    pkg = load_package(tmp_path / "pkg")
    d = docx.Document(io.BytesIO((FORMATS / "shanghai-2024.docx").read_bytes()))
    tables = [t for t in d.tables]
    for key, place in pkg.places.items():
        assert place["source"] == "docx" and place["table_index"], key
        tr = tables[int(place["table_index"]) - 1]._tbl.tr_lst[int(place["row_index"]) - 1]
        tc = tr.tc_lst[int(place["cell_index"]) - 1]
        text = _flat("".join(t.text or "" for t in tc.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")))
        value = pkg.figures[key]
        assert text == _flat(pkg.printed.get(key) or fmt(value, missing="")) or \
            (value is not None and text.startswith(fmt(value))), (key, text)


# ------------------------------------------------------------------ PDFs printed by Chromium

def _figures_with_places(doc) -> dict:
    sections = X.split_sections(doc)
    for code in ("proactive", "requests", "appeals"):
        if not any(not r.prose for r in sections[code]):
            sections[code] = layout.rebuild(code, sections[code])
    figures: dict = {}
    X.read_proactive(doc, sections["proactive"], figures)
    X.read_requests(doc, sections["requests"], figures)
    X.read_appeals(doc, sections["appeals"], figures)
    return figures


def _text_in_box(pdf, where) -> str:
    """The text pypdfium2 finds inside a box given from the page's top-left, in points."""
    page = pdf[where.page - 1]
    height = page.get_height()
    x0, y0, x1, y1 = where.box
    text = page.get_textpage().get_text_bounded(left=x0, bottom=height - y1, right=x1,
                                                top=height - y0)
    return _flat(text)


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")),
                    reason="needs Chromium to print the fixtures (make system-deps)")
@pytest.mark.parametrize("stem,paper", [("shanghai-2024", "a4"), ("shanghai-2024", "a5"),
                                        ("pingtan-2024", "letter")])
def test_printed_pdf_places_are_where_the_figures_are_printed(stem, paper):
    import pypdfium2 as pdfium

    from pdf_support import STEMS, printed
    if stem not in STEMS:
        pytest.skip("the shared Pingtan pages are not beside the repository")
    path = printed(stem, paper)
    figures = _figures_with_places(read_document(path))
    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        pages = len(pdf)
        checked = 0
        for key, fig in figures.items():
            where = fig.where
            assert where is not None and where.page and 1 <= where.page <= pages, key
            if fig.value is None:
                continue  # a cell printed blank: nothing to find
            assert where.box is not None, key
            text = _text_in_box(pdf, where)
            assert _flat(fig.printed) in text or fmt(fig.value) in text, (key, where, text)
            checked += 1
        assert checked >= 150
    finally:
        pdf.close()
