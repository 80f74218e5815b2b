"""The architecture of `gongkai/`, read from its source (AST), so that it cannot drift:

- no import cycle between its modules (imports inside functions count too);
- no import inside a function under `gongkai/site/` (the portal's dependencies show at the top);
- no function longer than 60 lines;
- no printed label of the template (a table's title or heading, a row, column or group label)
  written as a string literal anywhere but `gongkai/template.py`.

`PENDING_*` list the (file, function) pairs of the reading side that still break a rule while
it is being rewritten; any other violation fails. Remove an entry once its function is fixed.
"""

from __future__ import annotations

import ast
from pathlib import Path

from gongkai import template as T

PACKAGE = Path(__file__).resolve().parents[1] / "gongkai"
MAX_LINES = 60

# Reading side, being rewritten: (file, function) pairs known to break a rule today.
PENDING_LONG: set[tuple[str, str]] = set()
# Labels typed again outside the template: none left.
PENDING_LABELS: set[tuple[str, str]] = set()
SHORT = 4  # a label this long or longer counts inside a longer literal too; shorter: alone


def modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = modules()
TREES = {name: ast.parse(path.read_text(encoding="utf-8"), str(path))
         for name, path in MODULES.items()}


def rel(name: str) -> str:
    return MODULES[name].relative_to(PACKAGE).as_posix()


def imported(name: str, node: ast.ImportFrom | ast.Import) -> set[str]:
    """The package's modules an import statement in module `name` loads."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in MODULES}
    if node.level:
        base = name.split(".")
        if MODULES[name].name != "__init__.py":
            base = base[:-1]
        base = base[:len(base) - node.level + 1]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    found = {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES}
    if target in MODULES and not found:
        found.add(target)
    elif target in MODULES and len(found) < len(node.names):
        found.add(target)  # names taken from the module itself
    return found


def graph() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, tree in TREES.items():
        deps = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                deps |= imported(name, node)
        deps.discard(name)
        # a package's __init__ is loaded with any of its modules, but holds no imports here
        out[name] = {d for d in deps if MODULES[d].name != "__init__.py" or TREES[d].body}
    return out


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return found


def functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def test_no_import_cycle_inside_the_package():
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_cycles():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_inside_a_function_of_the_portal():
    found = [f"{rel(name)}:{inner.lineno} in {fn.name}()"
             for name, tree in TREES.items() if name.startswith("gongkai.site")
             for fn in functions(tree) for inner in ast.walk(fn)
             if isinstance(inner, (ast.Import, ast.ImportFrom))]
    assert found == []


def long_functions() -> set[tuple[str, str]]:
    return {(rel(name), fn.name) for name, tree in TREES.items() for fn in functions(tree)
            if fn.end_lineno - fn.lineno + 1 > MAX_LINES}


def test_no_function_longer_than_60_lines():
    assert long_functions() - PENDING_LONG == set()


def template_labels() -> set[str]:
    """Every label the template prints: table titles and headings, row, column and group
    labels (alone and with their numbering), the outcome groups and the section headings."""
    out = {T.TEMPLATE_TITLE}
    out |= {heading for _c, heading, _en in T.SECTIONS}
    for t in T.TABLES.values():
        out |= {t.title, t.heading}
        for m in (*t.rows, *t.cols):
            out |= {m.label, m.number + m.label, m.group_label, *m.aliases}
    for g in T.REQUEST_GROUPS:
        out |= {g.label, g.number + g.label}
    out |= {zh for zh, _en in T.OUTCOME_GROUP_LABELS.values()}
    out |= {heading for _c, heading, _items, _m in T.PROACTIVE_BLOCKS}
    return {label for label in out if len(label) >= 2}


def docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def labels_written_out() -> dict[tuple[str, str], list[str]]:
    """(file, enclosing function or <module>) -> template labels written as literals."""
    labels = template_labels()
    found: dict[tuple[str, str], list[str]] = {}
    for name, tree in TREES.items():
        if rel(name) == "template.py":
            continue
        skip = docstrings(tree)
        owner = {}
        for fn in functions(tree):
            for inner in ast.walk(fn):
                owner.setdefault(id(inner), fn.name)  # outermost function wins
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or \
                    id(node) in skip:
                continue
            text = node.value.strip()
            hits = [label for label in labels
                    if label == text or (len(label) >= SHORT and label in text)]
            if hits:
                key = (rel(name), owner.get(id(node), "<module>"))
                found.setdefault(key, []).extend(hits)
    return found


def test_the_label_finder_finds_labels():
    tree = ast.parse(f"X = 'a'\ndef f():\n    return '共有{T.REQUESTS.title}'\n")
    TREES["gongkai.zz_probe"], MODULES["gongkai.zz_probe"] = tree, PACKAGE / "zz_probe.py"
    try:
        assert labels_written_out()[("zz_probe.py", "f")] == [T.REQUESTS.title]
    finally:
        del TREES["gongkai.zz_probe"], MODULES["gongkai.zz_probe"]


def test_no_template_label_written_outside_the_template():
    found = {k: v for k, v in labels_written_out().items() if k not in PENDING_LABELS}
    assert found == {}
