"""The 2019 national format from another publisher, in other layouts; before 2019, refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import read_csv, run
from test_pingtan import assert_figures
from gongkai import template as T

FIXTURES = Path(__file__).parent / "fixtures" / "format2019"


@pytest.mark.parametrize("name", ["example-2020.docx", "example-2020.txt"])
def test_2019_format_report_reads_figure_for_figure(tmp_path, name):
    out = tmp_path / "pkg"
    result = run("ingest", FIXTURES / name, "--out", out)
    assert result.exit_code == 0, result.output
    want = json.loads((FIXTURES / "example-2020.json").read_text(encoding="utf-8"))
    assert_figures(out, want)
    desc = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["report"]["template"] == T.FORMAT_2019.document
    assert desc["name"] == "shilixian-2020"  # not in the registry: a pinyin id
    # the prose restates the single （六）其他处理 row and the 2019 本年新制作数量
    prose = {r["code"]: r for r in read_csv(out / "highlights.csv")}
    assert prose["other_handling"]["restates"] == "requests:other_handling:total"
    assert prose["normative_documents_issued"]["restates"] == \
        "proactive:normative_documents:made"
    # negative changes are kept, with their sign
    rows = {(r["item"], r["measure"]): r["value"] for r in read_csv(out / "proactive.csv")}
    assert rows[("administrative_licensing", "items_change")] == "-12"


def test_free_form_report_before_2019_is_refused_saying_why(tmp_path):
    result = run("ingest", FIXTURES / "example-2018.txt", "--out", tmp_path / "pkg")
    assert result.exit_code == 1
    assert "2018" in result.output and "no national table format" in result.output
    assert not (tmp_path / "pkg").exists()


def test_comparability_map_joins_the_two_formats():
    """2019's single 其他处理 row compares with the sum of 2021's three sub-rows; section 三 and
    四 compare cell for cell; section 二 only in the decision counts."""
    comp = T.COMPARABLE["requests:other_handling:total"]
    assert comp.terms["2019"] == (("requests", "other_handling", "total"),)
    assert set(comp.terms["2021"]) == {("requests", r, "total") for r in
                                       ("other_no_correction", "other_fee_unpaid", "other_other")}
    assert "requests:new_requests:natural_person" in T.COMPARABLE
    assert "appeals:litigation_direct:corrected" in T.COMPARABLE
    proactive = {c.code for c in T.COMPARABILITY if c.table == "proactive"}
    assert proactive == {f"proactive:{i}:decisions" for i in
                         ("administrative_licensing", "administrative_penalty",
                          "administrative_coercion")}
    # every 2021 requests and appeals cell but the three sub-rows has a 2019 counterpart
    singles = {c.code for c in T.COMPARABILITY if c.table != "proactive"}
    assert len(singles) == (len(T.REQUEST_ROWS) - 3 + 1) * 7 + 15
