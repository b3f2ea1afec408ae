"""Reading every brief, fast: parsed on forked workers, or taken from the brief cache.

Only a name is handed to a worker, which reads the file itself: the parent never holds
every file at once (the memory of which would stay with it, and with the page workers
it forks). A brief whose file and pictures did not change since the last build is taken
as it was read then.
"""

from __future__ import annotations

import os
import pickle
from datetime import tzinfo
from functools import partial
from pathlib import Path

from generator.engine import hashing, processes
from generator.engine.files import write_whole
from generator.model.brief import Brief, Claims
from generator.model.reading import read
from generator.model.corpus import Corpus, clashes
from generator.model.problems import BriefingError, Problem, working_on


# Briefs are a few kilobytes; a file far larger is a mistake (a pasted archive, a
# binary saved as .md) and is refused before it is read.
MAX_BRIEF_BYTES = 1_000_000


def load(
    content_dir: Path, sources: list[str], zone: tzinfo, cache: BriefCache | None = None, save: bool = True,
    workers: int = 1,
) -> Corpus:
    """Read and check the given briefs; raise BriefingError with every problem found.

    With a cache, briefs whose file and pictures did not change since are not parsed again.
    """
    briefs, problems, _ = read_all(content_dir, sources, zone, cache, save, workers)
    if problems:
        raise BriefingError(problems)
    return Corpus(briefs, zone)


def read_all(
    content_dir: Path, sources: list[str], zone: tzinfo, cache: BriefCache | None = None, save: bool = True,
    workers: int = 1,
) -> tuple[list[Brief], list[Problem], list[Claims]]:
    """The briefs that are sound, every problem of the others and between them all, and
    the unsound briefs' claims (for the clashes found later, with the site's addresses).

    Briefs not in the cache are read and parsed on `workers` processes. Only a name is
    handed to a worker, which reads the file itself: the parent never holds every file
    at once (the memory of which would stay with it, and with the page workers it forks).
    """
    found: list[Brief | Claims | None] = []
    problems: list[Problem] = []
    unread: list[tuple[int, str]] = []
    for source in sources:
        if cache:
            raw, trouble = _read(content_dir, source)
            problems += trouble
            if raw is None:
                continue
            with working_on("reading", os.path.join(content_dir, source)):
                found.append(cache.get(source, raw, content_dir))
        else:
            found.append(None)
        if found[-1] is None:
            unread.append((len(found) - 1, source))
    for (number, source), (brief, brief_problems, digest, claims) in zip(
        unread, _parse(content_dir, unread, zone, workers)
    ):
        problems += brief_problems
        found[number] = brief or claims
        if brief and cache:
            cache.put(source, digest, brief, content_dir)
    briefs = [brief for brief in found if isinstance(brief, Brief)]
    unsound = [claims for claims in found if isinstance(claims, Claims)]
    if cache and save:
        cache.save(set(sources))
    # In the files' order, sound or not: a clash is named on the later file either way.
    return briefs, problems + clashes(content_dir, [b for b in found if b]), unsound


def _read(content_dir: Path, source: str) -> tuple[bytes | None, list[Problem]]:
    path = os.path.join(content_dir, source)  # a string: every brief is read at every build
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_BRIEF_BYTES:
                return None, [Problem(path, 1, "file", (
                    f"too large for a brief (expected at most {MAX_BRIEF_BYTES / 1e6:g} MB, "
                    f"found {size / 1e6:.1f} MB)"))]
            return file.read(), []
    except OSError as error:
        return None, [Problem(path, 1, "file", f"unreadable ({error.strerror})")]


# Briefs parsed per task of a worker process: few round trips, still balanced at the end.
PARSE_CHUNK = 250


def _parse(content_dir: Path, unread: list[tuple[int, str]], zone: tzinfo, workers: int):
    """(brief or None, problems, digest of the file, an unsound brief's claims) of each
    unread file, in order."""
    sources = [source for _, source in unread]
    chunks = [sources[start:start + PARSE_CHUNK] for start in range(0, len(sources), PARSE_CHUNK)]
    with processes.Forked(partial(_parse_chunk, content_dir, zone), chunks, workers) as forked:
        return [result for results in forked.results for result in results]


def _parse_chunk(
    content_dir: Path, zone: tzinfo, sources: list[str]
) -> list[tuple[Brief | None, list[Problem], str, Claims | None]]:
    results = []
    for source in sources:
        raw, problems = _read(content_dir, source)
        if raw is None:
            results.append((None, problems, "", None))
            continue
        path = str(content_dir / source)
        with working_on("reading", path):
            brief, problems, claims = read(content_dir, source, raw, zone, path)
        if brief:
            brief.digest  # hashed here, on a worker: it travels with the brief, into the cache too
        results.append((brief, problems, hashing.digest(raw), claims))
    return results


class BriefCache:
    """Briefs as read last time, by their file's digest and their pictures' sizes and times."""

    def __init__(self, path: Path, settings: str):
        self.path = path
        self.version = hashing.digest(hashing.of_code(), settings)
        self.known: dict[str, tuple[str, tuple | None, Brief]] = {}
        self.changed = False
        try:
            version, known = pickle.loads(path.read_bytes())
            if version == self.version:
                self.known = known
        except Exception:  # noqa: BLE001 - whatever unpickling a stranger's file raises
            # No cache yet, a damaged one, or an older Briefing's (whose classes may have
            # moved, or be gone): everything is read again.
            pass

    def get(self, source: str, raw: bytes, content_dir: Path) -> Brief | None:
        entry = self.known.get(source)
        if entry and entry[0] == hashing.digest(raw) and entry[1] == _stamp(entry[2], content_dir):
            return entry[2]
        return None

    def put(self, source: str, digest: str, brief: Brief, content_dir: Path) -> None:
        """Keep `brief`, read from a file whose bytes have this `hashing.digest`."""
        self.known[source] = (digest, _stamp(brief, content_dir), brief)
        self.changed = True

    def save(self, sources: set[str]) -> None:
        """Keep the briefs that still exist; written whole or not at all."""
        if self.changed or self.known.keys() - sources:
            self.known = {s: e for s, e in self.known.items() if s in sources}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_whole(self.path, pickle.dumps((self.version, self.known), pickle.HIGHEST_PROTOCOL))
            self.changed = False


def _stamp(brief: Brief, content_dir: Path) -> tuple | None:
    """Size and modification time of each picture the brief shows: each was read (the
    image's width, height and type, that the body's are pictures) with the brief."""
    shown = [picture.src for picture in ((brief.image,) if brief.image else ()) + brief.body_pictures]
    if not shown:
        return None
    stamps = []
    for src in shown:
        try:
            status = os.stat(os.path.join(content_dir, src))
        except OSError:
            return ()
        stamps.append((status.st_size, status.st_mtime_ns))
    return tuple(stamps)
