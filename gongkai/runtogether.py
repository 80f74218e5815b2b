"""Read a report whose page text came as one line, its table cells run together.

A report copied as a web page's text content has everything on one line: headings inline,
and the cells of a table row with nothing between them (`21710000218` for 217 1 0 0 0 0 218).
This module finds the section headings and the template's row labels inside the line, takes
the run of figures after each label, and splits every run into the row's cells.

The split is an exact search, never a guess. Every way of cutting a row's run into its cells
is considered in which each cell is a well-formed figure (`0` is a cell of its own, a cell of
several digits never starts with 0, a note in parentheses or a dash for zero ends a cell) and
the template's identities hold (`template.IDENTITIES`, the single source of truth):

1. Row by row, the identities inside one run (a row's 总计 = the sum of its other cells; each
   group of section 四) are solved total first: the total's digits are chosen, then the parts
   are cut with the remaining sum as a bound (a part never exceeds what is left, and the digits
   still to cut give a least and a greatest possible sum).
2. Across rows, the identities between runs (the columns of section 三) are solved as a small
   constraint problem: each run's readings are its domain; bounds propagation narrows every
   domain by each identity's interval until nothing changes, then the smallest domain is
   branched on. All solutions are counted (up to a cap).
3. Only when the identities leave more than one reading, the figures the prose restates
   (`template.HIGHLIGHTS`: 本年度制发行政规范性文件62件…) are added as further equations.

One solution: it is read. None, or several: the report is refused, naming the table, the rows
and the cells that stay open, and the readings found.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import product

from . import template as T
from .document import Document, Row
from .errors import IngestError
from .prose import read_highlights
from .sections import split_sections

Term = tuple[str, str, str]

MAX_READINGS = 20000  # readings of one run beyond which a run is refused as unreadable
MAX_SOLUTIONS = 64  # solutions of a table counted before stopping (enough to name the open cells)

_SPACE = re.compile(r"\s")
_DASHES = "—―－-–‐/／"
_UNITS = ("万元", "件", "个", "项", "次", "条")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NUMERALS = "一二三四五六"
_KEEP = set("，")  # kept as printed: a Chinese comma is never a thousands separator

SECTION_KEYS = T.SECTION_KEYS


# ------------------------------------------------------------------ the page's text, flattened

def _nfkc(ch: str) -> str:
    """One character NFKC'd (full-width digits and brackets to ASCII), or as printed."""
    if ch in _KEEP:
        return ch
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch


@dataclass
class Flat:
    """The text without whitespace, each character NFKC'd, with its position in the original."""

    original: str
    text: str
    pos: list[int]

    @classmethod
    def of(cls, original: str) -> "Flat":
        chars, pos = [], []
        for i, ch in enumerate(original):
            if _SPACE.match(ch):
                continue
            chars.append(_nfkc(ch))
            pos.append(i)
        return cls(original, "".join(chars), pos)

    def slice(self, a: int, b: int) -> str:
        """The original text of flat[a:b], whitespace runs with a line break dropped."""
        if a >= b:
            return ""
        raw = self.original[self.pos[a]:self.pos[b - 1] + 1]
        raw = re.sub(r"[ \t\u00a0\u3000]*\n\s*", "", raw)
        return re.sub(r"[ \t\u00a0\u3000]+", " ", raw).strip()

    def spaced(self, a: int) -> bool:
        """Whether whitespace stood before flat[a] in the original (after flat[a-1])."""
        return 0 < a < len(self.pos) and self.pos[a] - self.pos[a - 1] > 1

    def line(self, a: int) -> int:
        if not self.pos:
            return 1
        return self.original.count("\n", 0, self.pos[min(a, len(self.pos) - 1)]) + 1


def _label_pattern(label: str) -> str:
    out = []
    for ch in re.sub(r"\s+", "", label):
        ch = _nfkc(ch)
        if ch in "“”\"'‘’「」『』":
            out.append("[“”\"'‘’「」『』]?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _numbering_pattern(number: str) -> str:
    n = unicodedata.normalize("NFKC", number)
    if not n:
        return ""
    if n[0] == "(":
        return r"\(" + re.escape(n[1:-1]) + r"\)"
    return re.escape(n[:-1]) + r"[.、．]"


@functools.lru_cache(maxsize=None)
def _member_regex(member) -> re.Pattern:
    labels = sorted({member.label, *member.aliases}, key=len, reverse=True)
    alts = "|".join(_label_pattern(x) for x in labels)
    num = _numbering_pattern(member.number)
    short = len(re.sub(r"[“”\"'‘’]", "", member.label)) <= 2
    if num and short:
        return re.compile(f"(?:{num})(?:{alts})")
    if num:
        return re.compile(f"(?:{num})?(?:{alts})")
    return re.compile(f"(?:{alts})")


_SECTION_RE = [
    re.compile(rf"{_NUMERALS[i]}[、.][^。；;，,:：\d]{{0,24}}?(?:{'|'.join(SECTION_KEYS[c])})")
    for i, (c, _, _) in enumerate(T.SECTIONS)
]
_HEADING_TAIL = re.compile(r"[^。；;，,:：\d]{0,14}?(?:情况|事项)")


def find_sections(flat: Flat) -> list[tuple[int, int]] | None:
    """(start, end) of the six section headings in the flat text, in order; None if one is
    absent."""
    out, pos = [], 0
    for i, (code, printed, _) in enumerate(T.SECTIONS):
        m = _SECTION_RE[i].search(flat.text, pos)
        if not m:
            return None
        start, end = m.start(), m.end()
        whole = re.compile(_label_pattern(printed)).match(flat.text, start)
        if whole:
            end = whole.end()
        else:
            tail = _HEADING_TAIL.match(flat.text, end)
            if tail:
                end = tail.end()
        out.append((start, end))
        pos = end
    return out


def looks_run_together(text: str) -> bool:
    """Text whose table rows have label and figures glued, seven cells or more without a gap."""
    norm = unicodedata.normalize("NFKC", text)
    for member in T.REQUEST_ROWS:
        if len(member.label) < 6:
            continue
        pat = _label_pattern(member.label)
        if re.search(pat + r"[0-9]{7,}", norm):
            return True
    return False


def headings_inline(text: str) -> bool:
    """Text whose six section headings are all there, in order, but none begins a line (a
    page's text content on one line, its cells apart or not): only this reader finds them."""
    starts = [_SECTION_RE[i].match(_SPACE.sub("", unicodedata.normalize("NFKC", line)))
              for line in text.splitlines() for i in range(len(_SECTION_RE))]
    return not any(starts) and find_sections(Flat.of(text)) is not None


# ------------------------------------------------------------------ runs of figures

@dataclass
class Run:
    """The figures after one label, to be cut into `terms` (one cell each)."""

    table: str
    terms: list[Term]
    chars: str  # digits, '.', ',' and 'z' (a dash printed for zero: a cell of its own)
    cuts: frozenset[int]  # positions where a cell must end (after a note, around a dash)
    notes: dict[int, str]  # position of a cell's end -> the note printed after it
    printed: dict[int, str]  # position of a 'z' -> the dash as printed
    decimal: tuple[bool, ...]  # per term: may the cell carry decimals?
    where: str = ""  # row(s), for messages
    line: int = 1
    readings: list = field(default_factory=list)

    def cell_text(self, a: int, b: int) -> str:
        if self.chars[a:b] == "z":
            return self.printed.get(a, "—")
        text = self.chars[a:b]
        if b in self.notes:
            text += f"（{self.notes[b]}）"
        return text

    def shown(self, spans) -> str:
        return "|".join(self.cell_text(a, b) for a, b in spans)

    def as_read(self) -> str:
        """The run's characters, a space where a cell must end (a gap, a note, a dash)."""
        return "".join((" " if k in self.cuts and k else "") +
                       (self.printed.get(k, "—") if ch == "z" else ch)
                       for k, ch in enumerate(self.chars))


def scan_run(flat: Flat, start: int, stop: int) -> tuple[str, set[int], dict, dict, int]:
    """The figures from `start` (a label's end): chars, cuts, notes, dashes, and where they end."""
    text = flat.text
    chars: list[str] = []
    cuts: set[int] = set()
    notes: dict[int, str] = {}
    dashes: dict[int, str] = {}
    i = start
    while i < stop:
        ch = text[i]
        if chars and i > start and flat.spaced(i):
            cuts.add(len(chars))  # cells apart in the page's text: a cell ends at the gap
        if ch.isdigit() or (ch in ".," and chars and chars[-1].isdigit()):
            chars.append(ch)
            i += 1
            continue
        if ch in _DASHES:
            j = i
            while j < stop and text[j] in _DASHES:
                j += 1
            if chars:
                cuts.add(len(chars))
            dashes[len(chars)] = flat.slice(i, j)
            chars.append("z")
            cuts.add(len(chars))
            i = j
            continue
        unit = next((u for u in _UNITS if text.startswith(u, i)), None)
        if unit and chars and chars[-1].isdigit():
            cuts.add(len(chars))  # a count printed with its unit: '14件'
            i += len(unit)
            continue
        if ch == "(" and chars and chars[-1] != "z":
            close = text.find(")", i, min(stop, i + 80))
            inner = text[i + 1:close] if close > 0 else ""
            if close > 0 and "(" not in inner and _CJK.search(inner) and \
                    not re.fullmatch(r"[一二三四五六七八九十]+", inner):
                notes[len(chars)] = flat.slice(i + 1, close)
                cuts.add(len(chars))
                i = close + 1
                continue
        break
    while chars and chars[-1] in ".,":
        chars.pop()
        i -= 1
    return "".join(chars), cuts, notes, dashes, i


_INT = re.compile(r"0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+")
_DEC = re.compile(r"(?:0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?")


def cell_value(text: str, decimal: bool) -> int | float | None:
    """The value of a cut cell, or None when no figure is printed so."""
    if text == "z":
        return 0
    if not (_DEC if decimal else _INT).fullmatch(text):
        return None
    text = text.replace(",", "")
    return float(text) if "." in text else int(text)


# ------------------------------------------------------------------ identities as equations

@dataclass(frozen=True)
class Equation:
    """sum(plus) - sum(minus) == const; `name` says where it comes from."""

    name: str
    plus: tuple[Term, ...]
    minus: tuple[Term, ...]
    const: float = 0


@functools.lru_cache(maxsize=None)
def _identity_equations(table: str, form: str) -> tuple[Equation, ...]:
    return tuple(Equation(i.id, i.lhs, i.rhs) for i in T.format_of(form).identities
                 if all(t[0] == table for t in i.lhs + i.rhs))


def identity_equations(table: str, form: T.Format = T.FORMAT_2021) -> list[Equation]:
    """The identities of a national format between the cells of one table."""
    return list(_identity_equations(table, form.code))


def format_of_text(flat: "Flat", heads: list[tuple[int, int]]) -> T.Format:
    """The national format of the report: the one for the year its title states (the text
    before the first heading); the 2021 format when no year is found there."""
    m = re.search(r"(\d{4})年度?", flat.text[:heads[0][0]])
    return (T.format_for_year(int(m.group(1))) if m else None) or T.FORMAT_2021


# ------------------------------------------------------------------ one run: its readings

def _sum_groups(run: Run, equations: list[Equation]) -> tuple[list, list[Equation]]:
    """Blocks of the run: ('group', first, last) where cells first..last-1 sum to cell last,
    or ('free', k); and the run's own equations not of that shape (checked afterwards)."""
    index = {t: k for k, t in enumerate(run.terms)}
    groups: dict[int, int] = {}
    rest = []
    for eq in equations:
        terms = eq.plus + eq.minus
        if terms[0] not in index or not all(t in index for t in terms):
            continue
        if len(eq.plus) == 1 and eq.const == 0:
            total = index[eq.plus[0]]
            parts = sorted(index[t] for t in eq.minus)
            if parts and parts == list(range(parts[0], total)) and \
                    not any(run.decimal[k] for k in parts + [total]) and parts[0] not in groups:
                groups[parts[0]] = total
                continue
        rest.append(eq)
    blocks, k = [], 0
    while k < len(run.terms):
        if k in groups:
            blocks.append(("group", k, groups[k]))
            k = groups[k] + 1
        else:
            blocks.append(("free", k))
            k += 1
    return blocks, rest


def _cell_ends(run: Run, a: int, limit: int):
    """Possible ends b of a cell starting at a (b <= limit), in increasing order."""
    s = run.chars
    if a >= limit:
        return
    if s[a] == "z":
        yield a + 1
        return
    for b in range(a + 1, limit + 1):
        yield b
        if b in run.cuts or s[b - 1] == "z" or (b < len(s) and s[b] == "z"):
            return
        if s[a] == "0" and b == a + 1 and (b >= len(s) or s[b] not in ".,"):
            return


def _min_sum(length: int, cells: int) -> int:
    """The least sum of `cells` cells cut from `length` digits (one cell gets ceil(len/cells))."""
    longest = -(-length // cells)
    return 10 ** (longest - 1) if longest >= 2 else 0


def _parts(run: Run, a: int, j: int, count: int, rem: int, dec: bool = False):
    """Cuts of chars[a:j] into `count` integer cells summing to `rem`: lists of spans."""
    if count == 0:
        if a == j and rem == 0:
            yield []
        return
    if j - a < count:
        return
    for b in _cell_ends(run, a, j - (count - 1)):
        v = cell_value(run.chars[a:b], dec)
        if v is None:
            continue
        if v > rem:
            if run.chars[a] != "z":
                break
            continue
        left = rem - v
        length = j - b
        if count - 1 == 0:
            if length or left:
                continue
        else:
            if length < count - 1:
                continue
            if "," not in run.chars and left < _min_sum(length, count - 1):
                continue
            if left > 10 ** (length - (count - 1) + 1) + 9 * count:
                continue
        for tail in _parts(run, b, j, count - 1, left):
            yield [(a, b), *tail]


def _parts_digits(s: str, a: int, j: int, count: int, rem: int):
    """_parts for a run of plain digits (no note, dash or separator): the common case, fast."""
    if count == 1:
        if (s[a] != "0" or j - a == 1) and int(s[a:j]) == rem:
            yield [(a, j)]
        return
    c = count - 1
    for b in ((a + 1,) if s[a] == "0" else range(a + 1, j - c + 1)):
        v = int(s[a:b])
        if v > rem:
            break
        left, length = rem - v, j - b
        longest = -(-length // c)
        if longest >= 2 and left < 10 ** (longest - 1):
            continue  # the digits left cannot make so small a sum
        if left > 10 ** (length - c + 1) + 9 * c:
            continue  # nor so large a one
        for tail in _parts_digits(s, b, j, c, left):
            yield [(a, b), *tail]


def run_readings(run: Run, equations: list[Equation]) -> list[tuple]:
    """Every reading of a run: a tuple of (start, end) spans, one per term, satisfying the
    run's own identities. Raises IngestError when there are more than MAX_READINGS."""
    blocks, rest = _sum_groups(run, equations)
    try:
        found = _Cutter(run, blocks).from_block(0, 0)
    except _TooMany:
        raise IngestError(
            f"the figures run together and can be cut into cells in more than {MAX_READINGS} "
            f"ways that satisfy the row's identities", table=_table_name(run.table),
            row=run.where, line=run.line, expected="a row whose cells can be told apart",
            found=run.chars) from None
    found = [r for r in found if _cuts_ok(run, r)]
    if rest:
        found = [r for r in found if all(_holds(eq, _values_of(run, r), run) for eq in rest)]
    return found


class _Cutter:
    """Cuts one run into its cells block by block (see _sum_groups), each block's cuts from a
    given start computed once: the readings from (block, start) on are memoised."""

    def __init__(self, run: Run, blocks: list):
        self.run = run
        self.blocks = blocks
        self.n = n = len(run.chars)
        self.memo: dict[tuple[int, int], list] = {}
        # digit sums of every prefix: a total's digits against its parts', mod 9
        self.digits = [0]
        for ch in run.chars:
            self.digits.append(self.digits[-1] + (int(ch) if ch.isdigit() else 0))
        self.plain = run.chars.isdigit() and not any(0 < c < n for c in run.cuts)
        # a cell's length tells its size unless thousands separators are printed in the run
        self.by_length = "," not in run.chars

    def cut(self, a: int, j: int, count: int, rem: int):
        """Cuts of chars[a:j] into `count` cells summing to `rem` (plain digits: the fast way)."""
        if self.plain:
            return _parts_digits(self.run.chars, a, j, count, rem)
        return _parts(self.run, a, j, count, rem)

    def from_block(self, bi: int, a: int) -> list:
        """The readings of blocks bi.. when block bi starts at chars[a]: tuples of spans."""
        key = (bi, a)
        if key in self.memo:
            return self.memo[key]
        out: list = []
        if bi == len(self.blocks):
            out = [()] if a == self.n else []
        elif a >= self.n:
            out = []
        else:
            block = self.blocks[bi]
            later = sum(1 if b[0] == "free" else b[2] - b[1] + 1 for b in self.blocks[bi + 1:])
            if block[0] == "free":
                out = self._free(bi, a, block[1], later)
            else:
                out = self._group(bi, a, block[1], block[2], later)
        self.memo[key] = out
        if len(out) > MAX_READINGS:
            raise _TooMany()
        return out

    def _free(self, bi: int, a: int, k: int, later: int) -> list:
        """A cell tied to no other cell of the run: any well-formed figure, leaving at least a
        character for each of the `later` cells."""
        run, out = self.run, []
        for b in _cell_ends(run, a, self.n - later):
            if cell_value(run.chars[a:b], run.decimal[k]) is None:
                continue
            for tail in self.from_block(bi + 1, b):
                out.append(((a, b), *tail))
                if len(out) > MAX_READINGS:
                    break
        return out

    def _group(self, bi: int, a: int, first: int, total: int, later: int) -> list:
        """Cells first..total-1 and their sum, cell total: the total's digits are chosen first,
        then the parts are cut with it as their sum."""
        count = total - first
        carry = len(str(count - 1)) if count > 1 else 1
        ends = [self.n] if bi == len(self.blocks) - 1 else \
            range(a + count + 1, self.n - later + 1)
        out: list = []
        for e in ends:
            for j, tv in self._totals(a, e, count, carry):
                for parts in self.cut(a, j, count, tv):
                    if not _cuts_ok(self.run, parts + [(j, e)], a, e):
                        continue
                    for tail in self.from_block(bi + 1, e):
                        out.append((*parts, (j, e), *tail))
        return out

    def _totals(self, a: int, e: int, count: int, carry: int):
        """(j, value) of each total chars[j:e] that `count` parts cut from chars[a:j] may sum
        to, longest total first; the bounds below prune without losing a reading."""
        run, by_length = self.run, self.by_length
        for j in range(e - 1, a + count - 1, -1):
            if by_length and e - j > max(1, j - a - count + 1 + carry):
                return  # a total has at most `carry` digits more than its longest part
            if by_length and j - a > count * (e - j):
                continue  # a part would be longer than the total
            if any(c in run.cuts for c in range(j + 1, e)) or \
                    "z" in run.chars[j:e] and e - j > 1:
                continue
            tv = cell_value(run.chars[j:e], False)
            if tv is None or by_length and tv < _min_sum(j - a, count):
                continue
            if (self.digits[j] - self.digits[a] - tv) % 9:
                continue  # a sum is congruent to its digits' sum mod 9, however cut
            yield j, tv


class _TooMany(Exception):
    pass


def _cuts_ok(run: Run, spans, a: int = 0, e: int | None = None) -> bool:
    """Every mandatory cut inside chars[a:e] (the whole run by default) falls at a cell's end."""
    ends = {b for _, b in spans}
    e = len(run.chars) if e is None else e
    return all(c in ends for c in run.cuts if a < c < e)


def _values_of(run: Run, spans) -> dict[Term, int | float]:
    return {t: cell_value(run.chars[a:b], run.decimal[k])
            for k, (t, (a, b)) in enumerate(zip(run.terms, spans))}


def _holds(eq: Equation, values: dict, run=None) -> bool:
    s = sum(values[t] for t in eq.plus) - sum(values[t] for t in eq.minus)
    return abs(s - eq.const) < 1e-9


# ------------------------------------------------------------------ the table: runs together

def solve(runs: list[Run], equations: list[Equation], limit: int = MAX_SOLUTIONS,
          fix: tuple[int, int] | None = None) -> list[list]:
    """Every combination of run readings (one index per run) that satisfies `equations`,
    up to `limit`: bounds propagation over the equations, then branching on the smallest
    domain. `fix` = (run, reading) looks only at solutions with that reading of that run."""
    problem = _Problem(runs, equations)
    solutions: list[list[int]] = []
    domains = [list(range(len(r.readings))) for r in runs]
    if fix is not None:
        domains[fix[0]] = [fix[1]]
    if all(domains) and problem.propagate(domains, set(range(len(runs)))):
        if not problem.by_run and math.prod(len(d) for d in domains) <= limit:
            solutions.extend([list(c) for c in product(*domains)])
        else:
            problem.search(domains, solutions, limit)
    return solutions


class _Problem:
    """The identities between runs as constraints on their readings: each equation as, per
    run, the contribution of each of its readings (`eqs`), and per run the equations it takes
    part in (`by_run`). A domain is the list of a run's readings still possible."""

    def __init__(self, runs: list[Run], equations: list[Equation]):
        self.eqs = _contributions(runs, equations)
        self.by_run: dict[int, list[int]] = {}
        for ei, (_, contrib) in enumerate(self.eqs):
            for ri in contrib:
                self.by_run.setdefault(ri, []).append(ei)

    def propagate(self, domains: list[list[int]], changed: set[int]) -> bool:
        """Narrow the domains (in place) by each equation's interval until nothing changes;
        False when a domain empties or an equation cannot hold."""
        eqs, by_run = self.eqs, self.by_run
        queue = set()
        for ri in changed:
            queue.update(by_run.get(ri, ()))
        while queue:
            ei = queue.pop()
            eq, contrib = eqs[ei]
            lo = {ri: min(contrib[ri][d] for d in domains[ri]) for ri in contrib}
            hi = {ri: max(contrib[ri][d] for d in domains[ri]) for ri in contrib}
            slo, shi = sum(lo.values()), sum(hi.values())
            if not (slo - 1e-9 <= eq.const <= shi + 1e-9):
                return False
            for ri in contrib:
                olo, ohi = slo - lo[ri], shi - hi[ri]
                want_lo, want_hi = eq.const - ohi, eq.const - olo
                if lo[ri] >= want_lo - 1e-9 and hi[ri] <= want_hi + 1e-9:
                    continue
                keep = [d for d in domains[ri]
                        if want_lo - 1e-9 <= contrib[ri][d] <= want_hi + 1e-9]
                if not keep:
                    return False
                if len(keep) != len(domains[ri]):
                    domains[ri] = keep
                    queue.update(by_run.get(ri, ()))
        return True

    def search(self, domains: list[list[int]], solutions: list[list[int]], limit: int) -> None:
        """Branch on the smallest open domain, propagating each choice; solutions are added
        to `solutions` until there are `limit`."""
        if len(solutions) >= limit:
            return
        open_runs = [ri for ri, d in enumerate(domains) if len(d) > 1]
        if not open_runs:
            solutions.append([d[0] for d in domains])
            return
        ri = min(open_runs, key=lambda r: len(domains[r]))
        for d in domains[ri]:
            trial = [list(x) for x in domains]
            trial[ri] = [d]
            if self.propagate(trial, {ri}):
                self.search(trial, solutions, limit)
            if len(solutions) >= limit:
                return


def _contributions(runs: list[Run], equations: list[Equation]) -> list[tuple[Equation, dict]]:
    """Each equation whose terms are all cells of the runs, with per run (index) the list of
    what each of its readings adds to the equation's left side."""
    where: dict[Term, tuple[int, int]] = {}
    for ri, run in enumerate(runs):
        for k, t in enumerate(run.terms):
            where[t] = (ri, k)
    # each run's values per reading
    values = []
    for run in runs:
        vals = []
        for spans in run.readings:
            vals.append(tuple(cell_value(run.chars[a:b], run.decimal[k])
                              for k, (a, b) in enumerate(spans)))
        values.append(vals)
    eqs = []
    for eq in equations:
        per: dict[int, list[tuple[int, int]]] = {}
        ok = True
        for sign, terms in ((1, eq.plus), (-1, eq.minus)):
            for t in terms:
                if t not in where:
                    ok = False
                    break
                ri, k = where[t]
                per.setdefault(ri, []).append((k, sign))
        if not ok:
            continue
        contrib = {ri: [sum(sign * vals[k] for k, sign in ks) for vals in values[ri]]
                   for ri, ks in per.items()}
        eqs.append((eq, contrib))
    return eqs


def _table_name(code: str) -> str:
    return f"{code} ({T.TABLES[code].heading})"


def _term_name(t: Term, form: T.Format = T.FORMAT_2021) -> tuple[str, str]:
    table, row, col = t
    return (f"{row} ({form.member_label(table, 'row', row)})",
            f"{col} ({form.member_label(table, 'col', col)})")


@dataclass
class TableReading:
    """What run-together text says of one table: the cells it settles ({term: text as
    printed}), the cells it leaves open ({term: the values still possible}) and, unless
    exactly one reading was found, the refusal."""

    table: str
    cells: dict = field(default_factory=dict)
    open: dict = field(default_factory=dict)
    error: IngestError | None = None


def read_table(path: str, table: str, runs: list[Run], prose: list[Equation],
               form: T.Format = T.FORMAT_2021) -> dict:
    """The cells of a table, as printed: {term: cell text}. Refuses unless exactly one reading
    of all its runs satisfies the identities (and, where they leave a choice, the prose)."""
    reading = table_reading(path, table, runs, prose, form)
    if reading.error is not None:
        raise reading.error
    return reading.cells


def table_reading(path: str, table: str, runs: list[Run], prose: list[Equation],
                  form: T.Format = T.FORMAT_2021) -> TableReading:
    try:
        return TableReading(table, _read_table(path, table, runs, prose, form))
    except _Ambiguous as amb:
        return TableReading(table, amb.settled, amb.open, amb.error)
    except IngestError as exc:
        return TableReading(table, error=exc)


class _Ambiguous(Exception):
    def __init__(self, error: IngestError, settled: dict, open_: dict):
        super().__init__(str(error))
        self.error, self.settled, self.open = error, settled, open_


def _read_table(path: str, table: str, runs: list[Run], prose: list[Equation],
                form: T.Format) -> dict:
    equations = identity_equations(table, form)
    for run in runs:
        if not run.chars:
            raise IngestError("the row's label is followed by no figures", file=path,
                              line=run.line, table=_table_name(table), row=run.where,
                              expected=f"{len(run.terms)} figures")
        run.readings = run_readings(run, equations)
        if not run.readings:
            signed = any(form.tables[table].col(t[2]).kind == "change" for t in run.terms) \
                and re.search(r"z\d", run.chars)
            raise IngestError(
                f"the figures run together and cannot be cut into the row's {len(run.terms)} "
                f"cells so that each is a figure and the row's identities hold" +
                ("; a dash before digits may be the minus sign of a change (本年增/减), which "
                 "text run together cannot tell from a dash printed for zero" if signed else ""),
                file=path, line=run.line, table=_table_name(table), row=run.where,
                expected=f"{len(run.terms)} figures", found=repr(run.as_read()))
    solutions = solve(runs, equations)
    if not solutions:
        raise IngestError(
            "the figures run together and no way of cutting the rows into cells satisfies the "
            "template's identities across the rows (the table as printed may break one)",
            file=path, line=runs[0].line, table=_table_name(table),
            expected="one reading that satisfies " +
                     ", ".join(sorted({e.name.split('[')[0] for e in equations})))
    prose_used: list[Equation] = []
    if len(solutions) > 1 and prose:
        settled = solve(runs, equations + prose)
        if settled:  # a prose figure that fits no reading settles nothing
            solutions = settled
            prose_used = prose
    if len(solutions) > 1:
        _refuse_ambiguous(path, table, runs, solutions, equations + prose_used, form)
    out = {}
    for run, ri in zip(runs, solutions[0]):
        for t, (a, b) in zip(run.terms, run.readings[ri]):
            out[t] = run.cell_text(a, b)
    return out


def supported(runs: list[Run], equations: list[Equation], solutions: list) -> list[list[int]]:
    """Per run, the readings that occur in at least one solution (all of them, even when the
    solutions counted stopped at the cap): a cell is settled only if they all agree on it."""
    found = [sorted({s[ri] for s in solutions}) for ri in range(len(runs))]
    if len(solutions) < MAX_SOLUTIONS:
        return found
    out = []
    for ri, run in enumerate(runs):
        known = set(found[ri])
        for d in range(len(run.readings)):
            if d not in known and solve(runs, equations, limit=1, fix=(ri, d)):
                known.add(d)
        out.append(sorted(known))
    return out


def _refuse_ambiguous(path: str, table: str, runs: list[Run], solutions: list,
                      equations: list[Equation], form: T.Format) -> None:
    open_terms: list[Term] = []
    open_runs = []
    settled: dict = {}
    possible: dict = {}
    support = supported(runs, equations, solutions)
    for ri, run in enumerate(runs):
        picks = support[ri]
        vals = [_values_of(run, run.readings[p]) for p in picks]
        for k, t in enumerate(run.terms):
            seen = sorted({v[t] for v in vals})
            if len(seen) == 1:
                a, b = run.readings[picks[0]][k]
                settled[t] = run.cell_text(a, b)
            else:
                possible[t] = seen
                open_terms.append(t)
        if len(picks) > 1:
            open_runs.append((run, picks))
    rows = list(dict.fromkeys(_term_name(t, form)[0] for t in open_terms))
    cols = list(dict.fromkeys(_term_name(t, form)[1] for t in open_terms))
    more = "at least " if len(solutions) >= MAX_SOLUTIONS else ""
    found = "; ".join(f"{run.where}: " + " or ".join(run.shown(run.readings[p])
                                                     for p in picks[:6]) +
                      (" or …" if len(picks) > 6 else "") for run, picks in open_runs)
    cells = ", ".join(f"{t[1]}.{t[2]}" for t in open_terms)
    why = ("satisfy the template's identities and the figures the prose restates"
           if identity_equations(table, form) else
           "are figures, and no identity of the template ties these cells together and no "
           "figure of the prose settles them")
    raise _Ambiguous(IngestError(
        f"the figures run together and {more}{len(solutions)} ways of cutting them into cells "
        f"{why}; the cells that stay open: {cells}", file=path, line=open_runs[0][0].line,
        table=_table_name(table),
        row=", ".join(rows), column=", ".join(cols),
        expected="one reading (a report whose cells are separated reads as printed)",
        found=found), settled, possible)


# ------------------------------------------------------------------ the report, from one line

_TITLE = re.compile(r"\d{4}\s*年度?[^。；，,:：]{0,60}?(?:政府)?信息公开[^。；，,:：]{0,12}?"
                    r"(?:年度报告|年报)")
_NAME_BEFORE = re.compile(r"[\u3400-\u9fff（）()]{1,30}$")
_PARAGRAPH = re.compile(r"(?<=[。；;:：])(?=[(（][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}是|"
                        r"\d{1,2}[.、．](?!\d))")


def _prose_rows(flat: Flat, a: int, b: int) -> list[Row]:
    """Prose between flat[a:b]: a paragraph per line of the original, split again before an
    inline sub-heading ('。（二）…', '。二是…')."""
    rows: list[Row] = []
    if a >= b:
        return rows
    starts = [a]
    for k in range(a + 1, b):
        if flat.original.count("\n", flat.pos[k - 1], flat.pos[k]):
            starts.append(k)
    starts.append(b)
    for s, e in zip(starts, starts[1:]):
        chunk = flat.text[s:e]
        inner = [s + m.start() for m in _PARAGRAPH.finditer(chunk) if 0 < m.start() < len(chunk)]
        for x, y in zip([s, *inner], [*inner, e]):
            text = flat.slice(x, y)
            if text:
                rows.append(Row([text], line=flat.line(x), prose=True))
    return rows


def _front_rows(flat: Flat, b: int) -> list[Row]:
    """Everything before 一、: the title set on a row of its own, wherever it stands."""
    rows = _prose_rows(flat, 0, b)
    out = []
    for r in rows:
        text = r.cells[0]
        m = _TITLE.search(unicodedata.normalize("NFKC", text).replace(" ", ""))
        norm = unicodedata.normalize("NFKC", text).replace(" ", "")
        if not m or len(norm) <= 80:
            out.append(r)
            continue
        name = _NAME_BEFORE.search(norm[:m.start()])
        start = name.start() if name else m.start()
        for piece in (norm[:start], norm[start:m.end()], norm[m.end():]):
            if piece.strip():
                out.append(Row([piece], line=r.line, prose=True))
    return out


def _locate(flat: Flat, members, a: int, b: int) -> list[tuple[object, int, int]]:
    """(member, start, end) of each member's label in flat[a:b], in the template's order."""
    out, pos = [], a
    for m in members:
        found = _member_regex(m).search(flat.text, pos, b)
        if not found:
            raise _Missing(m)
        out.append((m, found.start(), found.end()))
        pos = found.end()
    return out


class _Missing(Exception):
    def __init__(self, member):
        super().__init__(member.label)
        self.member = member


def _run_after(flat: Flat, path: str, table: str, label_end: int, stop: int, terms, decimal,
               where: str) -> Run:
    chars, cuts, notes, dashes, end = scan_run(flat, label_end, stop)
    rest = flat.text[end:stop]
    if re.search(r"\d", rest) and table != "appeals":
        raise IngestError("figures stand apart from the row's figures, behind other text",
                          file=path, line=flat.line(end), table=_table_name(table), row=where,
                          expected=f"the row's {len(terms)} figures right after its label",
                          found=repr(flat.slice(label_end, stop)[:60]))
    return Run(table, list(terms), chars, frozenset(cuts), notes, dashes, tuple(decimal),
               where=where, line=flat.line(label_end))


def _prose_equations(path: str, rows: list[Row], form: T.Format) -> list[Equation]:
    """The figures the prose restates (the format's highlights), as equations on cells."""
    try:
        sections = split_sections(Document(path=path, rows=rows))
    except IngestError:
        return []
    by_code = {h.code: h for h in form.highlights}
    out = []
    for stated in read_highlights(sections, form):
        h = by_code.get(stated.code)
        if h is None or not h.restates or h.share_of:
            continue
        out.append(Equation(f"prose:{h.code}", tuple(h.restates), (), stated.value))
    return out


def read_rows(path: str, text: str) -> list[Row]:
    """The document rows of a report whose text runs together (see module docstring)."""
    return _read(path, text, keep_going=False)


def read_tables(path: str, text: str) -> dict[str, TableReading]:
    """What run-together text says of each table (see TableReading): every table is tried,
    one refusal does not hide the others."""
    return _read(path, text, keep_going=True)


def _read(path: str, text: str, keep_going: bool):
    tables: dict = {}
    flat = Flat.of(text)
    heads = find_sections(flat)
    if heads is None:
        raise IngestError(
            "this does not look like a government information disclosure annual report: its "
            "six section headings were not found in order in the text", file=path,
            expected=f"headings such as {T.SECTIONS[0][1]} and {T.SECTIONS[2][1]}")
    form = format_of_text(flat, heads)
    bounds = [h[0] for h in heads[1:]] + [len(flat.text)]
    rows: list[Row] = _front_rows(flat, heads[0][0])
    table_rows: dict[str, list[Row]] = {}
    runs: dict[str, list[Run]] = {}
    for i, ((code, _, _), (hs, he)) in enumerate(zip(T.SECTIONS, heads)):
        rows.append(Row([flat.slice(hs, he)], line=flat.line(hs), prose=True))
        end = bounds[i]
        if code in T.TABLES:
            rows.append(Row([f"@{code}"], line=flat.line(he)))  # the table's place
            try:
                try:
                    runs[code] = _table_runs(flat, path, code, he, end, form)
                except _Missing as missing:
                    m = missing.member
                    raise IngestError(
                        "the row's label was not found in the text of the section", file=path,
                        line=flat.line(he), table=_table_name(code),
                        row=f"{m.code} ({m.group_label}{m.number}{m.label})",
                        expected="every row label of the template, in order") from None
            except IngestError as exc:
                if not keep_going:
                    raise
                tables[code] = TableReading(code, error=exc)
        else:
            rows.extend(_prose_rows(flat, he, end))
    prose = _prose_equations(path, [r for r in rows if r.prose], form)
    for code, table_runs in runs.items():
        reading = table_reading(path, code, table_runs,
                                [e for e in prose if all(t[0] == code for t in e.plus)], form)
        tables[code] = reading
        if reading.error is not None:
            if keep_going:
                continue
            raise reading.error
        table_rows[code] = _table_rows(code, reading.cells, table_runs, form)
    if keep_going:
        return tables
    out: list[Row] = []
    for r in rows:
        if not r.prose and r.cells and r.cells[0].startswith("@"):
            out.extend(table_rows[r.cells[0][1:]])
        else:
            out.append(r)
    return out


def _table_runs(flat: Flat, path: str, code: str, a: int, b: int, form: T.Format) -> list[Run]:
    t = form.tables[code]
    if code == "proactive":
        measures = {item: ms for _, _, items, ms in form.proactive_blocks for item in items}
        found = _locate(flat, t.rows, a, b)
        out = []
        for k, (m, _, le) in enumerate(found):
            stop = found[k + 1][1] if k + 1 < len(found) else b
            terms = [(code, m.code, x) for x in measures[m.code]]
            out.append(_run_after(flat, path, code, le, stop, terms,
                                  [t.col(x).kind == "amount" for x in measures[m.code]],
                                  f"{m.code} ({m.label})"))
        return out
    if code == "requests":
        found = _locate(flat, t.rows, a, b)
        out = []
        for k, (m, _, le) in enumerate(found):
            stop = found[k + 1][1] if k + 1 < len(found) else b
            # a group heading between two rows ('（三）不予公开') is text, not figures
            terms = [(code, m.code, c.code) for c in t.cols]
            out.append(_run_after(flat, path, code, le, stop, terms, [False] * len(terms),
                                  f"{m.code} ({m.group_label}{m.number}{m.label})"))
        return out
    # appeals: one row of figures after the header, every proceeding's five results
    # the figures follow the header's last label (总计) with nothing between
    after = [x.end() for x in re.finditer(_label_pattern(t.cols[-1].label), flat.text[:b])
             if x.start() >= a and x.end() < b and
             (flat.text[x.end()].isdigit() or flat.text[x.end()] in _DASHES)]
    if not after:
        raise IngestError("no row of figures follows the table's header", file=path,
                          line=flat.line(a), table=_table_name(code),
                          expected=f"{len(t.rows) * len(t.cols)} figures after the header "
                                   f"(… {t.cols[-1].label})")
    start = after[0]
    terms = [(code, p.code, c.code) for p in t.rows for c in t.cols]
    return [_run_after(flat, path, code, start, b, terms, [False] * len(terms),
                       ", ".join(f"{p.code} ({p.label})" for p in t.rows))]


def _table_rows(code: str, cells: dict, runs: list[Run], form: T.Format) -> list[Row]:
    t = form.tables[code]
    where = "table read from figures run together"
    if code == "appeals":
        head = Row([*(p.group_label or p.label for p in t.rows)], line=runs[0].line, where=where)
        return [head, Row([cells[(code, p.code, c.code)] for p in t.rows for c in t.cols],
                          line=runs[0].line, where=where)]
    out = []
    for run in runs:
        row = run.terms[0][1]
        m = t.row(row)
        label = [m.group_label, f"{m.number}{m.label}"] if m.group_label and code == "requests" \
            else [f"{m.number}{m.label}"]
        out.append(Row(label + [cells[x] for x in run.terms], line=run.line, where=where))
    return out
