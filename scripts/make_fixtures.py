"""Make the format fixtures in tests/fixtures/formats/ from the seed and the blank template.

    .venv/bin/python scripts/make_fixtures.py        # needs LibreOffice (soffice) for the PDFs

The seed report (datapackages/shanghai-2024/source.txt) is poured into the blank national
template (tests/fixtures/template-2021.docx, whose tables carry the template's merged cells)
and rendered:

- shanghai-2024.docx   the filled template (python-docx), merged header cells as in the template
- shanghai-2024.pdf    that .docx converted by LibreOffice (ruled tables, a table across pages)
- shanghai-2024.html   a page as a government site publishes a report exported from Word:
                       GB2312 declared, site navigation around it, <p><span> soup in cells,
                       &nbsp; and full-width spaces, rowspan/colspan, empty cells and '/' for
                       zero, the requests table split in two with its header repeated
- shanghai-2024-lo.html  LibreOffice's own HTML export of the .docx
- messy-*.txt          the report as text copied in the layouts real copies come in
- refuse-*             a partial page, a report in the pre-2021 template and a document that
                       is not a report, in each format

The generated files are committed, so tests never need LibreOffice.
"""

from __future__ import annotations

import copy
import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gongkai import template as T  # noqa: E402
from gongkai.extract import extract, split_sections  # noqa: E402
from gongkai.readers import text as text_reader  # noqa: E402

SEED = REPO / "datapackages" / "shanghai-2024" / "source.txt"
BLANK = REPO / "tests" / "fixtures" / "template-2021.docx"
OUT = REPO / "tests" / "fixtures" / "formats"


# ------------------------------------------------------------------ the seed, read once

def load_seed():
    doc = text_reader.read(str(SEED), SEED.read_bytes())
    report = extract(doc)
    sections = split_sections(doc)
    prose = {code: [r.text for r in rows if r.prose and r.text.strip()]
             for code, rows in sections.items()}
    return report, prose


def printed(report, table, row, col) -> str:
    return report.figures[(table, row, col)].printed


# ------------------------------------------------------------------ .docx from the template

def _set_text(cell, text: str) -> None:
    p = cell.paragraphs[0]
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    p.add_run(text)


def _figure_cells(row):
    """Cells of a template row that take figures: the trailing unlabelled ones."""
    from docx.table import _Cell
    return [_Cell(tc, row.table) for tc in row._tr.tc_lst]


def fill_template(report, prose, *, title: str | None = None, zero_as: str = "0",
                  sections=("overview", "proactive", "requests", "appeals", "problems", "other"),
                  front: list[str] | None = None, old_other_row: bool = False) -> docx.Document:
    d = docx.Document(str(BLANK))
    body = d.element.body
    paras = [p for p in d.paragraphs]
    # title and front matter
    head = next(p for p in paras if p.text.strip() == "政府信息公开工作年度报告格式模板")
    head.text = title or report.title
    anchor = head._p
    for text in reversed(front if front is not None else prose["_front"][1:]):
        new = copy.deepcopy(paras[2]._p)
        anchor.addnext(new)
        from docx.text.paragraph import Paragraph
        Paragraph(new, paras[2]._parent).text = text
    # prose of sections 一, 五, 六 in place of （文字描述）
    placeholders = [p for p in d.paragraphs if p.text.startswith("（文字描述")]
    for p, code in zip(placeholders, ("overview", "problems", "other")):
        from docx.text.paragraph import Paragraph
        for text in prose[code]:
            new = copy.deepcopy(p._p)
            p._p.addprevious(new)
            Paragraph(new, p._parent).text = text
        p._p.getparent().remove(p._p)
    proactive, requests, appeals = d.tables
    # 二: rows by label
    for row in proactive.rows:
        cells = _figure_cells(row)
        label = cells[0].text.strip()
        item = next((m for m in T.PROACTIVE_ITEMS if m.label == label), None)
        if item is None:
            continue
        block = next(b for b in T.PROACTIVE_BLOCKS if item.code in b[2])
        for cell, measure in zip(cells[1:], block[3]):
            _set_text(cell, printed(report, "proactive", item.code, measure))
    # 三: the 25 rows in template order, 7 figures each
    data_rows = [r for r in requests.rows if len(r._tr.tc_lst) >= 8]
    data_rows = [r for r in data_rows if _figure_cells(r)[0].text.strip() or
                 any(c.text.strip() for c in _figure_cells(r)[:-7])][-len(T.REQUEST_ROWS):]
    for row, member in zip(data_rows, T.REQUEST_ROWS):
        for cell, col in zip(_figure_cells(row)[-7:], T.APPLICANTS):
            value = printed(report, "requests", member.code, col.code)
            _set_text(cell, zero_as if value == "0" else value)
    if old_other_row:  # the 2019 template: （六）其他处理 is one row with no sub-lines
        rows = requests._tbl.tr_lst
        idx = [i for i, r in enumerate(requests.rows) if "（六）其他处理" in
               "".join(c.text for c in r.cells)]
        first = requests.rows[idx[0]]
        cells = _figure_cells(first)
        _set_text(cells[2], "（六）其他处理")
        for cell, col in zip(cells[-7:], T.APPLICANTS):
            total = sum(report.figures[("requests", r, col.code)].value
                        for r in T.OUTCOME_GROUPS["other_handling"])
            _set_text(cell, str(total))
        for i in idx[1:]:
            rows[i].getparent().remove(rows[i])
    # 四: one row of 15 figures
    last = appeals.rows[-1]
    values = [printed(report, "appeals", p.code, c.code) for p in T.PROCEEDINGS for c in T.RESULTS]
    for cell, value in zip(_figure_cells(last), values):
        _set_text(cell, value)
    # keep rows whole across pages, as most reports do
    for t in d.tables:
        for tr in t._tbl.tr_lst:
            trPr = tr.get_or_add_trPr()
            el = trPr.makeelement(qn("w:cantSplit"), {})
            trPr.append(el)
    # drop sections the caller leaves out (a partial report)
    wanted = {code for code in sections}
    heading_of = {h: code for code, h, _ in T.SECTIONS}
    current = "_front"
    for child in list(body.iterchildren()):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if text.strip() in heading_of:
                current = heading_of[text.strip()]
        if tag in ("p", "tbl") and current != "_front" and current not in wanted:
            body.remove(child)
    d.core_properties.title = title or report.title
    d.core_properties.author = ""
    d.core_properties.comments = ""
    return d


# ------------------------------------------------------------------ HTML, as a site publishes it

def _grid_spans(table):
    """(text, rowspan, colspan) per cell of a python-docx table, merged cells once."""
    rows = []
    trs = table._tbl.tr_lst
    for r, tr in enumerate(trs):
        out = []
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            vm = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            if vm is not None and vm.get(qn("w:val")) in (None, "continue"):
                col += span
                continue
            rowspan = 1
            if vm is not None:  # restart: count the continuing rows below
                for tr2 in trs[r + 1:]:
                    c2, found = 0, None
                    for tc2 in tr2.tc_lst:
                        if c2 == col:
                            found = tc2
                            break
                        c2 += tc2.grid_span
                    vm2 = found.tcPr.find(qn("w:vMerge")) if found is not None and \
                        found.tcPr is not None else None
                    if vm2 is not None and vm2.get(qn("w:val")) in (None, "continue"):
                        rowspan += 1
                    else:
                        break
            text = "\n".join(p.text for p in
                             (docx.table._Cell(tc, table).paragraphs))
            out.append((text, rowspan, span))
            col += span
        rows.append(out)
    return rows


def _soup_cell(text: str, rowspan: int, colspan: int, zero: str, k: int) -> str:
    attrs = ' width="64" valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"'
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if colspan > 1:
        attrs += f" colspan={colspan}"
    if text == "0":
        text = zero
    if not text:
        inner = '<p class="MsoNormal" align="center"><span lang="EN-US">&nbsp;</span></p>'
    else:
        parts = text.split("\n")
        esc = "<br>".join(html.escape(p) for p in parts)
        if k % 3 == 0:  # Word's habit: each run in its own span, full-width padding
            esc = f'<span style="font-family:仿宋_GB2312">\u3000{esc}</span>'
        inner = (f'<p class="MsoNormal" align="center" style="text-align:center">'
                 f'<span style="font-size:10.5pt;font-family:宋体">{esc}</span>'
                 f'<span lang="EN-US">&nbsp;</span></p>')
    return f"<td{attrs}>{inner}</td>"


def _table_html(rows, zero_marks, split_at: int | None = None, header_rows: int = 0) -> str:
    out = ['<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
           'style="border-collapse:collapse">', "<tbody>"]
    k = 0
    for i, row in enumerate(rows):
        if split_at is not None and i == split_at:
            out.append("</tbody></table>")
            out.append('<p class="MsoNormal">&nbsp;</p>')
            out.append('<table class="MsoNormalTable" border="1" cellspacing="0" '
                       'cellpadding="0"><tbody>')
            for hr in rows[:header_rows]:
                out.append("<tr>" + "".join(_soup_cell(t, rs, cs, "0", 1)
                                            for t, rs, cs in hr) + "</tr>")
        cells = []
        for t, rs, cs in row:
            k += 1
            cells.append(_soup_cell(t, rs, cs, zero_marks[k % len(zero_marks)], k))
        out.append('<tr style="height:21.0pt">' + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _reflow_rowspans(rows, split_at):
    """Split a table at row `split_at`: a cell spanning the cut is cut in two (as Word does)."""
    rows = [list(r) for r in rows]
    # column positions of each cell
    occupied: dict[tuple[int, int], bool] = {}
    placed = []
    for r, row in enumerate(rows):
        col = 0
        for j, (t, rs, cs) in enumerate(row):
            while occupied.get((r, col)):
                col += 1
            placed.append((r, col, j))
            for a in range(rs):
                for b in range(cs):
                    occupied[(r + a, col + b)] = True
            col += cs
    inserts: dict[int, list[tuple[int, tuple]]] = {}
    for r, col, j in placed:
        t, rs, cs = rows[r][j]
        if r < split_at < r + rs:
            rows[r][j] = (t, split_at - r, cs)
            inserts.setdefault(split_at, []).append((col, ("", r + rs - split_at, cs)))
    for r, items in inserts.items():
        # insert the continuation at its column position
        row = rows[r]
        col_of = []
        col = 0
        for t, rs, cs in row:
            col_of.append(col)
            col += cs
        for col, cell in sorted(items, reverse=True):
            pos = 0
            while pos < len(row) and col_of[pos] < col:
                pos += 1
            row.insert(pos, cell)
        rows[r] = row
    return rows


def render_html(d: docx.Document, title: str) -> bytes:
    body = d.element.body
    out = ["<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\">",
           "<html><head>",
           '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
           f"<title>{html.escape(title)}_上海市人民政府</title>",
           "<script>var _hmt = _hmt || []; document.write('<div>统计</div>');</script>",
           "<style>p.MsoNormal{margin:0cm;font-size:10.5pt}</style></head><body>",
           '<div class="header"><ul class="nav"><li><a href="/">首页</a></li>'
           '<li><a href="/xxgk/">政务公开</a></li><li>政府信息公开年报</li></ul>'
           '<div style="display:none">隐藏的菜单 一、总体情况</div></div>',
           '<table width="100%"><tr><td class="main">',
           f'<h1 class="title">{html.escape(title)}</h1>',
           '<div class="info">发布日期：2025-03-28 &nbsp; 来源：市政府办公厅</div>',
           '<div class="Section1" id="ivs_content">']
    tables = iter(d.tables)
    t_index = 0
    first = True
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if first and text.strip() == title:
                first = False
                continue  # the title is the page heading above
            if text.strip():
                indent = "\u3000\u3000" if not text.startswith(("一", "二", "三", "四", "五",
                                                                 "六", "（")) else ""
                out.append(f'<p class="MsoNormal" style="text-indent:32.0pt;line-height:28pt">'
                           f'<span style="font-family:仿宋_GB2312">{indent}'
                           f"{html.escape(text)}</span></p>")
        elif tag == "tbl":
            t = next(tables)
            rows = _grid_spans(t)
            t_index += 1
            if t_index == 2:  # the requests table, split in two with its header repeated
                split = 15
                rows = _reflow_rowspans(rows, split)
                out.append(_table_html(rows, ["0"], split_at=split, header_rows=3))
            else:
                out.append(_table_html(rows, ["0"]))
    out.append('</div></td></tr></table>')
    out.append('<div class="footer"><p>主办：上海市人民政府办公厅 &nbsp;'
               ' 沪ICP备05001234号</p></div></body></html>')
    page = "\n".join(out)
    return page.encode("gb18030")


def zeros_vary(d: docx.Document) -> None:
    """Zero in the requests table printed four ways: 0, an empty cell, a dash, a slash."""
    requests = d.tables[1]
    k = 0
    for row in requests.rows[3:]:
        cells = _figure_cells(row)[-7:]
        for cell in cells:
            if cell.text.strip() == "0":
                k += 1
                _set_text(cell, ("0", "", "—", "/")[k % 4])


# ------------------------------------------------------------------ messy text

def table_lines(report):
    """The three tables as (label parts, printed figures) lines, for the text layouts."""
    lines = {"proactive": [], "requests": [], "appeals": []}
    for code, heading, items, measures in T.PROACTIVE_BLOCKS:
        lines["proactive"].append(([heading], []))
        lines["proactive"].append((["信息内容"] + [T.PROACTIVE.col(m).label for m in measures],
                                   None))
        for item in items:
            lines["proactive"].append(([T.PROACTIVE.row(item).label],
                                       [printed(report, "proactive", item, m) for m in measures]))
    for m in T.REQUEST_ROWS:
        label = [m.group_label, m.number + m.label] if m.group_label else [m.number + m.label]
        lines["requests"].append((label, [printed(report, "requests", m.code, c.code)
                                          for c in T.APPLICANTS]))
    lines["appeals"] = [printed(report, "appeals", p.code, c.code)
                        for p in T.PROCEEDINGS for c in T.RESULTS]
    return lines


HALF = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "“": '"', "”": '"'})


def messy_text(report, prose, layout: str) -> str:
    """The seed as text copied in one of the messy layouts."""
    L = table_lines(report)
    out = [report.title, ""]
    out += prose["_front"][1:] + [""]
    out += [T.SECTIONS[0][1]] + prose["overview"] + [""]
    page = [3]

    def footer():
        page[0] += 1
        return {"spaces": f"- {page[0]} -", "pipes": f"— {page[0]} —",
                "lines": f"第 {page[0]} 页 共 12 页", "pdfcopy": f"－{page[0]}－"}[layout]

    def cells_line(parts: list[str]) -> str:
        if layout == "pipes":
            return "| " + " | ".join(parts) + " |"
        return "   ".join(parts)

    out.append(T.SECTIONS[1][1])
    for label, figs in L["proactive"]:
        if layout == "lines":
            out += label + (figs or [])
        else:
            out.append(cells_line(label + (figs or [])))
    out.append(T.SECTIONS[2][1])
    # header
    head_top = ["申请人情况"]
    head_mid = ["自然人", "法人或其他组织", "总计"]
    head_low = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    if layout == "lines":
        out += ["（本列数据的勾稽关系为：第一项加第二项之和，", "等于第三项加第四项之和）"]
        out += head_top + list("自然人") + ["法人或其他组织"] + [ch for w in head_low for ch in w] \
            + list("总计")
    elif layout == "pdfcopy":
        out += ["（本列数据的勾稽关系为：第一项加第二项之和， 申请人情况",
                "等于第三项加第四项之和） 自然人 法人或其他组织 总计",
                "商业 科研 社会公益 法律服务 其他",
                "企业 机构 组织 机构"]
    else:
        out.append(cells_line(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]
                              + head_top))
        out.append(cells_line(head_mid))
        out.append(cells_line(head_low))
    for i, (label, figs) in enumerate(L["requests"]):
        if i in (9, 19):
            out.append(footer())
            if layout == "pdfcopy":
                out += ["申请人情况", "自然人 法人或其他组织 总计",
                        "商业企业 科研机构 社会公益组织 法律服务机构 其他"]
        label = list(label)
        if layout == "spaces":
            label = [x.replace("1.", "1、").replace("2.", "2、") for x in label]
            label = [x.translate(HALF) if i % 2 else x for x in label]
            label = [x.replace("结转下年度继续办理", "结转下年度 继续办理") for x in label]
            label = [x.replace("信访举报投诉类申请", "信访举报投诉申请") for x in label]  # typo
            out.append(cells_line(label + figs))
        elif layout == "pipes":
            label = [x.replace("要求提供公开出版物", "要求提公开出版物") for x in label]  # typo
            out.append(cells_line(label + figs))
        elif layout == "lines":
            for part in label:
                if len(part) > 16:  # wrapped over lines
                    out += [part[:14], part[14:]]
                else:
                    out.append(part)
            out += figs
        else:  # pdfcopy: a long label wraps, its figures on the line of its first part
            text = "".join(label)
            if len(text) > 18:
                out.append(text[:16] + " " + " ".join(figs))
                out.append(text[16:])
            else:
                out.append(text + " " + " ".join(figs))
    out.append(T.SECTIONS[3][1])
    a = L["appeals"]
    if layout == "lines":
        out += ["行政复议", "行政诉讼"] + list("结果维持") + ["结果", "纠正", "其他", "结果", "尚未",
                                                    "审结", "总计", "未经复议直接起诉", "复议后起诉"]
        out += a
    elif layout == "pdfcopy":
        out += ["行政复议 行政诉讼", "未经复议直接起诉 复议后起诉",
                "结果 结果 其他 尚未 总计 结果 结果 其他 尚未 总计 结果 结果 其他 尚未 总计",
                "维持 纠正 结果 审结 维持 纠正 结果 审结 维持 纠正 结果 审结",
                " ".join(a)]
    else:
        out.append(cells_line(["行政复议", "行政诉讼"]))
        out.append(cells_line(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                               "未经复议直接起诉", "复议后起诉"]))
        out.append(cells_line(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2))
        out.append(cells_line(a))
    out.append(T.SECTIONS[4][1])
    out += prose["problems"]
    out.append(T.SECTIONS[5][1])
    out += prose["other"]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ refusals

NOTICE_TITLE = "关于做好2024年冬季防火工作的通知"
NOTICE = ["各区人民政府，市政府各委、办、局：", "为切实做好今冬明春防火工作，现将有关事项通知如下。",
          "一、提高认识，压实责任", "各单位要充分认识防火工作的重要性。",
          "二、加强检查，消除隐患", "请于12月31日前完成检查。"]


def notice_docx() -> docx.Document:
    d = docx.Document()
    d.add_paragraph(NOTICE_TITLE)
    for p in NOTICE:
        d.add_paragraph(p)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "单位", "检查次数"
    t.cell(1, 0).text, t.cell(1, 1).text = "消防救援总队", "12"
    return d


def notice_html() -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in NOTICE)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{NOTICE_TITLE}</title>'
            f"</head><body><h1>{NOTICE_TITLE}</h1>{body}<table><tr><td>单位</td><td>检查次数"
            f"</td></tr><tr><td>消防救援总队</td><td>12</td></tr></table></body></html>"
            ).encode("utf-8")


def to_pdf(docx_path: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed: apt-get install -y "
                         "libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_path)],
                       check=True, capture_output=True, timeout=300)
    return out_dir / (docx_path.stem + ".pdf")


def to_lo_html(docx_path: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "html:HTML (StarWriter)", "--outdir", str(out_dir),
                        str(docx_path)], check=True, capture_output=True, timeout=300)
    return out_dir / (docx_path.stem + ".html")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    report, prose = load_seed()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # the report in each format
        d = fill_template(report, prose)
        d.save(OUT / "shanghai-2024.docx")
        pdf = to_pdf(OUT / "shanghai-2024.docx", tmp)
        shutil.copy(pdf, OUT / "shanghai-2024.pdf")
        lo = to_lo_html(OUT / "shanghai-2024.docx", tmp)
        (OUT / "shanghai-2024-lo.html").write_bytes(lo.read_bytes())
        d2 = fill_template(report, prose)
        zeros_vary(d2)
        (OUT / "shanghai-2024.html").write_bytes(render_html(d2, report.title))
        for layout in ("spaces", "pipes", "lines", "pdfcopy"):
            (OUT / f"messy-{layout}.txt").write_text(messy_text(report, prose, layout),
                                                     encoding="utf-8")
        # refusals: a partial page, the pre-2021 template, not a report (short prose: small)
        prose = {code: paras[:2] for code, paras in prose.items()}
        partial = fill_template(report, prose, sections=("overview", "proactive"))
        partial.save(tmp / "refuse-partial.docx")
        old = fill_template(report, prose, title=report.title.replace("2024", "2020"),
                            old_other_row=True)
        old.save(tmp / "refuse-old-template.docx")
        notice_docx().save(tmp / "refuse-not-a-report.docx")
        for name in ("refuse-partial", "refuse-old-template", "refuse-not-a-report"):
            shutil.copy(tmp / f"{name}.docx", OUT / f"{name}.docx")
            shutil.copy(to_pdf(tmp / f"{name}.docx", tmp), OUT / f"{name}.pdf")
        (OUT / "refuse-partial.html").write_bytes(render_html(partial, report.title))
        (OUT / "refuse-old-template.html").write_bytes(
            render_html(old, report.title.replace("2024", "2020")))
        (OUT / "refuse-not-a-report.html").write_bytes(notice_html())
        # the 2019 layout (（六）其他处理 one row) under a 2024 title: told by its table
        old_layout = fill_template(report, prose, old_other_row=True)
        (OUT / "refuse-old-layout.html").write_bytes(render_html(old_layout, report.title))
    for p in sorted(OUT.iterdir()):
        print(f"{p.stat().st_size:>8}  {p.relative_to(REPO)}")


if __name__ == "__main__":
    main()
