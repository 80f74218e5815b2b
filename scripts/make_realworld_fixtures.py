"""Make tests/fixtures/realworld/: the seed's figures as real publishing tools present them.

    .venv/bin/python scripts/make_realworld_fixtures.py

Each fixture is the seed report (datapackages/shanghai-2024/source.txt) laid out the way a
kind of real publication does, so that a test can check it reads figure for figure against
the committed package:

- word-save-as.htm     Word's "Save as Web Page": GB2312, xmlns:o, <!--[if gte mso 9]> blocks,
                       <![if !supportLists]> numbering, MsoNormalTable, <o:p>, &nbsp; cells for
                       zero, <col> widths, the supportMisalignedColumns row, labels broken by
                       <br>, vertical headers one character per <p>, the requests header in
                       three rows, group cells spanning their sub-rows
- cms-page.html        a TRS/Hanweb-style CMS article: breadcrumb, title with 年度 and 人民政府,
                       date line, section 二 as ONE table with its four blocks, group label and
                       first sub-label in one cell, odd zeros (—, -, ／, 无), thousands
                       separators, full-width digits, trailing NBSP, counts followed by 件
- wps-export.html      a WPS export: <font> soup, every cell's text in spans, appeals header in
                       three rows with a vertical label and a leading empty cell, the requests
                       table continuing in a second table after a "page break" with its header
- pdf-copy.txt         text copied out of a PDF viewer: characters separated by spaces, one
                       cell per line, page headers and footers (— 3 —, 第 3 页 共 8 页), the
                       table continuing after a page break with its header repeated
- browser-copy.txt     a page copied from a browser (or Word) and saved by Notepad in GBK with
                       CRLF: breadcrumb and date line, a table row a line with its cells between
                       tabs, merged cells once, empty cells for some zeros
- layout-table.docx    a Word file whose whole body sits in a one-cell layout table, title in a
                       text box, merged cells by gridSpan/vMerge, a figure in a tracked insertion
- cms-page.pdf         the CMS page printed to PDF by LibreOffice (needs soffice)
- two-line-title.docx  the title set in two lines (机关 / 年份…年度报告), with a date line

The generated files are committed, so tests never need this script to run.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gongkai import template as T  # noqa: E402
from gongkai.extract import extract, split_sections  # noqa: E402
from gongkai.readers import text as text_reader  # noqa: E402

SEED = REPO / "datapackages" / "shanghai-2024" / "source.txt"
OUT = REPO / "tests" / "fixtures" / "realworld"


def load_seed():
    doc = text_reader.read(str(SEED), SEED.read_bytes())
    report = extract(doc)
    sections = split_sections(doc)
    prose = {code: [r.text for r in rows if r.prose and r.text.strip()]
             for code, rows in sections.items()}
    return report, prose


REPORT, PROSE = load_seed()


def fig(table, row, col) -> str:
    return REPORT.figures[(table, row, col)].printed


# ------------------------------------------------------------------ the tables as grids
# A grid is a list of rows; a cell is (text, rowspan, colspan).

def proactive_blocks() -> list[list[list[tuple[str, int, int]]]]:
    """The four blocks of section 二, each a grid of 4 columns."""
    out = []
    for _, heading, items, measures in T.PROACTIVE_BLOCKS:
        span = 3 - len(measures)  # the last measure spans the spare columns
        rows = [[(heading, 1, 4)]]
        head = [("信息内容", 1, 1)] + [(T.PROACTIVE.col(m).label, 1, 1) for m in measures]
        head[-1] = (head[-1][0], 1, 1 + span)
        rows.append(head)
        for item in items:
            row = [(T.PROACTIVE.row(item).label, 1, 1)] + \
                [(fig("proactive", item, m), 1, 1) for m in measures]
            row[-1] = (row[-1][0], 1, 1 + span)
            rows.append(row)
        out.append(rows)
    return out


def request_header() -> list[list[tuple[str, int, int]]]:
    return [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
         ("申请人情况", 1, 7)],
        [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
        [("商业企业", 1, 1), ("科研机构", 1, 1), ("社会公益组织", 1, 1), ("法律服务机构", 1, 1),
         ("其他", 1, 1)],
    ]


def request_body(zero=lambda r, c: "0", merge_first_sub=False) -> list[list[tuple[str, int, int]]]:
    """The 25 rows under the header: 3 label columns, 7 figures; group cells span sub-rows."""
    rows = []
    groups_done: set[str] = set()
    outcome_rows = sum(1 for m in T.REQUEST_ROWS if m.group_label)
    for m in T.REQUEST_ROWS:
        cells = []
        if not m.group_label:
            cells.append((m.number + m.label, 1, 3))
        else:
            if "outcomes" not in groups_done:
                groups_done.add("outcomes")
                cells.append(("三、本年度办理结果", outcome_rows, 1))
            if m.group == "outcomes":
                cells.append((m.number + m.label, 1, 2))
            else:
                g = next(g for g in T.REQUEST_GROUPS if g.code == m.group)
                first = g.code not in groups_done
                groups_done.add(g.code)
                if merge_first_sub:
                    # no group cell: the group label printed in the cell of its first sub-line
                    cells.append(((g.number + g.label if first else "") + m.number + m.label,
                                  1, 2))
                else:
                    if first:
                        n = sum(1 for x in T.REQUEST_ROWS if x.group == g.code)
                        cells.append((g.number + g.label, n, 1))
                    cells.append((m.number + m.label, 1, 1))
        rows.append(cells + _figures(m, zero))
    return rows


def _figures(m, zero):
    out = []
    for c in T.APPLICANTS:
        v = fig("requests", m.code, c.code)
        out.append((zero(m.code, c.code) if v == "0" else v, 1, 1))
    return out


def appeals_grid(zero=lambda r, c: "0", vertical=False, lead_empty=False):
    results = [c.label for c in T.RESULTS]
    v = (lambda s: "\n".join(s)) if vertical else (lambda s: s)
    lead = [("", 3, 1)] if lead_empty else []
    rows = [
        lead + [(v("行政复议"), 1, 5), ("行政诉讼", 1, 10)],
        [(v(r), 2, 1) for r in results] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [(v(r), 1, 1) for r in results] * 2,
    ]
    figs = []
    for p in T.PROCEEDINGS:
        for c in T.RESULTS:
            x = fig("appeals", p.code, c.code)
            figs.append((zero(p.code, c.code) if x == "0" else x, 1, 1))
    rows.append(([("", 1, 1)] if lead_empty else []) + figs)
    return rows


# ------------------------------------------------------------------ Word "Save as Web Page"

WORD_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<link rel=File-List href="report.files/filelist.xml">
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>办公室</o:Author>
  <o:Title>一、总体情况</o:Title>
  <o:Pages>9</o:Pages>
 </o:DocumentProperties>
</xml><![endif]-->
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Print</w:View>
  <w:SpellingState>Clean</w:SpellingState>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face {font-family:仿宋_GB2312; panose-1:2 1 6 9 3 1 1 1 1 1;}
p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; text-align:justify; font-size:10.5pt;}
@page WordSection1 {size:595.3pt 841.9pt; margin:72.0pt 90.0pt 72.0pt 90.0pt;}
div.WordSection1 {page:WordSection1;}
-->
</style>
<!--[if gte mso 10]>
<style>
 table.MsoNormalTable {mso-style-name:普通表格; mso-tstyle-rowband-size:0;}
</style>
<![endif]--><!--[if gte mso 9]><xml>
 <o:shapedefaults v:ext="edit" spidmax="1026"/>
</xml><![endif]-->
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>
"""

WORD_TAIL = """
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>

</div>

</body>

</html>
"""


def _word_p(text: str, *, center=False, bold=False, list_number: str = "") -> str:
    align = " align=center style='text-align:center'" if center else \
        " style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt'"
    body = html.escape(text)
    if bold:
        body = f"<b>{body}</b>"
    if list_number:
        # Word's own list numbering: shown to browsers that lack list support
        body = (f"<![if !supportLists]><span style='font-family:黑体;mso-bidi-font-family:黑体'>"
                f"{list_number}<span style='font:7.0pt \"Times New Roman\"'></span></span>"
                f"<![endif]>{body}")
        cls = "MsoListParagraph"
    else:
        cls = "MsoNormal"
    return (f"<p class={cls}{align}><span style='font-size:16.0pt;font-family:仿宋_GB2312;"
            f"mso-hansi-font-family:\"Times New Roman\"'>{body}<span lang=EN-US><o:p></o:p>"
            f"</span></span></p>\n")


def _word_cell(text: str, rs: int, cs: int, width: int = 60) -> str:
    attrs = f" width={width * cs}"
    if cs > 1:
        attrs += f" colspan={cs}"
    if rs > 1:
        attrs += f" rowspan={rs}"
    attrs += (" style='width:45.0pt;border:solid windowtext 1.0pt;border-top:none;"
              "mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'")
    if not text.strip():
        inner = ("<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US "
                 "style='font-size:10.0pt;mso-bidi-font-family:宋体'><o:p>&nbsp;</o:p></span></p>")
    elif "\n" in text:  # a vertical header: one character per paragraph
        inner = "".join(f"<p class=MsoNormal align=center style='text-align:center'><span "
                        f"style='font-size:10.0pt'>{html.escape(ch)}</span></p>"
                        for ch in text.split("\n"))
    elif text[0].isdigit() and all(ch.isdigit() or ch in ".," for ch in text):
        inner = (f"<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US "
                 f"style='font-size:10.0pt;font-family:\"Times New Roman\",serif;"
                 f"mso-fareast-font-family:宋体'>{html.escape(text)}<o:p></o:p></span></p>")
    else:
        esc = html.escape(text)
        if len(text) > 10 and "（" not in text[:4]:  # Word breaks a long label with <br>
            k = len(text) // 2
            esc = f"{html.escape(text[:k])}<br>\n{html.escape(text[k:])}"
        inner = (f"<p class=MsoNormal align=center style='text-align:center;mso-pagination:"
                 f"widow-orphan'><span style='font-size:10.0pt;font-family:宋体;mso-ascii-font-"
                 f"family:\"Times New Roman\"'>{esc}</span><span lang=EN-US style='font-size:"
                 f"10.0pt'><o:p></o:p></span></p>")
    return f" <td{attrs}>\n  {inner}\n  </td>\n"


def _word_table(grid, ncols: int) -> str:
    out = ["<div align=center>\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0"
           " width=568 style='width:426.1pt;border-collapse:collapse;border:none;mso-border-alt:"
           "solid windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n"]
    out.append("".join(f"<col width={60}>" for _ in range(ncols)) + "\n")
    for i, row in enumerate(grid):
        out.append(f"<tr style='mso-yfti-irow:{i};height:21.0pt'>\n")
        out.extend(_word_cell(t, rs, cs) for t, rs, cs in row)
        out.append("</tr>\n")
    # Word keeps a row of empty cells to fix column widths
    out.append("<![if !supportMisalignedColumns]>\n<tr height=0>\n")
    out.append("".join("  <td width=60 style='border:none'></td>\n" for _ in range(ncols)))
    out.append("</tr>\n<![endif]>\n</table>\n</div>\n")
    return "".join(out)


def word_save_as() -> bytes:
    out = [WORD_HEAD]
    out.append(_word_p(REPORT.title, center=True, bold=True))
    for para in PROSE["_front"][1:]:
        out.append(_word_p(para))
    heads = {code: h for code, h, _ in T.SECTIONS}

    def section(code):
        num, rest = heads[code].split("、", 1)
        out.append(_word_p(rest, bold=True, list_number=num + "、"))

    section("overview")
    for para in PROSE["overview"]:
        out.append(_word_p(para))
    section("proactive")
    for block in proactive_blocks():  # four separate tables, as in the template
        out.append(_word_table(block, 4))
        out.append("<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n")
    section("requests")
    header = request_header()
    header[0][0] = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3)
    header[0][1] = ("申请人情况", 1, 7)
    body = request_body(zero=lambda r, c: "")  # zero as an empty (&nbsp;) cell
    body = [[("三\n、\n本\n年\n度\n办\n理\n结\n果", rs, cs) if t == "三、本年度办理结果" else (t, rs, cs)
             for t, rs, cs in row] for row in body]
    out.append(_word_table(header + body, 10))
    section("appeals")
    out.append(_word_table(appeals_grid(vertical=True), 15))
    section("problems")
    for para in PROSE["problems"]:
        out.append(_word_p(para))
    section("other")
    for para in PROSE["other"]:
        out.append(_word_p(para))
    out.append(WORD_TAIL)
    return "".join(out).encode("gb18030")


# ------------------------------------------------------------------ a CMS article page

CMS_TITLE = "2024年度上海市人民政府信息公开工作年度报告"


def _odd(value: str, k: int) -> str:
    """A figure printed the way some site prints it."""
    if value == "0":
        return ("—", "-", "／", "无", "0", "")[k % 6]
    if value.isdigit() and len(value) >= 4:
        if k % 3 == 0:
            return f"{int(value):,}"
        if k % 3 == 1:
            return value.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
        return value + "\u00a0"
    if value.isdigit():
        return (value + "件") if k % 4 == 0 else value
    return value


def _cms_table(grid, style="") -> str:
    out = [f'<table border="1" cellspacing="0" cellpadding="0" align="center"{style}><tbody>']
    for row in grid:
        out.append("<tr>")
        for t, rs, cs in row:
            a = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            inner = html.escape(t) if t else "&nbsp;"
            out.append(f'<td{a} style="border:1px solid #000;text-align:center;">'
                       f'<p style="text-align:center;">{inner}</p></td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def cms_page() -> bytes:
    k = iter(range(10_000))
    out = ['<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">',
           f"<title>{html.escape(CMS_TITLE)}-政府信息公开年报-上海市人民政府</title>",
           '<meta name="ArticleTitle" content="年报">',
           '<link rel="stylesheet" href="/css/common.css"></head><body>',
           '<div class="top"><a href="/">无障碍</a> | <a href="/en/">English</a></div>',
           '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xxgk/">政务公开</a>'
           '</li><li><a href="/hd/">互动交流</a></li></ul></div>',
           '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开'
           '</a> &gt; <a href="/nb/">政府信息公开年报</a></div>',
           '<div class="article"><h2 class="article-title">' + html.escape(CMS_TITLE) + "</h2>",
           '<div class="article-info"><span>发布时间：2025-01-20 09:30</span> <span>来源：'
           '市政府办公厅</span> <span>字号：<a>大</a> <a>中</a> <a>小</a></span> '
           '<a href="javascript:window.print()">打印</a></div>',
           '<div class="TRS_Editor"><style>.TRS_Editor P{line-height:2;font-family:宋体;}</style>']
    for para in PROSE["_front"][1:]:
        out.append(f'<p style="text-indent:2em;">{html.escape(para)}</p>')
    heads = {code: h for code, h, _ in T.SECTIONS}
    out.append(f'<p style="text-indent:2em;"><strong>{heads["overview"]}</strong></p>')
    out += [f'<p style="text-indent:2em;">{html.escape(p)}</p>' for p in PROSE["overview"]]
    out.append(f'<p style="text-indent:2em;"><strong>{heads["proactive"]}</strong></p>')
    grid = []  # section 二 as ONE table with its four blocks
    for block in proactive_blocks():
        for row in block:
            grid.append([(_odd(t, next(k)) if t and t[0].isdigit() else t, rs, cs)
                         for t, rs, cs in row])
    out.append(_cms_table(grid))
    out.append(f'<p style="text-indent:2em;"><strong>{heads["requests"]}</strong></p>')
    body = request_body(merge_first_sub=True)
    body = [[(_odd(t, next(k)) if i >= len(row) - 7 else t, rs, cs)
             for i, (t, rs, cs) in enumerate(row)] for row in body]
    out.append(_cms_table(request_header() + body))
    out.append(f'<p style="text-indent:2em;"><strong>{heads["appeals"]}</strong></p>')
    out.append(_cms_table(appeals_grid(zero=lambda p, c: "—")))
    for code in ("problems", "other"):
        out.append(f'<p style="text-indent:2em;"><strong>{heads[code]}</strong></p>')
        out += [f'<p style="text-indent:2em;">{html.escape(p)}</p>' for p in PROSE[code]]
    out.append('<p style="text-align:right;">上海市人民政府办公厅</p>')
    out.append('<p style="text-align:right;">2025年1月20日</p>')
    out.append('</div><div class="share">分享到：<a>微信</a> <a>微博</a></div>'
               '<div class="related"><h3>相关链接</h3><ul><li><a href="/nb/2023.html">'
               '2023年上海市政府信息公开工作年度报告</a></li></ul></div></div>'
               '<div class="footer">主办：上海市人民政府办公厅 网站标识码：3100000033</div>'
               "</body></html>")
    return "\n".join(out).encode("utf-8")


# ------------------------------------------------------------------ a WPS export

def _wps_table(grid, split_at=None, header_rows=0) -> str:
    def row_html(row):
        cells = []
        for t, rs, cs in row:
            a = (f" rowspan={rs}" if rs > 1 else "") + (f" colspan={cs}" if cs > 1 else "")
            if not t:
                inner = "<p align=center><font face=宋体>&#160;</font></p>"
            else:
                inner = "".join(f"<p align=center><font face=宋体 size=2><span>{html.escape(x)}"
                                "</span></font></p>" for x in t.split("\n"))
            cells.append(f"<td valign=center{a}>{inner}</td>")
        return "<tr>" + "".join(cells) + "</tr>"

    rows = [row_html(r) for r in grid]
    tab = "<table border=1 cellspacing=0 width=100% style='border-collapse:collapse'>"
    if split_at is None:
        return tab + "".join(rows) + "</table>"
    head = rows[:header_rows]
    return (tab + "".join(rows[:split_at]) + "</table>"
            "<p><font face=仿宋_GB2312>— 5 —</font></p>" + tab + "".join(head) +
            "".join(rows[split_at:]) + "</table>")


def _cut_rowspans(grid, at):
    """Cut a grid at row `at` as a page break does: a cell spanning the cut goes on below."""
    grid = [list(r) for r in grid]
    occupied, placed = {}, []
    for r, row in enumerate(grid):
        col = 0
        for j, (t, rs, cs) in enumerate(row):
            while occupied.get((r, col)):
                col += 1
            placed.append((r, col, j))
            for a in range(rs):
                for b in range(cs):
                    occupied[(r + a, col + b)] = True
            col += cs
    inserts = []
    for r, col, j in placed:
        t, rs, cs = grid[r][j]
        if r < at < r + rs:
            grid[r][j] = (t, at - r, cs)
            inserts.append((col, ("", r + rs - at, cs)))
    for col, cell in sorted(inserts, reverse=True):  # the spanning cells are the leftmost
        grid[at].insert(0, cell)
    return grid


def wps_export() -> bytes:
    out = ["<html><head><meta http-equiv=Content-Type content='text/html; charset=gbk'>"
           "<meta name=Generator content='WPS Office'><title></title></head><body>"]
    out.append(f"<p align=center><b><font size=5 face=方正小标宋简体>{html.escape(REPORT.title)}"
               "</font></b></p>")
    for para in PROSE["_front"][1:]:
        out.append(f"<p><font face=仿宋_GB2312>{html.escape(para)}</font></p>")
    heads = {code: h for code, h, _ in T.SECTIONS}
    for code in ("overview",):
        out.append(f"<p><b><font face=黑体>{heads[code]}</font></b></p>")
        out += [f"<p><font face=仿宋_GB2312>{html.escape(p)}</font></p>" for p in PROSE[code]]
    out.append(f"<p><b><font face=黑体>{heads['proactive']}</font></b></p>")
    for block in proactive_blocks():
        out.append(_wps_table(block))
    out.append(f"<p><b><font face=黑体>{heads['requests']}</font></b></p>")
    grid = request_header() + request_body()
    out.append(_wps_table(_cut_rowspans(grid, 14), split_at=14, header_rows=3))
    out.append(f"<p><b><font face=黑体>{heads['appeals']}</font></b></p>")
    out.append(_wps_table(appeals_grid(zero=lambda p, c: "", vertical=True, lead_empty=True)))
    for code in ("problems", "other"):
        out.append(f"<p><b><font face=黑体>{heads[code]}</font></b></p>")
        out += [f"<p><font face=仿宋_GB2312>{html.escape(p)}</font></p>" for p in PROSE[code]]
    out.append("</body></html>")
    return "".join(out).encode("gb18030")


# ------------------------------------------------------------------ text copied from a PDF

def _spaced(text: str) -> str:
    return " ".join(text)


def pdf_copy() -> str:
    page = [2]
    out = [_spaced(REPORT.title), ""]

    def page_break():
        page[0] += 1
        out.append(f"— {page[0]} —")
        out.append(f"第 {page[0]} 页 共 8 页")

    out += PROSE["_front"][1:]
    out.append(_spaced(T.SECTIONS[0][1]))
    out += PROSE["overview"]
    page_break()
    out.append(_spaced(T.SECTIONS[1][1]))
    for block in proactive_blocks():
        for row in block:
            for t, _, _ in row:
                out.append(_spaced(t) if not t[0].isdigit() else t)
    out.append(_spaced(T.SECTIONS[2][1]))
    header_lines = ["（本列数据的勾稽关系为：第一项加第二项之和，", "等于第三项加第四项之和）",
                    _spaced("申请人情况"), _spaced("自然人"), _spaced("法人或其他组织"),
                    "商业", "企业", "科研", "机构", "社会公", "益组织", "法律服", "务机构",
                    _spaced("其他"), _spaced("总计")]
    out += header_lines
    for i, m in enumerate(T.REQUEST_ROWS):
        if i == 12:  # the table goes on over a page break, its header printed again
            page_break()
            out += header_lines[2:]
        if m.group_label and (i == 2 or T.REQUEST_ROWS[i - 1].group != m.group) \
                and m.group != "outcomes":
            g = next(g for g in T.REQUEST_GROUPS if g.code == m.group)
            out.append(_spaced(g.number + g.label))
        if i == 2:
            out.append(_spaced("三、本年度办理结果"))
        label = m.number + m.label
        if len(label) > 14:
            out += [_spaced(label[:12]), _spaced(label[12:])]
        else:
            out.append(_spaced(label))
        out += [fig("requests", m.code, c.code) for c in T.APPLICANTS]
    page_break()
    out.append(_spaced(T.SECTIONS[3][1]))
    out += [_spaced("行政复议"), _spaced("行政诉讼"), _spaced("未经复议直接起诉"),
            _spaced("复议后起诉")]
    for _ in range(3):
        out += ["结果", "维持", "结果", "纠正", "其他", "结果", "尚未", "审结", "总计"]
    out += [fig("appeals", p.code, c.code) for p in T.PROCEEDINGS for c in T.RESULTS]
    out.append(_spaced(T.SECTIONS[4][1]))
    out += PROSE["problems"]
    out.append(_spaced(T.SECTIONS[5][1]))
    out += PROSE["other"]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ a page copied from a browser

def _tab_lines(grid) -> list[str]:
    """A table as a browser (or Word) copies it to text: a row a line, cells between tabs;
    a merged cell once, in its first row."""
    return ["\t".join(t.replace("\n", "") for t, _, _ in row) for row in grid]


def browser_copy() -> str:
    k = iter(range(10_000))
    out = ["当前位置：首页 > 政府信息公开 > 政府信息公开年报", "", REPORT.title,
           "发布时间：2025-01-20　　来源：市政府办公厅　　【字体：大 中 小】", ""]
    out += PROSE["_front"][1:]
    heads = {code: h for code, h, _ in T.SECTIONS}
    out.append(heads["overview"])
    out += PROSE["overview"]
    out.append(heads["proactive"])
    for block in proactive_blocks():
        out += _tab_lines(block)
    out.append(heads["requests"])
    body = request_body(zero=lambda r, c: "" if next(k) % 2 else "0")
    out += _tab_lines(request_header() + body)
    out.append(heads["appeals"] + "\t")
    out += _tab_lines(appeals_grid(lead_empty=True))
    for code in ("problems", "other"):
        out.append(heads[code])
        out += PROSE[code]
    out += ["", "【打印本页】　【关闭窗口】"]
    return "\r\n".join(out) + "\r\n"


# ------------------------------------------------------------------ Word files

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_table(container_add_table, grid, ncols):
    """A python-docx table from a grid, merged cells by gridSpan and vMerge."""
    t = container_add_table(rows=len(grid), cols=ncols)
    occupied = {}
    for r, row in enumerate(grid):
        col = 0
        for text, rs, cs in row:
            while occupied.get((r, col)):
                col += 1
            a = t.cell(r, col)
            b = t.cell(r + rs - 1, col + cs - 1)
            cell = a.merge(b) if (rs > 1 or cs > 1) else a
            cell.text = text.replace("\n", "")
            for i in range(rs):
                for j in range(cs):
                    occupied[(r + i, col + j)] = True
            col += cs
    t.style = "Table Grid"
    return t


def _text_box_paragraph(doc, text: str):
    """A paragraph holding a text box (wps:txbx) with `text` inside, as Word saves one."""
    from lxml import etree
    p = doc.add_paragraph()
    xml = (
        f'<w:r xmlns:w="{W}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
        '</wp:posOffset></wp:positionV><wp:extent cx="5000000" cy="600000"/>'
        '<wp:wrapTopAndBottom/><wp:docPr id="1" name="文本框 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent><w:p><w:pPr><w:jc w:val="center"/>'
        f'</w:pPr><w:r><w:t>{html.escape(text)}</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
        '<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
        '</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
        f'<w:t>{html.escape(text)}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>'
        '</w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    p._p.append(etree.fromstring(xml))
    return p


def _track_insert(cell, text: str) -> None:
    """Put `text` in a cell as a tracked insertion (<w:ins>), as an unaccepted edit leaves it."""
    from docx.oxml import parse_xml
    p = cell.paragraphs[0]
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    p._p.append(parse_xml(
        f'<w:ins xmlns:w="{W}" w:id="9" w:author="审核" w:date="2025-01-18T10:00:00Z">'
        f'<w:r><w:t>{html.escape(text)}</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(
        f'<w:del xmlns:w="{W}" w:id="10" w:author="审核" w:date="2025-01-18T10:00:00Z">'
        f'<w:r><w:delText>99999</w:delText></w:r></w:del>'))


def layout_table_docx(path: Path) -> None:
    import docx
    d = docx.Document()
    d.core_properties.title = ""
    _text_box_paragraph(d, REPORT.title)
    outer = d.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = PROSE["_front"][1]
    heads = {code: h for code, h, _ in T.SECTIONS}
    for para in PROSE["_front"][2:]:
        cell.add_paragraph(para)

    def section(code):
        cell.add_paragraph(heads[code])

    section("overview")
    for p in PROSE["overview"]:
        cell.add_paragraph(p)
    section("proactive")
    for block in proactive_blocks():
        _docx_table(cell.add_table, block, 4)
        cell.add_paragraph("")
    section("requests")
    req = _docx_table(cell.add_table, request_header() + request_body(), 10)
    row = 3 + next(i for i, m in enumerate(T.REQUEST_ROWS) if m.code == "unprocessed_duplicate")
    _track_insert(req.cell(row, 3), fig("requests", "unprocessed_duplicate", "natural_person"))
    section("appeals")
    _docx_table(cell.add_table, appeals_grid(vertical=True), 15)
    for code in ("problems", "other"):
        section(code)
        for p in PROSE[code]:
            cell.add_paragraph(p)
    d.save(str(path))


def two_line_title_docx(path: Path) -> None:
    import docx
    d = docx.Document()
    d.add_paragraph("上海市人民政府")
    d.add_paragraph("2024年政府信息公开工作年度报告")
    d.add_paragraph("（2025年1月20日）")
    heads = {code: h for code, h, _ in T.SECTIONS}
    for p in PROSE["_front"][1:]:
        d.add_paragraph(p)
    d.add_paragraph(heads["overview"])
    for p in PROSE["overview"]:
        d.add_paragraph(p)
    d.add_paragraph(heads["proactive"])
    # section 二 as ONE table with the four blocks
    _docx_table(d.add_table, [row for block in proactive_blocks() for row in block], 4)
    d.add_paragraph(heads["requests"])
    _docx_table(d.add_table, request_header() + request_body(), 10)
    d.add_paragraph(heads["appeals"])
    _docx_table(d.add_table, appeals_grid(), 15)
    for code in ("problems", "other"):
        d.add_paragraph(heads[code])
        for p in PROSE[code]:
            d.add_paragraph(p)
    d.save(str(path))


def cms_pdf(html_path: Path) -> None:
    """The CMS page printed to PDF (LibreOffice's web export: ruled tables, wrapped prose)."""
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("soffice not found: cms-page.pdf left as it is")
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, "--headless", "--convert-to", "pdf:writer_web_pdf_Export",
                        "--outdir", tmp, str(html_path)], check=True, capture_output=True,
                       timeout=300)
        shutil.copy(Path(tmp) / (html_path.stem + ".pdf"), OUT / "cms-page.pdf")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "word-save-as.htm").write_bytes(word_save_as())
    (OUT / "cms-page.html").write_bytes(cms_page())
    (OUT / "wps-export.html").write_bytes(wps_export())
    (OUT / "pdf-copy.txt").write_text(pdf_copy(), encoding="utf-8")
    (OUT / "browser-copy.txt").write_bytes(browser_copy().encode("gb18030"))
    layout_table_docx(OUT / "layout-table.docx")
    two_line_title_docx(OUT / "two-line-title.docx")
    cms_pdf(OUT / "cms-page.html")
    for p in sorted(OUT.iterdir()):
        print(f"{p.relative_to(REPO)}  {p.stat().st_size} bytes")


if __name__ == "__main__":
    main()
