"""Loader: the jieba user dictionary of the template's words, published with the site.

The site's search (Pagefind, `pagefind.py`) indexes Chinese as character pairs and needs no
dictionary. This dictionary is kept on the site for anyone who segments the data's text with
jieba, and was what made Material's search (no longer used) find short words: Default jieba keeps
行政复议 as one word, so a query for 复议 would not find it. From every label of the template
this writes a user dictionary that (1) knows each 2-character piece of a long label as a
frequent word (复议, 诉讼, 公开, 申请 ...) and (2) makes the long compounds rare, so jieba cuts
them into those pieces both in the index and in what readers type.
"""

from __future__ import annotations

import hashlib
import logging
import re
from importlib.metadata import version

import jieba

from .. import template as T
from .model import SiteContext
from .util import write_text, write_whole

PIECE_FREQ = 2_000_000  # frequent enough to win over any compound of the default dictionary
COMPOUND_FREQ = 1  # the long words: kept known but never preferred
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def template_texts() -> list[str]:
    texts: list[str] = [f.title for f in T.FORMATS.values()]
    texts += [heading for _, heading, _ in T.SECTIONS]
    for t in (t for f in T.FORMATS.values() for t in f.tables.values()):
        texts += [t.title, t.heading]
        for m in (*t.rows, *t.cols):
            texts += [m.label, m.group_label, *m.aliases]
    for g in T.REQUEST_GROUPS:
        texts.append(g.label)
    texts += [zh for zh, _ in T.OUTCOME_GROUP_LABELS.values()]
    texts += [h.label for h in T.HIGHLIGHTS]
    texts += [r.description for r in T.RULES]
    return [t for t in texts if t]


def dictionary_words() -> tuple[list[str], list[str]]:
    """(2-character pieces, long compounds) from the template's labels."""
    # a fresh tokenizer with the default dictionary: the global one may already carry ours
    tok = jieba.Tokenizer()
    pieces: dict[str, None] = {}
    compounds: dict[str, None] = {}
    for text in template_texts():
        for run in _HAN.findall(text):
            for word in tok.lcut(run, HMM=False):
                if not _HAN.fullmatch(word) or len(word) < 4:
                    continue  # 3-character words: a query for their first two finds them
                subs = [w for w in tok.lcut_for_search(word, HMM=False)
                        if len(w) == 2 and w != word]
                if subs:
                    compounds[word] = None
                    pieces.update(dict.fromkeys(subs))
    return sorted(pieces), sorted(c for c in compounds if c not in pieces)


def dictionary_text() -> str:
    pieces, compounds = dictionary_words()
    lines = [f"{w} {PIECE_FREQ}" for w in pieces]
    lines += [f"{w} {COMPOUND_FREQ}" for w in compounds]
    return "\n".join(lines) + "\n"


def reset_jieba() -> None:
    """Give jieba's global tokenizer its default dictionary back.

    Material's search plugin loads our user dictionary into it on every build; loading twice
    changes word frequencies (and so the segmentation), and two builds in one process would
    differ. A reset before each build keeps builds byte-identical.
    """
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialized = False
    jieba.dt.user_word_tag_tab = {}
    jieba.dt.initialize()


def cached_dictionary(cache, use_cache: bool):
    """The dictionary file, made once per template and jieba version (it takes a second)."""
    key = hashlib.sha256("\n".join([version("jieba"), *template_texts()]).encode()).hexdigest()
    path = cache / "search" / f"jieba_user_dict-{key[:16]}.txt"
    if not (use_cache and path.exists()):
        write_whole(path, dictionary_text().encode("utf-8"))
    return path


def build(ctx: SiteContext) -> None:
    reset_jieba()
    path = cached_dictionary(ctx.cache, ctx.use_cache)
    # a copy on the site, for anyone who wants to segment queries the same way
    write_text(ctx.docs / "search" / "jieba_user_dict.txt", path.read_text(encoding="utf-8"),
               ctx.written)
