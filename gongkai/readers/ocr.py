"""Read a scanned PDF (pages that are images) by OCR, and keep only what the template confirms.

Each page is rendered (pypdfium2) and read by RapidOCR (PP-OCR models run by ONNX Runtime on
the CPU; the models ship inside the package, nothing is fetched). The text boxes become lines:
the page's slight rotation is measured from the boxes and taken out, boxes at one height make
one line, figures keep their own cell. A figure the detector missed in a table row (a lone `0`
is easy to miss) is looked for where the neighbouring rows have figures in that column: if the
cell holds ink, it is read alone; ink that does not read as a figure stops the reading there,
naming the page, the row and the column. The lines then go through the layout step like any
PDF without ruled tables.

OCR can misread, so nothing it reads is taken on trust. The document carries its OCR lines
and page images (`Document.scan`), and before the extractor reads any figure of it, every
figure is confirmed by the identities or the prose, or the report is refused naming the cell
(`gongkai/confirm_scan.py` says how).

A report that is inconsistent as printed cannot be told from a misread scan, so it is refused
too: the message says so.
"""

from __future__ import annotations

import io
import math
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from ..document import Document, Row, Where
from ..errors import IngestError

DPI = 200  # pages are rendered at this resolution for OCR
ENGINE = "RapidOCR (PP-OCR, ONNX Runtime)"
_NUM = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_ZERO_LOOKALIKES = {"O", "o", "〇", "Ｏ", "ｏ", "○", "。", "°"}
# a dash printed for zero, as OCR reads it; '/' stays '/' (both mean zero to the extractor)
_DASHES = {"一", "-", "－", "–", "—", "——", "_", "ー", "~"}


@dataclass
class Box:
    text: str
    score: float
    x0: float
    x1: float
    yc: float  # centre height, rotation taken out
    h: float
    quad: list = field(default_factory=list)  # corners in the page image

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    blank: bool = False  # a table cell with no ink (printed empty)
    parts: list = field(default_factory=list)  # the boxes a wrapped cell was joined from

    @property
    def numeric(self) -> bool:
        text = unicodedata.normalize("NFKC", self.text)
        return self.blank or text in ("—", "/") or bool(_NUM.match(text))


@dataclass
class Line:
    page: int
    index: int
    boxes: list[Box]
    ruled: bool = False  # a row of a ruled table: each box is a cell
    cut: str = ""  # "top" / "bottom": a row cut by the page's edge

    @property
    def yc(self) -> float:
        return statistics.median(b.yc for b in self.boxes)

    @property
    def x0(self) -> float:
        return min(b.x0 for b in self.boxes)

    @property
    def x1(self) -> float:
        return max(b.x1 for b in self.boxes)

    @property
    def numbers(self) -> list[Box]:
        return [b for b in self.boxes if b.numeric]

    @property
    def where(self) -> str:
        return f"page {self.page}, line {self.index} (scanned)"

    def cells(self) -> list[str]:
        """The line as table cells: text boxes side by side joined, each figure a cell."""
        from .pdf import tidy

        out: list[str] = []
        prev = None
        for b in self.boxes:
            t = "" if b.blank else tidy(b.text)
            if prev is not None and not b.numeric and not prev.numeric and not self.ruled:
                out[-1] += t
            else:
                out.append(t)
            prev = b
        return out

    def places(self) -> list[Where]:
        """Where each of `cells()` is: the page, and the box OCR read it in, in PDF points
        (the page image's pixels at DPI scaled to 72 a inch), on the page turned straight."""
        out: list[list[Box]] = []
        prev = None
        for b in self.boxes:
            if prev is not None and not b.numeric and not prev.numeric and not self.ruled:
                out[-1].append(b)
            else:
                out.append([b])
            prev = b
        return [place_of(self.page, bs) for bs in out]

    def text(self) -> str:
        """The line's text: a figure apart from its neighbours by a space (the layout step
        splits cells there), text boxes joined as they read."""
        from .pdf import tidy

        out = ""
        prev = None
        for b in self.boxes:
            t = tidy(b.text)
            if not t or b.blank:
                continue
            if prev is not None:
                out += " " if (b.numeric or prev.numeric or self.ruled) else ""
            out += t
            prev = b
        return out


def place_of(page: int, boxes: list[Box]) -> Where:
    """The page and the box around `boxes`, in PDF points (pixels at DPI, 72 a inch)."""
    k = 72 / DPI
    return Where(page=page, box=(
        round(min(b.x0 for b in boxes) * k, 2), round(min(b.yc - b.h / 2 for b in boxes) * k, 2),
        round(max(b.x1 for b in boxes) * k, 2), round(max(b.yc + b.h / 2 for b in boxes) * k, 2)))


_ENGINE = None


def engine():
    """The OCR engine, loaded once (its models ship inside the package)."""
    global _ENGINE
    if _ENGINE is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:  # pragma: no cover - a dependency of the project
            raise IngestError("reading a scanned PDF needs the OCR engine rapidocr-onnxruntime "
                              "(pip install -c requirements.lock -e .)") from None
        _ENGINE = RapidOCR()
    return _ENGINE


def render_pages(raw: bytes, dpi: int = DPI):
    """Each page as a grey PIL image at `dpi`."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(raw)
    try:
        for page in pdf:
            yield page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


def _skew(results) -> float:
    """The page's rotation (radians), from the top edges of the long text boxes."""
    angles = []
    for quad, text, _ in results:
        (x0, y0), (x1, y1) = quad[0], quad[1]
        w = math.hypot(x1 - x0, y1 - y0)
        h = math.hypot(quad[3][0] - x0, quad[3][1] - y0)
        if w > 4 * h and w > 100:
            angles.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(angles) if angles else 0.0


def deskew(img):
    """The page turned straight: the angle (within ±2°) whose rows of ink are sharpest."""
    import numpy as np
    from PIL import Image

    small = img.resize((img.width // 3, img.height // 3))
    dark = (np.asarray(small) < 140).astype(np.uint8) * 255
    probe = Image.fromarray(dark)
    best, best_score = 0.0, -1.0
    for tenth in range(-20, 21):
        a = tenth / 10
        rows = np.asarray(probe.rotate(a, resample=Image.NEAREST, fillcolor=0)).sum(axis=1)
        score = float(np.square(np.diff(rows.astype(np.float64))).sum())
        if score > best_score:
            best, best_score = a, score
    if abs(best) < 0.05:
        return img
    return img.rotate(best, resample=Image.BICUBIC, fillcolor=255)


def rules(img, min_share: float = 0.2) -> list[float]:
    """Heights of the horizontal ruling lines of a (straight) page: a run of ink at least
    `min_share` of the page wide."""
    import numpy as np

    dark = np.asarray(img) < 150
    dark = dark | np.roll(dark, 1, axis=1) | np.roll(dark, -1, axis=1)  # bridge JPEG gaps
    need = int(img.width * min_share)
    ys = []
    for y in range(dark.shape[0]):
        row = dark[y]
        if row.sum() < need:
            continue
        edges = np.diff(np.concatenate(([0], row.astype(np.int8), [0])))
        starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
        if (ends - starts).max() >= need:
            ys.append(y)
    out: list[list[int]] = []
    for y in ys:
        if out and y - out[-1][-1] <= 3:
            out[-1].append(y)
        else:
            out.append([y])
    return [sum(g) / len(g) for g in out]


def _bands(rule_ys: list[float], unit: float) -> list[tuple[float, float]]:
    """Rows of the ruled tables: the spaces between two rules of one table."""
    return [(a, b) for a, b in zip(rule_ys, rule_ys[1:]) if unit * 0.8 < b - a < 14 * unit]


def _borders_run(img, y_from: float, step: int, unit: float) -> float | None:
    """How far (a height) a table's side borders go on past its rule at `y_from`, up (-1) or
    down (+1): a row cut by the page's edge has its side borders and no rule to close it.
    None when no border goes on."""
    import numpy as np

    dark = np.asarray(img) < 150
    y0 = int(y_from) + step * 3
    if not 0 <= y0 < dark.shape[0]:
        return None
    probe = dark[y0:y0 + step * int(unit), :] if step > 0 else \
        dark[max(0, y0 - int(unit)):y0, :]
    if probe.size == 0:
        return None
    xs = np.nonzero(probe.mean(axis=0) > 0.9)[0]  # columns dark all along: borders
    if len(xs) < 3:
        return None
    y = y0
    while 0 <= y < dark.shape[0] and dark[y, xs].mean() > 0.6:
        y += step
    if abs(y - y0) < unit:
        return None
    return float(y)


def open_bands(img, rule_ys: list[float], unit: float) -> tuple[tuple | None, tuple | None]:
    """The rows cut by the page's top and bottom edges: (top, bottom) spans, or None."""
    if len(rule_ys) < 2:
        return None, None
    top = bottom = None
    up = _borders_run(img, rule_ys[0], -1, unit)
    if up is not None:
        top = (up, rule_ys[0])
    down = _borders_run(img, rule_ys[-1], 1, unit)
    if down is not None:
        bottom = (rule_ys[-1], down)
    return top, bottom


def _cells_of(boxes: list[Box], unit: float) -> list[Box]:
    """Boxes of one table row as its cells: boxes one above the other (a cell's wrapped text,
    '17（其中' / '修订15' / '件）') joined top to bottom."""
    cols: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: b.x0):
        for col in cols:
            x0, x1 = min(c.x0 for c in col), max(c.x1 for c in col)
            if min(x1, b.x1) - max(x0, b.x0) > 0.3 * min(b.x1 - b.x0, x1 - x0) or \
                    abs((x0 + x1) / 2 - b.xc) < 0.6 * unit:
                col.append(b)
                break
        else:
            cols.append([b])
    out = []
    for col in cols:
        col.sort(key=lambda b: b.yc)
        text = "".join(b.text for b in col)
        out.append(Box(text, min(b.score for b in col), min(b.x0 for b in col),
                       max(b.x1 for b in col), statistics.mean(b.yc for b in col),
                       max(b.h for b in col), col[0].quad, parts=list(col)))
    return sorted(out, key=lambda b: b.x0)


def page_lines(img, page_no: int) -> tuple[list[Line], float]:
    """Lines of one page image, with its rotation taken out; and the rotation. In a ruled
    table, the space between two rules is one line (a row), its wrapped cells joined."""
    import numpy as np

    arr = np.asarray(img)
    results, _ = engine()(arr, use_cls=False)
    results = results or []
    angle = _skew(results)
    boxes = _page_boxes(results, angle)
    if not boxes:
        return [], angle
    unit = statistics.median(b.h for b in boxes)
    bands, cut_top, cut_bottom = _table_bands(img, angle, unit)
    groups, banded = _group_boxes(boxes, bands, unit)
    lines = []
    for i, g in enumerate(groups, 1):
        is_band = any(g is v for v in banded.values())
        if is_band:
            g = _split_at_borders(img, g, unit, angle)
        cells = _cells_of(g, unit) if is_band else sorted(g, key=lambda b: b.x0)
        k = next((k for k, v in banded.items() if v is g), None)
        line = Line(page_no, i, cells, ruled=is_band)
        if k is not None and cut_top and bands[k] == cut_top:
            line.cut = "top"
        if k is not None and cut_bottom and bands[k] == cut_bottom:
            line.cut = "bottom"
        lines.append(line)
    return lines, angle


_LABEL_FIGURE = re.compile(r"^(.*[^\d.,\s])\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)$")


def _split_at_borders(img, boxes: list[Box], unit: float, angle: float) -> list[Box]:
    """The boxes of a ruled row, a box read across a cell's border with no stroke for it in
    its text made two: a label and a figure ('只计这一情8', '行政事业性收费5949.088667'), or
    the border and a figure ('lo': the rule read as 'l'); each only when the figure's cell,
    read alone, gives that figure with confidence. Else left as read."""
    borders = _row_borders(img, boxes, angle)
    out = []
    for b in boxes:
        m = _LABEL_FIGURE.match(unicodedata.normalize("NFKC", b.text))
        inside = [s for s in borders if b.x0 < s[0] and s[1] < b.x1 - unit / 4]
        if len(inside) != 1 or b.numeric:
            out.append(b)
            continue
        border = inside[0]
        right = min((s[0] for s in borders if s[0] > border[1] + unit / 2), default=b.x1 + 2)
        cell = (border[1] + 2, max(right - 2, b.x1))
        crop = _without_rules(_crop(img, sum(cell) / 2, b.yc, cell[1] - cell[0],
                                    1.3 * max(b.h, unit), angle))
        alone = read_cell(crop, unit)
        label_ok = m is not None and border[0] > b.x0 + unit / 2 and \
            alone is not None and alone[0] == m.group(2)
        rule_only = border[0] - b.x0 < unit / 2 and alone is not None
        if label_ok:
            label = b.text.rstrip()[:-len(m.group(2))].rstrip()  # as read, not normalised
            out.append(Box(label, b.score, b.x0, border[0], b.yc, b.h, b.quad))
        if label_ok or rule_only:
            out.append(Box(alone[0], min(b.score, alone[1]), cell[0], cell[1], b.yc, b.h,
                           b.quad))
        else:
            out.append(b)
    return out


def _page_boxes(results, angle: float) -> list[Box]:
    """The OCR results as boxes with the page's rotation taken out, split at cell borders,
    a lone zero look-alike read as 0 and a lone dash as '—'; empty boxes dropped."""
    cos, sin = math.cos(-angle), math.sin(-angle)
    boxes = []
    for quad, text, score in results:
        xs = [p[0] * cos - p[1] * sin for p in quad]
        ys = [p[0] * sin + p[1] * cos for p in quad]
        boxes.append(Box(text.strip(), float(score), min(xs), max(xs),
                         (min(ys) + max(ys)) / 2, max(ys) - min(ys), [list(p) for p in quad]))
    boxes = [part for b in boxes for part in _split_at_rules(b)]
    for b in boxes:
        if b.text in _ZERO_LOOKALIKES:
            b.text = "0"  # a lone 'O' is a zero in a figure column; the identities confirm it
        elif b.text in _DASHES and b.x1 - b.x0 < 3 * b.h:
            b.text = "—"  # a lone dash: zero, as printed
    return [b for b in boxes if b.text]


def _table_bands(img, angle: float, unit: float):
    """(bands, cut_top, cut_bottom): the rows of the page's ruled tables, with those cut by
    the page's top and bottom edges (or None); none on a page still turned."""
    bands = []
    cut_top = cut_bottom = None
    if abs(angle) < 0.004:
        rule_ys = rules(img)
        bands = _bands(rule_ys, unit)
        cut_top, cut_bottom = open_bands(img, rule_ys, unit)
        bands = ([cut_top] if cut_top else []) + bands + ([cut_bottom] if cut_bottom else [])
    return bands, cut_top, cut_bottom


def _group_boxes(boxes: list[Box], bands, unit: float):
    """(groups, banded): the boxes top to bottom in groups, one a line, those inside a band
    one group each; `banded` maps a band's index to its group."""
    boxes.sort(key=lambda b: b.yc)
    groups: list[list[Box]] = []
    banded: dict[int, list[Box]] = {}
    for b in boxes:
        k = next((i for i, (top, bottom) in enumerate(bands) if top < b.yc < bottom), None)
        if k is not None:
            if k not in banded:
                banded[k] = []
                groups.append(banded[k])
            banded[k].append(b)
            continue
        if groups and id(groups[-1]) not in {id(v) for v in banded.values()} and \
                abs(b.yc - statistics.median(x.yc for x in groups[-1])) < 0.5 * unit:
            groups[-1].append(b)
        else:
            groups.append([b])
    return groups, banded


def join_cut_rows(pages: list[list[Line]]) -> None:
    """A table row cut by a page break, its parts at the foot of one page and the top of the
    next, made one row again: cell by cell, text joined, a figure from the part that has it."""
    for prev, cur in zip(pages, pages[1:]):
        a = next((ln for ln in reversed(prev) if ln.cut == "bottom"), None)
        b = next((ln for ln in cur if ln.cut == "top"), None)
        if a is None or b is None:
            continue
        merged = list(a.boxes)
        for box in b.boxes:
            same = [m for m in merged if min(m.x1, box.x1) - max(m.x0, box.x0) > 0]
            if len(same) == 1 and not same[0].numeric and not box.numeric:
                m = same[0]
                merged[merged.index(m)] = Box(m.text + box.text, min(m.score, box.score),
                                              min(m.x0, box.x0), max(m.x1, box.x1), m.yc,
                                              m.h, m.quad)
            elif not same or all(m.blank for m in same):
                merged = [m for m in merged if m not in same]
                merged.append(Box(box.text, box.score, box.x0, box.x1, a.yc, box.h,
                                  box.quad, blank=box.blank))
            else:
                return  # a figure on both sides: not one row cut in two; leave as read
        a.boxes = sorted(merged, key=lambda x: x.x0)
        cur.remove(b)


_RULE_CHARS = re.compile(r"[|丨｜│]+")


def _split_at_rules(b: Box) -> list[Box]:
    """A box read across a cell's border ('行政规范性文件|62'): its parts, placed along it in
    proportion to their length."""
    if not _RULE_CHARS.search(b.text):
        return [b]
    out = []
    n = len(b.text)
    for m in re.finditer(r"[^|丨｜│]+", b.text):
        part = m.group().strip()
        if not part:
            continue
        x0 = b.x0 + (b.x1 - b.x0) * m.start() / n
        x1 = b.x0 + (b.x1 - b.x0) * m.end() / n
        out.append(Box(part, b.score, x0, x1, b.yc, b.h, b.quad))
    return out


def _columns(lines: list[Line], unit: float) -> list[float]:
    """x centres of the figure columns of a page: figures of two or more rows aligned."""
    xs = sorted(b.xc for ln in lines for b in ln.numbers if len(ln.numbers) >= 2)
    cols: list[list[float]] = []
    for x in xs:
        if cols and x - statistics.mean(cols[-1]) < 0.9 * unit:
            cols[-1].append(x)
        else:
            cols.append([x])
    return [statistics.mean(c) for c in cols]


def _unrotate(x: float, y: float, angle: float) -> tuple[float, float]:
    cos, sin = math.cos(angle), math.sin(angle)
    return x * cos - y * sin, x * sin + y * cos


def _crop(img, xc: float, yc: float, w: float, h: float, angle: float):
    x, y = _unrotate(xc, yc, angle)
    return img.crop((int(x - w / 2), int(y - h / 2), int(x + w / 2), int(y + h / 2)))


def _without_rules(crop):
    """The crop with the table's ruling lines (dark across most of it) painted white."""
    import numpy as np
    from PIL import Image

    a = np.asarray(crop).copy()
    dark = a < 140
    if a.size == 0:
        return crop
    cols = dark.mean(axis=0) > 0.55
    rows = dark.mean(axis=1) > 0.55
    for k in np.nonzero(cols)[0]:
        a[:, max(0, k - 1):k + 2] = 255
    for k in np.nonzero(rows)[0]:
        a[max(0, k - 1):k + 2, :] = 255
    return Image.fromarray(a)


def _ink(crop) -> int:
    import numpy as np

    a = np.asarray(crop)
    return int((a < 110).sum())


def read_alone(crop) -> tuple[str, float]:
    """A cell read by itself (recognition only, no detection)."""
    import numpy as np

    from PIL import ImageOps

    a = np.asarray(crop)
    ys, xs = np.nonzero(a < 140)
    if len(xs):  # to the ink, then white around it, as wide as a line of text
        crop = crop.crop((int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1))
    h = max(crop.height, 8)
    side = max(int(h * 0.4), 4)
    padded = ImageOps.expand(crop, border=side, fill=255)
    extra = max(0, (padded.height * 3 - padded.width) // 2)
    padded = ImageOps.expand(padded, border=(extra, 0, extra, 0), fill=255)
    res, _ = engine()(np.asarray(padded.convert("RGB")), use_det=False, use_cls=False)
    if not res:
        return "", 0.0
    text, score = res[0][0].strip(), float(res[0][1])
    if text in _ZERO_LOOKALIKES:
        text = "0"  # a lone round glyph in a figure cell; the identities confirm it
    return unicodedata.normalize("NFKC", text).strip(), score


def fill_missed(img, lines: list[Line], angle: float, path: str) -> None:
    """Look again, cell by cell, where a table row lacks a figure its neighbours have."""
    all_boxes = [b for ln in lines for b in ln.boxes]
    if not all_boxes:
        return
    unit = statistics.median(b.h for b in all_boxes)
    cols = _columns(lines, unit)
    support = [sum(1 for ln in lines if len(ln.numbers) >= 2 and
                   any(_col_of(b.xc, cols, unit) == i for b in ln.numbers))
               for i in range(len(cols))]
    numeric = [ln for ln in lines if ln.numbers and len(ln.numbers) >= 2 or
               (ln.numbers and any(len(o.numbers) >= 2 for o in lines
                                   if abs(o.index - ln.index) <= 2))]
    for k, ln in enumerate(numeric):
        wanted = _wanted_columns(ln, numeric[max(0, k - 3):k + 4], cols, support, unit)
        probes = [(cols[c], c) for c in sorted(wanted)]
        more, gaps = _gap_probes(ln, cols)
        probes += more
        if not probes:
            continue
        found = read_strip(img, ln, [x for x, _ in probes], unit, angle)
        for cx, c_idx in sorted(probes):
            spacing = min([abs(cx - o) for o in cols if abs(o - cx) > unit] or [4 * unit])
            if c_idx is None:
                spacing = min(spacing, statistics.median(gaps))
            _fill_cell(img, ln, cx, c_idx, found, spacing, support, unit, angle, path)


def _wanted_columns(ln: Line, around: list[Line], cols: list[float], support: list[int],
                    unit: float) -> set[int]:
    """The figure columns where the row `ln` lacks a figure that the rows near it (`around`,
    within a few lines) have, or, in a ruled table, that three rows of the page have."""
    near = [o for o in around if o is not ln and abs(o.yc - ln.yc) < 8 * unit]
    above = [o for o in near if o.yc < ln.yc]
    below = [o for o in near if o.yc > ln.yc]
    have = {_col_of(b.xc, cols, unit) for b in ln.numbers}
    label_end = max((b.x1 for b in ln.boxes if not b.numeric), default=0)
    wanted = set()
    for c_idx, cx in enumerate(cols):
        if c_idx in have or cx < label_end:
            continue
        votes_above = any(_col_of(b.xc, cols, unit) == c_idx
                          for o in above[-3:] for b in o.numbers)
        votes_below = any(_col_of(b.xc, cols, unit) == c_idx
                          for o in below[:3] for b in o.numbers)
        if votes_above or votes_below or (ln.ruled and support[c_idx] >= 3):
            wanted.add(c_idx)
    return wanted


def _gap_probes(ln: Line, cols: list[float]) -> tuple[list[tuple[float, None]], list[float]]:
    """(probes, gaps): places between two of the row's figures where, by the row's own step,
    a figure is missing away from every column; and the gaps between its figures."""
    probes: list[tuple[float, None]] = []
    xs = sorted(b.xc for b in ln.numbers)
    gaps = [b - a for a, b in zip(xs, xs[1:])]
    if len(gaps) >= 3:
        step = statistics.median(gaps)
        for a, g in zip(xs, gaps):
            n = round(g / step)
            if n >= 2 and g > 1.5 * step:
                for j in range(1, n):
                    x = a + g * j / n
                    if all(abs(x - px) > 0.45 * step for px in cols):
                        probes.append((x, None))  # between two columns of this row
    return probes, gaps


def _fill_cell(img, ln: Line, cx: float, c_idx: int | None, found: list[Box], spacing: float,
               support: list[int], unit: float, angle: float, path: str) -> None:
    """The cell of row `ln` at `cx` filled from the row's second reading (`found`): a figure,
    a blank, a dash or slash printed for zero; ink that reads as none of them is refused."""
    hit = [b for b in found if abs(b.xc - cx) < max(0.8 * unit, 0.35 * spacing)]
    if len(hit) == 1 and hit[0].text in ("1", "l", "I") and _is_slash(
            _without_rules(_crop(img, hit[0].xc, ln.yc, 1.5 * unit, 1.3 * unit,
                                 angle)), unit):
        hit[0].text = "/"  # a leaning stroke is the '/' printed for zero, not a 1
    if len(hit) == 1 and hit[0].numeric:
        ln.boxes.append(hit[0])
        ln.boxes.sort(key=lambda b: b.x0)
        return
    cell = _ruled_cell(img, ln, cx, spacing, unit, angle)
    if cell == "filled":
        return  # the probe fell on a ruled cell that already has its figure: none missing
    if cell is not None and not hit:
        cx, w = (cell[0] + cell[1]) / 2, cell[1] - cell[0]
        crop = _without_rules(_crop(img, cx, ln.yc, w, 1.3 * unit, angle))
        again = read_cell(crop, unit)
        if again is not None:
            ln.boxes.append(Box(again[0], again[1], cell[0], cell[1], ln.yc, unit))
            ln.boxes.sort(key=lambda b: b.x0)
            return
    else:
        w = min(0.9 * spacing, 3 * unit)
        crop = _without_rules(_crop(img, cx, ln.yc, w, 1.3 * unit, angle))
    if _ink(crop) < unit * 0.6 and not hit:
        if c_idx is not None and support[c_idx] >= 2:
            ln.boxes.append(Box("", 1.0, cx - unit / 2, cx + unit / 2, ln.yc, unit,
                                blank=True))
            ln.boxes.sort(key=lambda b: b.x0)
        return  # a blank cell (or no cell: a wide gap between two columns)
    mark = "—" if _is_dash(crop, unit) else "/" if _is_slash(crop, unit) else None
    if not hit and mark:
        ln.boxes.append(Box(mark, 0.9, cx - unit / 2, cx + unit / 2, ln.yc, unit))
        ln.boxes.sort(key=lambda b: b.x0)
        return
    text = " ".join(b.text for b in hit)
    label = "".join(b.text for b in ln.boxes if not b.numeric) or "(no label)"
    raise IngestError(
        f"a cell of a scanned table holds something that does not read as a figure "
        f"({text!r}); gongkai does not guess",
        file=path, row=f"{label!r} on page {ln.page}",
        column=f"the figure at {round(cx)} px across the page", found=repr(text),
        expected="a figure read with confidence")


def _row_borders(img, boxes: list[Box], angle: float) -> list[tuple]:
    """The vertical ruling lines across the whole width of a ruled row of `boxes`."""
    yc = statistics.median(b.yc for b in boxes)
    line = Line(0, 0, [Box("", 1.0, 0, 1, yc, statistics.median(b.h for b in boxes))])
    return _vertical_rules(img, line, img.width / 2, img.width / 2, angle)


def _vertical_rules(img, ln: Line, cx: float, reach: float, angle: float) -> list[tuple]:
    """The vertical ruling lines across row `ln` within `reach` of `cx`: (x0, x1) spans in
    page pixels, each dark all the row's height."""
    import numpy as np

    strip = np.asarray(_crop(img, cx, ln.yc, 2 * reach, 1.2 * statistics.median(
        b.h for b in ln.boxes), angle)) < 150
    if strip.size == 0:
        return []
    left = int(_unrotate(cx, ln.yc, angle)[0] - reach)  # the strip's left edge, page pixels
    xs = np.nonzero(strip.mean(axis=0) > 0.9)[0]
    spans: list[list[int]] = []
    for x in xs:
        if spans and x - spans[-1][1] <= 2:
            spans[-1][1] = x
        else:
            spans.append([x, x])
    return [(float(left + a), float(left + b + 1)) for a, b in spans]


def _ruled_cell(img, ln: Line, cx: float, spacing: float, unit: float, angle: float):
    """The cell of a ruled row around `cx`, as (x0, x1) inside its borders; "filled" when
    that cell (or, `cx` on a border, each cell beside it) already has a figure of the row;
    None when the row has no borders there to go by."""
    if not ln.ruled:
        return None
    spans = _vertical_rules(img, ln, cx, max(2 * spacing, 4 * unit), angle)
    cells = [(a[1] + 2, b[0] - 2) for a, b in zip(spans, spans[1:]) if b[0] - a[1] > unit / 2]
    on_rule = any(a - 0.3 * unit <= cx <= b + 0.3 * unit for a, b in spans)
    around = [c for c in cells if c[0] <= cx <= c[1]]
    if on_rule:
        around = [c for c in cells if abs(c[1] - cx) < 0.5 * unit or abs(c[0] - cx) < 0.5 * unit]
    if not around:
        return None
    empty = [c for c in around if not any(c[0] <= b.xc <= c[1] for b in ln.numbers)]
    if not empty:
        return "filled"
    return empty[0] if len(empty) == 1 else None


def read_cell(crop, unit: float) -> tuple[str, float] | None:
    """A cell's figure read by itself, its ink padded white to a square (a lone narrow glyph
    padded wider reads as wrong characters), as it is and upscaled: (text, confidence) when
    both readings give the same figure with confidence, else None (the caller refuses)."""
    import numpy as np
    from PIL import Image, ImageOps

    ys, xs = np.nonzero(np.asarray(crop) < 140)
    if _ink(crop) < unit * 0.6 or not len(xs):
        return None
    ink = crop.crop((int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1))
    padded = ImageOps.expand(ink, border=max(int(ink.height * 0.2), 3), fill=255)
    extra = max(0, (padded.height - padded.width) // 2)
    padded = ImageOps.expand(padded, border=(extra, 0, extra, 0), fill=255)
    readings = []
    for k in (1, 2):
        big = padded.resize((padded.width * k, padded.height * k), Image.BICUBIC)
        res, _ = engine()(np.asarray(big.convert("RGB")), use_det=False, use_cls=False)
        text = unicodedata.normalize("NFKC", res[0][0]).strip() if res else ""
        readings.append((text, float(res[0][1]) if res else 0.0))
    if len({t for t, _ in readings}) != 1 or not _NUM.match(readings[0][0]):
        return None
    score = min(s for _, s in readings)
    return (readings[0][0], score) if score >= 0.9 else None


def _is_dash(crop, unit: float) -> bool:
    """The cell's ink is one flat stroke: a dash printed for zero."""
    import numpy as np

    a = np.asarray(crop) < 110
    ys, xs = np.nonzero(a)
    if not len(xs):
        return False
    h, w = ys.max() - ys.min() + 1, xs.max() - xs.min() + 1
    return h <= 0.25 * unit and w >= 0.4 * unit and a.sum() >= 0.6 * h * w


def _is_slash(crop, unit: float) -> bool:
    """The cell's ink is one thin stroke leaning right: a '/' printed for zero."""
    import numpy as np

    a = np.asarray(crop) < 110
    ys, xs = np.nonzero(a)
    if len(xs) < 8:
        return False
    h, w = ys.max() - ys.min() + 1, xs.max() - xs.min() + 1
    if h < 0.5 * unit or w > 0.8 * h or a.sum() > 0.45 * h * w:
        return False
    return float(np.corrcoef(xs, ys)[0, 1]) < -0.8


def read_strip(img, ln: Line, xs: list[float], unit: float, angle: float,
                scale: float = 1.5) -> list[Box]:
    """Boxes of one row read again on its own, as a strip across the page (a lone figure the
    page's reading missed is found there)."""
    import numpy as np

    x0 = min([b.x0 for b in ln.numbers] + xs) - 2 * unit
    x1 = max([b.x1 for b in ln.numbers] + xs) + 2 * unit
    strip = _crop(img, (x0 + x1) / 2, ln.yc, x1 - x0, 2.0 * unit, angle)
    big = strip.resize((int(strip.width * scale), int(strip.height * scale)))
    results, _ = engine()(np.asarray(big.convert("RGB")), use_cls=False)
    out = []
    for quad, text, score in results or []:
        text = text.strip()
        if text in _ZERO_LOOKALIKES:
            text = "0"
        elif text in _DASHES:
            text = "—"
        bx0 = min(p[0] for p in quad) / scale + x0
        bx1 = max(p[0] for p in quad) / scale + x0
        out.append(Box(unicodedata.normalize("NFKC", text), float(score), bx0, bx1, ln.yc,
                       unit))
    return out


def _col_of(x: float, cols: list[float], unit: float) -> int | None:
    best = min(range(len(cols)), key=lambda i: abs(cols[i] - x), default=None)
    if best is None or abs(cols[best] - x) > 1.2 * unit:
        return None
    return best


_SUB_ITEM = re.compile(r"^\d+[.．、]\D")
_WORDS = re.compile(r"[\u3400-\u9fff]")


def drop_group_fragments(lines: list[Line]) -> list[Line]:
    """Lines without the fragments of a group label printed down a merged cell to the left of
    the numbered lines ('三、本' / '年度办' / '理结果', '处理'): read in line order they would
    cut into the wrapped label of the row beside them. The template gives each row its group."""
    starts = [b.x0 for ln in lines for b in ln.boxes if _SUB_ITEM.match(b.text)]
    if len(starts) < 3:
        return lines
    col = statistics.median(starts)
    out = []
    for ln in lines:
        if not ln.numbers and all(b.x1 < col for b in ln.boxes) and \
                len(_WORDS.findall("".join(b.text for b in ln.boxes))) <= 4:
            continue
        out.append(ln)
    return out


_BLOCK_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|"
                          r"\d+[、.．](?!\d))")


def to_rows(lines: list[Line], width: float) -> list[Row]:
    """Lines as prose rows in reading order, a paragraph's wrapped lines joined again."""
    from ..layout import is_footer

    rows: list[Row] = []
    prev: Line | None = None
    for ln in lines:
        text = ln.text()
        if not text or is_footer(text):
            continue
        tabular = len(ln.numbers) >= 2
        if tabular or ln.ruled:
            # a table row: its cells as read (a cell printed empty stays empty)
            rows.append(Row(ln.cells(), where=ln.where, places=ln.places()))
            prev = ln
            continue
        if (prev is not None and rows and not tabular and len(prev.numbers) < 2 and
                prev.x1 >= width - 0.04 * width and not _BLOCK_START.match(text)):
            rows[-1].cells[0] += text
        else:
            rows.append(Row([text], prose=True, where=ln.where,
                            places=[place_of(ln.page, ln.boxes)]))
        prev = ln
    return rows


def read(path: str, raw: bytes) -> Document:
    """A scanned PDF as a document, carrying its OCR lines and page images (`doc.scan`) for
    the extractor to confirm every figure before it reads one (see the module's docstring)."""
    doc, pages, images = recognise(path, raw)
    doc.scan = (pages, images)
    return doc


def recognise(path: str, raw: bytes):
    """The scanned PDF as read by OCR, not yet confirmed: (document, lines by page, (image,
    rotation) by page)."""
    pages: list[list[Line]] = []
    images = []
    rows: list[Row] = []
    for pno, img in enumerate(render_pages(raw), 1):
        img = deskew(img)
        lines, angle = page_lines(img, pno)
        pages.append(lines)
        images.append((img, angle))
    join_cut_rows(pages)
    for k, (lines, (img, angle)) in enumerate(zip(pages, images)):
        fill_missed(img, lines, angle, path)
        pages[k] = lines = drop_group_fragments(lines)
        width = max((ln.x1 for ln in lines), default=img.width)
        rows.extend(to_rows(lines, width))
    if not any(r.text.strip() for r in rows):
        raise IngestError("the PDF has no text layer and OCR found no text on its pages",
                          file=path, expected="a report, printed or scanned")
    doc = Document(path=path, rows=rows, raw=raw, format="pdf", media_type="application/pdf",
                   encoding="", title="")
    return doc, pages, images


def image_only(raw: bytes) -> bool:
    """True when the PDF's pages carry no text at all (a scan)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        return all(not page.chars for page in pdf.pages)
