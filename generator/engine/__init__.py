"""How the site gets built fast: hashing and fingerprints, forked workers, the brief
and page caches, rendering outside MkDocs' page loop, remembered templates, the site
folder swapped in whole, the project lock, and the Markdown scans that keep bodies linear.

Generic where it can be: only loading, fingerprints, rendering and writing know what a
brief or an output is.
"""
