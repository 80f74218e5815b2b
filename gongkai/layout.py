"""Rebuild a table from loose lines, by the template's labels (the layout step).

Copied text often loses a table's structure: cells on one line separated by spaces or pipes,
one cell per line, labels wrapped over lines (sometimes around the line of figures, as text
copied from a PDF comes), headers printed one character per line, page footers and repeated
headers in the middle. When a table section of a document has no table rows, its lines are
read here as a stream of tokens: text tokens make up a label, and each run of figures belongs
to the label just before it. The label is matched against the template (exactly, allowing the
printed numbering `1、` or `1.`, a label wrapped with its figures on the first line, or one
wrong character), and the row is rebuilt with the template's label and the figures as printed.
The extractor then reads the rebuilt rows as it reads any table, so every check still applies.

Nothing is guessed: a run of figures that does not fit its row is passed on as it is (the
extractor then names the table and the row), except a figure printed with a space as its
thousands separator (`40 234`), which is joined only when exactly one way of joining makes the
row satisfy the template's identity (total = the sum of the applicant columns).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from . import template as T
from .document import Row
from .labels import edit_distance, normalize_label
from .numbers import looks_numeric, parse_figure

_FOOTER = re.compile(
    r"^(?:[-－—–‐_]+\s*\d{1,4}\s*[-－—–‐_]+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|"
    r"\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?|共\s*\d+\s*页\s*第\s*\d+\s*页)$", re.IGNORECASE)
_SEPARATORS = set(" \t\u00a0\u3000|｜│¦")
_NUMBERING_ONLY = re.compile(r"^[（(][一二三四五六七八九十\d]+[)）]$")
_QUOTES = "“”\"'‘’「」『』"


def is_footer(line: str) -> bool:
    """A running page number or footer: '- 5 -', '—5—', '第 5 页 共 12 页', '5/12'."""
    text = unicodedata.normalize("NFKC", line).strip()
    return bool(text) and bool(_FOOTER.match(text))


def is_sentence(line: str) -> bool:
    """A line of prose, not of a table: no label of the template ends a sentence."""
    return "。" in line or "；" in line or ";" in line


def tokenize(line: str) -> list[str]:
    """Cells of a line: split at spaces and pipes, never inside parentheses."""
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in line:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        if ch in _SEPARATORS and depth == 0:
            if cur:
                out.append("".join(cur))
                cur = []
            continue
        cur.append(ch)
    if cur:
        out.append("".join(cur))
    return [t.strip() for t in out if t.strip()]


@dataclass
class Token:
    text: str
    numeric: bool
    row: Row


_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


def unspace(line: str) -> str:
    """A line copied from a PDF with every character spaced ('1 . 属 于 国 家 秘 密'), joined.

    Only a line of single characters with Chinese in it is joined, and a space between two
    digits stays: '其 他 1 0 0' is 其他 and three figures.
    """
    parts = line.split()
    if len(parts) < 3 or any(len(p) > 1 for p in parts) or \
            sum(1 for p in parts if _CJK_CHAR.match(p)) < 2:
        return line
    out = parts[0]
    for prev, ch in zip(parts, parts[1:]):
        if prev.isdigit() and ch.isdigit():
            out += " " + ch
        else:
            out += ch
    return out


def tokens_of(rows: list[Row]) -> tuple[list[Token], list[Row]]:
    """Tokens of the table lines, and the prose rows (sentences) left as they are."""
    tokens: list[Token] = []
    prose: list[Row] = []
    for r in rows:
        text = unspace(" ".join(r.cells))
        if not text.strip() or is_footer(text):
            continue
        if is_sentence(text):
            prose.append(r)
            continue
        for tok in tokenize(text):
            numeric = looks_numeric(tok)
            if (not numeric and tokens and tokens[-1].numeric and tokens[-1].row is r and
                    tok[0] in "（(" and
                    tok[-1] in "）)" and not _NUMBERING_ONLY.match(unicodedata.normalize(
                        "NFKC", tok))):
                # a note printed apart from its figure, on its line: 17 （其中修订15件）
                tokens[-1].text += tok
                continue
            tokens.append(Token(tok, numeric, r))
    return tokens, prose


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    return text.translate({ord(q): None for q in _QUOTES})


def _numbering(text: str) -> str:
    return _norm(text).replace("、", ".").replace("．", ".")


def match_label(buffer: str, members, pointer: int) -> tuple[int, str] | None:
    """The template row whose label ends `buffer`: (index in members, how it matched)."""
    b = _norm(buffer)
    if not b:
        return None
    best = None
    for idx, m in enumerate(members):
        for cand in (m.label, *m.aliases):
            lab = normalize_label(cand)
            score, start = 0, None
            if b.endswith(lab):
                score, start = 3, len(b) - len(lab)
            elif len(lab) >= 4:
                for k in (len(lab), len(lab) - 1, len(lab) + 1):
                    if 0 < k <= len(b) and edit_distance(b[-k:], lab, 1) <= 1:
                        score, start = 1, len(b) - k
                        break
                if not score:  # a wrapped label, its figures on the line of its first part
                    for k in range(len(lab) - 1, 3, -1):
                        if b.endswith(lab[:k]) and k * 3 >= len(lab):
                            score, start = 2, len(b) - k
                            break
            if not score:
                continue
            number = _numbering(m.number) if m.number else ""
            numbered = bool(number) and _numbering(b[:start]).endswith(number)
            if len(lab) <= 2 and not numbered and idx != pointer:
                continue  # 其他, 总计: only with their numbering, or in their place
            key = (score, numbered, idx >= pointer, -abs(idx - pointer), len(lab))
            if best is None or key > best[0]:
                best = (key, idx, "typo" if score == 1 else "label")
    return None if best is None else (best[1], best[2])


def _label_cells(member) -> list[str]:
    if member.group_label:
        return [member.group_label, f"{member.number}{member.label}"]
    return [f"{member.number}{member.label}"]


def _join_thousands(run: list[Token], n: int) -> list[Token] | None:
    """Join figures printed with a space as thousands separator, if the identity says how.

    Candidates are joins of a figure with a following group of exactly three digits; a
    reading is accepted only when it is the only one of n figures whose last (总计) equals the
    sum of the others.
    """
    texts = [t.text for t in run]
    extra = len(texts) - n
    if extra <= 0 or extra > 3:
        return None
    joinable = [i for i in range(1, len(texts))
                if re.fullmatch(r"\d{3}", texts[i]) and re.fullmatch(r"\d{1,3}(?:,?\d{3})*",
                                                                      texts[i - 1])]
    found = []
    for combo in itertools.combinations(joinable, extra):
        if any(b - a == 1 for a, b in zip(combo, combo[1:])):
            continue  # joining a group onto a group: allowed only in a chain
        merged: list[Token] = []
        for i, t in enumerate(run):
            if i in combo:
                merged[-1] = Token(merged[-1].text + t.text, True, merged[-1].row)
            else:
                merged.append(Token(t.text, True, t.row))
        try:
            values = [parse_figure(t.text).value for t in merged]
        except ValueError:
            continue
        if sum(values[:-1]) == values[-1]:
            found.append(merged)
    return found[0] if len(found) == 1 else None


def rebuild(code: str, rows: list[Row]) -> list[Row]:
    """Rows of table section `code` rebuilt from loose lines (see module docstring)."""
    tokens, prose = tokens_of(rows)
    if not any(t.numeric for t in tokens):
        return rows  # no figures at all: the section has no table, the extractor says so
    if code == "appeals":
        head = [t.text for t in tokens if not t.numeric]
        figs = [t for t in tokens if t.numeric]
        out = prose + ([Row(head, line=tokens[0].row.line, where=tokens[0].row.where)]
                       if head else [])
        out.append(Row([t.text for t in figs], line=figs[0].row.line, where=figs[0].row.where,
                       places=[t.row.place(0) for t in figs]))
        return out
    if code == "proactive":
        members = list(T.PROACTIVE_ITEMS)
    else:
        members = list(T.REQUEST_ROWS)
    out = list(prose)
    buffer: list[Token] = []
    pointer = 0
    i = 0
    while i < len(tokens):
        if not tokens[i].numeric:
            buffer.append(tokens[i])
            i += 1
            continue
        j = i
        while j < len(tokens) and tokens[j].numeric:
            j += 1
        run = tokens[i:j]
        i = j
        label_text = "".join(t.text for t in buffer)
        found = match_label(label_text, members, pointer)
        first = run[0].row
        if found is None:
            # passed on as printed: the extractor names it (not in the template, pre-2021…)
            same_line = [t.text for t in buffer if t.row is first] or \
                [t.text for t in buffer[-1:]]
            cells = ["".join(same_line)]
        else:
            idx, _how = found
            member = members[idx]
            pointer = idx + 1
            cells = _label_cells(member) if code == "requests" else [member.label]
            if code == "requests" and len(run) > len(T.APPLICANTS):
                run = _join_thousands(run, len(T.APPLICANTS)) or run
        buffer = []
        # a figure's place is its line's (a line of text; a PDF's line: its page and box)
        out.append(Row(cells + [t.text for t in run], line=first.line, where=first.where,
                       places=[None] * len(cells) + [t.row.place(0) for t in run]))
    return out
