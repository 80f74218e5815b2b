"""Match a printed label to the template's, tolerant to how real reports print them."""

from __future__ import annotations

import re
import unicodedata

_NUMBERING = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．)）])")
_QUOTES = "“”\"'‘’「」『』"
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+|[ \t\u00a0]+(?=[{_CJK}])")
_SPACED_DIGITS = re.compile(r"(?<=\d) (?=\d)")


def squeeze_cjk_spaces(text: str) -> str:
    """Drop the spaces a PDF viewer copies between characters ('2 0 2 4 年 上 海 市')."""
    if re.fullmatch(r"(?:\S )+\S", text.strip()):  # every character spaced: digits too
        text = _SPACED_DIGITS.sub("", text)
    return _CJK_SPACE.sub("", text).strip()


def flat(text: str) -> str:
    """The one normaliser: full- and half-width forms unified (NFKC), no spaces of any kind.
    Every comparison of printed text with the template goes through it."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def normalize_label(text: str) -> str:
    """A label to compare: flat, without quotes and without its leading numbering."""
    text = flat(text).translate({ord(q): None for q in _QUOTES})
    while True:
        m = _NUMBERING.match(text)
        if not m or m.end() == len(text):
            break
        text = text[m.end():]
    return text


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, stopping early once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def label_score(printed: str, label: str, aliases: tuple[str, ...] = ()) -> int:
    """How well a printed label matches a template label: 3 exact, 2 prefix, 1 one typo, 0 no."""
    p = normalize_label(printed)
    if not p:
        return 0
    best = 0
    for cand in (label, *aliases):
        c = normalize_label(cand)
        if p == c:
            return 3
        if len(c) >= 4 and (p.startswith(c) or c.startswith(p) and len(p) >= 4):
            best = max(best, 2)
        elif len(c) >= 4 and edit_distance(p, c, 1) <= 1:
            best = max(best, 1)
    return best
