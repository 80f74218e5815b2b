"""Table schemas of the package's resources, derived from the template."""

from __future__ import annotations

from . import template as T

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}


def _field(name: str, type_: str, title: str, description: str, **constraints) -> dict:
    f = {"name": name, "type": type_, "title": title, "description": description}
    if type_ == "number":
        f["bareNumber"] = True
    if constraints:
        f["constraints"] = constraints
    return f


def _text(name: str, title: str, description: str, **constraints) -> dict:
    return _field(name, "string", title, description, **constraints)


def _count(name: str, title: str, description: str, **constraints) -> dict:
    return _field(name, "integer", title, description, **constraints)


def _code(name: str, title: str, description: str, codes: list[str]) -> dict:
    return _field(name, "string", title, description, required=True, enum=codes)


_PRINTED = ("printed", "原文（非纯数字时）", "The cell exactly as printed where it is not the "
            "plain number: a dash read as 0, '/' (not applicable, value left blank), a unit "
            "or separators; empty when the cell is the number itself")
_VALUE_BLANK = " A blank value means the cell was left blank in the report (not printed): " \
               "blank is not zero."


def table_schema(table: str, form: T.Format = T.FORMAT_2021) -> dict:
    t = form.tables[table]
    rows = [r.code for r in t.rows if r.leaf]
    cols = [c.code for c in t.cols]
    signed = any(c.kind == "change" for c in t.cols)
    value_limits = {} if signed else {"minimum": 0}
    if table == "proactive":
        fields = [
            _code("item", "信息内容", "Kind of document or decision (template row code)", rows),
            _text("item_label", "信息内容（原文）", "Row label as printed in the template",
                   required=True),
            _code("measure", "统计项", "What is counted (template column code)", cols),
            _text("measure_label", "统计项（原文）", "Column label as printed in the template",
                   required=True),
            _field("value", "number", "数值", _proactive_value(t) + _VALUE_BLANK,
                   **value_limits),
            _text("note", "备注", "Annotation printed in the cell beside the figure, "
                   "e.g. 其中修订15件"),
            _text(*_PRINTED),
        ]
        key = ["item", "measure"]
    elif table == "requests":
        fields = [
            _code("row", "申请处理情况", "Row of the requests table (template row code)", rows),
            _text("row_label", "行标签（原文）", "Row label as printed, with its numbering",
                   required=True),
            _code("applicant", "申请人类型", "Applicant type (template column code)", cols),
            _text("applicant_label", "申请人类型（原文）", "Column label as printed",
                   required=True),
            _count("count", "件数", "Number of requests." + _VALUE_BLANK, minimum=0),
            _text("note", "备注", "Annotation printed in the cell beside the figure"),
            _text(*_PRINTED),
        ]
        key = ["row", "applicant"]
    elif table == "appeals":
        fields = [
            _code("proceeding", "程序", "Administrative reconsideration or lawsuit (code)", rows),
            _text("proceeding_label", "程序（原文）", "Proceeding label as printed",
                   required=True),
            _code("result", "结果", "Result of the proceeding (code)", cols),
            _text("result_label", "结果（原文）", "Result label as printed", required=True),
            _count("count", "件数", "Number of cases." + _VALUE_BLANK, minimum=0),
            _text("note", "备注", "Annotation printed in the cell beside the figure"),
            _text(*_PRINTED),
        ]
        key = ["proceeding", "result"]
    else:
        raise KeyError(table)
    return {"fields": fields, "primaryKey": key, "missingValues": [""]}


def _proactive_value(t: T.Table) -> str:
    amounts = [c.code for c in t.cols if c.kind == "amount"]
    changes = [c.code for c in t.cols if c.kind == "change"]
    text = ("The figure as published, decimals exactly as printed: a count of documents, "
            "items or decisions")
    if "amount_10k_yuan" in amounts:
        text += "; fees in units of 10,000 yuan for amount_10k_yuan"
    if "procurement_amount" in amounts:
        text += "; the procurement amount in the unit printed with it (see printed)"
    if changes:
        text += f"; {', '.join(changes)} may be negative"
    return text + "."


def highlights_schema(form: T.Format = T.FORMAT_2021) -> dict:
    codes = [h.code for h in form.highlights]
    return {
        "fields": [
            _code("code", "指标", "Stable code of the figure stated in the prose", codes),
            _text("label", "指标名称", "What the figure is, in Chinese", required=True),
            _field("value", "number", "数值", "The figure as stated in the prose", required=True,
                   minimum=0),
            _code("unit", "单位", "Unit as printed: 件 (items), 元 (yuan), % (percent)",
                  sorted({h.unit for h in form.highlights})),
            _code("section", "所在部分", "Section of the report the sentence is in",
                  [c for c, _, _ in T.SECTIONS]),
            _text("sentence", "原文语句", "The sentence the figure was read from, verbatim",
                   required=True),
            _text("restates", "对应表格数据", "Table cells this figure restates "
                   "(table:row:column, summed; after / the denominator of a share), "
                   "empty when the tables do not hold it"),
        ],
        "primaryKey": ["code"],
        "missingValues": [""],
    }


def restates_text(code: str, form: T.Format = T.FORMAT_2021) -> str:
    h = next(x for x in form.highlights if x.code == code)
    text = "+".join(":".join(t) for t in h.restates)
    if h.share_of:
        text += " / " + "+".join(":".join(t) for t in h.share_of)
    return text


SOURCE_KINDS = ["html", "docx", "doc", "pdf", "scan", "text"]
_BOX = " in PDF points (1/72 inch) from the page's top-left corner, y growing down; for a " \
       "scan, the box the OCR read the cell in, measured on the page image turned straight " \
       "and scaled from its pixels to points; blank for sources without pages"


def provenance_schema(form: T.Format = T.FORMAT_2021) -> dict:
    """Where each published cell was in the source: one row per cell of the three tables."""
    tables = list(form.tables)
    rows = sorted({r.code for t in form.tables.values() for r in t.rows if r.leaf})
    cols = sorted({c.code for t in form.tables.values() for c in t.cols})
    index = " (1-based); blank where it does not apply"
    return {
        "fields": [
            _code("table", "表格", "The figure's table: the resource it is published in",
                  tables),
            _code("row", "行（代码）", "The figure's row code in its table (item, row or "
                  "proceeding of that resource)", rows),
            _code("column", "列（代码）", "The figure's column code in its table (measure, "
                  "applicant or result of that resource)", cols),
            _code("source", "来源格式", "What the cell was read from: html (web page), docx or "
                  "doc (Word), pdf (text layer), scan (PDF of images, read by OCR), text",
                  SOURCE_KINDS),
            _count("page", "页码", "PDF and scan: the page the cell is on" + index, minimum=1),
            _field("x0", "number", "左（磅）", "Left edge of the cell's box" + _BOX),
            _field("y0", "number", "上（磅）", "Top edge of the cell's box" + _BOX),
            _field("x1", "number", "右（磅）", "Right edge of the cell's box" + _BOX),
            _field("y1", "number", "下（磅）", "Bottom edge of the cell's box" + _BOX),
            _count("table_index", "表格序号", "HTML and Word: the table on the page or in the "
                   "document, counting the tables that hold no other table; PDF: the ruled "
                   "table as found page by page" + index, minimum=1),
            _count("row_index", "行序号", "HTML and Word: the row of that table (<tr>, w:tr); "
                   "PDF: the row of the ruled table" + index, minimum=1),
            _count("cell_index", "单元格序号", "HTML and Word: the cell of that row (<td> or "
                   "<th>, w:tc) that holds the figure; PDF: the column of the ruled table"
                   + index, minimum=1),
            _count("line", "行号", "Text: the line the figure is on" + index, minimum=1),
        ],
        "primaryKey": ["table", "row", "column"],
        "missingValues": [""],
    }
