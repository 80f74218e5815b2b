"""Reports as published, in each format, read figure for figure; non-reports refused in each."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import SEED, SHANGHAI
from helpers import assert_read_as_printed, read_csv, run
from gongkai.readers import read_document
from gongkai.readers.html import read as read_html

FORMATS = Path(__file__).parent / "fixtures" / "formats"
TABLES = ("proactive.csv", "requests.csv", "appeals.csv")
# (fixture, format, media type, file name in the package)
REPORTS = [
    ("shanghai-2024.html", "html", "text/html", "source.html"),
    ("shanghai-2024-lo.html", "html", "text/html", "source.html"),
    ("shanghai-2024.docx", "docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "source.docx"),
    ("shanghai-2024.pdf", "pdf", "application/pdf", "source.pdf"),
]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> dict[str, Path]:
    """Each fixture ingested once (PDF parsing is the slow part)."""
    out = {}
    for name, *_ in REPORTS:
        pkg = tmp_path_factory.mktemp("fmt") / "pkg"
        result = run("ingest", FORMATS / name, "--out", pkg)
        assert result.exit_code == 0, (name, result.output)
        out[name] = pkg
    return out


@pytest.mark.parametrize("name", [r[0] for r in REPORTS])
@pytest.mark.parametrize("table", TABLES)
def test_tables_figure_for_figure(ingested, name, table):
    got = read_csv(ingested[name] / table)
    want = read_csv(SHANGHAI / table)
    value = "value" if table == "proactive.csv" else "count"
    assert_read_as_printed(got, want, value, f"{name} {table}")


@pytest.mark.parametrize("name", [r[0] for r in REPORTS])
def test_prose_figures_and_metadata(ingested, name):
    got = {r["code"]: r["value"] for r in read_csv(ingested[name] / "highlights.csv")}
    want = {r["code"]: r["value"] for r in read_csv(SHANGHAI / "highlights.csv")}
    assert got == want
    desc = json.loads((ingested[name] / "datapackage.json").read_text(encoding="utf-8"))
    committed = json.loads((SHANGHAI / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["title"] == committed["title"]
    assert desc["report"] == committed["report"]


@pytest.mark.parametrize("name,fmt,media,path", REPORTS)
def test_source_published_byte_for_byte(ingested, name, fmt, media, path):
    pkg = ingested[name]
    raw = (FORMATS / name).read_bytes()
    assert (pkg / path).read_bytes() == raw
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    src = next(r for r in desc["resources"] if r["name"] == "source")
    assert src["path"] == path and src["format"] == fmt and src["mediatype"] == media
    assert src["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
    assert desc["provenance"]["source_format"] == fmt


@pytest.mark.parametrize("name", ["shanghai-2024.html", "shanghai-2024.docx",
                                  "shanghai-2024.pdf"])
def test_frictionless_valid(ingested, name):
    from frictionless import Package

    report = Package(str(ingested[name] / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])[:5]


@pytest.mark.parametrize("name,wrong", [("shanghai-2024.html", "report.pdf"),
                                        ("shanghai-2024.docx", "report.txt"),
                                        ("shanghai-2024.pdf", "report.html")])
def test_format_told_by_content_not_name(tmp_path, name, wrong):
    src = tmp_path / wrong
    shutil.copy(FORMATS / name, src)
    doc = read_document(src)
    assert doc.format == Path(name).suffix.lstrip(".")
    assert doc.raw == src.read_bytes()


def test_html_grid_merged_cells_and_soup():
    page = """<html><body><div style="display:none">一、总体情况 隐藏</div>
    <table><tr><td><table>
      <tr><td rowspan="2" colspan="2"><p><span>结果</span><br><span>纠正</span></p></td>
          <td colspan=2>&nbsp;申请人&nbsp;</td></tr>
      <tr><td>甲</td><td>\u3000乙\u3000</td></tr>
      <tr><td>a</td><td rowspan=2>b</td><td><p>&nbsp;</p></td><td>/</td></tr>
      <tr><td>c</td><td>7</td><td>8</td></tr>
    </table></td></tr></table><p>后记</p></body></html>"""
    doc = read_html("x.html", page.encode("utf-8"))
    table = [r.cells for r in doc.rows if not r.prose]
    assert table == [["结果纠正", "申请人"], ["", "甲", "乙"], ["a", "b", "", "/"],
                     ["c", "", "7", "8"]]
    assert [r.text for r in doc.rows if r.prose] == ["后记"]


def test_html_page_keeps_navigation_out_of_the_title(ingested):
    doc = read_document(FORMATS / "shanghai-2024.html")
    assert doc.encoding == "gb18030"
    assert not any("隐藏的菜单" in r.text for r in doc.rows)
    assert sum(1 for r in doc.rows if not r.prose and r.cells[-1] == "总计") >= 2  # header again


# ---------------------------------------------------------------- refusals, in every format

TEXT = SEED.read_text(encoding="utf-8")
NOTICE = "关于做好冬季防火工作的通知\n\n各区人民政府：\n请做好防火工作。\n"
REFUSALS = [
    ("refuse-partial.html", ["incomplete report", "三、收到和处理政府信息公开申请情况", "missing"]),
    ("refuse-partial.docx", ["incomplete report", "三、收到和处理政府信息公开申请情况", "missing"]),
    ("refuse-partial.pdf", ["incomplete report", "三、收到和处理政府信息公开申请情况", "missing"]),
    ("refuse-old-template.html", ["国办公开办函〔2019〕60号", "2020", "行政许可"]),
    ("refuse-old-template.docx", ["国办公开办函〔2019〕60号", "2020", "行政许可"]),
    ("refuse-old-template.pdf", ["国办公开办函〔2019〕60号", "2020", "行政许可"]),
    ("refuse-old-layout.html", ["国办公开办函〔2019〕60号 table", "其他处理"]),
    ("refuse-not-a-report.html", ["does not look like", "annual report"]),
    ("refuse-not-a-report.docx", ["does not look like", "annual report"]),
    ("refuse-not-a-report.pdf", ["does not look like", "annual report"]),
]


def _text_refusals(tmp: Path) -> list[tuple[Path, list[str]]]:
    cut = TEXT.index("三、收到和处理政府信息公开申请情况")
    tables_gone = TEXT[:TEXT.index("三、收到和处理")] + "三、收到和处理政府信息公开申请情况\n（详见附件）\n" + \
        TEXT[TEXT.index("四、政府信息公开行政复议"):]
    cases = {
        "partial.txt": (TEXT[:cut], ["incomplete report", "missing"]),
        "no-table.txt": (tables_gone, ["incomplete report", "table requests", "no table"]),
        "old.txt": (TEXT.replace("2024年上海市政府信息公开工作年度报告", "2020年上海市政府信息公开工作年度报告", 1),
                    ["国办公开办函〔2019〕60号", "2020"]),
        "notice.txt": (NOTICE, ["does not look like"]),
    }
    out = []
    for name, (text, words) in cases.items():
        (tmp / name).write_text(text, encoding="utf-8")
        out.append((tmp / name, words))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("data.csv", "a,b\n1,2\n")
    (tmp / "archive.docx").write_bytes(buf.getvalue())
    out.append((tmp / "archive.docx", ["zip file", "not a report"]))
    return out


def _check_refused(src: Path, out: Path, words: list[str]) -> None:
    result = run("ingest", src, "--out", out)
    assert result.exit_code != 0, result.output
    msg = result.output
    assert msg.count("error:") == 1 and src.name in msg and "Traceback" not in msg, msg
    for w in words:
        assert w in msg, (w, msg)
    assert not out.exists()


@pytest.mark.parametrize("name,words", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refused_in_every_format(tmp_path, name, words):
    _check_refused(FORMATS / name, tmp_path / "out", words)


def test_refused_as_text(tmp_path):
    for src, words in _text_refusals(tmp_path):
        _check_refused(src, tmp_path / f"out-{src.stem}", words)
