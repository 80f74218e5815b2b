"""Write a synthetic corpus of reports for benchmarks and scale tests: never published.

    .venv/bin/python scripts/synth_corpus.py N --out DIR [--seed 7]

Writes N reports into DIR/reports/ as copied text (a cell a line, a blank line after each table row, as text
copied from a report's web page arrives) for synthetic publishers at every level over
2021–2025, and DIR/publishers.csv, a registry of those publishers (copy it into the packages
root so that ingest names their ids and levels). Every name says it is synthetic (合成…), so
that a synthetic report can never pass for a real one; they are never committed to
datapackages/.

The figures satisfy every identity of the 2021 format and follow the shapes of real reports:
most cells zero, long tails (log-normal request counts by level), natural persons dominant,
decimal fee amounts. The same N and seed give the same files, byte for byte.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import typer

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gongkai import template as T  # noqa: E402

F = T.FORMAT_2021
YEARS = range(2021, 2026)
# level: (share of bodies, suffix of the synthetic name, median new requests a year)
LEVELS = {
    "provincial": (0.01, "省", 3000),
    "prefectural": (0.09, "市", 400),
    "county": (0.45, "县", 40),
    "department": (0.35, "局", 15),
    "township": (0.10, "镇", 3),
}
HEADINGS = {code: heading for code, heading, _ in T.SECTIONS}


def publishers(n_bodies: int, rng) -> list[dict]:
    levels = list(LEVELS)
    shares = np.array([LEVELS[lv][0] for lv in levels])
    picks = rng.choice(len(levels), size=n_bodies, p=shares / shares.sum())
    out = []
    for i, k in enumerate(picks):
        level = levels[k]
        name = f"合成{i + 1:05d}{LEVELS[level][1]}"
        out.append({"id": f"synthetic-{i + 1:05d}", "name": name, "aliases": "",
                    "level": level, "division_code": "", "website": "",
                    "note": "合成数据，仅用于性能测试 / synthetic, for benchmarks only"})
    return out


def _split(total: int, parts: int, rng, zero_bias: float) -> list[int]:
    """`total` over `parts` cells, most of them zero (a long tail)."""
    if total == 0:
        return [0] * parts
    weights = rng.dirichlet(np.full(parts, zero_bias))
    counts = rng.multinomial(total, weights)
    return [int(c) for c in counts]


def requests_table(median: int, rng) -> dict[str, list[int]]:
    """Rows of the requests matrix, columns natural person, five organisations, total."""
    leaves = [r.code for r in F.tables["requests"].rows
              if r.code not in ("new_requests", "carried_over", "handled_total",
                                "carried_forward")]
    cols = 6
    table = {r: [0] * cols for r in [m.code for m in F.tables["requests"].rows]}
    for c in range(cols):
        scale = median * (1.0 if c == 0 else 0.04 if c == 1 else 0.006)
        new = int(rng.lognormal(np.log(max(scale, 0.05)), 1.0)) if rng.random() > 0.15 * c else 0
        carried = int(rng.binomial(new, 0.04)) if new else 0
        forward = int(rng.binomial(new + carried, 0.05))
        handled = new + carried - forward
        shares = _split(handled, len(leaves), rng, 0.25)
        table["new_requests"][c] = new
        table["carried_over"][c] = carried
        table["carried_forward"][c] = forward
        table["handled_total"][c] = handled
        for code, v in zip(leaves, shares):
            table[code][c] = v
    return {r: v + [sum(v)] for r, v in table.items()}


def appeals_table(new_total: int, rng) -> dict[str, list[int]]:
    out = {}
    for p in F.tables["appeals"].rows:
        n = int(rng.poisson(max(new_total, 1) * (0.03 if p.code != "litigation_after_reconsideration"
                                                 else 0.005)))
        parts = _split(n, 4, rng, 0.6)
        out[p.code] = parts + [n]
    return out


def proactive_table(median: int, rng) -> dict[tuple[str, str], str]:
    out = {}
    for _, _, items, measures in F.proactive_blocks:
        for item in items:
            for m in measures:
                if m == "amount_10k_yuan":
                    v = rng.lognormal(np.log(median * 5), 1.5) if rng.random() > 0.3 else 0
                    out[(item, m)] = f"{v:.{int(rng.integers(0, 5))}f}" if v else "0"
                elif item == "rules" and median < 300:
                    out[(item, m)] = "0"
                else:
                    out[(item, m)] = str(int(rng.lognormal(np.log(median / 4 + 1), 1.2)))
    return out


def report_text(pub: dict, year: int, rng) -> str:
    median = LEVELS[pub["level"]][2]
    req = requests_table(median, rng)
    app = appeals_table(req["new_requests"][-1], rng)
    pro = proactive_table(median, rng)
    name = pub["name"]
    new_total, handled = req["new_requests"][-1], req["handled_total"][-1]
    lines = [f"{name}{year}年政府信息公开工作年度报告", "",
             HEADINGS["overview"],
             f"{year}年，{name}（合成数据，仅用于性能测试）依法做好政府信息公开工作。",
             f"全年共收到政府信息公开申请{new_total}件，办结申请{handled}件。",
             HEADINGS["proactive"]]
    for _, heading, items, measures in F.proactive_blocks:
        lines += [f"\t{heading}", "", "\t信息内容",
                  *(f"\t{F.tables['proactive'].col(m).label}" for m in measures), ""]
        for item in items:
            lines += [f"\t{F.tables['proactive'].row(item).label}",
                      *(f"\t{pro[(item, m)]}" for m in measures), ""]
    lines += [HEADINGS["requests"],
              "\t（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
              "\t申请人情况", "", "\t自然人", "\t法人或其他组织", "\t总计", "",
              *(f"\t{a.label}" for a in T.APPLICANTS[1:6]), ""]
    for m in F.tables["requests"].rows:
        lines += [f"\t{m.number}{m.label}", *(f"\t{v}" for v in req[m.code]), ""]
    lines += [HEADINGS["appeals"], "\t行政复议", "\t行政诉讼", "",
              *(f"\t{c.label}" for c in T.RESULTS), "\t未经复议直接起诉", "\t复议后起诉", "",
              *(f"\t{c.label}" for c in T.RESULTS * 2), ""]
    lines += [*(f"\t{v}" for p in F.tables["appeals"].rows for v in app[p.code]), ""]
    lines += [HEADINGS["problems"], "合成报告：无。", HEADINGS["other"],
              "本年度未收取信息公开处理费。"]
    return "\n".join(lines) + "\n"


def main(n: int = typer.Argument(..., help="How many reports."),
         out: Path = typer.Option(..., "--out", help="Folder to write into."),
         seed: int = typer.Option(7, help="Random seed: the same seed, the same corpus.")) -> None:
    """Write N synthetic reports (2021–2025) and their publishers registry into OUT."""
    rng = np.random.default_rng(seed)
    n_bodies = max(1, -(-n // len(YEARS)))
    pubs = publishers(n_bodies, rng)
    reports = out / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    written = 0
    for pub in pubs:
        for year in YEARS:
            if written == n:
                break
            text = report_text(pub, year, rng)
            (reports / f"{pub['id']}-{year}.txt").write_text(text, encoding="utf-8")
            written += 1
    with open(out / "publishers.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(pubs[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(pubs)
    print(f"wrote {written} synthetic reports of {len(pubs)} bodies into {out}")


if __name__ == "__main__":
    typer.run(main)
