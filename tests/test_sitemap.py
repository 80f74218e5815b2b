"""The sitemap index: MkDocs' one list of pages split into parts at the site's root."""

import xml.etree.ElementTree as ET

import pytest

from gongkai.site import sitemap

URL = "https://example.org/site/"


def _mkdocs_sitemap(folder, count):
    body = "".join(f"<url><loc>{URL}p{i}/</loc><lastmod>2025-12-0{1 + i % 2}</lastmod></url>"
                   for i in range(count))
    (folder / "sitemap.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="{sitemap.NS}">{body}</urlset>', encoding="utf-8")


def test_split_into_parts_and_an_index(tmp_path):
    _mkdocs_sitemap(tmp_path, 5)
    assert sitemap.split(tmp_path, URL, per_file=2) == 3
    index = ET.parse(tmp_path / "sitemap.xml").getroot()
    assert index.tag == f"{{{sitemap.NS}}}sitemapindex"
    assert [e.text for e in index.iter(f"{{{sitemap.NS}}}loc")] == \
        [f"{URL}sitemap-{n}.xml" for n in (1, 2, 3)]
    assert [e.text for e in index.iter(f"{{{sitemap.NS}}}lastmod")] == \
        ["2025-12-02", "2025-12-02", "2025-12-01"]
    assert sitemap.addresses(tmp_path) == [f"{URL}p{i}/" for i in range(5)]
    with pytest.raises(ValueError, match="already a sitemap index"):
        sitemap.split(tmp_path, URL)


def test_a_smaller_site_leaves_no_old_part(tmp_path):
    _mkdocs_sitemap(tmp_path, 5)
    sitemap.split(tmp_path, URL, per_file=2)
    _mkdocs_sitemap(tmp_path, 1)
    assert sitemap.split(tmp_path, URL, per_file=2) == 1
    assert sorted(p.name for p in tmp_path.glob("sitemap-*.xml")) == ["sitemap-1.xml"]
    assert sitemap.addresses(tmp_path) == [f"{URL}p0/"]
