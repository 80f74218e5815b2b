"""Report pages printed to PDF by a browser, tables broken across pages: read figure for figure.

Each source page (the seed's HTML fixture, the Pingtan reports 2021-2025) is printed by
Chromium on A4, A5 and Letter with different margins and zoom, so that the breaks fall in
different rows: a row-group label cut by a break, a header printed again on the next page
(<thead>), a row split over two pages, page numbers between rows.
"""

from __future__ import annotations

import shutil

import pytest

from helpers import assert_read_as_printed, read_csv, run
from pdf_support import package_figures, PAPERS, SHANGHAI, STEMS, differences, expected, printed, table_figures
from gongkai.readers import read_document
from gongkai.readers.pdf import _merge_split, tidy

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")),
                                 reason="needs Chromium to print the fixtures (make system-deps)")]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("stem", STEMS)
def test_printed_tables_read_figure_for_figure(stem, paper):
    doc = read_document(printed(stem, paper))
    assert doc.format == "pdf"
    got = table_figures(doc)
    assert differences(got, expected(stem)) == []


def test_the_fixtures_break_tables_in_every_way():
    """The printed set has rows split over two pages, headers printed again, page numbers."""
    split = repeated = footers = 0
    for stem in STEMS:
        for paper in PAPERS:
            doc = read_document(printed(stem, paper))
            split += sum(" and page " in r.where for r in doc.rows)
            repeated += sum(1 for r in doc.rows if not r.prose and r.cells and
                            r.cells[-1] == "总计") > 2
            footers += paper == "a4"
    assert split >= 3 and repeated >= 3 and footers


@pytest.mark.parametrize("paper", PAPERS)
def test_seed_printed_ingests_as_the_committed_package(tmp_path, paper):
    result = run("ingest", printed("shanghai-2024", paper), "--out", tmp_path / "pkg")
    assert result.exit_code == 0, result.output
    for table in ("proactive.csv", "requests.csv", "appeals.csv"):  # zeros printed blank: blank
        assert_read_as_printed(read_csv(tmp_path / "pkg" / table), read_csv(SHANGHAI / table),
                               "value" if table == "proactive.csv" else "count", table)
    got = {r["code"]: r["value"] for r in read_csv(tmp_path / "pkg" / "highlights.csv")}
    assert got == {r["code"]: r["value"] for r in read_csv(SHANGHAI / "highlights.csv")}


@pytest.mark.parametrize("stem", ["pingtan-2024", "pingtan-2025"])
def test_pingtan_printed_ingests(tmp_path, stem):
    if stem not in STEMS:
        pytest.skip("the shared Pingtan pages are not beside the repository")
    result = run("ingest", printed(stem, "a5"), "--out", tmp_path / "pkg")
    assert result.exit_code == 0, result.output
    want = expected(stem)
    got = package_figures(tmp_path / "pkg")
    assert differences(got, want) == []


def test_split_row_parts_join_only_when_they_fit():
    assert _merge_split(["", "1.本机关不掌握相关", "", ""], ["", "政府信息", "75", "75"]) == \
        ["", "1.本机关不掌握相关政府信息", "75", "75"]
    # a figure in the same column on both sides: two rows, never one
    assert _merge_split(["", "2.重复申请", "1", "1"], ["", "3.要求提供公开出版物", "0", "0"]) is None
    assert _merge_split(["a", "1"], ["b", "2", "3"]) is None


def test_kangxi_radicals_read_as_characters():
    assert tidy("⼀、本年新收 ⾏政") == "一、本年新收行政"
