"""Every file of the site claimed before anything is written: whose each address is.

Briefing's own outputs first, then MkDocs' files (the site's own and the theme's), then
the theme's templates; the briefs' redirects are claimed after (redirects.plan). A file
of the site's own on an address Briefing writes is a problem naming both.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.structure.files import Files

from generator.model.problems import Problem, display_path
from generator.outputs import pictures, sitemaps
from generator.outputs.registry import Outputs

# Files of the site's own that Briefing reads into its file of the same name.
MERGED = ("_redirects", "_headers")


def claim_all(files: Files, config, own: dict[str, str], listings: dict, search_bundles: list[str],
              ) -> tuple[Outputs, list[Problem]]:
    """The registry of the site's files but the briefs' redirects. `own`: Briefing's outputs,
    path -> owner; `listings`: its generated pages by src_uri; `search_bundles`: the folder
    of each language's search index ("pagefind", "de/pagefind"), if any. Files of MERGED
    are taken out of `files` (read, not copied)."""
    outputs, problems = Outputs(), []
    docs = Path(config.docs_dir)
    own = dict(own)
    own["_redirects"] = "Briefing's redirect rules"  # with the site's own _redirects first
    own["_headers"] = "Briefing's response headers"  # likewise
    if not files.get_file_from_path("robots.txt"):  # else the site's own robots.txt is published
        own["robots.txt"] = "Briefing's robots.txt"
    for path, owner in own.items():
        outputs.claim(path, owner)
    for bundle in search_bundles:
        outputs.claim_folder(bundle, "Briefing's search index")
    outputs.claim_folder(pictures.FOLDER, "Briefing's pictures")
    shown = display_path(str(docs))
    inside = _Inside(config.docs_dir)
    for file in list(files):
        if file.src_uri in MERGED:  # read into Briefing's file of that name, not copied
            files.remove(file)
            continue
        if file.src_uri in listings:
            owner = f"Briefing's page {listings[file.src_uri].title!r}"
        elif file.generated_by:
            owner = f"the {file.generated_by} plugin's {file.src_uri}"
        elif os.path.normpath(file.src_dir) == os.path.normpath(config.docs_dir):
            owner = f"{shown}/{file.src_uri}"
            if not inside(file.abs_src_path):  # MkDocs would publish what the link points at
                problems.append(Problem(file.abs_src_path, 1, "file", (
                    "a link to outside content/ (expected a file inside content/, found a link to "
                    f"{os.path.realpath(file.abs_src_path)})")))
        else:
            owner = f"the theme's {file.src_uri}"
        if taken := outputs.claim(file.dest_uri, owner):
            if owner.startswith("the theme's") and own.get(file.dest_uri) == taken:
                files.remove(file)  # MkDocs' sitemap.xml template, say: Briefing writes its own
                continue
            problems.append(Problem(file.abs_src_path or str(docs / file.src_uri), 1, "file", (
                f"address already taken (expected an address of its own, found /{file.url}, "
                f"which is {taken})")))
    for template in (*config.theme.static_templates, *config.extra_templates):
        outputs.claim(template, f"the theme's {template}")
    return outputs, problems


def briefings_own(feeds: dict, pages: int, home: bool = False) -> dict[str, str]:
    """Briefing's own outputs (feeds and sitemaps), path -> owner, for `pages` pages in all;
    `home`: the root's page, when the default language has a folder of its own."""
    own = {"index.html": "Briefing's page to the default language's front page"} if home else {}
    for feed in feeds.values():
        own.update(feed.files())
    own.update(dict.fromkeys(sitemaps.files(pages), "Briefing's sitemap"))
    own[sitemaps.NEWS_SITEMAP] = "Briefing's news sitemap"
    return own


class _Inside:
    """Whether a file of content/ is inside it once links are followed: a symbolic link
    (to the file or to a folder on its way) may point anywhere. One lstat a file, one
    realpath a folder."""

    def __init__(self, root: str):
        self.root = os.path.realpath(root)
        self.folders: dict[str, bool] = {}

    def __call__(self, path: str) -> bool:
        if os.path.islink(path):
            return _within(os.path.realpath(path), self.root)
        folder = os.path.dirname(path)
        if folder not in self.folders:
            self.folders[folder] = _within(os.path.realpath(folder), self.root)
        return self.folders[folder]


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root + os.sep)
