"""The portal: a static MkDocs-Material site generated from the data packages.

`build.py` orchestrates; most other modules are one loader each, writing one family of
generated files (downloads, bundles, charts, search dictionary, pages, JSON-LD, citations,
versions, API, catalogue) into the staged docs folder. `util.py` and `opendata.py` hold what
the loaders share; `macros.py` gives the hand-written pages their figures.
"""
