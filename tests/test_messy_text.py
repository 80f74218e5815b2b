"""Text copied in messy layouts is read figure for figure, or refused naming table and row."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED, SHANGHAI
from gongkai.layout import is_footer, match_label, tokenize
from gongkai import template as T
from helpers import assert_read_as_printed, read_csv, run

FORMATS = Path(__file__).parent / "fixtures" / "formats"
LAYOUTS = ["messy-spaces.txt", "messy-pipes.txt", "messy-lines.txt", "messy-pdfcopy.txt"]
TEXT = SEED.read_text(encoding="utf-8")


def _same_tables(pkg: Path) -> None:
    for name in ("proactive.csv", "requests.csv", "appeals.csv"):
        assert_read_as_printed(read_csv(pkg / name), read_csv(SHANGHAI / name),
                               "value" if name == "proactive.csv" else "count", name)


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_read_figure_for_figure(tmp_path, name):
    out = tmp_path / "pkg"
    result = run("ingest", FORMATS / name, "--out", out)
    assert result.exit_code == 0, result.output
    _same_tables(out)
    got = {r["code"]: r["value"] for r in read_csv(out / "highlights.csv")}
    assert got == {r["code"]: r["value"] for r in read_csv(SHANGHAI / "highlights.csv")}
    assert (out / "source.txt").read_bytes() == (FORMATS / name).read_bytes()


def test_fixtures_are_messy():
    """The fixtures hold what they claim: no tab cells, and the layouts' marks."""
    texts = {n: (FORMATS / n).read_text(encoding="utf-8") for n in LAYOUTS}
    assert not any("\t" in t for t in texts.values())
    assert "- 5 -" in texts["messy-spaces.txt"] and "1、" in texts["messy-spaces.txt"]
    assert "结转下年度 继续办理" in texts["messy-spaces.txt"]
    assert "信访举报投诉申请" in texts["messy-spaces.txt"]  # one character short
    assert "(二)" in texts["messy-spaces.txt"]  # half-width numbering
    assert "| " in texts["messy-pipes.txt"] and "要求提公开出版物" in texts["messy-pipes.txt"]
    assert "\n自\n然\n人\n" in texts["messy-lines.txt"] and "第 5 页 共 12 页" in texts["messy-lines.txt"]
    assert "\n规禁止公开\n" in texts["messy-pdfcopy.txt"]  # label wrapped after its figures


def _spaces_text() -> str:
    return (FORMATS / "messy-spaces.txt").read_text(encoding="utf-8")


def test_space_as_thousands_separator_confirmed_by_the_identity(tmp_path):
    text = _spaces_text()
    row = "一、本年新收政府信息公开申请数量   40234   1674   14   23   80   163   42188"
    assert row in text
    src = tmp_path / "t.txt"
    src.write_text(text.replace(row, row.replace("40234", "40 234").replace("42188", "42 188")),
                   encoding="utf-8")
    result = run("ingest", src, "--out", tmp_path / "pkg")
    assert result.exit_code == 0, result.output
    _same_tables(tmp_path / "pkg")


def test_missing_cell_is_not_guessed(tmp_path):
    text = _spaces_text()
    row = next(l for l in text.splitlines() if "重复申请" in l and "。" not in l)
    figures = row.split()
    src = tmp_path / "t.txt"
    # an empty cell lost in copying: six figures for seven columns
    src.write_text(text.replace(row, "   ".join(figures[:3] + figures[4:])), encoding="utf-8")
    out = tmp_path / "pkg"
    result = run("ingest", src, "--out", out)
    assert result.exit_code != 0
    assert "table requests" in result.output and "row unprocessed_duplicate" in result.output
    assert "too few" in result.output and not out.exists()


def test_label_with_two_wrong_characters_is_refused(tmp_path):
    text = _spaces_text()
    assert "属于行政执法案卷" in text
    src = tmp_path / "t.txt"
    src.write_text(text.replace("属于行政执法案卷", "属于刑事侦查案卷"), encoding="utf-8")
    out = tmp_path / "pkg"
    result = run("ingest", src, "--out", out)
    assert result.exit_code != 0 and "table requests" in result.output
    assert "not in the template" in result.output and "刑事侦查" in result.output
    assert not out.exists()


def test_pre_2021_layout_in_messy_text_is_refused(tmp_path):
    text = _spaces_text()
    lines = text.splitlines()
    first = next(i for i, l in enumerate(lines) if "申请人无正当理由逾期不补正" in l
                 and "。" not in l)
    old = "（六）其他处理   8871   457   0   10   23   45   9406"
    lines[first:first + 3] = [old]
    src = tmp_path / "t.txt"
    src.write_text("\n".join(lines), encoding="utf-8")
    result = run("ingest", src, "--out", tmp_path / "pkg")
    assert result.exit_code != 0 and "国办公开办函〔2019〕60号 table" in result.output


def test_page_footer_inside_a_tab_table_is_dropped(tmp_path):
    marker = "\t4.保护第三方合法权益\n"
    assert TEXT.count(marker) == 1
    src = tmp_path / "t.txt"
    src.write_text(TEXT.replace(marker, "- 5 -\n" + marker), encoding="utf-8")
    result = run("ingest", src, "--out", tmp_path / "pkg")
    assert result.exit_code == 0, result.output
    _same_tables(tmp_path / "pkg")


def test_tokenize_and_footers():
    assert tokenize("| 规章 | 17（其中 修订15件） | 20 |") == ["规章", "17（其中 修订15件）", "20"]
    assert tokenize("1、属于国家秘密\u300047\u00a02") == ["1、属于国家秘密", "47", "2"]
    for f in ("- 5 -", "— 12 —", "－5－", "第 5 页 共 12 页", "5/12"):
        assert is_footer(f), f
    for not_f in ("5", "40234", "一、总体情况", "-16"):
        assert not is_footer(not_f), not_f


def test_short_labels_need_their_numbering_or_their_place():
    rows = list(T.REQUEST_ROWS)
    other = [m.code for m in rows].index("other_other")
    total = [m.code for m in rows].index("handled_total")
    assert match_label("（六）其他处理3、其他", rows, 0)[0] == other
    assert match_label("（七）总计", rows, 0)[0] == total
    assert match_label("总计", rows, total)[0] == total  # in its place, unnumbered
    assert match_label("总计", rows, 0) is None  # a header's 总计 is no row
