"""The portal: a static MkDocs-Material site generated from the data packages.

`build.py` orchestrates; each other module is one loader that writes one family of generated
files (downloads, charts, search dictionary, pages) into the staged docs folder.
"""
