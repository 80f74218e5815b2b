"""The template definition is complete and consistent (the one source of truth)."""

import re

from gongkai import template as T


def test_table_shapes():
    assert len(T.REQUESTS.cell_keys()) == 25 * 7
    assert len(T.APPEALS.cell_keys()) == 3 * 5
    # 规章 and 规范性文件: 3 measures each; 许可, 处罚, 强制: decisions; 收费: amount
    assert len(T.PROACTIVE.cell_keys()) == 2 * 3 + 3 + 1


def test_codes_are_unique_and_stable_shape():
    for t in T.TABLES.values():
        rows = [r.code for r in t.rows]
        cols = [c.code for c in t.cols]
        assert len(rows) == len(set(rows)), t.code
        assert len(cols) == len(set(cols)), t.code
        for code in rows + cols:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", code), code


def test_request_rows_in_issue_order():
    assert [r.code for r in T.REQUESTS.rows] == [
        "new_requests", "carried_over", "disclosed", "partially_disclosed",
        "withheld_state_secret", "withheld_prohibited_by_law", "withheld_security_stability",
        "withheld_third_party", "withheld_internal_affairs", "withheld_process_information",
        "withheld_enforcement_files", "withheld_inquiry", "unavailable_not_held",
        "unavailable_needs_creation", "unavailable_unclear", "unprocessed_petition",
        "unprocessed_duplicate", "unprocessed_publication", "unprocessed_excessive",
        "unprocessed_confirmation", "other_no_correction", "other_fee_unpaid", "other_other",
        "handled_total", "carried_forward"]


def test_every_label_has_english():
    for t in T.TABLES.values():
        for m in (*t.rows, *t.cols):
            assert m.label and m.label_en, m


def test_identities_reference_existing_cells():
    cells = {(t, r, c) for t, tab in T.TABLES.items() for r, c in tab.cell_keys()}
    assert T.IDENTITIES
    for ident in T.IDENTITIES:
        for term in (*ident.lhs, *ident.rhs):
            assert term in cells, (ident.id, term)
    ids = [i.id for i in T.IDENTITIES]
    assert len(ids) == len(set(ids))
    # one balance and one outcome identity per applicant column, one per row, one per proceeding
    assert len(ids) == 7 + 7 + 25 + 3


def test_outcome_groups_cover_every_outcome_row():
    outcome_rows = {r.code for r in T.REQUEST_ROWS} - {
        "new_requests", "carried_over", "handled_total", "carried_forward"}
    grouped = {c for rows in T.OUTCOME_GROUPS.values() for c in rows}
    assert grouped == outcome_rows


def test_highlight_restatements_reference_cells():
    cells = {(t, r, c) for t, tab in T.TABLES.items() for r, c in tab.cell_keys()}
    for h in T.HIGHLIGHTS:
        for term in (*h.restates, *h.share_of):
            assert term in cells, (h.code, term)
        for pat in h.patterns:
            assert re.compile(pat).groups >= 1, h.code


def test_template_labels_match_the_blank_template_docx():
    """Every numbered label of the blank national template (the Word file) is in template.py."""
    from pathlib import Path

    import docx

    doc = docx.Document(Path(__file__).parent / "fixtures" / "template-2021.docx")
    texts = {c.text.strip() for table in doc.tables for row in table.rows for c in row.cells}
    texts.discard("")
    ours = set()
    for t in T.TABLES.values():
        for m in (*t.rows, *t.cols):
            ours.update({m.number + m.label, m.label})
    for g in T.REQUEST_GROUPS:
        ours.add(g.number + g.label)
    for label in ["（一）予以公开", "1.属于国家秘密", "3.危及“三安全一稳定”", "（七）总计",
                  "5.要求行政机关确认或重新出具已获取信息", "结果维持", "复议后起诉"]:
        assert label in texts
    numbered = [t for t in texts if re.match(r"^(（[一二三四五六七]）|\d\.)", t)]
    assert len(numbered) >= 25
    for t in numbered:
        assert t in ours, t
