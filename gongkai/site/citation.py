"""How to cite a report and its dataset (data; `templates/parts.html` shows them): GB/T 7714-2015, APA (7th edition) and BibTeX.

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
from .model import History

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
