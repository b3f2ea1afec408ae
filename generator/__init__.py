"""Briefing: a static site generator for news briefs, on MkDocs and Material."""

__version__ = "0.1.0"
