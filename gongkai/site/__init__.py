"""The portal: a static MkDocs-Material site generated from the data packages.

`build.py` orchestrates: it validates the packages into a `SiteContext` (`model.py`, the
build's data as typed records) and runs the loaders in order, each writing one family of
generated files into the staged docs folder and recording what it made in the context:
`downloads.py`, `bundles.py` (zip README and changelog, printed-layout XLSX, combined tables,
version histories), `charts.py`, `search.py`, `pages.py` (every generated page, once, from
`templates/`), `api.py`, `catalog.py`. What they share: `util.py` (paths, escaping, writing),
`opendata.py` (titles, URLs, licence), `render.py` (the Jinja2 environment and front matter),
`tables.py` (the printed tables' layout), `jsonld.py`, `citation.py`, `versions.py`.
`macros.py` gives the hand-written pages their figures.
"""
