"""The publishers registry: a report's printed name finds its body, quickly and in order."""

import os

from gongkai.publishers import find_publisher

HEADER = "id,name,aliases,level,division_code,website,note\n"


def _write(root, rows: str) -> None:
    (root / "publishers.csv").write_text(HEADER + rows, encoding="utf-8")


def test_name_and_alias_find_the_body_whitespace_and_width_aside(tmp_path):
    _write(tmp_path, "a,甲市人民政府,甲市政府|甲 市,prefectural,110000,,\n"
                     "b,乙县人民政府,,county,110101,,\n")
    assert find_publisher(["乙县人民政府"], tmp_path).id == "b"
    assert find_publisher(["无关", "甲市政府"], tmp_path).id == "a"
    assert find_publisher(["甲　市"], tmp_path).id == "a"   # full-width space, NFKC
    assert find_publisher(["丙镇人民政府", ""], tmp_path) is None


def test_of_two_bodies_named_the_first_in_the_registry_wins(tmp_path):
    _write(tmp_path, "a,甲市人民政府,,prefectural,110000,,\n"
                     "b,乙县人民政府,甲市人民政府,county,110101,,\n")
    assert find_publisher(["乙县人民政府", "甲市人民政府"], tmp_path).id == "a"


def test_an_edited_registry_is_read_again(tmp_path):
    _write(tmp_path, "a,甲市人民政府,,prefectural,110000,,\n")
    assert find_publisher(["乙县人民政府"], tmp_path) is None
    _write(tmp_path, "a,甲市人民政府,,prefectural,110000,,\nb,乙县人民政府,,county,110101,,\n")
    path = tmp_path / "publishers.csv"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert find_publisher(["乙县人民政府"], tmp_path).id == "b"
