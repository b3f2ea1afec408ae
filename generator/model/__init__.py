"""The briefs: their front matter read and checked, and the corpus of those published.

Knows nothing of MkDocs' pages, of the site folder or of how the build is made fast:
everything here can be imported, and tested, alone.
"""
