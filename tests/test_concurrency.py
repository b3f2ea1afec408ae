"""One build of a project at a time, and no process of a build outliving it.

Two builds started together both publish, one after the other; a build is refused while
a preview runs; a killed build's workers die with it; a build removes what killed builds
left and nothing of a live one; a read-only folder is one line of error.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import GOOD_BRIEF, ROOT, briefing, made_once, make_project, write
from test_atomic import published, published_once  # noqa: F401 - fixtures: 400 briefs built, no cache
from test_cache import assert_same_site, clean_build, snapshot
from test_serve import free_port

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import write_corpus  # noqa: E402

ADDED = "---\ntitle: Added later\ndate: 2016-01-02\nlead: Something happened.\n---\nBody\n"


def start(*args: str, cwd: Path, log: Path | None = None) -> subprocess.Popen:
    """The `briefing` command in the background; what it says goes to `log` (a pipe could fill)."""
    with open(log or os.devnull, "w") as out:  # the process keeps a copy of its own
        return subprocess.Popen([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)


def wait_for(condition, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def page(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url) as response:
            return response.read().decode()
    except OSError:
        return None


@pytest.fixture(scope="session")
def thousand(tmp_path_factory) -> Path:
    """1,000 briefs, never built: a cold build lasts a few seconds, long enough to meet."""
    made = made_once(tmp_path_factory, "thousand", lambda folder: write_corpus(1000, folder / "project"))
    return made / "project"


@pytest.fixture
def project(thousand, tmp_path) -> Path:
    return Path(shutil.copytree(thousand, tmp_path / "project"))


def test_two_builds_at_once_both_publish_the_later_with_the_newer_content(project, tmp_path):
    root = project
    first = start("build", cwd=root, log=tmp_path / "first.log")
    wait_for(lambda: any(root.glob(".site.building-*")), "the first build never began its site")
    write(root / "content/2016/01/added-later.md", ADDED)  # saved while the first build runs
    second = briefing("build", cwd=root)
    assert first.wait(timeout=300) == 0, (tmp_path / "first.log").read_text()
    assert second.returncode == 0, second.stderr
    assert f"waiting for another build of this project (pid {first.pid}) to finish" in second.stderr
    assert (root / "site/2016/01/added-later/index.html").is_file()
    assert_same_site(snapshot(root / "site"), clean_build(root, tmp_path))
    assert not list(root.glob(".site.*"))


@pytest.fixture
def preview(tmp_path):
    """`briefing serve` of a one-brief project: (project, its address, the server process)."""
    root = make_project(tmp_path / "project", {"2024/03/harbour.md": GOOD_BRIEF})
    url = f"http://127.0.0.1:{free_port()}/"
    server = start("serve", "-a", url[7:-1], cwd=root, log=tmp_path / "serve.log")
    try:
        wait_for(lambda: page(url + "2024/03/harbour/") or server.poll() is not None, "no preview")
        assert server.poll() is None, (tmp_path / "serve.log").read_text()
        yield root, url, server
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_build_while_a_preview_runs_is_refused_and_the_preview_goes_on(preview):
    root, url, server = preview
    busy = f"briefing serve (pid {server.pid}) is previewing this project; stop it, then"
    built = briefing("build", cwd=root)
    assert built.returncode == 1
    assert built.stderr == f"error: {busy} build\n"
    assert not (root / "site").exists()
    # MkDocs' own command runs the plugin, which holds the project the same way.
    mkdocs = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=root, capture_output=True, text=True)
    assert mkdocs.returncode == 1
    assert f"{busy} build" in mkdocs.stderr and "Traceback" not in mkdocs.stderr
    second = briefing("serve", "-a", f"127.0.0.1:{free_port()}", cwd=root)
    assert second.returncode == 1
    assert second.stderr == f"error: {busy} serve\n"
    brief = root / "content/2024/03/harbour.md"
    brief.write_text(brief.read_text().replace("Harbour cranes", "Harbour gantries"))
    wait_for(lambda: "Harbour gantries stand still" in (page(url + "2024/03/harbour/") or ""),
             "the preview stopped showing saves", seconds=30)


def test_a_preview_started_during_a_build_waits_for_it_then_holds_the_project(project, tmp_path):
    root = project
    build = start("build", cwd=root, log=tmp_path / "build.log")
    wait_for(lambda: any(root.glob(".site.building-*")), "the build never began its site")
    server = start("serve", "-a", f"127.0.0.1:{free_port()}", cwd=root, log=tmp_path / "serve.log")
    try:
        waiting = f"waiting for a build of this project (pid {build.pid}) to finish"
        wait_for(lambda: waiting in (tmp_path / "serve.log").read_text(), "the preview did not wait")
        assert build.wait(timeout=300) == 0, (tmp_path / "build.log").read_text()
        refused = briefing("build", cwd=root)  # the preview holds the project now
        assert refused.returncode == 1
        assert f"briefing serve (pid {server.pid}) is previewing this project" in refused.stderr
    finally:
        server.terminate()
        server.wait(timeout=20)


def children(pid: int) -> set[int]:
    """The processes `pid` started, and theirs, as the system lists them now."""
    found: set[int] = set()
    for listing in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found.update(int(child) for child in listing.read_text().split())
        except OSError:  # the thread ended meanwhile
            continue
    for child in list(found):
        found |= children(child)
    return found


def running(pids: set[int]) -> set[int]:
    """Those still running (a zombie has ended; nothing may reap it here)."""
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def test_killing_a_build_leaves_none_of_its_processes_running(published):
    root, _ = published
    build = start("build", "--workers", "2", cwd=root)
    # While the page workers render (the search indexer runs beside them).
    wait_for(lambda: any(root.glob(".site.building-*/2016/*/*/index.html")), "no page was written")
    family = children(build.pid)
    assert build.poll() is None and len(family) >= 2, "the build ended before it could be killed"
    build.kill()
    build.wait()
    try:
        deadline = time.monotonic() + 10
        while running(family) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not running(family), f"{len(running(family))} of the build's {len(family)} processes live on"
    finally:
        for pid in running(family):
            os.kill(pid, signal.SIGKILL)


def ended_process() -> int:
    """The id of a process that has ended: what a killed build leaves its files named by."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_a_build_removes_what_killed_builds_left_and_nothing_of_a_live_one(tmp_path):
    root = make_project(tmp_path / "project", {"2024/03/harbour.md": GOOD_BRIEF})
    trash = root / ".cache/briefing/old-sites"
    dead, live = ended_process(), os.getpid()  # this test's process stands for a live build
    names = (".site.building-{}/index.html", ".site.old-{}/index.html", ".cache/briefing/old-sites/reuse-{}/index.html")
    for pid in (dead, live):
        for name in names:
            write(root / name.format(pid), "a page")
    result = briefing("build", cwd=root)
    assert result.returncode == 0, result.stderr
    for name in names:
        assert not (root / name.format(dead)).parent.exists(), name.format(dead)
        assert (root / name.format(live)).read_text() == "a page", name.format(live)
    assert (root / "site/2024/03/harbour/index.html").is_file()
    assert trash.is_dir()


@pytest.fixture
def read_only_view(tmp_path):
    """A folder seen through a read-only mount: as root (the tests run as root in CI),
    permissions would not stop a write."""
    mounted: list[Path] = []

    def view(folder: Path) -> Path:
        target = tmp_path / f"read-only-{len(mounted)}"
        target.mkdir()
        for options in (["--bind", str(folder)], ["-o", "remount,bind,ro"]):
            done = subprocess.run(["mount", *options, str(target)], capture_output=True, text=True)
            if done.returncode != 0:
                pytest.skip(f"cannot mount a read-only folder here: {done.stderr.strip()}")
            if target not in mounted:
                mounted.append(target)
        return target

    yield view
    for target in mounted:
        subprocess.run(["umount", "-l", str(target)], check=False)


def assert_one_line_of_error(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: Read-only file system"), result.stderr


def test_a_read_only_project_is_one_line_of_error(tmp_path, read_only_view):
    root = write_corpus(100, tmp_path / "project")
    assert briefing("build", cwd=root).returncode == 0  # its cache and site are there, as in use
    assert_one_line_of_error(briefing("build", cwd=read_only_view(root)))


def test_a_read_only_site_folder_is_one_line_of_error(tmp_path, read_only_view):
    """The project can be written, its cache too; the folder the site goes into cannot,
    which the threads making the site's folders meet first."""
    root = write_corpus(100, tmp_path / "project")
    (tmp_path / "public").mkdir()
    out = read_only_view(tmp_path / "public")
    assert_one_line_of_error(briefing("build", "--site-dir", str(out / "site"), cwd=root))
