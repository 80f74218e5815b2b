"""Pages from Jinja2 templates (`templates/`), with autoescape, and YAML front matter.

Every value a template prints is HTML-escaped unless it is already markup, and Jinja's own
delimiters are neutralised too (`{` as `&#123;`), so report text such as `{{`, `{%` or
`<script>` shows literally and can never inject into the page or the macros plugin. Generated
pages carry `render_macros: false` in their front matter, written by a YAML library.
"""

from __future__ import annotations

import functools
import json
import re

import yaml
from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from .util import esc, grouped, link, md_esc, num, rel, size, write_text


def _finalize(value):
    return value if hasattr(value, "__html__") else Markup(esc(value))


def _breakable(ident: str) -> Markup:
    """A check id that may wrap after `.`, `[` and `_` (never inside a word)."""
    return Markup(re.sub(r"([.\[_])", r"\1<wbr>", esc(ident)))


def _compact_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("gongkai.site", "templates"), autoescape=True,
                      finalize=_finalize, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, extensions=["jinja2.ext.do"])
    env.filters.update(md=lambda t: Markup(md_esc(t)), num=num, grouped=grouped, size=size,
                       rel=rel, link=link, breakable=_breakable, compact_json=_compact_json)
    return env


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: the same text, 10x faster


def front_matter(meta: dict) -> str:
    """YAML front matter; macros are never rendered in a generated page."""
    text = yaml.dump({**meta, "render_macros": False}, Dumper=_DUMPER, allow_unicode=True,
                     sort_keys=False, width=1 << 30)
    return f"---\n{text}---\n\n"


def render(template: str, **data) -> str:
    return environment().get_template(template).render(**data)


def write_page(ctx, page: str, template: str, meta: dict, **data) -> None:
    """Render one generated page, once, from its template: the page's only writer (into the
    staged docs of the build's context `ctx`, recorded in its ledger)."""
    write_text(ctx.docs / page, front_matter(meta) + render(template, page=page, **data),
               ctx.written)
