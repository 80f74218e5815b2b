"""Pingtan 2019–2025, published from its real pages: every figure as printed, in two formats.

The committed packages keep each page byte for byte (source.html), so these tests re-ingest
the packages' own sources; where the shared pages sit beside the project, they are checked to
be the same bytes. The expected readings are tests/fixtures/expected/: 2021–2025 as given with
the pages, 2019–2020 typed by hand here (see that folder's README).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import REPO
from helpers import read_csv, run
from gongkai import template as T
from gongkai.load import load_package
from gongkai.numbers import fmt
from gongkai.validate import validate_many

PACKAGES = REPO / "datapackages"
EXPECTED = Path(__file__).parent / "fixtures" / "expected"
SHARED = REPO.parent / "shared" / "reports" / "pingtan"
YEARS = range(2019, 2026)
VALUE = {"proactive": "value", "requests": "count", "appeals": "count"}
KEYS = {"proactive": ("item", "measure"), "requests": ("row", "applicant"),
        "appeals": ("proceeding", "result")}


def expected(year: int) -> dict:
    return json.loads((EXPECTED / f"pingtan-{year}.json").read_text(encoding="utf-8"),
                      parse_float=Decimal)


def as_printed(pkg: Path) -> dict:
    """{table: {(row, col): value as the CSV holds it}}."""
    out = {}
    for table, (rk, ck) in KEYS.items():
        out[table] = {(r[rk], r[ck]): r[VALUE[table]] for r in read_csv(pkg / f"{table}.csv")}
    return out


def assert_figures(pkg: Path, want: dict) -> None:
    got = as_printed(pkg)
    form = T.format_of(want.get("template", T.TEMPLATE_ID))
    for table in KEYS:
        cells = {(r, c): v for r, cols in want[table].items() for c, v in cols.items()}
        assert set(cells) == set(form.tables[table].cell_keys()), table
        wrong = {k: (got[table].get(k), fmt(Decimal(v) if isinstance(v, str) else v))
                 for k, v in cells.items()
                 if got[table].get(k) != fmt(Decimal(v) if isinstance(v, str) else v)}
        assert not wrong, (pkg.name, table, wrong)
    for key, text in want.get("printed", {}).items():
        table, row, col = key.split(":")
        line = next(r for r in read_csv(pkg / f"{table}.csv")
                    if (r[KEYS[table][0]], r[KEYS[table][1]]) == (row, col))
        assert line["printed"] == text


@pytest.fixture(scope="module")
def reingested(tmp_path_factory) -> dict[int, Path]:
    """Every committed Pingtan source ingested again, with the declarations its package has."""
    out = {}
    for year in YEARS:
        pkg = PACKAGES / f"pingtan-{year}"
        desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
        declares = [a for d in desc["known_inconsistencies"]
                    for a in ("--declare", f"{d['check']}={d['reason']}")]
        dest = tmp_path_factory.mktemp("pt") / f"pingtan-{year}"
        result = run("ingest", pkg / "source.html", "--out", dest, *declares)
        assert result.exit_code == 0, result.output
        out[year] = dest
    return out


@pytest.mark.parametrize("year", YEARS)
def test_every_figure_as_expected(reingested, year):
    assert_figures(reingested[year], expected(year))
    assert_figures(PACKAGES / f"pingtan-{year}", expected(year))


@pytest.mark.parametrize("year", YEARS)
def test_reingest_reproduces_the_committed_csvs(reingested, year):
    for name in ("proactive.csv", "requests.csv", "appeals.csv", "highlights.csv"):
        assert (reingested[year] / name).read_bytes() == \
            (PACKAGES / f"pingtan-{year}" / name).read_bytes(), name


@pytest.mark.parametrize("year", YEARS)
def test_source_is_the_page_byte_for_byte(year):
    src = (PACKAGES / f"pingtan-{year}" / "source.html").read_bytes()
    if SHARED.exists():
        assert src == (SHARED / f"pingtan-{year}.html").read_bytes()
    desc = load_package(PACKAGES / f"pingtan-{year}").descriptor
    sources = {r["year"]: r for r in read_csv(EXPECTED / "pingtan-sources.csv")}
    assert desc["report"]["year"] == year
    assert desc["title"] == sources[str(year)]["title"]


def test_the_fee_keeps_every_printed_digit():
    """24252.311082 (万元), printed so in 2021: not 24252.31108, not a float's rounding."""
    rows = read_csv(PACKAGES / "pingtan-2021" / "proactive.csv")
    fee = next(r for r in rows if r["measure"] == "amount_10k_yuan")
    assert fee["value"] == "24252.311082"
    assert load_package(PACKAGES / "pingtan-2021").figures[
        ("proactive", "administrative_fees", "amount_10k_yuan")] == Decimal("24252.311082")
    page = (PACKAGES / "pingtan-2021" / "source.html").read_bytes().decode("utf-8")
    assert "24252.311082" in page


def test_formats_and_publisher_named_in_each_package():
    for year in YEARS:
        rep = load_package(PACKAGES / f"pingtan-{year}").report
        assert rep["publisher_id"] == "pingtan" and rep["publisher"] == "平潭综合实验区管委会"
        assert rep["template"] == (T.FORMAT_2019 if year < 2021 else T.FORMAT_2021).document
        assert rep["division_code"] == "350128"


def test_2020_is_published_as_printed_with_its_declared_inconsistency():
    pkg = load_package(PACKAGES / "pingtan-2020")
    declared = {d["check"] for d in pkg.descriptor["known_inconsistencies"]}
    assert declared == {"requests.outcomes[natural_person]", "requests.outcomes[total]"}
    assert pkg.figures[("requests", "handled_total", "total")] == 21  # as printed, not 27


def test_prose_read_as_a_person_reads():
    """393 is in force, 77 issued (2023); the prose's other figures are findings, not refusals."""
    results = {r.package.id: r for r in validate_many(
        [PACKAGES / f"pingtan-{y}" for y in YEARS])}
    assert all(r.ok for r in results.values()), [r.errors for r in results.values()]
    checks = {(r.package.id, c.id): c for r in results.values() for c in r.checks}
    issued = checks[("pingtan-2023", "restatement[normative_documents_issued]")]
    assert (issued.status, issued.found) == ("pass", 77)
    in_force = checks[("pingtan-2023", "restatement[normative_documents_in_force]")]
    assert (in_force.status, in_force.found, in_force.expected) == ("mismatch", 393, 470)
    assert "393件" in in_force.sentence
    new = checks[("pingtan-2022", "restatement[new_requests]")]
    assert (new.status, new.found, new.expected) == ("mismatch", 75, 74)
    assert checks[("pingtan-2025", "restatement[carried_forward]")].status == "pass"


def test_cross_year_checks_from_2019_to_2025():
    results = validate_many([PACKAGES / f"pingtan-{y}" for y in YEARS])
    carry = [c for r in results for c in r.checks if c.rule == "requests.carry"]
    assert len(carry) == 6 * len(T.APPLICANTS)  # six pairs of years, seven columns
    assert all(c.status == "pass" for c in carry), [c.message() for c in carry if not c.ok]
    pairs = {(c.package, c.other) for c in carry}
    assert ("pingtan-2021", "pingtan-2020") in pairs  # across the change of format
    stock = {c.package: c for r in results for c in r.checks
             if c.id == "proactive.stock[normative_documents]"}
    assert stock["pingtan-2022"].status == "pass"  # 665 + 88 − 55 = 698
    assert (stock["pingtan-2023"].status, stock["pingtan-2023"].expected,
            stock["pingtan-2023"].found) == ("info", 643, 470)
