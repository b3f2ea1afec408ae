"""Search: the documents of the site, their words in every script, the index written in
Pagefind's format, and the background process that builds it while pages render.
"""
