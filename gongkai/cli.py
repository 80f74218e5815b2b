"""The `gongkai` command line: ingest reports, validate packages (and more, see --help)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape

from .diff import DEFAULT_ROOT as DIFF_ROOT
from .diff import DiffError, render_markdown, render_terminal, run_diff
from .errors import GongkaiError
from .states import CheckState

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="gongkai: government information disclosure annual reports as open data.")
err = Console(stderr=True)
out = Console()

DEFAULT_ROOT = Path("datapackages")


def fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.command()
def ingest(
    source: Path = typer.Argument(..., help="A report file (.html, .docx, .pdf or text; told by "
                                  "its content), or a folder of them."),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="Write the package here "
                                           "(default: datapackages/<id>/)."),
    package_id: Optional[str] = typer.Option(None, "--id", help="Package id, e.g. shanghai-2024."),
    publisher: Optional[str] = typer.Option(None, help="Override the publisher read from the text."),
    year: Optional[int] = typer.Option(None, help="Override the year read from the title."),
    title: Optional[str] = typer.Option(None, help="Override the title read from the text."),
    division_code: Optional[str] = typer.Option(None, help="Administrative division code (GB/T 2260)."),
    declare: List[str] = typer.Option([], help="Accept a known inconsistency of the report as "
                                      "printed: CHECK_ID=REASON (repeatable); for a folder, "
                                      "FILE:CHECK_ID=REASON names the file."),
    root: Path = typer.Option(DEFAULT_ROOT, help="Folder of packages (for the default --out)."),
    note: Optional[str] = typer.Option(None, help="What this release changes, for the package's "
                                       "CHANGELOG.md (a changed report gets a new version)."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="For a folder: reports read in parallel "
                             "(default: the number of cores); the output is the same."),
) -> None:
    """Read a report (.html, .docx, .pdf or text) and write its data package, all or nothing.

    Given a folder, ingest every report in it into --root, then print a summary."""
    from .ingest import ingest_file

    if source.is_dir():
        if out_dir is not None or package_id or publisher or year or title or division_code:
            fail("--out, --id, --publisher, --year, --title and --division-code describe one "
                 "report; a folder makes one package per report under --root")
        ingest_folder(source, root=root, declare=list(declare), jobs=jobs or os.cpu_count() or 1)
        return

    try:
        result = ingest_file(source, out_dir=out_dir, package_id=package_id, publisher=publisher,
                             year=year, title=title, division_code=division_code,
                             declare=declare, root=root, note=note)
    except GongkaiError as exc:
        fail(str(exc))
    for c in result.declared:
        err.print(f"[yellow]declared inconsistency[/] {escape(c.message())} — {escape(c.reason)}",
                  highlight=False, soft_wrap=True)
    out.print(escape(f"wrote {result.out_dir} version {result.version} ({result.figures} "
                     f"figures, {result.highlights} prose figures, {result.passed} checks "
                     f"passed)"), highlight=False, soft_wrap=True)


def ingest_folder(folder: Path, *, root: Path, declare: list[str], jobs: int = 1) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, \
        TimeElapsedColumn
    from rich.table import Table

    from .folder import ingest_many, report_files

    files = report_files(folder)
    if not files:
        fail(f"{folder}: no files to ingest")
    with Progress(TextColumn("[bold]ingest[/]"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TextColumn("{task.description}"), console=err,
                  transient=False) as progress:
        task = progress.add_task("", total=len(files))

        def done(path: Path) -> None:
            progress.update(task, description=escape(path.name))
            progress.advance(task)

        items = ingest_many(files, root=root, declare=declare, jobs=jobs, on_done=done)
        progress.update(task, description="")
    table = Table(title=f"gongkai ingest {escape(str(folder))}", show_lines=False)
    table.add_column("file", overflow="fold")
    table.add_column("status")
    table.add_column("package / reason", overflow="fold")
    style = {"ok": "green", "warnings": "yellow", "failed": "red"}
    for it in items:
        if it.result is not None:
            detail = f"{it.result.out_dir} ({it.result.figures} figures)"
            for c in it.result.declared:
                detail += f"\ndeclared {c.id}: {c.reason}"
            for c in it.result.mismatches:
                detail += f"\nmismatch {c.id}: prose {c.found}, table {c.expected}"
        else:
            detail = it.reason
        table.add_row(escape(it.path.name), f"[{style[it.status]}]{it.status}[/]", escape(detail))
    out.print(table)
    counts = {k: sum(it.status == k for it in items) for k in ("ok", "warnings", "failed")}
    out.print(f"{len(items)} files: {counts['ok']} ok, {counts['warnings']} with warnings "
              f"(declared or mismatched), {counts['failed']} failed", highlight=False,
              soft_wrap=True)
    if counts["failed"]:
        raise typer.Exit(1)


@app.command()
def validate(
    packages: List[Path] = typer.Argument(None, help="Package folders or datapackage.json "
                                          "files (default: every package in datapackages/)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print failures only."),
) -> None:
    """Frictionless validation plus every identity and restatement check; exit 0 only if all hold."""
    from .load import find_packages
    from .validate import validate_many

    paths: list[Path] = []
    for p in packages or [DEFAULT_ROOT]:
        if p.name == "datapackage.json":
            paths.append(p.parent)
        elif (p / "datapackage.json").exists():
            paths.append(p)
        elif p.is_dir():
            paths.extend(find_packages(p))
        else:
            fail(f"{p}: not a data package (no datapackage.json)")
    if not paths:
        fail("no data packages found")
    results = validate_many(paths)
    bad = 0
    for r in results:
        name = r.package.id if r.package else str(r.path)
        for e in r.errors:
            err.print(f"[red]FAIL[/] {escape(e)}", highlight=False, soft_wrap=True)
        for c in r.failed:
            err.print(f"[red]FAIL[/] {escape(c.message())}", highlight=False, soft_wrap=True)
        for c in r.declared:
            out.print(f"[yellow]DECLARED[/] {escape(c.message())} — {escape(c.reason)}", highlight=False,
                      soft_wrap=True)
        for c in r.findings:
            tag = "MISMATCH" if c.status == CheckState.MISMATCH else "NOTE"
            other = f" (against {c.other})" if c.other else ""
            out.print(f"[cyan]{tag}[/] {escape(c.message())}{escape(other)}", highlight=False,
                      soft_wrap=True)
        passed = sum(CheckState(c.status) is CheckState.PASS for c in r.checks)
        if r.ok:
            if not quiet:
                out.print(f"[green]ok[/] {name}: valid; {passed} checks passed, "
                          f"{len(r.declared)} declared", highlight=False)
        else:
            bad += 1
    if bad:
        err.print(f"{bad} of {len(results)} packages failed", highlight=False)
        raise typer.Exit(1)


@app.command("diff")
def diff(
    old: Optional[Path] = typer.Argument(None, help="Old: a package folder or a datapackages/ "
                                         "folder (with --git: the working tree's folder)."),
    new: Optional[Path] = typer.Argument(None, help="New: a package folder or a datapackages/ "
                                         "folder."),
    git: Optional[str] = typer.Option(None, "--git", metavar="REF",
                                      help="Compare the working tree's datapackages/ with "
                                      "the same folder at git revision REF (e.g. origin/main)."),
    output_format: str = typer.Option("table", "--format", "-f",
                                      help="table (terminal) or markdown (job summary)."),
    exit_code: bool = typer.Option(False, "--exit-code",
                                   help="Exit 1 when something changed (default: 0)."),
    root: Path = typer.Option(DIFF_ROOT, "--root", help="The working tree's folder of "
                              "packages, for --git."),
) -> None:
    """Which figures, packages, metadata and checks changed between two versions of the data.

    Exit status: 0 whether or not anything changed (1 on changes with --exit-code);
    2 on bad arguments or unreadable input.
    """
    fmt_name = {"md": "markdown", "markdown": "markdown", "table": "table",
                "terminal": "table", "text": "table"}.get(output_format.lower())
    if fmt_name is None:
        fail(f"--format {output_format!r}: use table or markdown", 2)
    try:
        result = run_diff(old, new, git, root)
    except DiffError as exc:
        fail(str(exc), 2)
    if fmt_name == "markdown":
        typer.echo(render_markdown(result))
    else:
        render_terminal(result, Console())  # its own console: the width of the terminal now
    if exit_code and result.changed:
        raise typer.Exit(1)


@app.command("build")
def build(
    root: Path = typer.Option(Path("datapackages"), help="Folder of data packages."),
    site: Path = typer.Option(Path("site"), help="Where the site goes (replaced only on success)."),
    config: Path = typer.Option(Path("mkdocs.yml"), help="The MkDocs configuration."),
    cache: bool = typer.Option(True, "--cache/--no-cache", help="Reuse chart renderings "
                               "cached in build/ (same content, same bytes)."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Processes for each report's own work "
                             "(0: every core); the site is the same byte for byte."),
) -> None:
    """Build the portal into site/ (strict; a failed build leaves the previous site)."""
    from .site.build import build_site  # the portal's libraries load only for this command

    try:
        ctx = build_site(root, site, config, use_cache=cache, jobs=jobs,
                         log=lambda m: out.print(m, highlight=False))
    except GongkaiError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        err.print("the previous site was left in place", highlight=False)
        raise typer.Exit(1)
    out.print(f"[green]built[/] {site} from {len(ctx.packages)} packages in "
              f"{ctx.timings['total']:.1f} s", highlight=False)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)


if __name__ == "__main__":
    main()
