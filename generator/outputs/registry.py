"""Every file a build writes into the site, with who writes it: one registry.

Each writer claims its paths here before anything is written: MkDocs' files (the
site's own pages and pictures, the theme's assets, Briefing's pages), the theme's
templates (404.html), Briefing's outputs (feeds, sitemaps, robots.txt, redirect
rules, the search bundle's folder), and last the addresses briefs ask for (shortlinks,
redirect_from). A path has one owner: a later claim on it, on a folder holding it or
on a file where it needs a folder is refused, naming the owner, so a brief cannot
replace a feed, and no writer can overwrite another's file. Every path goes through
addresses.site_path, the one rule for staying inside the site. A new output (a
picture variant, a language's feed) is reserved by being claimed, not by a list.
"""

from __future__ import annotations

from generator.model.addresses import site_path


class Outputs:
    def __init__(self) -> None:
        self._files: dict[str, str] = {}  # path in the site -> owner
        self._folders: dict[str, str] = {}  # folders whole, "pagefind" -> owner
        self._parents: dict[str, str] = {}  # folder -> the owner of a file in it (the first)

    def claim(self, path: str, owner: str) -> str | None:
        """Reserve the file `path` (inside the site, no leading slash) for `owner`; None
        when it is now theirs, else the owner who stands in the way."""
        path = site_path(path)
        taken = self._blocking(path)
        if taken is not None:
            return None if taken == owner and self._files.get(path) == owner else taken
        self._files[path] = owner
        end = path.rfind("/")
        while end > 0 and path[:end] not in self._parents:
            self._parents[path[:end]] = owner
            end = path.rfind("/", 0, end)
        return None

    def claim_folder(self, folder: str, owner: str) -> str | None:
        """Reserve a folder and everything that will be in it (files not known in advance)."""
        folder = site_path(folder)
        taken = self._blocking(folder) or self._parents.get(folder)
        if taken is not None:
            return taken
        self._folders[folder] = owner
        return None

    def owner(self, path: str) -> str | None:
        """Who writes `path` (or the folder it is in)."""
        if path in self._files:
            return self._files[path]
        return self._folder_owner(path)

    def _blocking(self, path: str) -> str | None:
        """The owner of `path`, of a folder holding it, of a file where one of its folders
        would be, or of a file inside it (were it to be a file)."""
        if path in self._files:
            return self._files[path]
        if path in self._parents:  # a folder of someone's files
            return self._parents[path]
        return self._folder_owner(path)

    def _folder_owner(self, path: str) -> str | None:
        files, folders = self._files, self._folders
        end = path.rfind("/")
        while end > 0:
            folder = path[:end]
            if folder in folders:
                return folders[folder]
            if folder in files:  # a file where a folder would have to be
                return files[folder]
            end = path.rfind("/", 0, end)
        return None

    def copy(self) -> Outputs:
        copied = Outputs()
        copied._files, copied._folders, copied._parents = (
            dict(self._files),
            dict(self._folders),
            dict(self._parents),
        )
        return copied

    def __contains__(self, path: str) -> bool:
        return self.owner(path) is not None
