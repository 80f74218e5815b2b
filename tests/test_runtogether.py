"""Run-together cells: a row's figures with nothing between them, split by the identities.

Unit cases for the splitter, then a property: over generated reports whose figures satisfy
every identity of the template (most cells zero, a long tail of large ones), each table read
from the one-line text is exact or refused, never wrong; and where a table is refused, every
cell it does settle is right and every open cell still has the true value among its
candidates. The measured refusal rate is printed (pytest -s shows it).
"""

from __future__ import annotations

import random
from decimal import Decimal
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gongkai import runtogether as R
from gongkai import template as T
from gongkai.errors import IngestError
from gongkai.extract import extract
from gongkai.numbers import parse_figure
from gongkai.readers import text as text_reader
from helpers import read_csv, run

settings.register_profile(
    "oneline", max_examples=1000, derandomize=True, deadline=None, database=None,
    phases=(Phase.explicit, Phase.generate),  # a failure prints its seed; shrinking is slow
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

OUTCOME_ROWS = [r for rows in T.OUTCOME_GROUPS.values() for r in rows]
APPLICANTS = [c.code for c in T.APPLICANTS if c.code != "total"]


# ------------------------------------------------------------------ a report from its figures

def figures_from(draw_value) -> dict:
    """Figures that satisfy every identity; `draw_value()` gives one free figure."""
    f: dict = {}
    for row in OUTCOME_ROWS:
        for a in APPLICANTS:
            f[("requests", row, a)] = draw_value()
    for a in APPLICANTS:
        handled = sum(f[("requests", r, a)] for r in OUTCOME_ROWS)
        forward = draw_value()
        carried = min(draw_value(), handled + forward)
        f[("requests", "handled_total", a)] = handled
        f[("requests", "carried_forward", a)] = forward
        f[("requests", "carried_over", a)] = carried
        f[("requests", "new_requests", a)] = handled + forward - carried
    for row in T.REQUESTS.rows:
        f[("requests", row.code, "total")] = sum(f[("requests", row.code, a)] for a in APPLICANTS)
    for p in T.APPEALS.rows:
        parts = [c.code for c in T.APPEALS.cols if c.code != "total"]
        for c in parts:
            f[("appeals", p.code, c)] = draw_value()
        f[("appeals", p.code, "total")] = sum(f[("appeals", p.code, c)] for c in parts)
    for item, measure in T.PROACTIVE.cell_keys():
        f[("proactive", item, measure)] = draw_value()
    f[("proactive", "administrative_fees", "amount_10k_yuan")] = "%d.%02d" % (draw_value(),
                                                                             draw_value() % 100)
    assert not broken_identities(f)
    return f


def broken_identities(f: dict) -> list[str]:
    return [i.id for i in T.IDENTITIES
            if sum(f[t] for t in i.lhs) != sum(f[t] for t in i.rhs)]


def one_line(f: dict, prose_states: bool = False) -> str:
    """The report as a page's text content: one line, every cell run into the next."""
    out = ["2024年示例市政府信息公开工作年度报告",
           "本报告所列数据统计期限为2024年1月1日至2024年12月31日。"]
    out.append(T.SECTIONS[0][1])
    out.append("本年度，我市持续推进政务公开。")
    if prose_states:
        out.append(f"全年制发规章{f[('proactive', 'rules', 'issued')]}件，"
                   f"制发行政规范性文件{f[('proactive', 'normative_documents', 'issued')]}件。")
    out.append(T.SECTIONS[1][1])
    for _, heading, items, measures in T.PROACTIVE_BLOCKS:
        out.append(heading + "信息内容" + "".join(T.PROACTIVE.col(m).label for m in measures))
        for item in items:
            out.append(T.PROACTIVE.row(item).label +
                       "".join(str(f[("proactive", item, m)]) for m in measures))
    out.append(T.SECTIONS[2][1])
    out.append("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他")
    seen_groups: set[str] = set()
    groups = {g.code: g for g in T.REQUEST_GROUPS}
    for row in T.REQUESTS.rows:
        if row.group and row.group not in seen_groups:
            if row.group == "outcomes":
                out.append(groups["outcomes"].number + groups["outcomes"].label)
            elif row.group in groups:
                if "outcomes" not in seen_groups:
                    out.append(groups["outcomes"].number + groups["outcomes"].label)
                    seen_groups.add("outcomes")
                out.append(groups[row.group].number + groups[row.group].label)
            seen_groups.add(row.group)
        out.append(row.number + row.label +
                   "".join(str(f[("requests", row.code, c.code)]) for c in T.REQUESTS.cols))
    out.append(T.SECTIONS[3][1])
    out.append("".join(p.label for p in T.APPEALS.rows) +
               "".join(c.label for c in T.APPEALS.cols) * 3)
    out.append("".join(str(f[("appeals", p.code, c.code)])
                       for p in T.APPEALS.rows for c in T.APPEALS.cols))
    out.append(T.SECTIONS[4][1] + "仍需改进。")
    out.append(T.SECTIONS[5][1] + "本年度未收取信息处理费。")
    return "".join(out)


def value_of(cell: str):
    return parse_figure(cell, integer=False).value


def same(printed: str, truth) -> bool:
    v = value_of(printed)
    return v == (Decimal(truth) if isinstance(truth, str) else truth)


def long_tail(rng: random.Random, big: int) -> int:
    """Most figures zero, some small, a few large: as in real tables."""
    p = rng.random()
    if p < 0.70:
        return 0
    if p < 0.88:
        return rng.randint(1, 9)
    if p < 0.97:
        return rng.randint(10, 999)
    return rng.randint(1000, big)


# ------------------------------------------------------------------ unit cases

def _run(chars: str, terms, cuts=(), decimal=None) -> R.Run:
    return R.Run("requests", list(terms), chars, frozenset(cuts), {}, {},
                 tuple(decimal or [False] * len(terms)), where="test")


def test_a_row_split_by_its_total():
    terms = [("requests", "new_requests", c.code) for c in T.APPLICANTS]
    run_ = _run("21710000218", terms)
    readings = R.run_readings(run_, R.identity_equations("requests"))
    assert [run_.shown(r) for r in readings] == ["217|1|0|0|0|0|218"]


def test_leading_zeros_and_zero_cells():
    terms = [("requests", "carried_over", c.code) for c in T.APPLICANTS]
    run_ = _run("0000000", terms)
    assert [run_.shown(r) for r in R.run_readings(run_, R.identity_equations("requests"))] == \
        ["0|0|0|0|0|0|0"]
    # 0 is a cell of its own, a cell of several digits never starts with 0
    run_ = _run("100100000110", terms)
    got = sorted(run_.shown(r) for r in R.run_readings(run_, R.identity_equations("requests")))
    assert set(got) == {"10|0|100|0|0|0|110", "100|10|0|0|0|0|110"}
    # no reading at all: refused later, never forced
    assert R.run_readings(_run("10010000110", terms), R.identity_equations("requests")) == []


def test_thousands_separators_dashes_and_notes_end_cells():
    terms = [("requests", "new_requests", c.code) for c in T.APPLICANTS]
    eqs = R.identity_equations("requests")
    run_ = _run("40,2341,67414238016342,188", terms)
    assert [run_.shown(r) for r in R.run_readings(run_, eqs)] == \
        ["40,234|1,674|14|23|80|163|42,188"]
    flat = R.Flat.of("12—3－0（含撤回1件）015件")
    chars, cuts, notes, dashes, end = R.scan_run(flat, 0, len(flat.text))
    assert end == len(flat.text) and chars == "12z3z0015" and notes == {6: "含撤回1件"}
    run_ = R.Run("requests", terms, chars, frozenset(cuts), notes, dashes, (False,) * 7)
    assert [run_.shown(r) for r in R.run_readings(run_, eqs)] == \
        ["12|—|3|－|0（含撤回1件）|0|15"]


def _brute(chars: str, n: int, groups: list[tuple[int, int]]) -> set[str]:
    """Every cut of chars into n well-formed cells where each group's last cell is the sum of
    the group's others: the definition, by brute force."""
    from itertools import combinations
    out = set()
    for cut in combinations(range(1, len(chars)), n - 1):
        cells = [chars[a:b] for a, b in zip((0, *cut), (*cut, len(chars)))]
        if any(len(c) > 1 and c[0] == "0" for c in cells):
            continue
        v = [int(c) for c in cells]
        if all(sum(v[a:b]) == v[b] for a, b in groups):
            out.add("|".join(cells))
    return out


@pytest.mark.parametrize("seed", range(3))
def test_splitter_finds_exactly_the_brute_force_readings(seed):
    rng = random.Random(seed)
    eqs = R.identity_equations("requests") + R.identity_equations("appeals")
    row = [("requests", "new_requests", c.code) for c in T.APPLICANTS]
    appeals = [("appeals", p.code, c.code) for p in T.APPEALS.rows for c in T.APPEALS.cols]
    for _ in range(25):
        parts = [rng.choice([0, 0, 0, 1, 2, 5, 10, 11, 20, 101]) for _ in range(6)]
        chars = "".join(map(str, parts + [sum(parts)]))
        if rng.random() < 0.3:  # not always a valid row
            chars = chars[:-1] + str((int(chars[-1]) + 1) % 10)
        got = {_run(chars, row).shown(r) for r in R.run_readings(_run(chars, row), eqs)}
        assert got == _brute(chars, 7, [(0, 6)]), chars
    for _ in range(4):
        cells = []
        for _g in range(3):
            p = [rng.choice([0, 0, 0, 1, 3, 10]) for _ in range(4)]
            cells += p + [sum(p)]
        chars = "".join(map(str, cells))
        run_ = _run(chars, appeals)
        got = {run_.shown(r) for r in R.run_readings(run_, eqs)}
        assert got == _brute(chars, 15, [(0, 4), (5, 9), (10, 14)]), chars


def test_section_two_without_prose_is_refused_naming_the_cells():
    text = one_line(figures_from(lambda: 0)).replace("行政规范性文件000", "行政规范性文件6233440")
    reading = R.read_tables("x.txt", text)["proactive"]
    assert reading.error is not None
    message = str(reading.error)
    assert "normative_documents" in message and "repealed" in message and "in_force" in message
    assert 33 in reading.open[("proactive", "normative_documents", "repealed")]


def test_section_two_settled_by_the_prose():
    f = figures_from(lambda: 0)
    f[("proactive", "normative_documents", "issued")] = 62
    f[("proactive", "normative_documents", "repealed")] = 0
    f[("proactive", "normative_documents", "in_force")] = 440
    # 620440: 62 | 0 | 440 or 62 | 0440 (no: a cell never starts with 0) or 6 | 20440 …
    reading = R.read_tables("x.txt", one_line(f, prose_states=True))["proactive"]
    assert reading.error is None, reading.error
    assert reading.cells[("proactive", "normative_documents", "in_force")] == "440"


def test_a_table_that_breaks_its_identities_is_refused():
    f = figures_from(lambda: 0)
    text = one_line(f).replace("一、本年新收政府信息公开申请数量0000000",
                               "一、本年新收政府信息公开申请数量0000001")
    reading = R.read_tables("x.txt", text)["requests"]
    assert reading.error is not None and not reading.cells
    assert "new_requests" in str(reading.error)


def test_refusals_are_ingest_errors_with_file_table_row(tmp_path):
    text = one_line(figures_from(lambda: 0)).replace("行政规范性文件000", "行政规范性文件6233440")
    with pytest.raises(IngestError) as err:
        R.read_rows("report.txt", text)
    e = err.value
    assert e.file == "report.txt" and e.table.startswith("proactive") and \
        e.row.startswith("normative_documents") and "repealed" in e.column


def test_generated_report_ingests_end_to_end(tmp_path):
    rng = random.Random(7)
    f = figures_from(lambda: rng.choice([0, 0, 0, 1, 2, 3, 12, 45, 230]))
    f[("proactive", "rules", "repealed")] = 0  # '…0|0' cannot be cut otherwise: the row reads
    f[("proactive", "rules", "in_force")] = 0
    f[("proactive", "normative_documents", "repealed")] = 0
    f[("proactive", "normative_documents", "in_force")] = 0
    src = tmp_path / "report.txt"
    src.write_text(one_line(f, prose_states=True), encoding="utf-8")
    out = tmp_path / "pkg"
    result = run("ingest", str(src), "--out", str(out))
    assert result.exit_code == 0, result.output
    for name in ("requests", "appeals", "proactive"):
        for row in read_csv(out / f"{name}.csv"):
            key = (name, row[T.TABLES[name].row_field], row[T.TABLES[name].col_field])
            assert same(row[T.TABLES[name].value_field], f[key]), (key, row)


# ------------------------------------------------------------------ the property

STATS: Counter = Counter()
TIMES: list[float] = []


@settings(settings.get_profile("oneline"))
@given(data=st.data())
def test_generated_reports_read_exactly_or_are_refused(data):
    big = data.draw(st.sampled_from([9999, 99999, 999999]), label="largest figure")
    rng = data.draw(st.randoms(use_true_random=False), label="figures")
    f = figures_from(lambda: long_tail(rng, big))
    prose = data.draw(st.booleans(), label="prose states section 二's issued counts")
    text = one_line(f, prose_states=prose)
    t0 = time.perf_counter()
    tables = R.read_tables("generated.txt", text)
    TIMES.append(time.perf_counter() - t0)
    STATS["reports"] += 1
    for code, reading in tables.items():
        for key, printed in reading.cells.items():
            assert same(printed, f[key]), (code, key, printed, f[key])  # never wrong
        for key, values in reading.open.items():
            truth = f[key]
            assert (float(truth) if isinstance(truth, str) else truth) in values, (key, values)
        if reading.error is None:
            assert len(reading.cells) == len(T.TABLES[code].cell_keys())
            STATS[f"{code}:read"] += 1
        else:
            assert isinstance(reading.error, IngestError)
            STATS[f"{code}:refused"] += 1
    if all(r.error is None for r in tables.values()):
        STATS["report:read"] += 1
        report = extract(text_reader.read("generated.txt", text.encode("utf-8")))
        for key, fig in report.figures.items():
            assert same(fig.printed, f[key]), (key, fig, f[key])


@pytest.fixture(scope="module", autouse=True)
def _print_rates():
    yield
    n = STATS["reports"]
    if not n:
        return
    lines = [f"run-together property: {n} generated reports, 0 wrong readings"]
    for code in ("requests", "appeals", "proactive"):
        refused = STATS[f"{code}:refused"]
        lines.append(f"  {code}: read {STATS[f'{code}:read']}, refused {refused} "
                     f"({100 * refused / n:.1f}%)")
    whole = n - STATS["report:read"]
    lines.append(f"  whole report refused: {whole} ({100 * whole / n:.1f}%)")
    TIMES.sort()
    lines.append(f"  solve time per report: median {1000 * TIMES[len(TIMES) // 2]:.1f} ms, "
                 f"max {1000 * TIMES[-1]:.1f} ms")
    print("\n" + "\n".join(lines))


def test_a_zero_left_blank_is_refused_never_misread():
    """A zero cell printed blank leaves one digit fewer than the row's cells: no reading of the
    run can be exact then, so it must be refused (150 generated cases)."""
    rng = random.Random(5)
    tried = 0
    while tried < 150:
        f = figures_from(lambda: long_tail(rng, 99999))
        row = rng.choice(T.REQUESTS.rows)
        values = [f[("requests", row.code, c.code)] for c in T.REQUESTS.cols]
        zeros = [k for k, v in enumerate(values) if v == 0]
        whole = row.number + row.label + "".join(map(str, values))
        text = one_line(f)
        if not zeros or text.count(whole) != 1:
            continue
        blank = rng.choice(zeros)
        printed = "".join("" if k == blank else str(v) for k, v in enumerate(values))
        reading = R.read_tables("x.txt", text.replace(whole, row.number + row.label + printed))
        tried += 1
        requests = reading["requests"]
        for key, cell in requests.cells.items():
            assert same(cell, f[key]), (key, cell, f[key])
        assert requests.error is not None


def test_a_gap_between_figures_always_ends_a_cell():
    """Cells apart in a page's text (a space, a no-break space) are never joined: the gap is
    a cut every reading keeps; a horizontal bar (―, GB2312's dash as cp936 decodes it) is a
    zero printed as a dash."""
    text = "总计\u00a0\u00a012\u00a03\u30000\xa0―\u00a015"
    flat = R.Flat.of(text)
    chars, cuts, _notes, dashes, _end = R.scan_run(flat, 2, len(flat.text))
    assert chars == "1230z15"
    assert cuts == {2, 3, 4, 5}
    assert dashes == {4: "―"}


def test_cuts_in_later_blocks_do_not_reject_an_earlier_block():
    """A run of three proceedings whose cells are all apart: each block is cut on its own,
    the gaps of the blocks after it do not count against it."""
    text = "总计 0 1 1 0 2 1 0 0 0 1 0 0 0 0 0"
    flat = R.Flat.of(text)
    chars, cuts, notes, dashes, _end = R.scan_run(flat, 2, len(flat.text))
    t = T.TABLES["appeals"]
    terms = [("appeals", p.code, c.code) for p in t.rows for c in t.cols]
    run = R.Run("appeals", terms, chars, frozenset(cuts), notes, dashes, (False,) * len(terms))
    readings = R.run_readings(run, R.identity_equations("appeals"))
    assert [run.shown(r) for r in readings] == ["0|1|1|0|2|1|0|0|0|1|0|0|0|0|0"]
