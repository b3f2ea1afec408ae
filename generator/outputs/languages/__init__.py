"""The words of the pages around the briefs in each language but English (outputs/wording.py
holds English, the reference every column follows key by key): one module a language, named
by its code, each a `WORDS` table. A count's word has a form for each plural category of its
language (CLDR's: zero, one, two, few, many, other), as Babel names them."""
