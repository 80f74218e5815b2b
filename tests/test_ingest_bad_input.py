"""Broken inputs are refused with one clear message and nothing written; odd ones are read."""

from __future__ import annotations

import random

import pytest

from conftest import SEED, SHANGHAI
from helpers import assert_read_as_printed, read_csv, run

TEXT = SEED.read_text(encoding="utf-8")
ROW_PARTIAL = "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n\t346\n\t16\n\t0\n\t0\n\t2\n\t3\n\t367\n"
ROW_DUPLICATE = "\t2.重复申请\n\t428\n\t4\n\t0\n\t0\n\t0\n\t0\n\t432\n"
ROW_LICENSING = "\t行政许可\n\t21045877\n"
APPEALS_FIGURES = "\t1218\n\t123\n\t298\n"
HEADING_REQUESTS = "三、收到和处理政府信息公开申请情况\n"


def replace_once(old: str, new: str, text: str = TEXT) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# (id, bytes or text, words the message must contain)
BROKEN = [
    ("empty", b"", ["empty"]),
    ("whitespace-only", "  \n\n\t\n", ["empty"]),
    ("binary", bytes(random.Random(1).randrange(256) for _ in range(4096)), ["binary"]),
    ("html-page", "<!DOCTYPE html><html><body><p>政府信息公开</p></body></html>",
     []),
    ("not-a-report", "关于做好冬季防火工作的通知\n\n各区人民政府：\n请做好防火工作。\n",
     ["does not look like", "annual report"]),
    ("title-only", TEXT.splitlines()[0] + "\n", ["does not look like"]),
    ("missing-section", replace_once(HEADING_REQUESTS, ""),
     ["section 三、收到和处理政府信息公开申请情况 is missing"]),
    ("missing-section-six", TEXT[:TEXT.index("六、其他需要报告的事项")],
     ["section 六、其他需要报告的事项 is missing"]),
    ("truncated", TEXT[: TEXT.index("\t（四）无法提供")], ["missing"]),
    ("truncated-mid-row", TEXT[: TEXT.index("\t2711\n") + 6],
     ["missing", "truncated"]),
    ("missing-row", replace_once("\t\n\t\n" + ROW_DUPLICATE + "\n", ""),
     ["row unprocessed_duplicate", "missing"]),
    ("duplicated-row", replace_once(ROW_DUPLICATE, ROW_DUPLICATE + "\n\t\n\t\n" + ROW_DUPLICATE),
     ["row unprocessed_duplicate", "twice"]),
    ("extra-cell", replace_once(ROW_PARTIAL, ROW_PARTIAL.replace("\t367\n", "\t367\n\t5\n")),
     ["row partially_disclosed", "too many", "expected 7 figures"]),
    ("missing-cell", replace_once(ROW_PARTIAL, ROW_PARTIAL.replace("\t16\n", "")),
     ["row partially_disclosed", "too few", "expected 7 figures"]),
    ("non-numeric-cell", replace_once(ROW_PARTIAL, ROW_PARTIAL.replace("\t16\n", "\t十六\n")),
     ["row partially_disclosed", "column commercial_enterprise", "十六"]),
    ("non-numeric-first-cell", replace_once(ROW_PARTIAL, ROW_PARTIAL.replace("\t346\n", "\tabc\n")),
     ["row partially_disclosed", "column natural_person", "abc"]),
    ("negative-number", replace_once(ROW_PARTIAL, ROW_PARTIAL.replace("\t16\n", "\t-16\n")),
     ["row partially_disclosed", "column commercial_enterprise", "negative"]),
    ("decimal-count", replace_once(ROW_PARTIAL, ROW_PARTIAL.replace("\t16\n", "\t16.5\n")),
     ["row partially_disclosed", "column commercial_enterprise", "whole number"]),
    ("identity-off-by-one", replace_once(ROW_PARTIAL, ROW_PARTIAL.replace("\t346\n", "\t347\n")),
     ["identity", "requests.", "expected", "found", "--declare"]),
    ("total-off-by-one", replace_once("\t（七）总计\n\t39600\n", "\t（七）总计\n\t39601\n"),
     ["identity", "column natural_person", "expected", "found"]),
    ("appeals-missing-cell", replace_once(APPEALS_FIGURES, "\t1218\n\t123\n"),
     ["table appeals", "too few", "15 figures"]),
    ("appeals-non-numeric", replace_once(APPEALS_FIGURES, "\t1218\n\tx\n\t298\n"),
     ["table appeals", "row administrative_reconsideration", "column corrected"]),
    ("proactive-missing-row", replace_once(ROW_LICENSING, ""),
     ["table proactive", "row administrative_licensing", "missing"]),
    ("proactive-non-numeric", replace_once(ROW_LICENSING, "\t行政许可\n\t很多\n"),
     ["table proactive", "administrative_licensing", "很多"]),
    ("proactive-extra-cell", replace_once(ROW_LICENSING, "\t行政许可\n\t21045877\n\t12\n"),
     ["table proactive", "administrative_licensing", "too many"]),
    ("pre-2021-year", replace_once("2024年上海市政府信息公开工作年度报告\n",
                                   "2019年上海市政府信息公开工作年度报告\n"),
     ["2019", "国办公开办函〔2019〕60号", "its tables are in the format 国办公开办函〔2021〕30号"]),
    ("pre-2021-no-other-sublines",
     TEXT[:TEXT.index("\t（六）其他处理")] + "\t（六）其他处理\n\t8871\n\t457\n\t0\n\t10\n\t23\n\t45"
     "\n\t9406\n\n" + TEXT[TEXT.index("\t\n\t（七）总计"):],
     ["国办公开办函〔2019〕60号 table", "其他处理"]),
    ("title-without-year", replace_once("2024年上海市政府信息公开工作年度报告\n",
                                        "上海市政府信息公开工作年度报告\n"), ["no year"]),
    ("unknown-row-label", replace_once(ROW_DUPLICATE, ROW_DUPLICATE + "\n\t\n\t\n\t9.不明事项\n"
                                       "\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n"),
     ["not in the template", "不明事项"]),
    ("requests-table-missing", TEXT[:TEXT.index(HEADING_REQUESTS) + len(HEADING_REQUESTS)] + "\n（略）\n\n"
     + TEXT[TEXT.index("四、政府信息公开行政复议"):], ["table requests", "no table"]),
]


@pytest.mark.parametrize("case,content,words", BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_input_is_refused(tmp_path, case, content, words):
    src = tmp_path / f"{case}.txt"
    src.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    out = tmp_path / "out"
    result = run("ingest", src, "--out", out)
    assert result.exit_code != 0
    message = result.output
    assert "error:" in message and src.name in message, message
    assert "Traceback" not in message
    for w in words:
        assert w in message, (w, message)
    assert message.count("error:") == 1
    assert not out.exists(), "a refused report must leave nothing written"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_missing_file_and_folder(tmp_path):
    result = run("ingest", tmp_path / "nope.txt", "--out", tmp_path / "o")
    assert result.exit_code != 0 and "no such file" in result.output


def test_bad_declaration_is_refused(tmp_path):
    for bad, word in (("requests.balance[total]", "CHECK_ID=REASON"),
                      ("no.such.check=because", "no such check")):
        result = run("ingest", SEED, "--out", tmp_path / "o", "--declare", bad)
        assert result.exit_code != 0 and word in result.output
        assert not (tmp_path / "o").exists()


def test_failed_ingest_keeps_the_last_good_package(tmp_path):
    out = tmp_path / "pkg"
    assert run("ingest", SEED, "--out", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tmp_path / "bad.txt"
    bad.write_text(replace_once(ROW_PARTIAL, ROW_PARTIAL.replace("\t16\n", "")), encoding="utf-8")
    assert run("ingest", bad, "--out", out).exit_code != 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# ---------------------------------------------------------------- odd but valid

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _fullwidth_cells(text: str) -> str:
    return "\n".join(line.translate(FULLWIDTH) if line.startswith("\t") else line
                     for line in text.split("\n"))


def _thousands(text: str) -> str:
    return "\n".join(f"\t{int(line[1:]):,}" if line.startswith("\t") and line[1:].isdigit()
                     else line for line in text.split("\n"))


def _zeros_as(mark: str):
    def edit(text: str) -> str:
        body, tail = text.split("四、政府信息公开行政复议", 1)
        head, table = body.split(HEADING_REQUESTS, 1)
        table = "\n".join(f"\t{mark}" if line == "\t0" else line for line in table.split("\n"))
        return head + HEADING_REQUESTS + table + "四、政府信息公开行政复议" + tail
    return edit


ODD = [
    ("fullwidth-digits", lambda t: _fullwidth_cells(t).encode("utf-8")),
    ("thousands-separators", lambda t: _thousands(t).encode("utf-8")),
    ("dash-for-zero", lambda t: _zeros_as("—")(t).encode("utf-8")),
    ("empty-for-zero", lambda t: _zeros_as("")(t).encode("utf-8")),
    ("crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
    ("bom", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
    ("gbk", lambda t: t.replace("\ufffd", "*").encode("gbk")),
    ("gb18030", lambda t: t.encode("gb18030")),
    ("halfwidth-punctuation", lambda t: t.replace("（", "(").replace("）", ")").encode("utf-8")),
    ("spaces-in-labels", lambda t: t.replace("\t结转下年度继续办理", "\t结转下年度 继续办理")
     .replace("\t1.属于国家秘密", "\t1. 属于国家秘密").encode("utf-8")),
    ("trailing-spaces", lambda t: "\n".join(l + "  " if l.startswith("\t") else l
                                            for l in t.split("\n")).encode("utf-8")),
]


@pytest.mark.parametrize("case,make", ODD, ids=[c[0] for c in ODD])
def test_odd_but_valid_input_is_read(tmp_path, case, make):
    src = tmp_path / f"{case}.txt"
    src.write_bytes(make(TEXT))
    out = tmp_path / "pkg"
    result = run("ingest", src, "--out", out)
    assert result.exit_code == 0, result.output
    for name in ("proactive.csv", "requests.csv", "appeals.csv"):
        assert_read_as_printed(read_csv(out / name), read_csv(SHANGHAI / name),
                               "value" if name == "proactive.csv" else "count", name)
    assert (out / "source.txt").read_bytes() == src.read_bytes()



def test_prose_that_disagrees_is_a_published_finding(tmp_path):
    """A prose figure that disagrees with its table does not block the report: the tables are
    kept, and the mismatch is published with the sentence, the prose and the table number."""
    src = tmp_path / "prose.txt"
    src.write_text(replace_once("收到政府信息公开申请42188件", "收到政府信息公开申请42189件"),
                   encoding="utf-8")
    out = tmp_path / "pkg"
    result = run("ingest", src, "--out", out)
    assert result.exit_code == 0, result.output
    prose = {r["code"]: r for r in read_csv(out / "highlights.csv")}
    assert prose["new_requests"]["value"] == "42189"
    assert "42189件" in prose["new_requests"]["sentence"]
    from gongkai.validate import validate_package
    checks = {c.id: c for c in validate_package(out).checks}
    c = checks["restatement[new_requests]"]
    assert (c.status, c.found, c.expected) == ("mismatch", 42189, 42188)
    assert "42189件" in c.sentence
    requests = {(r["row"], r["applicant"]): r["count"] for r in read_csv(out / "requests.csv")}
    assert requests[("new_requests", "total")] == "42188"
