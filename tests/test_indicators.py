"""Every indicator of every package equals its formula applied to the CSV cells by hand."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from conftest import PACKAGES
from helpers import read_csv
from gongkai import corpus
from gongkai.indicators import INDICATORS, SMALL_SAMPLE, of_package
from gongkai.load import find_packages, load_package

WITHHELD = ["withheld_state_secret", "withheld_prohibited_by_law",
            "withheld_security_stability", "withheld_third_party", "withheld_internal_affairs",
            "withheld_process_information", "withheld_enforcement_files", "withheld_inquiry"]


def by_hand(pkg_dir) -> dict[str, tuple[int, int]]:
    """(numerator, denominator) of each indicator, summed from the CSVs with no project code."""
    req = {r["row"]: int(r["count"]) for r in read_csv(pkg_dir / "requests.csv")
           if r["applicant"] == "total"}
    app = {(r["proceeding"], r["result"]): int(r["count"])
           for r in read_csv(pkg_dir / "appeals.csv")}
    lit = ("litigation_direct", "litigation_after_reconsideration")
    handled = req["handled_total"]
    return {
        "disclosure_rate": (req["disclosed"] + req["partially_disclosed"], handled),
        "withheld_rate": (sum(req[r] for r in WITHHELD), handled),
        "unavailable_rate": (sum(v for k, v in req.items() if k.startswith("unavailable_")),
                             handled),
        "unprocessed_rate": (sum(v for k, v in req.items() if k.startswith("unprocessed_")),
                             handled),
        "carry_forward_rate": (req["carried_forward"], req["new_requests"] + req["carried_over"]),
        "reconsideration_correction_rate": (
            app[("administrative_reconsideration", "corrected")],
            sum(app[("administrative_reconsideration", r)] for r in
                ("upheld", "corrected", "other"))),
        "litigation_correction_rate": (
            sum(app[(p, "corrected")] for p in lit),
            sum(app[(p, r)] for p in lit for r in ("upheld", "corrected", "other"))),
        "appeals_per_100_requests": (
            sum(app[(p, "total")] for p in ("administrative_reconsideration", *lit)),
            req["new_requests"]),
    }


@pytest.mark.parametrize("pkg_dir", find_packages(PACKAGES), ids=lambda p: p.name)
def test_indicators_equal_their_formulas_by_hand(pkg_dir):
    hand = by_hand(pkg_dir)
    for v in of_package(load_package(pkg_dir)):
        num, den = hand[v.indicator.id]
        assert (v.numerator, v.denominator) == (num, den), v.indicator.id
        if den < v.indicator.min_denominator:
            assert v.value is None and v.state == "small"
            continue
        want = (Decimal(100) * num / den).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert v.value == want, v.indicator.id


def test_shanghai_disclosure_rate_is_the_one_its_prose_states():
    """The report says 予以公开及部分公开12567件，占30.3%: the indicator agrees."""
    values = {v.indicator.id: v for v in of_package(load_package(PACKAGES / "shanghai-2024"))}
    assert values["disclosure_rate"].value == Decimal("30.30")
    assert (values["disclosure_rate"].numerator, values["disclosure_rate"].denominator) == \
        (12567, 41480)


def test_every_indicator_states_its_formula_and_minimum():
    for ind in INDICATORS:
        assert "÷" in ind.formula() and ind.min_denominator > 0 and ind.unit
        assert all(code.count(":") == 2 for code in (*ind.numerator, *ind.denominator))
    assert SMALL_SAMPLE == "样本过少"


def test_series_join_the_two_formats_through_the_comparability_map():
    frame = corpus.figures_frame([load_package(p) for p in find_packages(PACKAGES)])
    table = corpus.series(frame, "pingtan")
    assert list(table.columns) == list(range(2019, 2026))
    other = table.loc["requests:other_handling:total"]
    assert other[2020] == 4  # 2019 format: the single （六）其他处理 row
    sub = {r["row"]: int(r["count"]) for r in read_csv(PACKAGES / "pingtan-2024" / "requests.csv")
           if r["applicant"] == "total"}
    assert other[2024] == sub["other_no_correction"] + sub["other_fee_unpaid"] + sub["other_other"]
    assert corpus.format_breaks(frame, "pingtan") == [(2020, 2021, "2019", "2021")]
