"""Reports laid out as real publishing tools lay them out, read figure for figure.

The fixtures in tests/fixtures/realworld/ (made by scripts/make_realworld_fixtures.py from the
seed's figures) imitate Word's "Save as Web Page", a CMS article page, a WPS export, text copied
out of a PDF viewer and Word files with layout tables, text boxes and tracked changes. Each must
give the committed package's figures exactly; the variants built here from them (odd zeros,
titles, headers) either read the same or are refused naming the table and the row.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import SHANGHAI
from helpers import assert_read_as_printed, read_csv, run

REAL = Path(__file__).parent / "fixtures" / "realworld"
TABLES = ("proactive.csv", "requests.csv", "appeals.csv")

# fixture -> (title, publisher) the report states, when not the seed's own
FIXTURES = {
    "word-save-as.htm": None,
    "cms-page.html": ("2024年度上海市人民政府信息公开工作年度报告", "上海市人民政府"),
    "cms-page.pdf": ("2024年度上海市人民政府信息公开工作年度报告", "上海市人民政府"),
    "wps-export.html": None,
    "pdf-copy.txt": None,
    "browser-copy.txt": None,
    "layout-table.docx": None,
    "two-line-title.docx": ("上海市人民政府2024年政府信息公开工作年度报告", "上海市人民政府"),
}


def _committed() -> dict:
    return json.loads((SHANGHAI / "datapackage.json").read_text(encoding="utf-8"))


def same_tables(pkg: Path) -> None:
    for name in TABLES:
        got, want = read_csv(pkg / name), read_csv(SHANGHAI / name)
        assert_read_as_printed(got, want, "value" if name == "proactive.csv" else "count", name)


def ingest_ok(src: Path, out: Path) -> Path:
    result = run("ingest", src, "--out", out)
    assert result.exit_code == 0, result.output
    return out


def refused(src: Path, out: Path, *words: str) -> str:
    result = run("ingest", src, "--out", out)
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output and not out.exists()
    for w in words:
        assert w in result.output, (w, result.output)
    return result.output


@pytest.mark.parametrize("name", list(FIXTURES))
def test_fixture_read_figure_for_figure(tmp_path, name):
    pkg = ingest_ok(REAL / name, tmp_path / "pkg")
    same_tables(pkg)
    got = {r["code"]: r["value"] for r in read_csv(pkg / "highlights.csv")}
    assert got == {r["code"]: r["value"] for r in read_csv(SHANGHAI / "highlights.csv")}
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    want = FIXTURES[name]
    committed = _committed()
    if want is None:
        assert desc["title"] == committed["title"]
        assert desc["report"] == committed["report"]
    else:
        assert (desc["title"], desc["report"]["publisher"]) == want
        assert desc["report"]["year"] == 2024
        assert desc["report"]["division_code"] == committed["report"]["division_code"]


def test_fixtures_hold_what_they_claim():
    word = (REAL / "word-save-as.htm").read_bytes()
    assert b"charset=gb2312" in word and b"<![if !supportLists]>" in word
    assert b"<![if !supportMisalignedColumns]>" in word and b"<o:p>" in word
    assert b"<!--[if gte mso 9]>" in word and b"<col width=" in word
    cms = (REAL / "cms-page.html").read_text(encoding="utf-8")
    for mark in ("当前位置", "发布时间", "１", "件</p>", "\u00a0</p>", "／", "无</p>", ">-<"):
        assert mark in cms, mark
    assert "（三）不予公开1.属于国家秘密" in cms  # group label and first sub-label in one cell
    pdf = (REAL / "pdf-copy.txt").read_text(encoding="utf-8")
    assert "行 政 复 议" in pdf and "— 4 —" in pdf and "第 4 页 共 8 页" in pdf


# ---------------------------------------------------------------- variants built from the seed

SEED_TEXT = (SHANGHAI / "source.txt").read_text(encoding="utf-8")
SEED_TITLE = "2024年上海市政府信息公开工作年度报告"

# (lines that open the report in place of the seed's title, title, publisher)
TITLES = [
    (["上海市财政局2024年政府信息公开工作年度报告"],
     "上海市财政局2024年政府信息公开工作年度报告", "上海市财政局"),
    (["2024年度上海市黄浦区人民政府信息公开工作年度报告"],
     "2024年度上海市黄浦区人民政府信息公开工作年度报告", "上海市黄浦区人民政府"),
    (["上海市人民政府办公厅2024年度政府信息公开工作年度报告"],
     "上海市人民政府办公厅2024年度政府信息公开工作年度报告", "上海市人民政府办公厅"),
    (["首页 > 政务公开 > 2024年政府信息公开年报", "上海市2024年政府信息公开工作年度报告",
      "2025年1月20日"], "上海市2024年政府信息公开工作年度报告", "上海市人民政府"),
    (["上海市黄浦区人民政府", "2024年政府信息公开工作年度报告", "（2025年1月20日）"],
     "上海市黄浦区人民政府2024年政府信息公开工作年度报告", "上海市黄浦区人民政府"),
    (["《上海市2024年政府信息公开工作年度报告》"],
     "《上海市2024年政府信息公开工作年度报告》", "上海市人民政府"),
]


@pytest.mark.parametrize("lines,title,publisher", TITLES, ids=[t[2] + str(i) for i, t in
                                                              enumerate(TITLES)])
def test_titles_as_published(tmp_path, lines, title, publisher):
    src = tmp_path / "report.txt"
    src.write_text(SEED_TEXT.replace(SEED_TITLE, "\n".join(lines), 1), encoding="utf-8")
    pkg = ingest_ok(src, tmp_path / "pkg")
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    assert (desc["title"], desc["report"]["publisher"], desc["report"]["year"]) == \
        (title, publisher, 2024)
    same_tables(pkg)


def test_prose_figures_with_spaces_around_numbers(tmp_path):
    """Web pages and PDFs put a space between a Chinese word and a number ('申请 42188 件')."""
    text = re.sub(r"(?<=[\u4e00-\u9fff])(\d[\d.,]*)(?=[件元%])", r" \1 ",
                  SEED_TEXT.split("二、主动公开政府信息情况")[0]) + \
        "二、主动公开政府信息情况" + SEED_TEXT.split("二、主动公开政府信息情况", 1)[1]
    assert "申请 42188 件" in text
    src = tmp_path / "report.txt"
    src.write_text(text, encoding="utf-8")
    pkg = ingest_ok(src, tmp_path / "pkg")
    got = {r["code"]: r["value"] for r in read_csv(pkg / "highlights.csv")}
    assert got == {r["code"]: r["value"] for r in read_csv(SHANGHAI / "highlights.csv")}


def test_fee_amount_with_separators_and_trailing_zero(tmp_path):
    src = tmp_path / "report.txt"
    assert "\t1285805.6\n" in SEED_TEXT
    src.write_text(SEED_TEXT.replace("\t1285805.6\n", "\t1,285,805.60\n"), encoding="utf-8")
    pkg = ingest_ok(src, tmp_path / "pkg")
    # decimals exactly as printed: the trailing zero stays, the separators are kept in printed
    fee = next(r for r in read_csv(pkg / "proactive.csv") if r["item"] == "administrative_fees")
    assert (fee["value"], fee["printed"]) == ("1285805.60", "1,285,805.60")
    for name in ("requests.csv", "appeals.csv"):
        assert read_csv(pkg / name) == read_csv(SHANGHAI / name), name


def test_unreadable_glyph_is_refused_naming_the_cell(tmp_path):
    """A PDF font without a text mapping gives '�' for a character: never read as zero."""
    row = "\t2.重复申请\n\t428\n\t4\n"
    assert row in SEED_TEXT
    src = tmp_path / "report.txt"
    src.write_text(SEED_TEXT.replace(row, "\t2.重复申请\n\t\ufffd\n\t4\n"), encoding="utf-8")
    out = refused(src, tmp_path / "pkg", "table requests", "row unprocessed_duplicate",
                  "column natural_person", "cannot be read")
    assert "error:" in out
