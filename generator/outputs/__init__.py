"""What the published site is made of, from the corpus: the site and its people, listing
pages, feeds, sitemaps, structured metadata, redirects, cleaned HTML, security headers,
and the registry of every path the site holds (each with its owner).

Imports the model, nothing else of Briefing's: pure functions from briefs to text.
"""
