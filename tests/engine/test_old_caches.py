"""A cache written by an older Briefing never breaks a build: it is read again, whatever
unpickling it raises (its classes may have moved since, or be gone), and the site is
the one a clean build gives."""

from __future__ import annotations

import pickle
import shutil
import sys
import types

import pytest

from conftest import GOOD_BRIEF, briefing, make_project


def older_layouts_pickle() -> bytes:
    """Briefs as Briefing before its layers pickled them: classes of `generator.brief`,
    a module that no longer exists."""
    module = types.ModuleType("generator.brief")

    class Brief:
        pass

    Brief.__module__, Brief.__qualname__ = "generator.brief", "Brief"
    module.Brief = Brief
    sys.modules["generator.brief"] = module
    try:
        return pickle.dumps(("an older version", {"2024/03/cranes.md": ("digest", None, Brief())}))
    finally:
        del sys.modules["generator.brief"]


DAMAGE = {
    "classes that moved": older_layouts_pickle,
    "cut short": lambda: pickle.dumps(("v", {"a": 1}))[:-5],
    "not a pickle": lambda: b"\x00not a pickle at all",
    "another shape": lambda: pickle.dumps(["v", 1, 2]),
}


@pytest.mark.parametrize("cache", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_brief_cache_of_an_older_briefing_is_read_again(tmp_path, cache):
    project = make_project(tmp_path / "project", {"2024/03/cranes.md": GOOD_BRIEF})
    first = briefing("build", cwd=project)
    assert first.returncode == 0, first.stderr
    clean = (project / "site/2024/03/cranes/index.html").read_bytes()
    (project / ".cache/briefing/briefs.pickle").write_bytes(cache())
    shutil.rmtree(project / ".cache/briefing/pages")  # the brief must be read, not its page reused
    again = briefing("build", cwd=project)
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    assert (project / "site/2024/03/cranes/index.html").read_bytes() == clean
