"""Make fixtures of a report in the 2019 national format from another publisher than Pingtan.

    .venv/bin/python scripts/make_2019_fixtures.py

Writes into tests/fixtures/format2019/:

- example-2020.docx   a 2020 report of a fixture body (示例县人民政府, not a real publisher),
                      as a Word file: section 二 as one table of five blocks headed by their
                      articles (merged heading rows), the requests matrix with a single
                      （六）其他处理 row, 本年增/减 with negative figures, the procurement amount
                      printed with its unit (元)
- example-2020.txt    the same report as text copied from a page (a cell a line, a blank line
                      after each row, GBK-free UTF-8)
- example-2020.json   the figures the fixtures print, in template codes: what a reading must give
- example-2018.txt    a 2018 report (no national table format yet): must be refused

The figures satisfy every identity of the format, and the prose restates some of them.
The generated files are committed, so tests never run this script.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import docx
from docx.oxml.ns import qn

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gongkai import template as T  # noqa: E402

OUT = REPO / "tests" / "fixtures" / "format2019"
F = T.FORMAT_2019
NAME = "示例县"
TITLE = f"{NAME}2020年政府信息公开工作年度报告"

PROACTIVE = {
    ("rules", "made"): 0, ("rules", "published"): 0, ("rules", "published_total"): 3,
    ("normative_documents", "made"): 14, ("normative_documents", "published"): 14,
    ("normative_documents", "published_total"): 212,
    ("administrative_licensing", "items_last_year"): 287,
    ("administrative_licensing", "items_change"): -12,
    ("administrative_licensing", "decisions"): 5031,
    ("other_external_services", "items_last_year"): 41,
    ("other_external_services", "items_change"): 3,
    ("other_external_services", "decisions"): 760,
    ("administrative_penalty", "items_last_year"): 1904,
    ("administrative_penalty", "items_change"): 0,
    ("administrative_penalty", "decisions"): 318,
    ("administrative_coercion", "items_last_year"): 88,
    ("administrative_coercion", "items_change"): -2,
    ("administrative_coercion", "decisions"): 11,
    ("administrative_fees", "items_last_year"): 19, ("administrative_fees", "items_change"): -4,
    ("government_procurement", "procurement_items"): 57,
    ("government_procurement", "procurement_amount"): Decimal("12650480.30"),
}
PRINTED = {("government_procurement", "procurement_amount"): "12650480.30元"}
# requests by row: natural person, the five organisations, total (identities hold)
REQUESTS = {
    "new_requests": (96, 7, 0, 1, 2, 3, 109),
    "carried_over": (4, 1, 0, 0, 0, 0, 5),
    "disclosed": (38, 3, 0, 1, 1, 1, 44),
    "partially_disclosed": (9, 1, 0, 0, 0, 0, 10),
    "withheld_state_secret": (0, 0, 0, 0, 0, 0, 0),
    "withheld_prohibited_by_law": (1, 0, 0, 0, 0, 0, 1),
    "withheld_security_stability": (0, 0, 0, 0, 0, 0, 0),
    "withheld_third_party": (3, 0, 0, 0, 0, 1, 4),
    "withheld_internal_affairs": (2, 0, 0, 0, 0, 0, 2),
    "withheld_process_information": (1, 0, 0, 0, 0, 0, 1),
    "withheld_enforcement_files": (0, 0, 0, 0, 0, 0, 0),
    "withheld_inquiry": (4, 0, 0, 0, 0, 0, 4),
    "unavailable_not_held": (25, 2, 0, 0, 1, 1, 29),
    "unavailable_needs_creation": (3, 0, 0, 0, 0, 0, 3),
    "unavailable_unclear": (2, 0, 0, 0, 0, 0, 2),
    "unprocessed_petition": (4, 0, 0, 0, 0, 0, 4),
    "unprocessed_duplicate": (2, 0, 0, 0, 0, 0, 2),
    "unprocessed_publication": (0, 0, 0, 0, 0, 0, 0),
    "unprocessed_excessive": (0, 0, 0, 0, 0, 0, 0),
    "unprocessed_confirmation": (1, 0, 0, 0, 0, 0, 1),
    "other_handling": (3, 1, 0, 0, 0, 0, 4),
    "handled_total": (98, 7, 0, 1, 2, 3, 111),
    "carried_forward": (2, 1, 0, 0, 0, 0, 3),
}
APPEALS = {"administrative_reconsideration": (3, 1, 0, 1, 5),
           "litigation_direct": (1, 0, 1, 0, 2),
           "litigation_after_reconsideration": (0, 0, 0, 1, 1)}

PROSE = {
    "overview": [
        f"2020年，{NAME}人民政府坚持以公开为常态、不公开为例外，全面推进政务公开。本年度制发规范性文件14件。",
        "全年共受理政府信息公开申请109件，上年结转申请5件；办结申请111件，3件结转下年度继续办理。",
        "予以公开和部分公开54件，不予公开12件，无法提供34件，不予处理7件，其他处理4件。",
        "全年发生政府信息公开行政复议5件、行政诉讼3件。",
    ],
    "problems": ["政策解读的形式还不够丰富，下一步将加强图解、视频解读。"],
    "other": ["本年度未收取信息公开处理费。"],
}
HEADINGS = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "appeals": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、政府信息公开工作存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}


def cell_text(value, key=None) -> str:
    if key in PRINTED:
        return PRINTED[key]
    return str(value)


def proactive_rows() -> list[list[str]]:
    """Section 二 as printed in 2019/2020: per block a heading row, a header row, its items."""
    rows = []
    for _, heading, items, measures in F.proactive_blocks:
        rows.append([heading])
        rows.append(["信息内容", *(F.tables["proactive"].col(m).label for m in measures)])
        for item in items:
            rows.append([F.tables["proactive"].row(item).label,
                         *(cell_text(PROACTIVE[(item, m)], (item, m)) for m in measures)])
    return rows


def request_rows() -> list[list[str]]:
    t = F.tables["requests"]
    rows = []
    for m in t.rows:
        rows.append([f"{m.number}{m.label}", *(str(v) for v in REQUESTS[m.code])])
    return rows


def appeal_rows() -> list[list[str]]:
    return [[str(v) for p in F.tables["appeals"].rows for v in APPEALS[p.code]]]


def _merge_row(table, r: int, ncols: int) -> None:
    a, b = table.cell(r, 0), table.cell(r, ncols - 1)
    a.merge(b)


def make_docx(path: Path) -> None:
    d = docx.Document()
    d.add_paragraph(TITLE)
    for code, heading in HEADINGS.items():
        d.add_paragraph(heading)
        for para in PROSE.get(code, []):
            d.add_paragraph(para)
        if code == "proactive":
            rows = proactive_rows()
            table = d.add_table(rows=len(rows), cols=4)
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                if len(cells) == 1:
                    _merge_row(table, r, 4)
                    table.cell(r, 0).text = cells[0]
                    continue
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
                if len(cells) == 3:  # a two-measure block: the last measure spans two columns
                    table.cell(r, 2).merge(table.cell(r, 3))
                    table.cell(r, 2).text = cells[2]
        elif code == "requests":
            header = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                       "申请人情况"],
                      ["", "自然人", "法人或其他组织", "总计"],
                      ["", "", *(a.label for a in T.APPLICANTS[1:6]), ""]]
            rows = header + request_rows()
            table = d.add_table(rows=len(rows), cols=8)
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
        elif code == "appeals":
            rows = [["行政复议", "行政诉讼"],
                    [*(c.label for c in T.RESULTS), "未经复议直接起诉", "复议后起诉"],
                    *appeal_rows()]
            table = d.add_table(rows=len(rows), cols=15)
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
    d.core_properties.title = TITLE
    d.save(path)


def make_text() -> str:
    """The report as copied from a page: a cell a line starting with a tab, a blank line
    after each table row (the seed's layout)."""
    out = [TITLE, ""]
    for code, heading in HEADINGS.items():
        out.append(heading)
        out.extend(PROSE.get(code, []))
        table = {"proactive": proactive_rows, "requests": request_rows,
                 "appeals": appeal_rows}.get(code)
        if table is None:
            continue
        if code == "requests":
            out += ["\t（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                    "\t申请人情况", "", "\t自然人", "\t法人或其他组织", "\t总计", "",
                    *(f"\t{a.label}" for a in T.APPLICANTS[1:6]), ""]
        if code == "appeals":
            out += ["\t行政复议", "\t行政诉讼", "", *(f"\t{c.label}" for c in T.RESULTS),
                    "\t未经复议直接起诉", "\t复议后起诉", "",
                    *(f"\t{c.label}" for c in T.RESULTS * 2), ""]
        for row in table():
            out += [f"\t{c}" for c in row] + [""]
    return "\n".join(out) + "\n"


def expected() -> dict:
    t = F.tables
    return {
        "report": "example-2020", "year": 2020, "template": F.document,
        "requests": {r: dict(zip((a.code for a in t["requests"].cols), REQUESTS[r]))
                     for r in REQUESTS},
        "appeals": {p: dict(zip((c.code for c in t["appeals"].cols), APPEALS[p]))
                    for p in APPEALS},
        "proactive": {item: {m: str(v) if isinstance(v, Decimal) else v
                             for (i, m), v in PROACTIVE.items() if i == item}
                      for item in dict.fromkeys(i for i, _ in PROACTIVE)},
        "printed": {f"proactive:{i}:{m}": p for (i, m), p in PRINTED.items()},
    }


def make_2018() -> str:
    """A 2018 report as bodies wrote them before 2019: their own headings, no national tables."""
    return ("示例县2018年政府信息公开工作年度报告\n\n"
            "一、概述\n2018年，全县政府信息公开工作稳步推进。\n"
            "二、主动公开政府信息情况\n全年主动公开政府信息1200条。\n"
            "三、依申请公开政府信息情况\n全年受理申请35件，均已按时答复。\n"
            "四、政府信息公开的收费及减免情况\n未收取任何费用。\n"
            "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n无。\n"
            "六、存在的主要问题及改进措施\n公开的深度还不够。\n")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    make_docx(OUT / "example-2020.docx")
    (OUT / "example-2020.txt").write_text(make_text(), encoding="utf-8")
    (OUT / "example-2020.json").write_text(
        json.dumps(expected(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (OUT / "example-2018.txt").write_text(make_2018(), encoding="utf-8")
    for p in sorted(OUT.iterdir()):
        print(f"{p.stat().st_size:>8}  {p.relative_to(REPO)}")


if __name__ == "__main__":
    main()
