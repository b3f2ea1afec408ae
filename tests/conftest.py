"""Shared helpers: throwaway sites built with the real `briefing` command."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import settings as hypothesis_settings

# Nothing of a test run is kept for the next: no database of examples in .hypothesis/.
hypothesis_settings.register_profile("briefing", database=None)
hypothesis_settings.load_profile("briefing")

ROOT = Path(__file__).resolve().parent.parent

GOOD_BRIEF = """\
---
title: Harbour cranes stand still
date: 2024-03-04T08:00:00+01:00
lead: Dock workers stopped work for a day over shift rules.
authors: [ab]
agencies: [AP]
topics: [Economy]
---

## What happened

The port was quiet.
"""


# A 1x1 transparent PNG: an image file for briefs (and far under 1200 px wide).
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def make_project(root: Path, briefs: dict[str, str | bytes], **config: str) -> Path:
    """A site folder using the repository's theme: mkdocs.yml plus content/<path> files."""
    settings = {"site_url": "https://news.example.org/", **config}
    write(
        root / "mkdocs.yml",
        "\n".join(f"{key}: {value}" for key, value in settings.items())
        + f"""
site_name: Test briefing
docs_dir: content
theme:
  name: material
  custom_dir: {ROOT / 'theme'}
  font: false
  features: [navigation.tabs]
plugins:
  - briefing:
      timezone: Europe/Berlin
""",
    )
    (root / "content").mkdir(parents=True, exist_ok=True)
    for source, text in briefs.items():
        write(root / "content" / source, text)
    return root


def briefing(*args: str, cwd: Path, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the real `briefing` command line in a site folder."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        timeout=300,
    )


def refused(project: Path) -> list[str]:
    """What `briefing check` and `briefing build` print when both refuse the project (exit
    status 1): their standard error, check's first. One list of rules: both must say it."""
    said = []
    for command in ("check", "build"):
        result = briefing(command, cwd=project)
        assert result.returncode == 1, result.stdout
        said.append(result.stderr)
    return said


# --- made once a run, for every worker ---------------------------------------------------


@contextmanager
def locked(path: Path):
    """Holds `path` locked (flock) against the other workers of the run while in the block."""
    with open(path, "a") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder `make` fills once for the whole run: with pytest-xdist, by the first worker that
    asks, while the others wait for it, then read the same one (in one process, a temporary
    folder as any). Only for what tests only read: a test that changes it changes a copy."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    run = tmp_path_factory.getbasetemp().parent  # this run's, shared by its workers
    folder, done = run / name, run / f"{name}.done"
    with locked(run / f"{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a worker that failed left
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def build_sample(folder: Path, out: Path, *args: str) -> None:
    """The repository's sample project built into `out`, from a copy of it in `folder`:
    its cache is the run's, so nothing of one test run is kept for the next."""
    project = folder / "project"
    for part in ("content", "theme"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    result = briefing("build", *args, "--site-dir", str(out), cwd=project)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's sample content, built once with `briefing build`."""
    return made_once(tmp_path_factory, "sample", lambda folder: build_sample(folder, folder / "site")) / "site"


SUB_PATH_URL = "https://example.org/news/briefs/"


@pytest.fixture(scope="session")
def sub_path_host(tmp_path_factory) -> Path:
    """A host's folder with the sample site built for SUB_PATH_URL in its news/briefs/."""
    return made_once(tmp_path_factory, "sub-path", lambda folder: build_sample(
        folder, folder / "host/news/briefs", "--base-url", SUB_PATH_URL)) / "host"


# --- a real browser on the built sample site ----------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from browser import chromium

    with chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def base_url(sample_site):
    from browser import serve_folder

    with serve_folder(sample_site) as url:
        yield url


@pytest.fixture
def tab(browser):
    """A fresh desktop-sized tab; waits give up after 10 s instead of Playwright's 30."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# --- tests that measure time run alone --------------------------------------------------
#
# A test marked `alone` compares durations (a build against a build, short text against
# long): with pytest-xdist, what another worker runs meanwhile would be in its figures.
# While it runs, no other worker runs a test: they wait at a turnstile. A worker that runs
# several such tests one after another keeps the machine from the first to the last.


def pytest_configure(config):
    config.addinivalue_line("markers", "alone: no other worker runs a test meanwhile (timings)")


class _Turns:
    """Every test holds `run` shared, one marked alone holds it exclusively; `gate`, taken
    on the way in, keeps new tests from slipping past one waiting to run alone."""

    def __init__(self, folder: Path):
        self.gate = open(folder / "alone.gate", "a")
        self.run = open(folder / "alone.run", "a")
        self.alone = False

    def enter(self, alone: bool) -> None:
        if alone and self.alone:
            return  # kept from the test before
        fcntl.flock(self.gate, fcntl.LOCK_EX)
        fcntl.flock(self.run, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        fcntl.flock(self.gate, fcntl.LOCK_UN)
        self.alone = alone

    def leave(self, keep: bool) -> None:
        if not keep:
            fcntl.flock(self.run, fcntl.LOCK_UN)
            self.alone = False


def _is_alone(item) -> bool:
    return item is not None and item.get_closest_marker("alone") is not None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return (yield)
    config = item.config
    if not hasattr(config, "_briefing_turns"):  # in the run's folder, as made_once's
        config._briefing_turns = _Turns(config._tmp_path_factory.getbasetemp().parent)
    turns = config._briefing_turns
    turns.enter(_is_alone(item))
    try:
        return (yield)
    finally:
        turns.leave(keep=_is_alone(item) and _is_alone(nextitem))
