"""A build that fails or is stopped part-way leaves the published site exactly as it was."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, briefing, made_once

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import write_corpus  # noqa: E402


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def publish(folder: Path) -> None:
    root = write_corpus(400, folder / "project")
    assert briefing("build", cwd=root).returncode == 0
    # Without the cache the next build renders every page again, so it is stopped while page
    # workers are writing (a warm build copies pages and has almost nothing left to render).
    shutil.rmtree(root / ".cache")
    (root / "content/2016/01/extra-brief.md").write_text(
        "---\ntitle: Added later\ndate: 2016-01-02\nlead: L\n---\nBody\n"
    )


@pytest.fixture(scope="session")
def published_once(tmp_path_factory) -> Path:
    """The project `published` copies, built once a run."""
    return made_once(tmp_path_factory, "published", publish) / "project"


@pytest.fixture
def published(published_once, tmp_path):
    """A 400-brief site already built once, so a second build takes a few seconds: a copy of
    its own for each test."""
    root = Path(shutil.copytree(published_once, tmp_path / "project", symlinks=True))
    return root, snapshot(root / "site")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_a_build_stopped_part_way_leaves_the_site_as_it_was(published, stop):
    root, before = published
    # A shell running us in the background hands SIGINT down ignored; a terminal's Ctrl-C does not.
    build = subprocess.Popen([sys.executable, "-m", "generator.cli", "build"], cwd=root,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    # Until pages are being written (their folders are made ahead, so a folder says nothing).
    while not any(root.glob(".site.building-*/2016/*/*/index.html")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert build.poll() is None, "the build ended before it could be stopped"
    build.send_signal(stop)
    build.wait(timeout=60)
    assert build.returncode != 0
    assert snapshot(root / "site") == before
    if stop != signal.SIGKILL:  # a killed process cleans nothing; the next build does
        assert not list(root.glob(".site.building-*"))


def test_a_failing_build_leaves_the_site_and_the_next_build_cleans_up(published):
    root, before = published
    (root / ".site.building-99999").mkdir()  # left by a build that was killed
    (root / "content/2016/01/broken.md").write_text("no front matter\n")
    assert briefing("build", cwd=root).returncode == 1
    assert snapshot(root / "site") == before
    (root / "content/2016/01/broken.md").unlink()
    assert briefing("build", cwd=root).returncode == 0
    assert (root / "site/2016/01/extra-brief/index.html").is_file()
    assert not list(root.glob(".site.*"))


@pytest.fixture
def small_disk(tmp_path):
    """A 64 MB file system of its own (tmpfs), so a build can run out of space."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_build_that_runs_out_of_disk_leaves_the_site_as_it_was(small_disk):
    root = write_corpus(60, small_disk / "project")
    assert briefing("build", cwd=root).returncode == 0
    before = snapshot(root / "site")
    (root / "content/2016/01/extra-brief.md").write_text(
        "---\ntitle: Added later\ndate: 2016-01-02\nlead: L\n---\nBody\n"
    )
    # Leave about 1 MB free: less than a second copy of the site needs.
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    with open(small_disk / "filler", "wb") as filler:
        filler.truncate(0)
        filler.write(b"\0" * (free - 2**20))
    result = briefing("build", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "No space left on device" in result.stderr, result.stderr
    assert snapshot(root / "site") == before
    assert not list(root.glob(".site.*"))
