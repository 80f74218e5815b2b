"""How to cite a report and its dataset: GB/T 7714-2015, APA (7th edition) and BibTeX.

The report is the publisher's official document (document type [R/OL]); the dataset is
gongkai's reading of it (type [DS/OL], with its version and the date of that version).
The report's own publication date is not recorded in the package, so it is not invented:
GB/T 7714 gives the date the text was taken ([引用日期], the package's first release), APA
writes n.d. Every date comes from the package, never from the clock.
"""

from __future__ import annotations

import re
from datetime import date

from . import opendata as O
from .util import esc, link
from .versions import History

FORMATS = (("gbt7714", "GB/T 7714"), ("apa", "APA"), ("bibtex", "BibTeX"))
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _bib(value: str) -> str:
    """A BibTeX field value: braces keep the case; TeX specials escaped."""
    value = re.sub(r"([&%$#_])", r"\\\1", value)
    return value.replace("{", "\\{").replace("}", "\\}").replace("~", "\\~{}")


def _apa_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"


def report_citations(ctx, pkg, hist: History) -> dict[str, str]:
    """The report itself (the publisher's official document)."""
    title, publisher = O.title(pkg), pkg.publisher
    url = O.source_url(pkg) or O.report_url(ctx, pkg)
    taken = hist.issued
    period = pkg.report.get("period", {})
    return {
        "gbt7714": f"{publisher}. {title}[R/OL]. [{taken}]. {url}.",
        "apa": f"{publisher}. (n.d.). {title} [Government report]. Retrieved {_apa_date(taken)}, "
               f"from {url}",
        "bibtex": "\n".join([
            f"@misc{{{pkg.id}-report,",
            f"  author = {{{{{_bib(publisher)}}}}},",
            f"  title = {{{{{_bib(title)}}}}},",
            f"  howpublished = {{{_bib(publisher)}}},",
            f"  note = {{政府信息公开工作年度报告，统计年度 {pkg.year}"
            f"（{period.get('start', '')} 至 {period.get('end', '')}），"
            f"格式 {_bib(pkg.report.get('template', ''))}}},",
            f"  url = {{{url}}},",
            f"  urldate = {{{taken}}}",
            "}",
        ]),
    }


def dataset_citations(ctx, pkg, hist: History) -> dict[str, str]:
    """The dataset gongkai publishes (this version)."""
    title, publisher = O.dataset_title(pkg), pkg.publisher
    url = O.dataset_url(ctx, pkg)
    version, modified = hist.version, hist.modified
    year = modified[:4]
    lic_url, lic_title = O.licence(pkg)
    return {
        "gbt7714": f"{publisher}. {title}[DS/OL]. 版本 {version}. {O.PUBLISHER}, {year}"
                   f"({modified}). {url}.",
        "apa": f"{publisher}. ({year}). {title} (Version {version}) [Data set]. {O.PUBLISHER}. "
               f"{url}",
        "bibtex": "\n".join([
            f"@misc{{gongkai-{pkg.id},",
            f"  author = {{{{{_bib(publisher)}}}}},",
            f"  title = {{{{{_bib(title)}}}}},",
            f"  year = {{{year}}},",
            f"  version = {{{_bib(version)}}},",
            f"  publisher = {{{_bib(O.PUBLISHER)}}},",
            f"  howpublished = {{\\url{{{url}}}}},",
            f"  url = {{{url}}},",
            f"  note = {{Data set from the {pkg.year} government information disclosure annual "
            f"report; licence {_bib(lic_title or lic_url)}}}",
            "}",
        ]),
    }


def html(citations: dict[str, str], anchor: str) -> str:
    """The citations with a copy button each (the button shows once the script has run)."""
    parts = [f'<div class="gk-citations" id="{anchor}">']
    for code, label in FORMATS:
        cid = f"{anchor}-{code}"
        parts.append(
            f'<div class="gk-citation"><p class="gk-cite-label"><strong>{label}</strong> '
            f'<button type="button" class="md-button gk-copy" data-copy="{cid}" hidden '
            f'style="padding: .1em .9em; margin-left: .6em; font-size: .75em" aria-label="复制 {label} 格式的引用">复制</button></p>'
            f'<pre class="gk-cite-text" style="white-space: pre-wrap"><code id="{cid}">'
            f"{esc(citations[code])}</code></pre></div>")
    parts.append("</div>")
    return "".join(parts)


def build(ctx) -> None:
    """Loader (after the pages): a 引用 section on every report, dataset and table page."""
    from .bundles import state
    from .pages import dataset_page, report_page

    for pkg in ctx.packages:
        hist = state(ctx)["history"][pkg.id]
        rep, ds = report_citations(ctx, pkg, hist), dataset_citations(ctx, pkg, hist)
        data_block = ("<p>引用本数据集（版本 " + esc(hist.version) + "）：</p>\n"
                      + html(ds, "gk-cite-dataset"))
        O.augment(ctx, report_page(pkg), append=(
            "## 引用 {#cite}\n\n<p>引用报告原文：</p>\n" + html(rep, "gk-cite-report") + "\n\n"
            + data_block + "\n"))
        pages = [dataset_page(pkg)] + [page for _res, page in O.resource_pages(pkg)]
        for page in pages:
            O.augment(ctx, page, append="## 引用 {#cite}\n\n" + data_block + "\n\n"
                      "<p>报告原文的引用见<a href=\"" + link(page, report_page(pkg))
                      + "#cite\">报告页</a>。</p>\n")
