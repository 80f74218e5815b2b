"""scripts/bench_accuracy.py counts a cell read otherwise than printed as wrong, and exits 1."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_accuracy", REPO / "scripts" / "bench_accuracy.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


B = _bench()


def _case(report: str) -> dict:
    return next(c for c in B.cases() if c["report"] == report)


def test_every_real_report_is_a_case():
    names = [c["report"] for c in B.cases()]
    assert names == [f"pingtan-{y}" for y in range(2019, 2026)] + ["shanghai-2024"]
    assert all(len(c["cells"]) >= 190 for c in B.cases())


def test_html_reads_every_cell_exactly():
    row = B.run_format("html", [_case("pingtan-2024"), _case("shanghai-2024")], None)
    assert (row["wrong"], row["refused"], row["reports_exact"]) == (0, 0, 2)


def test_a_cell_read_otherwise_is_wrong_and_fails_the_run(monkeypatch):
    case = _case("pingtan-2024")
    key = next(k for k, v in case["cells"].items() if v.isdigit() and v != "0")
    case["cells"][key] = str(int(case["cells"][key]) + 1)
    row = B.run_format("html", [case], None)
    assert row["wrong"] == 1 and row["reports_exact"] == 0
    monkeypatch.setattr(B, "cases", lambda: [case])
    assert B.main(["--formats", "html", "--jobs", "1"]) == 1


def test_blank_reads_as_zero_only_where_the_seed_prints_zeros_blank():
    seed, pingtan = _case("shanghai-2024"), _case("pingtan-2024")
    zero = next(k for k, v in pingtan["cells"].items() if v == "0")
    assert B.compare({**pingtan["cells"], zero: ""}, pingtan)[1] == [(zero, "", "0")]
    zero = next(k for k, v in seed["cells"].items() if v == "0")
    assert B.compare({**seed["cells"], zero: ""}, seed)[1] == []
