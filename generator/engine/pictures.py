"""The picture pipeline at work: every variant, crop and share card made once, on every
core, while the pages render, and linked into the site when the build finishes.

What to make is the plan's (outputs/pictures.py); the pixels are engine/encoding.py's.
Files are kept in a store, the cache's `pictures/` folder (without a cache, a work
folder in the site, gone when the build ends), a folder per picture and settings (named
by a digest), made whole in a folder of its own and then renamed into place: a folder
there is complete. So a warm build encodes nothing, a
changed picture (new bytes, a new name) is made alone, and a picture many briefs show
is made once. Files in the store are read-only: the site shares them by hard links.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import PIL  # the package alone, for its version: Pillow's modules load in the workers that encode

from generator.engine import cards, hashing
from generator.engine.files import link_or_copy, make_folder
from generator.engine.processes import Forked, alive
from generator.model.brief import Picture
from generator.model.problems import Problem
from generator.outputs import pictures as plan
from generator.outputs.pictures import Variant
from generator.outputs.site import Site

STORE = "pictures"  # in the cache folder


@dataclass(frozen=True)
class Job:
    """One folder of the store: the files of one picture, or one share card.

    Its files are worked out only when they are made or linked: a warm build finds
    most folders as they were, and needs no more than each folder's key and one name."""

    folder: str  # in the site: "assets/pictures/1a2b3c4d5e6f7a8b/"
    source: str = ""  # the picture's file; "" for a card
    shown: tuple[tuple[Picture, bool], ...] = ()  # the picture as each brief shows it (with crops?)
    card: tuple = ()  # a share card's cards.share_card arguments
    card_file: Variant | None = None

    @functools.cached_property
    def files(self) -> tuple[Variant, ...]:
        if self.card_file:
            return (self.card_file,)
        made = {}
        for picture, crops in self.shown:
            made.update((v.path, v) for v in (plan.every_file(picture) if crops else plan.variants(picture)))
        return tuple(made.values())

    @functools.cached_property
    def key(self) -> str:
        """Its folder in the store: a picture shown in new ways (a new crop) is made anew.
        What decides its files (plan.shape), hashed, not the files themselves: quicker."""
        made_with = cards.FONTS_PRESENT if self.card else PIL.__version__  # other fonts draw other cards
        return hashing.digest(self.folder, made_with, *sorted(repr(plan.shape(p, c)) for p, c in self.shown))

    @property
    def first(self) -> str:
        """The name of one of its files."""
        return "share.png" if self.card_file else os.path.basename(plan.smallest(self.shown[0][0]).path)


def jobs(sites: list[Site], content_dir: str) -> list[Job]:
    """Every folder of pictures the site's pages show, in every language (`sites`): each
    brief's image (with its crops) or share card, and the pictures bodies show."""
    if not sites[0].pictures:
        return []
    found: dict[str, tuple[str, dict[tuple, None]]] = {}  # folder -> (source, how it is shown)

    def add(picture: Picture, crops: bool) -> None:
        if plan.resized(picture):
            source = os.path.join(content_dir, picture.src)
            found.setdefault(plan.folder(picture), (source, {}))[1][(picture, crops)] = None

    made = []
    for site, brief in ((site, brief) for site in sites for brief in site.corpus.briefs):
        if brief.image:
            add(brief.image, True)
        elif card := plan.card(site, brief):
            folder = card.path.rpartition("/")[0] + "/"
            made.append(Job(folder, card=plan.card_inputs(site, brief), card_file=card))
        for picture in brief.body_pictures:
            add(picture, False)
    made += [Job(folder, source, tuple(shown)) for folder, (source, shown) in found.items()]
    return list({job.folder: job for job in made}.values())  # a card two briefs share, once


class PictureWork:
    """The files of one build's pictures: made in worker processes, then put in the site."""

    def __init__(self, cache: Path | None, workers: int, site_dir: str):
        self.temporary = cache is None
        self.store = cache / STORE if cache else Path(site_dir) / f".pictures-{os.getpid()}"
        self.workers = workers
        self.jobs: dict[str, Job] = {}
        self.made = 0  # folders made by this build (the others were in the store)
        self.placed: set[str] = set()  # files linked into the site, paths from its root
        self.kept: set[str] = set()  # folders of the site already holding their files (see _linked)
        self._forked: Forked | None = None

    def start(self, jobs: list[Job]) -> None:
        """Begin making what the store lacks."""
        self.jobs = {job.key: job for job in jobs}
        self.store.mkdir(parents=True, exist_ok=True)
        stored = set(os.listdir(self.store))
        todo = [job for job in self.jobs.values() if job.key not in stored]
        self.made = len(todo)
        if todo:
            store = str(self.store)
            self._forked = Forked(lambda job: _make(job, store), todo, self.workers)

    def finish(self, site_dir: str, prune: bool, before: set[str] | None = None) -> list[Problem]:
        """Wait for the files and link them into the site; the problem of each picture that
        could not be made. `prune`: the store keeps only this build's files; `before`: the
        files a preview's last build placed in the same site, removed if no page shows them."""
        failed = {}
        if self._forked:
            with self._forked as forked:
                failed = {key: error for key, error in forked.results if error}
            self._forked = None
        for job in self.jobs.values():
            if job.key in failed:
                continue
            folder, made = os.path.join(site_dir, job.folder), os.path.join(self.store, job.key)
            if _linked(folder, made, job.first):  # a reused site folder's: these very files
                self.kept.add(folder.rstrip("/"))
            else:
                make_folder(os.path.dirname(folder.rstrip("/")))
                make_folder(folder)
                for variant in job.files:
                    name = os.path.basename(variant.path)
                    link_or_copy(os.path.join(made, name), os.path.join(folder, name))
            if before is not None:  # a preview's, which removes what it no longer shows
                self.placed.update(v.path for v in job.files)
        for path in (before or set()) - self.placed:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(site_dir, path))
            with contextlib.suppress(OSError):  # its folder, once empty
                os.rmdir(os.path.dirname(os.path.join(site_dir, path)))
        self.close(keep_only=prune and not failed)
        return [Problem(self.jobs[key].source, 1, "file", f"cannot be made smaller: {error}")
                for key, error in failed.items()]

    def summary(self) -> str:
        pictures = sum(1 for job in self.jobs.values() if not job.card)
        cards = len(self.jobs) - pictures
        return (f"Pictures: {pictures:,} made for every screen and {cards:,} share card"
                f"{'s' if cards != 1 else ''}; {self.made:,} of them new, the rest from the cache.")

    def cancel(self) -> None:
        if self._forked:
            self._forked.close()
            self._forked = None
        self.close(keep_only=False)

    def close(self, keep_only: bool) -> None:
        """A temporary store removed; a cache's pruned of what this build did not use."""
        if self.temporary:
            shutil.rmtree(self.store, ignore_errors=True)
        elif keep_only:
            for entry in self.store.iterdir() if self.store.is_dir() else ():
                if hashing.is_digest(entry.name) and entry.name not in self.jobs or _left(entry.name):
                    shutil.rmtree(entry, ignore_errors=True)


def _make(job: Job, store: str) -> tuple[str, str]:
    """Make one folder of the store; (its key, what went wrong or "")."""
    from generator.engine import encoding

    work = tempfile.mkdtemp(prefix=f".making-{os.getpid()}-", dir=store)
    try:
        if job.card:
            _write(work, job.files[0], cards.share_card(*job.card))
        else:
            _make_picture(job, work)
        try:
            os.rename(work, os.path.join(store, job.key))
        except OSError:  # made meanwhile by another build: the same files
            shutil.rmtree(work, ignore_errors=True)
    except encoding.BadPicture as error:
        shutil.rmtree(work, ignore_errors=True)
        return job.key, f"{error.problem} ({error.found})"
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return job.key, ""


def _make_picture(job: Job, work: str) -> None:
    """Every file of one picture, each made from the next larger one, and each crop from the
    smallest of them that still holds it whole: quicker, and the same look."""
    from generator.engine import encoding

    whole = [v for v in job.files if v.ratio is None]
    image = encoding.load(job.source, smallest=max((v.width for v in job.files), default=0))
    sizes = [image]  # the picture at each width made, widest first
    for variant in sorted(whole, key=lambda v: -v.width):
        if sizes[-1].width != variant.width:
            sizes.append(encoding.resized(sizes[-1], variant.width))
        _write(work, variant, encoding.encode(sizes[-1], variant.format))
    for variant in job.files:
        if variant.ratio is not None:
            rw, rh = variant.ratio  # the crop's share of the picture's width, at any size
            share = min(1.0, image.height * rw / rh / image.width)
            base = min((s for s in sizes if s.width * share >= variant.width), key=lambda s: s.width)
            part = encoding.cropped(base, variant.width, variant.height, variant.focus)
            _write(work, variant, encoding.encode(part, variant.format))


def _linked(folder: str, made: str, name: str) -> bool:
    """Whether a site's folder holds the files of the store's folder, and only those.

    A build writing over the site two builds ago (cli, sitefolder) finds most picture
    folders there already: the store's files, linked. One file the same as the store's
    says the folder was linked from this store folder, whole, by a build that finished
    (a store folder is made once and named by its files, which never change); the site
    sweep keeps such folders as they are, saving some 20 links a picture."""
    try:
        return os.stat(os.path.join(folder, name)).st_ino == os.stat(os.path.join(made, name)).st_ino
    except OSError:
        return False


def _left(name: str) -> bool:
    """Whether this is a work folder (.making-<pid>-...) a killed build left."""
    pid = name.split("-")[1] if name.startswith(".making-") else ""
    return pid.isdigit() and not alive(int(pid))


def _write(work: str, variant: Variant, data: bytes) -> None:
    path = os.path.join(work, os.path.basename(variant.path))
    with open(path, "wb") as out:
        out.write(data)
    os.chmod(path, 0o444)
