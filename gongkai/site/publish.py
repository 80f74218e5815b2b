"""From the staged docs to the published site, doing work in proportion to what changed.

- MkDocs builds into a persistent folder (`work/site`). When the render key (the staged
  configuration with its nav, the theme overrides, the code) is that of the last successful
  build, it builds "dirty": a page whose staged Markdown is older than its HTML is skipped,
  and the loaders leave unchanged files untouched (their mtime too). Otherwise it builds clean.
- The published tree is a copy of `work/site` made of hard links (no bytes copied), with the
  Pagefind index beside; it is swapped into place with two renames. MkDocs rewrites files in
  place, so `BreakLinks` unlinks each file MkDocs is about to write: the published copy keeps
  its own bytes, and a failed build leaves the published site untouched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import time
from pathlib import Path

from mkdocs.plugins import BasePlugin

DIRTY_WARNING = "A 'dirty' build is being performed"


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


class BreakLinks(BasePlugin):
    """Unlinks every output file before MkDocs writes it (it may be a hard link of the
    published site), counts the pages rendered and removes outputs whose source is gone."""

    def __init__(self):
        super().__init__()
        self.rendered: list[str] = []  # the pages rendered (docs-relative sources)
        self.files = None

    def on_files(self, files, config):
        self.files = files
        for f in files:
            if not f.is_documentation_page() and f.is_modified():
                _unlink(f.abs_dest_path)
        return files

    def on_post_page(self, output, page, config):
        self.rendered.append(page.file.src_uri)
        _unlink(page.file.abs_dest_path)
        return output

    def on_post_template(self, output_content, template_name, config):
        _unlink(os.path.join(config.site_dir, template_name))
        if template_name == "sitemap.xml":
            _unlink(os.path.join(config.site_dir, template_name + ".gz"))
        return output_content

    def on_post_build(self, config):
        keep = {os.path.normpath(f.abs_dest_path) for f in self.files}
        for name in config.theme.static_templates:
            keep.add(os.path.normpath(os.path.join(config.site_dir, name)))
            keep.add(os.path.normpath(os.path.join(config.site_dir, name + ".gz")))
        remove_strays(Path(config.site_dir), keep)


def remove_strays(root: Path, keep: set[str]) -> int:
    """Delete files under root not in `keep` (absolute, normalised paths), and empty folders."""
    removed = 0
    for dirpath, _dirs, names in os.walk(root, topdown=False):
        for name in names:
            full = os.path.join(dirpath, name)
            if full not in keep:
                os.unlink(full)
                removed += 1
        if dirpath != str(root) and not os.listdir(dirpath):
            os.rmdir(dirpath)
    return removed


def tree_key(*paths: Path, extra: str = "") -> str:
    """sha256 over the files of folders (names and bytes) and files, plus `extra`."""
    h = hashlib.sha256(extra.encode())
    for base in paths:
        files = sorted(base.rglob("*")) if base.is_dir() else [base]
        for f in files:
            if f.is_file():
                h.update(f.as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _link(src: str, dest: str) -> None:
    try:
        os.link(src, dest)
    except OSError:  # another file system: a copy
        shutil.copy2(src, dest)


def _wanted(trees: list[tuple[Path, str]]) -> dict[str, str]:
    """dest-relative path -> source file, for each tree (source folder, prefix in dest)."""
    want = {}
    for src, prefix in trees:
        for dirpath, _dirs, names in os.walk(src):
            rel = os.path.relpath(dirpath, src)
            for name in names:
                want[os.path.normpath(os.path.join(prefix, rel, name))] = \
                    os.path.join(dirpath, name)
    return want


def _remove_all(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


class Trash:
    """Files to delete, moved aside by a rename (cheap) into a folder beside the site and
    deleted by a background thread after the build (`empty`): freeing thousands of files'
    blocks costs milliseconds each on some disks, and no reader waits for it."""

    def __init__(self, root: Path):
        self.root = root
        self.folder = root / f"{os.getpid()}-{time.time_ns()}"
        self.count = 0

    def discard(self, path: str) -> None:
        if self.count == 0:
            self.folder.mkdir(parents=True, exist_ok=True)
        os.replace(path, self.folder / str(self.count))
        self.count += 1

    def empty(self) -> None:
        """Delete everything in the trash (earlier builds' too) in a daemon thread; what a
        finished process leaves is deleted by the next build."""
        if self.root.is_dir():
            folders = sorted(self.root.iterdir())  # never the folder of a build to come
            threading.Thread(target=_remove_all, args=(folders,), daemon=True).start()


def link_tree(trees: list[tuple[Path, str]], dest: Path, trash: Trash) -> int:
    """Make `dest` a copy of the trees made of hard links, reusing what `dest` holds (the
    spare copy of an earlier build): a file already linked to its source stays, the others
    are linked again, files with no source are put in the trash. Returns how many were
    linked."""
    want = _wanted(trees)
    dest.mkdir(parents=True, exist_ok=True)
    for dirpath, _dirs, names in os.walk(dest, topdown=False):
        for name in names:
            full = os.path.join(dirpath, name)
            if os.path.relpath(full, dest) not in want:
                trash.discard(full)
        if dirpath != str(dest) and not os.listdir(dirpath):
            os.rmdir(dirpath)
    linked = 0
    for rel, src in want.items():
        out = os.path.join(dest, rel)
        try:
            if os.path.samefile(src, out):
                continue
            trash.discard(out)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(out), exist_ok=True)
        _link(src, out)
        linked += 1
    return linked


def remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
