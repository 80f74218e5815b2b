"""Lighthouse (mobile) scores of the portal's pages (a benchmark that prints figures; not a test).

    .venv/bin/python scripts/bench_lighthouse.py [--site DIR] [--server plain|gzip|both]
                                                 [--runs 1] [--json-dir DIR]

Builds the site into a temporary folder (or uses --site), serves it on 127.0.0.1, installs the
pinned Lighthouse with npm into a cache folder outside the repository (once), runs it against
Debian's chromium for each kind of page and prints the four category scores and the failing
audits. Targets: performance ≥ 95; accessibility, best practices and SEO 100.

Two servers: `plain` is Python's http.server as is (no compression: every text file travels
at full size); `gzip` compresses text responses as a static host such as GitHub Pages does.
Lighthouse's mobile profile throttles the network (150 ms, 1.6 Mbit/s), so the two differ
mostly in first paint. The default runs both.

Needs Node (≥ 18.16) and npm; chromium at $CHROME_PATH (default /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = "12.8.2"  # the last release that runs on Node 20
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "gongkai-lighthouse"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def lighthouse_bin() -> Path:
    folder = CACHE / LIGHTHOUSE
    binary = folder / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                        f"lighthouse@{LIGHTHOUSE}"], cwd=folder, check=True)
    return binary


def pages(site: Path) -> list[tuple[str, str]]:
    report = sorted(p.parent.name for p in (site / "reports").glob("*/index.html"))[0]
    dataset = sorted(p.parent.name for p in (site / "datasets").glob("*/index.html"))[0]
    return [("首页 home", ""), ("报告 report", f"reports/{report}/"),
            ("数据集 dataset", f"datasets/{dataset}/"),
            ("资源 resource", f"datasets/{dataset}/requests/"),
            ("数据质量 quality", "quality/"), ("关于 about", "about/"), ("接口 API", "api/")] + [
        (label, f"{folder}/{first}/") for label, folder in (
            ("年度 year", "years"), ("机关 publisher", "publishers"))
        if (first := next(iter(sorted(p.parent.name for p in (site / folder).glob("*/index.html"))),
                          None))] + [("比较 compare", "compare/")]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Gzip(Quiet):
    """Text responses gzipped when the client accepts it, like a static host."""

    TEXT = ("text/", "application/javascript", "application/json", "application/xml",
            "image/svg+xml", "application/ld+json")
    cache: dict[str, bytes] = {}

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        if "gzip" not in self.headers.get("Accept-Encoding", "") or \
                not ctype.startswith(self.TEXT) or not os.path.isfile(path) or \
                (os.path.isdir(self.translate_path(self.path)) and not self.path.endswith("/")):
            return super().send_head()
        import io

        if path not in self.cache:
            with open(path, "rb") as f:
                self.cache[path] = gzip.compress(f.read(), 6, mtime=0)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path, compress: bool = False):
    handler = functools.partial(Gzip if compress else Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(binary: Path, url: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run([str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--chrome-flags={CHROME_FLAGS}", "--form-factor=mobile",
                    "--only-categories=" + ",".join(CATEGORIES)],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text(encoding="utf-8"))


def failing(report: dict) -> list[str]:
    out = []
    for cat in CATEGORIES:
        for ref in report["categories"][cat]["auditRefs"]:
            a = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and a.get("score") is not None and a["score"] < 0.9:
                out.append(f"{cat}: {a['id']} ({a['score']:.2f}"
                           + (f", {a['displayValue']}" if a.get("displayValue") else "") + ")")
    return out


def measure(binary: Path, site: Path, json_dir: Path, compress: bool, runs_per_page: int) -> bool:
    """Print the table for one server; True when a score is below its target."""
    json_dir.mkdir(parents=True, exist_ok=True)
    server = serve(site, compress)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"\nLighthouse {LIGHTHOUSE}, mobile, {'gzip' if compress else 'plain'} server, {base}")
    print(f"{'page':<20}" + "".join(f"{c:>16}" for c in CATEGORIES))
    notes, below = [], False
    try:
        for label, path in pages(site):
            runs = []
            for i in range(runs_per_page):
                name = (path.strip("/").replace("/", "_") or "home") + f"-{i + 1}.json"
                runs.append(run(binary, base + path, json_dir / name))
            runs.sort(key=lambda r: r["categories"]["performance"]["score"] or 0)
            rep = runs[len(runs) // 2]
            scores = {c: round(100 * (rep["categories"][c]["score"] or 0)) for c in CATEGORIES}
            below |= any(scores[c] < TARGET[c] for c in CATEGORIES)
            print(f"{label:<20}" + "".join(
                f"{scores[c]:>15}{'*' if scores[c] < TARGET[c] else ' '}" for c in CATEGORIES),
                flush=True)
            notes += [f"  {label}: {f}" for f in failing(rep)]
    finally:
        server.shutdown()
    print("targets: performance ≥ 95, the others 100 (* = below target)")
    if notes:
        print("audits below 0.9:")
        print("\n".join(notes))
    return below


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, help="an already built site (default: build one)")
    ap.add_argument("--server", choices=("plain", "gzip", "both"), default="both",
                    help="plain http.server, one that gzips text, or both (default)")
    ap.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    ap.add_argument("--json-dir", type=Path, help="keep the Lighthouse JSON reports here")
    args = ap.parse_args()
    binary = lighthouse_bin()
    with tempfile.TemporaryDirectory(prefix="gongkai-lh-") as tmp:
        tmp = Path(tmp)
        site = args.site
        if site is None:
            site = tmp / "site"
            subprocess.run([str(REPO / ".venv" / "bin" / "gongkai"), "build", "--site", str(site)],
                           cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        json_dir = args.json_dir or tmp / "reports"
        below = False
        for mode in (("plain", "gzip") if args.server == "both" else (args.server,)):
            below |= measure(binary, site, json_dir / mode, mode == "gzip", args.runs)
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
