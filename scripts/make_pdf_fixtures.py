"""Make the PDF fixtures of tests/fixtures/pdf/ from report pages, as a browser prints them.

    python scripts/make_pdf_fixtures.py            # the printed PDFs (committed)
    python scripts/make_pdf_fixtures.py --scans    # also the scanned PDFs, into tests/fixtures/pdf/scans/
    python scripts/make_pdf_fixtures.py --doc      # only tests/fixtures/doc/shanghai-2024.doc

The printed and scanned PDFs are made again by the tests (tests/pdf_support.py), so they are
not committed; the .doc fixture is (LibreOffice is the converter under test).

Printed PDFs: each source page (the seed's HTML fixture and the Pingtan reports 2021-2025) is
printed by Chromium (headless, `--print-to-pdf`) at several paper sizes and margins, injected as
a CSS `@page` rule into a copy of the page (scripts and style sheets of the site left out, as
they are not at hand offline), so that the page breaks fall in different rows of the tables:
a row-group label cut at a break, a header repeated on the next page, a row split over two
pages, page numbers between rows.

Scanned PDFs (`scan_pdf`): a printed PDF rasterised by pdftoppm (poppler-utils) at 150 or 200
dpi in grey, each page turned by a fraction of a degree and saved as a noisy JPEG, then bound
into a PDF of images only (no text layer), as a scanner makes them. The tests make these at run
time (tests/test_ocr.py), so they are not committed.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "pdf"
SEED_HTML = ROOT / "tests" / "fixtures" / "formats" / "shanghai-2024.html"
SHARED = ROOT.parent / "shared" / "reports" / "pingtan"

# (name, @page size, margin, zoom of the page's text, page number in the bottom margin,
#  header rows as <thead>, which a browser prints again at the top of each page):
# breaks fall in different rows
PAPERS = [
    ("a4", "A4", "15mm", 1.0, '"- " counter(page) " -"', False),
    ("a5", "A5", "12mm 8mm", 0.9, '"第 " counter(page) " 页 共 " counter(pages) " 页"', True),
    ("letter", "Letter", "25mm 20mm", 1.15, "", True),
]
PINGTAN_YEARS = (2021, 2022, 2023, 2024, 2025)


def sources(shared: Path = SHARED) -> dict[str, Path]:
    """Source pages by fixture stem: shanghai-2024 and pingtan-YYYY (those present)."""
    out = {"shanghai-2024": SEED_HTML}
    for y in PINGTAN_YEARS:
        # the committed package keeps the page byte for byte; the shared copy is the same
        for p in (ROOT / "datapackages" / f"pingtan-{y}" / "source.html",
                  shared / f"pingtan-{y}.html"):
            if p.exists():
                out[f"pingtan-{y}"] = p
                break
    return out


def chromium() -> str:
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    raise SystemExit("Chromium is needed to print the fixtures (apt-get install chromium)")


def with_thead(html: bytes) -> bytes:
    """The page with each table's leading rows without figures (its header) as <thead>."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for table in soup.find_all("table"):
        if table.find("table") or table.find("thead"):
            continue
        trs = table.find_all("tr")
        head = []
        for tr in trs:
            if re.search(r"\d", tr.get_text()) and "勾稽" not in tr.get_text():
                break
            head.append(tr)
        if not head or len(head) == len(trs):
            continue
        thead = soup.new_tag("thead")
        head[0].insert_before(thead)
        for tr in head:
            thead.append(tr.extract())
    out = soup.encode("utf-8")
    return re.sub(rb"(?i)<meta[^>]*charset[^>]*>", b"", out)


def printable(html: bytes, size: str, margin: str, zoom: float, footer: str = "",
              thead: bool = False) -> bytes:
    """A copy of the page without scripts and external style sheets, with an @page rule."""
    html = re.sub(rb"(?is)<script\b.*?</script\s*>", b"", html)
    html = re.sub(rb"(?is)<link\b[^>]*>", b"", html)
    if thead:
        html = with_thead(html)
    bottom = f"@bottom-center {{ content: {footer}; font-size: 9pt; }}" if footer else ""
    css = (f"<meta charset=\"utf-8\"><style>@page {{ size: {size}; margin: {margin}; {bottom} }} "
           f"body {{ zoom: {zoom}; }}</style>").encode("utf-8") if thead else \
        (f"<style>@page {{ size: {size}; margin: {margin}; {bottom} }} "
         f"body {{ zoom: {zoom}; }}</style>").encode("utf-8")
    m = re.search(rb"(?i)<head[^>]*>", html)
    if m:
        return html[:m.end()] + css + html[m.end():]
    return css + html


def print_pdf(html_path: Path, out: Path, size: str, margin: str, zoom: float,
              footer: str = "", thead: bool = False) -> Path:
    """Print one page to PDF with headless Chromium (written atomically)."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_bytes(printable(html_path.read_bytes(), size, margin, zoom, footer, thead))
        part = Path(tmp) / "out.pdf"
        profile = Path(tmp) / "profile"
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={profile}", f"--print-to-pdf={part}",
               "--no-pdf-header-footer", "--virtual-time-budget=2000", page.as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)
        shutil.move(str(part), str(out))
    return out


def scan_pdf(pdf: Path, out: Path, dpi: int, *, angle: float = 0.7, quality: int = 55,
             seed: int = 13) -> Path:
    """An image-only PDF of `pdf` as a scanner makes it: grey, turned, with JPEG noise."""
    from PIL import Image

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf),
                        str(Path(tmp) / "p")], check=True, capture_output=True, timeout=300)
        pages = []
        for k, png in enumerate(sorted(Path(tmp).glob("p*.png"))):
            img = Image.open(png).convert("L")
            turn = angle if k % 2 == 0 else -angle * 0.7
            img = img.rotate(turn, resample=Image.BICUBIC, expand=False, fillcolor=255)
            # speckle: a few dark dots, as dust on the glass
            px = img.load()
            for _ in range(img.width * img.height // 4000):
                x, y = rng.randrange(img.width), rng.randrange(img.height)
                px[x, y] = rng.randrange(60, 200)
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=quality)
            pages.append(Image.open(io.BytesIO(buf.getvalue())))
        pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return out


def printed_fixtures(out_dir: Path = OUT, shared: Path = SHARED) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for stem, src in sources(shared).items():
        for paper, *how in PAPERS:
            made.append(print_pdf(src, out_dir / f"{stem}-{paper}.pdf", *how))
    return made


def doc_fixture() -> Path:
    """The seed's .docx fixture saved by LibreOffice as Word 97-2003 (.doc)."""
    out_dir = ROOT / "tests" / "fixtures" / "doc"
    out_dir.mkdir(parents=True, exist_ok=True)
    src = ROOT / "tests" / "fixtures" / "formats" / "shanghai-2024.docx"
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "--norestore",
                        f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
                        "--convert-to", "doc:MS Word 97", "--outdir", tmp, str(src)],
                       check=True, capture_output=True, timeout=180)
        shutil.copy(Path(tmp) / "shanghai-2024.doc", out_dir / "shanghai-2024.doc")
    return out_dir / "shanghai-2024.doc"


def main() -> None:
    if "--doc" in sys.argv[1:]:
        print(doc_fixture().relative_to(ROOT))
        return
    made = printed_fixtures()
    for p in made:
        print(f"{p.relative_to(ROOT)}  {p.stat().st_size // 1024} KB")
    if "--scans" in sys.argv[1:]:
        scans = OUT / "scans"
        scans.mkdir(exist_ok=True)
        for stem in sources():
            for dpi in (150, 200):
                p = scan_pdf(OUT / f"{stem}-a4.pdf", scans / f"{stem}-scan{dpi}.pdf", dpi)
                print(f"{p.relative_to(ROOT)}  {p.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
